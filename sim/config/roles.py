"""Each key's roles (sim.config.fields.ROLES) read from the schema's tags, and the rules derived from them."""

from __future__ import annotations

import copy
import dataclasses
import functools
from typing import Any

from sim.config.fields import AT_DEFAULT, KEEP, ROLES, Tags, format_value
from sim.config.schema import SimConfig, iter_fields


def _walk(node: Any, prefix: str, group: Tags):
    for f in dataclasses.fields(node):
        value = getattr(node, f.name)
        if dataclasses.is_dataclass(value):
            yield from _walk(value, f"{prefix}{f.name}.", getattr(type(value), "__tags__", group))
        else:
            m = f.metadata
            yield (
                f"{prefix}{f.name}",
                Tags(
                    group.roles | set(m.get("roles", ())),
                    m.get("baseline", group.baseline),
                    m.get("alone", group.alone),
                ),
            )


@functools.cache
def all_tags() -> dict[str, Tags]:
    """Every key's tags (:data:`ROLES`), from the schema."""
    return dict(_walk(SimConfig(), "", Tags()))


def tags_of(key: str) -> Tags:
    """``key``'s tags; a key this version does not have (a saved run's) takes its group's, else none."""
    found = all_tags().get(key)
    if found is not None:
        return found
    group = getattr(SimConfig(), key.split(".")[0], None)
    return getattr(type(group), "__tags__", Tags()) if dataclasses.is_dataclass(group) else Tags()


@functools.cache
def has_role(key: str, role: str) -> bool:
    """Tell whether ``key`` (a dotted key, or a group: all of its keys) has ``role`` (:data:`ROLES`)."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; the roles are {', '.join(ROLES)}")
    under = [k for k in all_tags() if k.startswith(key + ".")]
    return all(role in tags_of(k).roles for k in under or [key])


def keys_with(role: str) -> tuple[str, ...]:
    """Every key with ``role``, in the schema's order."""
    return tuple(k for k in all_tags() if has_role(k, role))


def in_fingerprint(key: str) -> bool:
    """Tell whether ``key``'s value shapes a run's outputs (it is not ``inert``: :data:`ROLES`)."""
    return not has_role(key, "inert")


def ensemble_shared(key: str) -> bool:
    """Tell whether the runs of one ensemble must agree on ``key`` (fingerprinted, not ``replicate``)."""
    return in_fingerprint(key) and not has_role(key, "replicate")


def replicate_names() -> tuple[str, ...]:
    """What the runs of one ensemble may differ in, for people: ``seed``, ``program.*``, ... (from the tags)."""
    tops = dict.fromkeys(k.split(".")[0] for k in keys_with("replicate"))
    return tuple(t if t in all_tags() else f"{t}.*" for t in tops if has_role(t, "replicate"))


def baseline_values() -> dict[str, Any]:
    """The keys a run's baseline sets (sim.run.baseline), with the values it sets them to (a copy to keep)."""
    return copy.deepcopy(_baseline_values())


@functools.cache
def _baseline_values() -> dict[str, Any]:
    defaults = {k: v for k, v, _ in iter_fields(SimConfig())}
    return {
        k: defaults[k] if t.baseline is AT_DEFAULT else t.baseline
        for k, t in all_tags().items()
        if t.baseline is not KEEP
    }


def alone_reason(cfg: SimConfig) -> str | None:
    """Why a run of ``cfg`` steps alone rather than in an ensemble (sim.ensemble), or None when it can step in one.

    The one rule for ensembles and the sweeps that batch their runs (sim.run.batch): a key tagged
    ``alone`` that is set.
    """
    tags = all_tags()
    for key, value, _ in iter_fields(cfg):
        if value and tags[key].alone:
            return f"{key}={format_value(value)}: {tags[key].alone}"
    return None
