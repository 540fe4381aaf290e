"""What a population cell's diagnostic says, and what it tells the user to write (robust s22).

- `1e1` in a 时长 column read 「单位不对，应为 年」 with the hint 「年与月可以换算；月与天、元与天不能」 — neither is
  what is wrong. # 读法：科学计数法不读作数（案例文件也不接受 `毕业时长: 1e1`，E706：两处同一读法）；消息说出它是
  科学计数法，提示写出它所表示的数与该列的单位（1e1 → 「10 年」，1.5e1 → 「15 个月」），由用户确认后改写。
- A BLANK 「历史已知」 with a 历史汇总 value read 「「历史已知」为“否”」 — the cell says nothing; it is read as 否
  (docs/人群筛查.md: 空白即没有写明，按“否”读). The message says it is blank and how it is read, and points at it.
Expected texts are worked by hand from the rows below (columns counted in characters, 1-based).
"""
from __future__ import annotations

import pytest

from hzdsl.cli import main

pytest.importorskip("duckdb")

HEAD = "编号,身份,毕业时长,初次创办企业或个体工商户,正常经营时长"


def _screen(tmp_path, capsys, text: str, *more: str) -> tuple[int, str]:
    (tmp_path / "p.csv").write_text(text, encoding="utf-8")
    rc = main(["screen", str(tmp_path / "p.csv"), "--benefit", "一次性创业补贴", "--date", "2023-06-30", *more])
    return rc, capsys.readouterr().err


@pytest.mark.parametrize("cell,column,where,written", [
    ("1e1", "毕业时长", ":3:9:", "10 年"),  # 「B,高校毕业生,」 is 8 characters; 毕业时长 is declared in 年
    ("1.5E+1", "正常经营时长", ":3:15:", "15 个月"),  # 「B,高校毕业生,2 年,是,」: 14 characters; declared 个月
    ("2e0 年", "毕业时长", ":3:9:", "2 年"),  # the unit written after it is kept
    ("25e-1", "毕业时长", ":3:9:", "2.5 年"),
])
def test_scientific_notation_is_named_with_the_number_to_write(tmp_path, capsys, cell, column, where, written):
    row = {"毕业时长": "2 年", "正常经营时长": "8"}
    row[column] = cell
    rc, err = _screen(tmp_path, capsys, f"{HEAD}\nA,高校毕业生,2 年,是,8\n"
                                        f"B,高校毕业生,{row['毕业时长']},是,{row['正常经营时长']}\n")
    assert rc == 2, err
    assert f"p.csv{where} 错误[E912]: 列「{column}」第 3 行的值「{cell}」是科学计数法" in err, err
    assert f"写成「{written}」" in err, err
    assert "单位不对" not in err and "年与月可以换算" not in err and "Traceback" not in err, err


def test_a_summary_count_in_scientific_notation(tmp_path, capsys):
    col = "历史次数「一次性创业补贴」"
    rc, err = _screen(tmp_path, capsys, f"{HEAD},{col}\nA,高校毕业生,2 年,是,8,0\nB,高校毕业生,2 年,是,8,1e1\n")
    assert rc == 2, err
    # 「B,高校毕业生,2 年,是,8,」 is 16 characters; a count's unit is 次 (「10 次」 reads as 10, as 「1 次」 does)
    assert f"p.csv:3:17: 错误[E912]: 列「{col}」第 3 行的值「1e1」是科学计数法" in err and "写成「10 次」" in err, err
    assert "年与月可以换算" not in err, err


def test_a_blank_history_known_cell_with_a_summary_is_named_blank(tmp_path, capsys):
    col = "历史次数「一次性创业补贴」"
    rc, err = _screen(tmp_path, capsys, f"{HEAD},历史已知,{col}\nA,高校毕业生,2 年,是,8,是,0\nB,高校毕业生,2 年,是,8,,0\n")
    assert rc == 2, err
    # the summary cell: 「B,高校毕业生,2 年,是,8,,」 is 17 characters; the blank 历史已知 cell is the 17th's gap
    assert ("p.csv:3:18: 错误[E926]: 人群文件第 3 行（编号「B」）的「历史已知」空白（按“否”读：历史未知），"
            f"历史汇总列「{col}」却有值「0」；共 1 行如此") in err, err
    assert "在「历史已知」写“是”" in err and "「历史已知」为“否”" not in err, err


def test_a_history_known_no_with_a_summary_keeps_its_wording(tmp_path, capsys):
    col = "历史次数「一次性创业补贴」"
    rc, err = _screen(tmp_path, capsys, f"{HEAD},历史已知,{col}\nB,高校毕业生,2 年,是,8,否,0\n")
    assert rc == 2, err
    assert "的「历史已知」为“否”，历史汇总列" in err and "空白" not in err, err


@pytest.mark.parametrize("cell", ["1e400", "1e999999999"])
def test_scientific_notation_out_of_range_is_not_written_out(tmp_path, capsys, cell):
    """1e400 was hinted as a 401-digit number; 1e999999999 would have been a billion digits (never built)."""
    rc, err = _screen(tmp_path, capsys, f"{HEAD}\nB,高校毕业生,2 年,是,{cell}\n")
    assert rc == 2 and f"值「{cell}」是科学计数法" in err and "超出筛查能表示的范围" in err, err
    assert "0000000000" not in err and len(err) < 1000, err


def test_a_cell_whose_unit_is_no_unit_is_told_so(tmp_path, capsys):
    """「0x10」 in 个月: 「x10」 is no unit at all — not 「年与月可以换算」; 「3 天」 keeps that hint (a unit of another kind)."""
    rc, err = _screen(tmp_path, capsys, f"{HEAD}\nB,高校毕业生,2 年,是,0x10\n")
    assert rc == 2 and "值「0x10」单位不对" in err and "「x10」不是单位：写成数字，可带单位，如 6 个月" in err, err
    assert "年与月可以换算" not in err, err
    rc, err = _screen(tmp_path, capsys, f"{HEAD}\nB,高校毕业生,2 年,是,3 天\n")
    assert rc == 2 and "值「3 天」单位不对" in err and "年与月可以换算" in err, err


@pytest.mark.parametrize("cell,column,where", [
    ("-5", "正常经营时长", ":2:15:"),  # an integer column (DuckDB types it BIGINT): 「B,高校毕业生,2 年,是,」 is 14
    ("-2 年", "毕业时长", ":2:9:"),  # a text column: 「B,高校毕业生,」 is 8
])
def test_a_negative_duration_is_told_negative(tmp_path, capsys, cell, column, where):
    """「-5」 read 「不是数量（或超过 10 位整数、8 位小数，或为负数）」: three guesses for one fault. Now 「为负数」 with the
    case loader's hint (E731: 时长不小于 0), as `hzdsl run` says for 正常经营时长: -5 个月."""
    row = {"毕业时长": "2 年", "正常经营时长": "8"}
    row[column] = cell
    rc, err = _screen(tmp_path, capsys, f"{HEAD}\nB,高校毕业生,{row['毕业时长']},是,{row['正常经营时长']}\n")
    assert rc == 2 and f"p.csv{where} 错误[E912]: 列「{column}」第 2 行的值「{cell}」为负数" in err, err
    assert f"列「{column}」不能为负" in err and "不是数量" not in err, err


def test_a_fractional_summary_count_is_not_told_to_be_left_blank(tmp_path, capsys):
    """「0.5」 in 历史次数: the hint said 「不知道就不写这个事实」 — but a blank summary cell of a known history is E927.
    The hint now says what a count is and how to say "not known": 历史已知 否, the row's summary cells blank."""
    col = "历史次数「一次性创业补贴」"
    rc, err = _screen(tmp_path, capsys, f"{HEAD},{col}\nB,高校毕业生,2 年,是,8,0.5\n")
    assert rc == 2 and f"p.csv:2:17: 错误[E912]: 列「{col}」第 2 行的值「0.5」不是整数" in err, err
    assert "不知道就不写" not in err and "「历史已知」写为“否”" in err, err


@pytest.mark.parametrize("values,column,says", [
    # 0.1 + 0.2 computed in a DOUBLE column: a number, with 17 decimals — not 「写成数字」
    ([0.5, 0.1 + 0.2], "正常经营时长（月）", ["0.30000000000000004", "17 位小数", "8 位小数", "舍入"]),
    # a third of a year is 4 months; 1/3 年 as a DOUBLE has 16 decimals
    ([1 / 3, 1.0], "毕业时长", ["0.3333333333333333", "16 位小数", "舍入"]),
    ([float("nan"), 1.0], "毕业时长", ["NaN（非数）", "留空"]),
    ([float("inf"), 1.0], "毕业时长", ["无穷大", "留空"]),
    ([1e12, 1.0], "毕业时长", ["10 位"]),
])
def test_a_float_cell_that_is_no_exact_quantity_says_why(tmp_path, capsys, values, column, says):
    """A Parquet DOUBLE cell screening cannot take exactly (it computes in DECIMAL(18, 8)): the message said
    「不是数量（或超过 10 位整数、8 位小数，或为负数）」 with the hint 「写成数字（单位为 年）」 — it IS a number
    (breaker3 s23). The hint says which of these it is: too many decimals (how many; round before writing the
    file), NaN / infinity (no value: leave the cell empty), or too large."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"编号": ["A1", "A2"], column: pa.array(values, type=pa.float64())}), tmp_path / "p.parquet")
    rc = main(["screen", str(tmp_path / "p.parquet"), "--benefit", "一次性创业补贴", "--date", "2023-06-30"])
    err = capsys.readouterr().err
    assert rc == 2 and "E912" in err, err
    assert all(s in err for s in says), err
    assert "写成数字（单位为" not in err, err
