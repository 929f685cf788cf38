"""Hydra plugins of mentoring-sim (Hydra discovers them in the ``hydra_plugins`` namespace)."""
