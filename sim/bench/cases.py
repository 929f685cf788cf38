"""Benchmark: ``python -m sim.bench`` runs the real model and prints its speed.

By default it runs the cases of the project's performance targets (README, "Performance"):
1,000 and 10,000 employees for 520 weekly steps and 100,000 for 52, each the default model
(small-world network) with the design given by ``--design`` (peer). For each it prints build
time, step time, employee-steps per second and the process's peak resident memory so far
(cases run in ascending size, so each peak belongs to the largest size run yet), then the
share of step time in each mechanism (``MentoringModel.timings``; ``metrics`` is the data
collection of every step).

Then, in the same run, the baseline: the same weekly rules written agent by agent the usual
Mesa way (``sim.per_agent``), at 10,000 employees for ``--baseline-steps`` steps, and the
speed ratio; and a scaling table: microseconds per employee-step and per tie-step as the
organisation grows tenfold and the informal network doubles its ties.

The last line is machine-readable, for the largest case:

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
from sim.model import MECHANISMS, MentoringModel

CASES = ((1_000, 520), (10_000, 520), (100_000, 52))  # (employees, weekly steps)
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
    """Step time of the per-agent baseline (``sim.per_agent``) on the same organisation."""
    from sim.bench.per_agent import PerAgentModel

    cfg = with_overrides(SimConfig(), {"org.n_employees": n, "steps": steps, "program.design": design, "seed": seed})
    model = PerAgentModel(cfg)
    t0 = time.perf_counter()
    model.run()
    run_s = time.perf_counter() - t0
    return {"n": n, "steps": steps, "run_s": run_s, "employee_steps_per_s": n * steps / run_s}


def measure_matching(n: int, seed: int = 0) -> list[dict[str, float | str]]:
    """Time one matching round of every design and strategy on an organisation of ``n``.

    Everyone volunteers (``opt_in_rate=1``), the heaviest case: hierarchical matches every
    employee in their first three years, peer designs match the whole workforce.
    """
    from sim.mechanisms import program as programmes
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

    from sim.mechanisms import matching
    from sim.mechanisms import program as programmes
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
    parser.add_argument(
        "--sizes", type=int, nargs="+", help="organisation sizes (default: 1,000 and 10,000 x 520 steps, 100,000 x 52)"
    )
    parser.add_argument("--steps", type=int, default=520, help="weekly steps per run with --sizes (default 520)")
    parser.add_argument(
        "--baseline-steps",
        type=int,
        default=13,
        metavar="S",
        help="steps of the per-agent baseline at 10,000 employees (default 13, one matching round; 0 skips)",
    )
    parser.add_argument(
        "--scaling-steps", type=int, default=52, metavar="S", help="steps per scaling run (default 52; 0 skips)"
    )
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
    cases = CASES if args.sizes is None else tuple((n, args.steps) for n in sorted(args.sizes))
    if any(n < 10 for n, _ in cases) or any(steps < 1 for _, steps in cases):
        parser.error("sizes must be >= 10 and steps >= 1")
    if args.baseline_steps < 0 or args.scaling_steps < 0:
        parser.error("--baseline-steps and --scaling-steps must be >= 0")
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
    print(f"Design {args.design}, default model (small-world network, {SimConfig().org.n_skills} skills)\n")
    print(f"{'employees':>10} {'steps':>6} {'build s':>8} {'run s':>8} {'employee-steps/s':>17} {'peak RSS MB':>12}")
    results = []
    for n, steps in cases:
        r = measure(n, steps, args.design)
        results.append(r)
        print(
            f"{n:>10,} {steps:>6} {r['build_s']:>8.2f} {r['run_s']:>8.2f} "
            f"{r['employee_steps_per_s']:>17,.0f} {r['peak_rss_mb']:>12.0f}",
            flush=True,
        )
    print("\nShare of step time per mechanism (metrics = collecting every step)")
    print(f"{'employees':>10} " + " ".join(f"{m:>10}" for m in MECHANISMS))
    for r in results:
        print(f"{r['n']:>10,} " + " ".join(f"{r[f'share_{m}']:>10.1%}" for m in MECHANISMS))
    if args.baseline_steps:
        base_n = BASELINE_SIZE if args.sizes is None else max(n for n, _ in cases)
        ours = next((r for r in results if r["n"] == base_n), None) or measure(base_n, args.baseline_steps, args.design)
        agent = measure_per_agent(base_n, args.baseline_steps, args.design)
        ratio = ours["employee_steps_per_s"] / agent["employee_steps_per_s"]
        print(
            f"\nPer-agent Mesa baseline (sim.per_agent, shuffle_do), {base_n:,} employees, {agent['steps']} steps: "
            f"{agent['run_s']:.2f} s, {agent['employee_steps_per_s']:,.0f} employee-steps/s; "
            f"this model {ours['employee_steps_per_s']:,.0f} -> {ratio:.0f}x faster"
        )
        print(
            f"bench-baseline: n={base_n} per_agent_employee_steps_per_s={agent['employee_steps_per_s']:.0f} "
            f"employee_steps_per_s={ours['employee_steps_per_s']:.0f} ratio={ratio:.1f}"
        )
    if args.scaling_steps:
        sizes = SCALING_SIZES if args.sizes is None else tuple(n for n, _ in cases)
        print(f"\nScaling, {args.scaling_steps} steps each: cost per step against employees and ties")
        print(
            f"{'employees':>10} {'degree':>7} {'informal ties':>14} {'mentoring ties':>15} {'ms/step':>8} "
            f"{'us/employee-step':>17} {'us/tie-step':>12}"
        )
        for n in sizes:
            for degree in SCALING_DEGREES:
                r = measure(n, args.scaling_steps, args.design, **{"network.mean_degree": degree})
                per_step = r["run_s"] / r["steps"]
                ties = r["edges"] + r["ties"]
                print(
                    f"{n:>10,} {degree:>7} {r['edges']:>14,} {r['ties']:>15,.0f} {1e3 * per_step:>8.2f} "
                    f"{1e6 * per_step / n:>17.3f} {1e6 * per_step / ties:>12.3f}",
                    flush=True,
                )
    last = results[-1]
    print(
        f"bench: n={last['n']} steps={last['steps']} seconds={last['seconds']:.3f} "
        f"employee_steps_per_s={last['employee_steps_per_s']:.0f} peak_rss_mb={last['peak_rss_mb']:.0f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
