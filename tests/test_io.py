import json

import pandas as pd
import pytest

from sim import io


def test_writes_are_whole_and_leave_no_temporary_files(tmp_path):
    df = pd.DataFrame({"a": [1, 2]})
    io.write_parquet(df, tmp_path / "t.parquet")
    io.write_json({"x": 1}, tmp_path / "s.json")
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "t.parquet"), df)
    assert json.loads((tmp_path / "s.json").read_text()) == {"x": 1}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.json", "t.parquet"]


def test_a_failed_write_keeps_the_previous_file(tmp_path):
    target = tmp_path / "t.parquet"
    io.write_parquet(pd.DataFrame({"version": [1]}), target)
    with pytest.raises(ValueError):  # pyarrow cannot store arbitrary objects: fails mid-write
        io.write_parquet(pd.DataFrame({"version": [object()]}), target)
    assert pd.read_parquet(target)["version"].tolist() == [1]
    assert [p.name for p in tmp_path.iterdir()] == ["t.parquet"], "the temporary file is removed"
