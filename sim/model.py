"""MentoringModel: a Mesa model of an organisation whose employees learn, disengage and leave.

State lives in arrays (``sim.state.Workforce``, ``sim.ties.Ties``, the informal network);
each ``Employee`` agent is a view of its row. One weekly step (DESIGN.md, docs/model.md):

1. programme: close ties whose duration is over and pairs failing the no-fault review; on a
   matching round, match volunteers;
2. meetings: each tie meets with its cadence, less under time pressure;
3. knowledge: mentoring flows, then informal contacts, then learning by doing and
   obsolescence;
4. rapport builds in ties that met;
5. engagement drifts toward each baseline, lifted by meetings and learning, lowered by
   overload and isolation;
6. turnover: leavers are drawn from the hazard, their ties end, their tacit knowledge is
   counted as lost, and a hire takes each vacated seat;
7. metrics.

Every random draw comes from ``self.rng``, seeded from the config's ``seed``.
"""

from __future__ import annotations

from time import perf_counter
from typing import Any

import mesa
import numpy as np
import pandas as pd

from sim import metrics
from sim.mechanisms import engagement
from sim.mechanisms import external
from sim.mechanisms import knowledge
from sim.mechanisms import lifecycle
from sim.mechanisms import meetings
from sim.mechanisms import program as programmes
from sim.mechanisms import support
from sim.mechanisms import turnover
from sim.agents import Employee
from sim.config import SimConfig, validate, with_overrides
from sim.mechanisms.network import build_network
from sim.mechanisms.organisation import build_workforce, resolve_roster, workforce_from_roster
from sim.ties import HIERARCHICAL, REVERSE, Ties


class MentoringModel(mesa.Model):
    """A workplace mentoring network.

    Args:
        config: a full configuration; defaults to ``SimConfig()``.
        rng: seed (int) or generator; defaults to ``config.seed``. Mesa's ``batch_run``
            passes it.
        scenario: accepted because SolaraViz's Reset passes one; only its ``rng`` is used
            (when ``rng`` is not given): the model's parameters are its config.
        **overrides: dotted config keys, e.g. ``MentoringModel(**{"org.n_employees": 200,
            "program.design": "peer"})``; they make the model usable from ``batch_run`` and
            SolaraViz, which pass keyword parameters.

    Raises:
        sim.config.ConfigError: for any value out of range.
    """

    def __init__(
        self, config: SimConfig | None = None, *, rng: Any = None, scenario: Any = None, **overrides: Any
    ) -> None:
        if rng is None and scenario is not None:
            rng = getattr(scenario, "rng", None)
        cfg = with_overrides(config or SimConfig(), overrides)
        if isinstance(rng, (int, np.integer)):
            cfg.seed = int(rng)
        validate(cfg)
        self.roster = resolve_roster(cfg)  # org=roster: sizes follow the file
        validate(cfg)
        super().__init__(rng=cfg.seed if rng is None else rng)
        self.config = cfg
        # Hazard calibration (sim.turnover): the baseline hazard for which the
        # no-programme steady state loses turnover.rate_annual of headcount a year.
        self.steady = turnover.steady_state(cfg.turnover, cfg.engagement)
        self.hazard_base = 0.0 if self.steady is None else self.steady.base_weekly
        self.e_ref = cfg.engagement.baseline_mean
        if self.roster is None:
            self.state = build_workforce(cfg, self.rng, self.steady)
        else:
            self.state = workforce_from_roster(self.roster, cfg, self.rng)
        st = self.state
        self.network = build_network(cfg.network, st.team, st.manager, self.rng)
        self.isolated = self.network.degree() == 0
        self.ties = Ties()
        self.external = Ties(external=True)  # ``mentor`` indexes the external pool, not a row
        self._stale = knowledge.obsolescence_rates(cfg.knowledge, st.n_skills)
        self._agents_by_row: list[Employee] = list(Employee.create_agents(self, st.n, row=np.arange(st.n)))
        st.uid = np.array([a.unique_id for a in self._agents_by_row], dtype=np.int64)
        st.hired_step = -np.round(st.tenure_weeks).astype(np.int64)
        self.ever_participant = np.zeros(st.n, dtype=bool)
        # Cohorts of the first matching round (uids; sim.metrics.summary's retention figures).
        self.cohort_participants: np.ndarray | None = None
        self.cohort_all: np.ndarray | None = None
        self.cohort_level: np.ndarray | None = None  # aligned with cohort_all, at that round
        self.cohort_tenure_years: np.ndarray | None = None
        self.cohort_mentees: np.ndarray | None = None  # one-to-one roles; None for peer designs
        self.cohort_mentors: np.ndarray | None = None
        # Everyone employed when the programme starts (or would start, for design "none"):
        # their retention compares designs with the baseline on the same footing.
        self.start_cohort: np.ndarray | None = None
        self.tacit_lost_cum = 0.0
        self.ties_formed = 0
        self.participants_ever: set[int] = set()
        self.mentees_ever: set[int] = set()  # uids ever in that role of a one-to-one tie
        self.mentors_ever: set[int] = set()
        self._rows: list[dict[str, Any]] = [metrics.step_row(self, 0, 0, 0.0, 0, (0.0, 0.0, 0.0))]
        # Mesa's DataCollector mirrors the timeseries for Mesa tools (batch_run, SolaraViz);
        # its reporters read the row the step already computed, so collecting costs little.
        self.datacollector = mesa.DataCollector(
            model_reporters={c: _last_row_reporter(c) for c in metrics.TIMESERIES_COLUMNS if c != "step"}
        )
        self.datacollector.collect(self)
        # Seconds spent in each mechanism over all steps so far (``python -m sim.bench``).
        self.timings = dict.fromkeys(MECHANISMS, 0.0)

    # -- Mesa-facing helpers -------------------------------------------------------------

    def employee_at(self, row: int) -> Employee:
        """The Employee currently occupying ``row``."""
        return self._agents_by_row[row]

    def timeseries(self) -> pd.DataFrame:
        """One row per step so far (step 0 = initial state), columns as in ``sim.metrics``."""
        return pd.DataFrame(self._rows, columns=list(metrics.TIMESERIES_COLUMNS))

    def summary(self) -> dict[str, Any]:
        """Final figures (``summary.json``)."""
        return metrics.summary(self)

    def employees(self) -> pd.DataFrame:
        """Current state, one row per employee."""
        st = self.state
        df = pd.DataFrame(
            {
                "uid": st.uid,
                "row": np.arange(st.n),
                "level": st.level,
                "team": st.team,
                "manager_row": st.manager,
                "tenure_years": st.tenure_weeks / 52.0,
                "engagement": st.engagement,
                "knowledge_mean": st.skills.mean(axis=1),
                "tacit_mean": st.tacit.mean(axis=1),
                "opted_in": st.opted_in,
                "ever_participant": self.ever_participant,
                "mentoring_ties": self.ties.load(st.n),
            }
        )
        for k in range(st.n_skills):
            df[f"skill_{k}"] = st.skills[:, k]
            df[f"tacit_{k}"] = st.tacit[:, k]
        return df

    # -- the weekly step -----------------------------------------------------------------

    def step(self) -> None:
        """Advance the organisation by one week."""
        cfg, st, ties, rng = self.config, self.state, self.ties, self.rng
        clock, t0 = self.timings, perf_counter()
        elapsed = self.steps - 1  # weeks completed before this one (Mesa counts from 1)
        st.tenure_weeks += 1.0
        if elapsed == cfg.program.start_step:
            self.start_cohort = st.uid.copy()

        # 1. programme scheduling: closures, no-fault exits, matching
        programmes.close_expired(ties, elapsed)
        programmes.close_expired(self.external, elapsed)
        no_fault = lifecycle.no_fault_exits(ties, elapsed, cfg.lifecycle)
        if no_fault.any():
            ties.keep(~no_fault)
        no_fault_ext = lifecycle.no_fault_exits(self.external, elapsed, cfg.lifecycle)
        if no_fault_ext.any():
            self.external.keep(~no_fault_ext)
        if programmes.is_matching_round(cfg.program, elapsed):
            self._matching_round(elapsed)
        t0 = _lap(clock, "matching", t0)

        # 2. meetings
        met = meetings.draw_meetings(ties, cfg.program, cfg.support, st.n, rng)
        met_ext = external.draw_meetings(self.external, ties, cfg.program, cfg.support, st.n, rng)
        n_meetings = len(np.unique(ties.group[met])) + int(met_ext.sum())
        mentor_h, mentee_h = support.meeting_hours(ties, met, st.n, cfg.support)
        external_h = float(met_ext.sum()) * cfg.support.meeting_hours
        hours = (mentor_h, mentee_h + external_h, external_h)
        t0 = _lap(clock, "meetings", t0)

        # 3. knowledge transfer: mentoring ties, then the informal network
        kc = cfg.knowledge
        factor = lifecycle.phase_quality(lifecycle.phases(ties, elapsed, cfg.lifecycle), cfg.lifecycle)
        factor *= support.training_multiplier(cfg.support)
        flows = meetings.mentoring_flows(ties, met, kc, st.n_skills, factor)
        knowledge.transfer(st.skills, flows.src, flows.dst, kc.mentoring_explicit_rate * flows.quality, flows.weights)
        learnt = knowledge.transfer(
            st.tacit, flows.src, flows.dst, kc.mentoring_tacit_rate * flows.quality, flows.weights
        )
        if len(self.external):
            ext_factor = lifecycle.phase_quality(lifecycle.phases(self.external, elapsed, cfg.lifecycle), cfg.lifecycle)
            ext_factor *= support.training_multiplier(cfg.support)
            learnt += external.transfer(st.skills, st.tacit, self.external, met_ext, kc, ext_factor)
        net = self.network
        contact = rng.random(net.n_edges) < kc.informal_contact_p
        a, b = net.u[contact], net.v[contact]
        src, dst = np.concatenate((a, b)), np.concatenate((b, a))
        knowledge.transfer(st.skills, src, dst, np.full(len(src), kc.informal_explicit_rate))
        knowledge.transfer(st.tacit, src, dst, np.full(len(src), kc.informal_tacit_rate))
        knowledge.learn_by_doing(st.tacit, kc.tacit_learning_per_year, st.aptitude)
        knowledge.learn_by_doing(st.skills, kc.explicit_learning_per_year)
        knowledge.obsolesce(st.tacit, self._stale)
        knowledge.obsolesce(st.skills, self._stale)
        t0 = _lap(clock, "transfer", t0)

        # 4. relationship: rapport builds with meetings
        meetings.build_rapport(ties, met, kc)
        meetings.build_rapport(self.external, met_ext, kc)
        t0 = _lap(clock, "meetings", t0)

        # 5. engagement
        attended = meetings.attended(ties, met, st.n) + np.bincount(self.external.mentee[met_ext], minlength=st.n)
        short = support.hours_short(ties, st.n, cfg.program, cfg.support, external.commitments(self.external, st.n))
        recognition = (
            cfg.support.recognition_boost * support.mentoring_now(ties, st.n) if cfg.support.mentor_recognition else 0.0
        )
        engagement.update(
            st.engagement,
            st.baseline,
            attended,
            knowledge.person_mean(learnt),
            short,
            self.isolated,
            cfg.engagement,
            rng,
            recognition,
        )
        t0 = _lap(clock, "engagement", t0)

        # 6. turnover and replacement hiring
        leavers = turnover.draw_leavers(st.engagement, st.tenure_weeks, self.hazard_base, self.e_ref, cfg.turnover, rng)
        tacit_lost = float(st.tacit[leavers].mean(axis=1).sum())
        self.tacit_lost_cum += tacit_lost
        if len(leavers):
            ties.keep(~ties.touching(leavers, st.n))
            self.external.keep(~np.isin(self.external.mentee, leavers))
            self._hire_into(leavers)
        t0 = _lap(clock, "turnover", t0)

        # 7. metrics
        n_no_fault = int(no_fault.sum() + no_fault_ext.sum())
        self._rows.append(metrics.step_row(self, len(leavers), n_meetings, tacit_lost, n_no_fault, hours))
        self.datacollector.collect(self)
        _lap(clock, "metrics", t0)

    def _matching_round(self, elapsed: int) -> None:
        cfg = self.config
        ctx = programmes.ProgrammeContext(
            cfg.program,
            cfg.matching,
            cfg.knowledge,
            cfg.lifecycle,
            cfg.support,
            elapsed,
            self.rng,
            has_external=np.bincount(self.external.mentee, minlength=self.state.n) > 0,
        )
        before = len(self.ties) + len(self.external)
        matched = programmes.run_round(self.state, self.ties, ctx)
        matched = np.concatenate((matched, external.assign(self.state, self.external, self.ties, ctx)))
        self.ties_formed += len(self.ties) + len(self.external) - before
        self.ever_participant[matched] = True
        self.participants_ever.update(self.state.uid[matched].tolist())
        # Roles of this round's one-to-one ties (peer and circle ties have none), as uids.
        new = (self.ties.start == elapsed) & np.isin(self.ties.kind, (HIERARCHICAL, REVERSE))
        new_ext = self.external.start == elapsed
        mentors = np.unique(self.state.uid[self.ties.mentor[new]])
        mentees = np.unique(self.state.uid[np.concatenate((self.ties.mentee[new], self.external.mentee[new_ext]))])
        self.mentors_ever.update(mentors.tolist())
        self.mentees_ever.update(mentees.tolist())
        if self.cohort_all is None:
            self._record_cohort(matched, mentors, mentees)

    def _record_cohort(self, matched: np.ndarray, mentors: np.ndarray, mentees: np.ndarray) -> None:
        """The first round's cohorts: everyone employed, who was matched, in which role."""
        st = self.state
        self.cohort_all = st.uid.copy()
        self.cohort_level = st.level.copy()
        self.cohort_tenure_years = st.tenure_weeks / 52.0
        self.cohort_participants = np.unique(st.uid[matched])
        if len(mentors) or len(mentees):
            self.cohort_mentors, self.cohort_mentees = mentors, mentees

    def _hire_into(self, rows: np.ndarray) -> None:
        """Replacement hires: a new person, knowledge and engagement in each vacated seat."""
        cfg, st, rng = self.config, self.state, self.rng
        m, k = len(rows), st.n_skills
        st.skills[rows], st.tacit[rows] = knowledge.hire_knowledge(st.level[rows], st.n_levels, k, cfg.knowledge, rng)
        st.aptitude[rows] = knowledge.draw_aptitude(m, k, rng)
        st.baseline[rows] = engagement.draw_baseline(m, cfg.engagement, rng)
        st.engagement[rows] = engagement.draw_initial(st.baseline[rows], cfg.engagement, rng)
        st.opted_in[rows] = support.draw_opt_in(st.baseline[rows], cfg.program, cfg.support, cfg.engagement, rng)
        st.tenure_weeks[rows] = 0.0
        st.hired_step[rows] = self.steps
        self.ever_participant[rows] = False
        for row in rows.tolist():
            self._agents_by_row[row].remove()
            agent = Employee(self, row)
            self._agents_by_row[row] = agent
            st.uid[row] = agent.unique_id

    def run(self, steps: int | None = None) -> MentoringModel:
        """Run ``steps`` weekly steps (default: the config's ``steps``); return self."""
        for _ in range(self.config.steps if steps is None else steps):
            self.step()
        return self


MECHANISMS = ("matching", "meetings", "transfer", "engagement", "turnover", "metrics")


def _lap(clock: dict[str, float], mechanism: str, since: float) -> float:
    """Add the time since ``since`` to ``mechanism``; return now (a few hundred ns a call)."""
    now = perf_counter()
    clock[mechanism] += now - since
    return now


def _last_row_reporter(column: str):
    def report(model: MentoringModel) -> Any:
        return model._rows[-1][column]

    return report
