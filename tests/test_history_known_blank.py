"""A BLANK 历史已知 cell (the column present) is "not stated": the applicant's history is unknown, as a case file
without 「历史」 — never "known to have none" (issue 11, breaker session 19: with --history a blank cell took the
column's default 是, so a row with no records was paid 一次性创业补贴 3000 元 on the absence of records).

# 读法：申请人的历史没有写明，就不能当作“已知从未申领”。只有「历史已知」写“是”（或整列不写而给了 --history：
# 文件即全部历史）时，没有记录才是“从未申领”；空白与其他是/否列一样是“未知”，受限制的待遇为待定。

By hand, clause 三 一次性创业补贴 (3000 元, 累计 不超过 1 次), every condition met (毕业 3 年 高校毕业生, 初次创办,
正常经营 8 个月): 历史已知 是 and no record → 符合 3000 元; blank or 否 and no record → 待定 (需要 历史申领记录), as
`hzdsl run` gives for a case without 「历史」.
"""
from __future__ import annotations

import csv

import pytest

from hzdsl.cases.load import cases_from_text
from hzdsl.cli import main
from hzdsl.engine import evaluator_for
from hzdsl.runtime.evaluate import Env

pytest.importorskip("duckdb")

BENEFIT = "一次性创业补贴"
HEAD = "编号,评估日期,身份,毕业时长,初次创办企业或个体工商户,正常经营时长,历史已知\n"
ROWS = ("K,2023-06-30,高校毕业生,3 年,是,8 个月,是\n"
        "B,2023-06-30,高校毕业生,3 年,是,8 个月,\n"
        "N,2023-06-30,高校毕业生,3 年,是,8 个月,否\n")


def screen(tmp_path, capsys, pop: str, history: str) -> tuple[int, str, dict]:
    (tmp_path / "p.csv").write_text(pop, encoding="utf-8")
    (tmp_path / "h.csv").write_text(history, encoding="utf-8")
    capsys.readouterr()
    rc = main(["screen", str(tmp_path / "p.csv"), "--history", str(tmp_path / "h.csv"), "--benefit", BENEFIT,
               "--missing", "--out", str(tmp_path / "o.csv")])
    out, err = capsys.readouterr()
    rows = {}
    if (tmp_path / "o.csv").exists():
        with open(tmp_path / "o.csv", encoding="utf-8", newline="") as f:
            rows = {r["编号"]: (r["结论"], r["金额"], r["待定事实"]) for r in csv.DictReader(f)}
    return rc, out + err, rows


def test_a_blank_cell_with_no_records_is_an_unknown_history_not_a_payment(tmp_path, capsys):
    rc, out, rows = screen(tmp_path, capsys, HEAD + ROWS, "编号,待遇,日期\n")
    assert rc == 0, out
    assert rows["K"] == ("符合", "3000.00", "")
    assert rows["B"][0] == "待定" and "历史申领记录" in rows["B"][2], rows  # 金额: what it pays if the history allows
    assert rows["B"] == rows["N"]


def test_run_reads_a_case_without_history_the_same(program):
    """The reference: the same applicant as a case file without 「历史」 → 待定 waiting for the history."""
    text = ("评估日期: 2023-06-30\n事实:\n  身份: [高校毕业生]\n  毕业时长: 3 年\n  初次创办企业或个体工商户: 是\n"
            "  正常经营时长: 8 个月\n")
    case = cases_from_text(text, "案例.yaml", program)[0]
    d = next(d for d in evaluator_for(program).decide_all(Env(case.date, case.facts, case.params, case.history))
             if d.rule.name == BENEFIT)
    assert str(d.status) == "待定"


def test_a_blank_cell_with_records_is_refused_saying_the_cell_is_blank(tmp_path, capsys):
    """Records of a row whose history is not stated: E920, as for 否, worded for the blank cell."""
    history = "编号,待遇,日期\nB,一次性创业补贴,2022-01-01\n"
    rc, out, rows = screen(tmp_path, capsys, HEAD + ROWS, history)
    assert rc == 2, out
    assert "E920" in out and "p.csv:3:" in out and "空白" in out and "h.csv:2" in out, out
    assert not rows
