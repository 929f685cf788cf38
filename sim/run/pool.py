"""Worker processes for the studies that measure in parallel (lever audit, screening, calibration fits).

Started from a clean server process (``forkserver``), not forked from the calling one: that
process may hold threads (Numba's, a BLAS's, a Hydra logger's), and a child forked from a
multi-threaded process can deadlock (Python warns of it from 3.12 and no longer forks by
default from 3.14). A worker imports what its first task needs, about a second once.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor


def process_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes started from a clean server process."""
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("forkserver"))
