"""The sweep report's table, on a synthetic sweep directory with known numbers."""

import json
import subprocess
import sys

import pandas as pd
import pytest

import sim
from sim.analysis.report import ReportError, gather


def make_run(root, name, design, seed, tacit=None, error=None):
    run = root / name
    (run / ".hydra").mkdir(parents=True)
    (run / ".hydra" / "config.yaml").write_text(f"seed: {seed}\nprogram:\n  design: {design}\n  start_step: 0\n")
    if tacit is not None:
        (run / "summary.json").write_text(json.dumps({"tacit_mean_final": tacit, "design": design, "seed": seed}))
    if error is not None:
        (run / "error.json").write_text(json.dumps({"error": error}))


def test_gather_makes_one_tidy_row_per_run(tmp_path):
    make_run(tmp_path, "0", "none", 0, tacit=0.60)
    make_run(tmp_path, "1", "peer", 0, tacit=0.66)
    make_run(tmp_path, "10", "peer", 1, tacit=0.70)
    make_run(tmp_path, "2", "peer", 2, error="RuntimeError: boom")
    make_run(tmp_path, "3", "none", 1)  # unfinished: neither summary nor error
    (tmp_path / "multirun.yaml").write_text("x: 1\n")
    table, unfinished = gather(tmp_path)
    assert unfinished == 1
    assert table["run"].tolist() == ["0", "1", "2", "10"], "numeric order"
    assert table["status"].tolist() == ["ok", "ok", "failed", "ok"]
    assert table.loc[table.status == "ok"].groupby("program.design")[
        "tacit_mean_final"
    ].mean().to_dict() == pytest.approx({"none": 0.60, "peer": 0.68})
    assert table.loc[2, "error"] == "RuntimeError: boom"


@pytest.mark.parametrize("make", ["missing", "empty", "foreign"])
def test_a_broken_or_foreign_directory_is_one_clear_line(tmp_path, make):
    target = tmp_path / "nope" if make == "missing" else tmp_path
    if make == "foreign":
        (tmp_path / "notes").mkdir()
        (tmp_path / "notes" / "a.txt").write_text("hello")
    with pytest.raises(ReportError):
        gather(target)
    r = subprocess.run([sys.executable, "-m", "sim.report", str(target)], capture_output=True, text=True)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and r.stderr.startswith("error: ")
    assert not (tmp_path / "report").exists()


def test_report_command_on_a_real_sweep(tmp_path):
    r = subprocess.run(
        [sys.executable, "-m", "sim", "-m", "+experiment=smoke", "hydra.sweep.dir=sw", "outputs.quiet=true"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    r = subprocess.run([sys.executable, "-m", "sim.report", "sw"], cwd=tmp_path, capture_output=True, text=True)
    assert r.returncode == 0 and "4 runs gathered (0 failed, 0 unfinished)" in r.stdout
    last = (tmp_path / "sw" / "report" / "report.md").read_text().strip().splitlines()[-1]
    assert last.startswith(f"Written by mentoring-sim {sim.__version__} (") and "CITATION.cff" in last
    table = pd.read_parquet(tmp_path / "sw" / "report" / "runs.parquet")
    assert len(table) == 4 and {"program.design", "seed", "tacit_mean_final", "config_hash"} <= set(table.columns)
    assert (table["version"] == sim.__version__).all()  # each run's summary.json names the simulator's version
    assert sorted(zip(table["program.design"], table["seed"], strict=True)) == [
        ("none", 0),
        ("none", 1),
        ("peer", 0),
        ("peer", 1),
    ]


def make_full_run(root, name, design, seed, tacit, retention, hours, steps=8):
    """A finished run as python -m sim writes it, with numbers chosen for hand checks."""
    run = root / name
    (run / ".hydra").mkdir(parents=True)
    (run / ".hydra" / "config.yaml").write_text(
        f"seed: {seed}\nsteps: {steps}\nprogram:\n  design: {design}\nreport:\n  compare: program.design\n"
        "  baseline: none\n"
    )
    step = list(range(steps + 1))
    ramp = [i / steps for i in step]
    pd.DataFrame(
        {
            "step": step,
            "knowledge_mean": [0.4 + 0.1 * r for r in ramp],
            "tacit_mean": [0.5 + (tacit - 0.5) * r for r in ramp],
            "engagement_mean": [0.6] * len(step),
            "tacit_lost_cum": [float(i) for i in step],
        }
    ).to_parquet(run / "timeseries.parquet")
    summary = {
        "seed": seed,
        "design": design,
        "n_employees": 100,
        "steps": steps,
        "years": steps / 52,
        "tacit_mean_final": tacit,
        "knowledge_mean_final": 0.5,
        "engagement_mean_final": 0.6,
        "retention_all": retention,
        "retention_participants": None if design == "none" else retention + 0.05,
        "retention_nonparticipants": None if design == "none" else retention - 0.05,
        "annual_turnover_rate": 0.12,
        "tacit_lost_total": float(steps),
        "programme_hours_total": hours,
    }
    (run / "summary.json").write_text(json.dumps(summary))


def test_report_on_a_synthetic_sweep_has_the_known_means_and_intervals(tmp_path):
    from sim.analysis.report import build

    for seed, (t_none, t_circ) in enumerate([(0.60, 0.66), (0.62, 0.70), (0.64, 0.68)]):
        make_full_run(tmp_path, str(2 * seed), "none", seed, t_none, 0.80, 0.0)
        make_full_run(tmp_path, str(2 * seed + 1), "peer_circles", seed, t_circ, 0.84 + 0.01 * seed, 1000.0)
    make_run(tmp_path, "6", "peer_circles", 3, error="RuntimeError: boom")
    make_run(tmp_path, "7", "peer_circles", 4)  # unfinished
    done = build(tmp_path)
    assert (done["runs"], done["failed"], done["unfinished"]) == (7, 1, 1)
    comp = pd.read_csv(tmp_path / "report" / "comparison.csv")
    tacit = comp[comp.measure == "tacit_mean_final"].set_index("condition")
    # none: 0.60, 0.62, 0.64 -> mean 0.62, s = 0.02, half-width t(0.975, 2) 0.02 / sqrt(3) = 0.049683
    assert tacit.loc["no programme", "mean"] == pytest.approx(0.62)
    assert tacit.loc["no programme", ["low", "high"]].tolist() == pytest.approx(
        [0.62 - 0.049683, 0.62 + 0.049683], abs=1e-6
    )
    # peer circles: 0.66, 0.70, 0.68 -> mean 0.68; difference 0.06; Welch with equal variances, df = 4:
    # se = sqrt(2 * 0.0004 / 3) = 0.016330, t(0.975, 4) = 2.776445 -> 0.06 -+ 0.045340
    row = tacit.loc["peer circles"]
    assert row["diff"] == pytest.approx(0.06)
    assert [row["diff_low"], row["diff_high"]] == pytest.approx([0.06 - 0.045340, 0.06 + 0.045340], abs=1e-6)
    # Hedges' g: d = 0.06 / 0.02 = 3, J = 1 - 3 / (4 * 6 - 9) = 0.8
    assert row["hedges_g"] == pytest.approx(2.4)
    kept = comp[(comp.measure == "retained_per_100") & (comp.condition == "peer circles")].iloc[0]
    assert kept["mean"] == pytest.approx(85.0) and kept["diff"] == pytest.approx(5.0)
    gain = comp[(comp.measure == "tacit_gain_per_1000h") & (comp.condition == "peer circles")].iloc[0]
    assert gain["mean"] == pytest.approx(0.06 * 100 / 1.0)  # 0.06 x 100 employees per 1,000 hours

    report = (tmp_path / "report" / "report.md").read_text()
    assert "Compared with no programme, peer circles kept 5.0 more people per 100 after 8 weeks (95% CI" in report
    assert "raised tacit knowledge by 0.060 on the 0-1 scale, +9.7% (95% CI +0.015 to +0.105" in report
    assert "Not included: 1 failed runs (6; see each run's error.json) and 1 unfinished runs" in report
    assert "| peer circles | 3 | 0.680 (0.630 to 0.730) | +0.060 (+0.015 to +0.105) | +2.40 (large) |" in report
    page = (tmp_path / "report" / "report.html").read_text()
    for name in done["figures"]:
        png = tmp_path / "report" / "figures" / name
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
        assert f'src="figures/{name}"' in page and f"](figures/{name})" in report
    assert set(done["figures"]) == {
        "knowledge_curves.png",
        "tacit_lost.png",
        "retention.png",
        "engagement.png",
        "per_mentoring_hour.png",
    }
    assert not list((tmp_path / "report").rglob(".*.tmp"))


def test_all_failed_and_unknown_compare_key_are_clear_errors(tmp_path):
    make_run(tmp_path, "0", "peer", 0, error="RuntimeError: boom")
    r = subprocess.run([sys.executable, "-m", "sim.report", str(tmp_path)], capture_output=True, text=True)
    assert r.returncode == 2 and r.stderr.startswith("error: ") and "all 1 runs failed" in r.stderr
    other = tmp_path / "other"
    make_full_run(other, "0", "none", 0, 0.6, 0.8, 0.0)
    make_full_run(other, "1", "peer", 0, 0.6, 0.8, 10.0)
    r = subprocess.run(
        [sys.executable, "-m", "sim.report", str(other), "--compare", "program.nope"], capture_output=True, text=True
    )
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1
    assert "--compare program.nope: not a config key of these runs; keys swept here: program.design" in r.stderr


def test_the_comparison_report_states_each_programme_s_money_with_its_interval():
    import pandas as pd

    from sim.analysis.comparison import Plan
    from sim.analysis.comparison_report import _money_lines

    plan = Plan("program.design", "none", ["none", "peer"])
    rows = []
    for cond, cost, saved, net in (("no programme", 0.0, 0.0, 0.0), ("peer mentoring", 1000.0, 1500.0, 500.0)):
        for measure, value in (("programme_cost", cost), ("avoided_replacement_cost", saved), ("net_benefit", net)):
            rows.append({"stratum": "", "condition": cond, "measure": measure, "mean": value,
                         "low": value - 300.0, "high": value + 300.0})  # fmt: skip
    lines = _money_lines(pd.DataFrame(rows), plan, "EUR", 5.0)
    assert lines == [
        "Peer mentoring cost €1,000 over 5 years, saved €1,500 in replacing leavers: net €500 (95% CI €200 to €800)."
    ]
    # with productivity and returns, as summary.json now has them
    for measure, value in (
        ("productivity_gained", 2000.0),
        ("roi_pct", 250.0),
        ("net_benefit_without_productivity", 500.0),
    ):
        rows.append({"stratum": "", "condition": "peer mentoring", "measure": measure, "mean": value,
                     "low": value - 300.0, "high": value + 300.0})  # fmt: skip
    assert _money_lines(pd.DataFrame(rows), plan, "EUR", 5.0) == [
        "Peer mentoring cost €1,000 over 5 years, saved €1,500 in replacing leavers, gained €2,000 of output: net €500 "
        "(95% CI €200 to €800), a return of +250% (95% CI -50% to +550%); without the productivity line, net €500 "
        "(€200 to €800)."
    ]


def test_the_comparison_report_states_the_ties_mentoring_left_and_how_long_they_last():
    import pandas as pd

    from sim.analysis.comparison import Plan
    from sim.analysis.comparison_report import _legacy_lines

    plan = Plan("program.design", "none", ["none", "peer"])
    rows = []
    for cond, cross, alive, life in (("no programme", 0.0, 0.0, float("nan")), ("peer mentoring", 218.0, 63.0, 1.4)):
        for measure, value, half in (
            ("network_legacy_cross_team", cross, 31.0),
            ("network_legacy_alive_end", alive, 5.0),
            ("network_legacy_years_expected", life, 0.2),
        ):
            rows.append({"stratum": "", "condition": cond, "measure": measure, "mean": value,
                         "low": value - half, "high": value + half})  # fmt: skip
    assert _legacy_lines(pd.DataFrame(rows), plan, 5.0) == [
        "Peer mentoring: mentoring ties that ended left 218 informal ties across teams over 5 years (95% CI 187 to "
        "249), 63 of all the ties it left still there at the end; such a tie lasts about 1.4 years (95% CI 1.2 to 1.6)."
    ]
