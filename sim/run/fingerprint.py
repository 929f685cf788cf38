"""A run's fingerprint: what :func:`config_hash` covers decides whether a finished run can be reused.

Used by :mod:`sim.run.execute` (a sweep skips runs already finished with the same
fingerprint), :mod:`sim.run.baseline` (runs without a programme kept by fingerprint) and the
consolidated store (:mod:`sim.store`).

The fingerprint covers every key that shapes a run's outputs (not printing, the report or
checkpointing: keys tagged ``inert`` in ``sim.config``) *whose value differs from the schema's
default*, a roster's content, the identity of a warm start's saved state, and
:data:`MODEL_REVISION`. Keys at their defaults are left out so that a new version of the
simulator that adds keys (each defaulting to the old behaviour) still recognises the runs
an older one finished: a 6,000-run study resumed after an upgrade does not simulate again.
"""

from __future__ import annotations

import hashlib
import json

from sim.checkpoint import file_digest, read_meta
from sim.config import SimConfig, in_fingerprint, iter_fields
from sim.resolved import Resolved

#: Raise by one whenever a change moves what runs write (the golden cases, tests/golden, differ
#: by design), or changes a default: finished runs of earlier revisions then run again.
MODEL_REVISION = 7  # 2: streams, keyed draws, history; 3: output priced; 4: reverse its own; 5: separations by kind; 6: knowledge work default; 7: engagement fitted

_DEFAULTS = {key: value for key, value, _ in iter_fields(SimConfig())}


def fingerprinted_values(cfg: SimConfig) -> dict[str, object]:
    """The keys of ``cfg`` the fingerprint covers: those shaping outputs, where not at their defaults."""
    out = {}
    for key, value, _ in iter_fields(cfg):
        value = list(value) if isinstance(value, (list, tuple)) else value
        default = _DEFAULTS.get(key)
        default = list(default) if isinstance(default, (list, tuple)) else default
        if in_fingerprint(key) and (key not in _DEFAULTS or value != default):
            out[key] = value
    return out


def config_hash(run: Resolved) -> str:
    """Fingerprint of everything that shapes a run's outputs (see the module's docstring)."""
    cfg = run.asked
    values = fingerprinted_values(cfg)
    values.pop("warm_start", None)  # a path; the state it names is fingerprinted below
    data = {"revision": MODEL_REVISION, "values": values}
    if cfg.org.kind == "roster":
        data["roster"] = file_digest(cfg.org.roster_path)
    if cfg.org.leavers_path:
        data["leavers"] = file_digest(cfg.org.leavers_path)
    if cfg.org.network_path:
        data["network"] = file_digest(cfg.org.network_path)
    if cfg.warm_start:  # the saved state's own run and step name it, wherever the file is
        meta = read_meta(cfg.warm_start)
        data["warm_start"] = [meta["config_hash"], meta["step"]]
    text = json.dumps(data, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]
