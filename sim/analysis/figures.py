"""The sweep report's figures (seaborn), one function per figure, each returning a Figure.

Every figure shows replicates' uncertainty as 95% t intervals of the mean across runs
(:func:`sim.analysis.statistics.ci_bounds`), names conditions in plain words and puts units on its axes.
A sweep with strata (other swept keys) gets one panel per stratum.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # files only; never needs a display

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402

from sim.analysis.comparison import Plan, label_value  # noqa: E402
from sim.analysis.statistics import ci_bounds  # noqa: E402

BASELINE_COLOUR = "#555555"
CI_NOTE = "bars: 95% confidence interval of the mean over runs"


def close(fig: plt.Figure) -> None:
    """Release a figure once it is written."""
    plt.close(fig)


def palette(runs: pd.DataFrame, plan: Plan, grey_baseline: bool = True) -> dict[str, tuple]:
    """One colour per condition, the baseline in grey, the same in every figure."""
    cats = list(runs["condition"].cat.categories)
    colours = sns.color_palette("colorblind", max(len(cats) - int(grey_baseline), 1))
    base = plan.label(plan.baseline)
    out, i = {}, 0
    for c in cats:
        if grey_baseline and c == base and len(cats) > 1:
            out[c] = matplotlib.colors.to_rgb(BASELINE_COLOUR)
        else:
            out[c] = colours[i % len(colours)]
            i += 1
    return out


def _strata(runs: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(runs["stratum"].tolist()))


def _axes(n: int, width: float, height: float = 3.6) -> tuple[plt.Figure, list[plt.Axes]]:
    cols = min(n, 3)
    rows = -(-n // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(width * cols, height * rows), squeeze=False, sharey=True)
    flat = list(axes.ravel())
    for ax in flat[n:]:
        ax.set_visible(False)
    return fig, flat[:n]


def _tidy_x(ax: plt.Axes, n_conditions: int) -> None:
    ax.set_xlabel("")
    if n_conditions > 3:
        ax.tick_params(axis="x", labelrotation=25)
        for label in ax.get_xticklabels():
            label.set_horizontalalignment("right")


def _finish_panel(ax: plt.Axes, axes: list[plt.Axes], stratum: str, ylabel: str, n_conditions: int) -> None:
    """Title, y label and tick labels of one stratum's panel; only the last panel keeps a legend."""
    ax.set_title(stratum)
    ax.set_ylabel(ylabel)
    _tidy_x(ax, n_conditions)
    if ax is not axes[-1] and ax.get_legend():
        ax.get_legend().remove()


def _legend_outside(axes: list[plt.Axes]) -> None:
    if axes[-1].get_legend():
        sns.move_legend(axes[-1], "upper left", bbox_to_anchor=(1.0, 1.0), title="")


def curves(ts: pd.DataFrame, colours: dict[str, tuple]) -> plt.Figure:
    """Mean explicit and tacit knowledge over time per condition, with 95% bands over runs.

    ``ts``: one row per (run, step) with columns condition, stratum, year, knowledge_mean,
    tacit_mean.
    """
    long = ts.melt(
        id_vars=["run", "condition", "stratum", "year"],
        value_vars=["knowledge_mean", "tacit_mean"],
        var_name="measure",
        value_name="value",
    )
    long["measure"] = long["measure"].map(
        {"knowledge_mean": "Explicit knowledge", "tacit_mean": "Tacit knowledge (know-how)"}
    )
    strata = _strata(ts)
    g = sns.relplot(
        data=long,
        kind="line",
        x="year",
        y="value",
        hue="condition",
        palette=colours,
        row="measure",
        col="stratum" if len(strata) > 1 else None,
        col_order=strata if len(strata) > 1 else None,
        errorbar=ci_bounds,
        facet_kws={"sharey": "row", "margin_titles": True},
        height=3.2,
        aspect=1.5,
        linewidth=1.6,
    )
    g.set_axis_labels("Years since the start", "Mean over employees and skills (0-1)")
    g.set_titles(row_template="{row_name}", col_template="{col_name}")
    g.legend.set_title("")
    g.figure.suptitle("Knowledge over time (bands: 95% confidence interval of the mean over runs)", y=1.02)
    return g.figure


def per_condition(runs: pd.DataFrame, colours: dict[str, tuple], column: str, ylabel: str, title: str) -> plt.Figure:
    """One value per run (dots) and the condition means with 95% intervals, per stratum."""
    strata = _strata(runs)
    cats = [c for c in runs["condition"].cat.categories if runs.loc[runs.condition == c, column].notna().any()]
    fig, axes = _axes(len(strata), width=max(4.5, 1.1 * len(cats) + 1.5))
    for ax, stratum in zip(axes, strata, strict=True):
        d = runs[(runs.stratum == stratum) & runs[column].notna()].copy()
        d["condition"] = d["condition"].cat.remove_unused_categories()
        order = [c for c in cats if c in set(d["condition"])]
        sns.stripplot(
            data=d,
            x="condition",
            y=column,
            order=order,
            hue="condition",
            palette=colours,
            alpha=0.35,
            size=4,
            jitter=0.2,
            legend=False,
            ax=ax,
        )
        sns.pointplot(
            data=d,
            x="condition",
            y=column,
            order=order,
            errorbar=ci_bounds,
            color="black",
            linestyle="none",
            markers="D",
            markersize=5,
            capsize=0.15,
            err_kws={"linewidth": 1.4},
            ax=ax,
        )
        ax.set_title(stratum)
        ax.set_ylabel(ylabel)
        _tidy_x(ax, len(order))
    fig.suptitle(f"{title}\n(dots: runs; diamonds and bars: mean and 95% confidence interval)", y=1.02)
    fig.tight_layout()
    return fig


RETENTION_GROUPS = {
    "retention_all": "everyone employed at the start",
    "retention_participants": "matched in the first round",
    "retention_nonparticipants": "not matched then",
}


def retention(runs: pd.DataFrame) -> plt.Figure:
    """Share still employed at the end: everyone, first-round participants, the others."""
    cols = [c for c in RETENTION_GROUPS if c in runs]
    long = runs.melt(id_vars=["run", "condition", "stratum"], value_vars=cols, var_name="group", value_name="value")
    long["value"] = 100.0 * pd.to_numeric(long["value"], errors="coerce")
    long = long.dropna(subset=["value"])
    long["group"] = long["group"].map(RETENTION_GROUPS)
    strata = _strata(runs)
    cats = list(runs["condition"].cat.categories)
    fig, axes = _axes(len(strata), width=max(5.0, 1.3 * len(cats) + 2))
    hue_order = [RETENTION_GROUPS[c] for c in cols]
    for ax, stratum in zip(axes, strata, strict=True):
        d = long[long.stratum == stratum]
        sns.pointplot(
            data=d,
            x="condition",
            y="value",
            order=cats,
            hue="group",
            hue_order=hue_order,
            palette=["#555555", "#0173b2", "#de8f05"][: len(hue_order)],
            errorbar=ci_bounds,
            dodge=0.45,
            linestyle="none",
            markers=["o", "D", "s"][: len(hue_order)],
            capsize=0.1,
            ax=ax,
        )
        _finish_panel(ax, axes, stratum, "Still employed at the end (per 100)", len(cats))
    _legend_outside(axes)
    fig.suptitle(
        "Retention: participants vs non-participants\n"
        "(differences between them include who volunteers, not only mentoring; " + CI_NOTE + ")",
        y=1.03,
    )
    fig.tight_layout()
    return fig


def engagement(runs: pd.DataFrame, employees: pd.DataFrame | None, colours: dict[str, tuple]) -> plt.Figure:
    """Engagement at the end: across employees (if runs wrote employees.parquet), else run means."""
    if employees is None or employees.empty:
        return per_condition(
            runs,
            colours,
            "engagement_mean_final",
            "Mean engagement at the end (0-1)",
            "Engagement at the end of each run",
        )
    strata = _strata(runs)
    cats = list(runs["condition"].cat.categories)
    fig, axes = _axes(len(strata), width=max(5.0, 1.3 * len(cats) + 2))
    emp = employees.copy()
    emp["took part"] = np.where(emp["ever_participant"], "took part in mentoring", "did not take part")
    for ax, stratum in zip(axes, strata, strict=True):
        d = emp[emp.stratum == stratum]
        sns.violinplot(
            data=d,
            x="condition",
            y="engagement",
            order=cats,
            hue="took part",
            hue_order=["did not take part", "took part in mentoring"],
            palette=["#bbbbbb", "#0173b2"],
            split=True,
            inner="quart",
            cut=0,
            density_norm="width",
            linewidth=0.8,
            ax=ax,
        )
        ax.set_ylim(0, 1)
        _finish_panel(ax, axes, stratum, "Engagement at the end (0-1)", len(cats))
    _legend_outside(axes)
    n_runs = employees["run"].nunique()
    fig.suptitle(
        f"Engagement of every employee at the end, pooled over {n_runs} runs (dashed lines: median and quartiles)",
        y=1.02,
    )
    fig.tight_layout()
    return fig


def optimisation(runs: pd.DataFrame, params: list[str], objective: str, colours: dict[str, tuple]) -> plt.Figure:
    """An optimising sweep: the objective per trial with the best so far, and against each setting."""
    d = runs.assign(trial=pd.to_numeric(runs["run"], errors="coerce")).sort_values("trial")
    n = 1 + len(params)
    cols = min(n, 3)
    rows = -(-n // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4.6 * cols, 3.6 * rows), squeeze=False)
    flat = list(axes.ravel())
    for ax in flat[n:]:
        ax.set_visible(False)
    ax = flat[0]
    sns.scatterplot(data=d, x="trial", y="objective", hue="condition", palette=colours, ax=ax, s=28)
    ax.step(d["trial"], d["objective"].cummax(), where="post", color="black", linewidth=1.2, label="best so far")
    ax.set_xlabel("Trial (in the order run)")
    ax.set_ylabel(objective)
    ax.legend(fontsize=8, title="")
    for ax, key in zip(flat[1:n], params, strict=True):
        numeric = pd.api.types.is_numeric_dtype(d[key])
        if numeric:
            sns.scatterplot(data=d, x=key, y="objective", hue="condition", palette=colours, ax=ax, s=22, legend=False)
        else:
            d[key] = [label_value(key, v) if key in ("program.design", "matching.strategy") else v for v in d[key]]
            sns.stripplot(data=d, x=key, y="objective", hue="condition", palette=colours, ax=ax, legend=False)
            _tidy_x(ax, d[key].nunique())
            ax.set_xlabel(key)
        ax.set_ylabel(objective)
    fig.suptitle("Optimisation: the objective of every trial, and against each setting searched", y=1.01)
    fig.tight_layout()
    return fig


def sensitivity(table: pd.DataFrame, method: str, outcomes: dict[str, str], names: dict[str, str]) -> plt.Figure:
    """Morris mu* (with sigma) or Sobol S1 and ST per parameter, one panel per outcome, 95% intervals."""
    n = len(outcomes)
    fig, axes = plt.subplots(1, n, figsize=(4.4 * n + 1.5, 0.42 * table["parameter"].nunique() + 1.6), squeeze=False)
    for ax, (outcome, title) in zip(axes[0], outcomes.items(), strict=True):
        d = table[table.outcome == outcome].copy()
        d["name"] = d["parameter"].map(names)
        if method == "morris":
            d = d.sort_values("mu_star")
            y = np.arange(len(d))
            ax.barh(
                y, d["mu_star"], xerr=d["mu_star_conf"], color="#0173b2", alpha=0.85, capsize=3, label="μ* (importance)"
            )
            ax.plot(d["sigma"], y, "o", color="#de8f05", label="σ (non-linear or interacting)")
            ax.set_xlabel("Mean |elementary effect|\n(change in outcome over the parameter's range)")
        else:
            d = d.sort_values("ST")
            y = np.arange(len(d))
            ax.barh(y + 0.2, d["ST"], height=0.4, xerr=d["ST_conf"], color="#0173b2", capsize=3, label="total (ST)")
            ax.barh(y - 0.2, d["S1"], height=0.4, xerr=d["S1_conf"], color="#de8f05", capsize=3, label="alone (S1)")
            ax.set_xlabel("Share of the outcome's variance")
            ax.axvline(0, color="black", linewidth=0.6)
        ax.set_yticks(y, d["name"])
        ax.set_title(title)
    axes[0][-1].legend(loc="lower right", fontsize=8)
    what = "Morris screening" if method == "morris" else "Sobol indices"
    fig.suptitle(f"Global sensitivity ({what}); bars: 95% bootstrap intervals", y=1.02)
    fig.tight_layout()
    return fig
