"""Growth and cuts: headcount that follows a plan, a hiring freeze, a layoff (``headcount.*``; docs/model.md 7.16).

By default every leaver's seat is filled the week they leave and headcount never changes. A plan
changes it, mostly at the front line, where most hiring and most cuts happen:

- ``headcount.change_per_year`` > 0 opens new front-line seats so that headcount grows to
  ``n0 x (1 + change x elapsed / 52)`` over the plan's ``headcount.weeks`` from ``headcount.start_week``
  (``elapsed`` its weeks so far), then holds. The new seats are built with the organisation, empty, under
  its first-line managers (each to the manager with the fewest reports so far): spans widen, no new
  manager seats are created. They open lowest row first as the plan asks for them.
- ``change_per_year`` < 0 shrinks by attrition: a front-line leaver's seat is left empty while headcount
  is above the plan.
- ``headcount.freeze_weeks`` > 0: no front-line hire for that many weeks from ``start_week`` (seats above the
  front line are still filled, by promotion or from outside); after it, empty seats are filled up to the
  plan at once.
- ``headcount.layoff_share`` > 0: in ``start_week`` each employee at ``headcount.layoff_level`` (the front line
  by default; -1 every level below the top) is laid off with that chance (keyed to the person), and the plan is
  lowered by the people laid off: their seats close. A closed manager's reports go to a colleague
  (:func:`close_seats`).

An empty seat has no occupant (``uid`` -1): no knowledge, no exit clock, no programme, no informal
mentoring or promotion, counted in no mean; a leaver's seat left empty loses its occupant's knowledge.
Every figure of a run is over the people employed (sim.metrics). Replacement costs count the leavers
whose seats were filled (sim.economics).
"""

from __future__ import annotations

import math

import numpy as np

from sim.config import HeadcountConfig
from sim.state import FIELDS, Workforce
from sim.streams import hashed, keyed_uniforms
from sim.units import WEEKS_PER_YEAR

#: A sub-key of the run's ``headcount`` key: who is laid off.
_LAYOFF = 1


def planned(cfg: HeadcountConfig) -> bool:
    """Whether headcount may change (any key of this module set)."""
    return cfg.change_per_year != 0.0 or cfg.freeze_weeks > 0 or cfg.layoff_share > 0.0


def new_seats(cfg: HeadcountConfig, n0: int) -> int:
    """How many front-line seats growth will need beyond the starting ``n0``."""
    if cfg.change_per_year <= 0:
        return 0
    return math.ceil(n0 * cfg.change_per_year * cfg.weeks / WEEKS_PER_YEAR - 1e-9)


def target(cfg: HeadcountConfig, n0: int, week: int, laid_off: int) -> int:
    """The planned headcount at the end of ``week`` (0-based): the plan's share of the change so far, less the laid off."""
    elapsed = min(max(week + 1 - cfg.start_week, 0), cfg.weeks)
    return round(n0 * (1.0 + cfg.change_per_year * elapsed / WEEKS_PER_YEAR)) - laid_off


def frozen(cfg: HeadcountConfig, week: int) -> bool:
    """Whether ``week`` falls in the hiring freeze."""
    return cfg.start_week <= week < cfg.start_week + cfg.freeze_weeks


def with_new_seats(state: Workforce, m: int) -> Workforce:
    """``state`` with ``m`` empty front-line seats appended, each under the first-line manager with the fewest reports.

    A one-level organisation (everyone at the front line, nobody managing) gets seats without a manager.
    """
    if m == 0:
        return state
    managers = np.flatnonzero(state.level == 1)
    boss = np.full(m, -1, dtype=np.int64)
    team = np.full(m, int(state.team.max()) + 1, dtype=np.int64)
    if len(managers):
        reports = np.bincount(state.manager[state.manager >= 0], minlength=state.n)[managers].astype(np.int64)
        boss = managers[least_loaded_first(reports, m)]
        has = np.flatnonzero(state.manager >= 0)
        bosses, first = np.unique(state.manager[has], return_index=True)  # each manager's first report's team
        their_team = np.full(state.n, team[0], dtype=np.int64)
        their_team[bosses] = state.team[has[first]]
        team = their_team[boss]
    k = state.n_skills
    extra = Workforce(
        level=np.zeros(m, dtype=state.level.dtype),
        manager=boss,
        team=team.astype(state.team.dtype),
        tenure_weeks=np.zeros(m),
        skills=np.zeros((m, k)),
        tacit=np.zeros((m, k)),
        aptitude=np.zeros((m, k)),
        engagement=np.zeros(m),
        baseline=np.zeros(m),
        opted_in=np.zeros(m, dtype=bool),
        traits=np.zeros((m, state.traits.shape[1])),
        free_hours=np.zeros(m),
        uid=np.full(m, -1, dtype=np.int64),
        hired_step=np.zeros(m, dtype=np.int64),
        exit_clock=np.full(m, np.inf),
        seat_hires=np.zeros(m, dtype=np.int64),
    )
    return Workforce(**{f: np.concatenate((getattr(state, f), getattr(extra, f))) for f in FIELDS})


def least_loaded_first(load: np.ndarray, m: int) -> np.ndarray:
    """Which of the managers with ``load`` reports each of ``m`` new seats goes to, one at a time to the least loaded.

    As giving each seat in turn to the manager with the fewest reports so far (the first of them on a tie), without the
    loop: each manager's slots from their load up to a common level, taken in (load then, manager) order.
    """
    k = len(load)
    level = -(-(int(load.sum()) + m) // k)  # every manager brought to this level holds at least m new seats
    counts = np.maximum(level - load, 0)
    owner = np.repeat(np.arange(k), counts)
    slot = load[owner] + np.arange(len(owner)) - np.repeat(np.cumsum(counts) - counts, counts)
    return owner[np.lexsort((owner, slot))[:m]]


def empty(state: Workforce, rows: np.ndarray) -> None:
    """Leave ``rows`` without an occupant: what the last one knew and their clock go with them."""
    state.uid[rows] = -1
    for name in ("skills", "tacit", "aptitude", "traits"):
        getattr(state, name)[rows] = 0.0
    state.engagement[rows] = state.baseline[rows] = state.free_hours[rows] = state.tenure_weeks[rows] = 0.0
    state.opted_in[rows] = False
    state.exit_clock[rows] = np.inf


def laid_off(state: Workforce, keys: np.ndarray, n: int, share: float, level: int = 0) -> np.ndarray:
    """The employees laid off (stacked rows, ascending): each at ``level`` with chance ``share``, keyed to the person.

    ``keys``: each run's key of the week (uint64[R]); ``n`` rows per run; ``level`` -1: every level below the
    top (the organisation keeps its head).
    """
    top = int(state.level.max())
    at = (state.level < top) if level < 0 else (state.level == level) & ((state.level < top) | (top == 0))
    rows = np.flatnonzero(at & (state.uid >= 0))
    u = keyed_uniforms(hashed(keys[rows // n], _LAYOFF), state.uid[rows].astype(np.uint64))
    return rows[u < share]


def seats_to_fill(
    state: Workforce, vacant: np.ndarray, leavers: np.ndarray, n: int, aims: np.ndarray, freeze: bool
) -> np.ndarray:
    """Which seats to hire into this week (stacked rows, ascending), under each run's planned headcount.

    Args:
        vacant: the seats left to fill from outside (leavers' and promoted people's, ascending).
        leavers: this week's leavers (they still hold their seats' uids).
        n: rows per run. aims: each run's planned headcount at the end of the week (int[R]).
        freeze: whether front-line hiring is frozen this week.

    Seats above the front line are always filled. Front-line seats are filled up to the plan: this week's
    vacated ones first (lowest row first), then empty ones (lowest row first); none while frozen.
    """
    r = len(aims)
    held = np.bincount(np.flatnonzero(state.uid >= 0) // n, minlength=r) - np.bincount(leavers // n, minlength=r)
    above = vacant[state.level[vacant] > 0]
    front = vacant[state.level[vacant] == 0]
    room = aims - held - np.bincount(above // n, minlength=r)
    if freeze:
        room[:] = 0
    chosen = [above]
    empty_front = np.flatnonzero((state.level == 0) & (state.uid < 0))
    for i in np.flatnonzero(room > 0).tolist():
        mine = front[front // n == i]
        take = mine[: room[i]]
        more = room[i] - len(take)
        if more > 0:
            spare = empty_front[empty_front // n == i]
            take = np.concatenate((take, spare[:more]))
        chosen.append(take)
    return np.sort(np.concatenate(chosen)).astype(np.int64)


def close_seats(state: Workforce, closed: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Close the manager seats ``closed`` (stacked rows, their occupants laid off): their reports go to a colleague.

    Each closed seat's reports go to the seat's colleague (same manager, same level, held, not closed) with the
    fewest reports, lowest row first, and join that colleague's team; without a colleague, to the closed seat's
    own manager. Seats are closed top level first. ``state.manager`` and ``state.team`` change in place (each
    run's own rows, as ``manager`` holds them). Returns the reports moved, their old and their new managers
    (stacked rows, aligned). Each closure looks only at the seats around it (a sorted index of the chart).
    """
    rows = np.arange(state.n)
    base_of = (rows // n) * n
    boss = np.where(state.manager >= 0, state.manager + base_of, -1)  # stacked
    order = np.argsort(boss, kind="stable")
    by_boss = boss[order]
    load = np.bincount(boss[boss >= 0], minlength=state.n)
    shut = np.zeros(state.n, dtype=bool)
    shut[closed] = True
    added: dict[int, list[int]] = {}  # reports a seat took over this week
    next_team = {b: int(state.team[b : b + n].max()) + 1 for b in np.unique(base_of[closed]).tolist()}

    def reports_of(x: int) -> list[int]:
        lo, hi = np.searchsorted(by_boss, x, "left"), np.searchsorted(by_boss, x, "right")
        return [r for r in order[lo:hi].tolist() if boss[r] == x] + added.get(x, [])

    moved, old, new = [], [], []
    for c in sorted(closed.tolist(), key=lambda row: (-int(state.level[row]), row)):
        mine = reports_of(c)
        if not mine:
            continue
        up = int(boss[c])
        peers = (
            []
            if up < 0
            else [
                p
                for p in reports_of(up)
                if p != c and not shut[p] and state.level[p] == state.level[c] and state.uid[p] >= 0
            ]
        )
        if peers:
            to = min(peers, key=lambda p: (load[p], p))
        elif up >= 0:
            to = up
        else:  # the top closed (a layoff keeps the head): leave its reports where they are
            continue
        kept = reports_of(to)
        base = int(base_of[c])
        if kept:
            team = int(state.team[kept[0]])
        else:
            team, next_team[base] = next_team[base], next_team[base] + 1
        mine_a = np.array(mine, dtype=np.int64)
        state.manager[mine_a] = to - base
        state.team[mine_a] = team
        boss[mine_a] = to
        load[to] += len(mine)
        added.setdefault(to, []).extend(mine)
        moved.append(mine_a)
        old.append(np.full(len(mine), c, dtype=np.int64))
        new.append(np.full(len(mine), to, dtype=np.int64))
    if not moved:
        none = np.zeros(0, dtype=np.int64)
        return none, none, none
    return np.concatenate(moved), np.concatenate(old), np.concatenate(new)
