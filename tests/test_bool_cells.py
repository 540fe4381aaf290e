"""A 布尔 cell is read by ONE reader, `syntax.normalize.bool_text`, in case files (`hzdsl run/test/serve`) and in
population files (`hzdsl screen`): the same spellings are 是, 否 or refused in both (issue 11, breaker session 19:
`1`/`0` and a padded " 是 " were screened but refused by case files; a CSV column of yes/no — typed BOOLEAN by
DuckDB's sniffer — was screened although both readers refuse yes/no).

By hand, 第三条 一次性创业补贴 (3000 元): 重点人群 (毕业 5 年以内高校毕业生: 2 年), 初次创办 = the cell under test,
正常经营 满 6 个月 (6 个月); no earlier claim (an empty claims file) → 是: 符合 3000 元; 否: 不符合.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from hzdsl.cases.load import cases_from_text
from hzdsl.cli import main
from hzdsl.errors import HzdslError
from hzdsl.syntax.normalize import bool_text

pytest.importorskip("duckdb")

BENEFIT = "一次性创业补贴"
FACT = "初次创办企业或个体工商户"
HEAD = f"编号,评估日期,身份,毕业时长,{FACT},正常经营时长\n"

# 读法 (syntax/normalize.py): the words, width-folded and trimmed, and 1/0 as a spreadsheet writes a 是否 column
READ_AS_YES = ["是", " 是 ", "\u3000是", "真", "有", "成立", "true", "True", "TRUE", "ｔｒｕｅ", "1", "１"]
READ_AS_NO = ["否", "否 ", "假", "无", "不成立", "false", "FALSE", "0", "０"]
REFUSED = ["yes", "no", "Y", "N", "T", "F", "对", "不是", "2", "1.0", "-1", "是的", "tRUE"]


def screen(tmp_path: Path, capsys, cells: list[str]) -> tuple[int, str, dict]:
    """Screen one row per cell (编号 R0, R1 …) for 一次性创业补贴 with an empty claims file."""
    body = "".join(f'R{i},2023-06-30,高校毕业生,2 年,"{c}",6 个月\n' for i, c in enumerate(cells))
    (tmp_path / "p.csv").write_text(HEAD + body, encoding="utf-8", newline="")
    (tmp_path / "h.csv").write_text("编号,待遇,日期\n", encoding="utf-8", newline="")
    out_file = tmp_path / "o.csv"
    capsys.readouterr()
    rc = main(["screen", str(tmp_path / "p.csv"), "--history", str(tmp_path / "h.csv"), "--benefit", BENEFIT,
               "--out", str(out_file)])
    out, err = capsys.readouterr()
    rows = {}
    if out_file.exists():
        with open(out_file, encoding="utf-8", newline="") as f:
            rows = {r["编号"]: (r["结论"], r["金额"]) for r in csv.DictReader(f)}
    return rc, out + err, rows


def loaded(program, cell: str):
    """The case loader's reading of `cell` as the fact (a quoted YAML string, as a caseworker may paste it)."""
    text = f"评估日期: 2023-06-30\n事实:\n  {FACT}: {json.dumps(cell, ensure_ascii=False)}\n"
    try:
        return cases_from_text(text, "案例.yaml", program)[0].facts.get(FACT, "refused")
    except HzdslError as e:
        assert any(d.code == "E705" for d in e.diagnostics), e.diagnostics
        return "refused"


def test_the_reader_itself():
    assert [bool_text(c) for c in READ_AS_YES] == [True] * len(READ_AS_YES)
    assert [bool_text(c) for c in READ_AS_NO] == [False] * len(READ_AS_NO)
    assert [bool_text(c) for c in REFUSED] == [None] * len(REFUSED)


def test_case_files_read_every_spelling_as_the_reader_does(program):
    got = {c: loaded(program, c) for c in READ_AS_YES + READ_AS_NO + REFUSED}
    want = {**{c: True for c in READ_AS_YES}, **{c: False for c in READ_AS_NO}, **{c: "refused" for c in REFUSED}}
    assert got == want


def test_a_bare_yaml_number_one_or_zero_is_read_in_a_case_file(program):
    """`初次创办企业或个体工商户: 1` unquoted (YAML int): 是 — refused (E705) before, while screen read it."""
    for cell, want in (("1", True), ("0", False)):
        text = f"评估日期: 2023-06-30\n事实:\n  {FACT}: {cell}\n"
        assert cases_from_text(text, "案例.yaml", program)[0].facts[FACT] is want


def test_screen_reads_every_accepted_spelling_as_case_files_do(tmp_path, capsys):
    cells = READ_AS_YES + READ_AS_NO
    rc, out, rows = screen(tmp_path, capsys, cells)
    assert rc == 0, out
    want = {f"R{i}": ("符合", "3000.00") if c in READ_AS_YES else ("不符合", "") for i, c in enumerate(cells)}
    assert rows == want


@pytest.mark.parametrize("cell", REFUSED)
def test_screen_refuses_what_case_files_refuse_naming_column_and_row(tmp_path, capsys, cell):
    rc, out, rows = screen(tmp_path, capsys, ["是", cell])
    assert rc == 2, out
    assert "p.csv:3:" in out and "E912" in out and f"列「{FACT}」" in out, out
    assert not rows


@pytest.mark.parametrize("column", [["yes", "no"], ["T", "F"]])
def test_a_column_the_csv_sniffer_would_type_boolean_is_still_read_by_the_words(tmp_path, capsys, column):
    """DuckDB's sniffer types a column of only yes/no (or T/F) as BOOLEAN; screen then read it without a word."""
    rc, out, rows = screen(tmp_path, capsys, column)
    assert rc == 2, out
    assert "p.csv:2:" in out and "E912" in out and f"列「{FACT}」" in out, out
