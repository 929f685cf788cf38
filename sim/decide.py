"""``python -m sim.decide``: from a roster (or the synthetic default) to the decision report (:mod:`sim.studies.decide`)."""

import sys

from sim.studies.decide import main

if __name__ == "__main__":
    sys.exit(main())
