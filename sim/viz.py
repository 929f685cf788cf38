"""``python -m sim.viz`` (or ``solara run sim.viz``): the teaching page (:mod:`sim.teaching.page`)."""

import sys

from sim.teaching.page import main, page  # noqa: F401 (``solara run sim.viz`` serves ``page``)

# ``solara run sim/viz.py`` executes this file as __main__ too, from inside its server.
if __name__ == "__main__" and "solara.server.app" not in sys.modules:
    sys.exit(main())
