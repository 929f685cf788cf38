"""The lever audit: whether each lever moves what it claims to, by how much and how surely.

``python -m sim.levers`` runs each documented lever (:data:`LEVERS`) at a low and a high
setting in the design where the docs say it acts, on paired seeds (the same seed at both
settings, so the organisation, its people and the first draws are the same), and prints one
line per lever: the outcome it claims to move, the mean paired difference (high - low) with
its 95% t interval, and a verdict:

- ``moves``: the interval excludes zero on the claimed side;
- ``WRONG WAY``: it excludes zero on the other side;
- ``inert``: it includes zero; the line then gives the smallest difference the audit would
  have detected with 80% power (2.8 standard errors of the paired difference), so "inert"
  means "no effect as large as that", not "no effect".

The outcome is the one closest to the mechanism (meetings for time levers, the rapport of
ties for trust levers, tacit know-how passed along ties for transfer levers): downstream
outcomes such as final tacit knowledge move less than seed-to-seed noise for many levers, and
the audit asks whether the lever works, not whether it matters. ``--seeds``, ``--employees``
and ``--weeks`` set the size (default 20 seeds, 400 employees, 5 years); ``--only`` runs
some levers. Exit status 1 if any lever is inert or wrong-way.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.analysis.statistics import mean_ci
from sim.config import SimConfig, has_role, with_overrides
from sim.ensemble import Ensemble, RunEnd
from sim.mechanisms import support
from sim.model import MentoringModel
from sim.resolved import resolve
from sim.run.pool import process_pool
from sim.ties import HIERARCHICAL
from sim.units import WEEKS_PER_YEAR

#: A measure of a finished run: its single model, or its replicate's end in an ensemble (the same arrays).
Metric = Callable[[MentoringModel | RunEnd], float]


def _summary(key: str, null: float = math.nan) -> Metric:
    """A summary figure; ``null`` where it is null (0 for a count that is null while its mechanism is off)."""

    def metric(m: MentoringModel | RunEnd) -> float:
        value = m.summary()[key]
        return null if value is None else float(value)

    return metric


def _mean_rapport(m: MentoringModel | RunEnd) -> float:
    return float(m.ties.rapport.mean()) if len(m.ties) else math.nan


def _mean_fit(m: MentoringModel | RunEnd) -> float:
    return float(m.ties.fit.mean()) if len(m.ties) else math.nan


def _manager_pairs(m: MentoringModel | RunEnd) -> np.ndarray:
    t, st = m.ties, m.state
    return (st.manager[t.mentee] == t.mentor) | (st.manager[t.mentor] == t.mentee)


def _manager_pair_rapport(m: MentoringModel | RunEnd) -> float:
    boss = _manager_pairs(m)
    return float(m.ties.rapport[boss].mean()) if boss.any() else math.nan


def _manager_pair_count(m: MentoringModel | RunEnd) -> float:
    return float(_manager_pairs(m).sum())


def _mentors_engagement(m: MentoringModel | RunEnd) -> float:
    mentors = support.mentoring_now(m.ties, m.state.n)
    return float(m.state.engagement[mentors].mean()) if mentors.any() else math.nan


def _isolated_engagement(m: MentoringModel | RunEnd) -> float:
    return float(m.state.engagement[m.isolated].mean()) if m.isolated.any() else math.nan


def _volunteers_baseline(m: MentoringModel | RunEnd) -> float:
    st = m.state
    return float(st.baseline[st.opted_in].mean() - st.baseline.mean())


def _mentee_tenure(m: MentoringModel | RunEnd) -> float:
    t, st = m.ties, m.state
    mentees = t.mentee[t.kind == HIERARCHICAL]
    return float(st.tenure_weeks[mentees].mean() / WEEKS_PER_YEAR) if len(mentees) else math.nan


def _participants_engagement(m: MentoringModel | RunEnd) -> float:
    in_tie = m.program.in_tie(m.state.n)
    return float(m.state.engagement[in_tie].mean()) if in_tie.any() else math.nan


def _mentees_promotion_edge(m: MentoringModel | RunEnd) -> float:
    s = m.summary()
    mentees, never = s["promoted_share_mentees_ever"], s["promoted_share_never_participants"]
    return math.nan if mentees is None or never is None else float(mentees - never)


def _informal_fit(m: MentoringModel | RunEnd) -> float:
    t = m.informal_ties
    return float(t.fit.mean()) if t is not None and len(t) else math.nan


#: Outcomes by name: what a lever claims to move, and how it is measured on a finished run.
OUTCOMES: dict[str, tuple[str, Metric]] = {
    "meetings": ("meetings held", _summary("meetings_total")),
    "participants": ("people ever in a tie", _summary("participants_ever")),
    "transferred": ("tacit know-how passed along ties (full-expert equivalents)", _summary("tacit_transferred_total")),
    "per_meeting": ("tacit know-how passed per meeting", _summary("tacit_per_meeting")),
    "explicit": ("mean explicit knowledge at the end", _summary("knowledge_mean_final")),
    "rapport": ("mean rapport of the ties in place at the end", _mean_rapport),
    "fit": ("mean fit of the ties in place at the end", _mean_fit),
    "no_fault": ("ties ended at the no-fault review", _summary("no_fault_exits_total")),
    "manager_rapport": ("mean rapport of manager-report ties", _manager_pair_rapport),
    "manager_pairs": ("manager-report ties in place at the end", _manager_pair_count),
    "mentors_engagement": ("engagement of mentors at the end", _mentors_engagement),
    "participants_engagement": ("engagement of people in a tie at the end", _participants_engagement),
    "isolated_engagement": ("engagement of people without informal ties", _isolated_engagement),
    "volunteer_baseline": ("volunteers' engagement baseline above everyone's", _volunteers_baseline),
    "mentee_tenure": ("mean tenure of senior mentors' mentees at the end (years)", _mentee_tenure),
    "promotions": ("promotions", _summary("promotions_total")),
    "informal_formed": ("informal mentoring ties formed", _summary("informal_ties_formed_total", null=0.0)),
    "informal_meetings": ("informal mentoring meetings", _summary("informal_meetings_total")),
    "informal_years": ("years of informal mentoring ties", _summary("informal_tie_years")),
    "informal_fit": ("mean fit of the informal mentoring ties at the end", _informal_fit),
    "newcomer_contacts": (
        "informal contacts of people hired in the last half year",
        _summary("network_newcomer_contacts_mean"),
    ),
    "ties_faded": ("informal ties that faded", _summary("network_ties_faded", null=0.0)),
    "headcount_end": ("people employed at the end", _summary("headcount_end")),
    "headcount_mean": ("people employed, mean over the weeks", _summary("headcount_mean")),
    "laid_off": ("people laid off by the plan", _summary("laid_off_total")),
    "legacy_ties": ("informal ties left by mentoring ties that ended", _summary("network_legacy_ties", null=0.0)),
    "promotion_tenure": ("mean tenure when promoted (years)", _summary("promotion_tenure_years_mean")),
    "mentee_promotion": ("share of mentees promoted, above never-participants'", _mentees_promotion_edge),
}


@dataclass(frozen=True)
class Lever:
    """One lever: a key at two settings, in a design, and the outcome it claims to move (sign +1 or -1)."""

    key: str
    low: Any
    high: Any
    outcome: str
    sign: int
    setting: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """The lever in one phrase: key and its two settings."""
        return f"{self.key} {self.low} -> {self.high}"


PEER = {"program.design": "peer"}
SENIOR = {"program.design": "hierarchical"}
CIRCLES = {"program.design": "peer_circles"}
BOSS = {**SENIOR, "matching.allow_direct_manager": True, "program.opt_in_rate": 1.0}
CAREERS = {"careers.internal_share": 0.66}
INFORMAL = {"informal.formation_per_year": 0.5}
PERSONAL = {"network.personal": True}

#: Every lever the docs say acts, in the design where it acts (docs/model.md, section 7).
LEVERS: tuple[Lever, ...] = (
    # programme
    Lever("program.meetings_per_month", 1.0, 4.0, "meetings", +1, {**PEER, "support.protected_hours_per_month": 8.0}),
    Lever("program.duration_weeks", 26, 104, "meetings", +1, {**PEER, "program.match_every_weeks": 52}),
    Lever("program.match_every_weeks", 4, 26, "participants", -1, PEER),
    Lever("program.start_step", 0, 104, "meetings", -1, PEER),
    Lever("program.mentor_capacity", 1, 4, "participants", +1, {**SENIOR, "program.opt_in_rate": 0.3}),
    Lever("program.opt_in_rate", 0.2, 0.8, "participants", +1, PEER),
    Lever("program.volunteer_selection", 0.0, 2.0, "volunteer_baseline", +1, PEER),
    Lever("program.circle_size", 4, 10, "per_meeting", +1, CIRCLES),
    Lever("program.external_mentors", 0, 40, "explicit", +1, SENIOR),
    Lever("program.mentee_max_tenure_years", 1.0, 5.0, "mentee_tenure", +1, SENIOR),
    Lever("program.mentor_min_tenure_years", 0.0, 8.0, "participants", -1, SENIOR),
    # lifecycle
    Lever("lifecycle.no_fault_exit", False, True, "fit", +1, SENIOR),
    Lever("lifecycle.no_fault_fit", 0.1, 0.4, "no_fault", +1, SENIOR),
    Lever("lifecycle.fit_signal_sd", 0.0, 2.0, "fit", -1, SENIOR),
    Lever("lifecycle.preparation_weeks", 0, 12, "transferred", -1, PEER),
    Lever("lifecycle.negotiating_weeks", 0, 20, "per_meeting", -1, PEER),
    Lever("lifecycle.closure_weeks", 0, 20, "transferred", -1, PEER),
    Lever("lifecycle.preparation_quality", 0.1, 1.0, "transferred", +1, PEER),
    Lever("lifecycle.negotiating_quality", 0.2, 1.0, "transferred", +1, PEER),
    Lever("lifecycle.closure_quality", 0.1, 1.0, "transferred", +1, PEER),
    Lever("lifecycle.peer_duration_multiplier", 1.0, 3.0, "meetings", +1, {**PEER, "program.match_every_weeks": 52}),
    # support
    Lever("support.protected_hours_per_month", 0.0, 4.0, "meetings", +1, CIRCLES),
    Lever("support.free_hours_per_month", 1.5, 6.0, "meetings", +1, CIRCLES),
    Lever("support.free_hours_cv", 0.0, 1.5, "meetings", -1, {**SENIOR, "program.mentor_capacity": 1}),
    Lever("support.meeting_hours", 0.5, 2.0, "meetings", -1, CIRCLES),
    Lever("support.mentor_training", False, True, "transferred", +1, PEER),
    Lever("support.training_effect", 0.1, 1.0, "transferred", +1, {**PEER, "support.mentor_training": True}),
    Lever("support.mentor_recognition", False, True, "mentors_engagement", +1, SENIOR),
    Lever(
        "support.recognition_boost",
        0.0005,
        0.005,
        "mentors_engagement",
        +1,
        {**SENIOR, "support.mentor_recognition": True},
    ),
    Lever("engagement.visibility_boost", 0.0, 0.004, "mentors_engagement", +1, {"program.design": "reverse"}),
    Lever("support.confidentiality", False, True, "rapport", +1, PEER),
    Lever("support.cap_without_confidentiality", 0.5, 1.0, "rapport", +1, PEER),
    Lever("support.leadership_backing", 0.0, 1.0, "participants", +1, PEER),
    # matching
    Lever("matching.candidates", 2, 64, "fit", +1, {**SENIOR, "matching.strategy": "similarity"}),
    Lever(
        "matching.allow_direct_manager",
        False,
        True,
        "manager_pairs",
        +1,
        {**SENIOR, "program.opt_in_rate": 1.0, "program.mentor_capacity": 4},
    ),
    Lever("matching.similarity_weight", 0.0, 2.0, "fit", +1, {**SENIOR, "matching.strategy": "optimal"}),
    Lever("matching.fit_visible", 0.0, 0.9, "fit", +1, {**SENIOR, "matching.strategy": "similarity"}),
    Lever("matching.preference_noise", 0.2, 3.0, "fit", -1, {**SENIOR, "matching.strategy": "stable"}),
    # knowledge: how ties pass on what they know
    Lever("knowledge.mentoring_tacit_rate", 0.02, 0.12, "transferred", +1, PEER),
    Lever("knowledge.mentoring_explicit_rate", 0.02, 0.2, "explicit", +1, PEER),
    Lever("knowledge.power_penalty", 0.0, 1.0, "transferred", -1, SENIOR),
    Lever("knowledge.reverse_share", 0.0, 1.0, "transferred", +1, SENIOR),
    Lever("knowledge.off_focus_share", 0.0, 1.0, "transferred", +1, CIRCLES),
    Lever("knowledge.rapport_initial", 0.1, 0.6, "transferred", +1, PEER),
    Lever(
        "knowledge.similarity_rapport_bonus", 0.0, 0.5, "transferred", +1, {**PEER, "matching.strategy": "similarity"}
    ),
    Lever("knowledge.rapport_gain", 0.05, 0.5, "rapport", +1, PEER),
    Lever("knowledge.fit_floor", 0.0, 0.8, "rapport", +1, PEER),
    Lever("knowledge.manager_trust_cap", 0.2, 1.0, "manager_rapport", +1, BOSS),
    # careers: seats above the front line filled from within
    Lever("careers.internal_share", 0.0, 0.66, "promotions", +1, SENIOR),
    Lever("careers.min_tenure_years", 0.0, 5.0, "promotion_tenure", +1, {**SENIOR, **CAREERS}),
    Lever("careers.sponsor_boost", 0.0, 0.5, "mentee_promotion", +1, {**SENIOR, **CAREERS}),
    # informal mentoring: ties people form without a programme
    Lever("informal.formation_per_year", 0.0, 0.5, "informal_formed", +1, SENIOR),
    Lever("informal.crowd_out", 0.0, 1.0, "informal_formed", -1, {**SENIOR, **INFORMAL, "program.opt_in_rate": 0.8}),
    Lever("informal.seniority_years", 0.0, 10.0, "informal_fit", -1, {**SENIOR, **INFORMAL}),
    Lever("informal.meetings_per_month", 0.5, 4.0, "informal_meetings", +1, {**SENIOR, **INFORMAL}),
    Lever("informal.duration_weeks", 26, 260, "informal_years", +1, {**SENIOR, **INFORMAL}),
    Lever("informal.mentor_capacity", 1, 4, "informal_formed", +1, {**SENIOR, **INFORMAL}),
    # a network that remembers (sim.mechanisms.contacts)
    Lever("network.personal", False, True, "newcomer_contacts", -1, {}),
    Lever("network.build_weeks", 4.0, 52.0, "newcomer_contacts", -1, PERSONAL),
    Lever("network.fade_years", 1.0, 10.0, "ties_faded", -1, PERSONAL),
    Lever("network.legacy_p", 0.0, 1.0, "legacy_ties", +1, SENIOR),
    # growth and cuts (sim.mechanisms.headcount)
    Lever("headcount.change_per_year", -0.2, 0.2, "headcount_end", +1, {}),
    Lever("headcount.freeze_weeks", 0, 26, "headcount_mean", -1, {}),
    Lever("headcount.layoff_share", 0.0, 0.3, "laid_off", +1, {}),
    # engagement: what ties do to people
    Lever("engagement.meeting_boost", 0.0, 0.05, "participants_engagement", +1, PEER),
    Lever("engagement.learning_boost", 0.0, 5.0, "participants_engagement", +1, PEER),
    # In circles, where each member's own hours count (the time budget is everyone's, sim.mechanisms.support).
    Lever("engagement.overload_penalty", 0.0, 0.01, "participants_engagement", -1, CIRCLES),
    # No one lacks informal ties in the default networks (every ring and reporting line ties people), so the
    # isolation penalty acts only where some do: a teams network without reporting lines and sparse teams.
    Lever(
        "engagement.isolation_penalty",
        0.0,
        0.05,
        "isolated_engagement",
        -1,
        {"network.kind": "teams", "network.include_reporting_lines": False, "network.within_team_p": 0.2},
    ),
)


@dataclass(frozen=True)
class Size:
    """How large the audit runs: paired seeds, employees, weeks."""

    seeds: int = 20
    employees: int = 400
    weeks: int = 260


@dataclass(frozen=True)
class Finding:
    """One lever's measured effect: paired mean difference, its 95% interval, the detectable size, verdict."""

    lever: Lever
    difference: float
    low: float
    high: float
    detectable: float
    runs: int

    @property
    def verdict(self) -> str:
        """``moves``, ``WRONG WAY`` or ``inert`` (module docstring)."""
        if not (math.isfinite(self.low) and math.isfinite(self.high)):
            return "inert"
        if self.lever.sign > 0:
            return "moves" if self.low > 0 else ("WRONG WAY" if self.high < 0 else "inert")
        return "moves" if self.high < 0 else ("WRONG WAY" if self.low > 0 else "inert")

    def line(self) -> str:
        """One line for people."""
        name, _ = OUTCOMES[self.lever.outcome]
        claim = "raises" if self.lever.sign > 0 else "lowers"
        text = (
            f"{self.lever.label:<48} {claim} {name}: {self.difference:+.4g} "
            f"(95% CI {self.low:+.4g} to {self.high:+.4g}) -> {self.verdict}"
        )
        if self.verdict == "inert":
            text += f" (80% power to detect +/-{self.detectable:.3g})"
        return text


def _lever_values(args: tuple[Lever, dict[str, Any], int]) -> tuple[np.ndarray, np.ndarray]:
    """One lever's outcome at its high and its low setting on seeds 0..seeds-1, as arrays (float[seeds]).

    The runs step as ensembles (sim.ensemble), each replicate the bytes of its single run: both
    settings in one when only the programme reads the key, else one per setting.
    """
    lever, base, seeds = args
    runs = {
        value: [
            resolve(with_overrides(SimConfig(), {**base, **lever.setting, lever.key: value, "seed": s}))
            for s in range(seeds)
        ]
        for value in (lever.high, lever.low)
    }
    groups = [runs[lever.high] + runs[lever.low]] if has_role(lever.key, "replicate") else list(runs.values())
    measure = OUTCOMES[lever.outcome][1]
    values = []
    for group in groups:
        batch = Ensemble(group).run()
        values += [measure(batch.ended(i)) for i in range(len(group))]
    return np.array(values[:seeds]), np.array(values[seeds:])


def audit(levers: tuple[Lever, ...] = LEVERS, size: Size = Size(), workers: int = 1) -> list[Finding]:
    """Measure every lever on paired seeds; ``workers`` > 1 runs levers in parallel processes."""
    base = {"org.n_employees": size.employees, "steps": size.weeks}
    jobs = [(lv, base, size.seeds) for lv in levers]
    if workers > 1:
        with process_pool(workers) as pool:
            measured = list(pool.map(_lever_values, jobs))
    else:
        measured = [_lever_values(j) for j in jobs]
    out = []
    for lever, (high, low) in zip(levers, measured, strict=True):
        d = high - low
        d = d[np.isfinite(d)]
        mean, lo, hi = mean_ci(d)
        se = float(d.std(ddof=1) / math.sqrt(len(d))) if len(d) > 1 else math.nan
        out.append(Finding(lever, mean, lo, hi, 2.8 * se, len(d)))
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the audit and print one line per lever."""
    parser = argparse.ArgumentParser(prog="python -m sim.levers", description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=Size.seeds, help=f"paired seeds (default {Size.seeds})")
    parser.add_argument("--employees", type=int, default=Size.employees, help=f"default {Size.employees}")
    parser.add_argument("--weeks", type=int, default=Size.weeks, help=f"default {Size.weeks}")
    parser.add_argument("--only", nargs="+", metavar="KEY", help="audit only these levers (config keys)")
    parser.add_argument("--workers", type=int, default=0, help="parallel processes (default: every core)")
    args = parser.parse_args(argv)
    if args.seeds < 2 or args.employees < 10 or args.weeks < 1:
        parser.error("--seeds must be at least 2, --employees at least 10 and --weeks at least 1")
    levers = LEVERS
    if args.only:
        known = {lv.key for lv in LEVERS}
        unknown = sorted(set(args.only) - known)
        if unknown:
            parser.error(f"--only {' '.join(unknown)}: not an audited lever; audited: {', '.join(sorted(known))}")
        levers = tuple(lv for lv in LEVERS if lv.key in args.only)
    workers = args.workers or os.cpu_count() or 1
    size = Size(args.seeds, args.employees, args.weeks)
    print(
        f"Lever audit: {len(levers)} levers x {size.seeds} paired seeds, {size.employees:,} employees, "
        f"{size.weeks} weeks (high - low, 95% CI)",
        flush=True,
    )
    findings = audit(levers, size, workers)
    for f in findings:
        print(f.line())
    bad = [f for f in findings if f.verdict != "moves"]
    print(f"{len(findings) - len(bad)} of {len(findings)} levers move what they claim; {len(bad)} do not")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
