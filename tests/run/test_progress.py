"""A sweep's progress line (sim.run.progress): its wording, in place on a terminal, sparse in a log."""

import io
from pathlib import Path

import pytest

from sim.run import progress as pg
from sim.run.progress import ENV_START, ENV_TOTAL, Progress, Tally, progress_line


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_line_counts_runs_done_those_of_an_earlier_command_and_the_time_left():
    # 4 of 10 done (1 failed), 1 by an earlier command; 3 run in 60 s -> the 6 left take about 120 s
    line = progress_line(Tally(ran=3, before=1, failed=1), 10, 60.0)
    assert line == (
        "progress: 4/10 runs done (1 failed), 1 of them finished before this command, 1m00s elapsed, about 2m00s left"
    )
    assert progress_line(Tally(ran=10), 10, 3725.0) == "progress: 10/10 runs done, 1h02m elapsed"
    assert progress_line(Tally(), 10, 2.0) == "progress: 0/10 runs done, 2s elapsed", "no estimate before a run"


def test_a_sweep_whose_runs_were_all_finished_before_says_there_is_nothing_to_run():
    assert progress_line(Tally(before=30), 30, 4.0) == (
        "progress: 30/30 runs done, all 30 finished before this command: nothing to run"
    )
    part = progress_line(Tally(before=12), 30, 4.0)
    assert part == "progress: 12/30 runs done, 12 of them finished before this command, 4s elapsed"


def test_on_a_terminal_the_line_is_rewritten_in_place_and_ends_when_every_run_is_done():
    out = Terminal()
    p = Progress(10, start=0.0, stream=out)
    p.show(now=1.0)
    for k in range(5):
        p.add(Tally(ran=2), now=2.0 + k)
    text = out.getvalue()
    assert text.count("\r") == 6 and text.count("\n") == 1 and text.endswith("runs done, 6s elapsed\x1b[K\n")
    assert text.split("\r")[1] == "progress: 0/10 runs done, 1s elapsed\x1b[K"
    assert "\rprogress: 4/10 runs done, 3s elapsed, about 4s left\x1b[K" in text


def test_a_terminal_line_left_open_by_a_stopped_sweep_is_ended():
    out = Terminal()
    p = Progress(10, start=0.0, stream=out)
    p.add(Tally(ran=3), now=1.0)
    assert not out.getvalue().endswith("\n")
    p.close()
    p.close()
    assert out.getvalue().endswith("\x1b[K\n") and out.getvalue().count("\n") == 1


def test_in_a_log_a_line_comes_each_quarter_of_the_runs_or_half_minute_and_the_last_always():
    out = io.StringIO()  # not a terminal
    p = Progress(100, start=0.0, stream=out)
    for k in range(1, 101):  # a run a second
        p.add(Tally(ran=1), now=float(k))
    lines = out.getvalue().splitlines()
    assert [line.split()[1] for line in lines] == ["25/100", "50/100", "75/100", "100/100"]
    assert "\r" not in out.getvalue()

    out = io.StringIO()
    p = Progress(1000, start=0.0, stream=out)
    for k in range(1, 101):  # a run every 2 s: no quarter in 200 s, a line every 30 s
        p.add(Tally(ran=1), now=2.0 * k)
    assert [line.split()[1] for line in out.getvalue().splitlines()] == [f"{n}/1000" for n in (15, 30, 45, 60, 75, 90)]


def test_in_a_log_batches_coming_back_together_make_one_line_and_the_last_is_never_missed():
    out = io.StringIO()
    p = Progress(288, start=0.0, stream=out)
    for k in range(24):  # a resumed study: every batch of 12 back within a second
        p.add(Tally(before=12), now=10.0 + k / 24)
    lines = out.getvalue().splitlines()
    assert lines == [
        "progress: 72/288 runs done, 72 of them finished before this command, 10s elapsed",
        "progress: 288/288 runs done, all 288 finished before this command: nothing to run",
    ]


@pytest.mark.parametrize(
    ("done", "now", "expected"),
    [
        (10, 5.0, False),  # nothing new since the last line (10 runs at 1 s)
        (35, 2.5, False),  # a quarter more, but within 2 s of the last line
        (35, 3.0, True),  # a quarter more
        (34, 30.5, False),  # less than a quarter more, and not yet 30 s after the last line
        (11, 31.0, True),  # 30 s after the last line, and a run since
        (100, 1.5, True),  # the last line, at once
    ],
)
def test_when_a_log_gets_a_line(done, now, expected):
    assert pg.due(done, 100, now, last_done=10, last_at=1.0) is expected


def test_the_count_never_passes_the_total(monkeypatch):
    monkeypatch.setenv(ENV_TOTAL, "4")
    monkeypatch.setenv(ENV_START, "100.0")
    monkeypatch.setattr(pg, "_sweeps", {})
    p = pg.for_launch(Path("sw"), 4)
    assert (p.total, p.start) == (4, 100.0)
    assert pg.for_launch(Path("sw"), 2) is p and p.total == 6, "a launch beyond the counted total raises it"
    p.stream = io.StringIO()
    p.add(Tally(ran=5, before=3), now=110.0)
    assert p.total == 8 and p.stream.getvalue().startswith("progress: 8/8 runs done")
    monkeypatch.setenv(ENV_START, "200.0")  # the same folder swept again by a new command in this process
    assert pg.for_launch(Path("sw"), 4).counts == Tally()


def test_a_sweeper_without_a_counted_total_counts_the_runs_launched(monkeypatch):
    monkeypatch.delenv(ENV_TOTAL, raising=False)
    monkeypatch.delenv(ENV_START, raising=False)
    monkeypatch.setattr(pg, "_sweeps", {})
    p = pg.for_launch(Path("optuna"), 3)
    assert p.total == 3 and pg.for_launch(Path("optuna"), 3).total == 6
