"""docs/configuration.md, generated from the schema (``python -m sim.config > docs/configuration.md``)."""

from __future__ import annotations

import dataclasses
from typing import Any

from sim.config.fields import format_bound, format_value
from sim.config.schema import SimConfig, iter_fields
from sim.provenance import BASIS


def reference_markdown() -> str:
    """The parameter reference as Markdown tables, one per config group."""
    lines: list[str] = []
    top = SimConfig()
    sections: dict[str, list[tuple[str, Any, dataclasses.Field]]] = {}
    for key, value, f in iter_fields(top):
        group = key.split(".")[0] if "." in key else "(top level)"
        sections.setdefault(group, []).append((key, value, f))
    for group, rows in sections.items():
        lines += [
            f"**{group}**",
            "",
            "| key | default | allowed | unit | meaning | basis of the default |",
            "|---|---|---|---|---|---|",
        ]
        for key, value, f in rows:
            m = f.metadata
            if m.get("choices"):
                allowed = " \\| ".join(m["choices"])
            elif m.get("lo") is not None:
                allowed = f"{format_bound(m['lo'])} to {format_bound(m['hi'])}"
            else:
                allowed = "true \\| false" if isinstance(value, bool) else ""
            basis = BASIS[key].replace("|", "\\|")
            lines.append(
                f"| `{key}` | `{format_value(value)}` | {allowed} | {m.get('unit', '')} | {m.get('help', '')} "
                f"| {basis} |"
            )
        lines.append("")
    return "\n".join(lines)


def reference_document() -> str:
    """docs/configuration.md: a header and :func:`reference_markdown`."""
    return (
        "# Configuration reference\n\n"
        "Every key of `python -m sim`, generated from `sim/config/` by\n"
        "`python -m sim.config > docs/configuration.md` (a test checks it is current). Override any key\n"
        "on the command line (`python -m sim org.n_employees=2000`); pick a group option with\n"
        "`group=option` (`program=peer`). Ranges are inclusive. The last column says where each default\n"
        "comes from (`sim/provenance.py`): *source* (a published number), *fitted* (to the named figures),\n"
        "*assumption* (a modelling judgement; what follows from it is a consequence, not a forecast) or\n"
        "*setting* (a choice about the run or the programme).\n\n" + reference_markdown()
    )
