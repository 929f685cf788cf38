"""The decision report's first page, for a board: per goal one recommendation, what it gives and costs a year.

Written for people who decide and pay: figures in people, full-expert equivalents (defined where first
used) and money, rounded to two significant figures (a study's 90% ranges are far wider than that); money
that adds up (averages over scenarios, which add, where the detail below gives medians, which do not); a
box of whose figures the answer rests on; and a try-out mark on a study too small to rely on.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from sim.analysis import robustness as rb
from sim.analysis.document import Document
from sim.analysis.robustness_report.study import CONTENDER, LEADER_STABLE, NONE, Failure, Study
from sim.analysis.robustness_report.words import _pct, _years
from sim.economics import amount
from sim.sampling.scenarios import BY_KEY

#: A study with fewer scenarios is marked as a try-out: too few for scenario discovery to find where an answer
#: fails (PRIM's boxes rest on the cases inside them; the full study samples 200).
TRYOUT_SCENARIOS = 100
#: ... or with fewer seeds per scenario: a design's lead cannot be told from the seeds' noise.
TRYOUT_SEEDS = 3

FULL_EXPERT = (
    "a 'full-expert equivalent' is the know-how of one person who knows every skill of the organisation's work "
    "fully (tacit knowledge 1 on every skill, on the model's 0-1 scale)"
)


def significant(value: float, digits: int = 2) -> float:
    """``value`` to ``digits`` significant figures (0 stays 0)."""
    if value == 0 or not math.isfinite(value):
        return value
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


def money(value: float, currency: str) -> str:
    """An amount to two significant figures: ``$620,000``."""
    return amount(significant(value), currency)


def tryout(study: Study) -> str | None:
    """The try-out mark of a small study, or None."""
    scenarios, seeds = len(study.x), int(study.seeds_per_scenario.min())
    if scenarios >= TRYOUT_SCENARIOS and seeds >= TRYOUT_SEEDS:
        return None
    return (
        f"**Try-out study, not a basis for a decision.** {scenarios} scenarios x {seeds} seed"
        f"{'s' if seeds > 1 else ''} each ({len(study.runs):,} runs) show how the study works: too few scenarios to "
        f"say when an answer changes (scenario discovery needs about {TRYOUT_SCENARIOS} or more) and too few seeds "
        "to be sure of a lead. Run the full study (without --quick: 200 scenarios x 5 seeds) before deciding."
    )


def summary(doc: Document, study: Study, fails: list[Failure]) -> None:
    """The page for decision makers."""
    doc.h(2, "Summary for decision makers")
    mark = tryout(study)
    if mark:
        doc.p(mark)
    n = int(study.runs["n_employees"].iloc[0])
    doc.p(
        f"**What we recommend**, for your {n:,} employees over {_years(study.years)}, each figure against running "
        "no programme. 'Gives': the median over the scenarios, and in brackets the range of 90% of them. 'Cash a "
        "year': what the programme pays out (running it, training mentors), median over the scenarios; 'staff time "
        "a year': the hours people spend in its meetings, valued at their pay (time taken from other work, not paid "
        f"out). Here {FULL_EXPERT}; 'people kept': people employed at the start still employed at the end."
    )
    doc.table(recommendations(study))
    programmes = [p for p in study.policies if p != NONE]
    if programmes:
        lead = study.leaders["net_benefit"]
        closest = (
            lead if lead != NONE else max(programmes, key=lambda p: float(study.tables["net_benefit"][p].median()))
        )
        doc.p(adds_up(study, closest, lead == NONE))
    doc.p("**Your figures** (the answer rests on these; a default is the model's, not your organisation's):")
    doc.table(figures_box(study))
    doc.p("**When the answer changes.**")
    doc.ul(when_it_changes(study, fails))
    doc.p(
        "**How sure.** These are consequences of the model's assumptions over the ranges listed under 'The "
        "uncertainties' below, not forecasts. Every design of a scenario ran on the same seeds and random streams, "
        "so designs are compared seed by seed; two designs the seeds cannot tell apart (95% interval of their "
        "paired difference) are called tied. " + error_sentence(study)
    )


def error_sentence(study: Study) -> str:
    """The simulation error per goal in the first page's units (totals, two figures)."""
    parts = []
    for g in rb.GOALS:
        se = study.robust[g.column]["se_median"].drop(index=NONE, errors="ignore")
        if not se.notna().any():
            return "With one seed per scenario the simulation error cannot be estimated: nothing is called tied."
        scale, unit = _scale(study, g.column)
        value = scale * float(np.nanmedian(se))
        shown = money(value, unit) if g.column == "net_benefit" else f"{significant(value):g} {unit}"
        shown = "1 person" if shown == "1 people" else shown
        parts.append(f"{g.name} {shown}")
    return (
        "Simulation error (the median standard error of a design's paired difference from the best, over "
        f"{_years(study.years)}): " + "; ".join(parts) + "."
    )


def _scale(study: Study, goal: str) -> tuple[float, str]:
    """What turns a goal's per-100 figure into a total, and the unit of the total."""
    n = float(study.runs["n_employees"].iloc[0])
    if goal == "tacit_kept":
        return n / 100.0, "full-expert equivalents"
    if goal == "people_kept":
        return n / 100.0, "people"
    return 1.0, study.currency


def _gives(study: Study, goal: str, design: str) -> str:
    """What ``design`` gives on ``goal`` against no programme: median (90% of scenarios), in totals."""
    values = study.tables[goal][design].to_numpy(dtype=float)
    scale, unit = _scale(study, goal)
    med, lo, hi = (scale * float(v) for v in (np.median(values), *np.quantile(values, [0.05, 0.95])))
    if goal == "net_benefit":
        return f"{money(med, unit)} net ({money(lo, unit)} to {money(hi, unit)})"
    if goal == "people_kept":
        return f"{_people(med, True)} ({_people(lo)} to {_people(hi)})"
    return f"{significant(med):+g} {unit} ({significant(lo):+g} to {significant(hi):+g})"


def _people(x: float, noun: bool = False) -> str:
    """``3 more``, ``2 fewer``, ``0``; with ``noun``, ``1 more person kept``, ``no more people kept``."""
    n = round(x)
    if n == 0:
        return "no more people kept" if noun else "0"
    text = f"{abs(n):,} {'more' if n > 0 else 'fewer'}"
    return f"{text} {'person' if abs(n) == 1 else 'people'} kept" if noun else text


def _per_year(study: Study, design: str) -> tuple[float, float, float]:
    """``design``'s cash cost, staff-time cost and staff hours a year: medians over scenarios of seed means."""
    runs = study.runs[study.runs["policy"] == design]
    if runs.empty or design == NONE:
        return 0.0, 0.0, 0.0
    cash = runs["cost_admin"].astype(float) + runs["cost_training"].astype(float)
    frame = pd.DataFrame(
        {"cash": cash, "time": runs["cost_time"].astype(float), "hours": runs["programme_hours_total"].astype(float)}
    )
    per = frame.groupby(runs["scenario.index"]).mean().median() / study.years
    return float(per["cash"]), float(per["time"]), float(per["hours"])


def recommendations(study: Study) -> pd.DataFrame:
    """One row per goal: the recommendation (or a tie), how sure, what it gives, what it costs a year."""
    rows = []
    for g in rb.GOALS:
        lead = study.leaders[g.column]
        share = study.leader_share[g.column]
        if share[lead] >= LEADER_STABLE:
            choice = lead
            sure = f"leads in {_pct(share[lead])} of resamples of the seeds"
        else:
            rivals = [p for p, v in sorted(share.items(), key=lambda kv: -kv[1]) if v >= CONTENDER]
            choice = "a tie: " + " or ".join(rivals)
            sure = "the seeds cannot tell them apart (" + ", ".join(f"{p} leads in {_pct(share[p])}" for p in rivals)
            sure += " of resamples); more seeds would"
        within = study.robust[g.column].loc[lead, "within_share"]
        sure += f"; as good as the best in {_pct(within)} of scenarios"
        cash, time, hours = _per_year(study, lead)
        rows.append(
            {
                "if your goal is": g.name,
                "run": choice,
                "how sure": sure,
                f"gives over {_years(study.years)}": "nothing: the baseline" if lead == NONE else _gives(study, g.column, lead),
                "cash a year": money(cash, study.currency),
                "staff time a year": f"{significant(hours):,.0f} h ({money(time, study.currency)})",
            }
        )  # fmt: skip
    return pd.DataFrame(rows)


def adds_up(study: Study, design: str, none_leads: bool = False) -> str:
    """The money recommendation's averages over the scenarios, which add up to its net.

    When no programme leads on money, the programme closest to it (the highest median net) is priced instead.
    """
    runs = study.runs[study.runs["policy"] == design]
    parts = ["programme_cost", "avoided_replacement_cost", "productivity_gained", "tacit_value_kept"]
    parts = [c for c in parts if c in runs.columns]
    mean = runs.groupby("scenario.index")[parts].mean().mean()
    step = 10.0 ** (math.floor(math.log10(max(abs(mean).max(), 1.0))) - 1)  # two figures of the largest
    shown = {c: round(float(mean[c]) / step) * step for c in parts}
    net = sum(v for c, v in shown.items() if c != "programme_cost") - shown["programme_cost"]
    c = study.currency
    gains = [f"avoids {amount(shown['avoided_replacement_cost'], c)} of replacing leavers"]
    if "productivity_gained" in shown:
        gains.append(f"gains {amount(shown['productivity_gained'], c)} of output")
    if shown.get("tacit_value_kept"):
        gains.append(f"keeps know-how valued at {amount(shown['tacit_value_kept'], c)}")
    per_scenario = runs.groupby("scenario.index")["net_benefit"].mean()
    pays = float((per_scenario > 0).mean())
    return (
        f"**The money, for {design}**"
        + (" (no programme at all leads on money; of the programmes this one comes closest)" if none_leads else "")
        + f", averaged over the {len(study.x)} scenarios (averages add up; the medians "
        f"elsewhere do not): over {_years(study.years)} it costs {amount(shown['programme_cost'], c)}, "
        + ", ".join(gains)
        + f"; net {amount(net, c)} on average (in the middle scenario {money(float(per_scenario.median()), c)}). "
        f"It pays back in {_pct(pays)} of the scenarios. For scale, a year's payroll is "
        f"about {money(study.payroll, c)}."
    )


#: The figures the answer rests on: label, the keys that carry it.
_FIGURES = (
    ("salaries by level", ("economics.salary_by_level", "economics.salary_front_line", "economics.salary_level_ratio")),
    ("turnover a year", ("turnover.rate_annual", "org.leavers_path")),
    ("cost of replacing a leaver (share of a salary)", ("economics.replacement_cost_share",)),
    ("running the programme a year", ("economics.admin_per_year", "economics.admin_per_participant_year")),
    ("value of a year's output (multiple of salary)", ("economics.output_value_ratio",)),
)


def figures_box(study: Study) -> pd.DataFrame:
    """Whose figures the answer rests on: the organisation, then each money and turnover figure: yours, sampled or default."""
    runs = study.runs
    first = runs.iloc[0]
    yours = {r["key"]: r for _, r in study.yours.iterrows()}
    rows = [_organisation_row(first)]
    shown_keys = set()
    for label, keys in _FIGURES:
        given = [k for k in keys if k in yours and yours[k]["yours"] not in ("", "[]")]
        if given:
            rows.append({"figure": label, "value": "; ".join(_given(yours[k]) for k in given), "whose": "yours"})
            shown_keys.update(given)
            continue
        sampled = [BY_KEY[k] for k in keys if k in BY_KEY and k in study.x.columns]
        if sampled:
            u = sampled[0]
            rows.append({"figure": label, "value": f"{u.show(u.lo)} to {u.show(u.hi)} (each scenario one value)",
                         "whose": "not yours: sampled"})  # fmt: skip
            continue
        if label == "salaries by level":
            shown = (
                f"{amount(float(first['economics.salary_front_line']), study.currency)} a year at the front line, each "
                f"level {float(first['economics.salary_level_ratio']):g} times the one below"
            )
        else:
            shown = "; ".join(f"{k} = {_value(first[k])}" for k in keys if k in runs.columns and _value(first[k]))
        rows.append({"figure": label, "value": shown, "whose": "default (docs/configuration.md)"})
    rest = [_given(r) for k, r in yours.items() if k not in shown_keys and not k.startswith("org.roster")]
    if rest:
        rows.append({"figure": "other figures you gave", "value": "; ".join(rest), "whose": "yours"})
    return pd.DataFrame(rows)


def _given(row: pd.Series) -> str:
    """A figure the user gave: ``key = value``, and what the study would otherwise have sampled."""
    instead = f" (instead of {row['instead of']})" if row["instead of"] else ""
    return f"{row['key']} = {row['yours']}{instead}"


def _organisation_row(first: pd.Series) -> dict[str, str]:
    if str(first.get("org.kind", "")) != "roster":
        return {"figure": "organisation", "value": f"{int(first['n_employees']):,} employees, synthetic",
                "whose": "not yours: no roster given"}  # fmt: skip
    path = str(first["org.roster_path"]).rsplit("/", 1)[-1]
    as_of = first.get("roster_tenure_as_of") or first.get("org.roster_date") or ""
    when = f", tenure as of {as_of}" if as_of else ""
    return {
        "figure": "organisation",
        "value": f"{path}: {int(first['n_employees']):,} employees{when}",
        "whose": "yours",
    }


def _value(value: object) -> str:
    if isinstance(value, (list, tuple, np.ndarray)):
        return "" if len(value) == 0 else "[" + ", ".join(f"{float(v):,.0f}" for v in value) + "]"
    if isinstance(value, float):
        return f"{value:,.6g}"
    return "" if value is None else str(value)


def when_it_changes(study: Study, fails: list[Failure]) -> list[str]:
    """Where each recommendation fails, in sentences; one line when the study is too small to say."""
    scenarios = len(study.x)
    if scenarios < TRYOUT_SCENARIOS:
        return [
            f"{scenarios} scenarios are too few to say when a recommendation fails (scenario discovery needs about "
            f"{TRYOUT_SCENARIOS} or more); the full study names the conditions, or says that none stands out."
        ]
    out = []
    for f in fails:
        if not f.cases.any():
            out.append(f"{f.what[0].upper() + f.what[1:]} in none of the {scenarios} scenarios.")
        else:
            out.append(f.sentence())
    return out
