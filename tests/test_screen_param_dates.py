"""screen --params: a dated parameter is taken at each row's own 评估日期, as `hzdsl run` takes it per case.

It was taken at --date (default today) for every row: a row of 2023-06-30 got the LPR of --date
2023-01-01 (3.65%) where run gave 3.55% — a silently wrong 贴息 (breaker's finding, session 17).
Expected values are worked out by hand from params/杭州市参数.yaml and clause 四; the differential
part compares every benefit of every row with the scalar engine fed the same row as a case file.
"""
from __future__ import annotations

import csv
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from hzdsl.cases.load import cases_from_text
from hzdsl.cli import main
from hzdsl.engine import evaluator_for
from hzdsl.runtime.evaluate import Env
from hzdsl.units import parse_unit

from .test_screen_diff import require_spark

pytest.importorskip("duckdb")

PARAMS = Path(__file__).resolve().parent.parent / "params" / "杭州市参数.yaml"
HEADER = ["编号", "评估日期", "贷款类别", "小微企业", "符合企业创业担保贷款条件", "入驻符合条件创业基地", "贷款合同利率", "贷款期限"]
# (编号, 评估日期, 入驻符合条件创业基地); every row: a small enterprise's guaranteed loan at 4% for 1 年
ROWS = [("D1", "2023-06-19", "是"), ("D2", "2023-06-20", "是"), ("D3", "2023-08-20", "是"),
        ("D4", "2023-08-21", "是"), ("D5", "", "是"), ("E1", "2023-06-19", "否"), ("E2", "2023-06-20", "否")]
DATE = "2023-01-01"  # --date: only D5 (no 评估日期) takes it

# By hand. LPR (params/杭州市参数.yaml): 3.65% from 2022-08-22 to 2023-06-19, 3.55% from 2023-06-20 to
# 2023-08-20, 3.45% from 2023-08-21. 贷款利率合规: 4% ≤ LPR + 0.50% — true for 3.65 and 3.55, false for 3.45.
# 创业基地小微企业贷款贴息 = 较小值(LPR, 4%) = LPR; 其他企业创业担保贷款贴息 = 4% 超出 (LPR − 1.50%) 的部分,
# at most LPR × 50%: 3.65 → min(1.85, 1.825) = 1.825; 3.55 → min(1.95, 1.775) = 1.775.
BASE, OTHER = "创业基地小微企业贷款贴息", "其他企业创业担保贷款贴息"
BY_HAND = {("D1", BASE): ("符合", "3.65"), ("D2", BASE): ("符合", "3.55"), ("D3", BASE): ("符合", "3.55"),
           ("D4", BASE): ("不符合", None), ("D5", BASE): ("符合", "3.65"),
           ("E1", OTHER): ("符合", "1.825"), ("E2", OTHER): ("符合", "1.775")}


def _files(tmp_path: Path) -> tuple[Path, Path]:
    pop = tmp_path / "pop.csv"
    with pop.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for rid, day, base in ROWS:
            w.writerow([rid, day, "企业", "是", "是", base, "4%", "1 年"])
    hist = tmp_path / "history.csv"
    hist.write_text("编号,待遇,日期\n", encoding="utf-8")  # history known: no past loans
    return pop, hist


def _screen(tmp_path: Path, *engine: str) -> dict[tuple[str, str], dict]:
    pop, hist = _files(tmp_path)
    out = tmp_path / "out.csv"
    assert main(["screen", str(pop), "--history", str(hist), "--params", str(PARAMS), "--date", DATE,
                 "--out", str(out), "--json", *engine]) == 0
    return {(r["编号"], r["待遇"]): r for r in csv.DictReader(out.open(encoding="utf-8"))}


def _run(program, rid: str, day: str, base: str):
    """The same row as a case file run with --params (what `hzdsl run 案例.yaml --params …` decides)."""
    text = (f"评估日期: {day or DATE}\n历史: []\n事实: {{贷款类别: 企业, 小微企业: 是, 符合企业创业担保贷款条件: 是, "
            f"入驻符合条件创业基地: {base}, 贷款合同利率: 4%, 贷款期限: 1 年}}\n")
    (case,) = cases_from_text(text, f"{rid}.yaml", program, param_files=[str(PARAMS)])
    return evaluator_for(program).decide_all(Env(case.date, case.facts, case.params, case.history))


def _check(program, got: dict) -> None:
    for (rid, name), (status, amount) in BY_HAND.items():
        r = got[rid, name]
        assert r["结论"] == status, (rid, name, r)
        if amount is not None:
            assert r["单位"] == "%" and Decimal(r["金额"]) == Decimal(amount), (rid, name, r)
    for rid, day, base in ROWS:  # every benefit of every row: screen == run
        for d in _run(program, rid, day, base):
            r = got[rid, d.rule.name]
            assert r["结论"] == d.status, (rid, d.rule.name, r, d.status)
            if d.status == "符合" and hasattr(d.amount, "in_unit") and r["金额"]:
                assert Fraction(Decimal(r["金额"])) == d.amount.in_unit(parse_unit(r["单位"])), (rid, d.rule.name, r)


def test_each_row_takes_the_lpr_of_its_own_date(program, tmp_path):
    _check(program, _screen(tmp_path))


@pytest.mark.spark
def test_each_row_takes_the_lpr_of_its_own_date_on_spark(program, tmp_path):
    require_spark()
    _check(program, _screen(tmp_path, "--engine", "spark"))


def test_a_row_on_whose_date_no_value_is_in_force_is_e711(tmp_path, capsys):
    """As run refuses a case dated before the first published LPR (E711), screen refuses the row, naming
    its line and date; without --date the rows' own dates are used (it was refused for today)."""
    pop, hist = _files(tmp_path)
    text = pop.read_text(encoding="utf-8").replace("D3,2023-08-20", "D3,2019-01-01")
    pop.write_text(text, encoding="utf-8")
    assert main(["screen", str(pop), "--params", str(PARAMS), "--date", DATE]) == 2
    err = capsys.readouterr().err
    assert "E711" in err and "「LPR」" in err and "第 4 行" in err and "2019-01-01" in err and "pop.csv:4:4" in err
    assert "Traceback" not in err
    pop.write_text(text.replace("D3,2019-01-01", "D3,2023-08-20").replace("D5,,", "D5,2023-06-30,"), encoding="utf-8")
    assert main(["screen", str(pop), "--params", str(PARAMS), "--json"]) == 0
