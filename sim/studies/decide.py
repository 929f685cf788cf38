"""``python -m sim.decide``: one command from a roster to the decision report.

Runs the robustness study (``+experiment=robust_designs``, :mod:`sim.sampling.scenarios`, :mod:`sim.analysis.robustness`)
as a Hydra multirun on every core (or any launcher: ``hydra/launcher=slurm``), into a folder
named after the organisation and the study's size (``results/decide/<roster>_<S>x<R>``), so
running the same command again resumes it rather than starting over; the sweep writes its
decision report at the end (:mod:`sim.analysis.callbacks`), and this command prints the report's
summary for decision makers and where the report is.

    python -m sim.decide --roster my_org.csv
    python -m sim.decide --quick                              # a 2-minute try-out
    python -m sim.decide --quick --verbose                    # with Hydra's launch log and PRIM's log lines
    python -m sim.decide --roster my_org.csv --seeds auto     # seeds where designs are close, same budget
    python -m sim.decide --roster examples/roster.csv --support basic,full economics.salary_by_level=[52000,70000,95000,140000,210000]

With ``--seeds auto`` the study runs in rounds (:func:`sequential`): three seeds for every
scenario first, then two more at a time for the scenarios where the leading designs are not
yet told apart (Kim & Nelson's procedure KN, sim.analysis.selection), each round a multirun
into the same store, until every scenario is resolved or the run budget (``--budget``;
by default what five seeds a scenario take) is spent; the report says how many seeds each
scenario took and where the study stopped (selection.json in the study's folder).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

from sim.config import DESIGNS

EXIT_USAGE = 2
QUICK = {"scenarios": 24, "seeds": 2}
#: Seeds a scenario takes with ``--seeds`` unset, and the run budget ``--seeds auto`` matches by default.
DEFAULT_SEEDS = 5
#: ``--seeds auto``: first-stage seeds, seeds added per round, most seeds a scenario takes.
FIRST_STAGE, STEP, MAX_SEEDS = 3, 2, 40


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, no usage dump
        print(f"error: {message} (python -m sim.decide --help)", file=sys.stderr)
        sys.exit(EXIT_USAGE)


def parser() -> argparse.ArgumentParser:
    """The command line of ``python -m sim.decide``."""
    p = _Parser(
        prog="python -m sim.decide",
        description="Which mentoring programme should we run? Every design on many scenarios of the model's "
        "uncertain parameters, priced against no programme; writes a decision report.",
    )
    p.add_argument("--roster", help="your organisation as a CSV (docs/roster.md); default: a synthetic organisation")
    p.add_argument("--scenarios", type=int, default=200, help="scenarios of the uncertain parameters (default 200)")
    p.add_argument(
        "--seeds",
        default=str(DEFAULT_SEEDS),
        help=f"seeds per scenario and design (default {DEFAULT_SEEDS}), or auto: more seeds where designs are close",
    )
    p.add_argument("--first-seed", type=int, default=0, help="the first seed (default 0): another replication")
    p.add_argument(
        "--budget",
        type=int,
        default=0,
        help=f"--seeds auto: most runs (default: what {DEFAULT_SEEDS} seeds a scenario would take)",
    )
    p.add_argument(
        "--designs",
        default=",".join(DESIGNS),
        help=f"designs to compare, comma-separated (default: all, {','.join(DESIGNS)}); none is always included",
    )
    p.add_argument("--support", default="basic", help="support levels as choices: basic, full or basic,full")
    p.add_argument("--years", type=float, default=5.0, help="years to simulate (default 5)")
    p.add_argument("--out", help="the study's folder (default results/decide/<roster>_<scenarios>x<seeds>)")
    p.add_argument("--quick", action="store_true", help="a try-out: 24 scenarios x 2 seeds")
    p.add_argument(
        "--verbose",
        action="store_true",
        help="also print the launch log: Hydra's list of the jobs launched and the libraries' own log lines "
        "(PRIM's); by default the study prints one progress line, rewritten in place on a terminal and "
        "written each quarter of the runs or 30 s to a log",
    )
    p.add_argument("overrides", nargs="*", help="any python -m sim key=value, e.g. economics.currency=EUR")
    return p


def sweep_arguments(args: argparse.Namespace) -> tuple[list[str], Path]:
    """The ``python -m sim`` arguments of the study, and its folder.

    Raises:
        ValueError: with one line for the user, for a bad option.
    """
    auto = str(args.seeds).strip().lower() == "auto"
    if not auto and not str(args.seeds).strip().isdigit():
        raise ValueError(f"--seeds {args.seeds}: a whole number of seeds, or auto")
    seeds = FIRST_STAGE if auto else int(args.seeds)
    scenarios = QUICK["scenarios"] if args.quick else args.scenarios
    if args.quick and not auto:
        seeds = QUICK["seeds"]
    if scenarios < 10:
        raise ValueError(f"--scenarios {scenarios}: at least 10 are needed for scenario discovery")
    if seeds < 1:
        raise ValueError(f"--seeds {seeds}: at least 1")
    if args.first_seed < 0:
        raise ValueError(f"--first-seed {args.first_seed}: must be 0 or more")
    designs = [d.strip() for d in args.designs.split(",") if d.strip()]
    unknown = [d for d in designs if d not in DESIGNS]
    if unknown:
        raise ValueError(f"--designs: {unknown[0]!r} is not a design; choose from {', '.join(DESIGNS)}")
    designs = ["none", *[d for d in designs if d != "none"]]  # none first: its runs are the others' baselines
    if len(designs) < 2:
        raise ValueError("--designs: name at least one programme to compare with none")
    support = [s.strip() for s in args.support.split(",") if s.strip()]
    if not support or any(s not in ("basic", "full") for s in support):
        raise ValueError(f"--support {args.support}: choose basic, full or basic,full")
    steps = round(args.years * 52)
    if not 1 <= steps <= 100_000:
        raise ValueError(f"--years {args.years}: must be between 0.02 and 1,923")
    if args.roster is not None:
        roster = Path(args.roster)
        if not roster.is_file():
            raise ValueError(f"--roster {args.roster}: no such file")
        name = re.sub(r"[^A-Za-z0-9_-]+", "_", roster.stem)
    else:
        name = "synthetic"
    if auto and support != ["basic"] and len(support) > 1:
        raise ValueError("--seeds auto compares designs at one support level: give --support basic or --support full")
    size = f"{scenarios}xauto" if auto else f"{scenarios}x{seeds}"
    if args.first_seed:
        size += f"_from{args.first_seed}"
    out = Path(args.out) if args.out else Path("results") / "decide" / f"{name}_{size}"
    argv = [
        "-m",
        "+experiment=robust_designs",
        f"program={','.join(designs)}",
        f"scenario.count={scenarios}",
        f"scenario.index=range(0,{scenarios})",
        f"seed=range({args.first_seed},{args.first_seed + seeds})",
        f"steps={steps}",
        f"hydra.sweep.dir={out}",
    ]
    if args.verbose:
        argv.append("hydra/hydra_logging=default")  # Hydra's launch log (configs/hydra/hydra_logging/quiet.yaml)
    if support != ["basic"]:
        argv.insert(3, f"support={','.join(support)}")
    if args.roster is not None:
        argv += ["org=roster", f"org.roster_path={args.roster}"]
    return argv + list(args.overrides), out


def leadership_summary(report_md: Path) -> str:
    """The report's page for decision makers, in a few lines for the terminal.

    The try-out mark, one line per goal (the design to run, what it gives, what it costs a year), the money of
    the recommended programme, whose figures, and when the answer changes; the report's page has the rest.
    """
    text = report_md.read_text()
    start = text.find("## Summary for decision makers")
    end = text.find("\n## ", start + 5)
    blocks = [b.strip() for b in (text[start:end] if start >= 0 else "").split("\n\n")[1:]]
    tables = [_rows(b) for b in blocks if b.startswith("| ")]
    lines = ["Summary for decision makers"]
    for b in blocks:
        plain = b.replace("**", "")
        if b.startswith("**Try-out"):
            ask = plain.rsplit(". ", 1)[-1]
            lines.append(plain.split(". ")[0] + ": " + ask[0].lower() + ask[1:])
        elif b.startswith("**The money"):
            lines.append(plain)
        elif b.startswith("- "):
            lines += [f"When the answer changes: {item[2:]}" for item in b.splitlines()]
    if tables:
        at = 2 if lines[1:2] and lines[1].startswith("Try-out") else 1
        period = tables[0][0][3].removeprefix("gives ")  # the header: "gives over 5 years"
        lines[at:at] = [
            f"  {goal}: no programme; no design does better on it in these scenarios"
            if run == "no programme"
            else f"  {goal}: {run}; gives {gives} {period}; costs {cash} a year in cash and {staff} of staff time"
            for goal, run, _, gives, cash, staff in tables[0][2:]
        ]
    if len(tables) > 1:
        figures = [f"{figure} ({who.split(' (')[0].removeprefix('not yours: ')})" for figure, _, who in tables[1][2:]]
        lines.append("Your figures: " + ", ".join(figures))
    if "full-expert equivalent" in text[start:end]:
        lines.append(
            "(A full-expert equivalent is the know-how of one person who knows every skill of the work fully.)"
        )
    return "\n".join(lines)


def _rows(table: str) -> list[list[str]]:
    """A Markdown table's rows, cell by cell (the header, the rule, then the body)."""
    return [line.strip("| ").split(" | ") for line in table.splitlines()]


def main(argv: list[str] | None = None) -> int:
    """Run the study (resuming it if its folder exists), then print the summary and the report's path."""
    args = parser().parse_intermixed_args(argv)  # key=value before and after options alike
    try:
        sim_argv, out = sweep_arguments(args)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    # Imported after the options are checked: a mistyped option answers at once.
    from sim.analysis.document import REPORT_DIR, REPORT_HTML, REPORT_MD
    from sim.run.app import main as sim_main

    print(f"Decision study in {out}/ (run the same command again to resume it)", flush=True)
    if str(args.seeds).strip().lower() == "auto":
        code = sequential(args, sim_argv, out)
        if code:
            return code
    else:
        sim_main(sim_argv)
    report = out / REPORT_DIR / REPORT_MD
    if not report.is_file():
        print(f"error: no report was written in {out / REPORT_DIR}; see the messages above", file=sys.stderr)
        return 1
    print()
    print(leadership_summary(report))
    print(f"\nThe whole report: {out / REPORT_DIR / REPORT_HTML}")
    return 0


def _with(argv: list[str], **keys: str) -> list[str]:
    """``argv`` with each ``key=value`` given replaced (or added)."""
    out = [a for a in argv if a.split("=", 1)[0] not in keys]
    return out + [f"{k}={v}" for k, v in keys.items()]


def sequential(args: argparse.Namespace, argv: list[str], out: Path) -> int:
    """``--seeds auto``: rounds of the study until every scenario is resolved or the budget is spent.

    Each round is one multirun (``python -m sim``) into the study's store; between rounds the
    study is read back and :func:`sim.analysis.selection.next_round` says which scenarios, designs
    and seeds come next. Writes ``selection.json`` and the report. Returns an exit status.
    """
    # Imported here: reading a study back needs pandas and the analysis, which --help does not.
    from sim.analysis import robustness as rb
    from sim.analysis.gather import gather
    from sim.analysis.robustness_report import SELECTION
    from sim.analysis.selection import next_round

    keys = dict(a.split("=", 1) for a in argv if "=" in a and not a.startswith(("-", "+")))
    designs = keys["program"].split(",")
    scenarios = list(range(int(keys["scenario.count"])))
    budget = args.budget or len(scenarios) * DEFAULT_SEEDS * len(designs)
    first = args.first_seed
    rounds: list[dict] = []
    groups, keep = [(scenarios, range(first, first + FIRST_STAGE))], designs
    number = 0
    while True:
        number += 1
        for part, (chosen, seeds) in enumerate(groups):
            round_argv = _with(
                argv,
                program=",".join(keep),
                **{
                    "scenario.index": ",".join(map(str, chosen)),
                    "seed": f"range({seeds.start},{seeds.stop})",
                    "outputs.run_prefix": "" if number == 1 else f"r{number}.{part}-",
                    "report.auto": "false",
                },
            )
            print(
                f"round {number}: {len(chosen)} scenarios x {len(keep)} designs x seeds {seeds.start}-{seeds.stop - 1}",
                flush=True,
            )
            if subprocess.run([sys.executable, "-m", "sim", *round_argv]).returncode != 0:
                print(f"error: round {number} of the study failed; see the messages above", file=sys.stderr)
                return 1
            rounds.append(
                {"round": number, "scenarios": len(chosen), "designs": keep, "seeds": [seeds.start, seeds.stop - 1]}
            )
        table, _ = gather(out)
        ok = rb.outcomes(table[table["status"] == "ok"])
        margins = rb.goal_margins(float(ok["payroll_annual"].median()))
        x = {}
        for g in rb.GOALS:
            ids, x[g.column] = rb.seed_tables(ok, "program.design", g.column, designs)
        step, done = next_round(x, margins, ids, designs, first, len(ok), budget, STEP, MAX_SEEDS, FIRST_STAGE)
        if step.stop:
            break
        groups, keep = step.groups, step.designs
    record = {
        "first_stage": FIRST_STAGE,
        "step": STEP,
        "max_seeds": MAX_SEEDS,
        "budget": budget,
        "runs": len(ok),
        "rounds": rounds,
        "stopped": f"it stopped because {step.stop}",
        "unresolved": len(step.open),
        "resolved_by_goal": {goal: int(flags.sum()) for goal, flags in done.items()},
    }
    (out / SELECTION).write_text(json.dumps(record, indent=1) + "\n")
    if subprocess.run([sys.executable, "-m", "sim.report", str(out)]).returncode != 0:
        print(f"error: the report of {out} could not be written; see the messages above", file=sys.stderr)
        return 1
    return 0
