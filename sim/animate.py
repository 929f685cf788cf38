"""``python -m sim.animate``: an animation of a run's network for slides (:mod:`sim.teaching.animate`)."""

import sys

from sim.teaching.animate import main

if __name__ == "__main__":
    sys.exit(main())
