"""``python -m sim``: run the simulation (a Hydra app over ``configs/``)."""

from sim.interrupt import stops_cleanly

with stops_cleanly():  # Ctrl-C during start-up too: one line, no traceback
    from sim.run.app import main

    main()
