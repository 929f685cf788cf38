"""The site builds with every warning an error, and the README stays a short front page whose links resolve."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.helpers import ROOT

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}


def build(config: Path, site: Path) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` of ``config`` into ``site``."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)]
    return subprocess.run(command, cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=300, check=False)


def test_the_site_builds_strictly_with_every_page_and_the_api(tmp_path):
    done = build(ROOT / "mkdocs.yml", tmp_path / "site")
    assert done.returncode == 0, done.stderr
    site = tmp_path / "site"
    for page in ("organisation", "research", "teaching", "model", "outputs", "configuration", "code-map", "decide"):
        assert (site / page / "index.html").is_file(), page
    api = (site / "api" / "model" / "index.html").read_text()
    assert "MentoringModel" in api and "timeseries" in api, "the API page renders the model's docstrings"
    assert "tacit_transferred_total" in (site / "outputs" / "index.html").read_text()
    assert (site / "classroom" / "new_practice.html").is_file(), "the classroom files are served as they are"


def test_a_broken_link_fails_the_strict_build(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    (docs / "index.md").write_text((docs / "index.md").read_text() + "\n[gone](model.md#no-such-section)\n")
    config = (ROOT / "mkdocs.yml").read_text().replace("docs_dir: docs", f"docs_dir: {docs}")
    config = config.replace("paths: [.]", f"paths: [{ROOT}]")
    (tmp_path / "mkdocs.yml").write_text(config)
    done = build(tmp_path / "mkdocs.yml", tmp_path / "site")
    assert done.returncode != 0 and "no-such-section" in done.stderr


README = (ROOT / "README.md").read_text()


def test_the_readme_is_short():
    assert len(README.splitlines()) <= 200


def test_the_readme_s_links_resolve():
    links = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", README)
    local = [link for link in links if not link.startswith("http")]
    assert local and all((ROOT / link).exists() for link in local), [
        link for link in local if not (ROOT / link).exists()
    ]


def test_ci_builds_the_site_strictly_and_runs_the_readme_s_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^(?:\w+=\S+ )*python -m mkdocs build --strict", ci, re.M)
    readme_command = 'python -m pip install -e ".[test]" && python -m pytest'
    assert readme_command in README
    assert readme_command.replace("install -e", "install --quiet -e") in ci.splitlines()
