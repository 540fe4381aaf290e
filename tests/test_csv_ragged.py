"""A CSV row with more or fewer fields than the header has column names (breaker s21).

DuckDB's sniffer took such a file for one column — E911 "缺少列「编号」" and "列「编号,评估日期,身份」不是已声明
的事实" — or, with the ragged row past its sample, gave its own English "Error when sniffing file". Now E910 names
the line (counted by hand below) and the two counts, exit 2, nothing written.
"""
from __future__ import annotations

import pytest

from hzdsl.cli import main

pytest.importorskip("duckdb")

HEADER = "编号,评估日期,身份\n"
ROW = "P{},2023-06-30,高校毕业生\n"


def _screen(tmp_path, text, capsys):
    (tmp_path / "p.csv").write_text(text, encoding="utf-8")
    out = tmp_path / "o.csv"
    rc = main(["screen", str(tmp_path / "p.csv"), "--benefit", "一次性创业补贴", "--out", str(out)])
    return rc, capsys.readouterr().err, out


def test_an_extra_field_in_the_first_data_row(tmp_path, capsys):
    rc, err, out = _screen(tmp_path, HEADER + "P1,2023-06-30,高校毕业生,多余\n" + ROW.format(2), capsys)
    assert rc == 2 and not out.exists()
    assert "p.csv:2:1" in err and "第 2 行有 4 个字段，而首行有 3 个列名" in err
    assert "缺少列" not in err and "不是已声明的事实" not in err


def test_a_short_row_past_the_sniffers_sample(tmp_path, capsys):
    # header = line 1, P0 … P2999 = lines 2 … 3001; the short row replaces P2500, i.e. line 2502
    rows = [ROW.format(i) for i in range(3000)]
    rows[2500] = "P2500,2023-06-30\n"
    rc, err, out = _screen(tmp_path, HEADER + "".join(rows), capsys)
    assert rc == 2 and not out.exists()
    assert "p.csv:2502:1" in err and "第 2502 行有 2 个字段，而首行有 3 个列名" in err and "sniffing" not in err


def test_a_quoted_delimiter_and_blank_lines_are_no_ragged_rows(tmp_path, capsys):
    text = HEADER + '"P1",2023-06-30,"高校毕业生"\n\n' + ROW.format(2)
    rc, err, out = _screen(tmp_path, text, capsys)
    assert rc == 0, err
