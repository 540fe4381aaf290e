"""A CSV cell DuckDB's sniffer reads as a number or a date that the case loader refuses is refused too (robust s22).

DuckDB types a CSV column by a sample: 「0x10」 and 「0X1A」 are BIGINT 16 and 26, 「0b101」 is 5, 「infinity」 and
「epoch」 are DATEs (9999-12-31 … and 1970-01-01). A one-row file with 正常经营时长 「0x10」 was screened as 16
months, an 评估日期 「epoch」 as 1970-01-01 — silently; a case file refuses each (E705/E706, E704). # 读法：人群文件
与案例文件同一读法：只有写成普通整数的格子读作整数，只有写成 2023-06-30 的格子读作日期；其他写法按文本读、按声明
的类型校验（E912 指出那一格）。
"""
from __future__ import annotations

import pytest

from hzdsl.cli import main

pytest.importorskip("duckdb")

HEAD = "编号,评估日期,身份,毕业时长,初次创办企业或个体工商户,正常经营时长"


def _screen(tmp_path, capsys, row: str) -> tuple[int, str]:
    (tmp_path / "p.csv").write_text(f"{HEAD}\n{row}\n", encoding="utf-8")
    rc = main(["screen", str(tmp_path / "p.csv"), "--benefit", "一次性创业补贴", "--json"])
    return rc, capsys.readouterr().err


@pytest.mark.parametrize("cell", ["0x10", "0X1A", "0b101"])
def test_a_hex_or_binary_number_is_not_read_as_an_integer(tmp_path, capsys, cell):
    rc, err = _screen(tmp_path, capsys, f"B,2023-06-30,高校毕业生,2 年,是,{cell}")
    # 「B,2023-06-30,高校毕业生,2 年,是,」 is 25 characters: the cell is at column 26
    assert rc == 2 and f"p.csv:2:26: 错误[E912]: 列「正常经营时长」第 2 行的值「{cell}」" in err, err


@pytest.mark.parametrize("cell", ["infinity", "-infinity", "Infinity", "epoch"])
def test_a_date_word_is_not_read_as_a_date(tmp_path, capsys, cell):
    rc, err = _screen(tmp_path, capsys, f"B,{cell},高校毕业生,2 年,是,8")
    assert rc == 2 and f"p.csv:2:3: 错误[E912]: 列「评估日期」第 2 行的值「{cell}」不是日期" in err, err


def test_plain_integers_and_dates_still_screen(tmp_path, capsys):
    """By hand (clause 三): 毕业 2 年 高校毕业生, 初次创办, 正常经营 8 个月 ≥ 6, history unknown → 一次性 limit open:
    待定 with the amount known, 3000 元."""
    import json

    (tmp_path / "p.csv").write_text(f"{HEAD}\nB,2023-6-30, 高校毕业生,2 年,是, 8 \n", encoding="utf-8")
    assert main(["screen", str(tmp_path / "p.csv"), "--benefit", "一次性创业补贴", "--json"]) == 0
    s, = json.loads(capsys.readouterr().out)["待遇"]
    assert (s["待定"], s["待定金额下限"]) == (1, "3000"), s
