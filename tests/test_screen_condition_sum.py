"""A sum that only a condition compares is summed exactly by screen, as `hzdsl run` does (issue 11 left open at
stop 18: "a sum overflowing inside a condition gives E918 where run would answer").

Screening holds values in DECIMAL(18, 8) (|x| < 10^10); the sum of two 10-digit counts does not fit. A payout that does
not fit stays E918 (tests/test_screen_sum_overflow.py) — but a condition only compares: screen now sums a ± chain that
is an operand of a comparison in DECIMAL(30, 8) (backends/sql/expressions.py `_operand`).

The rule (c06's condition, with a payout that always fits): 创业导师 且 线上 + 线下 + 线上 在 1 次 以上 → 1000 元/次 × 1 次.
By hand, with 9 999 999 999 次 (the largest count a cell takes):
  W1 导师, 9 999 999 999 + 9 999 999 999 + 9 999 999 999 = 29 999 999 997 次 ≥ 1 次 → 符合 1000 元 (was E918)
  W2 导师, 0 + 0 + 0 = 0 次 < 1 次 → 不符合
  W3 not a 导师 → 不符合
  W4 导师, 线下 unknown → 待定 (needs 导师线下服务次数)
"""
from __future__ import annotations

from decimal import Decimal

import pytest

from .conftest import inline_program
from .test_screen_sum_overflow import COUNT, _both, engine  # noqa: F401  (engine: the DuckDB / Spark fixture)

pytest.importorskip("duckdb")

POLICY = """条款 六 「强化创业导师服务」。
事实 「创业导师」：个人 布尔。
事实 「导师线上服务次数」：个人 计数(次)。
事实 「导师线下服务次数」：个人 计数(次)。

待遇 「导师服务测试补贴」(补贴)
    依据「导师参加由人力社保部门组织的就业创业宣讲咨询、赛事评审、职业指导等服务，可按线上 300 元/次、线下 1000 元/次申领补贴」
    读法 1 次 “测试用数：至少 1 次”
    若 「创业导师」 且 「导师线上服务次数」 + 「导师线下服务次数」 + 「导师线上服务次数」 在 1 次 以上
    则 1000 元/次 × 1 次。
"""
POP = ("编号,评估日期,历史已知,创业导师,导师线上服务次数,导师线下服务次数\n"
       f"W1,2023-12-30,是,是,{COUNT},{COUNT}\nW2,2023-12-30,是,是,0,0\nW3,2023-12-30,是,否,{COUNT},{COUNT}\n"
       f"W4,2023-12-30,是,是,{COUNT},\n")


def test_a_sum_only_a_condition_compares_is_exact(tmp_path, engine):  # noqa: F811
    program = inline_program(tmp_path, POLICY)
    got, run = _both(program, tmp_path, POP, "编号,待遇,日期\n", "导师服务测试补贴", engine)
    assert run == {"W1": ("符合", Decimal(1000)), "W2": ("不符合", None), "W3": ("不符合", None),
                   "W4": ("待定", Decimal(1000))}
    assert got == run
