"""Carley (1992) on the main model: the gating check fails when informal transfer is broken."""

from sim.validation.check import Size
from sim.validation.structure_check import check_hierarchies_weather_turnover, check_teams_learn_faster


def test_teams_learn_faster_passes_and_fails_without_informal_transfer(tmp_path):
    size = Size(runs=16, periods=0)  # 6 paired seeds
    ok = check_teams_learn_faster(size, tmp_path)
    assert ok.passed and ok.gating and (tmp_path / "carley.png").stat().st_size > 10_000
    broken = check_teams_learn_faster(size, tmp_path, **{"knowledge.informal_tacit_rate": 0.0})
    assert not broken.passed, broken.result


def test_the_turnover_finding_is_reported_not_gating(tmp_path):
    c = check_hierarchies_weather_turnover(Size(runs=16, periods=0), tmp_path)
    assert not c.gating and c.verdict in ("reproduced", "not reproduced")
    assert "interaction" in c.result and "95% CI" in c.result
