"""hzdsl screen over claims that lack fields, and claims dated after the applicant's 评估日期.

Hand-worked from clause 十五 (职业培训补贴 三级 2000 元；同一职业（项目）同一等级不可重复享受；同一证书单位
已享受补贴的，个人不得重复享受补贴；每人每年不超过 3 次) — the same answers as tests/cases/c15/07 and 08.
"""
from __future__ import annotations

import csv

import pytest

from hzdsl.cli import main

pytest.importorskip("duckdb")

POP = ("编号,评估日期,符合职业培训补贴条件,在定点机构参加培训,取得职业资格证书,证书等级,职业,证书编号\n"
       # 历史为空，缺职业与证书编号：没有任何过去的申领可能重复 → 三级 2000 元
       "E1,2023-06-30,是,是,是,三级,,\n"
       # 往年同一待遇的记录没写职业与等级：可能就是电工三级 → 待定
       "G1,2023-06-30,是,是,是,三级,电工,DG-1\n"
       # 往年记录是四级、没写职业：等级已不同 → 2000 元
       "G2,2023-06-30,是,是,是,三级,电工,DG-1\n"
       # 单位的记录没写证书编号：可能就是本证书 → 待定
       "G3,2023-06-30,是,是,是,三级,电工,DG-1\n"
       # 往年已有电工三级，另一条记录缺证书编号：已是重复 → 不符合
       "G4,2023-06-30,是,是,是,三级,电工,DG-1\n")

CLAIMS = ("编号,待遇,日期,申领人,职业,证书等级,证书编号\n"
          "G1,职业培训补贴,2021-05-01,,,,\n"
          "G2,职业培训补贴,2021-05-01,,,四级,\n"
          "G3,用人单位职业培训补贴,2022-05-01,单位,焊工,五级,\n"
          "G4,职业培训补贴,2021-05-01,,电工,三级,DG-0\n"
          "G4,用人单位职业培训补贴,2022-05-01,单位,,,\n")


def _screen(tmp_path, claims):
    (tmp_path / "p.csv").write_text(POP, encoding="utf-8")
    (tmp_path / "h.csv").write_text(claims, encoding="utf-8")
    out = tmp_path / "o.csv"
    rc = main(["screen", str(tmp_path / "p.csv"), "--history", str(tmp_path / "h.csv"), "--benefit", "职业培训补贴",
               "--missing", "--out", str(out)])
    return rc, out


def test_limits_over_claims_lacking_fields(tmp_path):
    rc, out = _screen(tmp_path, CLAIMS)
    assert rc == 0
    rows = {r["编号"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert (rows["E1"]["结论"], rows["E1"]["金额"]) == ("符合", "2000.00")
    assert rows["G1"]["结论"] == "待定"
    assert set(rows["G1"]["待定事实"].split("、")) == {"历史记录中的「职业」", "历史记录中的「证书等级」"}
    assert (rows["G2"]["结论"], rows["G2"]["金额"]) == ("符合", "2000.00")
    assert rows["G3"]["结论"] == "待定" and rows["G3"]["待定事实"] == "历史记录中的「证书编号」"
    assert rows["G4"]["结论"] == "不符合"


def test_a_claim_after_the_evaluation_date_is_refused(tmp_path, capsys):
    late = CLAIMS + "G2,职业培训补贴,2023-07-01,,电工,三级,DG-1\n"  # line 7, one day after 2023-06-30
    rc, out = _screen(tmp_path, late)
    err = capsys.readouterr().err
    assert rc == 2, err
    assert "E721" in err and "h.csv:7:" in err and "2023-07-01" in err and "2023-06-30" in err and "提示" in err
    assert "Traceback" not in err and not out.exists()


def test_a_claim_on_the_evaluation_date_is_past(tmp_path):
    rc, out = _screen(tmp_path, CLAIMS + "E1,职业培训补贴,2023-06-30,,电工,三级,DG-9\n")
    assert rc == 0
    rows = {r["编号"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    # 同日电工三级已享受：本次缺职业 → 若为电工即重复 → 待定，只缺「职业」
    assert rows["E1"]["结论"] == "待定" and rows["E1"]["待定事实"] == "职业"


def test_a_claim_after_the_evaluation_date_is_pointed_at_its_date_cell(tmp_path, capsys):
    # breaker s22: E721 put the caret at column 1 of the line (under the 编号); the cell at fault is the 日期
    late = CLAIMS + "G2,职业培训补贴,2023-07-01,,电工,三级,DG-1\n"
    rc, _ = _screen(tmp_path, late)
    err = capsys.readouterr().err
    assert rc == 2
    col = len("G2,职业培训补贴,") + 1
    assert f"h.csv:7:{col}: 错误[E721]" in err
