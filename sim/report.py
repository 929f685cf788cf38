"""``python -m sim.report SWEEP_DIR``: a sweep's report (written by :mod:`sim.analysis.report`)."""

import sys

from sim.analysis.report import main

if __name__ == "__main__":
    sys.exit(main())
