"""Checkpoints: a run's whole state in one open file, to go on from it or to start other runs from it.

A checkpoint is a NumPy ``.npz`` archive, a zip of ``.npy`` arrays that any NumPy reads
without pickle (``np.load(path, allow_pickle=False)``; this module never allows pickle):

- ``meta``: UTF-8 JSON (as bytes): the format and its version, the step, the run's config as
  asked (``key: value``, as in docs/configuration.md) and its ``config_hash``, the state of the
  run's random generator (NumPy's bit-generator state), Mesa's next agent id, the tie tables'
  next group ids and the ledger's scalars;
- ``state.<field>``: every array of the workforce (:class:`sim.state.Workforce`), including the
  occupants' uids and hire steps;
- ``network.u``, ``network.v``: the informal network; ``network.rate``: its ties' contact rates, when a
  network file's weights set them; ``network.since``, ``network.origin``, ``network.target``,
  ``network.closure``, ``network.team``: what a network that remembers keeps (sim.mechanisms.contacts.Memory);
- ``ties.<column>``, ``external.<column>``: the programme's two tie tables (:mod:`sim.ties`);
  ``informal.<column>``: the informal mentoring ties (sim.mechanisms.informal_mentoring);
- ``ledger.<field>`` and ``cohort.<field>``: what the summary needs beyond the state
  (:mod:`sim.ledger`; sets of uids as sorted arrays);
- ``ts.<column>``: the timeseries so far, one entry per step from step 0.

Restoring all of it (:meth:`sim.model.MentoringModel` with ``checkpoint.resume``) gives a model
whose next steps draw the same numbers and write the same bytes as a run never interrupted.
A *warm start* (``warm_start``) takes only the organisation -- people, knowledge, engagement,
tenure, the network -- from a checkpoint of a run without a programme and starts a new run
from it at step 0 (docs/checkpoints.md says what is kept and what is drawn anew).

Files are written atomically (sim.io): a kill while saving leaves the previous checkpoint.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from sim import io
from sim.config import SimConfig, format_value, has_role, in_fingerprint, iter_fields
from sim.ledger import Cohort, Ledger
from sim.mechanisms.contacts import Memory
from sim.mechanisms.designs import DESIGNS, has_programme
from sim.mechanisms.network import InformalNetwork
from sim.state import FIELDS, Workforce
from sim.ties import Ties, columns

FORMAT = "mentoring-sim checkpoint"
VERSION = 3  # 2: exit clocks, seats' hire counts and a generator per purpose (sim.streams); 3: output by level, separations by kind
DIRECTORY = "checkpoints"  # inside a run directory
_LEDGER_ARRAYS = (
    "exits_by_level",
    "hours_by_level",
    "headcount_by_level",
    "output_by_level",
    "network",
    "unreplaced_by_level",
    "exits_by_kind",
    "promotions_by_level",
    "promoted_from_by_level",
    "promotion_years_by_level",
)
_NAME = re.compile(r"^step_(\d+)\.npz$")
_COHORT_FIELDS = ("everyone", "level", "tenure_years", "participants", "mentees", "mentors")
#: A network memory's arrays (sim.mechanisms.contacts.Memory).
_MEMORY = ("since", "origin", "target", "closure", "team")
_UID_SETS = ("participants_ever", "mentees_ever", "mentors_ever", "promoted_ever")


class CheckpointError(ValueError):
    """A checkpoint that cannot be used; the message is one line for the user, ``reason`` the same without the path."""

    def __init__(self, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason or message


@dataclass(frozen=True)
class Snapshot:
    """A checkpoint read back: its metadata and its arrays by name."""

    path: Path
    meta: dict[str, Any]
    arrays: dict[str, np.ndarray]

    @property
    def step(self) -> int:
        """Steps the saved run had simulated."""
        return int(self.meta["step"])


def flat_config(cfg: SimConfig) -> dict[str, Any]:
    """Every key of ``cfg`` with its value (lists as lists), in schema order."""
    return {key: (list(v) if isinstance(v, (list, tuple)) else v) for key, v, _ in iter_fields(cfg)}


def file_digest(path: str | Path) -> str:
    """SHA-256 of a file's bytes (a roster's content, which the config only names)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def step_path(directory: Path, step: int) -> Path:
    """Where the periodic checkpoint of ``step`` goes in a checkpoints directory."""
    return Path(directory) / f"step_{step:08d}.npz"


def saved_steps(directory: Path) -> list[tuple[int, Path]]:
    """The checkpoints in ``directory`` as (step, path), earliest first (none if it does not exist)."""
    if not Path(directory).is_dir():
        return []
    found = [(int(m.group(1)), p) for p in Path(directory).iterdir() if (m := _NAME.match(p.name))]
    return sorted(found)


def locate(path: str | Path) -> Path:
    """The checkpoint file ``path`` names: the file itself, or the latest in a run or checkpoints directory.

    Raises:
        CheckpointError: when there is no such file or the directory holds no checkpoint.
    """
    p = Path(path)
    if p.is_file():
        return p
    if p.is_dir():
        for directory in (p / DIRECTORY, p):
            steps = saved_steps(directory)
            if steps:
                return steps[-1][1]
        raise CheckpointError(
            f"{path}: no checkpoint in this directory (files named step_<N>.npz)",
            reason="no checkpoint in this directory or its checkpoints/ (files named step_<N>.npz)",
        )
    raise CheckpointError(f"{path}: no such file or directory", reason="no such file or directory")


def capture(model: Any, digest: str) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """The complete state of ``model`` (a :class:`sim.model.MentoringModel`) as (meta, arrays)."""
    st, ledger = model.state, model.ledger
    arrays: dict[str, np.ndarray] = {f"state.{f}": getattr(st, f) for f in FIELDS}
    arrays["network.u"], arrays["network.v"] = model.network.u, model.network.v
    if model.network.rate is not None:  # a network file's weights as contact rates
        arrays["network.rate"] = model.network.rate
    if model.network.memory is not None:  # a network that remembers (sim.mechanisms.contacts)
        arrays.update({f"network.{f}": getattr(model.network.memory, f) for f in _MEMORY})
    tables = (("ties", model.program.ties), ("external", model.program.external), ("informal", model.informal_ties))
    for prefix, table in tables:
        arrays.update({f"{prefix}.{c}": getattr(table, c) for c in columns()})
    if len(model.practice_experts):
        arrays["practice.experts"] = model.practice_experts
    arrays["ledger.ever_participant"] = ledger.ever_participant
    for name in _LEDGER_ARRAYS:
        arrays[f"ledger.{name}"] = getattr(ledger, name)
    for name in _UID_SETS:
        arrays[f"ledger.{name}"] = np.array(sorted(getattr(ledger, name)), dtype=np.int64)
    if ledger.start_cohort is not None:
        arrays["ledger.start_cohort"] = ledger.start_cohort
    cohort = ledger.first_round
    if cohort is not None:
        arrays.update({f"cohort.{f}": getattr(cohort, f) for f in _COHORT_FIELDS if getattr(cohort, f) is not None})
    rows = model.timeseries_rows()
    for column in rows[0]:
        arrays[f"ts.{column}"] = np.asarray([r[column] for r in rows])
    run = model.resolved
    meta = {
        "format": FORMAT,
        "version": VERSION,
        "step": int(model.steps),
        "config": flat_config(run.asked),
        "config_hash": digest,
        "roster_sha256": file_digest(run.asked.org.roster_path) if run.roster is not None else None,
        "streams": model.streams.state(),
        "rng": model.rng.bit_generator.state,  # Mesa's own (the mechanisms never draw from it)
        "next_agent_id": int(model.agent_id_counter),
        "next_group": {prefix: int(table.next_group) for prefix, table in tables},
        "ledger": {
            "ties_formed": int(ledger.ties_formed),
            "tacit_lost": float(ledger.tacit_lost),
            "know_ref": float(ledger.know_ref),
            "informal_formed": int(ledger.informal_formed),
            "informal_tie_weeks": int(ledger.informal_tie_weeks),
            "informal_meetings": int(ledger.informal_meetings),
            "informal_tacit": float(ledger.informal_tacit),
            "cut": int(ledger.cut),
        },
        "warm_start": model.warm_started,
    }
    return meta, arrays


def save(model: Any, path: Path, digest: str) -> Path:
    """Write ``model``'s state to ``path`` (``.npz``), atomically; return the path."""
    meta, arrays = capture(model, digest)
    arrays = {"meta": np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8), **arrays}

    def write(tmp: Path) -> None:
        with open(tmp, "wb") as fh:  # a file object: np.savez would add .npz to a name
            np.savez(fh, **arrays)

    return io.write_atomically(Path(path), write)


def prune(directory: Path, keep: int) -> None:
    """Delete all but the ``keep`` latest periodic checkpoints in ``directory``."""
    for _, old in saved_steps(directory)[:-keep]:
        old.unlink(missing_ok=True)


def read_meta(path: str | Path) -> dict[str, Any]:
    """A checkpoint's metadata, without loading its arrays.

    Raises:
        CheckpointError: when the file is not a checkpoint of this format and version.
    """

    def refuse(reason: str) -> CheckpointError:
        return CheckpointError(f"{path}: {reason}", reason=reason)

    try:
        with np.load(path, allow_pickle=False) as archive:
            meta = json.loads(bytes(archive["meta"]).decode())
    except KeyError:
        raise refuse("not a checkpoint of this simulator (an .npz archive without its meta)") from None
    except (OSError, ValueError, EOFError):
        raise refuse("not a checkpoint of this simulator (not a whole NumPy .npz archive)") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise refuse("not a checkpoint of this simulator")
    if meta.get("version") != VERSION:
        raise refuse(f"checkpoint format version {meta.get('version')}; this version reads version {VERSION}")
    return meta


def load(path: str | Path) -> Snapshot:
    """Read a whole checkpoint (see :func:`read_meta` for what is refused)."""
    meta = read_meta(path)
    with np.load(path, allow_pickle=False) as archive:
        arrays = {name: archive[name] for name in archive.files if name != "meta"}
    return Snapshot(Path(path), meta, arrays)


# -- checks made when a run is resolved (sim.resolved) ----------------------------------------


def check_resume(meta: dict[str, Any], asked: SimConfig, path: Path) -> None:
    """Refuse to resume a checkpoint saved by a run of another configuration (or steps already past).

    Raises:
        CheckpointError: naming the first key whose value differs.
    """
    diff = first_difference(meta["config"], flat_config(asked), lambda key: key != "steps" and in_fingerprint(key))
    if diff:
        raise CheckpointError(f"checkpoint.resume={str(path)!r}: saved by a run with {diff}; resume with its config")
    if asked.org.kind == "roster" and meta.get("roster_sha256") != file_digest(asked.org.roster_path):
        raise CheckpointError(
            f"checkpoint.resume={str(path)!r}: the roster {asked.org.roster_path} has changed since it was saved"
        )
    if meta["step"] > asked.steps:
        raise CheckpointError(
            f"checkpoint.resume={str(path)!r}: saved at step {meta['step']}, past this run's steps={asked.steps}"
        )


def check_warm_start(meta: dict[str, Any], asked: SimConfig, path: Path) -> None:
    """Refuse a warm start from a run with a programme or from another organisation.

    Raises:
        CheckpointError: naming what differs.
    """
    design = meta["config"].get("program.design")
    if design not in DESIGNS or has_programme(design):
        raise CheckpointError(
            f"warm_start={str(path)!r}: saved by a run with a programme (program.design={design!r}); a warm "
            "start begins from the organisation alone: save one with program=none checkpoint.final=true"
        )
    if meta.get("warm_start"):
        raise CheckpointError(f"warm_start={str(path)!r}: itself warm-started; start from the run it began from")
    diff = first_difference(meta["config"], flat_config(asked), lambda key: has_role(key, "organisation"))
    if diff:
        raise CheckpointError(f"warm_start={str(path)!r}: an organisation with {diff}; the organisation must match")
    if asked.org.kind == "roster" and meta.get("roster_sha256") != file_digest(asked.org.roster_path):
        raise CheckpointError(f"warm_start={str(path)!r}: saved from another version of {asked.org.roster_path}")


def first_difference(saved: dict[str, Any], now: dict[str, Any], compared) -> str | None:
    """The first compared key whose value differs, as ``key=<saved> (this run: <now>)``, or None."""
    for key in dict.fromkeys([*saved, *now]):
        if not compared(key):
            continue
        if key not in saved:
            return f"no key {key} (a different version of the simulator)"
        if key not in now:
            return f"{key}={format_value(saved[key])}, a key this version does not have"
        if saved[key] != now[key]:
            return f"{key}={format_value(saved[key])} (this run: {format_value(now[key])})"
    return None


# -- restoring (called by the model) ----------------------------------------------------------


def workforce(snap: Snapshot) -> Workforce:
    """The saved workforce (private copies of its arrays)."""
    return Workforce(**{f: snap.arrays[f"state.{f}"].copy() for f in FIELDS})


def ties(snap: Snapshot, prefix: str) -> Ties:
    """The saved tie table ``prefix`` (``ties``, ``external`` or ``informal``; a state saved before informal mentoring: empty)."""
    table = Ties(external=prefix == "external")
    if f"{prefix}.mentor" not in snap.arrays:
        return table
    for c in columns():
        setattr(table, c, snap.arrays[f"{prefix}.{c}"].copy())
    table.next_group = int(snap.meta["next_group"][prefix])
    return table


def network(snap: Snapshot) -> InformalNetwork:
    """The saved informal network, with its contact rates and its memory when it had them."""
    a = snap.arrays
    rate = a["network.rate"].copy() if "network.rate" in a else None
    memory = Memory(**{f: a[f"network.{f}"].copy() for f in _MEMORY}) if "network.since" in a else None
    n = len(a["state.level"])
    return InformalNetwork(a["network.u"].copy(), a["network.v"].copy(), n, rate, memory)


def ledger(snap: Snapshot) -> Ledger:
    """The saved ledger."""
    a, n_levels = snap.arrays, len(snap.arrays["ledger.exits_by_level"])
    out = Ledger(len(a["ledger.ever_participant"]), n_levels)
    out.ever_participant = a["ledger.ever_participant"].copy()
    for name in _LEDGER_ARRAYS:  # a state saved before careers has none of theirs: they start at zero
        if f"ledger.{name}" in a:
            setattr(out, name, a[f"ledger.{name}"].copy())
    for name in _UID_SETS:
        if f"ledger.{name}" in a:
            setattr(out, name, set(a[f"ledger.{name}"].tolist()))
    out.start_cohort = a["ledger.start_cohort"].copy() if "ledger.start_cohort" in a else None
    if "cohort.everyone" in a:
        out.first_round = Cohort(
            **{f: (a[f"cohort.{f}"].copy() if f"cohort.{f}" in a else None) for f in _COHORT_FIELDS}
        )
    out.ties_formed = int(snap.meta["ledger"]["ties_formed"])
    out.tacit_lost = float(snap.meta["ledger"]["tacit_lost"])
    out.know_ref = float(snap.meta["ledger"]["know_ref"])
    saved = snap.meta["ledger"]  # a state saved before informal mentoring has none of its counts: zero
    out.informal_formed = int(saved.get("informal_formed", 0))
    out.informal_tie_weeks = int(saved.get("informal_tie_weeks", 0))
    out.informal_meetings = int(saved.get("informal_meetings", 0))
    out.informal_tacit = float(saved.get("informal_tacit", 0.0))
    out.cut = int(saved.get("cut", 0))  # people laid off by a headcount plan
    return out


def timeseries_rows(snap: Snapshot) -> list[dict[str, Any]]:
    """The saved timeseries as the model keeps it: one dict of Python scalars per step."""
    names = [name.removeprefix("ts.") for name in snap.arrays if name.startswith("ts.")]
    values = {name: snap.arrays[f"ts.{name}"].tolist() for name in names}
    return [{name: values[name][i] for name in names} for i in range(len(values[names[0]]))]
