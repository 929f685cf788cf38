"""``python -m sim.validate``: the validation checks and their report (:mod:`sim.validation`)."""

import sys

from sim.validation.suite import main

if __name__ == "__main__":
    sys.exit(main())
