"""Agreement of independent replications of a decision study: the same answer on other seeds.

A decision study (``python -m sim.decide``) is worth its runs only if running it again on other
seeds names the same leading design for each goal, or calls the same goal a tie. This reads a
study that ran at least twice the seeds it asks about (e.g. ``--seeds 10`` to judge studies of
5), splits each scenario's seeds at random into two disjoint groups of ``--group`` (one split
for all scenarios, so each half is a whole study), reads each half as the report does (its
leader per goal and the leader's share of bootstrap resamples of the seeds; below
:data:`sim.analysis.robustness_report.LEADER_STABLE` the report calls a tie) and counts how
often the halves agree: the same leader, or both a tie.

    python -m sim.studies.agreement results/decide/roster_200x10 --group 5 --draws 10
    python -m sim.studies.agreement results/decide/roster_200xauto results/decide/roster_200xauto_from1000
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd


def call(ok: pd.DataFrame) -> dict[str, str]:
    """Each goal's answer in a study's runs: its leader, or ``tie: A, B`` (the report's rule)."""
    from sim.analysis.robustness_report import CONTENDER, LEADER_STABLE, analyse  # the report's own reading

    study = analyse(ok)
    out = {}
    for goal, lead in study.leaders.items():
        share = study.leader_share[goal]
        if share[lead] >= LEADER_STABLE:
            out[goal] = lead
        else:
            out[goal] = "tie: " + ", ".join(sorted(p for p, v in share.items() if v >= CONTENDER))
    return out


def _named(answer: str) -> set[str]:
    """The designs an answer names: its leader, or the designs of its tie."""
    return set(answer.removeprefix("tie: ").split(", "))


def agreement(ok: pd.DataFrame, group: int, draws: int, seed: int = 0) -> pd.DataFrame:
    """One row per draw and goal: each half's answer, and whether the halves agree and are consistent.

    They agree when they name the same leader, or both a tie; they are consistent when they agree
    or one names a leader that the other's tie includes.
    """
    seeds = np.sort(ok["seed"].unique())
    if len(seeds) < 2 * group:
        raise ValueError(f"the study ran {len(seeds)} seeds; two disjoint groups of {group} need {2 * group}")
    rng = np.random.default_rng(seed)
    rows = []
    for draw in range(draws):
        order = rng.permutation(seeds)
        halves = [call(ok[ok["seed"].isin(order[i * group : (i + 1) * group])]) for i in range(2)]
        for goal in halves[0]:
            a, b = halves[0][goal], halves[1][goal]
            both_tie = a.startswith("tie") and b.startswith("tie")
            rows.append(
                {
                    "draw": draw,
                    "goal": goal,
                    "first": a,
                    "second": b,
                    "agree": a == b or both_tie,
                    "consistent": a == b or both_tie or _named(a) <= _named(b) or _named(b) <= _named(a),
                }
            )
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> int:
    """Print, per goal, how often two independent halves of the study agree."""
    p = argparse.ArgumentParser(prog="python -m sim.studies.agreement", description=__doc__.splitlines()[0])
    p.add_argument(
        "study",
        nargs="+",
        help="a decision study's folder (python -m sim.decide --seeds 10 ...), or several of one study",
    )
    p.add_argument("--group", type=int, default=5, help="seeds in each replication (default 5)")
    p.add_argument("--draws", type=int, default=10, help="random splits of the seeds (default 10)")
    args = p.parse_args(argv)
    from sim.analysis import robustness as rb  # as above
    from sim.analysis.gather import ReportError, gather  # reading a study needs the analysis: not for --help

    try:
        tables = [gather(Path(folder))[0] for folder in args.study]  # replications on other seeds pool
        table = pd.concat(tables, ignore_index=True)
        ok = table[table["status"] == "ok"]
        result = agreement(ok, args.group, args.draws)
    except (ReportError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    words = {g.column: g.name for g in rb.GOALS}
    print(
        f"Two independent replications of {args.group} seeds each, {args.draws} random splits of "
        f"{', '.join(args.study)}:"
    )
    for goal, rows in result.groupby("goal", sort=False):
        answers = pd.concat([rows["first"], rows["second"]]).value_counts()
        named = "; ".join(f"{a} {n}" for a, n in answers.items())
        print(
            f"  {words.get(goal, goal)}: agree in {rows['agree'].mean():.0%} of the splits, consistent in "
            f"{rows['consistent'].mean():.0%} (answers: {named})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
