"""The decision report's figures: each design on each goal, regret, trade-offs, and where a leader fails."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402

from sim.analysis import robustness as rb  # noqa: E402
from sim.analysis.robustness_report.study import NONE, Failure, Study  # noqa: E402
from sim.analysis.robustness_report.words import _pct  # noqa: E402
from sim.sampling.scenarios import BY_KEY  # noqa: E402


def _colours(policies: list[str]) -> dict[str, tuple]:
    pal = sns.color_palette("colorblind", max(len(policies) - 1, 1))
    out, i = {}, 0
    for p in policies:
        if p == NONE:
            out[p] = matplotlib.colors.to_rgb("#555555")
        else:
            out[p] = pal[i % len(pal)]
            i += 1
    return out


#: The report's column is 70rem (about 1,090 px): a figure this many inches wide at io.write_figure's 130 dpi
#: shows at its own size, so its 9-10 pt text is 16-18 px on screen (>= 10 px even at two thirds of it).
PAGE_WIDTH_IN = 8.0


def _stacked_size(study: Study) -> tuple[float, float]:
    """One panel per goal, one above the other, each a row per design."""
    return PAGE_WIDTH_IN, len(rb.GOALS) * (0.38 * len(study.policies) + 1.3) + 0.6


def goals_figure(study: Study) -> plt.Figure:
    """Each goal's spread over scenarios per design: against no programme, with the median marked."""
    fig, axes = plt.subplots(len(rb.GOALS), 1, figsize=_stacked_size(study))
    colours = _colours(study.policies)
    for ax, g in zip(axes, rb.GOALS, strict=True):
        t = study.tables[g.column]
        scale = 1e3 if g.column == "net_benefit" else 1.0
        long = t.melt(var_name="design", value_name="value")
        long["value"] = long["value"] / scale
        sns.boxplot(
            data=long,
            y="design",
            x="value",
            hue="design",
            order=study.policies,
            palette=colours,
            whis=(5, 95),
            showfliers=False,
            legend=False,
            ax=ax,
        )
        ax.axvline(0, color="#333333", lw=0.8, ls="--")
        unit = f"thousand {study.currency}, {study.years:.0f} years" if g.column == "net_benefit" else g.unit
        ax.set_xlabel(f"{g.name} vs no programme ({unit})")
        ax.set_ylabel("")
        ax.set_title(g.name[0].upper() + g.name[1:], loc="left")
    fig.suptitle(
        f"Across {len(study.x)} scenarios of the model's uncertain parameters (each the mean of its seeds):\n"
        "box 25-75%, whiskers 5-95%, line median",
        fontsize=10,
    )
    fig.tight_layout()
    return fig


def regret_figure(study: Study) -> plt.Figure:
    """Each design's regret per goal: median bar, 90th percentile marker."""
    fig, axes = plt.subplots(len(rb.GOALS), 1, figsize=_stacked_size(study))
    colours = _colours(study.policies)
    for ax, g in zip(axes, rb.GOALS, strict=True):
        r = study.robust[g.column].reindex(study.policies)
        scale = 1e3 if g.column == "net_benefit" else 1.0
        y = np.arange(len(r))
        ax.barh(y, r["regret_median"] / scale, color=[colours[p] for p in r.index])
        ax.scatter(r["regret_p90"] / scale, y, marker="|", s=200, color="#222222", label="90th percentile", zorder=3)
        ax.set_yticks(y, r.index)
        ax.invert_yaxis()
        unit = f"thousand {study.currency}" if g.column == "net_benefit" else g.unit
        ax.set_xlabel(f"shortfall from the best design in the scenario ({unit})")
        ax.set_title(f"Regret on {g.name}", loc="left")
        ax.set_xlim(left=0)
    axes[0].legend(loc="lower right", fontsize=9)
    fig.suptitle(
        "Regret: how far each design falls short of the best one, scenario by scenario\n(bar: median)", fontsize=10
    )
    fig.tight_layout()
    return fig


def pareto_figure(study: Study, front: pd.Series) -> plt.Figure:
    """Median know-how kept against median net money per design; the Pareto front (all three goals) ringed."""
    fig, ax = plt.subplots(figsize=(7.5, 5.2))
    colours = _colours(study.policies)
    kn = study.robust["tacit_kept"]["median"]
    money = study.robust["net_benefit"]["median"] / 1e3
    people = study.robust["people_kept"]["median"]
    span_x = max(float(money.max() - money.min()), 1e-9)
    span_y = max(float(kn.max() - kn.min()), 1e-9)
    placed: list[tuple[float, float]] = []
    for p in study.policies:
        ax.scatter(money[p], kn[p], s=90, color=colours[p], zorder=3, edgecolor="black" if front[p] else "none", lw=1.5)
        # a design next to one already labelled (senior and reverse mentoring often are) gets its label below
        near = sum(abs(money[p] - x) < 0.08 * span_x and abs(kn[p] - y) < 0.08 * span_y for x, y in placed)
        placed.append((money[p], kn[p]))
        ax.annotate(f"{p}\n({people[p]:+.1f} people per 100)", (money[p], kn[p]), textcoords="offset points",
                    xytext=(6, 4 - 26 * near), fontsize=8)  # fmt: skip
    ax.axvline(0, color="#333333", lw=0.8, ls="--")
    ax.set_xlabel(f"net money, median over scenarios (thousand {study.currency}, {study.years:.0f} years)")
    ax.set_ylabel("know-how kept, median over scenarios\n(full-expert equivalents per 100 employees)")
    ax.set_title("Trade-offs: ringed designs are on the Pareto front (no design is better on all three goals)")
    ax.title.set_fontsize(9)
    fig.tight_layout()
    return fig


def box_figure(study: Study, fail: Failure) -> plt.Figure | None:
    """The scenarios on the box's two main uncertainties, the cases marked and PRIM's box drawn."""
    if fail.box is None:
        return None
    keys = list(fail.box.limits)[:2]
    x = study.x.loc[study.tables["net_benefit" if fail.goal == "pays_back" else fail.goal].index]
    if len(keys) == 1:
        others = [k for k in x.columns if k not in keys]
        keys.append(others[0])
    ux, uy = (BY_KEY[k] for k in keys)
    fig, ax = plt.subplots(figsize=(6.8, 5.2))
    scale = [100.0 if u.percent else 1.0 for u in (ux, uy)]
    ax.scatter(x[keys[0]][~fail.cases] * scale[0], x[keys[1]][~fail.cases] * scale[1], s=16, color="#9ecae1",
               label="other scenarios")  # fmt: skip
    ax.scatter(x[keys[0]][fail.cases] * scale[0], x[keys[1]][fail.cases] * scale[1], s=22, color="#d62728",
               marker="x", label=fail.cases_word)  # fmt: skip
    lims = []
    for k, s in zip(keys, scale, strict=True):
        lo, hi = fail.box.limits.get(k, (None, None))
        lims.append(((x[k].min() if lo is None else lo) * s, (x[k].max() if hi is None else hi) * s))
    (x0, x1), (y0, y1) = lims
    ax.add_patch(plt.Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, lw=2, color="black", label="PRIM's box"))
    ax.set_xlabel(ux.name + (" (%)" if ux.percent else ""))
    ax.set_ylabel(uy.name + (" (%)" if uy.percent else ""))
    ax.set_title(
        f"{fail.what[0].upper() + fail.what[1:]}: coverage {_pct(fail.box.coverage)}, density {_pct(fail.box.density)}",
        fontsize=9,
    )
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2, frameon=False)
    fig.tight_layout()
    return fig
