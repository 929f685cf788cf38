"""python -m sim.animate: an animated GIF of a run's network and PNG snapshots."""

import subprocess
import sys

from PIL import Image

from sim.teaching.animate import main, parse_sets


def test_animation_and_snapshots_are_written(tmp_path, capsys):
    out = tmp_path / "anim"
    argv = ["--employees", "60", "--weeks", "6", "--every", "2", "--snapshots", "0", "6", "--out", str(out)]
    assert main(argv) == 0
    gif = Image.open(out / "network.gif")
    assert gif.n_frames == 4, "weeks 0, 2, 4, 6"
    assert sorted(p.name for p in out.iterdir()) == ["network.gif", "week_0.png", "week_6.png"]
    first, last = (Image.open(out / f"week_{w}.png").convert("RGB") for w in (0, 6))
    assert first.tobytes() != last.tobytes(), "the network changed between week 0 and week 6"
    printed = capsys.readouterr().out
    assert "4 frames, weeks 0-6" in printed and "week_0.png, week_6.png" in printed


def test_same_seed_same_gif(tmp_path):
    for name in ("a", "b"):
        assert (
            main(["--employees", "40", "--weeks", "3", "--every", "1", "--snapshots", "--out", str(tmp_path / name)])
            == 0
        )
    assert (tmp_path / "a" / "network.gif").read_bytes() == (tmp_path / "b" / "network.gif").read_bytes()


def test_bad_arguments_are_one_line_and_write_nothing(tmp_path):
    cases = [
        (["--set", "nonsense.key=1"], "nonsense.key: unknown key"),
        (["--snapshots", "199"], "--snapshots 199: must be a week from 0 to --weeks (104)"),
        (["--weeks", "0"], "--weeks 0: must be at least 1"),
        (["--set", "turnover.rate_annual"], "expected key=value"),
    ]
    for args, message in cases:
        r = subprocess.run(
            [sys.executable, "-m", "sim.animate", *args, "--out", str(tmp_path / "x")],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert r.returncode == 2, (args, r.stderr)
        assert message in r.stderr and "Traceback" not in r.stderr, r.stderr
        assert not (tmp_path / "x").exists()


def test_set_values_are_typed():
    assert parse_sets(["a.b=0.3", "c=4", "d=true", "e=peer"]) == {"a.b": 0.3, "c": 4, "d": True, "e": "peer"}
