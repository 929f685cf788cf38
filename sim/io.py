"""Writers: every output file appears whole or not at all (temp file, then rename).

A reader (the report, a resumed sweep) never sees a half-written file: each writer writes
to a hidden temporary file in the target directory, flushes it to disk and renames it over
the target, which POSIX makes atomic within one file system.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


# mkstemp creates files readable by the owner only; results are meant to be shared.
_UMASK = os.umask(0)
os.umask(_UMASK)
_FILE_MODE = 0o666 & ~_UMASK

TIMESERIES = "timeseries.parquet"
SUMMARY = "summary.json"
CONFIG_USED = "config.json"  # the values a run used, flat (a roster's sizes, a scenario's or a fit's values)
EMPLOYEES = "employees.parquet"
ERROR = "error.json"
OPTIMISATION_RESULTS = "optimization_results.yaml"  # written into a sweep's folder by Hydra's Optuna sweeper


def write_atomically(path: Path, write: Callable[[Path], None]) -> Path:
    """Have ``write(tmp)`` write a temporary file beside ``path``, then rename it over ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, _FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_parquet(df: pd.DataFrame, path: Path) -> Path:
    """Write ``df`` as Parquet (no index), atomically."""
    return write_atomically(path, lambda tmp: df.to_parquet(tmp, index=False))


def write_csv(df: pd.DataFrame, path: Path) -> Path:
    """Write ``df`` as CSV (no index), atomically."""
    return write_atomically(path, lambda tmp: df.to_csv(tmp, index=False))


def write_json(obj: Any, path: Path) -> Path:
    """Write ``obj`` as indented JSON with sorted keys, atomically."""
    text = json.dumps(obj, indent=2, sort_keys=True) + "\n"
    return write_atomically(path, lambda tmp: tmp.write_text(text))


def write_text(text: str, path: Path) -> Path:
    """Write ``text`` (UTF-8), atomically."""
    return write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


#: The PNG text field where :func:`write_figure` records the figure's smallest text, in pixels of the image.
SMALLEST_TEXT_PX = "smallest-text-px"


def write_figure(fig: Any, path: Path, dpi: int = 130) -> Path:
    """Save a matplotlib figure as PNG, atomically, recording its smallest text's height in image pixels.

    A page that shows the image at a width w checks its text as ``SMALLEST_TEXT_PX * w / image width``
    (the report's browser test does).
    """
    meta = {SMALLEST_TEXT_PX: f"{smallest_text_pt(fig) * dpi / 72:.1f}"}
    return write_atomically(
        path, lambda tmp: fig.savefig(tmp, format="png", dpi=dpi, bbox_inches="tight", metadata=meta)
    )


def smallest_text_pt(fig: Any) -> float:
    """The font size (points) of the smallest visible, non-empty text of a matplotlib figure."""
    from matplotlib.text import Text  # imported here: io is read by runs that draw nothing

    sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    return float(min(sizes)) if sizes else 0.0


def flatten(node: Any, prefix: str = "") -> dict[str, Any]:
    """Nested dicts as one dict of dotted keys (``{"program": {"design": "peer"}}`` -> ``{"program.design": "peer"}``)."""
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for key, value in node.items():
            out.update(flatten(value, f"{prefix}{key}."))
        return out
    return {prefix[:-1]: node}


def read_run_config(run_dir: Path) -> dict[str, Any]:
    """A run directory's config as flat dotted keys: the values it used (:data:`CONFIG_USED`), else Hydra's.

    A run written before ``config.json`` existed has only ``.hydra/config.yaml`` (libyaml's C
    loader where installed: fast).
    """
    used = Path(run_dir) / CONFIG_USED
    if used.is_file():
        return json.loads(used.read_text())
    import yaml  # imported here: only readers of run directories need it

    text = (Path(run_dir) / ".hydra" / "config.yaml").read_text()
    if "${" in text:  # an interpolation Hydra left unresolved: OmegaConf resolves it
        from omegaconf import OmegaConf  # imported here: the slow path, rarely taken

        return flatten(OmegaConf.to_container(OmegaConf.create(text), resolve=True))
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return flatten(yaml.load(text, Loader=loader) or {})
