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
