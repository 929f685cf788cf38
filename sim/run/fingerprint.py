"""A run's fingerprint: what :func:`config_hash` covers decides whether a finished run can be reused.

Used by :mod:`sim.run.execute` (a sweep skips runs already finished with the same
fingerprint) and :mod:`sim.run.baseline` (runs without a programme kept by fingerprint).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

from sim.resolved import Resolved


def config_hash(run: Resolved) -> str:
    """Fingerprint of everything that shapes a run's outputs: the config as asked for, and a roster's content."""
    cfg = run.asked
    data = dataclasses.asdict(cfg)
    data["outputs"].pop("quiet", None)  # printing does not change the files
    data["outputs"].pop("sweep_summaries", None)
    data.pop("report", None)  # nor does how a sweep's report will compare runs
    text = json.dumps(data, sort_keys=True)
    if cfg.org.kind == "roster":
        text += hashlib.sha256(Path(cfg.org.roster_path).read_bytes()).hexdigest()
    return hashlib.sha256(text.encode()).hexdigest()[:16]
