"""What a sweep's worker process keeps from one run to the next, to start each run sooner.

Used by the cores launcher (``hydra_plugins/mentoring_sim/cores_launcher.py``); it lives
here because Hydra's plugin scan re-executes every ``hydra_plugins`` module, which would
empty anything kept there.

**Configurations.** Hydra composes every run of a sweep from the YAML files
(``load_sweep_config``: defaults list, file loads, merges), which can take as long as a
small run takes to step. Most sweeps vary plain values (``seed``,
``turnover.rate_annual``) over a few combinations of config groups (``program=peer``).
:func:`sweep_config` composes the first run of each combination as Hydra does, keeps it, and
for every later run of that combination copies it and applies the run's values with Hydra's
own override code: the same configuration (``tests/run/test_launchers.py`` compares them key
for key, ``hydra.overrides.task`` and ``hydra.job.override_dirname`` included) without
reading a file. Anything that could change what is composed -- a config group, a
``+``/``++``/``~`` override, a package, a ``hydra.`` key -- belongs to the combination, so it
always goes through Hydra's compose.

**Plugins.** Hydra's ``Singleton.set_state`` rediscovers every plugin for every run (a scan
of every installed ``hydra_plugins`` module); :func:`enter` gives it the registry the worker
already built.

**Garbage collection.** Without psutil, joblib's worker process runs a full ``gc.collect``
after a run whenever a second has passed, over every object Hydra, pandas and Mesa loaded;
:func:`settle` collects once after the worker's first run and freezes what is left (the
imported modules and caches, :func:`gc.freeze`), so later collections scan only new objects.
"""

from __future__ import annotations

import copy
import gc
import itertools
import os
import weakref
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from hydra._internal.config_loader_impl import get_overrides_dirname
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.core.override_parser.types import Override, OverrideType
from hydra.core.plugins import Plugins
from hydra.core.singleton import Singleton
from omegaconf import DictConfig, OmegaConf

if TYPE_CHECKING:
    from hydra.types import HydraContext

# In each worker process: the configuration of the first run of each combination, for the
# launch now running (another launch token empties it).
_templates: dict[tuple[Any, ...], DictConfig] = {}
_token: list[str] = [""]
_plugins: list[Any] = []  # the worker's Hydra plugin registry
_settled: list[bool] = []  # whether this process has frozen its long-lived objects
_launches = itertools.count()  # in the launching process


def launch_token() -> str:
    """A name for one launch, unique on this machine while the launching process lives."""
    return f"{os.getpid()}-{next(_launches)}"


def enter(singleton_state: dict[str, Any], token: str) -> None:
    """Hydra's ``Singleton.set_state`` for one run, without a plugin scan for every run.

    ``set_state`` discovers every Hydra plugin again because the state sent to
    a worker leaves the plugin registry out; the worker's registry of an earlier run of the
    same launch is the one it would rebuild, so it is put back first.
    """
    if token == _token[0] and _plugins:
        singleton_state["instances"][Plugins] = _plugins[0]
    Singleton.set_state(singleton_state)
    _plugins[:] = [Singleton._instances[Plugins]]


def settle() -> None:
    """After a worker's first run: collect garbage, then exempt the survivors from later collections."""
    if not _settled:
        gc.collect()
        gc.freeze()
        _settled.append(True)


#: Each config key's declared type, for setting a run's plain values on a typed config (:func:`typed_values`).
_TYPES: dict[str, str] = {}


def typed_value(key: str, value: Any) -> tuple[bool, Any]:
    """``value`` as the composed config holds it at ``key``: (True, value), or (False, None) for Hydra to judge."""
    if not _TYPES:
        from sim.config import SimConfig, iter_fields  # imported here: plugin discovery imports this module

        _TYPES.update({k: str(f.type) for k, _, f in iter_fields(SimConfig())})
    declared = _TYPES.get(key)
    return _typed(declared, value) if declared else (False, None)


def _typed(declared: str, value: Any) -> tuple[bool, Any]:
    """``value`` as OmegaConf would store it in a field declared ``declared``: (True, value), or (False, None) when unsure."""
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if declared == "float" and number:
        return True, float(value)
    if declared == "int" and isinstance(value, int) and not isinstance(value, bool):
        return True, value
    if declared == "bool" and isinstance(value, bool):
        return True, value
    if declared == "str" and isinstance(value, str) and "${" not in value:
        return True, value
    if declared == "list[str]" and isinstance(value, list) and all(isinstance(v, str) and "${" not in v for v in value):
        return True, list(value)
    if declared == "list[float]" and isinstance(value, list):
        if all(isinstance(v, int | float) and not isinstance(v, bool) for v in value):
            return True, [float(v) for v in value]
    return False, None


def typed_values(
    hydra_context: HydraContext, master: DictConfig, overrides: Sequence[str]
) -> tuple[tuple[Any, ...], dict[str, Any]] | None:
    """A run's combination (:func:`combination`) and its plain values, typed as its composed config holds them.

    None where a value's type is not plainly the field's (a string for a number, an interpolation):
    such a run is composed by Hydra.
    """
    parsed, groups = _parse(hydra_context, [*master.hydra.overrides.hydra, *overrides])
    key = combination(parsed, groups)
    if key is None:
        return None
    values = {}
    for o in parsed:
        if not _plain(o, groups):
            continue
        ok, value = typed_value(o.key_or_group, o.value())
        if not ok:
            return None
        values[o.key_or_group] = value
    return key, values


#: Overrides parsed, by their text, and whether a name is a config group, by the loader asked: a sweep's
#: runs repeat most of their overrides (the seed, the design, the scenario), so each is parsed once.
_PARSED: dict[str, Override] = {}
_GROUPS: weakref.WeakKeyDictionary[Any, dict[str, bool]] = weakref.WeakKeyDictionary()
_MAX_PARSED = 100_000


def _parse(hydra_context: HydraContext, lines: list[str]) -> tuple[list[Override], set[str]]:
    """``lines`` parsed as Hydra parses them (each line alone), and which of their names are config groups."""
    todo = [line for line in dict.fromkeys(lines) if line not in _PARSED]
    if todo:
        if len(_PARSED) > _MAX_PARSED:
            _PARSED.clear()
        _PARSED.update(zip(todo, OverridesParser.create().parse_overrides(todo), strict=True))
    parsed = [_PARSED[line] for line in lines]
    repository = hydra_context.config_loader.repository
    known = _GROUPS.setdefault(repository, {})
    groups = set()
    for o in parsed:
        name = o.key_or_group
        if name not in known:
            known[name] = repository.group_exists(name.replace(".", "/"))
        if known[name]:
            groups.add(name)
    return parsed, groups


def interpolates(cfg: DictConfig) -> bool:
    """Whether any value of a run's configuration outside ``hydra`` is an interpolation (``${...}``)."""

    def walk(node: Any) -> bool:
        if OmegaConf.is_dict(node):
            return any(OmegaConf.is_interpolation(node, k) or walk(node._get_node(k)) for k in node)
        if OmegaConf.is_list(node):
            return any(OmegaConf.is_interpolation(node, i) or walk(node._get_node(i)) for i in range(len(node)))
        return False

    return any(k != "hydra" and (OmegaConf.is_interpolation(cfg, k) or walk(cfg._get_node(k))) for k in cfg)


def _plain(override: Override, groups: set[str]) -> bool:
    """True for ``key=value`` on a key that is not a config group (set on a copy, no compose)."""
    return (
        override.type == OverrideType.CHANGE
        and not override.is_hydra_override()
        and not override.is_sweep_override()
        and override.package is None
        and override.key_or_group not in groups
    )


def combination(overrides: Sequence[Override], groups: set[str]) -> tuple[Any, ...] | None:
    """What two runs must share to share a composed configuration; None: compose this one.

    Plain values count by their key (position and name fix ``hydra.overrides.task``), every
    other override by its whole text.
    """
    keys = [o.key_or_group for o in overrides if _plain(o, groups)]
    if len(keys) != len(set(keys)):
        return None  # the same key twice: leave the precedence to Hydra
    return tuple(("=", o.key_or_group) if _plain(o, groups) else o.input_line for o in overrides)


def sweep_config(hydra_context: HydraContext, master: DictConfig, overrides: Sequence[str], token: str) -> DictConfig:
    """The configuration of one run, equal to ``config_loader.load_sweep_config(master, overrides)``.

    ``token`` names the launch: templates are kept only while it stays the same.
    """
    loader = hydra_context.config_loader
    if token != _token[0]:
        _templates.clear()
        _token[0] = token
    parsed, groups = _parse(hydra_context, [*master.hydra.overrides.hydra, *overrides])
    key = combination(parsed, groups)
    template = _templates.get(key) if key is not None else None
    if template is None:
        cfg = loader.load_sweep_config(master, list(overrides))
        if key is not None:
            _templates[key] = copy.deepcopy(cfg)
        return cfg
    cfg = copy.deepcopy(template)
    loader._apply_overrides_to_config([o for o in parsed if _plain(o, groups)], cfg)
    app = [o for o in parsed if not o.is_hydra_override()]
    cfg.hydra.overrides.task = [o.input_line for o in app]
    dirname = cfg.hydra.job.config.override_dirname
    cfg.hydra.job.override_dirname = get_overrides_dirname(
        overrides=app, kv_sep=dirname.kv_sep, item_sep=dirname.item_sep, exclude_keys=dirname.exclude_keys
    )
    OmegaConf.copy_cache(from_config=master, to_config=cfg)
    return cfg
