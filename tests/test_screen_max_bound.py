"""A cap decides an unknown 较大值(…) payout from the largest lower bound there is — on DuckDB as in the engine.

runtime/bounds.py: the lower bound of 较大值(A, B) is the largest of the bounds that are known (a product
of two facts has none while either is unknown; a money fact has 0 at least, its value once known).
expressions.ExprCompiler._low_inner wrote that as GREATEST over the bounds, relying on GREATEST skipping
NULLs (DuckDB and Spark both do) — but sqlglot wraps every exp.Greatest for DuckDB in
CASE WHEN … IS NULL THEN NULL unless it is told `ignore_nulls`, so on DuckDB one unknown bound made
the whole bound unknown: the cap no longer decided, and DuckDB said 金额待定 where `hzdsl run` and
Spark say 3000 元.

Worked by hand (the bundled policies write no 较大值, so a small policy here): 补贴 = 较大值(营业收入 ×
分成比例, 保底金额)，最高不超过 3000 元. 分成比例 unknown, 保底金额 5000 元: the larger value is at least
5000 元 ≥ 3000 元, so the amount is 3000 元. 保底金额 2000 元: at least 2000 元, maybe below the cap:
the amount is unknown. Both known (10000 元 × 0.1 = 1000 元 against 2000 元): 2000 元.
"""
from __future__ import annotations

from fractions import Fraction

import pytest

from hzdsl.cases.load import cases_from_text
from hzdsl.frontend import check_sources
from hzdsl.runtime.units import Q, parse_unit

from .conftest import POLICIES

POLICY = """条款 三 「加大创业资金扶持力度」。

事实 「营业收入」：个人 金额(元)。
事实 「分成比例」：个人 数。
事实 「保底金额」：个人 金额(元)。

待遇 「补贴」(补贴)
    依据「可按规定申领 3000 元的一次性创业补贴」
    则 较大值(「营业收入」 × 「分成比例」, 「保底金额」)，最高不超过 3000 元。
"""

CASES = """评估日期: 2023-06-30
历史: []
案例:
  - 名称: 保底已达封顶
    事实: {营业收入: 10000 元, 保底金额: 5000 元}
  - 名称: 保底未达封顶
    事实: {营业收入: 10000 元, 保底金额: 2000 元}
  - 名称: 都已知
    事实: {营业收入: 10000 元, 分成比例: 0.1, 保底金额: 2000 元}
"""
YUAN = parse_unit("元").dim


@pytest.fixture(scope="module")
def small():
    result = check_sources({"max.policy": POLICY}, (POLICIES / "official.txt").read_text(encoding="utf-8"))
    assert not result.errors, [d.to_json() for d in result.errors]
    return result.program


def _cases(program):
    return cases_from_text(CASES, "max.yaml", program)


def test_the_engine_takes_the_largest_known_bound(small):
    from hzdsl.runtime.evaluate import Env, evaluator_for

    ev = evaluator_for(small)
    (b,) = ev.benefits
    got = {c.name: ev.decide(b, Env(c.date, c.facts, c.params, c.history)).amount for c in _cases(small)}
    assert got == {"保底已达封顶": Q(Fraction(3000), YUAN), "保底未达封顶": None, "都已知": Q(Fraction(2000), YUAN)}


def test_duckdb_decides_as_the_engine(small):
    pytest.importorskip("duckdb")
    from hzdsl.backends.sql import compile_program

    from .test_screen_diff import mismatches

    q = compile_program(small, track_missing=True)
    assert not mismatches(small, q, _cases(small))


@pytest.mark.spark
def test_spark_decides_as_the_engine(small):
    from hzdsl.backends.sql import compile_program
    from hzdsl.backends.sql.engines import run_spark

    from .test_screen_diff import mismatches, require_spark

    require_spark()
    q = compile_program(small, track_missing=True)
    assert not mismatches(small, q, _cases(small), run=run_spark)
