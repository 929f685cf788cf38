"""One file for students: a precomputed run, or two side by side, as a single self-contained HTML page.

    python -m sim.animate --html practice.html                       # no programme vs peer mentoring, 104 weeks
    python -m sim.animate --html retire.html --scenario experts-retire
    python -m sim.animate --html circles.html --design peer_circles --compare none --employees 300

The file holds the organisation's picture (the layout of :mod:`sim.teaching.drawing`: teams as
clusters around their managers, reporting lines faint, informal ties thin, mentoring ties thick,
newcomers ringed), every week's state of each run as compact arrays, the share who know the
practice on one fixed 0-1 chart, the question to predict and the Info text; a little
JavaScript draws a week on canvases. Play, pause, step, scrub and speed; no server, no
internet, no external address anywhere in the file: it opens from disk in any browser, so a
teacher can hand it round where nobody can install Python.

The people's know-how is kept to 1/255 (the colour scale has no finer steps); the shares on
the chart and in the titles are the model's own. Same arguments, same bytes.
"""

from __future__ import annotations

import base64
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib import colormaps

from sim import __version__, io
from sim.mechanisms import designs
from sim.teaching import classroom, drawing, legend
from sim.teaching.classroom import PRACTICE, SHARE_LABEL, ClassroomModel
from sim.units import WEEKS_PER_YEAR

TENURE_STEP_WEEKS = 13  # a person's tenure is kept in quarters of a year (the dot's size shows it)
LINE_COLOURS = ("#1f77b4", "#ff7f0e")  # the chart's lines: matplotlib's first two, as on the page


@dataclass
class Recording:
    """Every week of one run, as the file draws it (rows: weeks 0..W; columns: people)."""

    design: str
    name: str  # the design in words
    know: np.ndarray  # uint8[W+1, N]: know-how of the practice, 0-255
    tenure: np.ndarray  # uint8[W+1, N]: tenure in quarters of a year
    weeks_in: np.ndarray  # uint8[W+1, N]: weeks since hired into a seat someone left, capped at NEW_WEEKS
    ties: list[np.ndarray]  # per week: int[K, 2] mentor and mentee rows
    share: list[float]  # per week: the share who know the practice (the model's)
    titles: list[str]  # per week: the picture's title (design, week, share, ties)


def record(model: ClassroomModel, weeks: int) -> Recording:
    """Step ``model`` ``weeks`` weeks, keeping each week's picture."""
    n, skill = model.state.n, model.practice_skill
    know = np.zeros((weeks + 1, n), dtype=np.uint8)
    tenure = np.zeros_like(know)
    weeks_in = np.zeros_like(know)
    ties, titles = [], []
    for week in range(weeks + 1):
        if week:
            model.step()
        know[week] = np.rint(255 * np.clip(drawing.colour_values(model, skill), 0.0, 1.0))
        tenure[week] = np.minimum(np.rint(model.state.tenure_weeks / TENURE_STEP_WEEKS), 255)
        weeks_in[week] = drawing.weeks_since_hire(model)
        ties.append(np.column_stack((model.ties.mentor, model.ties.mentee)).astype(np.int64))
        titles.append(classroom.title(model))
    design = model.config.program.design
    return Recording(
        design, classroom.design_words(design), know, tenure, weeks_in, ties, list(model.practice_share), titles
    )


def _b64(array: np.ndarray, dtype: str) -> str:
    return base64.b64encode(np.ascontiguousarray(array, dtype=dtype).tobytes()).decode("ascii")


def _run_data(rec: Recording) -> dict[str, Any]:
    counts = np.array([len(t) for t in rec.ties], dtype=np.int64)
    pairs = np.concatenate(rec.ties) if counts.sum() else np.zeros((0, 2), dtype=np.int64)
    return {
        "design": rec.design,
        "name": rec.name,
        "know": _b64(rec.know, "u1"),
        "tenure": _b64(rec.tenure, "u1"),
        "weeksIn": _b64(rec.weeks_in, "u1"),
        "tieStart": _b64(np.concatenate(([0], np.cumsum(counts))), "<u4"),
        "ties": _b64(pairs, "<u2"),
        "share": [round(float(x), 4) for x in rec.share],
        "titles": rec.titles,
    }


def _viridis() -> str:
    cmap = colormaps["viridis"]
    return "".join(bytes(int(round(255 * c)) for c in cmap(i)[:3]).hex() for i in range(256))


def markdown_html(text: str) -> str:
    """The little Markdown the Info text uses (### headings, paragraphs, "- " lists, bold, code) as HTML."""

    def inline(s: str) -> str:
        s = html.escape(s, quote=False)
        s = re.sub(r"`([^`]+)`", r"<code>\1</code>", s)
        return re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", s)

    out: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = block.splitlines()
        while lines and lines[0].startswith("### "):
            out.append(f"<h3>{inline(lines.pop(0)[4:])}</h3>")
        if not lines:
            continue
        if lines[0].startswith("- "):
            items: list[str] = []
            for line in lines:
                if line.startswith("- "):
                    items.append(line[2:])
                else:
                    items[-1] += " " + line.strip()
            out.append("<ul>" + "".join(f"<li>{inline(i)}</li>" for i in items) + "</ul>")
        else:
            out.append(f"<p>{inline(' '.join(line.strip() for line in lines))}</p>")
    return "\n".join(out)


def document(models: list[ClassroomModel], weeks: int, question: str | None = None) -> str:
    """The page: ``models`` (one, or two of one organisation) stepped ``weeks`` weeks, as HTML."""
    first = models[0]
    st = first.state
    pos = drawing.layout(st.level, st.manager)
    info = classroom.info(first, classroom.HOW_TO_USE_FILE, classroom.THINGS_TO_TRY_FILE)
    design_names = [m.config.program.design for m in models]
    viridis = _viridis()
    question = question or classroom.prediction(design_names[0], design_names[1] if len(models) > 1 else None, weeks)
    data = {
        "weeks": weeks,
        "n": int(st.n),
        "pos": [[round(float(x), 4), round(float(y), 4)] for x, y in pos],
        "level": _b64(st.level, "u1"),
        "edges": _b64(drawing.informal_edges(first), "<u2"),
        "reports": _b64(drawing.reporting_lines(st.manager), "<u2"),
        "newWeeks": drawing.NEW_WEEKS,
        "tenureStep": TENURE_STEP_WEEKS / WEEKS_PER_YEAR,
        "viridis": viridis,
        "colours": {
            "tie": drawing.TIE_COLOUR,
            "informal": drawing.INFORMAL_COLOUR,
            "reporting": drawing.REPORTING_COLOUR,
            "new": drawing.NEW_COLOUR,
            "lines": LINE_COLOURS,
        },
        "runs": [_run_data(record(m, weeks)) for m in models],
    }
    words = " vs ".join(designs.label(d) for d in design_names)
    about = (
        f"{st.n} people, seed {first.config.seed}, {weeks} weeks, computed in advance by mentoring-sim "
        f"{__version__} (python -m sim.animate --html)."
    )
    page = _TEMPLATE
    for key, value in {
        "TITLE": html.escape(f"How a new practice spreads: {words}"),
        "HEADING": "How a new practice spreads through an organisation",
        "ABOUT": html.escape(about),
        "QUESTION": html.escape(question),
        "LEGEND_CSS": legend.CSS,
        "SCALE": legend.colour_scale(first.config.practice.knows_at, height=220),
        "KEY": legend.key(),
        "PRACTICE": html.escape(PRACTICE),
        "SHARE_LABEL": html.escape(SHARE_LABEL),
        "INFO": markdown_html(info),
        "DATA": json.dumps(data, separators=(",", ":")).replace("</", "<\\/"),
        "SCRIPT": _SCRIPT,
    }.items():
        page = page.replace(f"@@{key}@@", value)
    return page


def write(path: Path, models: list[ClassroomModel], weeks: int, question: str | None = None) -> Path:
    """Write the classroom file to ``path`` (atomically: a file there stays whole until the new one is)."""
    text = document(models, weeks, question)
    return io.write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>@@TITLE@@</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #212529;
       background: #f8f9fa; }
header { background: #1976d2; color: white; padding: 14px 24px; }
header h1 { font-size: 22px; margin: 0; font-weight: 500; }
header p { margin: 4px 0 0; font-size: 13px; opacity: 0.9; }
main { max-width: 1200px; margin: 0 auto; padding: 16px 24px; }
.question { background: #e7f1ff; border-left: 4px solid #1976d2; padding: 10px 14px; font-size: 16px;
            margin-bottom: 14px; }
.controls { display: flex; flex-wrap: wrap; align-items: center; gap: 10px; background: white;
            padding: 10px 14px; border-radius: 6px; box-shadow: 0 1px 3px rgba(0,0,0,.15); }
.controls button { font-size: 15px; padding: 6px 14px; border-radius: 4px; border: 1px solid #adb5bd;
                   background: #f1f3f5; cursor: pointer; }
.controls button.primary { background: #1976d2; color: white; border-color: #1976d2; min-width: 80px; }
#scrub { flex: 1 1 240px; }
#week { font-weight: 600; min-width: 190px; }
.nets { display: flex; flex-wrap: wrap; gap: 12px; margin-top: 14px; align-items: flex-start; }
figure { margin: 0; width: min-content; background: white; border-radius: 6px; box-shadow: 0 1px 3px rgba(0,0,0,.15);
         padding: 8px; }
figcaption { font-size: 13px; text-align: center; white-space: pre-line; min-height: 34px; }
.nets .scale { margin-top: 40px; }
.key { margin: 10px 0; }
@@LEGEND_CSS@@
.chart { background: white; border-radius: 6px; box-shadow: 0 1px 3px rgba(0,0,0,.15); padding: 8px;
         display: inline-block; }
#status { font-size: 15px; }
.info { background: white; border-radius: 6px; box-shadow: 0 1px 3px rgba(0,0,0,.15); padding: 4px 18px;
        margin-top: 14px; line-height: 1.45; }
.info h3 { font-size: 15px; margin: 16px 0 4px; }
code { background: #f1f3f5; padding: 1px 4px; border-radius: 3px; }
</style>
</head>
<body>
<header><h1>@@HEADING@@</h1><p>@@ABOUT@@</p></header>
<main>
<div class="question" id="question">@@QUESTION@@</div>
<div class="controls">
  <button id="play" class="primary">Play</button>
  <button id="back" title="one week back">&#9664; week</button>
  <button id="forward" title="one week on">week &#9654;</button>
  <input type="range" id="scrub" min="0" max="0" value="0" aria-label="week">
  <span id="week">Week 0</span>
  <label>Speed <select id="speed">
    <option value="1">1 week per second</option><option value="2">2 weeks per second</option>
    <option value="4" selected>4 weeks per second</option><option value="8">8 weeks per second</option>
  </select></label>
</div>
<div class="nets" id="nets">@@SCALE@@</div>
@@KEY@@
<div class="chart"><canvas id="chart" aria-label="@@SHARE_LABEL@@ over time"></canvas></div>
<p id="status"></p>
<section class="info">
@@INFO@@
</section>
</main>
<script id="data" type="application/json">@@DATA@@</script>
<script>
@@SCRIPT@@
</script>
</body>
</html>
"""

_SCRIPT = r"""
"use strict";
const D = JSON.parse(document.getElementById("data").textContent);
const bytes = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
const u16 = (s) => new Uint16Array(bytes(s).buffer);
const u32 = (s) => new Uint32Array(bytes(s).buffer);
const N = D.n, W = D.weeks;
const level = bytes(D.level), edges = u16(D.edges), reports = u16(D.reports);
const runs = D.runs.map((r) => ({ ...r, know: bytes(r.know), tenure: bytes(r.tenure),
  weeksIn: bytes(r.weeksIn), tieStart: u32(r.tieStart), ties: u16(r.ties) }));
const viridis = []; for (let i = 0; i < 256; i++) viridis.push("#" + D.viridis.substr(6 * i, 6));
// Each picture's size: as large as leaves the colour scale room beside them (a projector's 1024 px too).
const room = Math.floor((Math.min(window.innerWidth, 1200) - 270) / runs.length);
const SIZE = Math.max(300, Math.min(runs.length > 1 ? 440 : 560, room)), DPR = window.devicePixelRatio || 1;

function canvas(el, w, h) {
  el.width = Math.round(w * DPR); el.height = Math.round(h * DPR);
  el.style.width = w + "px"; el.style.height = h + "px";
  const ctx = el.getContext("2d"); ctx.setTransform(DPR, 0, 0, DPR, 0, 0); return ctx;
}
const toPx = (p) => [SIZE / 2 + p[0] * SIZE / 2.1, SIZE / 2 - p[1] * SIZE / 2.1];
const px = D.pos.map(toPx);

// The organisation's lasting lines, drawn once: informal ties and reporting lines.
const back = document.createElement("canvas");
{
  const ctx = canvas(back, SIZE, SIZE);
  ctx.strokeStyle = D.colours.informal; ctx.globalAlpha = 0.45; ctx.lineWidth = 0.5; ctx.beginPath();
  for (let i = 0; i < edges.length; i += 2) { ctx.moveTo(...px[edges[i]]); ctx.lineTo(...px[edges[i + 1]]); }
  ctx.stroke();
  ctx.strokeStyle = D.colours.reporting; ctx.globalAlpha = 0.5; ctx.lineWidth = 1; ctx.setLineDash([1.5, 2.5]);
  ctx.beginPath();
  for (let i = 0; i < reports.length; i += 2) { ctx.moveTo(...px[reports[i]]); ctx.lineTo(...px[reports[i + 1]]); }
  ctx.stroke();
}

const nets = document.getElementById("nets"), views = [];
runs.forEach((run, k) => {
  const fig = document.createElement("figure"), cap = document.createElement("figcaption");
  const el = document.createElement("canvas"); el.id = "net" + k; el.setAttribute("aria-label", run.name);
  fig.append(cap, el); nets.insertBefore(fig, nets.querySelector(".scale"));
  views.push({ cap, ctx: canvas(el, SIZE, SIZE) });
});

function drawNet(view, run, week) {
  const ctx = view.ctx, off = week * N;
  ctx.clearRect(0, 0, SIZE, SIZE); ctx.globalAlpha = 1; ctx.drawImage(back, 0, 0, SIZE, SIZE);
  ctx.setLineDash([]); ctx.strokeStyle = D.colours.tie; ctx.lineWidth = 2; ctx.globalAlpha = 0.75;
  ctx.beginPath();
  for (let i = run.tieStart[week]; i < run.tieStart[week + 1]; i++) {
    ctx.moveTo(...px[run.ties[2 * i]]); ctx.lineTo(...px[run.ties[2 * i + 1]]);
  }
  ctx.stroke();
  const scale = SIZE / 560;
  for (let i = 0; i < N; i++) {
    const years = run.tenure[off + i] * D.tenureStep, since = run.weeksIn[off + i];
    const r = 0.5 * Math.sqrt(12 + 10 * Math.sqrt(years)) * 1.7 * scale;
    ctx.globalAlpha = Math.min(1, 0.25 + 0.75 * since / D.newWeeks);
    ctx.fillStyle = viridis[run.know[off + i]];
    const [x, y] = px[i];
    if (level[i] > 0) {
      ctx.fillRect(x - r, y - r, 2 * r, 2 * r);
      ctx.globalAlpha = 1; ctx.lineWidth = 0.5 * level[i]; ctx.strokeStyle = "black";
      ctx.strokeRect(x - r, y - r, 2 * r, 2 * r);
    } else { ctx.beginPath(); ctx.arc(x, y, r, 0, 2 * Math.PI); ctx.fill(); }
    if (since < D.newWeeks) {
      ctx.globalAlpha = 1 - since / D.newWeeks; ctx.strokeStyle = D.colours.new; ctx.lineWidth = 1.3;
      ctx.beginPath(); ctx.arc(x, y, 1.5 * r + 1, 0, 2 * Math.PI); ctx.stroke();
    }
  }
  ctx.globalAlpha = 1;
  view.cap.textContent = run.titles[week];
}

const CW = 760, CH = 300, M = { l: 74, r: 16, t: 14, b: 40 };
const chart = canvas(document.getElementById("chart"), CW, CH);
function drawChart(week) {
  const ctx = chart, w = CW - M.l - M.r, h = CH - M.t - M.b;
  const X = (t) => M.l + w * t / Math.max(W, 1), Y = (v) => M.t + h * (1 - v);
  ctx.clearRect(0, 0, CW, CH); ctx.font = "12px system-ui, sans-serif"; ctx.fillStyle = "#212529";
  ctx.strokeStyle = "#dee2e6"; ctx.lineWidth = 1; ctx.textAlign = "right"; ctx.textBaseline = "middle";
  for (let v = 0; v <= 1.0001; v += 0.2) {
    ctx.beginPath(); ctx.moveTo(M.l, Y(v)); ctx.lineTo(M.l + w, Y(v)); ctx.stroke();
    ctx.fillText(v.toFixed(1), M.l - 6, Y(v));
  }
  ctx.textAlign = "center"; ctx.textBaseline = "top";
  const every = W > 60 ? 20 : W > 20 ? 10 : 2;
  for (let t = 0; t <= W; t += every) {
    ctx.beginPath(); ctx.moveTo(X(t), M.t); ctx.lineTo(X(t), M.t + h); ctx.stroke(); ctx.fillText(t, X(t), M.t + h + 5);
  }
  ctx.fillText("week", M.l + w / 2, M.t + h + 22);
  ctx.save(); ctx.translate(14, M.t + h / 2); ctx.rotate(-Math.PI / 2); ctx.textBaseline = "middle";
  ctx.fillText("share who know the practice", 0, 0); ctx.fillText("(0 = nobody, 1 = everyone)", 0, 16);
  ctx.restore();
  ctx.strokeStyle = "#868e96"; ctx.strokeRect(M.l, M.t, w, h);
  ctx.strokeStyle = "#495057"; ctx.setLineDash([4, 4]);
  ctx.beginPath(); ctx.moveTo(X(week), M.t); ctx.lineTo(X(week), M.t + h); ctx.stroke(); ctx.setLineDash([]);
  runs.forEach((run, k) => {
    ctx.strokeStyle = D.colours.lines[k]; ctx.lineWidth = 2.5; ctx.beginPath();
    for (let t = 0; t <= week; t++) { t ? ctx.lineTo(X(t), Y(run.share[t])) : ctx.moveTo(X(t), Y(run.share[t])); }
    ctx.stroke();
    ctx.fillStyle = D.colours.lines[k]; ctx.fillRect(M.l + 12, M.t + 10 + 18 * k, 22, 4);
    ctx.fillStyle = "#212529"; ctx.textAlign = "left"; ctx.textBaseline = "middle";
    ctx.fillText(run.name, M.l + 40, M.t + 12 + 18 * k);
  });
}

const play = document.getElementById("play"), scrub = document.getElementById("scrub");
const label = document.getElementById("week"), speed = document.getElementById("speed");
const status = document.getElementById("status");
scrub.max = W;
let week = 0, playing = false, clock = null;
const pct = (x) => Math.round(100 * x) + "%";
function show(t) {
  week = Math.max(0, Math.min(W, t)); scrub.value = week;
  label.textContent = "Week " + week + " of " + W + " (" + (week / 52).toFixed(1) + " years)";
  runs.forEach((run, k) => drawNet(views[k], run, week)); drawChart(week);
  const shares = runs.map((r) => pct(r.share[week]));
  status.textContent = runs.length > 1
    ? "Week " + week + ": " + shares.join(" and ") + " of people know the new practice (" +
      runs.map((r) => r.name.toLowerCase()).join(" and ") + ")."
    : "Week " + week + ": " + shares[0] + " of people know the new practice (" + runs[0].name.toLowerCase() + ").";
}
function tick(now) {
  if (!playing) return;
  if (clock === null) clock = { start: now, from: week, rate: +speed.value };
  const due = clock.from + Math.floor((now - clock.start) / 1000 * clock.rate);
  if (due !== week) show(due);
  if (week >= W) { setPlaying(false); return; }
  requestAnimationFrame(tick);
}
function setPlaying(on) {
  playing = on; play.textContent = on ? "Pause" : "Play"; clock = null;
  if (on) { if (week >= W) show(0); requestAnimationFrame(tick); }
}
play.addEventListener("click", () => setPlaying(!playing));
document.getElementById("back").addEventListener("click", () => { setPlaying(false); show(week - 1); });
document.getElementById("forward").addEventListener("click", () => { setPlaying(false); show(week + 1); });
scrub.addEventListener("input", () => { setPlaying(false); show(+scrub.value); });
speed.addEventListener("change", () => { clock = null; });
show(0);
"""
