import numpy as np
import pytest

from sim.metrics import gini


@pytest.mark.parametrize(
    "values, expected",
    [
        ([1, 1, 1, 1], 0.0),
        ([0, 0, 0, 1], 0.75),  # one holds everything among 4: (n - 1) / n
        ([1, 2, 3, 4], 0.25),  # worked by hand: sum (2i - n - 1) x_i / (n sum x) = 10 / 40
        ([], 0.0),
    ],
)
def test_gini_hand_examples(values, expected):
    assert gini(np.array(values, dtype=float)) == pytest.approx(expected)


def test_retention_all_counts_the_start_cohort_for_every_design():
    from sim.model import MentoringModel
    from tests.helpers import small_config

    for design in ("none", "peer"):
        model = MentoringModel(small_config(**{"program.design": design, "program.start_step": 10, "steps": 40}))
        model.run()
        s = model.summary()
        cohort = model.ledger.start_cohort
        assert len(cohort) == 200
        # exits after week 10 remove cohort members; hires never join it
        exits_after = int(model.timeseries()["exits"].iloc[11:].sum())
        stayed = s["retention_all"] * len(cohort)
        assert stayed == pytest.approx(round(stayed))
        assert len(cohort) - exits_after <= stayed <= len(cohort)
        assert 0.0 < s["retention_all"] < 1.0

    late = MentoringModel(small_config(**{"program.start_step": 100, "steps": 20}))
    late.run()
    assert late.summary()["retention_all"] is None
