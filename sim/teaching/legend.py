"""The colour scale and the key to the pictures, as HTML: one for the teaching page and the classroom file.

The scale runs from 0 (none) to 1 (expert) in the pictures' colours (viridis) and marks the
level from which a person counts as knowing the practice (``practice.knows_at``, 0.3), the
level the chart's share counts: below it a person may have picked up a little, too little to
show. The key names the pictures' lines and marks.
"""

from __future__ import annotations

import html

from matplotlib import colormaps

from sim.teaching import drawing
from sim.teaching.classroom import KNOWS_IT, PRACTICE

#: The style of the scale and the key (the page adds it once; the file holds it in its <style>).
CSS = """
.scale { display: flex; align-items: stretch; gap: 8px; font-size: 14px; line-height: 1.2; }
.scale-bar { position: relative; width: 18px; border: 1px solid #868e96; }
.scale-mark { position: absolute; left: -5px; right: -5px; height: 0; border-top: 3px solid #212529; }
.scale-words { position: relative; width: 96px; }
.scale-words span { position: absolute; left: 0; transform: translateY(50%); white-space: nowrap; }
.scale-what { font-size: 13px; color: #495057; max-width: 130px; margin-top: 6px; }
.key { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 14px; align-items: center; }
.key svg { vertical-align: middle; margin-right: 4px; }
"""


def gradient() -> str:
    """The colour scale as a CSS gradient, bottom (0) to top (1)."""
    cmap = colormaps["viridis"]
    stops = ", ".join("#" + bytes(round(255 * c) for c in cmap(i / 8)[:3]).hex() for i in range(9))
    return f"linear-gradient(to top, {stops})"


def colour_scale(knows_at: float, height: int = 200) -> str:
    """The colour scale, ``height`` px tall, with the level ``knows_at`` marked "knows it"."""
    words = [(1.0, "1 expert"), (knows_at, f"{knows_at:g} {KNOWS_IT}"), (0.0, "0 none")]
    labels = "".join(f'<span style="bottom: {100 * v:g}%">{html.escape(w)}</span>' for v, w in words)
    return (
        f'<div class="scale" role="img" aria-label="Colour: know-how of {PRACTICE}, 0 none to 1 expert; '
        f'from {knows_at:g} a person knows it">'
        f'<div class="scale-bar" style="height: {height}px; background: {gradient()}">'
        f'<div class="scale-mark" style="bottom: {100 * knows_at:g}%"></div></div>'
        f'<div><div class="scale-words" style="height: {height}px">{labels}</div>'
        f'<div class="scale-what">colour: know-how of {PRACTICE}</div></div></div>'
    )


def key(vertical: bool = False) -> str:
    """The key to the pictures' lines and marks (one column with ``vertical``)."""
    line = '<svg width="28" height="10"><line x1="0" y1="5" x2="28" y2="5" stroke="{}" stroke-width="{}"{}/></svg>'
    items = [
        line.format(drawing.INFORMAL_COLOUR, 1, "") + "informal tie",
        line.format(drawing.REPORTING_COLOUR, 1.2, ' stroke-dasharray="2,3"') + "reports to",
        line.format(drawing.TIE_COLOUR, 3, "") + "mentoring tie",
        '<svg width="14" height="14"><rect x="2" y="2" width="10" height="10" fill="white" stroke="black"/></svg>'
        "manager",
        f'<svg width="16" height="16"><circle cx="8" cy="8" r="6" fill="none" stroke="{drawing.NEW_COLOUR}" '
        f'stroke-width="1.5"/></svg>new hire in a seat someone left (&lt; {drawing.NEW_WEEKS} weeks)',
        "size: years in the organisation",
    ]
    style = ' style="flex-direction: column; align-items: flex-start; margin-top: 18px"' if vertical else ""
    return f'<div class="key"{style}>' + "".join(f"<span>{item}</span>" for item in items) + "</div>"
