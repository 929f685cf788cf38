"""Rosters: load an organisation from a CSV file (or an .xlsx workbook), check it, or write an example.

Format (one row per employee, a header row, UTF-8; comma-, semicolon- or tab-separated, as a
spreadsheet or an HR system exports it: the separator is detected):

| column | required | meaning |
|---|---|---|
| ``id`` | yes | unique employee id (any text) |
| ``manager_id`` | yes | id of the employee's manager; empty for people at the top |
| ``level`` | yes | hierarchy level, an integer >= 0, 0 = front line |
| ``team`` | yes | team name or number |
| ``tenure_years`` | yes, or ``hire_date`` | years employed, a number >= 0 |
| ``hire_date`` | instead of ``tenure_years`` | ISO date (``2019-03-01``); tenure is counted to a reference date |
| ``skill_<name>`` | no | explicit knowledge of skill <name>, in [0, 1] |
| ``tacit_<name>`` | no | tacit knowledge of skill <name>, in [0, 1] |

Column names are matched without regard to case, spaces or punctuation ("Manager ID" is
``manager_id``), and common export names are understood (:data:`ALIASES`: ``Employee ID``,
``Department``, ``Supervisor``, ``Years of service``, ``Hire date``, ...); a mapping
(``org.roster_columns``: field -> the file's column) names any other; errors name the column
as the file names it. Numbers may use a decimal comma (``3,5``). A roster needs at least
:data:`MIN_EMPLOYEES` people. A manager at or below the level of someone who reports to them
is not an error but is flagged (:attr:`Roster.notes`).

When skill (and tacit) columns are given their names define the skills (``org.n_skills``
follows them); ``tacit_<name>`` columns need a matching ``skill_<name>``. Knowledge not given
is generated from level and tenure as for a synthetic organisation.

Command line::

    python -m sim.roster check FILE.csv            # validate, print a one-line summary
    python -m sim.roster example FILE.csv [--n 300] [--seed 0]   # write an example roster
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from sim.inputs.examples import HR_EXPORT_AS_OF, write_example
from sim.inputs.tables import RosterError, read_table
from sim.units import WEEKS_PER_YEAR

REQUIRED = ("id", "manager_id", "level", "team", "tenure_years")
#: The fields a file's columns can give: the required ones, and hire_date in place of tenure_years.
FIELDS = (*REQUIRED, "hire_date")
#: Other names HR exports give the required columns (compared after :func:`normalise`).
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("employee_id", "emp_id", "employee_number", "employee_no", "person_id", "staff_id", "worker_id"),
    "manager_id": ("manager", "manager_employee_id", "supervisor_id", "supervisor", "reports_to", "line_manager_id"),
    "level": ("job_level", "grade_level", "hierarchy_level", "management_level"),
    "team": ("team_name", "department", "dept", "unit", "org_unit"),
    "tenure_years": ("tenure", "years_of_service", "service_years", "years_employed", "tenure_in_years"),
    "hire_date": ("date_of_hire", "start_date", "hired", "hired_on", "original_hire_date", "date_joined", "join_date"),
}
MIN_EMPLOYEES = 10  # as org.n_employees allows (sim.config.OrgConfig)


@dataclass
class Roster:
    """A validated roster, rows in file order.

    Attributes:
        ids: str[N] employee ids.
        manager: int64[N] row of each manager, -1 at the top.
        level: int8[N].
        team: int64[N] dense team ids; ``team_names[team[i]]`` is the name in the file.
        team_names: list of team names.
        tenure_weeks: float64[N].
        skill_names: names of the skill columns (empty if none).
        skills: float64[N, K] or None.
        tacit: float64[N, K] or None.
        tenure_as_of: the reference date tenure was counted to, for a roster of hire dates (ISO), else None.
        notes: things worth a look that are not errors (a manager below a report's level).
    """

    ids: np.ndarray
    manager: np.ndarray
    level: np.ndarray
    team: np.ndarray
    team_names: list[str]
    tenure_weeks: np.ndarray
    skill_names: list[str]
    skills: np.ndarray | None
    tacit: np.ndarray | None
    tenure_as_of: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def n(self) -> int:
        """Number of employees."""
        return len(self.ids)


def normalise(name: str) -> str:
    """A column name compared without case, spaces or punctuation: ``"Manager ID"`` -> ``manager_id``."""
    return re.sub(r"[^0-9a-z]+", "_", name.strip().lower()).strip("_")


_CANONICAL = {**{c: c for c in FIELDS}, **{a: c for c, names in ALIASES.items() for a in names}}
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _where(path: Path, line: int, column: str | None, employee: str | None = None) -> str:
    who = f" (id={employee})" if employee else ""
    col = f", column {column}" if column else ""
    return f"{path.name} row {line}{who}{col}"


def _number(text: str, path: Path, line: int, column: str, employee: str, *, lo: float, hi: float = math.inf) -> float:
    try:
        value = float(text.replace(",", ".") if _DECIMAL_COMMA.match(text) else text)
    except ValueError:
        raise RosterError(f"{_where(path, line, column, employee)}: {text!r} is not a number") from None
    if not math.isfinite(value) or not lo <= value <= hi:
        bound = f"between {lo:g} and {hi:g}" if math.isfinite(hi) else f">= {lo:g}"
        raise RosterError(f"{_where(path, line, column, employee)}: {text!r} must be {bound}")
    return value


def load_roster(path: str | Path, columns: dict[str, str] | None = None, as_of: date | None = None) -> Roster:
    """Read and validate a roster CSV.

    Args:
        path: the file.
        columns: field -> the file's column for that field (``org.roster_columns``), beside the aliases.
        as_of: the date a roster of hire dates counts tenure to (default: today).

    Raises:
        RosterError: for the first problem found, naming the row (as numbered in the file,
            the header being row 1) and the column.
    """
    path = Path(path)
    header, rows, names = _read(path, columns or {})
    dated = "hire_date" in header
    as_of = as_of or date.today()
    skill_names = [h[len("skill_") :] for h in header if h.startswith("skill_")]
    tacit_names = [h[len("tacit_") :] for h in header if h.startswith("tacit_")]
    orphan = [t for t in tacit_names if t not in skill_names]
    if orphan:
        raise RosterError(f"{path.name}: column tacit_{orphan[0]} has no matching skill_{orphan[0]} column")
    ids = _ids(rows, path, names["id"])
    row_of = {emp: i for i, emp in enumerate(ids)}
    n, k = len(rows), len(skill_names)
    manager = np.full(n, -1, dtype=np.int64)
    level = np.empty(n, dtype=np.int64)
    tenure = np.empty(n)
    team_names: list[str] = []
    team_index: dict[str, int] = {}
    team = np.empty(n, dtype=np.int64)
    skills = np.empty((n, k)) if skill_names else None
    tacit = np.empty((n, k)) if tacit_names else None
    for i, row in enumerate(rows):
        line, emp = i + 2, ids[i]
        manager[i] = _manager(row, row_of, path, line, emp, names["manager_id"])
        level[i] = _level(row, path, line, emp, names["level"])
        if dated:
            tenure[i] = _tenure_from(row, as_of, path, line, names["hire_date"], emp)
        else:
            tenure[i] = _number(
                (row.get("tenure_years") or "").strip(), path, line, names["tenure_years"], emp, lo=0, hi=80
            )
        name = (row.get("team") or "").strip()
        if not name:
            raise RosterError(f"{_where(path, line, names['team'], emp)}: empty team")
        team[i] = team_index.setdefault(name, len(team_index))
        if team[i] == len(team_names):
            team_names.append(name)
        for j, s in enumerate(skill_names):
            if skills is not None:
                skills[i, j] = _number((row.get(f"skill_{s}") or "").strip(), path, line, f"skill_{s}", emp, lo=0, hi=1)
            if tacit is not None and s in tacit_names:
                tacit[i, j] = _number((row.get(f"tacit_{s}") or "").strip(), path, line, f"tacit_{s}", emp, lo=0, hi=1)
    if tacit is not None and len(tacit_names) < k:
        raise RosterError(
            f"{path.name}: tacit columns must cover every skill; missing "
            + ", ".join(f"tacit_{s}" for s in skill_names if s not in tacit_names)
        )
    _check_cycles(manager, ids, path, names["manager_id"])
    return Roster(
        tenure_as_of=as_of.isoformat() if dated else None,
        notes=_level_notes(manager, level, ids, path),
        ids=ids,
        manager=manager,
        level=level.astype(np.int8),
        team=team,
        team_names=team_names,
        tenure_weeks=tenure * WEEKS_PER_YEAR,
        skill_names=skill_names,
        skills=skills,
        tacit=tacit,
    )


def _tenure_from(row: dict[str, str], as_of: date, path: Path, line: int, column: str, emp: str) -> float:
    """Years from a hire date (ISO) to ``as_of``."""
    text = (row.get("hire_date") or "").strip()
    try:
        hired = date.fromisoformat(text) if _ISO_DATE.match(text) else None
    except ValueError:
        hired = None
    if hired is None:
        raise RosterError(f"{_where(path, line, column, emp)}: {text!r} is not a date as YYYY-MM-DD (e.g. 2019-03-01)")
    if hired > as_of:
        raise RosterError(
            f"{_where(path, line, column, emp)}: {text} is after the reference date {as_of.isoformat()} "
            "(set org.roster_date)"
        )
    years = (as_of - hired).days / 365.25
    if years > 80:
        raise RosterError(f"{_where(path, line, column, emp)}: {text} is more than 80 years before {as_of.isoformat()}")
    return years


def _level_notes(manager: np.ndarray, level: np.ndarray, ids: np.ndarray, path: Path) -> tuple[str, ...]:
    """A note on managers at or below the level of someone reporting to them (not an error: titles vary)."""
    has = manager >= 0
    low = np.flatnonzero(has & (level[np.maximum(manager, 0)] <= level))
    if len(low) == 0:
        return ()
    i = int(low[0])
    first = f"row {i + 2} (id={ids[i]}) is at level {level[i]} but reports to {ids[manager[i]]} at level {level[manager[i]]}"
    more = f" (and {len(low) - 1} more)" if len(low) > 1 else ""
    return (f"{path.name}: {len(low)} employee(s) report to a manager not above their level: {first}{more}",)


def _read(path: Path, columns: dict[str, str]) -> tuple[list[str], list[dict[str, str]], dict[str, str]]:
    """The header, the rows (keyed by canonical column names) and each field's column name in the file."""
    if not path.is_file():
        raise RosterError(f"{path}: no such file")
    table = read_table(path)
    original = [h.strip() for h in (table[0] if table else [])]
    header, names = _canonical_header(original, path, columns)
    rows = [dict(zip(header, r, strict=False)) for r in table[1:] if any(c.strip() for c in r)]
    if "hire_date" in header and "tenure_years" in header:
        raise RosterError(
            f"{path.name}: columns {names['tenure_years']!r} and {names['hire_date']!r} both give tenure; keep one"
        )
    missing = [c for c in REQUIRED if c not in header and not (c == "tenure_years" and "hire_date" in header)]
    if missing:
        raise RosterError(
            f"{path.name}: missing column {missing[0]!r}; required columns: {', '.join(REQUIRED)} "
            f"(or hire_date for tenure_years; found: {', '.join(original) or 'none'}; map yours with "
            f"org.roster_columns.{missing[0]}=...)"
        )
    if not rows:
        raise RosterError(f"{path.name}: no employees (only a header)")
    return header, rows, names


def require_size(roster: Roster, path: str | Path) -> Roster:
    """The roster, if it has enough people to simulate (:data:`MIN_EMPLOYEES`); else a RosterError saying so."""
    if roster.n < MIN_EMPLOYEES:
        raise RosterError(
            f"{Path(path).name}: the roster has {roster.n} employees; at least {MIN_EMPLOYEES} are needed"
        )
    return roster


def _canonical_header(original: list[str], path: Path, columns: dict[str, str]) -> tuple[list[str], dict[str, str]]:
    """Each column under its canonical name (the mapping's, the fields' and their aliases), the rest as given."""
    mapped = {normalise(col): field for field, col in columns.items()}
    absent = [f for f, col in columns.items() if normalise(col) not in {normalise(h) for h in original}]
    if absent:
        raise RosterError(
            f"{path.name}: org.roster_columns.{absent[0]}={columns[absent[0]]!r}: no such column "
            f"(found: {', '.join(original) or 'none'})"
        )
    header, names = [], {}
    for h in original:
        canon = mapped.get(normalise(h))
        if canon is None:
            canon = _CANONICAL.get(normalise(h))
            if canon in columns:  # the mapping names this field's column: this one keeps its own name
                canon = None
        if canon is None:
            header.append(h)
            continue
        if canon in names:
            raise RosterError(f"{path.name}: columns {names[canon]!r} and {h!r} both give {canon}; keep one")
        names[canon] = h
        header.append(canon)
    return header, {c: names.get(c, c) for c in FIELDS}


def _ids(rows: list[dict[str, str]], path: Path, column: str = "id") -> np.ndarray:
    """Each row's employee id, checked present and unique (``column``: its name in the file)."""
    ids = np.empty(len(rows), dtype=object)
    first_line: dict[str, int] = {}
    for i, row in enumerate(rows):
        line = i + 2
        emp = (row.get("id") or "").strip()
        if not emp:
            raise RosterError(f"{_where(path, line, column)}: empty id")
        if emp in first_line:
            raise RosterError(f"{_where(path, line, column, emp)}: duplicate id (first on row {first_line[emp]})")
        first_line[emp] = line
        ids[i] = emp
    return ids


def _manager(
    row: dict[str, str], row_of: dict[str, int], path: Path, line: int, emp: str, column: str = "manager_id"
) -> int:
    """The row of an employee's manager, -1 for none."""
    boss = (row.get("manager_id") or "").strip()
    if not boss:
        return -1
    if boss not in row_of:
        raise RosterError(f"{_where(path, line, column, emp)}: unknown manager {boss!r} (no row has that id)")
    if boss == emp:
        raise RosterError(f"{_where(path, line, column, emp)}: an employee cannot manage themselves")
    return row_of[boss]


def _level(row: dict[str, str], path: Path, line: int, emp: str, column: str = "level") -> int:
    """An employee's level, a whole number from 0 to 50."""
    lv = _number((row.get("level") or "").strip(), path, line, column, emp, lo=0, hi=50)
    if not float(lv).is_integer():
        raise RosterError(f"{_where(path, line, column, emp)}: {row['level']!r} must be a whole number")
    return int(lv)


def _check_cycles(manager: np.ndarray, ids: np.ndarray, path: Path, column: str = "manager_id") -> None:
    """Reject reporting cycles (A reports to B ... reports to A), by pointer doubling."""
    n = len(manager)
    ancestor = manager.copy()
    for _ in range(max(1, math.ceil(math.log2(n)) + 1)):
        ancestor = np.where(ancestor >= 0, ancestor[np.maximum(ancestor, 0)], -1)
    stuck = np.flatnonzero(ancestor >= 0)
    if len(stuck) == 0:
        return
    # Walk from one affected row until a row repeats: that is the cycle.
    seen: dict[int, int] = {}
    r = int(stuck[0])
    while r not in seen:
        seen[r] = len(seen)
        r = int(manager[r])
    cycle = [k for k, pos in sorted(seen.items(), key=lambda kv: kv[1]) if pos >= seen[r]]
    chain = " -> ".join(str(ids[k]) for k in [*cycle, cycle[0]])
    raise RosterError(f"{_where(path, int(cycle[0]) + 2, column, ids[cycle[0]])}: reporting cycle {chain}")


def main(argv: list[str] | None = None) -> int:
    """``python -m sim.roster check|example`` (``leavers``: :func:`sim.inputs.leavers.main`)."""
    parser = argparse.ArgumentParser(
        prog="python -m sim.roster",
        description="Check or make a roster CSV (python -m sim.roster leavers FILE --roster ROSTER: example leavers).",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate a roster and summarise it")
    check.add_argument("path")
    ex = sub.add_parser("example", help="write an example roster")
    ex.add_argument("path")
    ex.add_argument("--n", type=int, default=300, help="approximate headcount (default 300)")
    ex.add_argument("--seed", type=int, default=0)
    ex.add_argument(
        "--shape",
        choices=("csv", "hr_export"),
        default="csv",
        help="csv: this format with skill columns; hr_export: semicolons, an HR system's column names, hire dates "
        f"as of {HR_EXPORT_AS_OF.isoformat()}",
    )
    args = parser.parse_args(argv)
    try:
        if args.command == "example":
            if args.n < 20:
                parser.error("--n must be at least 20")
            write_example(args.path, args.n, args.seed, args.shape)
        as_of = HR_EXPORT_AS_OF if args.command == "example" and args.shape == "hr_export" else None
        roster = require_size(load_roster(args.path, as_of=as_of), args.path)
    except RosterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    levels = np.bincount(roster.level)
    print(
        f"{args.path}: {roster.n} employees, {len(roster.team_names)} teams, levels "
        + ", ".join(f"{lv}: {c}" for lv, c in enumerate(levels))
        + (f"; skills: {', '.join(roster.skill_names)}" if roster.skill_names else "; no skill columns")
        + (f"; tenure from hire dates to {roster.tenure_as_of}" if roster.tenure_as_of else "")
    )
    for note in roster.notes:
        print(f"note: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
