"""The benchmark's baseline: the same weekly rules written the usual Mesa way, agent by agent.

:class:`PerAgentModel` steps each :class:`PerAgentEmployee` in Python (``shuffle_do``), each
holding its own knowledge vectors, engagement and ties, as a typical Mesa model does. It
exists so that ``python -m sim.bench`` compares like with like: the same organisation (built
by the same code from the same seed), the same weekly rules in the same order as
:class:`sim.model.MentoringModel`, written per agent instead of over arrays.
``tests/bench/test_per_agent.py`` checks that the two give statistically the same outcomes.

Scope: the one-to-one designs (``none``, ``peer``, ``hierarchical``) without external
mentors; the support levers enter through the same formulas (sim.mechanisms.support). Matching
rounds (every ``program.match_every_weeks``) call the model's matching code on arrays
gathered from the agents: matching is not what a weekly step repeats, and sharing it keeps
the pairs statistically identical. Everything else a step does -- ties closing and their
reviews, meetings, mentoring and informal transfer, learning by doing, obsolescence,
rapport, engagement, turnover and hiring, metrics -- runs per agent or per tie in Python.

Transfers are simultaneous within each stage, as in the array model: agents first copy
their knowledge (``snapshot``), then absorb from the copies, so the order ``shuffle_do``
visits them in does not matter.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import mesa
import numpy as np

from sim.config import SimConfig
from sim.mechanisms import engagement, fit, knowledge, lifecycle, support, volunteering
from sim.mechanisms.designs import RoundContext, form_ties
from sim.mechanisms.program import is_matching_round
from sim.model import MentoringModel
from sim.resolved import resolve
from sim.state import Workforce
from sim.ties import CIRCLE, HIERARCHICAL, Ties
from sim.units import WEEKS_PER_MONTH, WEEKS_PER_YEAR

#: The designs the baseline implements.
BASELINE_DESIGNS = ("none", "peer", "hierarchical")


@dataclass
class Tie:
    """One mentoring tie between two agents (the fields of ``sim.ties``)."""

    mentor: PerAgentEmployee
    mentee: PerAgentEmployee
    kind: int
    start: int
    end: int
    rapport: float
    trust_cap: float
    power: float
    share: float
    fit: float
    meetings: int = 0
    reviewed: bool = False
    met: bool = False


class PerAgentEmployee(mesa.Agent):
    """An employee holding its own state; the weekly rules are its methods."""

    model: PerAgentModel

    def __init__(self, model: PerAgentModel, row: int) -> None:
        super().__init__(model)
        self.row = row
        self.ties: list[Tie] = []
        self.contacts: list[int] = []  # seats at the other end of the informal edges this agent draws for
        self.inbox: list[tuple[PerAgentEmployee, float, bool]] = []  # (source, share of gap, mentoring)

    # -- stages of the weekly step, each called for every agent ----------------------------

    def snapshot(self) -> None:
        """Copy knowledge so transfers in one stage read the values from before it."""
        self.skills_before = self.skills.copy()
        self.tacit_before = self.tacit.copy()

    def absorb(self) -> None:
        """Close a share of the gap to each source in the inbox (explicit and tacit)."""
        kc = self.model.config.knowledge
        mentoring = [(s, c) for s, c, m in self.inbox if m]
        informal = [(s, c) for s, c, m in self.inbox if not m]
        self.learnt = np.zeros_like(self.tacit)
        if mentoring:
            self.skills += self._gain(
                self.skills, [(s.skills_before, c * kc.mentoring_explicit_rate) for s, c in mentoring]
            )
            self.learnt = self._gain(self.tacit, [(s.tacit_before, c * kc.mentoring_tacit_rate) for s, c in mentoring])
            self.tacit += self.learnt
        self.informal = informal
        self.inbox = []

    def absorb_informal(self) -> None:
        """Informal contacts: small shares of the gap, explicit and tacit."""
        kc = self.model.config.knowledge
        if self.informal:
            self.skills += self._gain(
                self.skills, [(s.skills_before, kc.informal_explicit_rate) for s, _ in self.informal]
            )
            self.tacit += self._gain(self.tacit, [(s.tacit_before, kc.informal_tacit_rate) for s, _ in self.informal])
        self.informal = []

    @staticmethod
    def _gain(x: np.ndarray, flows: list[tuple[np.ndarray, float]]) -> np.ndarray:
        total = sum(c for _, c in flows)
        scale = 1.0 / total if total > 1.0 else 1.0
        gain = np.zeros_like(x)
        for source, c in flows:
            gain += c * scale * np.maximum(source - x, 0.0)
        return np.minimum(gain, 1.0 - x)

    def contact(self) -> None:
        """Draw this week's informal conversations along the edges this agent holds."""
        m = self.model
        p = m.config.knowledge.informal_contact_p
        for seat in self.contacts:
            if m.rng.random() < p:
                other = m.seats[seat]
                self.inbox.append((other, 1.0, False))
                other.inbox.append((self, 1.0, False))

    def practise(self) -> None:
        """Learning by doing and obsolescence."""
        kc, stale = self.model.config.knowledge, self.model.stale
        self.tacit += kc.tacit_learning_per_year / WEEKS_PER_YEAR * self.aptitude * (1.0 - self.tacit)
        self.skills += kc.explicit_learning_per_year / WEEKS_PER_YEAR * (1.0 - self.skills)
        self.tacit *= 1.0 - stale / WEEKS_PER_YEAR
        self.skills *= 1.0 - stale / WEEKS_PER_YEAR

    def engage(self) -> None:
        """Engagement drifts to the baseline, lifted by meetings and learning, worn by overload."""
        cfg, m = self.model.config, self.model
        ec = cfg.engagement
        attended = sum(1 for t in self.ties if t.met)
        short = max(len(self.ties) * m.hours_per_tie - self.hours_free, 0.0)
        step = ec.drift_per_week * (self.baseline - self.engagement)
        step += ec.meeting_boost * attended * (1.0 - self.engagement)
        step += ec.learning_boost * float(self.learnt.mean())
        if cfg.support.mentor_recognition and any(t.mentor is self for t in self.ties):
            step += cfg.support.recognition_boost
        step -= ec.overload_penalty * short
        step -= ec.isolation_penalty * self.isolated
        if ec.noise_sd > 0:
            step += self.model.rng.normal(0.0, ec.noise_sd)
        self.engagement = min(max(self.engagement + step, 0.0), 1.0)

    def consider_leaving(self) -> None:
        """Leave with this week's hazard."""
        m, tc = self.model, self.model.config.turnover
        newcomer = 1.0 + (tc.newcomer_multiplier - 1.0) * math.exp(-self.tenure_weeks / tc.newcomer_weeks)
        hazard = m.hazard_base * math.exp(tc.engagement_sensitivity * (m.e_ref - self.engagement)) * newcomer
        hz = m.hazard
        retire = 2.0 ** (self.tenure_weeks / (tc.retirement_doubling_years * 52.0))
        hazard += hz.layoff_weekly + hz.retirement_weekly * retire  # layoffs, retirements (0 for quits only)
        if m.rng.random() < hazard:
            m.leavers.append(self)


class PerAgentModel(mesa.Model):
    """The weekly rules of :class:`sim.model.MentoringModel`, one agent at a time."""

    def __init__(self, config: SimConfig) -> None:
        run = resolve(config)
        cfg = run.config
        if cfg.program.design not in BASELINE_DESIGNS or cfg.program.external_mentors:
            raise ValueError(
                f"the per-agent baseline runs designs {', '.join(BASELINE_DESIGNS)} without external mentors"
            )
        template = MentoringModel(run)  # the same organisation from the same seed
        super().__init__(rng=cfg.seed + 1)
        self.config = cfg
        st = template.state
        self.level, self.team, self.manager = st.level.copy(), st.team.copy(), st.manager.copy()
        self.n_levels, self.n_skills = st.n_levels, st.n_skills
        self.hazard_base, self.hazard, self.e_ref = template.hazard_base, template.hazard, template.e_ref
        self.stale = knowledge.obsolescence_rates(cfg.knowledge, st.n_skills)
        self.hours_per_tie = cfg.program.meetings_per_month * cfg.support.meeting_hours
        self.seats: list[PerAgentEmployee] = []
        for row in range(st.n):
            a = PerAgentEmployee(self, row)
            a.skills, a.tacit, a.aptitude = st.skills[row].copy(), st.tacit[row].copy(), st.aptitude[row].copy()
            a.engagement, a.baseline = float(st.engagement[row]), float(st.baseline[row])
            a.tenure_weeks, a.opted_in = float(st.tenure_weeks[row]), bool(st.opted_in[row])
            a.traits, a.free_hours = st.traits[row].copy(), float(st.free_hours[row])
            a.hours_free = a.free_hours + cfg.support.protected_hours_per_month
            self.seats.append(a)
        degree = template.network.degree()
        for u, v in zip(template.network.u.tolist(), template.network.v.tolist(), strict=True):
            self.seats[u].contacts.append(v)
        for a in self.seats:
            a.isolated = bool(degree[a.row] == 0)
        self.ties: list[Tie] = []
        self.leavers: list[PerAgentEmployee] = []
        self.tacit_lost = 0.0
        self.exits = 0
        self.datacollector = mesa.DataCollector(
            model_reporters={
                "knowledge_mean": lambda m: float(np.mean([a.skills.mean() for a in m.agents])),
                "tacit_mean": lambda m: float(np.mean([a.tacit.mean() for a in m.agents])),
                "engagement_mean": lambda m: float(np.mean([a.engagement for a in m.agents])),
                "exits": lambda m: m.exits,
                "ties": lambda m: len(m.ties),
            }
        )
        self.datacollector.collect(self)

    def step(self) -> None:
        """One week, in the order of :meth:`sim.model.MentoringModel.step`."""
        cfg = self.config
        elapsed = self.steps - 1
        for a in self.agents:
            a.tenure_weeks += 1.0
        # 1. programme: expired ties and no-fault reviews close; a matching round
        self._set_ties([t for t in self.ties if t.end > elapsed and not self._fails_review(t, elapsed)])
        if is_matching_round(cfg, elapsed):
            self._match(elapsed)
        # 2.-3. meetings and the mentoring flows they carry
        self.agents.do("snapshot")
        self._meet(elapsed)
        self.agents.shuffle_do("absorb")
        # informal contacts read the knowledge after mentoring, as in the array model
        self.agents.do("snapshot")
        self.agents.shuffle_do("contact")
        self.agents.shuffle_do("absorb_informal")
        self.agents.shuffle_do("practise")
        # 4. rapport in ties that met
        kc = cfg.knowledge
        for t in self.ties:
            if t.met:
                t.rapport += kc.rapport_gain * (t.trust_cap - t.rapport)
                t.meetings += 1
        # 5.-6. engagement, then turnover and hiring into the vacated seats
        self.agents.shuffle_do("engage")
        self.leavers = []
        self.agents.shuffle_do("consider_leaving")
        for a in self.leavers:
            self.tacit_lost += float(a.tacit.mean())
            self._hire_into(a)
        self.exits = len(self.leavers)
        self.datacollector.collect(self)

    def _fails_review(self, t: Tie, elapsed: int) -> bool:
        """Hold the tie's no-fault review if it is due (sim.mechanisms.lifecycle); tell whether it ends."""
        lc = self.config.lifecycle
        due = elapsed - t.start >= lc.preparation_weeks + lc.negotiating_weeks and not t.reviewed and t.meetings > 0
        if not (lc.no_fault_exit and due):
            return False
        t.reviewed = True
        judged = t.fit + self.rng.normal(0.0, 1.0) * lc.fit_signal_sd / math.sqrt(t.meetings)
        return judged < lc.no_fault_fit

    def _set_ties(self, ties: list[Tie]) -> None:
        self.ties = ties
        for a in self.agents:
            a.ties = []
        for t in ties:
            t.mentor.ties.append(t)
            t.mentee.ties.append(t)

    def _meet(self, elapsed: int) -> None:
        """Draw each tie's meeting; a meeting puts both directions' flows in the inboxes."""
        cfg = self.config
        kc, lc = cfg.knowledge, cfg.lifecycle
        base = cfg.program.meetings_per_month / WEEKS_PER_MONTH * support.follow_through(cfg.support)
        training = support.training_multiplier(cfg.support)
        quality = {0: lc.preparation_quality, 1: lc.negotiating_quality, 2: 1.0, 3: lc.closure_quality}
        for t in self.ties:
            avail = min(self._availability(t.mentor), self._availability(t.mentee))
            t.met = self.rng.random() < min(base * avail, 1.0)
            if not t.met:
                continue
            age = elapsed - t.start
            phase = lifecycle.GROWTH
            if age < lc.preparation_weeks + lc.negotiating_weeks:
                phase = lifecycle.NEGOTIATING
            if age < lc.preparation_weeks:
                phase = lifecycle.PREPARATION
            if t.end - elapsed <= lc.closure_weeks:
                phase = lifecycle.CLOSURE
            q = t.rapport * (1.0 - kc.power_penalty * t.power) * t.share * quality[phase] * training
            back = q * kc.reverse_share if t.kind == HIERARCHICAL else q
            t.mentee.inbox.append((t.mentor, q, True))
            t.mentor.inbox.append((t.mentee, back, True))

    def _availability(self, a: PerAgentEmployee) -> float:
        asked = len(a.ties) * self.hours_per_tie
        return min(1.0, a.hours_free / max(asked, 1e-12))

    def _match(self, elapsed: int) -> None:
        """A matching round by the model's matching code, on arrays gathered from the agents."""
        cfg = self.config
        people = self.seats
        state = Workforce(
            level=self.level,
            manager=self.manager,
            team=self.team,
            tenure_weeks=np.array([a.tenure_weeks for a in people]),
            skills=np.array([a.skills for a in people]),
            tacit=np.array([a.tacit for a in people]),
            aptitude=np.array([a.aptitude for a in people]),
            engagement=np.array([a.engagement for a in people]),
            baseline=np.array([a.baseline for a in people]),
            opted_in=np.array([a.opted_in for a in people]),
            traits=np.array([a.traits for a in people]),
            free_hours=np.array([a.free_hours for a in people]),
        )
        ties = Ties()
        for t in self.ties:
            ties.add(
                mentor=t.mentor.row,
                mentee=t.mentee.row,
                kind=t.kind,
                group=ties.new_groups(1),
                focus=-1,
                share=t.share,
                start=t.start,
                end=t.end,
                rapport=t.rapport,
                trust_cap=t.trust_cap,
                power=t.power,
                meetings=t.meetings,
                fit=t.fit,
                reviewed=t.reviewed,
                key=0,  # the per-agent model draws its meetings and reviews tie by tie itself
            )
        before = len(ties)
        form_ties(state, ties, RoundContext.of(cfg, elapsed, self.rng.integers(2**63)))
        new = [
            Tie(
                people[int(ties.mentor[i])],
                people[int(ties.mentee[i])],
                int(ties.kind[i]),
                int(ties.start[i]),
                int(ties.end[i]),
                float(ties.rapport[i]),
                float(ties.trust_cap[i]),
                float(ties.power[i]),
                float(ties.share[i]),
                float(ties.fit[i]),
            )
            for i in range(before, len(ties))
            if ties.kind[i] != CIRCLE
        ]
        self._set_ties(self.ties + new)

    def _hire_into(self, leaver: PerAgentEmployee) -> None:
        """The leaver's ties end; a new person with hire-level knowledge takes the seat."""
        cfg, rng, row = self.config, self.rng, leaver.row
        for t in leaver.ties:  # only the partners' lists change, as a per-agent model would do it
            partner = t.mentee if t.mentor is leaver else t.mentor
            partner.ties.remove(t)
            self.ties.remove(t)
        a = PerAgentEmployee(self, row)
        skills, tacit = knowledge.hire_knowledge(
            self.level[row : row + 1], self.n_levels, self.n_skills, cfg.knowledge, rng
        )
        a.skills, a.tacit = skills[0], tacit[0]
        a.aptitude = knowledge.draw_aptitude(1, self.n_skills, rng)[0]
        a.baseline = float(engagement.draw_baseline(1, cfg.engagement, rng)[0])
        a.engagement = float(engagement.draw_initial(np.array([a.baseline]), cfg.engagement, rng)[0])
        a.opted_in = bool(
            volunteering.draw_opt_in(np.array([a.baseline]), cfg.program, cfg.support, cfg.engagement, rng)[0]
        )
        a.traits = fit.draw_traits(1, rng)[0]
        a.free_hours = float(support.draw_free_hours(1, cfg.support, rng)[0])
        a.hours_free = a.free_hours + cfg.support.protected_hours_per_month
        a.tenure_weeks = 0.0
        a.contacts = leaver.contacts
        a.isolated = leaver.isolated
        a.learnt = np.zeros(self.n_skills)
        leaver.remove()
        self.seats[row] = a

    def run(self, steps: int | None = None) -> PerAgentModel:
        """Run ``steps`` weekly steps (default: the config's ``steps``)."""
        for _ in range(self.config.steps if steps is None else steps):
            self.step()
        return self
