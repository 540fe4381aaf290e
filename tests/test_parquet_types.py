"""A Parquet column that holds no single value (list, struct, map, binary) is refused by its type at the header
(E911 column_type, breaker s22). Its cells were quoted as Python reprs — 「[6]」, 「{'a': 6}」,
「b'6 \\xe4\\xb8\\xaa\\xe6\\x9c\\x88'」 with 「单位不对，应为 个月」 — one message per row-kind instead of one per column."""
from __future__ import annotations

import datetime as dt

import pytest

from hzdsl.cli import main

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
pytest.importorskip("duckdb")


@pytest.mark.parametrize("column, kind", [
    (lambda: pa.array([[6]]), "BIGINT[]"),
    (lambda: pa.array([{"a": 6}]), "STRUCT("),
    (lambda: pa.array([b"6 \xe4\xb8\xaa\xe6\x9c\x88"], pa.binary()), "BLOB"),
])
def test_a_column_without_single_values(tmp_path, capsys, column, kind):
    path = tmp_path / "p.parquet"
    pq.write_table(pa.table({"编号": ["A"], "评估日期": [dt.date(2023, 6, 30)], "正常经营时长": column()}), path)
    code = main(["screen", str(path), "--benefit", "一次性创业补贴"])
    err = capsys.readouterr().err
    assert code == 2
    # the third column: 第 1 行 (the header) column 3
    assert f"{path}:1:3: 错误[E911]: 列「正常经营时长」的类型是 {kind}" in err
    assert "b'" not in err and "{'a'" not in err


def test_a_plain_number_column_is_still_read(tmp_path, capsys):
    path = tmp_path / "p.parquet"
    pq.write_table(pa.table({"编号": ["A"], "评估日期": [dt.date(2023, 6, 30)], "正常经营时长（月）": pa.array([6])}), path)
    assert main(["screen", str(path), "--benefit", "一次性创业补贴"]) == 0


@pytest.mark.parametrize("value, word", [(float("nan"), "NaN（非数）"), (float("inf"), "无穷大"), (float("-inf"), "负无穷大")])
def test_a_double_that_is_no_number_is_named_in_words(tmp_path, capsys, value, word):
    """A Parquet DOUBLE holding NaN / ±inf was quoted 「nan」 / 「inf」 (Python's spelling)."""
    path = tmp_path / "p.parquet"
    pq.write_table(pa.table({"编号": ["A"], "评估日期": [dt.date(2023, 6, 30)],
                             "正常经营时长（月）": pa.array([value], pa.float64())}), path)
    assert main(["screen", str(path), "--benefit", "一次性创业补贴"]) == 2
    err = capsys.readouterr().err
    assert f"{path}:1:3: 错误[E912]: 列「正常经营时长（月）」第 1 行的值「{word}」" in err
