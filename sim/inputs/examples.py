"""Example organisations: a roster as this format writes it, and as an HR system exports it.

``python -m sim.roster example FILE.csv [--shape hr_export]`` writes one; the shipped
examples/roster.csv and examples/hr_export.csv are made by it.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import numpy as np

from sim.io import write_atomically

_DEPARTMENTS = {  # department: (share of staff, skill profile over the skills below)
    "Engineering": (0.40, (0.75, 0.45, 0.35, 0.40, 0.55)),
    "Sales": (0.20, (0.30, 0.75, 0.55, 0.45, 0.40)),
    "Customer Support": (0.20, (0.45, 0.60, 0.70, 0.40, 0.35)),
    "Finance": (0.10, (0.40, 0.35, 0.40, 0.75, 0.50)),
    "People & Operations": (0.10, (0.30, 0.55, 0.60, 0.50, 0.70)),
}
_SKILLS = ("technical", "client_communication", "customer_care", "analysis", "coaching")
_TITLES = ("IC", "Senior", "Manager", "Director")


def example_rows(n: int = 300, seed: int = 0) -> list[dict[str, str]]:
    """A plausible mid-sized organisation: five departments, four levels, a CEO.

    Teams of about 6 under front-line managers, managers under a director per department,
    directors under the CEO. Tenure is exponential with a 5-year mean (longer higher up);
    skills follow each department's profile, grow with tenure, and vary by person.
    """
    rng = np.random.default_rng(seed)
    rows: list[dict[str, str]] = []

    def person(pid: str, boss: str, level: int, team: str, dept: str) -> None:
        tenure = rng.exponential(5.0) + 2.0 * level
        profile = np.array(_DEPARTMENTS[dept][1]) if dept in _DEPARTMENTS else np.full(len(_SKILLS), 0.6)
        growth = 1 - np.exp(-tenure / 6.0)
        skill = np.clip(profile * (0.6 + 0.5 * growth) + rng.normal(0, 0.08, len(_SKILLS)), 0, 1)
        # Tacit know-how as the model's learning by doing would leave it after this tenure
        # (default rates: 0.25 a year learnt, 0.10 a year gone stale, 0.1 at hire), shaped
        # by the department's profile.
        practised = 0.71 - 0.61 * np.exp(-0.35 * tenure)
        tacit = np.clip(practised * (0.75 + 0.5 * profile) + rng.normal(0, 0.05, len(_SKILLS)), 0, 1)
        row = {"id": pid, "manager_id": boss, "level": str(level), "team": team, "tenure_years": f"{tenure:.1f}"}
        row.update({f"skill_{s}": f"{v:.2f}" for s, v in zip(_SKILLS, skill, strict=True)})
        row.update({f"tacit_{s}": f"{v:.2f}" for s, v in zip(_SKILLS, tacit, strict=True)})
        rows.append(row)

    person("E0001", "", 4, "Executive", "Executive")
    count = 1
    for dept, (share, _) in _DEPARTMENTS.items():
        staff = max(int(round(share * (n - 1))), 3)
        director = f"E{count + 1:04d}"
        person(director, "E0001", 3, "Executive", dept)
        count += 1
        n_teams = max(1, round(staff / 7))
        for t in range(n_teams):
            manager = f"E{count + 1:04d}"
            person(manager, director, 2, f"{dept} leads", dept)
            count += 1
            members = staff // n_teams - 1
            for _ in range(max(members, 1)):
                level = 1 if rng.random() < 0.3 else 0
                person(f"E{count + 1:04d}", manager, level, f"{dept} {t + 1}", dept)
                count += 1
    return rows


#: The second example's shape: an HR system's semicolon-separated export, its own column names, hire dates.
HR_EXPORT_COLUMNS = {"id": "Employee ID", "manager_id": "Supervisor", "level": "Job Level", "team": "Department"}
HR_EXPORT_AS_OF = date(2026, 1, 1)


def hr_export_rows(rows: list[dict[str, str]], as_of: date = HR_EXPORT_AS_OF) -> list[dict[str, str]]:
    """``rows`` as an HR system exports them: its column names, a hire date for the tenure, no skill columns."""
    out = []
    for row in rows:
        hired = date.fromordinal(as_of.toordinal() - round(float(row["tenure_years"]) * 365.25))
        out.append({**{name: row[field] for field, name in HR_EXPORT_COLUMNS.items()}, "Hire Date": hired.isoformat()})
    return out


def write_example(path: str | Path, n: int = 300, seed: int = 0, shape: str = "csv") -> Path:
    """Write :func:`example_rows` to ``path``: as this format's CSV, or (``shape="hr_export"``) as :func:`hr_export_rows`."""
    rows = example_rows(n, seed)
    sep = ","
    if shape == "hr_export":
        rows, sep = hr_export_rows(rows), ";"

    def write(tmp: Path) -> None:
        with tmp.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]), delimiter=sep)
            writer.writeheader()
            writer.writerows(rows)

    return write_atomically(Path(path), write)
