"""The default workforce against the US one: a run's steady-state tenure profile (BLS, January 2022).

7. with no programme, the default organisation's tenure after five simulated years has a
   median of 4.1 years +/- 0.5, 22-32% of people at 10 or more years and 19-29% at a year or
   less (BLS: 4.1 years, 26-28%, 24.3%), on seeds the fit never used (it used none: the fit
   is to the analytic steady state, sim.studies.workforce).
"""

from __future__ import annotations

from pathlib import Path

from sim.studies import workforce
from sim.validation.check import Check, Size

#: The all-workers fit (configs/workforce/us_all_workers.yaml): every separation a quit.
US_ALL_WORKERS = {
    "turnover.rate_annual": 0.425,
    "turnover.newcomer_multiplier": 9.97,
    "turnover.newcomer_weeks": 61.7,
    "turnover.quit_share": 1.0,
    "turnover.retirement_share": 0.0,
    "turnover.engagement_sensitivity": 4.0,
}


def check_bls_tenure(size: Size, out: Path) -> Check:
    """The all-workers organisation's tenure profile after five years against BLS January 2022."""
    seeds = list(range(300, 300 + max(4, size.runs // 10)))
    got = workforce.of_tenures(workforce.snapshot(seeds, **US_ALL_WORKERS).tenure_years)
    bls = workforce.BLS_2022
    lo10, hi10 = workforce.TEN_PLUS_RANGE
    lo1, hi1 = workforce.YEAR_OR_LESS_RANGE
    passed = (
        abs(got.median_years - bls.median_years) <= workforce.MEDIAN_TOLERANCE_YEARS
        and lo10 <= got.ten_plus <= hi10
        and lo1 <= got.year_or_less <= hi1
    )
    return Check(
        name="Tenure of the all-workers workforce (US BLS, January 2022)",
        published=f"US wage and salary workers: {bls.describe()} (28% of men, 26% of women at 10+ years).",
        source="US Bureau of Labor Statistics, Employee Tenure in 2022 (USDL-22-1894, 22 September 2022), tables 1 "
        "and 3; The Economics Daily, 24 October 2022 (a year or less). Fit: sim/studies/workforce.py.",
        result=f"{len(seeds)} runs of 2,000 employees (workforce=us_all_workers), no programme, after 260 weeks: "
        f"{got.describe()}",
        tolerance=f"median within +/-{workforce.MEDIAN_TOLERANCE_YEARS} years; 10+ years {100 * lo10:.0f}-"
        f"{100 * hi10:.0f}%; a year or less {100 * lo1:.0f}-{100 * hi1:.0f}%",
        passed=bool(passed),
    )


def check_knowledge_work_tenure(size: Size, out: Path) -> Check:
    """The default (knowledge-work) organisation's median tenure after five years, and who leaves and why."""
    from sim import MentoringModel  # imported here: the validation suite imports every check to list them
    from sim.config import SimConfig, with_overrides  # as above

    seeds = list(range(400, 400 + max(4, size.runs // 10)))
    got = workforce.of_tenures(workforce.snapshot(seeds).tenure_years)
    kinds = []
    for seed in seeds[:4]:
        s = MentoringModel(with_overrides(SimConfig(), {"org.n_employees": 2000, "seed": seed})).run().summary()
        kinds.append([s["quits_total"], s["layoffs_total"], s["retirements_total"]])
    quits = sum(k[0] for k in kinds) / sum(sum(k) for k in kinds)
    target, tol = workforce.KNOWLEDGE_WORK_MEDIAN_YEARS, workforce.KNOWLEDGE_WORK_MEDIAN_TOLERANCE
    passed = abs(got.median_years - target) <= tol and abs(quits - workforce.JOLTS_QUIT_SHARE) <= 0.03
    return Check(
        name="Tenure and separations of the default knowledge-work workforce (BLS table 6, JOLTS)",
        published=f"management, professional and related occupations: median tenure about {target:g} years; "
        f"quits {100 * workforce.JOLTS_QUIT_SHARE:.0f}% of separations",
        source="US Bureau of Labor Statistics, Employee Tenure, table 6 (5.1 years in January 2008, 5.5 in 2012); "
        "JOLTS, July 2022 (4.2 million quits of 5.9 million separations). Fit: sim/studies/workforce.py.",
        result=f"{len(seeds)} runs of 2,000 employees, no programme, after 260 weeks: {got.describe()}; "
        f"quits {100 * quits:.1f}% of separations",
        tolerance=f"median within +/-{tol} years; quits within 3 points of {100 * workforce.JOLTS_QUIT_SHARE:.0f}%",
        passed=bool(passed),
    )
