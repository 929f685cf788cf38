"""Benchmark: ``python -m sim.bench`` runs the real model and prints its speed.

For each organisation size it builds the default model (small-world network, the design
given by ``--design``), runs ``--steps`` weekly steps and prints build time, step time,
employee-steps per second and the process's peak resident memory so far (sizes run in
ascending order, so each peak belongs to the largest size run yet). The last line is
machine-readable, for the largest size:

    bench: n=... steps=... seconds=... employee_steps_per_s=... peak_rss_mb=...

This is a benchmark, not a test: figures depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time

from sim.config import DESIGNS, SimConfig, with_overrides
from sim.model import MentoringModel


def peak_rss_mb() -> float:
    """Peak resident set size of this process in MiB (Linux reports KiB)."""
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / scale / 1024


def measure(n: int, steps: int, design: str, seed: int = 0) -> dict[str, float]:
    """Build and run one model; return timings in seconds and throughput."""
    cfg = with_overrides(SimConfig(), {"org.n_employees": n, "steps": steps, "program.design": design, "seed": seed})
    t0 = time.perf_counter()
    model = MentoringModel(cfg)
    t1 = time.perf_counter()
    model.run()
    t2 = time.perf_counter()
    return {
        "n": n,
        "steps": steps,
        "build_s": t1 - t0,
        "run_s": t2 - t1,
        "seconds": t2 - t0,
        "employee_steps_per_s": n * steps / (t2 - t1),
        "peak_rss_mb": peak_rss_mb(),
    }


def measure_matching(n: int, seed: int = 0) -> list[dict[str, float | str]]:
    """Time one matching round of every design and strategy on an organisation of ``n``.

    Everyone volunteers (``opt_in_rate=1``), the heaviest case: hierarchical matches every
    employee in their first three years, peer designs match the whole workforce.
    """
    from sim import programmes
    from sim.config import MATCHING_STRATEGIES
    from sim.ties import Ties

    rows: list[dict[str, float | str]] = []
    base = with_overrides(SimConfig(), {"org.n_employees": n, "seed": seed, "program.opt_in_rate": 1.0})
    model = MentoringModel(base)
    for design in DESIGNS[1:]:
        for strategy in MATCHING_STRATEGIES:
            cfg = with_overrides(base, {"program.design": design, "matching.strategy": strategy})
            ctx = programmes.ProgrammeContext(
                cfg.program, cfg.matching, cfg.knowledge, cfg.lifecycle, cfg.support, 0, model.rng
            )
            ties = Ties()
            t0 = time.perf_counter()
            matched = programmes.run_round(model.state, ties, ctx)
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
    import numpy as np

    from sim import matching, programmes
    from sim.ties import Ties

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
        ctx = programmes.ProgrammeContext(
            cfg.program, cfg.matching, cfg.knowledge, cfg.lifecycle, cfg.support, 0, np.random.default_rng(seed)
        )
        ties = Ties()
        t0 = time.perf_counter()
        programmes.run_round(model.state, ties, ctx)
        seconds = time.perf_counter() - t0
        total = float(matching.compatibility(model.state, ties.mentee, ties.mentor, False, cfg.matching).sum())
        rows.append({"block": block, "ties": len(ties), "total": total, "seconds": seconds})
    return rows


def measure_sweep(runs: int, jobs: int, extra: list[str] | None = None) -> float:
    """Wall seconds of ``python -m sim -m seed=range(0,runs)`` with ``jobs`` joblib workers (fresh directory)."""
    import subprocess
    import tempfile

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


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(prog="python -m sim.bench", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000], help="organisation sizes")
    parser.add_argument("--steps", type=int, default=520, help="weekly steps per run (default 520 = 10 years)")
    parser.add_argument("--design", choices=DESIGNS, default="peer", help="programme design (default peer)")
    parser.add_argument(
        "--matching",
        type=int,
        metavar="N",
        help="instead: time one matching round per design and strategy at N employees",
    )
    parser.add_argument(
        "--optimal-blocks", type=int, metavar="N", help="instead: optimal matching quality and time per block size at N"
    )
    parser.add_argument(
        "--sweep",
        type=int,
        metavar="RUNS",
        help="instead: runs per minute of a sweep of RUNS default runs, 1 vs 2 cores",
    )
    parser.add_argument("--repeats", type=int, default=2, help="--sweep: repetitions of each (default 2)")
    parser.add_argument(
        "--override",
        nargs="*",
        default=[],
        metavar="KEY=VALUE",
        help="--sweep: config overrides, e.g. org.n_employees=5000",
    )
    args = parser.parse_args(argv)
    if args.sweep is not None:
        if args.sweep < 1 or args.repeats < 1:
            parser.error("--sweep RUNS and --repeats need at least 1")
        res = sweep_throughput(args.sweep, args.repeats, args.override)
        med = {j: statistics.median(v) for j, v in res.items()}
        print(f"{'cores':>6} {'runs/min (each repeat)':>40} {'median':>8}")
        for j in (1, 2):
            print(f"{j:>6} {', '.join(f'{x:.1f}' for x in res[j]):>40} {med[j]:>8.1f}")
        print(f"a one-run sweep on one core takes {med[0]:.2f} s (start-up plus one run; median)")
        print(
            f"bench-sweep: runs={args.sweep} runs_per_min_1={med[1]:.1f} runs_per_min_2={med[2]:.1f} "
            f"ratio={med[2] / med[1]:.2f} one_run_s={med[0]:.2f}"
        )
        return 0
    if args.optimal_blocks is not None:
        rows = measure_optimal_blocks(args.optimal_blocks)
        best = max(r["total"] for r in rows)
        print(f"{'block':>6} {'ties':>7} {'total compatibility':>20} {'share of best':>14} {'seconds':>8}")
        for r in rows:
            print(
                f"{r['block']:>6} {r['ties']:>7,} {r['total']:>20.1f} {r['total'] / best:>14.4f} {r['seconds']:>8.2f}"
            )
        return 0
    if any(n < 10 for n in args.sizes) or args.steps < 1:
        parser.error("sizes must be >= 10 and steps >= 1")
    if args.matching is not None:
        if args.matching < 10:
            parser.error("--matching N needs N >= 10")
        print(f"{'design':>13} {'strategy':>10} {'matched':>9} {'ties':>9} {'seconds':>8}")
        rows = measure_matching(args.matching)
        for r in rows:
            print(f"{r['design']:>13} {r['strategy']:>10} {r['matched']:>9,} {r['ties']:>9,} {r['seconds']:>8.2f}")
        worst = max(rows, key=lambda r: r["seconds"])
        print(
            f"bench-matching: n={args.matching} max_seconds={worst['seconds']:.3f} slowest={worst['design']}/{worst['strategy']}"
        )
        return 0
    print(f"{'employees':>10} {'steps':>6} {'build s':>8} {'run s':>8} {'employee-steps/s':>17} {'peak RSS MB':>12}")
    result: dict[str, float] = {}
    for n in sorted(args.sizes):
        result = measure(n, args.steps, args.design)
        print(
            f"{n:>10,} {args.steps:>6} {result['build_s']:>8.2f} {result['run_s']:>8.2f} "
            f"{result['employee_steps_per_s']:>17,.0f} {result['peak_rss_mb']:>12.0f}",
            flush=True,
        )
    print(
        f"bench: n={result['n']} steps={result['steps']} seconds={result['seconds']:.3f} "
        f"employee_steps_per_s={result['employee_steps_per_s']:.0f} peak_rss_mb={result['peak_rss_mb']:.0f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
