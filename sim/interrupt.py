"""Ctrl-C anywhere in a command, its start-up included: one line and exit status 130, never a traceback.

A command's heavy imports take a second or two before its own handler is in place (``python -m
sim``'s catches an interrupt during the run and says the finished runs are kept): each command
module runs its imports and its ``main`` inside :func:`stops_cleanly`. Imports nothing heavy itself.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

EXIT_INTERRUPTED = 130  # as a shell reports a command stopped by Ctrl-C


@contextmanager
def stops_cleanly() -> Iterator[None]:
    """Turn a KeyboardInterrupt inside the block into the line ``stopped`` on stderr and exit status 130.

    It exits at once (``os._exit``, the output flushed first): an interrupt that lands inside a compiled
    module's start-up marks the interpreter, which would then end itself by the signal (status -2)
    however the exception was handled. Nothing has been written by then that the exit could leave half
    done: the commands' own handlers (``python -m sim``'s) deal with interrupts while they write.
    """
    try:
        yield
    except KeyboardInterrupt:
        print("\nstopped", file=sys.stderr, flush=True)
        sys.stdout.flush()
        os._exit(EXIT_INTERRUPTED)
