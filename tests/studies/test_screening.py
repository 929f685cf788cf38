"""The screen of assumed effect sizes (sim.studies.screening) and what the decision study does with them."""

import pytest

from sim import provenance
from sim.sampling import scenarios as robustness
from sim.studies import screening
from sim.studies.levers import Size


def test_every_assumption_that_moves_a_decision_is_sampled_or_fixed_with_a_reason():
    for key in screening.MOVES_A_DECISION:
        assert provenance.kind(key) in ("assumption", "fitted"), key
        assert key in robustness.BY_KEY or robustness.FIXED.get(key), f"{key}: neither sampled nor fixed with a reason"
    for key, reason in robustness.FIXED.items():
        assert key not in robustness.BY_KEY and len(reason) > 20, key


def test_the_issue_s_three_unsampled_effects_are_now_sampled():
    """The overload penalty alone swung hybrid mentoring from best to worst on people kept."""
    for key in ("engagement.overload_penalty", "knowledge.power_penalty", "lifecycle.peer_duration_multiplier"):
        assert key in robustness.BY_KEY


@pytest.mark.slow
def test_a_small_screen_finds_nothing_that_moves_a_decision_unhandled():
    levers = tuple(
        lv
        for lv in screening.assumptions()
        if lv.key
        in {
            "engagement.overload_penalty",
            "knowledge.power_penalty",
            "engagement.meeting_boost",
            "lifecycle.closure_quality",
            "knowledge.manager_trust_cap",
        }
    )
    table = screening.screen(levers, Size(seeds=4, employees=300, weeks=156), workers=2)
    moving = set(table.loc[table["moves"], "key"])
    # measured at this size: the two engagement effects and the power penalty move money by far more than
    # the margin; closure quality and the manager's trust cap move nothing beyond it
    assert {"engagement.overload_penalty", "engagement.meeting_boost"} <= moving
    assert "lifecycle.closure_quality" not in moving
    assert all(k in robustness.BY_KEY or k in robustness.FIXED for k in moving)
