"""A report as a document: blocks rendered as Markdown and as one HTML page, written with its figures.

Every report kind (sim.analysis.report) builds a :class:`Document` and hands it, its figures
and its tables to :func:`write_report`, which writes ``SWEEP_DIR/report/``: ``runs.parquet``
(the gathered table), the tables as CSV, ``figures/*.png``, then ``report.md`` and
``report.html`` last.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from sim import io, version_line
from sim.analysis.figures import close

_BOLD = re.compile(r"\*\*(.+?)\*\*")
REPORT_DIR = "report"
RUNS = "runs.parquet"
REPORT_MD = "report.md"
REPORT_HTML = "report.html"
FIGURES = "figures"


@dataclass
class Sweep:
    """A gathered sweep: where it is, its runs (all, finished, failed) and how many are unfinished."""

    sweep_dir: Path
    table: pd.DataFrame
    ok: pd.DataFrame
    failed: pd.DataFrame
    unfinished: int

    @property
    def out_dir(self) -> Path:
        """Where its report goes."""
        return self.sweep_dir / REPORT_DIR


@dataclass
class Document:
    """A report as a list of blocks: ("h", level, text), ("p", text), ("ul", items), ("table", df), ("img", path, alt)."""

    blocks: list[tuple] = field(default_factory=list)

    def h(self, level: int, text: str) -> None:  # noqa: D102
        self.blocks.append(("h", level, text))

    def p(self, text: str) -> None:  # noqa: D102
        self.blocks.append(("p", text))

    def ul(self, items: list[str]) -> None:  # noqa: D102
        self.blocks.append(("ul", items))

    def table(self, df: pd.DataFrame) -> None:  # noqa: D102
        self.blocks.append(("table", df))

    def img(self, path: str, alt: str) -> None:  # noqa: D102
        self.blocks.append(("img", path, alt))

    def markdown(self) -> str:
        """The document as GitHub-flavoured Markdown."""
        out = []
        for b in self.blocks:
            if b[0] == "h":
                out.append("#" * b[1] + " " + b[2])
            elif b[0] == "p":
                out.append(b[1])
            elif b[0] == "ul":
                out.append("\n".join(f"- {i}" for i in b[1]))
            elif b[0] == "table":
                df = b[1].astype(str)
                lines = ["| " + " | ".join(df.columns) + " |", "|" + "---|" * len(df.columns)]
                lines += ["| " + " | ".join(v.replace("|", "\\|") for v in row) + " |" for row in df.to_numpy()]
                out.append("\n".join(lines))
            elif b[0] == "img":
                out.append(f"![{b[2]}]({b[1]})")
        return "\n\n".join(out) + "\n"

    def html(self, title: str) -> str:
        """The document as one self-contained HTML page (figures linked beside it); ``**bold**`` is bold."""

        def e(text: str) -> str:
            return _BOLD.sub(r"<strong>\1</strong>", html.escape(text))

        body = []
        for b in self.blocks:
            if b[0] == "h":
                body.append(f"<h{b[1]}>{e(b[2])}</h{b[1]}>")
            elif b[0] == "p":
                body.append(f"<p>{e(b[1])}</p>")
            elif b[0] == "ul":
                body.append("<ul>" + "".join(f"<li>{e(i)}</li>" for i in b[1]) + "</ul>")
            elif b[0] == "table":
                df = b[1].astype(str)
                # a column of words reads from the left, a column of figures lines up on the right
                words = [not all(_FIGURE.fullmatch(v.strip()) for v in df[c] if v.strip()) for c in df.columns]
                head = "".join(
                    f"<th{' class=w' if w else ''}>{e(c)}</th>" for c, w in zip(df.columns, words, strict=True)
                )
                rows = "".join(
                    "<tr>"
                    + "".join(f"<td{' class=w' if w else ''}>{e(v)}</td>" for v, w in zip(r, words, strict=True))
                    + "</tr>"
                    for r in df.to_numpy()
                )
                body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
            elif b[0] == "img":
                body.append(f'<figure><img src="{e(b[1])}" alt="{e(b[2])}"><figcaption>{e(b[2])}</figcaption></figure>')
        style = (
            "body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;line-height:1.45;"
            "color:#222}table{border-collapse:collapse;margin:1rem 0;font-size:.9rem}"
            "th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:right}th{background:#f3f3f3}"
            "td:first-child,th:first-child,.w{text-align:left}img{max-width:100%}figcaption{color:#555;font-size:.9rem}"
        )
        return (
            f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{e(title)}</title>'
            f"<style>{style}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n"
        )


#: A cell that is a figure: a number with its sign, currency, separators, percent or unit-less range.
_FIGURE = re.compile(r"[-+]?[$€£]?-?[\d,.]+(%| h| kB)?( \(.*\))?|n/a|yes|no|")


def write_report(
    sweep: Sweep,
    doc: Document,
    title: str,
    figs: dict[str, tuple[Any, str]],
    tables: dict[str, pd.DataFrame],
    plan: Any,
) -> dict[str, Any]:
    """Write the report's files (figures first, the documents last) and say what was written."""
    out_dir, table, failed = sweep.out_dir, sweep.table, sweep.failed
    io.write_parquet(table, out_dir / RUNS)
    for name, df in tables.items():
        io.write_csv(df, out_dir / name)
    for name, (fig, _) in figs.items():
        io.write_figure(fig, out_dir / FIGURES / name)
        close(fig)
    doc.p(f"Written by {version_line()}; to cite it, CITATION.cff.")
    io.write_text(doc.markdown(), out_dir / REPORT_MD)
    io.write_text(doc.html(title), out_dir / REPORT_HTML)
    return {
        "out_dir": out_dir,
        "runs": len(table),
        "failed": len(failed),
        "failed_runs": failed["run"].tolist(),
        "unfinished": sweep.unfinished,
        "figures": list(figs),
        "plan": plan,
        "comparison": next(iter(tables.values()), None),
    }
