"""``python -m sim.bench``: the benchmark (:mod:`sim.bench.cli`)."""

import sys

from sim.interrupt import stops_cleanly

with stops_cleanly():  # Ctrl-C during start-up too: one line, no traceback
    from sim.bench.cli import main

    sys.exit(main())
