"""``python -m sim``: run the simulation (a Hydra app over ``configs/``)."""

from sim.run.app import main

main()
