"""``python -m sim.bench``: the benchmark (:mod:`sim.bench.cases`)."""

import sys

from sim.bench.cases import main

sys.exit(main())
