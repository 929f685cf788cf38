"""``python -m sim.bench``: the benchmark (:mod:`sim.bench.cli`)."""

import sys

from sim.bench.cli import main

sys.exit(main())
