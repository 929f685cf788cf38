"""The grid sweeper of ``python -m sim -m``: Hydra's basic sweeper without its second check.

Hydra's basic sweeper composes every job's configuration in the launching process before
launching any (``validate_batch_is_legal``), about 0.3 s a job here, one job after another
while the cores wait: for a sweep of 40 short runs that serial step alone was a third of
the wall time. ``python -m sim`` has already composed and validated every swept value
before Hydra starts (``sim.cli.preflight``) and says so in the environment; then this
sweeper skips the repeat. Started any other way, it checks as Hydra does.
"""

import os
from collections.abc import Sequence
from dataclasses import dataclass

from hydra._internal.core_plugins.basic_sweeper import BasicSweeper, BasicSweeperConf
from hydra.core.config_store import ConfigStore

PREFLIGHT_ENV = "MENTORING_SIM_PREFLIGHT_DONE"  # set by sim.cli.main once every value is checked


class CheckedGridSweeper(BasicSweeper):
    """A grid over every combination of the swept values (as Hydra's basic sweeper)."""

    def validate_batch_is_legal(self, batch: Sequence[Sequence[str]]) -> None:
        """Skip the repeat check when the command line's pre-flight already made it."""
        if os.environ.get(PREFLIGHT_ENV) == "1":
            return
        super().validate_batch_is_legal(batch)


@dataclass
class CheckedGridSweeperConf(BasicSweeperConf):
    """Hydra's basic sweeper settings (``max_batch_size``, ``params``)."""

    _target_: str = "hydra_plugins.mentoring_sim.checked_grid_sweeper.CheckedGridSweeper"


ConfigStore.instance().store(
    group="hydra/sweeper", name="checked_grid", node=CheckedGridSweeperConf, provider="mentoring_sim"
)
