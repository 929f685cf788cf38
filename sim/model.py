"""MentoringModel: a Mesa model of an organisation whose employees learn, disengage and leave.

State lives in arrays (:class:`sim.state.Workforce`, the programme's ties in
:class:`sim.mechanisms.program.Program`, the informal network); each
:class:`~sim.agents.Employee` agent is a view of its row. One weekly step (docs/model.md),
written once in :mod:`sim.schedule` for a single run and an ensemble alike:

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

Every random draw comes from ``self.streams`` (sim.streams): the config's ``seed`` spawns one
generator per purpose, hires and exits are keyed to people, so two designs on one seed share
every draw that is not the programme's own. Mesa's ``self.rng`` is seeded alike for Mesa's
own uses; the mechanisms never draw from it.
"""

from __future__ import annotations

from typing import Any

import mesa
import numpy as np
import pandas as pd
from mesa.time import EventGenerator, Priority, Schedule

from sim import checkpoint, metrics
from sim.agents import Employee
from sim.config import SimConfig, with_overrides
from sim.ledger import Ledger
from sim.mechanisms import contacts, headcount, history, practice, productivity, support, turnover, volunteering
from sim.mechanisms.network import build_network, from_edges, grown_network
from sim.mechanisms.organisation import build_workforce, workforce_from_roster
from sim.mechanisms.program import Program
from sim.resolved import Resolved, resolve
from sim.schedule import Replicate, Stack
from sim.streams import Streams
from sim.ties import Ties
from sim.units import WEEKS_PER_YEAR


class MentoringModel(mesa.Model):
    """A workplace mentoring network.

    Args:
        config: a resolved configuration (:func:`sim.resolved.resolve`), or a plain one the
            model checks and resolves itself; defaults to ``SimConfig()``.
        rng: seed (int) or generator (one draw from it seeds the run); defaults to the config's
            ``seed``. Mesa's ``batch_run`` passes it.
        scenario: accepted because SolaraViz's Reset passes one; only its ``rng`` is used
            (when ``rng`` is not given): the model's parameters are its config.
        **overrides: dotted config keys, e.g. ``MentoringModel(**{"org.n_employees": 200,
            "program.design": "peer"})``; they make the model usable from ``batch_run`` and
            SolaraViz, which pass keyword parameters.

    Raises:
        sim.config.ConfigError: for any value out of range.
    """

    def __init__(
        self, config: SimConfig | Resolved | None = None, *, rng: Any = None, scenario: Any = None, **overrides: Any
    ) -> None:
        if rng is None and scenario is not None:
            rng = getattr(scenario, "rng", None)
        run = _resolved(config, rng, overrides)
        cfg = run.config
        self._agents_by_row: list[Employee] | None = None  # made on first use (Mesa-facing helpers)
        super().__init__(rng=cfg.seed if rng is None or isinstance(rng, (int, np.integer)) else rng)
        self.config, self.roster, self.resolved = cfg, run.roster, run
        seed = int(rng.integers(2**63 - 1)) if isinstance(rng, np.random.Generator) else cfg.seed
        #: The run's generators, one per purpose (sim.streams).
        self.streams = Streams(seed)
        # Hazard calibration (sim.mechanisms.turnover): the baseline hazard for which the
        # no-programme steady state loses turnover.rate_annual of headcount a year.
        self.steady = turnover.steady_state(cfg.turnover, cfg.engagement)
        self.hazard = turnover.Hazard() if self.steady is None else self.steady.hazard
        self.hazard_base = self.hazard.quit_weekly
        self.e_ref = cfg.engagement.baseline_mean
        #: Where a warm-started run's organisation came from ({path, step, config_hash}), else None.
        self.warm_started: dict[str, Any] | None = None
        self.program = Program(cfg)
        #: Informal mentoring ties (sim.mechanisms.informal_mentoring; the week's stack holds the same table).
        self.informal_ties = Ties()
        #: Mesa ids of the new practice's experts (sim.mechanisms.practice; empty when off).
        self.practice_experts = np.zeros(0, dtype=np.int64)
        if cfg.checkpoint.resume:
            self._resume(checkpoint.load(cfg.checkpoint.resume))
        elif cfg.warm_start:
            self._warm_start(checkpoint.load(cfg.warm_start))
        else:
            self._build()
        st = self.state
        self.ties, self.external = self.program.ties, self.program.external
        # The week (sim.schedule) over this run's arrays: a stack of one replicate.
        self.replicate = Replicate(
            cfg,
            self.program,
            self.ledger,
            self.streams,
            self._rows,
            self.practice_experts,
            roster=self.roster,
            informal=self.informal_ties,
        )
        if contacts.remembers(cfg.network) and self.network.memory is None:  # built, or a saved one kept as built
            self.network.memory = contacts.starting_memory(
                self.network.u, self.network.v, st.n, st.team, st.manager, cfg.network.include_reporting_lines
            )
            new = ~st.occupied  # a growth plan's seats: their first occupants make a front-line seat's contacts
            if new.any():
                usual = self.network.memory.target[st.occupied & (st.level == 0)]
                self.network.memory.target[new] = round(float(usual.mean())) if len(usual) else 0
        self.schedule = Stack(
            st,
            self.network,
            [self.replicate],
            self.hazard,
            self.e_ref,
            self._create_agents,
            self._move_agents,
            self._remove_agents,
        )
        # Mesa's DataCollector mirrors the timeseries for Mesa tools (batch_run, SolaraViz);
        # its reporters read the row the step already computed, so collecting costs little.
        self.datacollector = mesa.DataCollector(
            model_reporters={c: _last_row_reporter(c) for c in metrics.TIMESERIES_COLUMNS if c != "step"}
        )
        for name in self.datacollector.model_vars:  # the rows so far (one for a new run)
            self.datacollector.model_vars[name] = [row[name] for row in self._rows]

    @property
    def isolated(self) -> np.ndarray:
        """Rows with no informal tie (bool[N])."""
        return self.schedule.isolated

    @property
    def timings(self) -> dict[str, float]:
        """Seconds spent in each mechanism over all steps so far (``python -m sim.bench``)."""
        return self.schedule.timings

    def _build(self) -> None:
        """A new organisation: people, network, Mesa agents, and the timeseries' step 0."""
        cfg = self.config
        if self.roster is None:
            self.state = build_workforce(cfg, self.streams, self.steady)
        else:
            self.state = workforce_from_roster(self.roster, cfg, self.streams)
        st = self.state
        edges = self.resolved.network  # the user's own network (org.network_path), or None: generated
        if edges is None:
            self.network = build_network(cfg.network, st.team, st.manager, self.streams.network)
        else:
            self.network = from_edges(edges.u, edges.v, st.manager, cfg.network.include_reporting_lines, edges.weight)
        given = self.roster
        history.build(
            st,
            self.network.u,
            self.network.v,
            cfg.knowledge,
            history.history_weeks(cfg.knowledge),
            self.streams.history,
            keep_skills=given is not None and given.skills is not None,
            keep_tacit=given is not None and given.tacit is not None,
            rate=self.network.rate,
        )
        st.uid = self._count_ids(st.n)  # the ids Mesa gives agents created in row order
        st.hired_step = -np.round(st.tenure_weeks).astype(np.int64)
        self.practice_experts = st.uid[practice.seed(st, cfg.practice)]
        grow = headcount.new_seats(cfg.headcount, st.n)  # empty front-line seats a growth plan will open
        if grow:
            self.state = st = headcount.with_new_seats(st, grow)
            self.network = grown_network(self.network, st, cfg.network.include_reporting_lines)
        self._new_ledger()

    def _new_ledger(self) -> None:
        st = self.state
        self.ledger = Ledger(st.n, st.n_levels)
        here = st.occupied
        self.ledger.headcount_by_level = np.bincount(st.level[here], minlength=st.n_levels)
        know_how = productivity.know_how(st)
        self.ledger.know_ref = float(know_how.mean() if here.all() else know_how[here].mean())
        self._rows: list[dict[str, Any]] = []
        self._record(metrics.WeekCounts())

    def _adopt(self, snap: checkpoint.Snapshot) -> None:
        """Take the saved organisation: workforce, network, and Mesa agents with the saved uids."""
        self.state = checkpoint.workforce(snap)
        self.network = checkpoint.network(snap)
        self.agent_id_counter = int(snap.meta["next_agent_id"])

    def _resume(self, snap: checkpoint.Snapshot) -> None:
        """Everything as saved: the run goes on as if never interrupted (same draws, same bytes)."""
        self._adopt(snap)
        self.program.ties = checkpoint.ties(snap, "ties")
        self.program.external = checkpoint.ties(snap, "external")
        self.informal_ties = checkpoint.ties(snap, "informal")
        self.ledger = checkpoint.ledger(snap)
        self._rows = checkpoint.timeseries_rows(snap)
        self.streams = Streams.restored(snap.meta["streams"])
        self.rng.bit_generator.state = snap.meta["rng"]
        self.warm_started = snap.meta["warm_start"]
        self.practice_experts = snap.arrays.get("practice.experts", self.practice_experts).copy()
        # Mesa's clock: the next step is number snap.step + 1.
        self._default_schedule.stop()
        self.steps, self.time = snap.step, float(snap.step)
        self._default_schedule = EventGenerator(
            self, self._do_step, Schedule(interval=1.0, start=snap.step + 1.0), priority=Priority.HIGH
        ).start()

    def _warm_start(self, snap: checkpoint.Snapshot) -> None:
        """The saved organisation as step 0 of a new run (docs/checkpoints.md).

        People, knowledge, engagement, tenure and the network are the saved ones; the ledger
        and timeseries start afresh; who volunteers and the free hours people find are drawn
        for this run's programme and support; the streams are seeded from (seed, saved step),
        so every design of a sweep sharing a seed shares its draws.
        """
        self._adopt(snap)
        st, cfg = self.state, self.config
        st.hired_step -= snap.step  # hire steps count from the new step 0
        here = st.occupied
        grow = headcount.new_seats(cfg.headcount, int(here.sum())) - int((~here & (st.level == 0)).sum())
        if grow > 0:  # a growth plan needs more empty seats than the saved organisation has
            self.state = st = headcount.with_new_seats(st, grow)
            self.network = grown_network(self.network, st, cfg.network.include_reporting_lines)
        if self.network.memory is not None:  # the saved network's ties keep their ages, counted from the new step 0
            self.network.memory.since = np.where(
                self.network.memory.since >= 0, self.network.memory.since - snap.step, -1
            )
        self.streams = Streams([cfg.seed, snap.step])
        st.opted_in = volunteering.draw_opt_in(
            st.baseline, cfg.program, cfg.support, cfg.engagement, self.streams.opt_in
        )
        st.free_hours = support.draw_free_hours(st.n, cfg.support, self.streams.free_hours)
        self.warm_started = {"path": str(snap.path), "step": snap.step, "config_hash": snap.meta["config_hash"]}
        self._new_ledger()

    # -- Mesa-facing helpers -------------------------------------------------------------
    #
    # Mesa agents are made when first asked for (``model.agents``, ``employee_at``), each with its
    # occupant's id: the weekly rules read the arrays, and a million agents take seconds and hundreds
    # of megabytes to build. Ids are Mesa's numbering either way (row order at build, then each hire
    # in row order), so a run's outputs do not depend on whether anyone asked.

    @property
    def agents(self) -> mesa.agentset.AgentSet:  # type: ignore[override]
        """Every employee as a Mesa agent (made on first use)."""
        self._make_agents()
        return mesa.Model.agents.fget(self)

    @property
    def agents_by_type(self) -> dict[type, mesa.agentset.AgentSet]:  # type: ignore[override]
        """Mesa's agents by type (made on first use)."""
        self._make_agents()
        return mesa.Model.agents_by_type.fget(self)

    def employee_at(self, row: int) -> Employee:
        """The Employee currently occupying ``row``."""
        self._make_agents()
        return self._agents_by_row[row]

    def _make_agents(self) -> None:
        """Create an Employee per row with its occupant's id, once (Mesa's id counter left as it was)."""
        if self._agents_by_row is not None or not hasattr(self, "state"):
            return
        st, counter = self.state, self.agent_id_counter
        here = np.flatnonzero(st.occupied)
        agents = list(Employee.create_agents(self, len(here), row=here))
        for agent, uid in zip(agents, st.uid[here].tolist(), strict=True):
            agent.unique_id = uid
        self._agents_by_row = [None] * st.n  # an empty seat (sim.mechanisms.headcount) has no agent
        for agent, row in zip(agents, here.tolist(), strict=True):
            self._agents_by_row[row] = agent
        self.agent_id_counter = counter

    def _count_ids(self, m: int) -> np.ndarray:
        """The next ``m`` ids of Mesa's counter (int64), taken."""
        ids = np.arange(self.agent_id_counter, self.agent_id_counter + m, dtype=np.int64)
        self.agent_id_counter += m
        return ids

    def timeseries_rows(self) -> list[dict[str, Any]]:
        """The timeseries rows so far, as kept (one dict per step; do not change them)."""
        return self._rows

    @property
    def last_row(self) -> dict[str, Any]:
        """The latest timeseries row (step 0 before the first step)."""
        return self._rows[-1]

    def timeseries(self) -> pd.DataFrame:
        """One row per step so far (step 0 = initial state), columns as in ``sim.metrics``."""
        return self.schedule.timeseries(0)

    def summary(self) -> dict[str, Any]:
        """Final figures (``summary.json``); for a roster also the date its tenure was counted to and its notes."""
        return self.schedule.summary(0, self.steps)

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
                "tenure_years": st.tenure_weeks / WEEKS_PER_YEAR,
                "engagement": st.engagement,
                "knowledge_mean": st.skills.mean(axis=1),
                "tacit_mean": st.tacit.mean(axis=1),
                "opted_in": st.opted_in,
                "ever_participant": self.ledger.ever_participant,
                "mentoring_ties": self.ties.load(st.n),
            }
        )
        for k in range(st.n_skills):
            df[f"skill_{k}"] = st.skills[:, k]
            df[f"tacit_{k}"] = st.tacit[:, k]
        here = st.occupied
        return df if here.all() else df[here].reset_index(drop=True)  # empty seats have nobody to list

    # -- the weekly step -----------------------------------------------------------------

    def step(self) -> None:
        """Advance the organisation by one week (sim.schedule: the week written once)."""
        self.schedule.step(self.steps - 1)  # Mesa counts steps from 1: this is week steps - 1
        self.datacollector.collect(self)

    def _record(self, week: metrics.WeekCounts) -> None:
        st = self.state
        in_tie = self.program.in_tie(st.n)
        held = st.occupied if headcount.planned(self.config.headcount) else None
        self._rows.append(
            metrics.step_row(self.steps, st, in_tie, len(self.program), week, self.ledger.tacit_lost, held)
        )

    def _create_agents(self, replicate: int, rows: np.ndarray) -> np.ndarray:
        """Ids for the hires in ``rows`` (in row order), and their Mesa agents where agents exist."""
        if self._agents_by_row is None:
            return self._count_ids(len(rows))
        ids = np.empty(len(rows), dtype=np.int64)
        for j, row in enumerate(rows.tolist()):
            if self._agents_by_row[row] is not None:  # None: its occupant was promoted away (_move_agents)
                self._agents_by_row[row].remove()
            agent = Employee(self, row)
            self._agents_by_row[row] = agent
            ids[j] = agent.unique_id
        return ids

    def _remove_agents(self, replicate: int, rows: np.ndarray) -> None:
        """The Mesa agents of seats a headcount plan left empty go (where agents exist)."""
        if self._agents_by_row is None:
            return
        for row in rows.tolist():
            if self._agents_by_row[row] is not None:
                self._agents_by_row[row].remove()
                self._agents_by_row[row] = None

    def _move_agents(self, replicate: int, src: np.ndarray, dst: np.ndarray) -> None:
        """Promoted people's Mesa agents follow them to their new rows, in order (where agents exist)."""
        if self._agents_by_row is None:
            return
        agents = self._agents_by_row
        for a, b in zip(src.tolist(), dst.tolist(), strict=True):
            if agents[b] is not None:  # the leaver whose seat this was
                agents[b].remove()
            agents[b], agents[a] = agents[a], None
            agents[b].row = b

    def run(self, steps: int | None = None) -> MentoringModel:
        """Run ``steps`` weekly steps (default: up to the config's ``steps``); return self."""
        for _ in range(self.config.steps - self.steps if steps is None else steps):
            self.step()
        return self


def _resolved(config: SimConfig | Resolved | None, rng: Any, overrides: dict[str, Any]) -> Resolved:
    """The run's resolved config: as given, or the given one with ``overrides`` and an int ``rng`` as seed."""
    seeded = isinstance(rng, (int, np.integer))
    if isinstance(config, Resolved) and not overrides and not seeded:
        return config
    base = config.config if isinstance(config, Resolved) else config or SimConfig()
    cfg = with_overrides(base, overrides)
    if seeded:
        cfg.seed = int(rng)
    return resolve(cfg)


def _last_row_reporter(column: str):
    def report(model: MentoringModel) -> Any:
        return model.last_row[column]

    return report
