"""``python -m sim.levers``: the lever audit (:mod:`sim.studies.levers`)."""

import sys

from sim.studies.levers import main

if __name__ == "__main__":
    sys.exit(main())
