"""A CSV cell whose opening quote is never closed (`"3 年`) — breaker s22.

DuckDB's sniffer then reads the file without quoting, so the message depended on what else the file held: E912
「"3 年」不是数量 at 3:3 (the field's number taken for a column: the cell starts at column 14), E911 columns
「"编号"」 not declared, or the whole header read as one column. Now E910 names the line and column of the opening
quote, with a hint how to write it. Lines and columns below are counted by hand (columns in characters, 1-based).
"""
from __future__ import annotations

import pytest

from hzdsl.cli import main

pytest.importorskip("duckdb")

HEADER = "编号,评估日期,毕业时长\n"


def _screen(tmp_path, text, capsys, *more):
    (tmp_path / "p.csv").write_text(text, encoding="utf-8")
    out = tmp_path / "o.csv"
    rc = main(["screen", str(tmp_path / "p.csv"), "--benefit", "一次性创业补贴", "--out", str(out), *more])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return rc, captured.err, out


def _refused_at(err: str, line: int, col: int) -> None:
    assert f"p.csv:{line}:{col}: 错误[E910]" in err, err
    assert f"第 {line} 行第 {col} 列的引号没有闭合" in err
    assert '写成 "3 年"' in err  # the hint: how a quoted cell is written
    assert "E911" not in err and "E912" not in err


# 「B,2023-06-30,」 is 13 characters: the quote is column 14
@pytest.mark.parametrize("after", ["C,2023-06-30,4 年\n", ""], ids=["mid_file", "last_line"])
def test_an_unclosed_quote_in_a_file_without_other_quotes(tmp_path, capsys, after):
    rc, err, out = _screen(tmp_path, HEADER + "A,2023-06-30,3 年\nB,2023-06-30,\"3 年\n" + after, capsys)
    assert rc == 2 and not out.exists()
    _refused_at(err, 3, 14)


def test_an_unclosed_quote_in_a_file_with_quoted_cells(tmp_path, capsys):
    # every cell quoted; line 3's last cell lacks its closing quote: 「"B","2023-06-30",」 is 18 characters
    text = '"编号","评估日期","毕业时长"\n"A","2023-06-30","3 年"\n"B","2023-06-30","3 年\n"C","2023-06-30","4 年"\n'
    rc, err, out = _screen(tmp_path, text, capsys)
    assert rc == 2 and not out.exists()
    _refused_at(err, 3, 18)


def test_an_unclosed_quote_before_a_cell_holding_the_delimiter(tmp_path, capsys):
    # line 3: 「B,」 — the quote of 「"3 年,」 is column 3; the header read as one column was E911 before
    text = HEADER + 'A,2023-06-30,"3 年"\nB,"3 年,2023-06-30\nC,2023-06-30,4 年\n'
    rc, err, out = _screen(tmp_path, text, capsys)
    assert rc == 2 and not out.exists()
    _refused_at(err, 3, 3)


def test_an_unclosed_quote_in_the_claims_file(tmp_path, capsys):
    (tmp_path / "h.csv").write_text('编号,待遇,日期\nA,"一次性创业补贴,2022-01-05\n', encoding="utf-8")
    text = "编号,评估日期,历史已知,毕业时长\nA,2023-06-30,是,3 年\n"
    rc, err, out = _screen(tmp_path, text, capsys, "--history", str(tmp_path / "h.csv"))
    assert rc == 2 and not out.exists()
    # 「A,」: the quote is column 3 of line 2
    assert "h.csv:2:3: 错误[E910]" in err and "第 2 行第 3 列的引号没有闭合" in err



def test_an_unclosed_quote_in_a_text_column_is_no_value(tmp_path, capsys):
    """Nothing else refused this file: 「"焊工」 was screened as a 职业 of its own (compared across claims as
    written, it is not 焊工). 「B,2023-06-30,3 年,」 is 17 characters: the quote is column 18."""
    text = "编号,评估日期,毕业时长,职业\nA,2023-06-30,3 年,电工\nB,2023-06-30,3 年,\"焊工\n"
    rc, err, out = _screen(tmp_path, text, capsys)
    assert rc == 2 and not out.exists()
    assert "p.csv:3:18: 错误[E910]" in err and '写成 "焊工"' in err


def test_an_unclosed_quote_in_a_text_field_of_the_claims_file(tmp_path, capsys):
    # 「A,一次性创业补贴,2022-01-05,」 is 21 characters: the quote is column 22
    (tmp_path / "h.csv").write_text('编号,待遇,日期,职业\nA,一次性创业补贴,2022-01-05,"焊工\n', encoding="utf-8")
    text = "编号,评估日期,历史已知,毕业时长\nA,2023-06-30,是,3 年\n"
    rc, err, out = _screen(tmp_path, text, capsys, "--history", str(tmp_path / "h.csv"))
    assert rc == 2 and not out.exists()
    assert "h.csv:2:22: 错误[E910]" in err and "第 2 行第 22 列的引号没有闭合" in err


def test_a_quote_written_in_a_text_value_is_kept(tmp_path, capsys):
    """「\"\"\"焊工\"」 is the value 「"焊工」 written by the rules: not refused (读法: the file says so)."""
    text = '编号,评估日期,毕业时长,职业\nA,2023-06-30,"3 年","""焊工"\n'
    rc, err, out = _screen(tmp_path, text, capsys)
    assert rc == 0, err

def test_quoted_line_breaks_and_doubled_quotes_are_no_unclosed_quote(tmp_path, capsys):
    """A quoted cell may hold a line break and a doubled quote: that file reads as before."""
    text = HEADER + 'A,2023-06-30,"3\n年"\nB,2023-06-30,"3 年"\n'
    rc, err, out = _screen(tmp_path, text, capsys)
    assert rc == 0, err
    assert "E910" not in err
