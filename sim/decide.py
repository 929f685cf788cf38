"""``python -m sim.decide``: from a roster (or the synthetic default) to the decision report (:mod:`sim.studies.decide`)."""

import sys

from sim.interrupt import stops_cleanly

with stops_cleanly():  # Ctrl-C during start-up too: one line, no traceback
    from sim.studies.decide import main

if __name__ == "__main__":
    with stops_cleanly():
        sys.exit(main())
