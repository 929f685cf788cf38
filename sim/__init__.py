"""Simulator of workplace mentoring networks: Mesa agents, array kernels, Hydra experiments.

``from sim import MentoringModel, SimConfig`` is the Python entry point; ``python -m sim``
the command line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"  # the package's one version (pyproject.toml reads it); CHANGELOG.md, CITATION.cff
__all__ = ["MentoringModel", "SimConfig", "version_line"]

if TYPE_CHECKING:
    from sim.config import SimConfig
    from sim.model import MentoringModel


def version_line() -> str:
    """The simulator's version with the libraries that shape its results, as ``python -m sim --version`` prints it."""
    import platform  # imported here: ``import sim`` stays free of imports (start-up time)
    from importlib.metadata import PackageNotFoundError, version  # as above

    parts = []
    for lib in ("mesa", "numpy", "hydra-core"):
        try:
            parts.append(f"{lib} {version(lib)}")
        except PackageNotFoundError:
            continue
    return f"mentoring-sim {__version__} (" + ", ".join([*parts, f"Python {platform.python_version()}"]) + ")"


def __getattr__(name: str) -> Any:
    if name == "MentoringModel":
        # Lazy, so that ``python -m sim.config`` and friends do not import themselves twice.
        from sim.model import MentoringModel

        return MentoringModel
    if name == "SimConfig":
        from sim.config import SimConfig  # lazy, as above

        return SimConfig
    raise AttributeError(f"module 'sim' has no attribute {name!r}")
