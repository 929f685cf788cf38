"""``python -m sim``: run the simulation (a Hydra app over ``configs/``)."""

from sim.cli import main

main()
