"""Simulator of workplace mentoring networks: Mesa agents, array kernels, Hydra experiments."""

from sim.config import SimConfig
from sim.model import MentoringModel

__all__ = ["MentoringModel", "SimConfig"]
__version__ = "0.1.0"
