"""For slides and for students: the new practice spreading, as an animation, pictures, or one HTML file.

    python -m sim.animate                                   # no programme vs peer mentoring, two years
    python -m sim.animate --design peer_circles --compare none --snapshots 0 52 104
    python -m sim.animate --scenario experts-retire --single --format mp4
    python -m sim.animate --html practice.html              # one self-contained file for students

Runs the classroom's organisation (:mod:`sim.teaching.classroom`: 150 people, five experts of
one team know a new practice) under ``--design`` and, beside it on the same organisation and
seed, ``--compare`` (``--single`` for one run). Writes ``OUT_DIR/network.gif`` (``.mp4`` with
``--format mp4``, or with ``auto`` where ffmpeg is installed) and ``OUT_DIR/week_<N>.png`` for
each snapshot week; with ``--html FILE`` only that file (:mod:`sim.teaching.classfile`). Each
frame is the teaching page's picture (:mod:`sim.teaching.drawing`), coloured by know-how of the
practice, the same layout throughout, so the class sees ties form, the practice spread and
newcomers take the seats of people who left.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.errors import OverrideParseException
from matplotlib import colormaps
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from PIL import Image

from sim import io
from sim.config import ConfigError
from sim.mechanisms.designs import DESIGNS
from sim.teaching import classfile, classroom, drawing
from sim.teaching.classroom import KNOWS_IT, PRACTICE, SCENARIO_SLUGS, ClassroomModel, twin

DEFAULT_OUT = Path("results/animation")
MAX_HTML_EMPLOYEES = 1_000  # the file draws every person every week; past this a picture is a blur


def parse_sets(items: list[str]) -> dict[str, Any]:
    """``key=value`` pairs for :func:`with_overrides`, values typed as on ``python -m sim``'s command line.

    Hydra's override grammar types them (numbers, true/false, null, lists).
    """
    parser = OverridesParser.create()
    out: dict[str, Any] = {}
    for item in items:
        key, sep, _ = item.partition("=")
        if not sep or not key:
            raise ConfigError(f"--set {item}: expected key=value, e.g. turnover.rate_annual=0.3")
        try:
            out[key] = parser.parse_override(item).value()
        except OverrideParseException as exc:
            raise ConfigError(f"--set {item}: {str(exc).splitlines()[0]}") from None
    return out


def frames(
    models: list[ClassroomModel], weeks: int, every: int, snapshots: set[int], out_dir: Path, dpi: int
) -> list[Any]:
    """Run ``models`` for ``weeks``, step for step, keeping a frame every ``every`` weeks; write the snapshots."""
    st = models[0].state
    pos = drawing.layout(st.level, st.manager)
    images = []
    for week in range(weeks + 1):
        if week:
            for model in models:
                model.step()
        if week % every and week != weeks and week not in snapshots:
            continue
        fig = drawing.panels(
            models,
            [classroom.title(m) for m in models],
            pos=pos,
            skill=models[0].practice_skill,
            skill_name=PRACTICE,
            mark=(models[0].config.practice.knows_at, KNOWS_IT),
        )
        if week in snapshots:
            io.write_figure(fig, out_dir / f"week_{week}.png", dpi=dpi)
        if week % every == 0 or week == weeks:
            fig.set_dpi(dpi)  # constrained layout: the same box every frame, title and colour bar inside
            canvas = FigureCanvasAgg(fig)
            canvas.draw()
            rgb = Image.fromarray(np.asarray(canvas.buffer_rgba())[..., :3].copy())
            images.append(rgb.quantize(palette=_palette(), dither=Image.Dither.NONE))
    return images


def _palette() -> Any:
    """One GIF palette for every frame: the colour scale, greys, and the drawing's colours.

    A palette adapted to each frame spends its 256 colours on whatever covers most pixels
    and bands the colour bar; this one keeps the scale whole and the frames consistent.
    """
    scale = [colormaps["viridis"](i / 159)[:3] for i in range(160)]
    greys = [(g / 63, g / 63, g / 63) for g in range(64)]
    fixed = [to_rgb(c) for c in (drawing.TIE_COLOUR, drawing.NEW_COLOUR, "#adb5bd", "#f8f9fa", "#dee2e6")]
    colours = (scale + greys + fixed)[:256]
    image = Image.new("P", (1, 1))
    image.putpalette([int(round(255 * c)) for rgb in colours for c in rgb])
    return image


def write_animation(images: list[Any], path: Path, fps: float) -> Path:
    """GIF with Pillow, or MP4 by piping raw frames to ffmpeg."""
    if path.suffix == ".gif":
        duration = int(1000 / fps)
        return io.write_atomically(
            path,
            lambda tmp: images[0].save(
                tmp, format="GIF", save_all=True, append_images=images[1:], duration=duration, loop=0
            ),
        )
    return io.write_atomically(path, lambda tmp: _mp4(images, tmp, fps))


def _mp4(images: list[Any], tmp: Path, fps: float) -> None:
    width, height = images[0].size
    width, height = width - width % 2, height - height % 2  # H.264 wants even sizes
    cmd = [
        "ffmpeg", "-y", "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "rgb24",
        "-s", f"{width}x{height}", "-r", str(fps), "-i", "-",
        "-pix_fmt", "yuv420p", "-vcodec", "libx264", "-f", "mp4", str(tmp),
    ]  # fmt: skip
    with subprocess.Popen(cmd, stdin=subprocess.PIPE) as proc:
        assert proc.stdin is not None
        for image in images:
            proc.stdin.write(image.crop((0, 0, width, height)).tobytes())
        proc.stdin.close()
        if proc.wait() != 0:
            raise RuntimeError("ffmpeg failed to write the MP4")


def main(argv: list[str] | None = None) -> int:
    """Write the animation and the snapshots, or the classroom file; print where they went."""
    parser = argparse.ArgumentParser(prog="python -m sim.animate", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--scenario", choices=list(SCENARIO_SLUGS), default="new-practice", help="what to show (default new-practice)"
    )
    parser.add_argument("--design", choices=list(DESIGNS), default="none", help="programme design (default none)")
    parser.add_argument("--compare", choices=list(DESIGNS), default="peer", help="the design beside it (default peer)")
    parser.add_argument("--single", action="store_true", help="show --design alone, without --compare")
    parser.add_argument("--employees", type=int, default=150, help="people in the organisation (default 150)")
    parser.add_argument("--weeks", type=int, default=classroom.WEEKS, help=f"weeks to run (default {classroom.WEEKS})")
    parser.add_argument("--every", type=int, default=2, help="weeks between frames (default 2)")
    parser.add_argument("--fps", type=float, default=6.0, help="frames per second (default 6)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--snapshots", type=int, nargs="*", default=None, help="weeks to save as PNG (default: first, middle, last)"
    )
    parser.add_argument("--set", dest="sets", nargs="*", default=[], metavar="KEY=VALUE", help="other config keys")
    parser.add_argument(
        "--format", choices=("auto", "gif", "mp4"), default="gif", help="animation format (default gif)"
    )
    parser.add_argument("--dpi", type=int, default=80, help="resolution of frames and snapshots (default 80)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT})")
    parser.add_argument(
        "--html", type=Path, default=None, metavar="FILE", help="write one self-contained HTML file instead"
    )
    args = parser.parse_args(argv)
    for name in ("weeks", "every", "employees", "dpi"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} {getattr(args, name)}: must be at least 1")
    if args.fps <= 0:
        parser.error(f"--fps {args.fps}: must be positive")
    if not args.single and args.compare == args.design:
        parser.error(f"--compare {args.compare}: the same as --design; choose another design, or --single")
    if args.html is not None:
        if args.html.suffix.lower() not in (".html", ".htm"):
            parser.error(f"--html {args.html}: must end in .html")
        if args.employees > MAX_HTML_EMPLOYEES:
            parser.error(f"--employees {args.employees}: the HTML file draws at most {MAX_HTML_EMPLOYEES:,} people")
    snapshots = {0, args.weeks // 2, args.weeks} if args.snapshots is None else set(args.snapshots)
    late = sorted(w for w in snapshots if not 0 <= w <= args.weeks)
    if late:
        parser.error(f"--snapshots {late[0]}: must be a week from 0 to --weeks ({args.weeks})")
    fmt = args.format
    if fmt == "auto":
        fmt = "mp4" if shutil.which("ffmpeg") else "gif"
    if fmt == "mp4" and not shutil.which("ffmpeg") and args.html is None:
        parser.error("--format mp4: needs ffmpeg on the PATH (apt-get install ffmpeg), or use --format gif")
    try:
        chosen = classroom.settings(
            SCENARIO_SLUGS[args.scenario],
            **{
                "org.n_employees": args.employees,
                "program.design": args.design,
                "seed": args.seed,
                "steps": args.weeks,
                **parse_sets(args.sets),
            },
        )
        models = [ClassroomModel(**chosen)]  # validates the settings
        if not args.single:
            models.append(twin(models[0], args.compare))
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if models[0].practice_skill is None:
        print(
            "error: --set practice.experts=0: the pictures show the new practice; give it at least one expert",
            file=sys.stderr,
        )
        return 2
    if args.html is not None:
        path = classfile.write(args.html, models, args.weeks)
        size = path.stat().st_size
        runs = "one run" if len(models) == 1 else "two runs side by side"
        print(f"{runs} of {models[0].state.n} people, weeks 0-{args.weeks}: {path} ({size / 1e3:,.0f} kB)")
        print("Open it in any browser; it needs no internet and no server.")
        return 0
    images = frames(models, args.weeks, args.every, snapshots, args.out, args.dpi)
    path = write_animation(images, args.out / f"network.{fmt}", args.fps)
    shots = ", ".join(f"week_{w}.png" for w in sorted(snapshots))
    print(f"{len(images)} frames, weeks 0-{args.weeks}: {path}")
    print(f"Snapshots in {args.out}/ : {shots}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
