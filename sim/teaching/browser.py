"""Drive the teaching page in a real browser: for its tests and for the documentation's screenshots (docs/teaching.md).

Uses Playwright with the system's Chromium (Debian's ``chromium`` package; Playwright's own
browser download needs the internet), headless, with the background services that would
stall on a machine without internet switched off.

    python -m sim.teaching.browser docs/figures/teaching_page.png --weeks 26
    python -m sim.teaching.browser shot.png --preset "No programme vs peer mentoring" --weeks 78
    python -m sim.teaching.browser shot.png --html practice.html --weeks 104    # the classroom file, offline
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")


def chromium() -> str | None:
    """Path of the system Chromium, or None."""
    found = os.environ.get("CHROMIUM") or next((p for p in CHROMIUM_PATHS if Path(p).exists()), None)
    return found or shutil.which("chromium")


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serve(port: int | None = None, timeout: float = 90.0, log: Path | None = None) -> Iterator[str]:
    """Run ``python -m sim.viz`` on a free port; yield its address once it answers.

    What the server prints goes to the file ``log`` (a temporary file when None), where a test can read it.
    """
    port = port or free_port()
    url = f"http://127.0.0.1:{port}/"
    with open(log, "w+") if log is not None else tempfile.TemporaryFile("w+") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "sim.viz", "--port", str(port)], stdout=out, stderr=subprocess.STDOUT, text=True
        )
        try:
            _wait_until_up(url, proc, out, timeout)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def _wait_until_up(url: str, proc: subprocess.Popen, out: Any, timeout: float) -> None:
    """Wait until ``url`` answers; raise with the server's last words if it stops or ``timeout`` passes."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            out.seek(0)
            raise RuntimeError(f"the teaching page did not start:\n{out.read()[-2000:]}")
        time.sleep(0.5)


@contextlib.contextmanager
def launch(width: int = 1500, height: int = 1100, offline: bool = False) -> Iterator[Any]:
    """A blank Playwright page in the system's Chromium (``offline``: with the network switched off)."""
    from playwright.sync_api import sync_playwright  # an optional extra (the test extra installs it)

    path = chromium()
    if path is None:
        raise RuntimeError("no Chromium found: apt-get install chromium (or set CHROMIUM=/path/to/chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_FLAGS)
        try:
            context = browser.new_context(offline=offline, viewport={"width": width, "height": height})
            yield context.new_page()
        finally:
            browser.close()


@contextlib.contextmanager
def browser_page(url: str, width: int = 1500, height: int = 1100) -> Iterator[Any]:
    """A Playwright page on ``url`` with the organisation drawn (the first image shown)."""
    with launch(width, height) as page:
        page.goto(url)
        page.wait_for_selector("img", timeout=90_000)
        wait_for_images(page)
        yield page


def image_sources(page: Any) -> list[str]:
    """The ``src`` of every figure on the page (Solara shows figures as blob URLs, a new one per redraw)."""
    return page.eval_on_selector_all("img", "els => els.map(e => e.src)")


def wait_for_images(page: Any, count: int = 4, timeout: float = 60.0) -> list[str]:
    """Wait until at least ``count`` figures are on the page; return their sources."""
    deadline = time.monotonic() + timeout
    while True:
        srcs = [s for s in image_sources(page) if s.startswith(("blob:", "data:image"))]
        if len(srcs) >= count or time.monotonic() > deadline:
            return srcs
        page.wait_for_timeout(250)


def wait_for_change(page: Any, before: list[str], timeout: float = 60.0) -> list[str]:
    """Wait until every figure differs from ``before`` (each redraw is a new URL); return the new sources."""
    deadline = time.monotonic() + timeout
    while True:
        now = wait_for_images(page, len(before), timeout)
        changed = len(now) >= len(before) and all(a != b for a, b in zip(now, before, strict=False))
        if changed or time.monotonic() > deadline:
            return now
        page.wait_for_timeout(250)


def step(page: Any, weeks: int = 1) -> None:
    """Press the page's Step button ``weeks`` times, each time waiting for the redraw."""
    for _ in range(weeks):
        before = wait_for_images(page, count=1)  # whatever the tab shows (3 figures side by side, 4 alone)
        page.get_by_role("button", name="Step", exact=True).click()
        wait_for_change(page, before)


def colour_scales(page: Any) -> list[dict[str, Any]]:
    """Each colour scale on show (:mod:`sim.teaching.legend`): its words, and its mark's height on the bar (0-1)."""
    return page.eval_on_selector_all(
        ".scale",
        """els => els.filter(e => e.offsetParent !== null).map(e => {
            const bar = e.querySelector(".scale-bar").getBoundingClientRect();
            const mark = e.querySelector(".scale-mark").getBoundingClientRect();
            return {text: e.innerText, at: (bar.bottom - (mark.top + mark.height / 2)) / bar.height};
        })""",
    )


@contextlib.contextmanager
def file_page(path: Path, width: int = 1280, height: int = 1000) -> Iterator[Any]:
    """A Playwright page on the classroom file ``path``, opened from disk with the network off."""
    with launch(width, height, offline=True) as page:
        page.goto(Path(path).resolve().as_uri())
        yield page


def show_week(page: Any, week: int) -> None:
    """Move the classroom file's slider to ``week``."""
    page.eval_on_selector("#scrub", f"el => {{ el.value = {int(week)}; el.dispatchEvent(new Event('input')); }}")


def main(argv: list[str] | None = None) -> int:
    """Save a screenshot of the teaching page (or the classroom file) after some weeks."""
    parser = argparse.ArgumentParser(prog="python -m sim.teaching.browser", description="Screenshot the teaching page.")
    parser.add_argument("out", type=Path, help="PNG to write")
    parser.add_argument("--weeks", type=int, default=26, help="weeks to step before the screenshot (default 26)")
    parser.add_argument("--preset", default=None, help='a "Things to try" button to press first (its title)')
    parser.add_argument("--html", type=Path, default=None, help="screenshot this classroom file instead (offline)")
    args = parser.parse_args(argv)
    if args.weeks < 0:
        parser.error("--weeks must be >= 0")
    if args.out.suffix.lower() != ".png":
        parser.error(f"{args.out}: must end in .png")
    if args.html is not None and not args.html.is_file():
        parser.error(f"--html {args.html}: no such file (write one with python -m sim.animate --html FILE)")
    if chromium() is None:
        print("error: no Chromium found: apt-get install chromium (or set CHROMIUM=/path/to/chromium)", file=sys.stderr)
        return 2
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_name(f".{args.out.name}.tmp.png")
    if args.html is not None:
        with file_page(args.html) as page:
            show_week(page, args.weeks)
            page.screenshot(path=str(tmp), full_page=False)
    else:
        from sim.teaching.classroom import PRESETS  # reason: the page's settings, only for this option

        titles = [p.title for p in PRESETS]
        if args.preset is not None and args.preset not in titles:
            parser.error(f"--preset {args.preset!r}: not one of the page's things to try: {', '.join(titles)}")
        with serve() as url, browser_page(url) as page:
            if args.preset is not None:
                before = wait_for_images(page)
                page.get_by_role("button", name=args.preset, exact=True).click()
                wait_for_change(page, before)
            step(page, args.weeks)
            page.screenshot(path=str(tmp), full_page=False)
    tmp.replace(args.out)
    print(f"Screenshot after {args.weeks} weeks: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
