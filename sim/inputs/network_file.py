"""Your real network: an edge list of who talks to whom, matched to the roster, used as the informal network.

A file (``org.network_path``, CSV or .xlsx; one row per tie, a header row), as an organisational
network survey or collaboration data gives it:

| column | required | meaning |
|---|---|---|
| ``source`` | yes | an employee id of the roster (``id``) |
| ``target`` | yes | another employee id of the roster |
| ``weight`` | no | how often the two talk, relative to the file's other ties: a number > 0 |

Column names are matched as a roster's are (``from``/``to``, ``employee_1``/``employee_2``,
``ego``/``alter`` are understood). Ties are undirected: ``a,b`` and ``b,a`` are one tie, given
twice. Refused, naming the file, the row and the column: an id not in the roster, a tie of a
person with themselves, a tie given twice, a weight that is not a number above 0. People with no
tie in the file have none in the informal network but their reporting lines
(``network.include_reporting_lines``).

Weights are contact rates: a tie talks in a week with chance ``knowledge.informal_contact_p`` times
its weight over the file's mean weight (at most 1), so a tie of twice the mean talks twice as often
and the file's ties talk as often as a generated network's on average; a reporting line added to
them counts as a tie of the mean weight. Without weights, or with equal ones, every tie is alike.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sim.inputs.roster import Roster, normalise
from sim.inputs.tables import RosterError, read_table

#: Other names survey and collaboration exports give the columns (compared after :func:`normalise`).
ALIASES: dict[str, tuple[str, ...]] = {
    "source": ("from", "ego", "employee_1", "employee_id_1", "id_1", "person_1", "sender", "a"),
    "target": ("to", "alter", "employee_2", "employee_id_2", "id_2", "person_2", "receiver", "b"),
    "weight": ("strength", "frequency", "count", "w"),
}


@dataclass(frozen=True)
class Edges:
    """A network file's ties over roster rows, ``u < v``, in file order.

    Attributes:
        u, v: int64 row of each end.
        weight: float64 weight of each tie (1 where the file has none).
        notes: what is worth saying that is not an error (the weights' range as contact rates).
    """

    u: np.ndarray
    v: np.ndarray
    weight: np.ndarray
    notes: tuple[str, ...] = ()


def load_edges(path: str | Path, roster: Roster) -> Edges:
    """Read and check the edge list at ``path`` against ``roster``'s ids.

    Raises:
        RosterError: naming the file, the row (as a spreadsheet numbers it, the header being row 1) and the
            column of the first problem.
    """
    path = Path(path)
    rows = read_table(path)
    if not rows:
        raise RosterError(f"{path}: empty file; needs a header row with source and target columns")
    columns = _columns(path, rows[0])
    index = {str(i): r for r, i in enumerate(roster.ids)}
    seen: dict[tuple[int, int], int] = {}
    u, v, w = [], [], []
    for line, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        ends = [_row_of(path, line, rows[0][columns[k]], _cell(cells, columns[k]), index) for k in ("source", "target")]
        if ends[0] == ends[1]:
            raise RosterError(
                f"{path}, row {line}, column {rows[0][columns['target']]!r}: {_cell(cells, columns['target'])!r} "
                "is the source too; a tie joins two people"
            )
        pair = (min(ends), max(ends))
        if pair in seen:
            raise RosterError(
                f"{path}, row {line}: the tie of {_cell(cells, columns['source'])!r} and "
                f"{_cell(cells, columns['target'])!r} is given in row {seen[pair]} already (ties have no direction)"
            )
        seen[pair] = line
        u.append(pair[0])
        v.append(pair[1])
        w.append(_weight(path, line, rows[0], columns, cells))
    if not u:
        raise RosterError(f"{path}: no ties; one row per tie, with the ids of the two people")
    weight = np.asarray(w, dtype=np.float64)
    notes = ()
    if len(np.unique(weight)) > 1:
        notes = (
            f"{path}: weights {weight.min():g} to {weight.max():g} are contact rates: a tie talks weight / "
            f"{weight.mean():.3g} (the mean weight) times as often as the network's average tie",
        )
    return Edges(np.asarray(u, dtype=np.int64), np.asarray(v, dtype=np.int64), weight, notes)


def _columns(path: Path, header: list[str]) -> dict[str, int]:
    """Where each field is in the header: its own name or an alias."""
    names = [normalise(h) for h in header]
    out: dict[str, int] = {}
    for field in ("source", "target", "weight"):
        for name in (field, *ALIASES[field]):
            if name in names:
                out[field] = names.index(name)
                break
    missing = [f for f in ("source", "target") if f not in out]
    if missing:
        raise RosterError(
            f"{path}: no {' or '.join(missing)} column (found: {', '.join(header)}); "
            "a network file has a source and a target column of employee ids, and optionally a weight"
        )
    return out


def _cell(cells: list[str], at: int) -> str:
    return cells[at].strip() if at < len(cells) else ""


def _row_of(path: Path, line: int, column: str, value: str, index: dict[str, int]) -> int:
    if value not in index:
        shown = "empty" if not value else f"{value!r} is not an id of the roster"
        raise RosterError(f"{path}, row {line}, column {column!r}: {shown}")
    return index[value]


def _weight(path: Path, line: int, header: list[str], columns: dict[str, int], cells: list[str]) -> float:
    if "weight" not in columns:
        return 1.0
    text = _cell(cells, columns["weight"]).replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise RosterError(
            f"{path}, row {line}, column {header[columns['weight']]!r}: {text!r}; a weight is a number above 0 "
            "(leave the tie out for none)"
        )
    return value


def write_example(roster: Roster, path: Path, seed: int = 0, per_person: float = 3.0) -> Path:
    """An example network for ``roster``: teammates mostly, a few ties across teams, weights 1-5 (a survey's scale).

    ``examples/network.csv`` is this for ``examples/roster.csv`` with the defaults (a test checks it is).
    """
    rng = np.random.default_rng(seed)
    n = len(roster.ids)
    pairs: set[tuple[int, int]] = set()
    for _ in range(int(per_person * n)):
        a = int(rng.integers(n))
        same = np.flatnonzero(roster.team == roster.team[a])
        b = int(rng.choice(same)) if rng.random() < 0.8 and len(same) > 1 else int(rng.integers(n))
        if a != b:
            pairs.add((min(a, b), max(a, b)))
    lines = ["source,target,weight"]
    for a, b in sorted(pairs):
        lines.append(f"{roster.ids[a]},{roster.ids[b]},{int(rng.integers(1, 6))}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
