"""A value beyond DECIMAL(18, 8) that a row's answer does not need is no error; one it needs is E918.

企业吸纳就业创业担保贷款 = (吸纳重点人群就业人数 + 吸纳登记失业半年以内人员就业人数) × 20 万元/人, 最高 300 万元.
With 10 亿 people the product (2 × 10^14 元) does not fit DECIMAL(18, 8). X1 is no 小微企业, so the rule never
pays it (不符合, by hand: the condition 「企业创业担保贷款借款企业」 needs 小微企业) — it was an internal error
(exit 3, DuckDB's ConversionException) for the whole screen because the product was computed for every
row; on Spark the product silently became NULL. X3 is eligible: any value that large is above the cap, so
it is paid the cap, 300 万元, as `hzdsl run` pays it (it was E918 until s19). A product nothing bounds (创业导师服务补贴)
is still E918: exit 2, nothing written.
"""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from hzdsl.cli import main

pytest.importorskip("duckdb")

HEAD = "编号,吸纳重点人群就业人数,吸纳登记失业半年以内人员就业人数,小微企业,符合企业创业担保贷款条件\n"
BENEFIT = "企业吸纳就业创业担保贷款"


def _screen(tmp_path, rows: str, *engine: str) -> tuple[int, Path]:
    (tmp_path / "p.csv").write_text(HEAD + rows, encoding="utf-8")
    out = tmp_path / "o.csv"
    return main(["screen", str(tmp_path / "p.csv"), "--benefit", BENEFIT, "--date", "2023-06-30", "--out", str(out),
                 "--json", *engine]), out


@pytest.fixture(params=["duckdb", "spark"])
def engine(request):
    if request.param == "spark":
        from .test_screen_diff import require_spark
        require_spark()
    return ["--engine", request.param]


def test_a_huge_value_the_answer_does_not_need_is_no_error(tmp_path, capsys, engine):
    code, out = _screen(tmp_path, "X1,1000000000,0,否,是\nX2,3,2,是,是\n", *engine)
    assert code == 0, capsys.readouterr().err
    rows = {r["编号"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert rows["X1"]["结论"] == "不符合" and rows["X1"]["金额"] == ""
    # X2 by hand: (3 + 2) × 20 万元 = 100 万元 ≤ 300 万元; 待定 for the unknown loan history (no --history)
    assert rows["X2"]["结论"] == "待定" and rows["X2"]["单位"] == "万元" and float(rows["X2"]["金额"]) == 100


def test_a_huge_product_under_a_known_cap_is_the_cap(tmp_path, capsys, engine):
    # X3 is eligible: (10 亿 + 0) × 20 万元 is far above 最高不超过 300 万元, so the amount is the cap, as the scalar
    # engine pays it (was E918: the product does not fit DECIMAL(18, 8), but no value that large is below the cap);
    # 待定 only for the unknown loan history (no --history)
    code, out = _screen(tmp_path, "X1,1000000000,0,否,是\nX3,1000000000,0,是,是\n", *engine)
    assert code == 0, capsys.readouterr().err
    rows = {r["编号"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert rows["X3"]["结论"] == "待定" and rows["X3"]["单位"] == "万元" and float(rows["X3"]["金额"]) == 300
    assert rows["X3"]["金额待定"] == "false"


def test_a_huge_value_the_answer_needs_is_e918(tmp_path, capsys, engine):
    # 创业导师服务补贴 = 线上次数 × 300 元/次 + 线下次数 × 1000 元/次, no cap: 10 亿次 × 300 元 does not fit and
    # nothing bounds it — E918 naming the row (`hzdsl run` computes it exactly)
    (tmp_path / "p.csv").write_text("编号,创业导师,导师线上服务次数,导师线下服务次数\nM0,否,1000000000,0\n"
                                    "M3,是,1000000000,0\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    code = main(["screen", str(tmp_path / "p.csv"), "--benefit", "创业导师服务补贴", "--date", "2023-06-30",
                 "--out", str(out), *engine])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "E918" in err and "「M3」" in err and "创业导师服务补贴" in err and "hzdsl run" in err
    assert "Traceback" not in err and "内部错误" not in err
    assert not out.exists()
