"""Agreement of independent replications (sim.studies.agreement)."""

from sim.studies import agreement


def test_answers_name_their_designs_and_consistency_allows_a_tie_holding_the_other_s_leader():
    assert agreement._named("tie: no programme, peer circles") == {"no programme", "peer circles"}
    assert agreement._named("peer circles") == {"peer circles"}
