"""``python -m sim.animate``: an animation of a run's network for slides (:mod:`sim.teaching.animate`)."""

import sys

from sim.interrupt import stops_cleanly

with stops_cleanly():  # Ctrl-C during start-up too: one line, no traceback
    from sim.teaching.animate import main

if __name__ == "__main__":
    with stops_cleanly():
        sys.exit(main())
