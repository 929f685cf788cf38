"""March (1991): the exploration-exploitation model's published results, checked.

1. Figure 1 as levels: equilibrium knowledge at 27 points (p1 = 0.1 ... 0.9, p2 = 0.1, 0.5,
   0.9) against the reference table (``reference/march_figure1.csv``), each within a stated
   tolerance, with the orderings across p1 and across p2;
2. a mix of fast and slow learners beats a uniform rate with the same mean;
3. with fast socialisation, moderate turnover improves the code's knowledge;
4. turbulence erodes the code's knowledge unless turnover brings in new beliefs.

The model: :mod:`sim.validation.march` (the replication rule unless a check says otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sim import io
from sim.validation import figures
from sim.validation.check import Check, Size, difference
from sim.validation.march import MarchParams, Rule, equilibrium, trajectory

MARCH = 'March, J. G. (1991). "Exploration and Exploitation in Organizational Learning." *Organization Science* 2(1), 71-87.'


def check_mixed_learners(size: Size, out: Path) -> Check:
    """March (1991): a mix of fast and slow learners beats a uniform rate with the same mean."""
    runs = max(80, 2 * size.runs)
    fast = (0, 10, 25, 40, 50)
    results = {f: equilibrium(MarchParams.mixed(f, p2=0.5), runs, seed=20_000) for f in fast}
    uniform = equilibrium(MarchParams(p1=0.5, p2=0.5), runs, seed=20_000)
    passed, text = difference("25 fast (p1 0.9) + 25 slow (0.1) vs everyone at 0.5", uniform, results[25], 0.03)
    figures.points(
        {**{f"{f} fast": results[f] for f in fast}, "all at 0.5": uniform},
        "how many of the 50 socialise fast (p1 = 0.9; the rest at 0.1); last: everyone at 0.5",
        "equilibrium knowledge of the code\n(dimensions right - wrong) / m",
        f"March (1991) model, p2 = 0.5: {runs} runs per point, each to equilibrium",
        out / "march_mixed.png",
    )
    return Check(
        name="Fast and slow learners beat one middling rate",
        published="A mix of fast and slow learners gives a higher equilibrium knowledge than a uniform "
        "socialisation rate with the same mean (the slow keep the variety the code learns from).",
        source=MARCH + " Figure 2.",
        result=text,
        tolerance="difference > +0.03 at the lower end of its 95% CI",
        passed=passed,
        figure="march_mixed.png",
    )


def check_turnover(size: Size, out: Path) -> Check:
    """March (1991): with fast socialisation, moderate turnover improves the code's knowledge."""
    rates = (0.0, 0.02, 0.05, 0.1)
    results = {p3: equilibrium(MarchParams(p1=0.9, p2=0.5, p3=p3), size.runs, size.periods, seed=2000) for p3 in rates}
    passed, text = difference("code knowledge with turnover 0.1 vs none", results[0.0], results[0.1], 0.02)
    figures.points(
        {f"{p3:.2f}": results[p3] for p3 in rates},
        "turnover p3 (share of people replaced per period)",
        f"code knowledge after {size.periods} periods\n(dimensions right - wrong) / m",
        f"March (1991) model, fast socialisation p1 = 0.9, p2 = 0.5: {size.runs} runs",
        out / "march_turnover.png",
    )
    return Check(
        name="Turnover refreshes a fast-socialising organisation",
        published="With fast socialisation, moderate turnover improves the code's knowledge.",
        source=MARCH,
        result=text,
        tolerance="difference > +0.02 at the lower end of its 95% CI",
        passed=passed,
        figure="march_turnover.png",
    )


def check_turbulence(size: Size, out: Path) -> Check:
    """March (1991): turbulence erodes knowledge unless turnover brings new beliefs."""
    p = MarchParams(p1=0.5, p2=0.5, p4=0.02)
    closed = trajectory(p, size.runs, size.periods, seed=3000)
    open_ = trajectory(MarchParams(p1=0.5, p2=0.5, p3=0.1, p4=0.02), size.runs, size.periods, seed=3000)
    early = 10  # the code learns fastest in its first periods
    eroded, text1 = difference(
        "without turnover, period 10 vs last", closed[:, -1], closed[:, early], 0.1
    )  # knowledge at period 10 exceeds the end by more than 0.1
    kept, text2 = difference("at the last period, turnover 0.1 vs none", closed[:, -1], open_[:, -1], 0.1)
    figures.bands(
        {"no turnover": closed, "turnover 0.1 a period": open_},
        "period",
        "code knowledge\n(dimensions right - wrong) / m",
        f"March (1991) model, turbulence p4 = 0.02, p1 = p2 = 0.5: {size.runs} runs, 95% CI",
        out / "march_turbulence.png",
    )
    return Check(
        name="Turbulence erodes knowledge unless people turn over",
        published="In a turbulent environment the code's knowledge decays over time without turnover; "
        "turnover brings in new beliefs that keep it up.",
        source=MARCH,
        result=f"{text1}; {text2}",
        tolerance="each difference > +0.1 at the lower end of its 95% CI",
        passed=eroded and kept,
        figure="march_turbulence.png",
    )


REFERENCE = Path(__file__).parent / "reference" / "march_figure1.csv"
P1 = tuple(round(0.1 * i, 1) for i in range(1, 10))
P2 = (0.1, 0.5, 0.9)
# Stated before the confirmatory run: each point within FLOOR + Z x its standard error
# (the reference's own error, about 0.001 from 10,000 runs, is negligible beside it).
FLOOR, Z = 0.01, 3.5


def reference() -> pd.DataFrame:
    """The reference table: p1, p2, knowledge, runs (see ``reference/README.md``)."""
    return pd.read_csv(REFERENCE)


def figure1_runs(size: Size) -> int:
    """Runs per point: at least the paper's 80 (400 at full size, 120 quick)."""
    return max(80, 5 * size.runs)


def figure1(runs: int, rule: Rule = "replication", seed: int = 10_000) -> pd.DataFrame:
    """The model's Figure 1: ``p1, p2, knowledge, se, runs``, each run to its equilibrium.

    The ``q``-th point (p1-major) uses seeds ``seed + q runs`` onward: none shared between points.
    """
    rows = []
    for i, p1 in enumerate(P1):
        for j, p2 in enumerate(P2):
            first = seed + (len(P2) * i + j) * runs
            k = equilibrium(MarchParams(p1=p1, p2=p2, rule=rule), runs, seed=first)
            rows.append({"p1": p1, "p2": p2, "knowledge": k.mean(), "se": k.std(ddof=1) / np.sqrt(runs), "runs": runs})
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Ordering:
    """A published difference between two points, ``(p1, p2)`` of ``high`` minus ``low``."""

    says: str
    high: tuple[float, float]
    low: tuple[float, float]
    significant: bool = True  # False: only "not significantly reversed" (the reference's gap is small)


ORDERINGS = (
    *(Ordering(f"at p2 = {p2}, slow socialisation beats middling (p1 0.1 > 0.5)", (0.1, p2), (0.5, p2)) for p2 in P2),
    *(Ordering(f"at p2 = {p2}, middling beats fast (p1 0.5 > 0.9)", (0.5, p2), (0.9, p2)) for p2 in (0.5, 0.9)),
    Ordering("at p2 = 0.1, the bottom of the U: fast is no worse than middling", (0.9, 0.1), (0.5, 0.1), False),
    Ordering("at p1 = 0.1, fast code learning beats slow (p2 0.9 > 0.1)", (0.1, 0.9), (0.1, 0.1)),
    Ordering("at p1 = 0.9, the curves cross: slow code learning beats fast (p2 0.1 > 0.9)", (0.9, 0.1), (0.9, 0.9)),
)


def _ordering_holds(o: Ordering, k: dict, se: dict) -> tuple[bool, str]:
    d = k[o.high] - k[o.low]
    half = 1.96 * np.hypot(se[o.high], se[o.low])
    ok = d - half > 0 if o.significant else d + half > 0
    return bool(ok), f"{o.says}: {d:+.3f} (95% CI {d - half:+.3f} to {d + half:+.3f})"


def compare_figure1(model: pd.DataFrame) -> tuple[pd.DataFrame, list[tuple[bool, str]]]:
    """Each point beside the reference with its tolerance and verdict, and the orderings."""
    ref = reference().rename(columns={"knowledge": "published", "runs": "published_runs"})
    table = model.merge(ref, on=["p1", "p2"], validate="one_to_one")
    table["difference"] = table.knowledge - table.published
    table["tolerance"] = FLOOR + Z * table.se
    table["within"] = table.difference.abs() <= table.tolerance
    k = {(r.p1, r.p2): r.knowledge for r in table.itertuples()}
    se = {(r.p1, r.p2): r.se for r in table.itertuples()}
    return table, [_ordering_holds(o, k, se) for o in ORDERINGS]


def check_figure1(size: Size, out: Path, rule: Rule = "replication") -> Check:
    """March (1991), Figure 1: the 27 points as levels, and their orderings."""
    runs = figure1_runs(size)
    model = figure1(runs, rule)
    io.write_csv(model, out / "march_figure1.csv")
    table, orderings = compare_figure1(model)
    worst = table.loc[table.difference.abs().idxmax()]
    inside = int(table.within.sum())
    held = sum(ok for ok, _ in orderings)
    figures.march_figure1(table, f"{runs} runs per point, each to equilibrium", out / "march_figure1.png")
    failed = [text for ok, text in orderings if not ok]
    return Check(
        name="March's Figure 1, as levels",
        published="Equilibrium knowledge of the code at 27 settings of p1 x p2 (m = 30, n = 50): highest with slow "
        "socialisation and fast code learning (0.97), lowest with fast socialisation (0.73-0.81); at p2 = 0.1 a U "
        "across p1; at high p1 the p2 curves cross.",
        source=MARCH + " Figure 1; the values are the public recreation of March's original algorithm "
        "(Workiewicz, GitHub Mac13kW/March_1991_Original, 10,000 runs per point; sim/validation/reference/README.md).",
        result=f"{inside} of {len(table)} points within tolerance (mean |difference| {table.difference.abs().mean():.3f}, "
        f"largest {worst.difference:+.3f} at p1 = {worst.p1}, p2 = {worst.p2}); {held} of {len(orderings)} orderings hold"
        + (f" (not: {'; '.join(failed)})" if failed else "")
        + "; table: march_figure1.csv",
        tolerance=f"every point within {FLOOR} + {Z} standard errors of its mean (about "
        f"{table.tolerance.min():.3f}-{table.tolerance.max():.3f} here); each ordering's 95% CI clears 0 "
        "(the U's bottom: is not reversed)",
        passed=bool(table.within.all()) and held == len(orderings),
        figure="march_figure1.png",
    )
