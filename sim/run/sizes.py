"""How large an ensemble may grow: one rule for the sweeps' batches (sim.run.batch) and a run's comparison over seeds.

Kept apart from both so that neither imports the other (sim.run.paired is read by sim.run.execute, which the
batches call).
"""

#: Most employees an ensemble stacks: its memory grows with replicates x employees, and large runs
#: gain nothing from stepping together (the batching saves a small run's fixed cost per step).
MAX_ENSEMBLE_EMPLOYEES = 100_000


def ensemble_sizes(runs: int, employees: int) -> list[int]:
    """``runs`` runs of ``employees`` each, in ensembles of at most :data:`MAX_ENSEMBLE_EMPLOYEES` (one run at least)."""
    per = max(1, MAX_ENSEMBLE_EMPLOYEES // max(1, employees))
    return [min(per, runs - start) for start in range(0, runs, per)]
