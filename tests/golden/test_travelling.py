"""The golden check that travels: seeded summaries within stated tolerances, on any machine.

The bit-for-bit goldens (test_golden.py) hold only where the vector kernels can be pinned to
those they were written with; elsewhere a last-bit difference in an exp or a sum sends a run
down another path, as another seed would. This check compares instead each design's mean
over 20 seeds of a few summary figures with the recorded ones (tests/golden/outputs.json,
"travelling", written with the goldens), within a tolerance stated in advance: five standard
errors of the recorded mean. Where nothing changed in the arithmetic the difference is zero;
where the arithmetic differs, the two means are like two replications of 20 seeds, whose
difference has a standard deviation of about 1.4 standard errors, so five is 3.5 of those
(about 1 in 2,000 per figure by chance). A change of behaviour larger than that fails here on
every machine. This test runs in the test process, whose kernels are not pinned: on a machine
with AVX-512 it is itself a check from another arithmetic than the recorded one.
"""

import json
import math

import pytest

from tests.golden import cases

#: Stated in advance: the largest difference of a mean allowed, in standard errors of the recorded mean.
TOLERANCE_SE = 5.0


@pytest.fixture(scope="module")
def now():
    return cases.travelling()


@pytest.mark.parametrize("design", cases.TRAVELLING_DESIGNS)
def test_each_design_s_seeded_means_are_where_they_were_recorded(now, design):
    recorded = json.loads(cases.GOLDEN.read_text())["travelling"][design]
    for metric, (mean, sd, n) in recorded.items():
        got = now[design][metric][0]
        allowed = TOLERANCE_SE * sd / math.sqrt(n) + 1e-9 * max(1.0, abs(mean))
        assert abs(got - mean) <= allowed, f"{design} {metric}: {got:.6g} against {mean:.6g} (+/- {allowed:.3g})"


@pytest.mark.parametrize(
    ("broken", "metric"),
    [
        ({"knowledge.mentoring_tacit_rate": 0.03}, "tacit_transferred_total"),  # meetings teach half as much
        ({"engagement.meeting_boost": 0.0}, "engagement_mean_final"),  # meetings no longer lift engagement
    ],
)
def test_the_tolerance_catches_a_changed_mechanism(broken, metric):
    recorded = json.loads(cases.GOLDEN.read_text())["travelling"]["peer"][metric]
    mean, sd, n = recorded
    got = cases.travelling(("peer",), seeds=n, **broken)["peer"][metric][0]
    assert abs(got - mean) > TOLERANCE_SE * sd / math.sqrt(n), (got, mean)
