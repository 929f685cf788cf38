"""``python -m sim.roster check|example|leavers FILE``: check or write a roster, or write example leavers.

:mod:`sim.inputs.roster` (rosters) and :mod:`sim.inputs.leavers` (the people who left).
"""

import sys

from sim.interrupt import stops_cleanly

with stops_cleanly():  # Ctrl-C during start-up too: one line, no traceback
    from sim.inputs import leavers, roster


def main(argv: list[str] | None = None) -> int:
    """Dispatch ``leavers`` to :func:`sim.inputs.leavers.main`, the rest to :func:`sim.inputs.roster.main`."""
    argv = sys.argv[1:] if argv is None else argv
    return leavers.main(argv[1:]) if argv[:1] == ["leavers"] else roster.main(argv)


if __name__ == "__main__":
    with stops_cleanly():
        sys.exit(main())
