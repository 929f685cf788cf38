"""``python -m sim.levers``: the lever audit (:mod:`sim.studies.levers`)."""

import sys

from sim.interrupt import stops_cleanly

with stops_cleanly():  # Ctrl-C during start-up too: one line, no traceback
    from sim.studies.levers import main

if __name__ == "__main__":
    with stops_cleanly():
        sys.exit(main())
