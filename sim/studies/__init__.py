"""Designs of many runs: what a run returns to a sweeper, sensitivity analysis, calibration."""
