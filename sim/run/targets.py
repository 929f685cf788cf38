"""Whether a run reached the targets it was set: a realised turnover far from ``turnover.rate_annual``.

The turnover hazards are calibrated once, at the start of a run, so that an organisation in its
steady state without a programme loses ``turnover.rate_annual`` of its people a year
(sim.mechanisms.turnover). Extreme settings (a newcomer multiplier of 50 at a rate near 1, many
levels in a handful of people, a roster far from the steady state) can miss it; a user who set the
rate should hear so rather than read results for a turnover they did not ask for.

Seed noise: separations over a run are close to Poisson with mean ``rate x headcount x years``, and
over-dispersed by about 1.6 (the SD of the realised rate over 30 seeds, divided by the Poisson SD: 1.65
at 500 x 260, 1.58 at 2,000 x 260, 1.56 at 200 x 260 with a rate of 0.425, 1.2 at 60 x 52; measured on
2026-12-07 with runs without a programme). A realised rate more than :data:`Z_LIMIT` such SDs from its
target is reported: about 3 runs in 1,000 on target would be.
"""

from __future__ import annotations

import math
from typing import Any

from sim.config import SimConfig
from sim.mechanisms.designs import has_programme

#: The realised rate's SD over seeds, as a multiple of the Poisson SD (measured; module docstring).
OVERDISPERSION = 1.7
#: How many seed-noise SDs from the target a realised rate may be before the run says so.
Z_LIMIT = 3.0


def turnover_miss(cfg: SimConfig, summary: dict[str, Any]) -> str | None:
    """One line if the realised turnover without a programme misses ``turnover.rate_annual`` beyond seed noise.

    A programme changes turnover by design, so a run with a programme is judged by its baseline's rate
    (``baseline_annual_turnover_rate``) and, without a baseline, not at all; a run without one by its own.
    """
    target, years = cfg.turnover.rate_annual, summary.get("years") or 0.0
    own = "baseline_annual_turnover_rate" not in summary
    realised = summary.get("annual_turnover_rate" if own else "baseline_annual_turnover_rate")
    if realised is None or target <= 0 or years <= 0 or (own and has_programme(cfg.program.design)):
        return None
    headcount = summary.get("n_employees") or cfg.org.n_employees
    sd = OVERDISPERSION * math.sqrt(target / (headcount * years))
    if abs(realised - target) <= Z_LIMIT * sd:
        return None
    which = "this run" if own else "the same organisation without the programme"
    return (
        f"turnover: {which} lost {realised:.1%} of its people a year against a target of {target:.1%} "
        f"(turnover.rate_annual; seed noise about +/-{sd:.1%}). The target holds for an organisation in its "
        "steady state: a tenure mix far from it (many newcomers, as in a growing roster), extreme settings or very "
        "few people can miss it, and the results are then for the turnover realised"
    )
