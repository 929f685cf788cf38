"""The workforce fitted to real ones: turnover whose steady state has the US tenure profile, and knowledge work's.

The targets (:data:`BLS_2022`): in January 2022, US wage and salary workers had been with
their current employer a median 4.1 years; 28% of men and 26% of women had 10 years or more
(we use 27%); 24.3% had a year or less (US Bureau of Labor Statistics, *Employee Tenure in
2022*, news release USDL-22-1894, 22 September 2022, tables 1 and 3; and "About one-third of
wage and salary workers had 10 or more years of tenure in January 2022", The Economics Daily,
24 October 2022).

Why the turnover rate is fitted too. In a steady state where every leaver is replaced, the
share of people with tenure at most t is ``lambda * integral_0^t S(u) du <= lambda * t``, with
lambda the separations per head per year and S the hires' survival curve. So a year-or-less
share of 24.3% needs lambda >= 0.243, and a median of 4.1 years needs lambda >= 1 / (2 * 4.1)
= 0.122 even if nobody left in their first four years; with a hazard highest for newcomers
(any realistic one) the median is at least ``ln 2 / lambda``, i.e. lambda >= 0.169. The
BLS profile is therefore impossible at the 12% a year the model used to assume: an
organisation with 12% turnover and a newcomer hazard has a median tenure of 6 to 7 years.

What is fitted (:func:`fit`, ``python -m sim.studies.workforce``): ``turnover.rate_annual``,
``turnover.newcomer_multiplier`` and ``turnover.newcomer_weeks``, to the three figures,
through the steady state the model's hazard implies (:func:`profile`, which includes the
selection of engaged people into long tenure; sim.mechanisms.turnover). Three numbers, three
parameters: an exact fit, not a test. The out-of-sample check is the level of separations it
implies, about 42% a year, against the 4.0% a month (about 48% a year) of total separations
in BLS's Job Openings and Labor Turnover Survey for December 2021 (all nonfarm). The run's
own steady state is checked on fresh seeds by ``python -m sim.validate --only bls_tenure``. That fit,
every separation counted as a quit, is ``workforce=us_all_workers``. It was made with the engagement
sensitivity of its time (:data:`ALL_WORKERS_SENSITIVITY`) and keeps it: with every separation a quit,
the sensitivity fitted to the virtual survey (8; sim.studies.engagement_fit) spreads the quit hazard so
far that BLS's profile needs 53% separations a year and a newcomer hazard a third shorter (44 weeks).

The default, ``workforce=knowledge_work`` (:func:`knowledge_work`), is the organisation a
mentoring programme is run in: 70% of separations are quits (JOLTS), the only kind a
programme moves, 5% retirements and the rest layoffs; it keeps the all-workers newcomer hazard,
takes the engagement sensitivity fitted to the virtual survey, and fits the separations rate to the
median tenure of management, professional and related occupations
(:data:`KNOWLEDGE_WORK_MEDIAN_YEARS`): 23.0% a year.
Set ``turnover.rate_annual`` lower for an organisation that keeps its people longer; its
tenure profile is then longer than the US one.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, replace

import numpy as np

from sim import io
from sim.analysis.statistics import mean_ci
from sim.config import EngagementConfig, SimConfig, TurnoverConfig, with_overrides
from sim.mechanisms import turnover
from sim.model import MentoringModel
from sim.units import WEEKS_PER_YEAR


@dataclass(frozen=True)
class TenureProfile:
    """A workforce's tenure in three figures: share at a year or less, median (years), share at 10+ years."""

    year_or_less: float
    median_years: float
    ten_plus: float

    def describe(self) -> str:
        """The three figures in words."""
        return (
            f"median {self.median_years:.2f} years, {100 * self.ten_plus:.1f}% at 10+ years, "
            f"{100 * self.year_or_less:.1f}% at a year or less"
        )


#: US BLS, January 2022 (module docstring).
BLS_2022 = TenureProfile(year_or_less=0.243, median_years=4.1, ten_plus=0.27)
#: The tolerances the model's steady state must meet (stated before the fit; docs/model.md).
MEDIAN_TOLERANCE_YEARS = 0.5
TEN_PLUS_RANGE = (0.22, 0.32)
YEAR_OR_LESS_RANGE = (0.19, 0.29)
#: The engagement sensitivity the all-workers fit was made with (module docstring).
ALL_WORKERS_SENSITIVITY = 4.0
#: BLS JOLTS, total separations in December 2021: 4.0% of employment a month.
JOLTS_SEPARATIONS_PER_YEAR = 0.040 * 12


def of_tenures(tenure_years: np.ndarray) -> TenureProfile:
    """The profile of a sample of tenures (years)."""
    t = np.asarray(tenure_years, dtype=float)
    return TenureProfile(float((t <= 1.0).mean()), float(np.median(t)), float((t >= 10.0).mean()))


def profile(cfg: TurnoverConfig, eng: EngagementConfig | None = None) -> TenureProfile:
    """The tenure profile of the no-programme steady state under the hazard of ``cfg``."""
    ss = turnover.steady_state(cfg, eng or EngagementConfig())
    if ss is None:
        raise ValueError("no turnover: the steady state has no tenure profile")
    pmf = ss.occupancy @ ss.tenure_pmf  # whole weeks; tenure in week w is uniform on [w, w + 1)
    cdf = np.cumsum(pmf)
    weeks = np.arange(len(cdf)) + 1.0

    def share_below(years: float) -> float:
        return float(np.interp(years * WEEKS_PER_YEAR, weeks, cdf, left=0.0))

    median = float(np.interp(0.5, cdf, weeks)) / WEEKS_PER_YEAR
    return TenureProfile(share_below(1.0), median, 1.0 - share_below(10.0))


#: Knowledge work (the ``workforce=knowledge_work`` preset). BLS Employee Tenure, table 6: management,
#: professional and related occupations had a median tenure of 5.1 years in January 2008, when all
#: wage and salary workers had 4.1 as in January 2022, and 5.5 in January 2012 (4.6 for all); the 2022
#: table could not be read here: 5.0 years, the ratio of 2008 (1.24) applied to 2022's 4.1.
KNOWLEDGE_WORK_MEDIAN_YEARS = 5.0
KNOWLEDGE_WORK_MEDIAN_TOLERANCE = 0.5
#: BLS JOLTS, July 2022: 4.2 million quits of 5.9 million total separations.
JOLTS_QUIT_SHARE = 0.70
#: Retirements and other separations (death, disability, transfers) among all separations: an assumption
#: of about 5% (JOLTS counts them apart as "other separations"; the monthly figure was not read here).
OTHER_SEPARATIONS_SHARE = 0.05


def knowledge_work(base: TurnoverConfig | None = None) -> TurnoverConfig:
    """The knowledge-work turnover: quits and other kinds in JOLTS's shares, the separations rate fitted to its median.

    The newcomer hazard keeps the all-workers fit's shape (``turnover.newcomer_multiplier``,
    ``newcomer_weeks``); the rate is the root of ``median tenure = KNOWLEDGE_WORK_MEDIAN_YEARS``.
    """
    from scipy.optimize import brentq  # Start-up time: only the fit needs it.

    base = replace(base or TurnoverConfig(), quit_share=JOLTS_QUIT_SHARE, retirement_share=OTHER_SEPARATIONS_SHARE)

    def excess(rate: float) -> float:
        return profile(replace(base, rate_annual=rate)).median_years - KNOWLEDGE_WORK_MEDIAN_YEARS

    return replace(base, rate_annual=round(float(brentq(excess, 0.05, 0.9, xtol=1e-5)), 4))


def _loss(p: TenureProfile, target: TenureProfile) -> float:
    return (
        ((p.year_or_less - target.year_or_less) / target.year_or_less) ** 2
        + ((p.median_years - target.median_years) / target.median_years) ** 2
        + ((p.ten_plus - target.ten_plus) / target.ten_plus) ** 2
    )


def fit(target: TenureProfile = BLS_2022, base: TurnoverConfig | None = None) -> TurnoverConfig:
    """The turnover config (rate, newcomer multiplier and decay) whose steady state has ``target``'s profile."""
    from scipy.optimize import minimize  # Start-up time: only the fit needs the optimiser.

    base = base or TurnoverConfig(  # every separation a quit
        quit_share=1.0, retirement_share=0.0, engagement_sensitivity=ALL_WORKERS_SENSITIVITY
    )

    def config(x: np.ndarray) -> TurnoverConfig:
        return replace(base, rate_annual=float(x[0]), newcomer_multiplier=float(x[1]), newcomer_weeks=float(x[2]))

    def loss(x: np.ndarray) -> float:
        if not (0.01 < x[0] < 0.95 and 1.0 <= x[1] < 50.0 and 1.0 < x[2] < 1000.0):
            return 1e9
        return _loss(profile(config(x)), target)

    best = minimize(loss, np.array([0.25, 4.0, 52.0]), method="Nelder-Mead", options={"xatol": 1e-4, "fatol": 1e-9})
    return config(best.x)


#: Tenure bands (years, lower bounds inclusive) of the knowledge profile.
BANDS = (0.0, 1.0, 2.0, 3.0, 5.0, 10.0, 15.0, np.inf)


def band_labels() -> list[str]:
    """The bands in words: "<1", "1-2", ..., "15+"."""
    out = []
    for lo, hi in zip(BANDS[:-1], BANDS[1:], strict=True):
        out.append(f"<{hi:g}" if lo == 0 else (f"{lo:g}+" if np.isinf(hi) else f"{lo:g}-{hi:g}"))
    return out


@dataclass(frozen=True)
class Snapshot:
    """Default organisations after some years without a programme: tenures and knowledge by tenure band.

    Attributes:
        tenure_years: float[people] pooled over runs.
        explicit, tacit, fast_explicit: float[runs, bands] mean explicit and tacit knowledge (over
            skills) and the fast-changing skill's explicit knowledge, per run and tenure band.
        overall: float[runs, 2] mean explicit and tacit knowledge over everyone, per run.
    """

    tenure_years: np.ndarray
    explicit: np.ndarray
    tacit: np.ndarray
    fast_explicit: np.ndarray
    overall: np.ndarray


def snapshot(seeds: list[int], n: int = 2000, steps: int = 260, **overrides) -> Snapshot:
    """Run the default organisation (no programme) for ``steps`` weeks per seed and take its snapshot."""
    cfg = with_overrides(SimConfig(), {"org.n_employees": n, "steps": steps, **overrides})
    tenures, rows, overall = [], [], []
    for seed in seeds:
        st = MentoringModel(cfg, rng=seed).run().state
        years = st.tenure_weeks / WEEKS_PER_YEAR
        band = np.digitize(years, BANDS[1:-1])
        fast = cfg.knowledge.fast_skill
        per = []
        for values in (st.skills.mean(axis=1), st.tacit.mean(axis=1), st.skills[:, max(fast, 0)]):
            per.append([values[band == b].mean() if (band == b).any() else np.nan for b in range(len(BANDS) - 1)])
        tenures.append(years)
        rows.append(per)
        overall.append((st.skills.mean(), st.tacit.mean()))
    table = np.array(rows)  # [runs, 3, bands]
    return Snapshot(np.concatenate(tenures), table[:, 0], table[:, 1], table[:, 2], np.array(overall))


def figure(snap: Snapshot, path) -> None:
    """Left: the tenure distribution against BLS's figures; right: knowledge by tenure band with 95% intervals."""
    from matplotlib.figure import Figure  # Start-up time: only the figure needs matplotlib.

    fig = Figure(figsize=(10.0, 4.2))
    left, right = fig.subplots(1, 2)
    t = np.sort(snap.tenure_years)
    left.plot(t, 100 * np.arange(1, len(t) + 1) / len(t), label="model, 5 years without a programme")
    bls = BLS_2022
    left.plot(
        [1.0, bls.median_years, 10.0],
        [100 * bls.year_or_less, 50.0, 100 * (1 - bls.ten_plus)],
        "ks",
        label="BLS, January 2022 (a year or less, median, under 10 years)",
    )
    left.set_xlim(0, 30)
    left.set_ylim(0, 100)
    left.set_xlabel("tenure with the organisation (years)")
    left.set_ylabel("employees with at most this tenure (%)")
    left.set_title("Tenure of the default workforce", fontsize=9)
    x = np.arange(len(BANDS) - 1)
    for values, label, style in (
        (snap.explicit, "explicit knowledge, mean over skills", "o-"),
        (snap.tacit, "tacit know-how, mean over skills", "s-"),
        (snap.fast_explicit, "explicit knowledge of the fast-changing skill", "^--"),
    ):
        stats = np.array([mean_ci(values[:, b][~np.isnan(values[:, b])]) for b in x])
        right.errorbar(x, stats[:, 0], yerr=np.abs(stats[:, 1:].T - stats[:, 0]), fmt=style, capsize=3, label=label)
    right.set_xticks(x, band_labels())
    right.set_ylim(0, 1)
    right.set_xlabel("tenure band (years)")
    right.set_ylabel("knowledge (0 = none, 1 = mastery)")
    right.set_title(f"Knowledge by tenure (mean and 95% CI over {len(snap.explicit)} runs)", fontsize=9)
    for ax in (left, right):
        ax.grid(alpha=0.3)
        ax.legend(frameon=False, fontsize=8, loc="lower right")
    fig.tight_layout()
    io.write_figure(fig, path)


def describe_snapshot(snap: Snapshot) -> str:
    """The snapshot as lines of text: the tenure profile and knowledge by band."""
    lines = [f"tenure after the runs: {of_tenures(snap.tenure_years).describe()}", "tenure band  explicit  tacit  fast"]
    for b, label in enumerate(band_labels()):
        lines.append(
            f"{label:>11}  {np.nanmean(snap.explicit[:, b]):8.3f}  {np.nanmean(snap.tacit[:, b]):5.3f}  "
            f"{np.nanmean(snap.fast_explicit[:, b]):4.3f}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Fit the turnover defaults to the BLS tenure profile and print them with the steady state's figures."""
    parser = argparse.ArgumentParser(prog="python -m sim.studies.workforce", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--figure",
        metavar="PNG",
        help="also run the default organisation (8 runs of 2,000 people, 5 years) and draw its tenure and knowledge",
    )
    args = parser.parse_args(argv)
    fitted = fit()
    print(f"target (BLS, January 2022): {BLS_2022.describe()}")
    print(f"the defaults now (knowledge work): {profile(TurnoverConfig()).describe()}")
    print(
        f"fitted: turnover.rate_annual={fitted.rate_annual:.4f} turnover.newcomer_multiplier="
        f"{fitted.newcomer_multiplier:.3f} turnover.newcomer_weeks={fitted.newcomer_weeks:.1f}"
    )
    print(f"its steady state: {profile(fitted).describe()}")
    print(
        f"separations it implies: {100 * fitted.rate_annual:.0f}% a year (JOLTS, December 2021: "
        f"{100 * JOLTS_SEPARATIONS_PER_YEAR:.0f}% a year)"
    )
    kw = knowledge_work(
        replace(TurnoverConfig(), newcomer_multiplier=fitted.newcomer_multiplier, newcomer_weeks=fitted.newcomer_weeks)
    )
    print(
        f"knowledge work: quits {100 * kw.quit_share:.0f}% of separations (JOLTS), retirements and other "
        f"{100 * kw.retirement_share:.0f}%, layoffs and discharges the rest; separations fitted to a median tenure "
        f"of {KNOWLEDGE_WORK_MEDIAN_YEARS:g} years (BLS table 6), with the engagement sensitivity fitted to the "
        f"virtual survey ({kw.engagement_sensitivity:g}): turnover.rate_annual={kw.rate_annual:.4f}"
    )
    print(f"its steady state: {profile(kw).describe()}")
    low = replace(kw, rate_annual=0.13)
    every_quit = replace(low, quit_share=1.0, retirement_share=0.0)
    print(
        f"a rate alone, 13% a year: {profile(low).describe()} (every separation a quit: {profile(every_quit).describe()})"
    )
    if args.figure:
        snap = snapshot(list(range(8)))
        print(describe_snapshot(snap))
        figure(snap, args.figure)
        print(f"figure: {args.figure}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
