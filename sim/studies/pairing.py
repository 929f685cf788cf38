"""How sharp paired comparisons are: every design against no programme on the same seeds.

Two designs run on one seed should differ only by what the designs do (common random
numbers, docs/model.md "Random streams"): then a design's exits move with no programme's
from seed to seed, and the paired difference ("people kept") varies far less than either
run does. This study measures it on the default organisation (or any ``key=value``):

    python -m sim.studies.pairing                     # 20 seeds, every design, 500 x 260
    python -m sim.studies.pairing --seeds 12 org.n_employees=400

It prints, per design, the correlation over seeds of its exits with no programme's, the
standard deviation over seeds of people kept (per 100 employed at the start) paired and
unpaired, and of net money paired; and how often two disjoint groups of ``--group`` seeds
pick the same leading design on each goal (:func:`agreement`).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

import numpy as np
import pandas as pd

from sim.config import DESIGNS, ConfigError, SimConfig, with_overrides

#: The goals the agreement is counted on: (column, words).
GOAL_WORDS = (("people_kept", "people kept"), ("tacit_kept", "know-how kept"), ("net_benefit", "net money"))


def measure(
    seeds: list[int], overrides: dict[str, Any] | None = None, designs: tuple[str, ...] = DESIGNS
) -> pd.DataFrame:
    """Every design on every seed, stepped as one ensemble per seed; one row per (design, seed).

    Columns: ``design``, ``seed``, ``exits_total``, ``retention_all``, ``tacit_mean_final``,
    ``people_kept`` and ``tacit_kept`` (per 100 employed, against no programme on the same
    seed), ``net_benefit`` (sim.economics, against the same).
    """
    from sim.economics import money  # the model's modules: --help answers without loading them
    from sim.ensemble import Ensemble  # as above
    from sim.resolved import resolve  # as above

    base = with_overrides(SimConfig(), overrides or {})
    designs = ("none", *[d for d in designs if d != "none"])
    rows = []
    for seed in seeds:
        runs = [resolve(with_overrides(base, {"program.design": d, "seed": seed})) for d in designs]
        summaries = Ensemble(runs).run().summaries()
        none = summaries[0]
        for design, run, s in zip(designs, runs, summaries, strict=True):
            rows.append(
                {
                    "design": design,
                    "seed": seed,
                    "exits_total": s["exits_total"],
                    "retention_all": s["retention_all"],
                    "tacit_mean_final": s["tacit_mean_final"],
                    "people_kept": 100.0 * (s["retention_all"] - none["retention_all"]),
                    "tacit_kept": 100.0 * (s["tacit_mean_final"] - none["tacit_mean_final"]),
                    "net_benefit": money(run.config, s, none)["net_benefit"],
                }
            )
    return pd.DataFrame(rows)


def pairing(df: pd.DataFrame) -> pd.DataFrame:
    """Per design: how its runs pair with no programme's over seeds.

    Columns: ``exits_corr`` (Pearson, over seeds, of exits with no programme's), ``exits_avoided`` and
    ``exits_avoided_sd`` (no programme's exits less the design's: mean and SD over seeds), ``people_kept``
    (mean), ``people_kept_sd`` (standard deviation over seeds of the paired difference),
    ``people_kept_sd_unpaired`` (what it would be for independent runs: the root of the sum of
    both variances), ``net_benefit`` and ``net_benefit_sd`` (paired).
    """
    none = df[df["design"] == "none"].set_index("seed")
    out = {}
    for design, g in df[df["design"] != "none"].groupby("design", sort=False):
        g = g.set_index("seed").loc[none.index]
        ret = 100.0 * g["retention_all"]
        ret0 = 100.0 * none["retention_all"]
        avoided = none["exits_total"] - g["exits_total"]
        out[design] = {
            "exits_corr": float(np.corrcoef(g["exits_total"], none["exits_total"])[0, 1]),
            "exits_avoided": float(avoided.mean()),
            "exits_avoided_sd": float(avoided.std(ddof=1)),
            "people_kept": float(g["people_kept"].mean()),
            "people_kept_sd": float(g["people_kept"].std(ddof=1)),
            "people_kept_sd_unpaired": float(np.sqrt(ret.var(ddof=1) + ret0.var(ddof=1))),
            "net_benefit": float(g["net_benefit"].mean()),
            "net_benefit_sd": float(g["net_benefit"].std(ddof=1)),
        }
    return pd.DataFrame(out).T


def agreement(df: pd.DataFrame, group: int = 5, draws: int = 200, seed: int = 0) -> dict[str, float]:
    """How often two disjoint groups of ``group`` seeds name the same leading design, per goal.

    Each draw splits the seeds at random into two groups of ``group``; each group's leader on a
    goal is the design (no programme included) with the highest mean. Returns the share of
    draws in which the two leaders agree, per goal column.
    """
    seeds = np.sort(df["seed"].unique())
    if len(seeds) < 2 * group:
        raise ValueError(f"{len(seeds)} seeds: two disjoint groups of {group} need at least {2 * group}")
    rng = np.random.default_rng(seed)
    tables = {goal: df.pivot(index="seed", columns="design", values=goal) for goal, _ in GOAL_WORDS}
    agree = dict.fromkeys(tables, 0)
    for _ in range(draws):
        order = rng.permutation(seeds)
        a, b = order[:group], order[group : 2 * group]
        for goal, t in tables.items():
            agree[goal] += t.loc[a].mean().idxmax() == t.loc[b].mean().idxmax()
    return {goal: n / draws for goal, n in agree.items()}


def main(argv: list[str] | None = None) -> int:
    """Measure and print the pairing table and the agreement of seed groups."""
    p = argparse.ArgumentParser(prog="python -m sim.studies.pairing", description=__doc__.splitlines()[0])
    p.add_argument("--seeds", type=int, default=20, help="paired seeds 0..S-1 (default 20)")
    p.add_argument("--group", type=int, default=5, help="seeds per group in the agreement (default 5)")
    p.add_argument("overrides", nargs="*", help="key=value settings of the organisation, e.g. org.n_employees=400")
    args = p.parse_args(argv)
    try:
        overrides = dict(parse_override(o) for o in args.overrides)
        df = measure(list(range(args.seeds)), overrides)
    except (ConfigError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    with pd.option_context("display.width", 160, "display.float_format", "{:.3f}".format):
        print(pairing(df).to_string())
    if args.seeds >= 2 * args.group:
        shares = agreement(df, args.group)
        words = dict(GOAL_WORDS)
        print(
            f"two groups of {args.group} seeds name the same leading design: "
            + ", ".join(f"{words[g]} {100 * s:.0f}%" for g, s in shares.items())
        )
    return 0


def parse_override(text: str) -> tuple[str, Any]:
    """``key=value`` to (key, value), the value read as YAML (as on ``python -m sim``'s command line)."""
    import yaml  # only key=value arguments need it

    key, sep, value = text.partition("=")
    if not sep:
        raise ValueError(f"{text!r}: expected key=value")
    return key, yaml.safe_load(value)


if __name__ == "__main__":
    sys.exit(main())
