"""The Hydra face of ``python -m sim``: pre-flight checks, one run and its output contract, sweeps."""
