"""Invariants under random valid configurations, and one-line refusals of invalid values (hypothesis).

``MENTORING_SIM_EXAMPLES`` sets the number of random configurations (default 500, CI's
budget: about a minute here).
"""

import os

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim import MentoringModel
from sim.config import ConfigError, SimConfig, iter_fields, with_overrides
from sim.inputs.roster import FIELDS as ROSTER_FIELDS
from sim.mechanisms import contacts
from sim.mechanisms.designs import DESIGNS
from sim.mechanisms.matching import STRATEGIES
from sim.resolved import resolve
from sim.ties import CIRCLE, HIERARCHICAL, PEER, REVERSE

EXAMPLES = int(os.environ.get("MENTORING_SIM_EXAMPLES", "500"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def configs(draw):
    """A valid configuration of any design, matching, network and tenure distribution, small enough to run fast."""
    design = draw(st.sampled_from(list(DESIGNS)))
    n = draw(st.integers(10, 150))
    over = {
        "seed": draw(st.integers(0, 2**32)),
        "steps": draw(st.integers(1, 30)),
        "org.n_employees": n,
        # senior and reverse mentoring need a level above the front line (a design that can form no tie is refused)
        "org.levels": draw(st.integers(2 if design in ("hierarchical", "reverse") else 1, 5)),
        "org.span_of_control": draw(st.floats(1.5, 8.0)),
        "org.n_skills": draw(st.integers(1, 6)),
        "org.tenure_distribution": draw(st.sampled_from(["stationary", "exponential", "uniform"])),
        "network.kind": draw(st.sampled_from(["small_world", "scale_free", "random", "teams"])),
        "network.include_reporting_lines": draw(st.booleans()),
        "program.design": design,
        "program.match_every_weeks": draw(st.integers(1, 10)),
        "program.duration_weeks": draw(st.integers(1, 40)),
        "program.mentor_capacity": draw(st.integers(1, 4)),
        "program.meetings_per_month": draw(st.floats(0.0, 8.0)),
        "program.opt_in_rate": draw(st.floats(0.0 if design == "none" else 1e-6, 1.0)),  # nobody: refused
        "program.volunteer_selection": draw(st.floats(0.0, 3.0)),
        "program.circle_size": draw(st.integers(3, min(8, n))),
        "matching.strategy": draw(st.sampled_from(list(STRATEGIES))),
        "matching.candidates": draw(st.integers(1, 16)),
        "matching.allow_direct_manager": draw(st.booleans()),
        "support.free_hours_per_month": draw(st.floats(0.0, 10.0)),
        "support.free_hours_cv": draw(st.floats(0.0, 2.0)),
        "support.protected_hours_per_month": draw(st.floats(0.0, 6.0)),
        "support.confidentiality": draw(st.booleans()),
        "support.mentor_training": draw(st.booleans()),
        "lifecycle.no_fault_fit": draw(st.floats(0.0, 1.0)),
        "turnover.rate_annual": draw(st.one_of(st.just(0.0), st.floats(0.01, 0.95))),
        "careers.internal_share": draw(st.one_of(st.just(0.0), st.floats(0.0, 1.0))),
        "careers.min_tenure_years": draw(st.floats(0.0, 3.0)),
        "careers.sponsor_boost": draw(st.floats(0.0, 1.0)),
        "careers.engagement_weight": draw(st.floats(0.0, 2.0)),
        "careers.readiness_spread": draw(st.floats(0.001, 1.0)),
        "informal.formation_per_year": draw(st.one_of(st.just(0.0), st.floats(0.0, 12.0))),
        "informal.max_tenure_years": draw(st.floats(0.0, 10.0)),
        "informal.crowd_out": draw(st.floats(0.0, 1.0)),
        "informal.seniority_years": draw(st.floats(0.0, 10.0)),
        "informal.mentor_capacity": draw(st.integers(1, 4)),
        "informal.meetings_per_month": draw(st.floats(0.0, 8.0)),
        "informal.duration_weeks": draw(st.integers(1, 60)),
        "network.personal": draw(st.booleans()),
        "network.build_weeks": draw(st.floats(1.0, 52.0)),
        "network.legacy_p": draw(st.one_of(st.just(0.0), st.floats(0.0, 1.0))),
    }
    if draw(st.booleans()):  # a headcount plan: growth or cuts, a freeze, a layoff
        over["headcount.change_per_year"] = draw(st.floats(-0.5, 1.0))
        over["headcount.start_week"] = draw(st.integers(0, 20))
        over["headcount.weeks"] = draw(st.integers(1, 60))
        over["headcount.freeze_weeks"] = draw(st.integers(0, 20))
        over["headcount.layoff_share"] = draw(st.one_of(st.just(0.0), st.floats(0.0, 0.9)))
        over["headcount.layoff_level"] = draw(st.integers(-1, 4))
    if over["network.personal"]:
        over["network.fade_years"] = draw(st.one_of(st.just(0.0), st.floats(0.01, 5.0)))
    over["knowledge.fast_skill"] = draw(st.integers(-1, over["org.n_skills"] - 1))
    over["network.mean_degree"] = draw(st.integers(2, max(2, min(12, n - 1))))
    over["network.attach_m"] = draw(st.integers(1, max(1, min(4, n - 1))))
    if DESIGNS[design].external_mentors:
        over["program.external_mentors"] = draw(st.integers(0, 5))
    if design == "peer_circles" and over["matching.strategy"] in ("optimal", "stable"):
        over["matching.strategy"] = draw(st.sampled_from(["random", "skill_gap", "similarity", "diversity"]))
    return over


def check_state(model: MentoringModel) -> None:
    st_, t, ext = model.state, model.ties, model.external
    cfg = model.config
    here = st_.occupied
    assert st_.n >= cfg.org.n_employees and len(model.agents) == here.sum() == model.timeseries_rows()[-1]["headcount"]
    if not model.schedule.planned:
        assert here.all() and st_.n == cfg.org.n_employees
    empty = np.flatnonzero(~here)
    assert np.all(st_.uid[empty] == -1)
    boss = st_.manager[here]
    assert np.all((boss < 0) | here[np.maximum(boss, 0)]), (
        "everyone's manager is employed: an empty seat manages nobody"
    )
    assert np.all(st_.tacit[empty] == 0) and not np.any(st_.opted_in[empty])
    for table in (model.ties, model.informal_ties):
        assert not np.isin(empty, np.concatenate((table.mentor, table.mentee))).any(), "no tie to an empty seat"
    assert not np.isin(empty, model.external.mentee).any()
    for x in (st_.skills, st_.tacit):
        assert np.all((x >= 0.0) & (x <= 1.0))
    assert np.all((st_.engagement >= 0.0) & (st_.engagement <= 1.0))
    assert np.all(st_.free_hours >= 0.0)
    assert np.all(t.mentor != t.mentee), "nobody is tied to themselves"
    assert np.all((t.mentor >= 0) & (t.mentor < st_.n) & (t.mentee >= 0) & (t.mentee < st_.n)), "no empty seat"
    assert np.all((ext.mentee >= 0) & (ext.mentee < st_.n))
    assert np.all((ext.mentor >= 0) & (ext.mentor < max(cfg.program.external_mentors, 1)))
    cap = cfg.program.mentor_capacity
    hier = t.kind == HIERARCHICAL
    assert np.all(np.bincount(t.mentor[hier], minlength=st_.n) <= cap)
    assert np.all(np.bincount(t.mentee[hier], minlength=st_.n) + np.bincount(ext.mentee, minlength=st_.n) <= 1)
    assert np.all(np.bincount(t.mentee[t.kind == REVERSE], minlength=st_.n) <= cap)
    assert np.all(t.load(st_.n, PEER) <= cap)
    if len(ext):
        assert np.all(np.bincount(ext.mentor) <= cap)
    circles = np.zeros(st_.n)
    if (t.kind == CIRCLE).any():
        circ = t.kind == CIRCLE
        pairs = np.unique(
            np.concatenate((t.group[circ] * st_.n + t.mentor[circ], t.group[circ] * st_.n + t.mentee[circ]))
        )
        circles = np.bincount(pairs % st_.n, minlength=st_.n)
    assert np.all(circles <= 1), "one circle at a time"
    assert np.all((t.fit > 0) & (t.fit < 1)) and np.all(t.rapport <= t.trust_cap + 1e-12)
    assert len(np.unique(st_.uid[here])) == here.sum(), "a person holds one seat"
    if not model.schedule.planned:
        assert np.bincount(st_.level).tolist() == model.ledger.headcount_by_level.tolist(), "seats keep their levels"
    elif model.config.headcount.layoff_share == 0.0:  # without a layoff, every seat above the front line is held
        assert here[st_.level > 0].all()
    inf, cap = model.informal_ties, cfg.informal.mentor_capacity
    assert np.all(inf.mentor != inf.mentee) and np.all(np.bincount(inf.mentee, minlength=st_.n) <= 1)
    assert np.all(np.bincount(inf.mentor, minlength=st_.n) <= cap), "an informal mentor's room"
    assert np.all((inf.rapport >= 0) & (inf.rapport <= inf.trust_cap + 1e-12))
    if model._agents_by_row is not None:
        ids = [-1 if a is None else a.unique_id for a in model._agents_by_row]
        assert ids == st_.uid.tolist(), "agents follow their people; an empty seat has none"
    check_network(model)


def check_network(model: MentoringModel) -> None:
    """The informal network: canonical ties; a network that remembers keeps its reporting lines and its memory aligned."""
    net, st_, cfg = model.network, model.state, model.config.network
    key = net.u * net.n + net.v
    assert np.all(net.u < net.v) and np.all(np.diff(key) > 0), "each tie once, in order"
    assert np.all((net.u >= 0) & (net.v < st_.n))
    assert np.array_equal(model.isolated, net.degree() == 0)
    if net.rate is not None:
        assert len(net.rate) == len(net.u)
    if net.memory is None:
        return
    mem = net.memory
    assert len(mem.since) == len(mem.origin) == len(net.u) and np.all(mem.since <= model.steps)
    if cfg.include_reporting_lines:
        boss = np.flatnonzero(st_.manager >= 0)
        lines = np.minimum(boss, st_.manager[boss]) * net.n + np.maximum(boss, st_.manager[boss])
        assert np.isin(lines, key).all(), "reporting lines belong to the seats and never end"
    if not cfg.personal:
        assert not np.any(mem.origin == contacts.MADE), "contacts are made only by people who hold their own"
    else:  # an empty seat holds nobody's contacts
        empty = ~st_.occupied
        personal = ~contacts.reporting(net.u, net.v, st_.manager, cfg.include_reporting_lines)
        assert not np.any(personal & (empty[net.u] | empty[net.v])), "no personal tie to an empty seat"
    if cfg.legacy_p == 0.0:
        assert not np.any(mem.origin == contacts.LEGACY)


@SETTINGS
@given(configs())
def test_invariants_hold_in_every_valid_configuration(over):
    model = MentoringModel(with_overrides(SimConfig(), over))
    for _ in range(model.config.steps):
        model.step()
        check_state(model)
    ts, s = model.timeseries(), model.summary()
    for col in ("mentor_hours", "mentee_hours", "external_hours", "meetings", "tacit_lost", "tacit_transferred"):
        assert (ts[col] >= 0).all(), col
    if not model.schedule.planned:
        assert (ts["headcount"] == model.config.org.n_employees).all() and (ts["hires"] == ts["exits"]).all()
    else:  # headcount moves only by hires and exits
        assert (ts["headcount"].diff().iloc[1:] == (ts["hires"] - ts["exits"]).iloc[1:]).all()
        assert s["headcount_end"] == ts["headcount"].iloc[-1]
    assert s["meetings_total"] == ts["meetings"].sum() and s["exits_total"] == ts["exits"].sum()
    assert s["tacit_mean_final"] == ts["tacit_mean"].iloc[-1]
    assert s["knowledge_mean_final"] == ts["knowledge_mean"].iloc[-1]
    assert s["tacit_lost_total"] == pytest.approx(ts["tacit_lost"].sum())
    assert s["tacit_transferred_total"] == pytest.approx(ts["tacit_transferred"].sum())
    hours = ts["mentor_hours"].sum() + ts["mentee_hours"].sum() + ts["external_hours"].sum()
    assert s["programme_hours_total"] == pytest.approx(hours)
    promoted = model.ledger.promotions_by_level
    assert promoted[0] == 0 and s["promotions_total"] == promoted.sum() == model.ledger.promoted_from_by_level.sum()
    assert s["promotions_total"] <= s["exits_total"] * max(model.config.org.levels - 1, 0), "a chain per leaver"
    if model.config.careers.internal_share == 0.0:
        assert s["promotions_total"] == 0
    if model.config.informal.formation_per_year == 0.0:
        assert s["informal_ties_formed_total"] is None
    elif s["informal_tie_years"]:
        assert s["informal_meetings_total"] <= s["informal_tie_years"] * 52 + 1e-9, "a tie meets at most once a week"
    if not model.config.network.personal:
        assert s["network_contacts_made"] is None and s["network_ties_faded"] is None
    if s["network_legacy_ties"] is not None:
        assert 0 <= s["network_legacy_cross_team"] <= s["network_legacy_ties"]
        assert s["network_legacy_alive_end"] <= s["network_legacy_ties"]
    if s["internal_fill_rate"] is not None:
        assert 0.0 <= s["internal_fill_rate"] <= 1.0


def _bounded_keys():
    out = []
    for key, value, f in iter_fields(SimConfig()):
        m = f.metadata
        if m.get("choices"):
            out.append((key, "choices", m["choices"]))
        elif m.get("lo") is not None and not isinstance(value, bool):
            out.append((key, "range", (m["lo"], m["hi"], type(value))))
    return out


BOUNDED = _bounded_keys()


@SETTINGS
@given(st.sampled_from(BOUNDED), st.data())
def test_every_key_refuses_values_outside_what_it_allows_with_one_line(spec, data):
    key, kind, allowed = spec
    if kind == "choices":
        bad = data.draw(st.text(min_size=1, max_size=12).filter(lambda s: s not in allowed))
    else:
        lo, hi, typ = allowed
        if typ is int:
            bad = data.draw(st.one_of(st.integers(max_value=int(lo) - 1), st.integers(min_value=int(hi) + 1)))
        else:
            below = st.floats(max_value=lo, exclude_max=True, allow_nan=False, allow_infinity=False)
            above = st.floats(min_value=hi, exclude_min=True, allow_nan=False, allow_infinity=False)
            bad = data.draw(st.one_of(below, above))
    with pytest.raises(ConfigError) as err:
        resolve(with_overrides(SimConfig(), {key: bad}))
    message = str(err.value)
    assert "\n" not in message and key in message


def test_every_numeric_and_choice_key_is_covered():
    """The refusal property draws from every key but booleans and the free-form values (each checked by its own test).

    A new number or choice added to the schema without a range or choices fails here.
    """
    free_form = {"org.roster_path", "report.compare", "report.baseline", "org.roster_date", "economics.currency"}
    free_form |= {"warm_start", "checkpoint.resume", "outputs.run_prefix"}  # the last: tests/test_config.py
    free_form |= {"scenario.pinned", "org.leavers_path"}  # tests/studies/test_your_figures.py
    free_form |= {"org.network_path"}  # tests/inputs/test_network_file.py
    free_form |= {"economics.salary_by_level"} | {f"org.roster_columns.{f}" for f in ROSTER_FIELDS}
    expected = {k for k, v, _ in iter_fields(SimConfig()) if not isinstance(v, bool)} - free_form
    assert {k for k, _, _ in BOUNDED} == expected
