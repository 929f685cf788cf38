"""``python -m sim.bench``: run the real model and print its speed, against a per-agent baseline.

By default it runs the cases of the project's performance targets (docs/performance.md):
1,000 and 10,000 employees for 520 weekly steps and 100,000 and 1,000,000 for 52, each the default model
(small-world network) with the design given by ``--design`` (peer). For each it prints build
time, step time, employee-steps per second and the process's peak resident memory so far
(cases run in ascending size, so each peak belongs to the largest size run yet), then the
share of step time in each mechanism (``MentoringModel.timings``; ``metrics`` is the data
collection of every step).

Then, in the same run, the baseline: the same weekly rules written agent by agent the usual
Mesa way (:mod:`sim.bench.per_agent`), at 10,000 employees for ``--baseline-steps`` steps, and
the speed ratio; and a scaling table: microseconds per employee-step and per tie-step as the
organisation grows tenfold and the informal network doubles its ties.

Then two yardsticks measured in the same run (:mod:`sim.bench.one_rule`): one trivial rule as a
naive per-agent Mesa model and the same rule in numpy, with the model's ratio to each; and a
120-run sweep of 500 employees x 260 weeks (compare_designs' shape) through ``python -m sim -m``
and through the same runs in one process.

The last line is machine-readable: the largest case, then every case's employee-steps/s
(``eps_<n>``), the yardsticks and ratios, the sweep's seconds:

    bench: n=... steps=... seconds=... employee_steps_per_s=... peak_rss_mb=... eps_1000=... ratio_mesa=...

This is a benchmark, not a test: figures depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import statistics
from typing import Any

from sim.bench.measure import (
    BASELINE_SIZE,
    CASES,
    SCALING_DEGREES,
    SCALING_SIZES,
    SWEEP_DESIGNS,
    SWEEP_SEEDS,
    SWEEP_SIZE,
    ensemble_vs_single,
    measure,
    measure_matching,
    measure_optimal_blocks,
    measure_per_agent,
    sweep_in_process,
    sweep_per_run,
    sweep_throughput,
)
from sim.bench.one_rule import measure_one_rule
from sim.bench.targets import DECISION_SCENARIOS, DECISION_SEEDS, print_targets
from sim.config import SimConfig
from sim.mechanisms import kernels
from sim.mechanisms.designs import DESIGNS
from sim.schedule import MECHANISMS


def parser() -> argparse.ArgumentParser:
    """The command line's options."""
    p = argparse.ArgumentParser(prog="python -m sim.bench", description=__doc__.split("\n")[0])
    p.add_argument(
        "--sizes", type=int, nargs="+", help="organisation sizes (default: 1,000 and 10,000 x 520 steps, 100,000 x 52)"
    )
    p.add_argument("--steps", type=int, default=520, help="weekly steps per run with --sizes (default 520)")
    p.add_argument(
        "--baseline-steps",
        type=int,
        default=13,
        metavar="S",
        help="steps of the per-agent baseline at 10,000 employees (default 13, one matching round; 0 skips)",
    )
    p.add_argument(
        "--scaling-steps", type=int, default=52, metavar="S", help="steps per scaling run (default 52; 0 skips)"
    )
    p.add_argument("--design", choices=list(DESIGNS), default="peer", help="programme design (default peer)")
    p.add_argument(
        "--no-yardsticks", dest="yardsticks", action="store_false", help="skip the one-rule Mesa and numpy figures"
    )
    p.add_argument(
        "--no-sweep-paths",
        dest="ensemble_sweep",
        action="store_false",
        help="skip timing the 120-run sweep (per-run path and in one process)",
    )
    p.add_argument(
        "--no-targets",
        dest="targets",
        action="store_false",
        help="skip the whole commands of the targets (the decision study, python -m sim at 10,000 and 1,000,000)",
    )
    p.add_argument(
        "--decision-scenarios",
        type=int,
        default=DECISION_SCENARIOS,
        metavar="S",
        help=f"scenarios of the timed decision study (default {DECISION_SCENARIOS}, its default size: "
        f"{6 * DECISION_SCENARIOS * DECISION_SEEDS:,} runs)",
    )
    p.add_argument(
        "--matching",
        type=int,
        metavar="N",
        help="instead: time one matching round per design and strategy at N employees",
    )
    p.add_argument(
        "--optimal-blocks", type=int, metavar="N", help="instead: optimal matching quality and time per block size at N"
    )
    p.add_argument(
        "--sweep",
        type=int,
        metavar="RUNS",
        help="instead: runs per minute of a sweep of RUNS default runs, 1 vs 2 cores",
    )
    p.add_argument("--repeats", type=int, default=2, help="--sweep: repetitions of each (default 2)")
    p.add_argument(
        "--override",
        nargs="*",
        default=[],
        metavar="KEY=VALUE",
        help="--sweep: config overrides, e.g. org.n_employees=5000",
    )
    return p


def print_sweep(runs: int, repeats: int, overrides: list[str]) -> None:
    """Runs per minute of a whole sweep command on one and two cores."""
    res = sweep_throughput(runs, repeats, overrides)
    med = {j: statistics.median(v) for j, v in res.items()}
    print(f"{'cores':>6} {'runs/min (each repeat)':>40} {'median':>8}")
    for j in (1, 2):
        print(f"{j:>6} {', '.join(f'{x:.1f}' for x in res[j]):>40} {med[j]:>8.1f}")
    print(f"a one-run sweep on one core takes {med[0]:.2f} s (start-up plus one run; median)")
    print(
        f"bench-sweep: runs={runs} runs_per_min_1={med[1]:.1f} runs_per_min_2={med[2]:.1f} "
        f"ratio={med[2] / med[1]:.2f} one_run_s={med[0]:.2f}"
    )


def print_optimal_blocks(n: int) -> None:
    """Optimal matching's total compatibility and time per block size."""
    rows = measure_optimal_blocks(n)
    best = max(r["total"] for r in rows)
    print(f"{'block':>6} {'ties':>7} {'total compatibility':>20} {'share of best':>14} {'seconds':>8}")
    for r in rows:
        print(f"{r['block']:>6} {r['ties']:>7,} {r['total']:>20.1f} {r['total'] / best:>14.4f} {r['seconds']:>8.2f}")


def print_matching(n: int) -> None:
    """One matching round per design and strategy."""
    print(f"{'design':>13} {'strategy':>10} {'matched':>9} {'ties':>9} {'seconds':>8}")
    rows = measure_matching(n)
    for r in rows:
        print(f"{r['design']:>13} {r['strategy']:>10} {r['matched']:>9,} {r['ties']:>9,} {r['seconds']:>8.2f}")
    worst = max(rows, key=lambda r: r["seconds"])
    print(f"bench-matching: n={n} max_seconds={worst['seconds']:.3f} slowest={worst['design']}/{worst['strategy']}")


def print_cases(cases: tuple[tuple[int, int], ...], design: str) -> list[dict[str, Any]]:
    """Each case's build and step time, throughput and memory; then the mechanisms' shares of step time."""
    ready = kernels.warm()  # a first compilation is not what the cases measure
    if kernels.available():
        print(f"Compiled kernels (Numba) ready in {ready:.1f} s before timing (a new checkout compiles; then cached)")
    print(f"Design {design}, default model (small-world network, {SimConfig().org.n_skills} skills)\n")
    print(f"{'employees':>10} {'steps':>6} {'build s':>8} {'run s':>8} {'employee-steps/s':>17} {'peak RSS MB':>12}")
    results = []
    for n, steps in cases:
        r = measure(n, steps, design)
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
    return results


def print_baseline(results: list[dict[str, Any]], size: int, steps: int, design: str) -> None:
    """The per-agent baseline at ``size`` employees and the speed ratio, both measured in this run."""
    ours = next((r for r in results if r["n"] == size), None) or measure(size, steps, design)
    agent = measure_per_agent(size, steps, design)
    ratio = ours["employee_steps_per_s"] / agent["employee_steps_per_s"]
    print(
        f"\nPer-agent Mesa baseline (sim.bench.per_agent, shuffle_do), {size:,} employees, {agent['steps']} steps: "
        f"{agent['run_s']:.2f} s, {agent['employee_steps_per_s']:,.0f} employee-steps/s; "
        f"this model {ours['employee_steps_per_s']:,.0f} -> {ratio:.0f}x faster"
    )
    print(
        f"bench-baseline: n={size} per_agent_employee_steps_per_s={agent['employee_steps_per_s']:.0f} "
        f"employee_steps_per_s={ours['employee_steps_per_s']:.0f} ratio={ratio:.1f}"
    )


def print_scaling(sizes: tuple[int, ...], steps: int, design: str) -> None:
    """Cost per step against employees and ties, as the organisation and its network grow."""
    print(f"\nScaling, {steps} steps each: cost per step against employees and ties")
    print(
        f"{'employees':>10} {'degree':>7} {'informal ties':>14} {'mentoring ties':>15} {'ms/step':>8} "
        f"{'us/employee-step':>17} {'us/tie-step':>12}"
    )
    for n in sizes:
        for degree in SCALING_DEGREES:
            r = measure(n, steps, design, **{"network.mean_degree": degree})
            per_step = r["run_s"] / r["steps"]
            ties = r["edges"] + r["ties"]
            print(
                f"{n:>10,} {degree:>7} {r['edges']:>14,} {r['ties']:>15,.0f} {1e3 * per_step:>8.2f} "
                f"{1e6 * per_step / n:>17.3f} {1e6 * per_step / ties:>12.3f}",
                flush=True,
            )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    p = parser()
    args = p.parse_args(argv)
    if args.sweep is not None:
        if args.sweep < 1 or args.repeats < 1:
            p.error("--sweep RUNS and --repeats need at least 1")
        print_sweep(args.sweep, args.repeats, args.override)
        return 0
    if args.optimal_blocks is not None:
        print_optimal_blocks(args.optimal_blocks)
        return 0
    cases = CASES if args.sizes is None else tuple((n, args.steps) for n in sorted(args.sizes))
    if any(n < 10 for n, _ in cases) or any(steps < 1 for _, steps in cases):
        p.error("sizes must be >= 10 and steps >= 1")
    if args.baseline_steps < 0 or args.scaling_steps < 0:
        p.error("--baseline-steps and --scaling-steps must be >= 0")
    if args.matching is not None:
        if args.matching < 10:
            p.error("--matching N needs N >= 10")
        print_matching(args.matching)
        return 0
    results = print_cases(cases, args.design)
    if args.baseline_steps:
        size = BASELINE_SIZE if args.sizes is None else max(n for n, _ in cases)
        print_baseline(results, size, args.baseline_steps, args.design)
    if args.scaling_steps:
        print_scaling(
            SCALING_SIZES if args.sizes is None else tuple(n for n, _ in cases), args.scaling_steps, args.design
        )
    figures = {f"eps_{r['n']}": r["employee_steps_per_s"] for r in results}
    if args.yardsticks:
        figures.update(print_yardsticks(results, args.design))
    if args.ensemble_sweep:
        figures.update(print_sweep_paths())
    if args.targets:
        if args.decision_scenarios < 10:
            p.error("--decision-scenarios needs at least 10 (scenario discovery)")
        figures.update(print_targets(results, figures, args.decision_scenarios))
    last = results[-1]
    extra = " ".join(f"{k}={v:.3g}" if isinstance(v, float) else f"{k}={v}" for k, v in figures.items())
    print(
        f"bench: n={last['n']} steps={last['steps']} seconds={last['seconds']:.3f} "
        f"employee_steps_per_s={last['employee_steps_per_s']:.0f} peak_rss_mb={last['peak_rss_mb']:.0f} {extra}"
    )
    return 0


def print_yardsticks(results: list[dict[str, Any]], design: str) -> dict[str, float]:
    """The one-rule yardsticks at 10,000 employees (or the largest size run, if not), measured now, and the ratios."""
    ours = next((r for r in results if r["n"] == BASELINE_SIZE), results[-1])
    n = ours["n"]
    y = measure_one_rule(n, mesa_steps=20, numpy_steps=2_000)
    to_mesa = ours["employee_steps_per_s"] / y["mesa_steps_per_s"]
    to_numpy = ours["employee_steps_per_s"] / y["numpy_steps_per_s"]
    print(
        f"\nOne rule (engagement drift; sim.bench.one_rule), {n:,} employees: naive per-agent Mesa "
        f"{y['mesa_steps_per_s']:,.0f} agent-steps/s, the same rule in numpy {y['numpy_steps_per_s']:,.0f}/s; "
        f"the whole model's {ours['employee_steps_per_s']:,.0f}/s is {to_mesa:.1f}x the first (target >= 30x) "
        f"and {to_numpy:.2f}x the second (target >= 0.5x)"
    )
    return {
        "one_rule_mesa": y["mesa_steps_per_s"],
        "one_rule_numpy": y["numpy_steps_per_s"],
        "ratio_mesa": to_mesa,
        "ratio_numpy": to_numpy,
    }


def print_sweep_paths() -> dict[str, Any]:
    """A 120-run sweep of 500 x 260 one run at a time and batched into ensembles, and in one process."""
    per_run = sweep_per_run(jobs=2, launcher="joblib")
    batched = sweep_per_run(jobs=2, launcher="cores")
    alone = sweep_in_process()
    n, steps = SWEEP_SIZE
    ratio = per_run["seconds"] / batched["seconds"]
    print(
        f"\nSweep of {per_run['runs']} runs ({len(SWEEP_DESIGNS)} designs x {SWEEP_SEEDS} seeds, {n} employees x "
        f"{steps} weeks, each priced against its seed without a programme), python -m sim -m on 2 cores:"
    )
    print(
        f"  one run at a time (hydra/launcher=joblib)          {per_run['seconds']:>6.1f} s  "
        f"{per_run['employee_steps_per_s']:>10,.0f} employee-steps/s"
    )
    print(
        f"  replicates batched into ensembles (the default)    {batched['seconds']:>6.1f} s  "
        f"{batched['employee_steps_per_s']:>10,.0f} employee-steps/s  ({ratio:.2f}x; target >= 5x)"
    )
    print(
        f"  the same runs one by one in one process, one core  {alone['seconds']:>6.1f} s  "
        f"{alone['employee_steps_per_s']:>10,.0f} employee-steps/s"
    )
    ens = ensemble_vs_single()
    print(
        f"  ensembles alone (sim.ensemble), {ens['runs']} runs ({len(SWEEP_DESIGNS)} designs x "
        f"{ens['runs'] // len(SWEEP_DESIGNS)} seeds): one by one {ens['single_s']:.1f} s, as one ensemble "
        f"{ens['ensemble_s']:.1f} s, {ens['ratio']:.1f}x (one core; each replicate the bytes of its single run)"
    )
    return {
        "sweep_per_run_s": per_run["seconds"],
        "sweep_batched_s": batched["seconds"],
        "sweep_ratio": ratio,
        "sweep_in_process_s": alone["seconds"],
        "ensemble_ratio": ens["ratio"],
    }
