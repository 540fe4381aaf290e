"""screen --out says per row when 金额 is only an upper bound (金额至多), as `hzdsl run` shows 「至多 1000 元」.

By hand from clause 十三 (tests/cases/c13/06): 职工学徒培训补贴 = 60% × 5000 元 = 3000 元, 每人每年最高不超过
6000 元. This year one record without 金额 and one of 5000 元: whether quota is left is 待定, and at most
6000 − 5000 = 1000 元 is left → 待定, 金额 1000, 至多. With 2000 元 known: at most 4000 元 left ≥ 3000 元 →
待定, 金额 3000, still 至多 — the record without 金额 may have used more than 1000 元 (读法, breaker s21).
Without history records: 符合 3000. The summary's 待定 range starts at 0: an
amount that is at most 1000 元 may be less.
"""
from __future__ import annotations

import csv
import json

import pytest

from hzdsl.cli import main

pytest.importorskip("duckdb")

POP = ("编号,评估日期,企业开展新型学徒制培训,学徒类别,企业支付给培训机构的学徒培训费用\n"
       "P1,2023-06-30,是,职工学徒,5000 元\n"
       "P2,2023-06-30,是,职工学徒,5000 元\n"
       "P3,2023-06-30,是,职工学徒,5000 元\n")
HISTORY = ("编号,待遇,日期,金额\n"
           "P1,职工学徒培训补贴,2023-01-10,\n"
           "P1,职工学徒培训补贴,2023-02-10,5000 元\n"
           "P2,职工学徒培训补贴,2023-01-10,\n"
           "P2,职工学徒培训补贴,2023-02-10,2000 元\n")
BENEFIT = "职工学徒培训补贴"


def _screen(tmp_path, capsys, *engine):
    (tmp_path / "p.csv").write_text(POP, encoding="utf-8")
    (tmp_path / "h.csv").write_text(HISTORY, encoding="utf-8")
    out = tmp_path / "o.csv"
    assert main(["screen", str(tmp_path / "p.csv"), "--history", str(tmp_path / "h.csv"), "--benefit", BENEFIT,
                 "--out", str(out), "--json", *engine]) == 0
    rows = {r["编号"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    return rows, json.loads(capsys.readouterr().out)["待遇"][0]


def _check(rows, summary):
    got = {k: (r["结论"], r["金额"], r["金额至多"]) for k, r in rows.items()}
    assert got == {"P1": ("待定", "1000.00", "true"), "P2": ("待定", "3000.00", "true"),
                   "P3": ("符合", "3000.00", "false")}
    assert (summary["待定"], summary["待定金额下限"], summary["待定金额上限"]) == (2, "0", "3000")


def test_an_amount_that_is_only_at_most_is_flagged(tmp_path, capsys):
    _check(*_screen(tmp_path, capsys))


@pytest.mark.spark
def test_an_amount_that_is_only_at_most_is_flagged_on_spark(tmp_path, capsys):
    from .test_screen_diff import require_spark
    require_spark()
    _check(*_screen(tmp_path, capsys, "--engine", "spark"))
