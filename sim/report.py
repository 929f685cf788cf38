"""``python -m sim.report SWEEP_DIR``: a sweep's report (written by :mod:`sim.analysis.report`)."""

import sys

from sim.interrupt import stops_cleanly

with stops_cleanly():  # Ctrl-C during start-up too: one line, no traceback
    from sim.analysis.report import main

if __name__ == "__main__":
    with stops_cleanly():
        sys.exit(main())
