"""``python -m sim.validate``: the validation checks and their report (:mod:`sim.validation`)."""

import sys

from sim.interrupt import stops_cleanly

with stops_cleanly():  # Ctrl-C during start-up too: one line, no traceback
    from sim.validation.suite import main

if __name__ == "__main__":
    with stops_cleanly():
        sys.exit(main())
