"""Batched ensembles (sim.ensemble): each replicate gives the bytes of its single run."""

import json

import pandas as pd
import pytest

from sim.config import SimConfig, with_overrides
from sim.ensemble import Ensemble, EnsembleError, check_batchable
from sim.model import MentoringModel
from sim.resolved import resolve
from tests.helpers import ROOT

DESIGNS = ("hierarchical", "peer", "peer_circles", "reverse", "hybrid")
FULL_SUPPORT = {
    "support.protected_hours_per_month": 2.0,
    "support.mentor_training": True,
    "support.mentor_recognition": True,
}


def _runs(seeds, **overrides):
    if overrides.pop("support", False) is None:
        overrides.update(FULL_SUPPORT)
    base = {"org.n_employees": 150, "steps": 60, "program.design": "none", **overrides}
    return [resolve(with_overrides(SimConfig(), {**base, "seed": s})) for s in seeds]


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        *({"program.design": d, "program.match_every_weeks": 8, "program.duration_weeks": 20} for d in DESIGNS),
        {"program.design": "hybrid", "program.external_mentors": 3, "support": None},
        {"network.kind": "teams", "turnover.rate_annual": 0.6, "support.free_hours_cv": 0.0},
        {"org.kind": "roster", "org.roster_path": str(ROOT / "examples" / "roster.csv"), "org.n_employees": 500},
    ],
)
def test_every_replicate_is_the_bytes_of_its_single_run(overrides):
    runs = _runs(range(4), **overrides)
    batch = Ensemble(runs).run()
    for run, ts, summary in zip(runs, batch.timeseries(), batch.summaries(), strict=True):
        single = MentoringModel(run).run()
        pd.testing.assert_frame_equal(single.timeseries(), ts, check_exact=True)
        assert json.dumps(single.summary(), sort_keys=True) == json.dumps(summary, sort_keys=True)


def test_ensembles_refuse_replicates_that_differ_by_more_than_the_seed():
    with pytest.raises(EnsembleError, match=r"org.n_employees: 150 in the first run, 160 in another"):
        check_batchable(_runs([0]) + _runs([1], **{"org.n_employees": 160}))
