"""A largest change of amount that a fact's declared 上限 decides says so (brief s22-prove2 follow-up, item 1).

Before, "最大减少：3000000 元" read as a figure of the policy, when it is only the 上限 a drafter gave a count (here
10000 人): the reviewer must see that the bound is the 上限's, and that without it the change would be larger.

c05 by hand: 「创业陪跑空间外场地租金补贴」 = 较小值(面积, 100 平方米) × 标准 × 天数, 标准 1 元/平方米·天 in year 1, and
「本期租金补贴天数」 declares 上限 366 天. Raising the year-1 standard to 2 元/平方米·天 raises the amount by
较小值(面积, 100) × 1 元/平方米·天 × 天数: at most 100 × 1 × 366 = 36600 元, at 100 平方米 or more and 366 天 — the
上限 366 天 decides it (367 天 would give 36700 元). Nobody loses (放宽).
"""
from __future__ import annotations

import json
from fractions import Fraction

import pytest

pytest.importorskip("z3")

from hzdsl.backends.smt.compare import AmountBound, UpperCause, compare_benefit  # noqa: E402
from hzdsl.review.proofs import _bound_text  # noqa: E402
from hzdsl.units import parse_unit  # noqa: E402

from .conftest import edited_policies  # noqa: E402

RENT = "创业陪跑空间外场地租金补贴"
DAYS = "本期租金补贴天数"
STANDARD = "指 按 「场地租金补贴年度」：1 为 1 元/平方米·天；"


def raised_standard(tmp_path, extra=()) -> tuple:
    return edited_policies(tmp_path, "c05.policy", ((STANDARD, STANDARD.replace("1 为 1 元", "1 为 2 元")), *extra))


def test_a_maximum_the_declared_upper_bound_decides_names_it(tmp_path):
    # fails on the unfixed compare.py / proofs.py: "最大增加：36600 元", nothing said about 366 天
    old, new = raised_standard(tmp_path)
    v = compare_benefit(old, new, RENT, timeout_s=20)
    assert v.verdict == "放宽", (v.verdict, v.note)
    up, down = v.amounts
    assert (down.value, down.exact) == (None, True)
    assert up.exact and up.value == 36600, up
    assert up.uppers == (UpperCause(DAYS, "366 天", True),), up.uppers
    assert _bound_text(up, parse_unit("元")) == f"最大增加：36600 元（由「{DAYS}」的声明上限 366 天决定）"
    shown = v.to_json()["金额变化"][0]
    assert shown["最大值"] == "36600"
    assert shown["声明上限"] == [{"名称": DAYS, "上限": "366 天", "决定最大值": True}]
    json.dumps(v.to_json(), ensure_ascii=False)  # still plain JSON
    assert v.to_json()["金额变化"][1]["声明上限"] is None


def test_a_fact_at_its_upper_bound_that_does_not_decide_the_maximum_is_not_named(tmp_path):
    # 读法 of the edit: every applicant who qualifies gets 500 元 more, whatever the days — the increase is exactly
    # 500 元. A witness may well show 366 天 (the witness search finds 366 天 a plausible value: the verdict's witness
    # above did), but lifting the 上限 gives no larger increase: nothing is said about it.
    pay = "则 较小值(「场地租赁面积」, 100 平方米) × 「创业陪跑空间外场地租金补贴标准」 × 「本期租金补贴天数」，"
    cond = "    若 「创业陪跑空间外场地租金补贴对象」\n"
    old, new = edited_policies(tmp_path, "c05.policy", (
        (pay, pay[:-1] + " + 500 元，"), (cond, "    读法 500 元 “测试：每人多 500 元”\n" + cond)))
    v = compare_benefit(old, new, RENT, timeout_s=20)
    up = v.amounts[0]
    assert up.exact and up.value == 500, up
    assert up.uppers == ()
    assert _bound_text(up, parse_unit("元")) == "最大增加：500 元"


def test_an_upper_bound_not_proven_to_decide_is_said_as_seen():
    # out of time for the proof that lifting the 上限 gives more: only what the witness shows, never "决定"
    b = AmountBound("增加", Fraction(36600), uppers=(UpperCause(DAYS, "366 天", None),))
    assert _bound_text(b, parse_unit("元")) == (
        f"最大增加：36600 元（达到它的申请人取「{DAYS}」的声明上限 366 天；未能在时限内判定最大值是否由此上限决定）")
    two = AmountBound("减少", Fraction(10), uppers=(UpperCause("甲", "1 人", True), UpperCause("乙", "2 天", True)))
    assert _bound_text(two, parse_unit("元")) == "最大减少：10 元（由「甲」的声明上限 1 人、「乙」的声明上限 2 天决定）"


def test_a_huge_upper_bound_of_a_head_count_is_named(tmp_path):
    # the brief's case: c16's 高技能人才培养资助 cap lowered 1000 → 700 元/人, with 培养高技能人才人数 declared 上限
    # 10000 人 in both versions. By hand the decrease is 300 元/人 × 人数 at a standard ≥ 1000 元/人: at most
    # 300 × 10000 = 3000000 元, at the 上限 (without it: unbounded, tests/test_prove_unbounded.py).
    fact = "事实 「培养高技能人才人数」：单位 计数(人)。"
    upper = (fact, fact[:-1] + " 上限 10000 人。")
    cap = ("最高不超过 「培养高技能人才人数」 × 1000 元/人。", "最高不超过 「培养高技能人才人数」 × 700 元/人。")
    reading = ("读法 1 人 “至少培养 1 人才有资助”", "读法 1 人 “至少培养 1 人才有资助”\n    读法 700 元/人 “测试：上限调低”")
    _, old = edited_policies(tmp_path / "old", "c16.policy", (upper,))
    _, new = edited_policies(tmp_path / "new", "c16.policy", (upper, cap, reading))
    v = compare_benefit(old, new, "高技能人才培养资助", timeout_s=30)
    assert v.verdict == "收紧", (v.verdict, v.note)
    down = v.amounts[1]
    assert down.exact and down.value == 3000000, down
    assert _bound_text(down, parse_unit("元")) == "最大减少：3000000 元（由「培养高技能人才人数」的声明上限 10000 人决定）"


def test_one_upper_bound_written_two_ways_is_one_cause():
    # two versions may declare the same 上限 in other words (10 万元 / 100000 元): one value, so not diverging — the
    # first version's text is shown (the old code unpacked one text from the set of both: ValueError, a traceback).
    # A universe by hand: the change is the fact's value itself, so its 上限 decides the largest change.
    import z3

    from hzdsl.backends.smt.compare import declared_uppers
    from hzdsl.backends.smt.values import InputVar, Universe, real

    u = Universe()
    known, value = z3.Bool("已知", u.ctx), z3.Real("金额", u.ctx)
    var = InputVar("金额", "某金额", False, "num", (("元", 1),), parse_unit("元"), known, value,
                   uppers={1: (Fraction(100000), "10 万元"), 2: (Fraction(100000), "100000 元")})
    var.upper_constraint = value <= real(100000, u.ctx)
    u.constraints.append(var.upper_constraint)
    u.inputs[("金额", False)] = var
    s = z3.Solver(ctx=u.ctx)
    s.add(*u.constraints, known, value == 100000)
    assert s.check() == z3.sat
    causes = declared_uppers(u, known, value, Fraction(100000), s.model(), 5, Fraction(1, 100))
    assert causes == (UpperCause("某金额", "10 万元", True),)
    assert u.constraints[-1].eq(var.upper_constraint)  # put back after the query


def test_an_added_benefit_whose_largest_payment_is_the_upper_bound_says_so(tmp_path):
    # a benefit only the new version has (single_benefit): 1 元/天 × 「本期租金补贴天数」 to whoever 创办经营实体 — by hand at
    # most 1 × 366 = 366 元, at the 上限 366 天
    from hzdsl.backends.smt.compare import single_benefit

    anchor = "# ── 第三方运营经费补贴"
    added = ("待遇 「测试天数补贴」(补贴)\n"
             "    依据「补贴标准第 1年 1元/平方米·天」\n"
             "    读法 1 元/天 “测试：每天 1 元”\n"
             "    若 「创办经营实体」\n"
             "    则 「本期租金补贴天数」 × 1 元/天。\n\n")
    _, new = edited_policies(tmp_path, "c05.policy", ((anchor, added + anchor),))
    v = single_benefit(new, "测试天数补贴", True, timeout_s=20)
    assert v.verdict == "新增", (v.verdict, v.note)
    (paid,) = v.amounts
    assert paid.exact and paid.value == 366, paid
    assert _bound_text(paid, parse_unit("元")) == f"最大给付：366 元（由「{DAYS}」的声明上限 366 天决定）"
