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

    Also an ImportError that a KeyboardInterrupt caused: a compiled module interrupted while it starts up
    reports "initialization failed" with the interrupt as its cause (scipy's HiGHS does).

    It exits at once (``os._exit``, the output flushed first): an interrupt that lands inside a compiled
    module's start-up marks the interpreter, which would then end itself by the signal (status -2)
    however the exception was handled. Nothing has been written by then that the exit could leave half
    done: the commands' own handlers (``python -m sim``'s) deal with interrupts while they write.
    """
    try:
        yield
    except KeyboardInterrupt:
        _stopped()
    except ImportError as error:  # Ctrl-C inside a compiled module's start-up: "initialization failed" from it
        if not _from_interrupt(error):
            raise
        _stopped()


def _from_interrupt(error: BaseException) -> bool:
    """Whether ``error`` was raised by a KeyboardInterrupt (its cause or context, however deep)."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, KeyboardInterrupt):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def _stopped() -> None:
    print("\nstopped", file=sys.stderr, flush=True)
    sys.stdout.flush()
    os._exit(EXIT_INTERRUPTED)
