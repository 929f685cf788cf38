"""Validation: the checks against published results and the reference models they run."""
