"""Sums beyond DECIMAL(18, 8), and products a known cap decides — screen agrees with `hzdsl run` (breaker, s18).

Before: overflow was caught for products only (E918). A sum (A + B of two facts, a history's 金额 or
「贷款期限」 summed over past claims) beyond 10^10 ended the whole screen in exit 3 (DuckDB ConversionException),
and E918 refused a row that `hzdsl run` simply caps: 企业吸纳就业创业担保贷款 = (吸纳重点人群就业人数 +
吸纳登记失业半年以内人员就业人数) × 20 万元/人, 最高不超过 300 万元 — any product ≥ 10^10 元 is above 300 万元.

Every expectation is worked by hand from the policy text (c04, c06, c18) and checked against the scalar
engine too (the population read as a case file, tests/test_screen_missing.rows_as_cases), on DuckDB and Spark.
c04, c06, c18 (c13's 职工学徒 is also counted by 第十五条's 3 次 a year: eleven claims fail that first).
Values stay within what the population file accepts (at most 999 999 999 in a money or duration cell).
"""
from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from hzdsl.backends.sql.pipeline import screen
from hzdsl.cases.load import cases_from_text
from hzdsl.engine import evaluator_for
from hzdsl.errors import HzdslError
from hzdsl.runtime.evaluate import Env
from hzdsl.runtime.units import Q, parse_unit

from .test_screen_missing import rows_as_cases

pytest.importorskip("duckdb")

DATE = dt.date(2023, 12, 30)
BIG = 999_999_999  # a large money / duration cell the files accept (10-digit 元 cells are refused today)
COUNT = 9_999_999_999  # the largest whole count (人, 次) a cell takes: 10 integer digits


@pytest.fixture(params=["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def engine(request):
    if request.param == "spark":
        from .test_screen_diff import require_spark
        require_spark()
    return request.param


def _files(tmp_path: Path, pop: str, history: str) -> tuple[Path, Path]:
    p, h = tmp_path / "p.csv", tmp_path / "h.csv"
    p.write_text(pop, encoding="utf-8")
    h.write_text(history, encoding="utf-8")
    return p, h


def _base(amount: str, unit: str) -> Decimal | None:
    """An amount as screen writes it (in its unit) → base units (元, 个月); None: no amount."""
    if not amount:
        return None
    return Decimal(amount) * Decimal(str(parse_unit(unit).scale))


def _screened(program, p: Path, h: Path, benefit: str, engine: str, tmp_path: Path) -> dict[str, tuple[str, str]]:
    out = tmp_path / f"{engine}.csv"
    screen(program, str(p), str(h), {}, DATE, engine, out=str(out), benefits=[benefit])
    with open(out, encoding="utf-8") as f:
        return {r["编号"]: (r["结论"], _base(r["金额"], r["单位"])) for r in csv.DictReader(f)}


def _run(program, p: Path, h: Path, benefit: str) -> dict[str, tuple[str, str]]:
    """The scalar engine's (结论, 金额 in base units) per row: the population read as a case file."""
    ev = evaluator_for(program)
    got = {}
    for case in cases_from_text(rows_as_cases(program, p, h), "population.yaml", program):
        for d in ev.decide_all(Env(case.date, case.facts, case.params, case.history)):
            if d.rule.name == benefit:
                q = d.amount.value if isinstance(d.amount, Q) and d.status != "不符合" else None
                got[case.name] = (str(d.status), None if q is None else Decimal(q.numerator) / Decimal(q.denominator))
    return got


def _both(program, tmp_path, pop, history, benefit, engine):
    p, h = _files(tmp_path, pop, history)
    return _screened(program, p, h, benefit, engine, tmp_path), _run(program, p, h, benefit)


LOAN = "企业吸纳就业创业担保贷款"
LOAN_HEAD = "编号,评估日期,历史已知,贷款类别,吸纳重点人群就业人数,吸纳登记失业半年以内人员就业人数,小微企业,符合企业创业担保贷款条件,贷款期限\n"


def test_a_capped_product_beyond_the_precision_pays_the_cap(program, tmp_path, engine):
    # by hand: K1 (50 000 + 0) × 20 万元 = 100 亿元 → 最高不超过 300 万元 → 300 万元 (was E918);
    # K2 (9 999 999 999 + 9 999 999 999) people: the SUM overflows too (was exit 3) → 300 万元;
    # K3 (3 + 2) × 20 万元 = 100 万元, below the cap; K4 is no 小微企业: 不符合 whatever the product
    pop = LOAN_HEAD + (f"K1,2023-12-30,是,企业,50000,0,是,是,12 个月\n"
                       f"K2,2023-12-30,是,企业,{COUNT},{COUNT},是,是,12 个月\n"
                       "K3,2023-12-30,是,企业,3,2,是,是,12 个月\n"
                       f"K4,2023-12-30,是,企业,{COUNT},{COUNT},否,是,12 个月\n")
    got, run = _both(program, tmp_path, pop, "编号,待遇,日期\n", LOAN, engine)
    want = {"K1": ("符合", Decimal(3_000_000)), "K2": ("符合", Decimal(3_000_000)), "K3": ("符合", Decimal(1_000_000)), "K4": ("不符合", None)}
    assert got == want
    assert run == want


HOUSEKEEPING = "员工制家政服务企业社保补贴"


def test_a_history_duration_sum_beyond_the_precision_is_over_the_bound(program, tmp_path, engine):
    # c10: 累计「本次补贴月数」不超过 3 年 (no count limit binds it); amount 社会保险三费 × 50%
    # (c09: 1000 + 500 + 100 = 1600 元 → 800 元). H1: eleven past claims of 999 999 999 个月 (10 999 999 989 个月
    # ≥ 10^10: was exit 3) + this 6 个月 are over 36 个月 → 不符合. H2: 24 + 6 = 30 ≤ 36 个月 → 符合 800 元.
    pop = ("编号,评估日期,历史已知,独立核算企业或民办非企业,与家政服务员签订劳动合同期限,派遣家政服务员提供家政服务,"
           "本次补贴月数,单位实际缴纳基本养老保险费,单位实际缴纳基本医疗保险费,单位实际缴纳失业保险费\n"
           "H1,2023-12-30,是,是,12 个月,是,6 个月,1000 元,500 元,100 元\n"
           "H2,2023-12-30,是,是,12 个月,是,6 个月,1000 元,500 元,100 元\n")
    history = "编号,待遇,日期,本次补贴月数\n" + "".join(
        f"H1,{HOUSEKEEPING},2022-{m:02d}-01,{BIG} 个月\n" for m in range(1, 12)) + f"H2,{HOUSEKEEPING},2022-01-01,24 个月\n"
    got, run = _both(program, tmp_path, pop, history, HOUSEKEEPING, engine)
    want = {"H1": ("不符合", None), "H2": ("符合", Decimal(800))}
    assert got == want
    assert run == want


SERVICE = "就业创业服务补贴"


def test_a_history_amount_sum_beyond_the_precision_exhausts_the_quota(program, tmp_path, engine):
    # c18: 人数 × 500 元/人, 最高不超过 10 万元; 累计 金额 不超过 10 万元 (no count limit binds it).
    # J1: eleven past grants of 999 999 999 元 (10 999 999 989 元 ≥ 10^10: was exit 3) → the quota is spent → 不符合.
    # J2: 98 000 元 granted before: 10 × 500 = 5000 元, capped by the 2000 元 left → 符合 2000 元.
    pop = ("编号,评估日期,历史已知,民办人力资源服务机构,帮助灵活就业人员稳定就业人数\n"
           "J1,2023-12-30,是,是,10\nJ2,2023-12-30,是,是,10\n")
    history = "编号,待遇,日期,金额\n" + "".join(
        f"J1,{SERVICE},2022-{m:02d}-01,{BIG} 元\n" for m in range(1, 12)) + f"J2,{SERVICE},2022-01-05,98000 元\n"
    got, run = _both(program, tmp_path, pop, history, SERVICE, engine)
    want = {"J1": ("不符合", None), "J2": ("符合", Decimal(2000))}
    assert got == want
    assert run == want


MENTOR = "创业导师服务补贴"


def test_an_uncapped_sum_beyond_the_precision_is_e918_not_a_crash(program, tmp_path, engine):
    # c06: 线上 × 300 元/次 + 线下 × 1000 元/次, no cap: 999 999 999 次 each is 1 299 999 998 700 元 — run pays it
    # exactly; screen cannot hold it: E918 naming the row (was exit 3). An ineligible row (不是创业导师) with
    # the same counts is no error.
    pop = ("编号,评估日期,历史已知,创业导师,导师线上服务次数,导师线下服务次数\n"
           f"M1,2023-12-30,是,否,{COUNT},{COUNT}\nM2,2023-12-30,是,是,2,1\n")
    got, run = _both(program, tmp_path, pop, "编号,待遇,日期\n", MENTOR, engine)
    # M2 by hand: 2 × 300 + 1 × 1000 = 1600 元
    assert got == run == {"M1": ("不符合", None), "M2": ("符合", Decimal(1600))}
    p, h = _files(tmp_path, pop + f"M3,2023-12-30,是,是,{BIG},{BIG}\n", "编号,待遇,日期\n")
    with pytest.raises(HzdslError) as e:
        _screened(program, p, h, MENTOR, engine, tmp_path)
    assert [d.code for d in e.value.diagnostics] == ["E918"] and "「M3」" in e.value.diagnostics[0].message
