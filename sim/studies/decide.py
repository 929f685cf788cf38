"""``python -m sim.decide``: one command from a roster to the decision report.

Runs the robustness study (``+experiment=robust_designs``, :mod:`sim.studies.robustness`)
as a Hydra multirun on every core (or any launcher: ``hydra/launcher=slurm``), into a folder
named after the organisation and the study's size (``results/decide/<roster>_<S>x<R>``), so
running the same command again resumes it rather than starting over; the sweep writes its
decision report at the end (:mod:`sim.run.callbacks`), and this command prints the report's
summary for decision makers and where the report is.

    python -m sim.decide --roster my_org.csv
    python -m sim.decide --quick                              # a 2-minute try-out
    python -m sim.decide --roster my_org.csv --support basic,full economics.salary_by_level=[52000,70000,95000,140000]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from sim.config import DESIGNS

EXIT_USAGE = 2
QUICK = {"scenarios": 24, "seeds": 2}


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
    p.add_argument("--seeds", type=int, default=5, help="seeds per scenario and design (default 5)")
    p.add_argument(
        "--designs",
        default=",".join(DESIGNS),
        help=f"designs to compare, comma-separated (default: all, {','.join(DESIGNS)}); none is always included",
    )
    p.add_argument("--support", default="basic", help="support levels as choices: basic, full or basic,full")
    p.add_argument("--years", type=float, default=5.0, help="years to simulate (default 5)")
    p.add_argument("--out", help="the study's folder (default results/decide/<roster>_<scenarios>x<seeds>)")
    p.add_argument("--quick", action="store_true", help="a try-out: 24 scenarios x 2 seeds")
    p.add_argument("overrides", nargs="*", help="any python -m sim key=value, e.g. economics.currency=EUR")
    return p


def sweep_arguments(args: argparse.Namespace) -> tuple[list[str], Path]:
    """The ``python -m sim`` arguments of the study, and its folder.

    Raises:
        ValueError: with one line for the user, for a bad option.
    """
    scenarios, seeds = (QUICK["scenarios"], QUICK["seeds"]) if args.quick else (args.scenarios, args.seeds)
    if scenarios < 10:
        raise ValueError(f"--scenarios {scenarios}: at least 10 are needed for scenario discovery")
    if seeds < 1:
        raise ValueError(f"--seeds {seeds}: at least 1")
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
    out = Path(args.out) if args.out else Path("results") / "decide" / f"{name}_{scenarios}x{seeds}"
    argv = [
        "-m",
        "+experiment=robust_designs",
        f"program={','.join(designs)}",
        f"scenario.count={scenarios}",
        f"scenario.index=range(0,{scenarios})",
        f"seed=range(0,{seeds})",
        f"steps={steps}",
        f"hydra.sweep.dir={out}",
    ]
    if support != ["basic"]:
        argv.insert(3, f"support={','.join(support)}")
    if args.roster is not None:
        argv += ["org=roster", f"org.roster_path={args.roster}"]
    return argv + list(args.overrides), out


def leadership_summary(report_md: Path) -> str:
    """The report's summary for decision makers, as text for the terminal."""
    text = report_md.read_text()
    start = text.find("## Summary for decision makers")
    end = text.find("\n## ", start + 5)
    part = text[start:end] if start >= 0 else ""
    return part.replace("**", "").replace("## ", "").strip()


def main(argv: list[str] | None = None) -> int:
    """Run the study (resuming it if its folder exists), then print the summary and the report's path."""
    args = parser().parse_args(argv)
    try:
        sim_argv, out = sweep_arguments(args)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    # Imported after the options are checked: a mistyped option answers at once.
    from sim.analysis.document import REPORT_DIR, REPORT_HTML, REPORT_MD
    from sim.run.app import main as sim_main

    print(f"Decision study in {out}/ (run the same command again to resume it)", flush=True)
    sim_main(sim_argv)
    report = out / REPORT_DIR / REPORT_MD
    if not report.is_file():
        print(f"error: no report was written in {out / REPORT_DIR}; see the messages above", file=sys.stderr)
        return 1
    print()
    print(leadership_summary(report))
    print(f"\nThe whole report: {out / REPORT_DIR / REPORT_HTML}")
    return 0
