"""Validation: does the model reproduce what is known? ``python -m sim.validate``.

The suite: every check in :data:`CHECKS`, each stating the published result, its source
and its tolerance (:class:`~sim.validation.check.Check`).

Runs each validation experiment, writes ``results/validation/report.md`` with its figures
(each check: the published result, what the model gave, the tolerance, pass or fail), and
exits 0 only when every check passes. ``--quick`` runs every check at reduced size (fewer
replicates and periods; the tests run that).

Checks so far. March (1991), "Exploration and Exploitation in Organizational Learning",
*Organization Science* 2(1):71-87, with the model in :mod:`sim.validation.march`
(:mod:`~sim.validation.march_checks`):

1. slower socialisation gives the code a higher equilibrium knowledge;
2. with fast socialisation, moderate turnover improves the code's knowledge;
3. turbulence erodes the code's knowledge unless turnover brings in new beliefs.

Watts & Strogatz (1998), with :mod:`sim.validation.diffusion` (:mod:`~sim.validation.network_checks`):

4. know-how seeded in a few experts reaches half the organisation much faster once a few
   ties of a ring lattice are rewired, following the path length L(p);
5. on a complete graph the share who know follows the logistic curve of the matching
   susceptible-infected mean field.

Calibration to a real programme, with :mod:`sim.studies.calibration`
(:mod:`~sim.validation.calibration_check`):

6. the preset ``sun_microsystems`` retains mentees, mentors and non-participants as Sun
   Microsystems' programme did (72%, 69%, 49% over seven years), on seeds the fit never
   saw; the report splits each role's gap into counting, selection and mentoring.

The workforce, with :mod:`sim.studies.workforce` (:mod:`~sim.validation.workforce_check`):

7. the default organisation's tenure profile after five years without a programme is the
   US one (BLS, January 2022: median 4.1 years, 26-28% at 10+ years, 24.3% at a year or less).

A finding is reproduced when the model's difference has the published sign and its 95%
confidence interval (Welch's t over independent runs) clears the stated margin.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from sim import io
from sim.validation.calibration_check import check_sun_retention
from sim.validation.check import FULL, QUICK, Check, Size
from sim.validation.march_checks import check_figure1, check_mixed_learners, check_turbulence, check_turnover
from sim.validation.network_checks import check_logistic, check_small_world
from sim.validation.workforce_check import check_bls_tenure

DEFAULT_OUT = Path("results/validation")

CHECKS: dict[str, Callable[[Size, Path], Check]] = {
    "march_figure1": check_figure1,
    "march_mixed": check_mixed_learners,
    "march_turnover": check_turnover,
    "march_turbulence": check_turbulence,
    "small_world": check_small_world,
    "logistic": check_logistic,
    "sun_retention": check_sun_retention,
    "bls_tenure": check_bls_tenure,
}


def report(checks: list[Check], size: Size, command: str = "python -m sim.validate") -> str:
    """The Markdown report: a summary table, then each check with its figure."""
    passed = sum(c.passed for c in checks)
    lines = [
        "# Validation report",
        "",
        f"{passed} of {len(checks)} checks pass ({size.runs} independent runs x {size.periods} periods each; "
        f"`{command}`).",
        "",
        "| check | published result | model | tolerance | pass |",
        "|---|---|---|---|---|",
    ]
    for c in checks:
        lines.append(f"| {c.name} | {c.published} | {c.result} | {c.tolerance} | {'yes' if c.passed else '**no**'} |")
    for c in checks:
        lines += ["", f"## {c.name}", "", f"**Published:** {c.published}", "", f"**Source:** {c.source}", ""]
        lines += [f"**Model:** {c.result}", "", f"**Tolerance:** {c.tolerance} -- **{'pass' if c.passed else 'FAIL'}**"]
        if c.figure:
            lines += ["", f"![{c.name}]({c.figure})"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run the checks, write the report, exit 0 only if all pass."""
    parser = argparse.ArgumentParser(prog="python -m sim.validate", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help=f"reduced size ({QUICK.runs} runs x {QUICK.periods} periods)"
    )
    parser.add_argument("--only", nargs="+", choices=sorted(CHECKS), help="run only these checks")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    size = QUICK if args.quick else FULL
    checks = []
    for name in args.only or CHECKS:
        check = CHECKS[name](size, args.out)
        checks.append(check)
        print(f"{'PASS' if check.passed else 'FAIL'}  {check.name}: {check.result}", flush=True)
    command = "python -m sim.validate" + (" --quick" if args.quick else "")
    path = io.write_text(report(checks, size, command), args.out / "report.md")
    failed = [c.name for c in checks if not c.passed]
    print(f"{len(checks) - len(failed)} of {len(checks)} checks pass; report: {path}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
