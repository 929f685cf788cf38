"""The benchmark's measurements: one run's speed and memory, a matching round, a whole sweep.

Each function builds and runs the real model (or the per-agent baseline,
:mod:`sim.bench.per_agent`) and returns what it measured; :mod:`sim.bench.cli` prints them.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sim.bench.per_agent import PerAgentModel
from sim.compose import compose
from sim.config import MATCHING_STRATEGIES, SimConfig, with_overrides
from sim.mechanisms import matching
from sim.mechanisms.designs import DESIGNS, RoundContext, form_ties
from sim.model import MentoringModel
from sim.resolved import resolve
from sim.run.fingerprint import config_hash
from sim.ties import Ties

CASES = ((1_000, 520), (10_000, 520), (100_000, 52), (1_000_000, 52))  # (employees, weekly steps)
BASELINE_SIZE = 10_000
SCALING_SIZES = (1_000, 10_000, 100_000)
SCALING_DEGREES = (8, 16)  # informal ties per employee (network.mean_degree)


def peak_rss_mb() -> float:
    """Peak resident set size of this process in MiB (Linux reports KiB)."""
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / scale / 1024


def measure(n: int, steps: int, design: str, seed: int = 0, **overrides: object) -> dict[str, float]:
    """Build and run one model; return timings in seconds, throughput and the mechanisms' shares."""
    cfg = with_overrides(
        SimConfig(), {"org.n_employees": n, "steps": steps, "program.design": design, "seed": seed, **overrides}
    )
    t0 = time.perf_counter()
    model = MentoringModel(cfg)
    t1 = time.perf_counter()
    model.run()
    t2 = time.perf_counter()
    stepped = sum(model.timings.values())
    return {
        "n": n,
        "steps": steps,
        "build_s": t1 - t0,
        "run_s": t2 - t1,
        "seconds": t2 - t0,
        "employee_steps_per_s": n * steps / (t2 - t1),
        "peak_rss_mb": peak_rss_mb(),
        "edges": model.network.n_edges,
        "ties": float(model.timeseries()["active_ties"].iloc[1:].mean()),  # mentoring ties, mean over steps
        **{f"share_{k}": v / stepped for k, v in model.timings.items()},
    }


def measure_per_agent(n: int, steps: int, design: str, seed: int = 0) -> dict[str, float]:
    """Step time of the per-agent baseline (:mod:`sim.bench.per_agent`) on the same organisation."""
    cfg = with_overrides(SimConfig(), {"org.n_employees": n, "steps": steps, "program.design": design, "seed": seed})
    model = PerAgentModel(cfg)
    t0 = time.perf_counter()
    model.run()
    run_s = time.perf_counter() - t0
    return {"n": n, "steps": steps, "run_s": run_s, "employee_steps_per_s": n * steps / run_s}


def measure_matching(n: int, seed: int = 0) -> list[dict[str, float | str]]:
    """Time one matching round of every design and every strategy it accepts on an organisation of ``n``.

    Everyone volunteers (``opt_in_rate=1``), the heaviest case: hierarchical matches every
    employee in their first three years, peer designs match the whole workforce. Strategies a
    design refuses (its registry check: circles refuse ``optimal`` and ``stable``) are skipped.
    """
    rows: list[dict[str, float | str]] = []
    base = with_overrides(SimConfig(), {"org.n_employees": n, "seed": seed, "program.opt_in_rate": 1.0})
    model = MentoringModel(base)
    for design in (d.name for d in DESIGNS.values() if d.form is not None):
        for strategy in MATCHING_STRATEGIES:
            cfg = with_overrides(base, {"program.design": design, "matching.strategy": strategy})
            check = DESIGNS[design].check
            if check is not None and check(cfg):
                continue
            ties = Ties()
            t0 = time.perf_counter()
            matched = form_ties(
                model.state,
                ties,
                RoundContext.of(cfg, 0, model.streams.occasion("matching", 0), occupants=model.state.seat_hires),
            )
            rows.append(
                {
                    "design": design,
                    "strategy": strategy,
                    "matched": len(set(matched.tolist())),
                    "ties": len(ties),
                    "seconds": time.perf_counter() - t0,
                }
            )
    return rows


def measure_optimal_blocks(n: int, blocks: tuple[int, ...] = (100, 200, 1000, 3000), seed: int = 0):
    """Total compatibility and time of ``optimal`` hierarchical matching per block size."""
    base = with_overrides(
        SimConfig(),
        {
            "org.n_employees": n,
            "seed": seed,
            "program.opt_in_rate": 1.0,
            "program.design": "hierarchical",
            "matching.strategy": "optimal",
        },
    )
    model = MentoringModel(base)
    rows = []
    for block in blocks:
        cfg = with_overrides(base, {"matching.optimal_block": block})
        ties = Ties()
        t0 = time.perf_counter()
        form_ties(model.state, ties, RoundContext.of(cfg, 0, seed, occupants=model.state.seat_hires))
        seconds = time.perf_counter() - t0
        total = float(matching.compatibility(model.state, ties.mentee, ties.mentor, False, cfg.matching).sum())
        rows.append({"block": block, "ties": len(ties), "total": total, "seconds": seconds})
    return rows


def measure_sweep(runs: int, jobs: int, extra: list[str] | None = None) -> float:
    """Wall seconds of ``python -m sim -m seed=range(0,runs)`` with ``jobs`` joblib workers (fresh directory)."""
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [
            sys.executable,
            "-m",
            "sim",
            "-m",
            f"seed=range(0,{runs})",
            "outputs.quiet=true",
            f"hydra.launcher.n_jobs={jobs}",
            "hydra.launcher.verbose=0",
            f"hydra.sweep.dir={tmp}/sw",
            *(extra or []),
        ]
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, cwd=tmp)
        return time.perf_counter() - t0


def sweep_throughput(runs: int, repeats: int, extra: list[str] | None = None) -> dict[int, list[float]]:
    """Runs per minute of a whole sweep command on 1 and on 2 cores, alternating (the machine's noise hits both).

    Key 0 holds the seconds of a one-run sweep on one core: the start-up every sweep pays
    before its runs (Python, Hydra, imports, one run), which caps the two-core gain of short sweeps.
    """
    out: dict[int, list[float]] = {0: [], 1: [], 2: []}
    for _ in range(repeats):
        for jobs in (1, 2):
            out[jobs].append(60.0 * runs / measure_sweep(runs, jobs, extra))
        out[0].append(measure_sweep(1, 1, extra))
    return out


#: The sweep the benchmark times: compare_designs' shape, 6 designs x 20 seeds of 500 employees x 260 weeks.
SWEEP_DESIGNS = ("none", "hierarchical", "peer", "peer_circles", "reverse", "hybrid")
SWEEP_SEEDS = 20
SWEEP_SIZE = (500, 260)


def sweep_per_run(jobs: int = 2, launcher: str = "joblib") -> dict[str, float]:
    """Wall seconds of that sweep through ``python -m sim -m`` with ``launcher`` (a directory per run).

    ``joblib`` is Hydra's launcher, one run at a time; ``cores``, the default, batches replicates
    into ensembles (sim.run.batch).
    """
    n, steps = SWEEP_SIZE
    extra = [
        f"program={','.join(SWEEP_DESIGNS)}",
        f"org.n_employees={n}",
        f"steps={steps}",
        "report.auto=false",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "sim", "-m", f"seed=range(0,{SWEEP_SEEDS})", "outputs.quiet=true"]
        cmd += [f"hydra/launcher={launcher}", f"hydra.launcher.n_jobs={jobs}", f"hydra.sweep.dir={tmp}/sw", *extra]
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, cwd=tmp)
        seconds = time.perf_counter() - t0
    runs = len(SWEEP_DESIGNS) * SWEEP_SEEDS
    return {"runs": runs, "seconds": seconds, "employee_steps_per_s": runs * n * steps / seconds}


def sweep_in_process() -> dict[str, float]:
    """Wall seconds of the same runs one after another in this process: no sweep machinery, one core.

    With ``economics.baseline`` as in the sweep, each seed's run without a programme is reused
    by its programme runs, as the sweep reuses it.
    """
    from sim.run.execute import run_model  # imported here: only this measurement runs the sweep's code path

    n, steps = SWEEP_SIZE
    base = compose([f"org.n_employees={n}", f"steps={steps}"])  # what python -m sim runs, as the sweep does
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(SWEEP_SEEDS):
            for design in SWEEP_DESIGNS:
                run = resolve(with_overrides(base, {"program.design": design, "seed": seed}))
                run_model(run, config_hash(run), Path(tmp), Path(tmp) / "checkpoints")
    seconds = time.perf_counter() - t0
    runs = len(SWEEP_DESIGNS) * SWEEP_SEEDS
    return {"runs": runs, "seconds": seconds, "employee_steps_per_s": runs * n * steps / seconds}


def ensemble_vs_single(seeds: int = 10) -> dict[str, float]:
    """Seconds of every sweep design x ``seeds`` runs (500 x 260) one by one, and as one ensemble of them all.

    Runs of one organisation that differ in design and seed step as one ensemble (sim.ensemble), as sweeps batch them.
    """
    from sim.ensemble import Ensemble  # imported here: only this measurement needs it

    n, steps = SWEEP_SIZE
    groups = []
    for design in SWEEP_DESIGNS:
        base = compose([f"org.n_employees={n}", f"steps={steps}", f"program={design}"])
        groups.append([resolve(with_overrides(base, {"seed": seed})) for seed in range(seeds)])
    t0 = time.perf_counter()
    for runs in groups:
        for run in runs:
            MentoringModel(run).run()
    single = time.perf_counter() - t0
    t0 = time.perf_counter()
    Ensemble([run for runs in groups for run in runs]).run()
    batched = time.perf_counter() - t0
    total = len(SWEEP_DESIGNS) * seeds
    return {"runs": total, "single_s": single, "ensemble_s": batched, "ratio": single / batched}
