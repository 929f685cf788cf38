"""Commands shown with their output in README.md and docs/: run them, and rewrite or check the shown output.

    python -m tests.docs.outputs write [FILE ...]   # run each marked command, rewrite its output block
    python -m tests.docs.outputs check [FILE ...]   # exit 1 if a block is not what its command prints now
    python -m tests.docs.outputs list               # the marked commands, file by file

A block is marked by an HTML comment right before its fenced code block, which the page does not show:

    <!-- output: python -m sim.roster check examples/roster.csv -->
    ```text
    ...what the command prints...
    ```

or, to show each command with a ``$`` prompt before its output (several commands in one block):

    <!-- output
    $ python -m sim turnover.rate_annual=1.7
    $ python -m sim program=mentorish
    -->

Each command runs with this checkout's package (``PYTHONPATH``) in a fresh folder that links the checkout's
``examples/``, ``configs/`` and ``experiments/``, so what it writes (``results/``) goes there, not into the
checkout; its standard output and error are shown together. Written blocks name the run's folder
``<date_time>``; checking also ignores timing figures (seconds, employee-steps per second), which vary run to run.
"""

from __future__ import annotations

import functools
import os
import re
import shlex
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.helpers import ROOT

#: The pages whose marked blocks are run: the README and every page of the site.
PAGES = (ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md")))

MARK = re.compile(
    r"^<!-- output(?::(?P<one>[^\n]*?))?\n?(?P<many>(?:\$ [^\n]*\n)*)-->\n```(?P<lang>\w*)\n(?P<body>.*?)^```$",
    re.M | re.S,
)

#: A block fenced with four backticks shows Markdown as it is written: marks inside it are examples.
EXAMPLE = re.compile(r"^````\w*\n.*?^````$", re.M | re.S)

#: Always rewritten: a run's folder is named after the moment it ran.
PATHS = [(re.compile(r"\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d"), "<date_time>")]

#: Ignored when checking: figures of time and speed, which differ on every run.
TIMING = [
    (re.compile(r"ran in [\d.]+ s \([\d,]+ employee-steps/s\)"), "ran in <s> s (<n> employee-steps/s)"),
    (re.compile(r"\b[\d.]+ ?(s|seconds|ms)\b"), "<time>"),
]


@dataclass(frozen=True)
class Block:
    """One marked output block: where it is, the commands, whether they are shown with prompts, and its text."""

    path: Path
    start: int  # offsets of the block's body in the file's text
    end: int
    commands: tuple[str, ...]
    prompts: bool
    shown: str


def blocks(path: Path) -> list[Block]:
    """The marked output blocks of one page."""
    text = path.read_text()
    out = []
    examples = [(m.start(), m.end()) for m in EXAMPLE.finditer(text)]
    for m in MARK.finditer(text):
        if any(a <= m.start() < b for a, b in examples):
            continue  # a mark shown as an example, inside a ````-fenced block
        if m.group("one") is not None:
            commands, prompts = (m.group("one").strip(),), False
        else:
            commands, prompts = tuple(c[2:].strip() for c in m.group("many").splitlines()), True
        assert commands and all(commands), f"{path}: an output mark names no command"
        out.append(Block(path, m.start("body"), m.end("body"), commands, prompts, m.group("body")))
    return out


def all_blocks(paths: tuple[Path, ...] = PAGES) -> list[Block]:
    """The marked output blocks of every page."""
    return [b for p in paths for b in blocks(p)]


def run(command: str, cwd: Path) -> str:
    """What ``command`` prints (standard output, then error), run as a user would with this checkout's package."""
    argv = shlex.split(command)
    assert argv[0] == "python", f"a shown command starts with python: {command}"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100", "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, *argv[1:]], cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    text = done.stdout + done.stderr
    text = text.replace(str(cwd) + os.sep, "").replace(str(cwd), ".")
    for pattern, repl in PATHS:
        text = pattern.sub(repl, text)
    return "\n".join(line.rstrip() for line in text.rstrip("\n").splitlines()) + "\n"


def _folder() -> tempfile.TemporaryDirectory:
    tmp = tempfile.TemporaryDirectory(prefix="docs-output-")
    for name in ("examples", "configs", "experiments"):
        (Path(tmp.name) / name).symlink_to(ROOT / name)
    return tmp


def expected(block: Block) -> str:
    """The block's text as its commands print it now (each set of commands run once per process)."""
    return _printed(block.commands, block.prompts)


@functools.cache
def _printed(commands: tuple[str, ...], prompts: bool) -> str:
    with _folder() as cwd:
        parts = []
        for command in commands:
            printed = run(command, Path(cwd))
            parts.append(f"$ {command}\n{printed}" if prompts else printed)
    return "".join(parts)


def comparable(text: str) -> str:
    """``text`` with its timing figures masked."""
    for pattern, repl in TIMING:
        text = pattern.sub(repl, text)
    return text


def rewrite(path: Path) -> int:
    """Run every marked command of ``path`` and write its output into each block it changed; return how many."""
    text, changed = path.read_text(), 0
    for block in reversed(blocks(path)):  # from the end, so earlier offsets stay valid
        new = expected(block)
        if comparable(new) != comparable(block.shown):  # timing alone does not rewrite a block
            text, changed = text[: block.start] + new + text[block.end :], changed + 1
    path.write_text(text)
    return changed


def stale(block: Block) -> str | None:
    """None if the block shows what its commands print (timing aside), else what they print now."""
    new = expected(block)
    return None if comparable(new) == comparable(block.shown) else new


def main(argv: list[str] | None = None) -> int:
    """``write``, ``check`` or ``list`` the marked blocks of the given pages (default: all)."""
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] not in ("write", "check", "list"):
        print(__doc__.strip().splitlines()[0] + "\nusage: python -m tests.docs.outputs write|check|list [FILE ...]")
        return 2
    paths = tuple(Path(a).resolve() for a in argv[1:]) or PAGES
    if argv[0] == "write":
        for path in paths:
            if blocks(path):
                print(f"{path.relative_to(ROOT)}: {rewrite(path)} of {len(blocks(path))} blocks rewritten")
        return 0
    failed = 0
    for block in all_blocks(paths):
        where = f"{block.path.relative_to(ROOT)}: {' ; '.join(block.commands)}"
        if argv[0] == "list":
            print(where)
        elif stale(block) is not None:
            failed += 1
            print(f"stale: {where}", file=sys.stderr)
    if failed:
        print(f"{failed} stale; rewrite with python -m tests.docs.outputs write", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
