"""Simulator of workplace mentoring networks: Mesa agents, array kernels, Hydra experiments.

``from sim import MentoringModel, SimConfig`` is the Python entry point; ``python -m sim``
the command line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["MentoringModel", "SimConfig"]

if TYPE_CHECKING:
    from sim.config import SimConfig
    from sim.model import MentoringModel


def __getattr__(name: str) -> Any:
    if name == "MentoringModel":
        # Lazy, so that ``python -m sim.config`` and friends do not import themselves twice.
        from sim.model import MentoringModel

        return MentoringModel
    if name == "SimConfig":
        from sim.config import SimConfig  # lazy, as above

        return SimConfig
    raise AttributeError(f"module 'sim' has no attribute {name!r}")
