"""A run's configuration, checked once and resolved: the value every part of a run is handed.

:func:`resolve` checks every value's type, range and choice (from the metadata
:func:`sim.config.param` declares), the rules that tie keys together (a design's own rules
come from its registry entry, ``sim.mechanisms.designs.DESIGNS``), and whether the run fits
in memory; for ``org=roster`` it reads the roster and sizes the organisation from it. The
result, a :class:`Resolved`, is what the model, the run and the studies take: nothing
downstream checks the config again.
"""

from __future__ import annotations

import copy
import dataclasses
import math
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sim import checkpoint
from sim.config import ConfigError, SimConfig, format_bound, format_value, has_role, iter_fields, with_overrides
from sim.inputs import leavers
from sim.inputs.leavers import LeaverFit
from sim.inputs.network_file import Edges, load_edges
from sim.inputs.roster import Roster, load_roster, require_size
from sim.mechanisms.designs import DESIGNS, has_programme
from sim.mechanisms.headcount import new_seats
from sim.mechanisms.turnover import MIN_RATE_ANNUAL
from sim.units import WEEKS_PER_YEAR


@dataclass(frozen=True)
class Resolved:
    """A checked configuration and what resolving it read (the roster, for ``org=roster``).

    Attributes:
        config: the configuration the run uses; for a roster, its sizes (``org.n_employees``,
            ``org.levels``, ``org.n_skills``) are the file's.
        asked: the configuration as asked for, before a roster set the sizes (what a run's
            ``config_hash`` fingerprints, with the roster file's content); ``config`` itself
            where resolving changed nothing.
        roster: the roster read from ``org.roster_path``, or None for a synthetic organisation.
        leavers: the turnover fitted to ``org.leavers_path``, or None.
        network: the ties read from ``org.network_path``, or None (the network is generated).
    """

    config: SimConfig
    asked: SimConfig
    roster: Roster | None = None
    leavers: LeaverFit | None = None
    network: Edges | None = None  # the informal network from org.network_path, over the roster's rows

    def with_values(self, values: dict[str, Any]) -> Resolved:
        """The same run with plain values changed that no cross-key rule reads (a study's sample row).

        The values must lie in their keys' ranges; the caller (``sim.sampling``)
        guarantees it, and its test checks it.
        """
        config = with_overrides(self.config, values)
        asked = config if self.asked is self.config else with_overrides(self.asked, values)
        return dataclasses.replace(self, config=config, asked=asked)


def resolve(cfg: SimConfig) -> Resolved:
    """Check ``cfg`` and resolve it (a private copy: ``cfg`` itself is not changed).

    Raises:
        ConfigError: naming the first offending key, its value and what is allowed.
        sim.inputs.roster.RosterError: naming the file, row and column of a roster's first problem.
    """
    cfg = with_overrides(cfg, {})
    check(cfg, sized=cfg.org.kind != "roster")
    _locate_saved_states(cfg)
    if cfg.org.kind != "roster":
        return _check_saved_states(Resolved(cfg, cfg))
    as_of = date.fromisoformat(cfg.org.roster_date) if cfg.org.roster_date else None
    columns = {k: v for k, v in dataclasses.asdict(cfg.org.roster_columns).items() if v}
    roster = require_size(_read_roster(cfg.org.roster_path, columns, as_of), cfg.org.roster_path)
    if roster.tenure_as_of is not None:  # a roster of hire dates: the run records the date tenure was counted to
        cfg.org.roster_date = roster.tenure_as_of
    asked = with_overrides(cfg, {})
    cfg.org.n_employees = roster.n
    cfg.org.levels = int(roster.level.max()) + 1
    if roster.skill_names:
        cfg.org.n_skills = len(roster.skill_names)
    fitted = _fit_leavers(cfg, roster, as_of)
    edges = load_edges(cfg.org.network_path, roster) if cfg.org.network_path else None
    if edges is not None and edges.notes:  # the run's notes on its files (summary.json, the printout)
        roster = dataclasses.replace(roster, notes=roster.notes + edges.notes)
    check(cfg)  # the sizes now come from the file
    return _check_saved_states(Resolved(cfg, asked, roster, fitted, edges))


#: Rosters read by this process, by file (path, size, modification time) and reading options: a sweep
#: worker resolves every job of a study from the same file (about 12 ms a read at 289 rows).
_ROSTERS: dict[tuple[Any, ...], Roster] = {}


def _read_roster(path: str, columns: dict[str, str], as_of: date | None) -> Roster:
    """:func:`load_roster`, read once per file and options in a process (each caller gets its own copy)."""
    file = Path(path)
    try:
        stat = file.stat()
    except OSError:
        return load_roster(path, columns, as_of)  # its error names the file
    key = (str(file.resolve()), stat.st_size, stat.st_mtime_ns, tuple(sorted(columns.items())), as_of or date.today())
    if key not in _ROSTERS:
        if len(_ROSTERS) >= 8:
            _ROSTERS.clear()
        _ROSTERS[key] = load_roster(path, columns, as_of)
    return copy.deepcopy(_ROSTERS[key])


def _fit_leavers(cfg: SimConfig, roster: Roster, as_of: date | None) -> LeaverFit | None:
    """Fit the organisation's own turnover to its leavers file (``org.leavers_path``) and use it in ``cfg``.

    The fitted turnover keys replace the configured ones; a robustness study holds them (``scenario.pinned``).
    """
    if not cfg.org.leavers_path:
        return None
    if roster.tenure_as_of is not None:
        as_of = date.fromisoformat(roster.tenure_as_of)
    if as_of is None:
        raise ConfigError(
            f"org.leavers_path={cfg.org.leavers_path!r}: needs the date the roster's tenures are counted to; set "
            "org.roster_date=YYYY-MM-DD (or give hire dates in the roster)"
        )
    fitted = leavers.fit(leavers.load_leavers(cfg.org.leavers_path, as_of), roster.tenure_weeks)
    for key, value in fitted.values().items():
        setattr(cfg.turnover, key.split(".", 1)[1], value)
    if "turnover.rate_annual" not in cfg.scenario.pinned:  # the one fitted key a robustness study samples
        cfg.scenario.pinned = [*cfg.scenario.pinned, "turnover.rate_annual"]
    return fitted


def _locate_saved_states(cfg: SimConfig) -> None:
    """Name the checkpoint files ``checkpoint.resume`` and ``warm_start`` point to (a directory: its latest)."""
    for key, node, leaf in (("checkpoint.resume", cfg.checkpoint, "resume"), ("warm_start", cfg, "warm_start")):
        given = getattr(node, leaf)
        if given:
            try:
                setattr(node, leaf, str(checkpoint.locate(given)))
            except checkpoint.CheckpointError as exc:
                raise ConfigError(f"{key}={given!r}: {exc.reason}") from None


def _check_saved_states(run: Resolved) -> Resolved:
    """Refuse a checkpoint this run cannot go on from, or a state it cannot warm-start from."""
    cfg = run.asked
    for key, given, check in (
        ("checkpoint.resume", cfg.checkpoint.resume, checkpoint.check_resume),
        ("warm_start", cfg.warm_start, checkpoint.check_warm_start),
    ):
        if not given:
            continue
        try:
            meta = checkpoint.read_meta(given)
        except checkpoint.CheckpointError as exc:
            raise ConfigError(f"{key}={given!r}: {exc.reason}") from None
        try:
            check(meta, cfg, Path(given))
        except checkpoint.CheckpointError as exc:
            raise ConfigError(str(exc)) from None
    return run


def check_field(key: str, value: Any, f: dataclasses.Field) -> None:
    """Check one value against its field's type, choices and range."""
    meta = f.metadata
    if f.type in ("int", int) and (isinstance(value, bool) or not isinstance(value, int)):
        raise ConfigError(f"{key}={format_value(value)}: must be an integer")
    if f.type in ("float", float):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ConfigError(f"{key}={format_value(value)}: must be a finite number")
    if f.type in ("bool", bool) and not isinstance(value, bool):
        raise ConfigError(f"{key}={format_value(value)}: must be true or false")
    if meta.get("choices") is not None and value not in meta["choices"]:
        raise ConfigError(f"{key}={format_value(value)}: must be one of {', '.join(meta['choices'])}")
    lo, hi = meta.get("lo"), meta.get("hi")
    if lo is not None and hi is not None and not (lo <= value <= hi):
        raise ConfigError(f"{key}={format_value(value)}: must be between {format_bound(lo)} and {format_bound(hi)}")


def check(cfg: SimConfig, sized: bool = True) -> None:
    """Check every value's type and range, and the rules that tie values together.

    With ``sized=False`` (a roster not yet read) the rules that need the organisation's
    sizes, such as one salary per level, wait for the sizes the file gives.

    Raises:
        ConfigError: naming the first offending key, its value and what is allowed.
    """
    for key, value, f in iter_fields(cfg):
        check_field(key, value, f)
    org, prog, net = cfg.org, cfg.program, cfg.network
    if not re.fullmatch(r"[A-Za-z0-9._-]*", cfg.outputs.run_prefix):
        raise ConfigError(
            f"outputs.run_prefix={cfg.outputs.run_prefix!r}: part of a run's name; use letters, digits, '.', '-' or '_'"
        )
    comparable = [k for k, _, _ in iter_fields(cfg) if not has_role(k, "output")]
    if cfg.report.compare not in comparable:
        raise ConfigError(
            f"report.compare={cfg.report.compare!r}: must be a config key such as program.design, "
            "matching.strategy or turnover.rate_annual (docs/configuration.md lists them)"
        )
    if org.roster_date and not _is_iso_date(org.roster_date):
        raise ConfigError(f"org.roster_date={org.roster_date!r}: must be a date as YYYY-MM-DD, e.g. 2026-01-31")
    if org.leavers_path and org.kind != "roster":
        raise ConfigError(
            f"org.leavers_path={org.leavers_path!r}: your leavers go with your roster; add org=roster "
            "org.roster_path=FILE.csv"
        )
    if org.network_path and org.kind != "roster":
        raise ConfigError(
            f"org.network_path={org.network_path!r}: your network's ids are your roster's; add org=roster "
            "org.roster_path=FILE.csv"
        )
    if org.kind == "roster" and not org.roster_path:
        raise ConfigError("org.roster_path='': org=roster needs a CSV file, e.g. org.roster_path=examples/roster.csv")
    if org.n_employees < org.levels:
        raise ConfigError(
            f"org.n_employees={org.n_employees}: must be at least org.levels ({org.levels}), one person per level"
        )
    if net.kind == "small_world" and net.mean_degree >= org.n_employees:
        raise ConfigError(f"network.mean_degree={net.mean_degree}: must be below org.n_employees ({org.n_employees})")
    if net.kind == "scale_free" and net.attach_m >= org.n_employees:
        raise ConfigError(f"network.attach_m={net.attach_m}: must be below org.n_employees ({org.n_employees})")
    hc = cfg.headcount
    if 1.0 + hc.change_per_year * hc.weeks / WEEKS_PER_YEAR < 0.1:
        raise ConfigError(
            f"headcount.change_per_year={format_value(hc.change_per_year)} over headcount.weeks={hc.weeks}: the plan "
            "would cut more than nine in ten people; shorten headcount.weeks or cut less a year"
        )
    if net.fade_years > 0 and not net.personal:
        raise ConfigError(
            f"network.fade_years={format_value(net.fade_years)}: ties that fade are made again only by people who "
            "hold their own contacts; add network.personal=true (or leave network.fade_years=0)"
        )
    rate = cfg.turnover.rate_annual
    if 0.0 < rate < MIN_RATE_ANNUAL:
        raise ConfigError(
            f"turnover.rate_annual={format_value(rate)}: must be 0 (no turnover) or at least "
            f"{format_bound(MIN_RATE_ANNUAL)} (a mean tenure of at most 100 years)"
        )
    if cfg.knowledge.fast_skill >= org.n_skills and org.kind != "roster":
        raise ConfigError(
            f"knowledge.fast_skill={cfg.knowledge.fast_skill}: must be below org.n_skills ({org.n_skills}), or -1 for none"
        )
    _check_practice(cfg)
    _check_economics(cfg, sized)
    to = cfg.turnover
    if to.quit_share + to.retirement_share > 1.0 + 1e-12:
        raise ConfigError(
            f"turnover.retirement_share={format_value(to.retirement_share)}: quits "
            f"({format_value(to.quit_share)}) and retirements together must be at most 1 of separations "
            "(the rest are layoffs and discharges)"
        )
    if cfg.outputs.store and (cfg.outputs.employees or cfg.outputs.csv):
        extra = "outputs.employees=true" if cfg.outputs.employees else "outputs.csv=true"
        raise ConfigError(
            f"{extra}: a store (outputs.store=true) keeps timeseries and summaries only; "
            "write run directories (outputs.store=false) for that file"
        )
    design = DESIGNS[prog.design]
    if prog.external_mentors > 0 and not design.external_mentors:
        takers = " or ".join(f"program={d.name}" for d in DESIGNS.values() if d.external_mentors)
        raise ConfigError(
            f"program.external_mentors={prog.external_mentors}: external mentors take mentees only in "
            f"{takers} (this run: {prog.design})"
        )
    problem = _programme_problem(cfg) or (design.check(cfg) if design.check else None)
    if problem:
        raise ConfigError(problem)
    needed, available = estimated_bytes(cfg), memory_bytes()
    if needed > 0.75 * available:
        raise ConfigError(
            f"org.n_employees={org.n_employees}: needs about {needed / 2**30:.1f} GiB, more than 75% of this "
            f"machine's {available / 2**30:.0f} GiB (lower org.n_employees, org.n_skills, the network's degree "
            "or a growth plan's headcount.change_per_year x headcount.weeks)"
        )


def _programme_problem(cfg: SimConfig) -> str | None:
    """Why a run's programme could never form a tie because nobody volunteers, else None.

    (A programme that starts after the run's last week is not refused: a sweep over the start may reach past
    the end, and the run's printout says that no meeting was held.)
    """
    prog = cfg.program
    if not has_programme(prog.design):
        return None
    if prog.opt_in_rate <= 0:
        return (
            f"program.opt_in_rate=0: nobody volunteers, so program.design={prog.design} cannot form a tie; "
            "set a share above 0 (the default is 0.5), or program=none for no programme"
        )
    return None


def _check_practice(cfg: SimConfig) -> None:
    pr, org = cfg.practice, cfg.org
    if not pr.experts:
        return
    if pr.skill >= org.n_skills and org.kind != "roster":
        raise ConfigError(
            f"practice.skill={pr.skill}: must be below org.n_skills ({org.n_skills}), or -1 for the last skill"
        )
    skill = org.n_skills - 1 if pr.skill < 0 else pr.skill
    if skill == cfg.knowledge.fast_skill:
        raise ConfigError(
            f"practice.skill={pr.skill}: skill {skill} is already the fast-changing skill (knowledge.fast_skill); "
            "choose another skill for the new practice, or knowledge.fast_skill=-1"
        )
    if cfg.warm_start:
        raise ConfigError(
            f"practice.experts={pr.experts}: a warm start keeps the saved organisation's knowledge; "
            "the new practice needs a newly built organisation (drop warm_start)"
        )


def _check_economics(cfg: SimConfig, sized: bool) -> None:
    econ = cfg.economics
    if not (len(econ.currency) == 3 and econ.currency.isalpha() and econ.currency.isupper()):
        raise ConfigError(
            f"economics.currency={econ.currency!r}: must be a three-letter ISO code in capitals, such as USD, EUR or GBP"
        )
    salaries = econ.salary_by_level
    for i, s in enumerate(salaries):
        if isinstance(s, bool) or not isinstance(s, (int, float)) or not math.isfinite(s) or s < 0:
            raise ConfigError(f"economics.salary_by_level[{i}]={s!r}: must be a number of at least 0 (a year's salary)")
    if sized and salaries and len(salaries) != cfg.org.levels:
        where = f"the roster {cfg.org.roster_path} has" if cfg.org.kind == "roster" else "org.levels:"
        raise ConfigError(
            f"economics.salary_by_level has {len(salaries)} figures: needs one per level, front line first "
            f"({where} {cfg.org.levels} levels)"
        )


def _is_iso_date(text: str) -> bool:
    try:
        return len(text) == 10 and date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


def estimated_bytes(cfg: SimConfig) -> float:
    """Rough peak memory of a run in bytes.

    Counts state arrays and step temporaries per employee and per informal tie, plus
    networkx's Python objects while the network is generated.
    """
    n, k = cfg.org.n_employees, cfg.org.n_skills
    ties = n * _mean_degree(cfg) / 2
    n += new_seats(cfg.headcount, n)  # a growth plan's seats are built with the organisation
    per_employee = 8 * 8 * k + 200  # ~8 float arrays of K skills, plus scalars and the Mesa agent
    per_tie = 100  # edge arrays and a step's contact draws and flows
    generator = 0 if cfg.network.kind == "teams" else 600 * n + 300 * ties  # networkx graph objects
    return n * per_employee + ties * per_tie + generator


def memory_bytes() -> float:
    """The physical memory of this machine in bytes (8 GiB where the system does not say)."""
    try:
        return float(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    except (ValueError, OSError, AttributeError):  # not POSIX: assume a modest machine
        return float(8 * 2**30)


def _mean_degree(cfg: SimConfig) -> float:
    net = cfg.network
    return {
        "small_world": net.mean_degree,
        "random": net.mean_degree,
        "scale_free": 2 * net.attach_m,
        "teams": net.between_team_degree + net.within_team_p * cfg.org.span_of_control,
    }[net.kind] + 2
