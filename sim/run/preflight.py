"""Pre-flight: compose and check what a ``python -m sim`` command asks for, before Hydra runs it.

Before Hydra creates a run directory, :func:`preflight` composes the configuration the
command asks for (every value of every sweep, for ``-m``, including the sweeps an experiment
file declares) and resolves it (:func:`sim.resolved.resolve`): a wrong key, type, choice or
range, a broken roster or a missing plugin stops the command with one line naming the key,
the value and what is allowed, and nothing written.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import Any, NamedTuple

from hydra import compose, initialize_config_dir
from hydra._internal.utils import get_args_parser
from hydra.core.global_hydra import GlobalHydra
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.errors import OverrideParseException
from omegaconf import OmegaConf

from sim.compose import CONFIG_DIR, to_sim_config
from sim.config import ConfigError, SimConfig, with_overrides
from sim.inputs.roster import RosterError
from sim.resolved import resolve
from sim.run.worker_cache import typed_value
from sim.sampling import scenarios, sensitivity

BASIC_SWEEPER = "hydra._internal.core_plugins.basic_sweeper.BasicSweeper"
CHECKED_GRID_SWEEPER = "hydra_plugins.mentoring_sim.checked_grid_sweeper.CheckedGridSweeper"


class UserError(Exception):
    """A mistake in the command line, reported as one line without a traceback."""


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
        if o.is_sweep_override() and o.is_discrete_sweep():
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


class Checked(NamedTuple):
    """What pre-flight learnt: the runs a multirun will launch, and its sweeper's class."""

    total: int | None = None  # None: a single run, or a sweeper (Optuna) that decides as it goes
    sweeper: str | None = None  # None: not a multirun pre-flight composed


def preflight(argv: list[str], config_dir: Path = CONFIG_DIR) -> Checked:
    """Compose and resolve what ``argv`` asks for; raise :class:`UserError` if anything is wrong."""
    args = get_args_parser().parse_args(argv)
    if args.help or args.hydra_help or args.cfg or args.shell_completion or args.info or args.experimental_rerun:
        return Checked()  # Hydra prints something and runs nothing
    if args.config_path or args.config_dir or args.config_name:
        return Checked()  # a different config tree: let Hydra check it
    try:
        parsed = OverridesParser.create().parse_overrides(args.overrides)
    except OverrideParseException as exc:
        raise UserError(str(exc).splitlines()[0]) from None
    _refuse_repeats(parsed)
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
    with initialize_config_dir(str(config_dir), version_base="1.3"):
        # parsed again with the config tree at hand, so that a glob over a group's options expands
        loader = GlobalHydra.instance().config_loader()
        parsed = OverridesParser.create(config_loader=loader).parse_overrides(args.overrides)
        job = [o for o in parsed if not o.is_hydra_override()]
        checked = Checked()
        if args.multirun:
            swept, sweeper = _swept_in_files(job, [o.input_line for o in parsed if o.is_hydra_override()])
            job = job + swept
            checked = Checked(_count_runs(job), sweeper)
        _check_variants(_variants(job), config_dir)
    return checked


def _refuse_repeats(parsed: list[Any]) -> None:
    """Refuse a key given twice on the command line: which value was meant (and which one is wrong) is unclear."""
    seen: dict[str, str] = {}
    for o in parsed:
        key = o.key_or_group.lstrip("+~")
        if key in seen:
            raise UserError(f"{key} is given twice ({seen[key]} and {o.input_line}): give each key once")
        seen[key] = o.input_line


def _check_variants(variants: list[list[str]], config_dir: Path) -> None:
    """Compose each variant (the first in full, the rest from it where only a value differs) and resolve it."""
    base: SimConfig | None = None
    for variant in variants:
        sim_cfg = _fast_variant(base, variant, variants[0], config_dir)
        if sim_cfg is None:
            try:
                sim_cfg = to_sim_config(compose("config", overrides=variant))
            except Exception as exc:  # Hydra raises several unrelated types for user errors
                raise UserError(_translate(exc, _culprit(exc, variant))) from None
        if base is None:
            base = sim_cfg
        try:
            sim_cfg = resolve(sim_cfg).config
            sensitivity.check(sim_cfg)
            scenarios.check(sim_cfg)
        except (ConfigError, RosterError) as exc:
            raise UserError(str(exc)) from None
        if sim_cfg.scenario.index >= 0 and not _installed("ema_workbench"):
            raise UserError(
                f"scenario.index={sim_cfg.scenario.index}: a robustness study's report needs the EMA Workbench; "
                "pip install 'mentoring-sim[decide]'"
            )
        if sim_cfg.sensitivity.method != "none" and not _installed("SALib"):
            raise UserError(
                f"sensitivity.method={sim_cfg.sensitivity.method}: needs SALib; pip install 'mentoring-sim[sensitivity]'"
            )


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def _fast_variant(base: SimConfig | None, variant: list[str], first: list[str], config_dir: Path) -> SimConfig | None:
    """The first variant's config with one plain key changed, without a Hydra compose (no files read).

    A variant is the first with one override's value changed, moved to the end (:func:`_variants`);
    when that override sets a config key to a value plainly of the key's type (not a config group
    such as ``program=peer``, not an interpolation), setting it on a copy of the first's config gives
    the config Hydra would compose (``tests/run/test_launchers.py`` checks the same typing against
    Hydra's). None where that does not apply (a full compose then judges, and reports).
    """
    if base is None or len(variant) != len(first):
        return None
    key, sep, _ = variant[-1].partition("=")
    if not sep or key.startswith(("+", "~", "hydra")) or (config_dir / key).is_dir():
        return None
    if variant[:-1] != [o for o in first if o.partition("=")[0] != key]:
        return None
    try:
        ok, value = typed_value(key, OverridesParser.create().parse_override(variant[-1]).value())
    except OverrideParseException:
        return None
    return with_overrides(base, {key: value}) if ok else None


def _count_runs(job: list[Any]) -> int | None:
    """Runs in a grid sweep: the product of the sweeps' lengths (None if one is not a list or range)."""
    total = 1
    for o in job:
        if o.is_sweep_override():
            if not o.is_discrete_sweep():
                return None
            total *= len(list(o.sweep_string_iterator()))
    return total


def _swept_in_files(job: list[Any], hydra_overrides: list[str]) -> tuple[list[Any], str | None]:
    """Sweeps an experiment file declares in ``hydra.sweeper.params``, as parsed overrides, and the sweeper's class.

    Keys also given on the command line are left out: there the command line wins, as in Hydra.
    """
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
