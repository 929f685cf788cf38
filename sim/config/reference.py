"""docs/configuration.md, generated from the schema (``python -m sim.config > docs/configuration.md``)."""

from __future__ import annotations

import dataclasses
from typing import Any

from sim.config.fields import AT_DEFAULT, KEEP, ROLES, format_bound, format_value
from sim.config.roles import tags_of
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
            "| key | default | allowed | unit | meaning | basis of the default | roles |",
            "|---|---|---|---|---|---|---|",
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
                f"| {basis} | {_roles(key)} |"
            )
        lines.append("")
    return "\n".join(lines)


def _roles(key: str) -> str:
    """A key's tags in a few words (:data:`sim.config.fields.ROLES`)."""
    tags = tags_of(key)
    words = [r for r in ROLES if r in tags.roles]
    if tags.baseline is AT_DEFAULT:
        words.append("baseline: default")
    elif tags.baseline is not KEEP:
        words.append(f"baseline: `{format_value(tags.baseline)}`")
    if tags.alone:
        words.append("steps alone")
    return ", ".join(words)


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
        "*setting* (a choice about the run or the programme).\n\n"
        "The last column gives each key's roles, tagged once in the schema (`sim/config/fields.py`):\n\n"
        + "".join(f"- *{name}*: {meaning}\n" for name, meaning in ROLES.items())
        + "- *baseline*: the value the key takes in the run's baseline, the same organisation and seed without a\n"
        "  programme, that the programme is priced against (others keep the run's value)\n"
        "- *steps alone*: a run with the key set steps alone, not batched with others in an ensemble\n\n"
        + reference_markdown()
    )
