"""The grid sweeper of ``python -m sim -m``: Hydra's basic sweeper without its second check.

Hydra's basic sweeper composes every job's configuration in the launching process before
launching any (``validate_batch_is_legal``), one job after another while the cores wait.
``python -m sim`` has already composed and validated every swept value before Hydra starts
(``sim.run.preflight``); it then selects this class as
``hydra.sweeper._target_`` (same settings as the basic sweeper) and says so in the
environment, and the repeat is skipped. Started any other way, it checks as Hydra does.
"""

import os
from collections.abc import Sequence

from hydra._internal.core_plugins.basic_sweeper import BasicSweeper

PREFLIGHT_ENV = "MENTORING_SIM_PREFLIGHT_DONE"  # set by sim.run.app.main once every value is checked


class CheckedGridSweeper(BasicSweeper):
    """A grid over every combination of the swept values (as Hydra's basic sweeper)."""

    def validate_batch_is_legal(self, batch: Sequence[Sequence[str]]) -> None:
        """Skip the repeat check when the command line's pre-flight already made it."""
        if os.environ.get(PREFLIGHT_ENV) == "1":
            return
        super().validate_batch_is_legal(batch)
