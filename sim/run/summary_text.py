"""What ``python -m sim`` prints after a run: the summary in a dozen plain lines."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sim import io
from sim.economics import amount
from sim.mechanisms import designs


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.1f}%"


def format_summary(s: dict[str, Any], seconds: float, out_dir: Path) -> str:
    """A short human summary of a run (what ``python -m sim`` prints)."""
    design = designs.label(s["design"])
    lines = [
        f"Simulated {s['n_employees']:,} employees for {s['steps']} weeks ({s['years']:.1f} years): "
        f"{design}, {'your own' if s['network'] == 'file' else s['network'].replace('_', '-')} network, seed {s['seed']}",
        f"  explicit knowledge (mean, 0-1)  {s['knowledge_mean_initial']:.3f} -> {s['knowledge_mean_final']:.3f}",
        f"  tacit knowledge (mean, 0-1)     {s['tacit_mean_initial']:.3f} -> {s['tacit_mean_final']:.3f}",
        f"  engagement (mean, 0-1)          {s['engagement_mean_initial']:.3f} -> {s['engagement_mean_final']:.3f}",
        f"  turnover                        {_pct(s['annual_turnover_rate'])} a year "
        f"({s['exits_total']:,} left, {s['hires_total']:,} hired)",
        f"  tacit knowledge that left       {s['tacit_lost_total']:.1f} full-expert equivalents",
    ]
    start, end = s.get("headcount_start"), s.get("headcount_end")
    if start is not None and (start != end or s.get("laid_off_total") or any(s.get("unreplaced_by_level") or [])):
        cut = f", {s['laid_off_total']:,} laid off" if s.get("laid_off_total") else ""
        lines.insert(4, f"  headcount                       {start:,} -> {end:,} as planned (headcount.*){cut}")
    fit = s.get("turnover_fitted")
    if fit:  # the organisation's own turnover, from its leavers file
        lines.insert(
            5,
            f"  your turnover                   fitted to {fit['leavers']:,} leavers and {fit['stayers']:,} people "
            f"employed ({fit['person_years']:,.0f} person-years): {_pct(fit['rate_annual'])} a year; "
            f"{_pct(fit['km_one_year'])} of new hires stay a year (Kaplan-Meier)",
        )
    if s.get("layoffs_total") or s.get("retirements_total"):  # separations of more than one kind
        lines.insert(
            5,
            f"  who left and why                {s['quits_total']:,} quit, {s['layoffs_total']:,} laid off or "
            f"discharged, {s['retirements_total']:,} retired",
        )
    if s.get("turnover_warning"):  # the realised turnover missed its target beyond seed noise (sim.run.targets)
        lines.append(f"  WARNING                         {s['turnover_warning']}")
    if s.get("warm_start"):
        warm = s["warm_start"]
        lines.append(
            f"  warm start                      the organisation as saved at week {warm['step']} of a run without "
            f"a programme ({warm['path']})"
        )
    if s.get("roster_tenure_as_of"):
        lines.append(f"  roster                          tenure counted from hire dates to {s['roster_tenure_as_of']}")
    lines += [f"  note                            {note}" for note in s.get("roster_notes", [])]
    if designs.has_programme(s["design"]) and s["participants_n"] is None:
        lines.append(
            f"  mentoring                       none held: the programme starts at week {s['program_start_step']}, "
            f"after the run's {s['steps']} weeks"
        )
    lines += _mentoring(s)
    if s["annual_turnover_before_start"] is not None and s["annual_turnover_after_start"] is not None:
        lines.append(
            f"  before -> after the start       turnover {_pct(s['annual_turnover_before_start'])} -> "
            f"{_pct(s['annual_turnover_after_start'])} a year; tacit knowledge "
            f"{s['tacit_growth_per_year_before_start']:+.3f} -> {s['tacit_growth_per_year_after_start']:+.3f} a year"
        )
    lines += _against_baseline(s)
    rate = s["n_employees"] * s["steps"] / seconds if seconds > 0 else float("inf")
    lines.append(f"  ran in {seconds:.2f} s ({rate:,.0f} employee-steps/s)")
    lines.append(f"Outputs in {out_dir}/ : {io.TIMESERIES}, {io.SUMMARY}, {io.CONFIG_USED}, .hydra/config.yaml")
    return "\n".join(lines)


def _against_baseline(s: dict[str, Any]) -> list[str]:
    """The difference the programme made: the same organisation and seed without one (none without a baseline)."""
    if s.get("baseline_tacit_mean_final") is None:
        return []
    cur = s["currency"]

    def row(name: str, key: str, fmt: str, scale: float = 1.0, unit: str = "") -> str:
        base, now = s[f"baseline_{key}"], s[key]
        if base is None or now is None:
            return f"  {name:<32}n/a"
        return (
            f"  {name:<32}{format(scale * base, fmt)} -> {format(scale * now, fmt)}   "
            f"({format(scale * (now - base), '+' + fmt)}{unit})"
        )

    fewer = s["baseline_exits_total"] - s["exits_total"]
    lines = [
        "Against the same organisation and seed without a programme (without -> with):",
        row("tacit knowledge (mean, 0-1)", "tacit_mean_final", ".3f"),
        row("explicit knowledge (mean, 0-1)", "knowledge_mean_final", ".3f"),
        row("engagement (mean, 0-1)", "engagement_mean_final", ".3f"),
        row("still employed (% of the start)", "retention_all", ".1f", 100.0, " points"),
        f"  {'people who left':<32}{s['baseline_exits_total']:,} -> {s['exits_total']:,}   "
        f"({abs(fewer):,} {'fewer' if fewer >= 0 else 'more'})",
        f"  {'money (' + cur + ', ' + _years(s['years']) + ')':<32}programme cost {amount(s['programme_cost'], cur)} "
        f"(time {amount(s['cost_time'], cur)}, running {amount(s['cost_admin'], cur)}"
        + (f", training {amount(s['cost_training'], cur)}" if s["cost_training"] else "")
        + ")",
        f"  {'':<32}replacement costs avoided {amount(s['avoided_replacement_cost'], cur)}, "
        f"productivity gained {amount(s['productivity_gained'], cur)}"
        + (f", know-how valued {amount(s['tacit_value_kept'], cur)}" if s["tacit_value_kept"] else ""),
        f"  {'':<32}net benefit {amount(s['net_benefit'], cur)}"
        + ("" if s["roi"] is None else f", return on investment {100 * s['roi']:+.0f}%"),
        f"  {'':<32}without the productivity line {amount(s['net_benefit_without_productivity'], cur)}"
        + ("" if s["roi_without_productivity"] is None else f", {100 * s['roi_without_productivity']:+.0f}%"),
        "  (one seed: partly chance, see the comparison over seeds; effect sizes and costs are assumptions:",
        "   docs/economics.md. Compare designs with python -m sim.decide)",
    ]
    return lines


def _mentoring(s: dict[str, Any]) -> list[str]:
    """The lines on who took part, who stayed, and what it cost (none without participants)."""
    lines: list[str] = []
    if s["participants_n"] is not None:
        lines.append(
            f"  still employed at the end       participants {_pct(s['retention_participants'])} "
            f"(n={s['participants_n']:,}), others {_pct(s['retention_nonparticipants'])} (n={s['nonparticipants_n']:,})"
        )
        if s["retention_mentees_ever"] is not None and s["retention_never_participants"] is not None:
            lines.append(
                f"  ever a mentee / mentor / never  {_pct(s['retention_mentees_ever'])} (n={s['mentees_ever_n']:,}) / "
                f"{_pct(s['retention_mentors_ever'])} (n={s['mentors_ever_n'] or 0:,}) / "
                f"{_pct(s['retention_never_participants'])} (n={s['never_participants_n']:,}) still employed"
            )
        lines.append(
            f"  mentoring                       {s['ties_formed_total']:,} ties formed, {s['meetings_total']:,} meetings, "
            f"{s['no_fault_exits_total']:,} no-fault exits"
        )
        per = s["hours_per_participant"]
        lines.append(
            f"  programme time (cost)           {s['mentor_hours_total']:,.0f} mentor hours + "
            f"{s['mentee_hours_total']:,.0f} mentee and circle-member hours"
            + (f" + {s['external_hours_total']:,.0f} external-mentor hours" if s["external_hours_total"] else "")
            + (f" ({per:,.0f} h per participant)" if per else "")
        )
    return lines


def _years(years: float) -> str:
    """``1 year``, ``5 years``, ``2.5 years``, ``0.4 years`` (20 weeks; one decimal at most)."""
    text = f"{round(years, 1):g}" if years < 10 else f"{years:.0f}"
    return f"{text} year" if text == "1" else f"{text} years"
