"""Money in a screen summary is shown to the 分 in its display unit (breaker s22).

就业创业服务补贴 is written in 万元 (最高不超过 10 万元), so its figures are shown in 万元 — with 2 decimals, i.e. to
100 元: three services paid 500, 500 and 1000 元 (c18: 人数 × 500 元/人) have the mean 2000 / 3 = 666.67 元,
shown as 「0.07」 万元 (700 元). To the 分 it is 0.066667 万元. By hand; the total 0.2 万元 is exact either way."""
from __future__ import annotations

import json

import pytest

from hzdsl.cli import main

pytest.importorskip("duckdb")


def test_a_mean_in_wan_yuan_is_shown_to_the_fen(tmp_path, capsys):
    pop = tmp_path / "p.csv"
    pop.write_text("编号,评估日期,民办人力资源服务机构,帮助灵活就业人员稳定就业人数\n"
                   "A,2023-06-30,是,1 人\nB,2023-06-30,是,1 人\nC,2023-06-30,是,2 人\n", encoding="utf-8")
    hist = tmp_path / "h.csv"
    hist.write_text("编号,待遇,日期\n", encoding="utf-8")  # the history is known: nobody had it before
    code = main(["screen", str(pop), "--history", str(hist), "--benefit", "就业创业服务补贴", "--json"])
    row = json.loads(capsys.readouterr().out)["待遇"][0]
    assert code == 0
    assert (row["单位"], row["符合"], row["金额合计"], row["已知金额均值"]) == ("万元", 3, "0.2", "0.066667")


def test_a_mean_in_yuan_keeps_two_decimals(tmp_path, capsys):
    from fractions import Fraction

    from hzdsl.backends.sql.report import places

    assert places(True, Fraction(1)) == 2 and places(True, Fraction(10000)) == 6
    assert places(False, Fraction(1, 100)) == 2  # a rate in %: 2 decimals of %
