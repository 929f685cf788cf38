"""March (1991): the three published findings of the exploration-exploitation model, checked.

1. slower socialisation gives the code a higher equilibrium knowledge;
2. with fast socialisation, moderate turnover improves the code's knowledge;
3. turbulence erodes the code's knowledge unless turnover brings in new beliefs.

The model: :mod:`sim.validation.march`.
"""

from __future__ import annotations

from pathlib import Path

from sim.validation import figures
from sim.validation.check import Check, Size, difference
from sim.validation.march import MarchParams, equilibrium, trajectory

MARCH = 'March, J. G. (1991). "Exploration and Exploitation in Organizational Learning." *Organization Science* 2(1), 71-87.'


def check_socialisation(size: Size, out: Path) -> Check:
    """March (1991): slower socialisation (lower p1) gives a higher equilibrium code knowledge."""
    rates = (0.1, 0.3, 0.5, 0.7, 0.9)
    results = {p1: equilibrium(MarchParams(p1=p1, p2=0.5), size.runs, size.periods, seed=1000) for p1 in rates}
    passed, text = difference("code knowledge at p1 = 0.1 vs 0.9", results[0.9], results[0.1], 0.02)
    monotone = all(results[a].mean() >= results[b].mean() - 0.01 for a, b in zip(rates, rates[1:], strict=False))
    figures.points(
        {f"{p1:.1f}": results[p1] for p1 in rates},
        "socialisation rate p1 (share of differing beliefs adopted from the code per period)",
        "equilibrium code knowledge (share of reality right)",
        f"March (1991) model, p2 = 0.5, m = 30, n = 50: {size.runs} runs x {size.periods} periods",
        out / "march_socialisation.png",
    )
    return Check(
        name="Slower socialisation, wiser code",
        published="Slower socialisation (lower p1) leads to a higher equilibrium knowledge of the code.",
        source=MARCH,
        result=text + ("; decreasing across p1 = 0.1 ... 0.9" if monotone else "; not decreasing across p1"),
        tolerance="difference > +0.02 at the lower end of its 95% CI, and no rise of more than 0.01 between neighbours",
        passed=passed and monotone,
        figure="march_socialisation.png",
    )


def check_turnover(size: Size, out: Path) -> Check:
    """March (1991): with fast socialisation, moderate turnover improves the code's knowledge."""
    rates = (0.0, 0.02, 0.05, 0.1)
    results = {p3: equilibrium(MarchParams(p1=0.9, p2=0.5, p3=p3), size.runs, size.periods, seed=2000) for p3 in rates}
    passed, text = difference("code knowledge with turnover 0.1 vs none", results[0.0], results[0.1], 0.02)
    figures.points(
        {f"{p3:.2f}": results[p3] for p3 in rates},
        "turnover p3 (share of people replaced per period)",
        f"code knowledge after {size.periods} periods",
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
        "code knowledge (share of reality right)",
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
