"""``python -m sim.roster check|example FILE.csv``: check or write a roster (:mod:`sim.mechanisms.roster`)."""

import sys

from sim.mechanisms.roster import main

if __name__ == "__main__":
    sys.exit(main())
