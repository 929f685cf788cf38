"""Every default says where it comes from."""

import re

from sim import provenance
from sim.config import SimConfig, iter_fields
from tests.helpers import ROOT


def test_every_key_has_a_basis_of_a_known_kind():
    keys = [k for k, _, _ in iter_fields(SimConfig())]
    assert sorted(provenance.BASIS) == sorted(keys), "one basis per config key, no more"
    for key in keys:
        assert provenance.kind(key) in provenance.KINDS, (key, provenance.BASIS[key])


def test_sourced_and_fitted_defaults_name_their_numbers():
    for key, text in provenance.BASIS.items():
        if provenance.kind(key) in ("source", "fitted"):
            assert re.search(r"\d", text) and ("(" in text), (key, text)


def test_the_model_document_counts_the_kinds_as_they_are():
    doc = (ROOT / "docs" / "model.md").read_text()
    counts = {k: sum(provenance.kind(key) == k for key in provenance.BASIS) for k in provenance.KINDS}
    shown = re.search(r"Of the (\d+) keys, (\d+) are fitted, (\d+) are assumptions and (\d+) are settings", doc)
    assert shown, "docs/model.md states how many defaults are of each kind"
    total, fitted, assumed, settings = (int(g) for g in shown.groups())
    assert (total, fitted, assumed, settings) == (
        len(provenance.BASIS),
        counts["fitted"],
        counts["assumption"],
        counts["setting"],
    )
    assert counts["source"] == 0 or f"{counts['source']} come from a source" in doc
