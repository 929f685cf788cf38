"""How a config key is declared: its range or choices, unit, meaning and roles (:func:`param`, :func:`tagged`).

The choices of ``program.design``, ``matching.strategy`` and ``outputs.objective`` are the
names of registries in the modules that implement them (``sim.mechanisms.designs.DESIGNS``,
``sim.mechanisms.matching.STRATEGIES``, ``sim.run.objectives.OBJECTIVES``); the schema
lists them because data flows one way, from the config to the mechanisms, and a test checks
that each list and its registry name the same options.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DESIGNS = ("none", "hierarchical", "peer", "peer_circles", "reverse", "hybrid")
MATCHING_STRATEGIES = ("random", "skill_gap", "similarity", "diversity", "optimal", "stable")
NETWORK_KINDS = ("small_world", "scale_free", "random", "teams")
TENURE_DISTRIBUTIONS = ("stationary", "exponential", "uniform")
ORG_KINDS = ("synthetic", "roster")


#: What a key is besides its value. Each key's roles are tagged once, in its group's module: a
#: group's with :func:`tagged`, a key's own with ``param(roles=...)``; every list another module
#: needs (the fingerprint, what an ensemble's runs may differ in, what a warm start must share,
#: what a report can compare) is derived from the tags (:mod:`sim.config.roles`).
ROLES = {
    "output": "says what a run writes or prints, not what it simulates; no report compares runs by it",
    "inert": "changes none of a run's results (printing, where they go, checkpointing): left out of the "
    "fingerprint a finished run is recognised by (sim.run.fingerprint) and of a resume's check",
    "replicate": "read only by a run's programme stages, or its seed: the runs of one ensemble (sim.ensemble) "
    "may differ in it, each replicate's programme on its own rows",
    "organisation": "the organisation's shape: a warm start (sim.checkpoint) must share it with the run that "
    "saved the state",
}
#: Two more tags hold a value. ``baseline``: the value the key takes in the run's baseline, the same
#: organisation and seed without a programme (sim.run.baseline), :data:`AT_DEFAULT` for the schema's
#: default; untagged keys keep the run's value. ``alone``: why a run with the key set (true, non-zero,
#: non-empty) steps alone rather than in an ensemble (:func:`alone_reason`).


class _Mark:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


AT_DEFAULT = _Mark("AT_DEFAULT")
KEEP = _Mark("KEEP")
_UNSET = _Mark("UNSET")


def param(
    default: Any,
    lo: float | None = None,
    hi: float | None = None,
    *,
    choices: tuple[str, ...] | None = None,
    unit: str = "",
    help: str = "",
    roles: tuple[str, ...] = (),
    baseline: Any = _UNSET,
    alone: str = "",
) -> Any:
    """Declare a config field with its range (inclusive) or choices, unit and meaning.

    ``roles``, ``baseline`` and ``alone`` tag the key beyond its group's tags (:func:`tagged`,
    :data:`ROLES`): roles are added to the group's, the other two replace the group's.
    """
    _check_roles(roles)
    meta = {"lo": lo, "hi": hi, "choices": choices, "unit": unit, "help": help, "roles": roles}
    if baseline is not _UNSET:
        meta["baseline"] = baseline
    if alone:
        meta["alone"] = alone
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class Tags:
    """A key's tags (:data:`ROLES`): its roles, the value its baseline takes, why it makes a run step alone."""

    roles: frozenset[str] = frozenset()
    baseline: Any = KEEP
    alone: str = ""


def tagged(*roles: str, baseline: Any = KEEP, alone: str = ""):
    """Tag every key of a config group (and of the groups inside it) with ``roles`` and the rest."""
    _check_roles(roles)

    def apply(cls):
        cls.__tags__ = Tags(frozenset(roles), baseline, alone)
        return cls

    return apply


def _check_roles(roles: tuple[str, ...]) -> None:
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}; the roles are {', '.join(ROLES)}")


#: What a run can return to an optimising sweeper (``outputs.objective``; sim.run.objectives).
OBJECTIVES = (
    "tacit_mean_final",
    "knowledge_mean_final",
    "engagement_mean_final",
    "retention_all",
    "tacit_gain_per_1000h",
    "sun_retention_error",
)


class ConfigError(ValueError):
    """A config value outside what is allowed; its message is one line for the user."""


def format_value(value: Any) -> str:
    """A value as the command line writes it: strings quoted."""
    return repr(value) if isinstance(value, str) else str(value)


def format_bound(x: float) -> str:
    """A bound for people: 5,000,000 rather than 5e+06; 0.95 as is."""
    return f"{int(x):,}" if float(x).is_integer() else f"{x:g}"
