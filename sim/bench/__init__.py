"""The benchmark (``python -m sim.bench``) and the per-agent Mesa baseline it measures against."""
