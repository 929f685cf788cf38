"""A run's baseline: the same organisation, seed and model without a programme, run once and kept.

What a programme saves (``sim.economics``) and the tacit knowledge it adds
(``outputs.objective=tacit_gain_per_1000h``) are differences from the run without it. A sweep
of designs over seeds would run that baseline once per design; :func:`baseline_config`
resets the keys a run without a programme never reads (the programme, matching, support and
lifecycle groups but the programme's start week, from which its summary counts retention;
the free hours people draw come from their own stream, so their settings move nothing else:
sim.streams), so every design and support of one seed shares one baseline.
``tests/run/test_baseline.py`` checks that a run without a programme is byte-identical
whatever those keys say.

Kept in this process (a sweep worker runs many) and, in a sweep, as
``<sweep>/.baselines/<config hash>.json`` so other workers and a resumed sweep reuse it.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from sim import io
from sim.config import SimConfig, baseline_values, with_overrides
from sim.resolved import Resolved
from sim.run.fingerprint import config_hash

#: The folder of a sweep that keeps its baselines.
BASELINES = ".baselines"
_KEPT: dict[str, dict[str, Any]] = {}
_MAX_KEPT = 256


def baseline_config(cfg: SimConfig) -> SimConfig:
    """``cfg`` without a programme: every key tagged with a baseline value (sim.config.baseline_values) at it.

    The programme, matching, support and lifecycle groups at their defaults but the programme's
    start week, quiet, not priced against a baseline of its own, and neither saving nor resuming
    the run's checkpoints.
    """
    return with_overrides(cfg, baseline_values())


def baseline_run(run: Resolved) -> Resolved:
    """The resolved run without a programme (the roster, if any, as already read)."""
    asked = baseline_config(run.asked)
    config = asked if run.asked is run.config else baseline_config(run.config)
    return dataclasses.replace(run, config=config, asked=asked)


def baseline_summary(run: Resolved, store: Path | None = None) -> dict[str, Any]:
    """The summary of ``run`` without a programme: kept, stored in ``store``, or simulated now."""
    from sim.model import MentoringModel  # imported here: a sweep's launching process never simulates

    base = baseline_run(run)
    digest = config_hash(base)
    if digest in _KEPT:
        return _KEPT[digest]
    path = None if store is None else store / f"{digest}.json"
    summary = None
    if path is not None and path.is_file():
        try:
            summary = json.loads(path.read_text())
        except ValueError:
            summary = None  # a torn or foreign file: simulate again and replace it
    if summary is None:
        summary = MentoringModel(base).run().summary()
        if path is not None:
            io.write_json(summary, path)
    remember(digest, summary)
    return summary


def missing(runs: list[Resolved], store: Path | None = None) -> list[Resolved]:
    """The baselines ``runs`` will ask for that are neither kept, stored, nor among ``runs`` themselves.

    An ensemble (sim.run.batch) steps them with its runs instead of simulating each alone afterwards.
    """
    from sim.mechanisms.designs import has_programme  # imported here: a sweep's launching process never simulates

    have = {config_hash(baseline_run(r)) for r in runs if not has_programme(r.config.program.design)}
    out: dict[str, Resolved] = {}
    for run in runs:
        if not run.config.economics.baseline or not has_programme(run.config.program.design):
            continue
        base = baseline_run(run)
        digest = config_hash(base)
        stored = store is not None and (store / f"{digest}.json").is_file()
        if digest not in have and digest not in _KEPT and not stored:
            out.setdefault(digest, base)
    return list(out.values())


def keep(run: Resolved, summary: dict[str, Any], store: Path | None = None) -> None:
    """Keep the summary of a run without a programme as the baseline of the runs that share it."""
    digest = config_hash(baseline_run(run))
    summary = dict(summary)  # as the run left it, before money and the objective are added
    remember(digest, summary)
    if store is not None and not (store / f"{digest}.json").is_file():
        io.write_json(summary, store / f"{digest}.json")


def remember(digest: str, summary: dict[str, Any]) -> None:
    """Keep a baseline summary in this process (the oldest goes past :data:`_MAX_KEPT`)."""
    if len(_KEPT) >= _MAX_KEPT:
        _KEPT.pop(next(iter(_KEPT)))
    _KEPT[digest] = summary
