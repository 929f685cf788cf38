"""Command line: ``python -m sim [overrides]``, a Hydra app over ``configs/``.

Before Hydra creates a run directory, :func:`preflight` composes the configuration the
command asks for (every value of every sweep, for ``-m``) and checks it: a wrong key, type,
choice or range stops the command with one line naming the key, the value and what is
allowed, exit status 2, and nothing written.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
import os
import re
import sys
import time
import traceback
from pathlib import Path
from typing import Any, NamedTuple

import hydra
from hydra.core.hydra_config import HydraConfig
from hydra.types import RunMode
from omegaconf import DictConfig, OmegaConf

from sim import io
from sim.studies import sensitivity
from sim.config import ConfigError, SimConfig, iter_fields, register_schema, validate, with_overrides
from sim.mechanisms.roster import RosterError

EXIT_USAGE = 2
ENV_TOTAL = "MENTORING_SIM_SWEEP_TOTAL"  # runs in the current multirun, set by main()
ENV_START = "MENTORING_SIM_SWEEP_START"  # its start, seconds since the epoch
PREFLIGHT_ENV = "MENTORING_SIM_PREFLIGHT_DONE"  # read by hydra_plugins/mentoring_sim (skip Hydra's re-check)


def _find_config_dir() -> Path:
    here = Path(__file__).resolve().parents[1]  # the sim package
    for candidate in (here.parent / "configs", here / "_configs"):
        if (candidate / "config.yaml").is_file():
            return candidate
    raise FileNotFoundError(f"no configs/config.yaml beside {here}")


CONFIG_DIR = _find_config_dir()
register_schema()


class UserError(Exception):
    """A mistake in the command line, reported as one line without a traceback."""


# -- pre-flight validation -----------------------------------------------------------------


def _translate(exc: BaseException, override: str) -> str:
    """One line for a Hydra/OmegaConf composition error."""
    msg = str(exc)
    missing = re.search(r"Could not find '([^'/]+)/([^']+)'", msg)
    if missing:
        group, option = missing.groups()
        options = re.findall(r"^\t(\S+)$", msg.split("Config search path")[0], flags=re.M)
        allowed = ", ".join(options) if options else "see configs/" + group
        return f"{group}={option!r}: not a known {group}; choose one of: {allowed}"
    if "Ambiguous value" in msg:
        return f"{override}: a comma-separated list is a sweep; add -m (--multirun) to run one job per value"
    cause = exc.__cause__
    key = getattr(cause, "full_key", None)
    if cause is not None and key:
        text = str(cause).split("\n")[0]
        value = override.split("=", 1)[1] if "=" in override else ""
        if "not in" in text:
            parent = key.rsplit(".", 1)[0] if "." in key else None
            return f"{key}: not a known key{_known_keys(parent)}"
        kind = re.search(r"converted to (\w+)|not a valid (\w+)", text)
        expected = (kind.group(1) or kind.group(2)).lower() if kind else "another type"
        expected = {"integer": "an integer", "float": "a number", "bool": "true or false"}.get(expected, expected)
        return f"{key}={value!r}: must be {expected}"
    return msg.splitlines()[0] if msg else type(exc).__name__


def _known_keys(parent: str | None) -> str:
    node: Any = SimConfig()
    for part in parent.split(".") if parent else []:
        node = getattr(node, part, None)
        if node is None:
            return ""
    names = sorted(vars(node)) if hasattr(node, "__dataclass_fields__") else []
    return f"; known keys{' in ' + parent if parent else ''}: {', '.join(names)}" if names else ""


#: Launchers and sweepers that come from optional Hydra plugins: (plugin module, extra).
PLUGINS = {
    "hydra/launcher": {
        "slurm": ("hydra_plugins.hydra_submitit_launcher", "cluster"),
        "local_jobs": ("hydra_plugins.hydra_submitit_launcher", "cluster"),
        "submitit_slurm": ("hydra_plugins.hydra_submitit_launcher", "cluster"),
        "submitit_local": ("hydra_plugins.hydra_submitit_launcher", "cluster"),
        "ray": ("hydra_plugins.hydra_ray_launcher", "ray"),
        "ray_cluster": ("hydra_plugins.hydra_ray_launcher", "ray"),
    },
    "hydra/sweeper": {"optuna": ("hydra_plugins.hydra_optuna_sweeper", "optuna")},
}


def _plugin_missing(group: str, option: str) -> str | None:
    """One line if ``group=option`` needs a Hydra plugin that is not installed, else None."""
    module, extra = PLUGINS.get(group, {}).get(option, (None, None))
    if module is None or _installed(module):
        return None
    return f"{group}={option}: needs Hydra's {module.rsplit('.', 1)[-1]} plugin; pip install 'mentoring-sim[{extra}]'"


def _variants(overrides: list[Any]) -> list[list[str]]:
    """Override lists covering every value of every enumerable sweep at least once."""
    fixed: list[str] = []
    sweeps: list[tuple[str, list[str]]] = []
    for o in overrides:
        if o.is_sweep_override() and o.is_discrete_sweep() and not o.value_type.name.startswith("GLOB"):
            sweeps.append((o.get_key_element(), list(o.sweep_string_iterator())))
        elif not o.is_sweep_override():
            fixed.append(o.input_line)
    base = fixed + [f"{k}={vals[0]}" for k, vals in sweeps if vals]
    variants = [base]
    for i, (key, vals) in enumerate(sweeps):
        for v in vals[1:]:
            others = [f"{k}={vs[0]}" for j, (k, vs) in enumerate(sweeps) if j != i and vs]
            variants.append(fixed + others + [f"{key}={v}"])
    return variants


def to_sim_config(cfg: DictConfig) -> SimConfig:
    """The typed config of a composed Hydra config (unknown added keys are errors)."""
    known = set(SimConfig.__dataclass_fields__)
    extra = [k for k in cfg if k not in known]
    if extra:
        raise ConfigError(f"{extra[0]}: not a known key; known top-level keys: {', '.join(sorted(known))}")
    obj = OmegaConf.to_object(cfg)
    assert isinstance(obj, SimConfig)
    return obj


class Checked(NamedTuple):
    """What pre-flight learnt: the runs a multirun will launch, and its sweeper's class."""

    total: int | None = None  # None: a single run, or a sweeper (Optuna) that decides as it goes
    sweeper: str | None = None  # None: not a multirun pre-flight composed


def preflight(argv: list[str]) -> Checked:
    """Compose and validate what ``argv`` asks for; raise :class:`UserError` if anything is wrong."""
    from hydra import compose, initialize_config_dir
    from hydra._internal.utils import get_args_parser
    from hydra.core.override_parser.overrides_parser import OverridesParser
    from hydra.errors import OverrideParseException

    args = get_args_parser().parse_args(argv)
    if args.help or args.hydra_help or args.cfg or args.shell_completion or args.info or args.experimental_rerun:
        return Checked()  # Hydra prints something and runs nothing
    if args.config_path or args.config_dir or args.config_name:
        return Checked()  # a different config tree: let Hydra check it
    try:
        parsed = OverridesParser.create().parse_overrides(args.overrides)
    except OverrideParseException as exc:
        raise UserError(str(exc).splitlines()[0]) from None
    job = [o for o in parsed if not o.is_hydra_override()]
    if not args.multirun and any(o.is_sweep_override() for o in job):
        sweep = next(o for o in job if o.is_sweep_override())
        raise UserError(f"{sweep.input_line}: a sweep; add -m (--multirun) to run one job per value")
    for o in parsed:
        group = o.key_or_group.lstrip("+~")
        if group in PLUGINS and not o.is_sweep_override():
            problem = _plugin_missing(group, str(o.value()))
            if problem:
                raise UserError(problem)
    with initialize_config_dir(str(CONFIG_DIR), version_base="1.3"):
        checked = Checked()
        if args.multirun:
            swept, sweeper = _swept_in_files(job, [o.input_line for o in parsed if o.is_hydra_override()])
            job = job + swept
            checked = Checked(_count_runs(job), sweeper)
        variants = _variants(job)
        base: DictConfig | None = None
        for variant in variants:
            cfg = _fast_variant(base, variant, variants[0])
            if cfg is None:
                try:
                    cfg = compose("config", overrides=variant)
                except Exception as exc:  # Hydra raises several unrelated types for user errors
                    raise UserError(_translate(exc, _culprit(exc, variant))) from None
            if base is None:
                base = cfg
            try:
                sim_cfg = validate(to_sim_config(cfg))
                if sim_cfg.org.kind == "roster":
                    from sim.mechanisms.organisation import resolve_roster

                    resolve_roster(sim_cfg)
                validate(sim_cfg)
            except (ConfigError, RosterError) as exc:
                raise UserError(str(exc)) from None
            if sim_cfg.sensitivity.method != "none" and not _installed("SALib"):
                raise UserError(
                    f"sensitivity.method={sim_cfg.sensitivity.method}: needs SALib; "
                    "pip install 'mentoring-sim[sensitivity]'"
                )
    return checked


def _installed(module: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def _fast_variant(base: DictConfig | None, variant: list[str], first: list[str]) -> DictConfig | None:
    """The base config with one plain key changed, without a Hydra compose (ms, not 0.1 s).

    A variant differs from the first in its last override only; when that sets a value (not
    a config group such as ``program=peer``), setting it on a copy of the composed base gives
    the same config. None where that does not apply or fails (a full compose then reports).
    """
    if base is None or len(variant) != len(first) or variant[:-1] != first[:-1]:
        return None
    key, sep, value = variant[-1].partition("=")
    if not sep or key.startswith(("+", "~", "hydra")) or (CONFIG_DIR / key).is_dir():
        return None
    from hydra.core.override_parser.overrides_parser import OverridesParser

    try:
        parsed = OverridesParser.create().parse_override(variant[-1]).value()
        cfg = copy.deepcopy(base)
        OmegaConf.update(cfg, key, parsed, merge=True)
    except Exception:  # e.g. a wrong type: the full compose names it
        return None
    return cfg


def _count_runs(job: list[Any]) -> int | None:
    """Runs in a grid sweep: the product of the sweeps' lengths (None if one is not a list or range)."""
    total = 1
    for o in job:
        if o.is_sweep_override():
            if not o.is_discrete_sweep() or o.value_type.name.startswith("GLOB"):
                return None
            total *= len(list(o.sweep_string_iterator()))
    return total


BASIC_SWEEPER = "hydra._internal.core_plugins.basic_sweeper.BasicSweeper"
CHECKED_GRID_SWEEPER = "hydra_plugins.mentoring_sim.checked_grid_sweeper.CheckedGridSweeper"


def _swept_in_files(job: list[Any], hydra_overrides: list[str]) -> tuple[list[Any], str | None]:
    """Sweeps an experiment file declares in ``hydra.sweeper.params``, as parsed overrides, and the sweeper's class.

    Keys also given on the command line are left out: there the command line wins, as in Hydra.
    """
    from hydra import compose
    from hydra.core.override_parser.overrides_parser import OverridesParser

    first = [o.input_line if not o.is_sweep_override() else f"{o.get_key_element()}={_first(o)}" for o in job]
    try:
        cfg = compose("config", overrides=first + hydra_overrides, return_hydra_config=True)
    except Exception as exc:  # reported, with its culprit, by the job-config checks that follow
        missing = re.search(r"Could not find '(hydra/\w+)/(\w+)'", str(exc))
        problem = _plugin_missing(*missing.groups()) if missing else None
        if problem:
            raise UserError(problem + " (the experiment asks for it)") from None
        return [], None
    params = OmegaConf.select(cfg, "hydra.sweeper.params") or {}
    given = {o.key_or_group for o in job}
    lines = [f"{key}={value}" for key, value in params.items() if key not in given]
    try:
        swept = list(OverridesParser.create().parse_overrides(lines))
    except Exception as exc:
        raise UserError(f"hydra.sweeper.params: {str(exc).splitlines()[0]}") from None
    return swept, OmegaConf.select(cfg, "hydra.sweeper._target_")


def _first(override: Any) -> str:
    values = list(override.sweep_string_iterator()) if override.is_discrete_sweep() else []
    return values[0] if values else ""


def _culprit(exc: BaseException, overrides: list[str]) -> str:
    text = str(exc)
    key = getattr(exc.__cause__, "full_key", None)
    for o in overrides:
        if o in text or (key and o.lstrip("+~").split("=")[0] == key):
            return o
    return overrides[-1] if overrides else ""


# -- the run -------------------------------------------------------------------------------


def config_hash(cfg: SimConfig) -> str:
    """Fingerprint of everything that shapes a run's outputs (and a roster file's content)."""
    data = dataclasses.asdict(cfg)
    data["outputs"].pop("quiet", None)  # printing does not change the files
    data.pop("report", None)  # nor does how a sweep's report will compare runs
    text = json.dumps(data, sort_keys=True)
    if cfg.org.kind == "roster":
        text += hashlib.sha256(Path(cfg.org.roster_path).read_bytes()).hexdigest()
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def finished(out_dir: Path, digest: str) -> dict[str, Any] | None:
    """The summary of a finished run in ``out_dir`` with this config, else None.

    ``summary.json`` is written last and atomically, so its presence with a matching
    ``config_hash`` means every output of that run is complete.
    """
    path = out_dir / io.SUMMARY
    try:
        summary = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    ok = summary.get("config_hash") == digest and (out_dir / io.TIMESERIES).is_file()
    return summary if ok else None


def execute(cfg: SimConfig, out_dir: Path, *, keep_going: bool) -> dict[str, Any] | None:
    """Run ``cfg`` into ``out_dir`` unless it is already done there; record a failure.

    Returns the summary (None if the run failed and ``keep_going``). A failure writes
    ``error.json`` (the error and its traceback) beside the run; in a sweep
    (``keep_going``) the other runs go on, otherwise the error is raised.
    """
    digest = config_hash(cfg)
    done = finished(out_dir, digest)
    if done is not None:
        print(f"{_shown(out_dir)}/: already finished with this configuration, skipped", flush=True)
        return done
    try:
        summary, seconds = run(cfg, out_dir, digest)
    except Exception as exc:
        io.write_json(
            {"error": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc(), "config_hash": digest},
            out_dir / io.ERROR,
        )
        print(f"{_shown(out_dir)}/: run FAILED ({type(exc).__name__}: {exc}); details in {io.ERROR}", file=sys.stderr)
        if keep_going:
            return None
        raise
    (out_dir / io.ERROR).unlink(missing_ok=True)  # a later success clears an earlier failure
    if not cfg.outputs.quiet:
        print(format_summary(summary, seconds, _shown(out_dir)), flush=True)
    return summary


def _shown(path: Path) -> Path:
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def run(cfg: SimConfig, out_dir: Path, digest: str | None = None) -> tuple[dict[str, Any], float]:
    """Simulate ``cfg`` and write the output contract into ``out_dir``; return (summary, seconds)."""
    from sim.model import MentoringModel  # imported here: the launching process never needs it

    t0 = time.perf_counter()
    model = MentoringModel(cfg)
    model.run()
    seconds = time.perf_counter() - t0
    summary = model.summary()
    summary.update(objective(cfg, summary))
    if cfg.sensitivity.method != "none":  # the values this run's sample row set (not in .hydra/config.yaml)
        keys = {p.key for p in sensitivity.PARAMETERS}
        summary["parameters"] = {k: v for k, v, _ in iter_fields(cfg) if k in keys}
    summary["config_hash"] = digest or config_hash(cfg)
    ts = model.timeseries()
    io.write_parquet(ts, out_dir / io.TIMESERIES)
    if cfg.outputs.csv:
        io.write_csv(ts, out_dir / "timeseries.csv")
    if cfg.outputs.employees:
        io.write_parquet(model.employees(), out_dir / io.EMPLOYEES)
    io.write_json(summary, out_dir / io.SUMMARY)  # last: its presence marks a finished run
    return summary, seconds


def objective(cfg: SimConfig, summary: dict[str, Any]) -> dict[str, Any]:
    """The run's ``outputs.objective`` (for an optimising sweeper), with what it took to compute it.

    ``sun_retention_error``: :func:`sim.calibration.replicated_error` (runs more seeds).
    ``tacit_gain_per_1000h``: the final mean tacit knowledge above the same organisation and
    seed without a programme (common random numbers make the difference precise), times
    headcount (full-expert equivalents), per 1,000 hours of everyone's time in mentoring
    meetings; 0 when no mentoring happened.
    """
    name = cfg.outputs.objective
    if name == "sun_retention_error":
        from sim.studies.calibration import replicated_error

        return {**replicated_error(cfg, summary), "objective_name": name}
    if name != "tacit_gain_per_1000h":
        return {"objective": summary[name], "objective_name": name}
    from sim.model import MentoringModel

    base = MentoringModel(with_overrides(cfg, {"program.design": "none", "program.external_mentors": 0}))
    base.run()
    base_tacit = float(base.timeseries()["tacit_mean"].iloc[-1])
    hours = summary["programme_hours_total"]
    gain = (summary["tacit_mean_final"] - base_tacit) * summary["n_employees"]
    value = gain / (hours / 1000.0) if hours > 0 else 0.0
    return {"objective": value, "objective_name": name, "baseline_tacit_mean_final": base_tacit}


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.1f}%"


def format_summary(s: dict[str, Any], seconds: float, out_dir: Path) -> str:
    """A short human summary of a run."""
    from sim.mechanisms.program import DESIGN_NAMES

    design = DESIGN_NAMES.get(s["design"], s["design"])
    lines = [
        f"Simulated {s['n_employees']:,} employees for {s['steps']} weeks ({s['years']:.1f} years): "
        f"{design}, {s['network'].replace('_', '-')} network, seed {s['seed']}",
        f"  explicit knowledge (mean, 0-1)  {s['knowledge_mean_initial']:.3f} -> {s['knowledge_mean_final']:.3f}",
        f"  tacit knowledge (mean, 0-1)     {s['tacit_mean_initial']:.3f} -> {s['tacit_mean_final']:.3f}",
        f"  engagement (mean, 0-1)          {s['engagement_mean_initial']:.3f} -> {s['engagement_mean_final']:.3f}",
        f"  turnover                        {_pct(s['annual_turnover_rate'])} a year "
        f"({s['exits_total']:,} left, {s['hires_total']:,} hired)",
        f"  tacit knowledge that left       {s['tacit_lost_total']:.1f} full-expert equivalents",
    ]
    if s["design"] != "none" and s["participants_n"] is None:
        lines.append(
            f"  mentoring                       none held: the programme starts at week {s['program_start_step']}, "
            f"after the run's {s['steps']} weeks"
        )
    if s["participants_n"] is not None:
        lines.append(
            f"  still employed at the end       participants {_pct(s['retention_participants'])} "
            f"(n={s['participants_n']:,}), others {_pct(s['retention_nonparticipants'])} (n={s['nonparticipants_n']:,})"
        )
        if s["retention_mentees_ever"] is not None and s["retention_never_participants"] is not None:
            lines.append(
                f"  ever a mentee / mentor / never  {_pct(s['retention_mentees_ever'])} (n={s['mentees_ever_n']:,}) / "
                f"{_pct(s['retention_mentors_ever'])} (n={s['mentors_ever_n'] or 0:,}) / "
                f"{_pct(s['retention_never_participants'])} (n={s['never_participants_n']:,}) still employed"
            )
        lines.append(
            f"  mentoring                       {s['ties_formed_total']:,} ties formed, {s['meetings_total']:,} meetings, "
            f"{s['no_fault_exits_total']:,} no-fault exits"
        )
        per = s["hours_per_participant"]
        lines.append(
            f"  programme time (cost)           {s['mentor_hours_total']:,.0f} mentor hours + "
            f"{s['mentee_hours_total']:,.0f} mentee and circle-member hours"
            + (f" + {s['external_hours_total']:,.0f} external-mentor hours" if s["external_hours_total"] else "")
            + (f" ({per:,.0f} h per participant)" if per else "")
        )
    if s["annual_turnover_before_start"] is not None and s["annual_turnover_after_start"] is not None:
        lines.append(
            f"  before -> after the start       turnover {_pct(s['annual_turnover_before_start'])} -> "
            f"{_pct(s['annual_turnover_after_start'])} a year; tacit knowledge "
            f"{s['tacit_growth_per_year_before_start']:+.3f} -> {s['tacit_growth_per_year_after_start']:+.3f} a year"
        )
    rate = s["n_employees"] * s["steps"] / seconds if seconds > 0 else float("inf")
    lines.append(f"  ran in {seconds:.2f} s ({rate:,.0f} employee-steps/s)")
    lines.append(f"Outputs in {out_dir}/ : {io.TIMESERIES}, {io.SUMMARY}, .hydra/config.yaml")
    return "\n".join(lines)


@hydra.main(config_path=str(CONFIG_DIR), config_name="config", version_base="1.3")
def hydra_app(cfg: DictConfig) -> float | None:
    """Hydra's task function: one run into Hydra's output directory."""
    sim_cfg = sensitivity.apply(validate(to_sim_config(cfg)))
    hc = HydraConfig.get()
    out_dir = Path(hc.runtime.output_dir)
    summary = execute(sim_cfg, out_dir, keep_going=hc.mode == RunMode.MULTIRUN)
    if hc.mode == RunMode.MULTIRUN:
        line = sweep_progress(out_dir.parent)
        if line:
            print(line, flush=True)
    return None if summary is None else summary.get("objective")


def sweep_progress(sweep_dir: Path, now: float | None = None) -> str | None:
    """One line on a sweep's progress: runs done of the total, time elapsed, an estimate of what is left.

    Counts run directories holding summary.json or error.json; the rate comes from the runs
    finished since the command started (skipped runs count as done, not in the rate). The
    total and start time come from the environment :func:`main` sets; without them, None.
    """
    try:
        total, start = int(os.environ[ENV_TOTAL]), float(os.environ[ENV_START])
    except (KeyError, ValueError):
        return None
    now = time.time() if now is None else now
    done = fresh = failed = 0
    for run in sweep_dir.iterdir():
        marks = [run / io.SUMMARY, run / io.ERROR]
        mark = next((m for m in marks if m.is_file()), None)
        if mark is None:
            continue
        done += 1
        failed += mark.name == io.ERROR
        fresh += mark.stat().st_mtime >= start
    elapsed = now - start
    text = f"progress: {done}/{total} runs done" + (f" ({failed} failed)" if failed else "")
    text += f", {_duration(elapsed)} elapsed"
    if 0 < fresh and done < total:
        text += f", about {_duration(elapsed / fresh * (total - done))} left"
    return text


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}h{m:02d}m" if h else f"{m}m{s:02d}s" if m else f"{s}s"


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``python -m sim``: pre-flight check, then Hydra."""
    argv = sys.argv[1:] if argv is None else argv
    try:
        checked = preflight(argv)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(EXIT_USAGE)
    if checked.sweeper == BASIC_SWEEPER:
        # Hydra's grid sweeper re-composes every job in this process before launching any;
        # pre-flight has just checked them all, so swap in the same sweeper minus that check
        # (hydra_plugins/mentoring_sim). Set on the command line, so an experiment or user
        # choosing another sweeper (optuna) is left alone.
        os.environ[PREFLIGHT_ENV] = "1"
        argv = [*argv, f"hydra.sweeper._target_={CHECKED_GRID_SWEEPER}"]
    if checked.total is not None:
        # Launcher workers (joblib's processes, submitit's jobs) inherit the environment.
        os.environ[ENV_TOTAL] = str(checked.total)
        os.environ[ENV_START] = repr(time.time())
    sys.argv = [sys.argv[0], *argv]
    hydra_app()
