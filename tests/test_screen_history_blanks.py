"""A row of the screen's claims history (--history) with an empty 编号, 待遇 or 日期 is refused, naming the
row and the column, with nothing written — as a case file's history record must have 待遇 and 日期
(docs/案例格式.md, 历史: 待遇、日期 必需).

Before: an empty 日期 was read as NULL and silently left out of every 每人每年 count (a fourth claim
this year screened 符合 2000 元, where the case loader refuses the record and the true answer depends
on the date), and an empty 待遇 ended in exit 3 (TypeError in ingest.load_claims).

Hand-worked, 第十五条 “各类职业培训补贴原则上每人每年可享受不超过 3 次”: the applicant holds an 电工三级
certificate (职业培训补贴, 2000 元 by the table for 三级); two counted claims (创业培训补贴) are dated this
year; a third has no date — if it was this year the claim now is the 4th (不符合), else the 3rd (符合).
"""
from __future__ import annotations

import pytest

from hzdsl.cli import main

pytest.importorskip("duckdb")

POP = ("编号,评估日期,符合职业培训补贴条件,在定点机构参加培训,取得职业资格证书,证书等级,职业,证书编号\n"
       "A,2023-06-30,是,是,是,三级,电工,ZS-2023-500\n")


def _screen(tmp_path, capsys, history: str) -> tuple[int, str]:
    (tmp_path / "p.csv").write_text(POP, encoding="utf-8")
    (tmp_path / "h.csv").write_text(history, encoding="utf-8")
    capsys.readouterr()
    rc = main(["screen", str(tmp_path / "p.csv"), "--history", str(tmp_path / "h.csv"),
               "--benefit", "职业培训补贴", "--out", str(tmp_path / "o.csv")])
    out, err = capsys.readouterr()
    return rc, out + err


def test_the_dated_history_decides_the_yearly_count(tmp_path, capsys):
    # the control: with the third claim dated this year the claim now is the 4th → 不符合
    rc, out = _screen(tmp_path, capsys, "编号,待遇,日期,职业,证书等级\n"
                                        "A,创业培训补贴,2023-03-01,焊工,四级\n"
                                        "A,创业培训补贴,2023-04-01,钳工,四级\n"
                                        "A,创业培训补贴,2023-05-01,车工,四级\n")
    assert rc == 0, out
    assert '"A","职业培训补贴","十五","不符合"' in (tmp_path / "o.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize("history, line, column", [
    ("编号,待遇,日期,职业,证书等级\n"
     "A,创业培训补贴,2023-03-01,焊工,四级\n"
     "A,创业培训补贴,2023-04-01,钳工,四级\n"
     "A,创业培训补贴,,车工,四级\n", 4, "日期"),  # was: 符合 2000 元 (the undated claim not counted)
    ("编号,待遇,日期\nA,创业培训补贴,2023-03-01\nA,,2022-01-01\n", 3, "待遇"),  # was: exit 3 (TypeError)
    ("编号,待遇,日期\nA,创业培训补贴,2023-03-01\n ,创业培训补贴,2022-01-01\n", 3, "编号"),  # was: dropped unseen
], ids=["no date", "no benefit", "no id"])
def test_a_claim_without_id_benefit_or_date_is_refused(tmp_path, capsys, history, line, column):
    rc, out = _screen(tmp_path, capsys, history)
    assert rc == 2, out
    assert f"h.csv:{line}:" in out and "E913" in out and f"「{column}」是空的" in out, out
    assert "提示" in out and "内部错误" not in out, out
    assert not (tmp_path / "o.csv").exists()


@pytest.mark.parametrize("rows, line", [
    ("A,2023-06-30,是\n,2023-06-30,是\n", 3),           # was: screened, results with an empty 编号
    (" ,2023-06-30,是\n,2023-06-30,是\n", 2),           # was: 「编号」的值「None」出现不止一次（第 ? 行与第 1 行）
], ids=["one blank id", "two blank ids"])
def test_an_applicant_without_id_is_refused(tmp_path, capsys, rows, line):
    # docs/人群筛查.md: 编号 必需，唯一标识申请人
    (tmp_path / "p.csv").write_text("编号,评估日期,取得职业资格证书\n" + rows, encoding="utf-8")
    capsys.readouterr()
    rc = main(["screen", str(tmp_path / "p.csv"), "--out", str(tmp_path / "o.csv")])
    out, err = capsys.readouterr()
    assert rc == 2, out + err
    assert f"p.csv:{line}:" in err and "E911" in err and "「编号」是空的" in err and "None" not in err, err
    assert not (tmp_path / "o.csv").exists()
