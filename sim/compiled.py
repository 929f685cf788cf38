"""Numba, where installed: whether compiled kernels may run, and each kernel compiled once.

Every compiled kernel in the package has a pure-numpy twin giving the same bits (tested), so
Numba only changes how fast a run is, never what it gives. It is optional
(``pip install 'mentoring-sim[fast]'``) and ``MENTORING_SIM_NUMBA=0`` turns it off. Compiled
code is cached on disk, so only the first use on a machine compiles.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import sys
from collections.abc import Callable
from typing import Any


@functools.cache
def _installed() -> bool:
    return importlib.util.find_spec("numba") is not None


def available() -> bool:
    """Tell whether compiled kernels can be used here (Numba installed, not turned off)."""
    return os.environ.get("MENTORING_SIM_NUMBA", "1") != "0" and _installed()


def loaded() -> bool:
    """Tell whether this process has Numba loaded already and may use it (a small run never imports it)."""
    return available() and "numba" in sys.modules


def kernel(loop: Callable[..., Any]) -> Callable[..., Any]:
    """``loop`` compiled by Numba on its first call (or loaded from Numba's cache), then reused."""
    compiled: list[Callable[..., Any]] = []

    @functools.wraps(loop)
    def call(*args: Any) -> Any:
        if not compiled:
            import numba  # imported here: optional, and only the runs that use a kernel need it

            compiled.append(numba.njit(cache=True, nogil=True)(loop))
        return compiled[0](*args)

    return call
