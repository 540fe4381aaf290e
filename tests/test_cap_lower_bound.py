"""A cap decides an unknown payout once the known part already reaches it — in the engine, SQL and z3.

Clause 四: 「可申请最高 300 万元企业吸纳就业创业担保贷款，贷款额度按“企业吸纳重点人群和登记失业半年以内人员就业总数
×20 万元”计算」 (c04: (A + B) × 20 万元/人，最高不超过 300 万元). Counts are never negative (check.domains), so
with A = 20 known and B unknown the loan is at least 400 万元 and the capped amount is 300 万元 whatever B is;
with A = 14 it is at least 280 万元, which may stay below the cap: 待定. 读法: hzdsl/runtime/bounds.py.
Worked by hand: 15 × 20 万元 = 300 万元 (exactly the cap: decided), 14 × 20 万元 = 280 万元 (not).
"""
from __future__ import annotations

from fractions import Fraction

import pytest

from hzdsl.cases.load import cases_from_text
from hzdsl.runtime import semantics as sem
from hzdsl.runtime.evaluate import Env, evaluator_for
from hzdsl.runtime.values import Key, KeyKind
from hzdsl.units import Q, parse_unit

from .conftest import CASES

KEY = "企业吸纳就业创业担保贷款"
WAN = parse_unit("万元")
A, B = "吸纳重点人群就业人数", "吸纳登记失业半年以内人员就业人数"


def _cases(program):
    """A or B known (0 … 1000 persons) with the other unknown, both unknown, both known."""
    items = []
    for known, other in ((A, B), (B, A)):
        for count in (0, 1, 14, 15, 16, 20, 1000):
            items.append(f"  - 名称: {known} {count}\n    事实: {{{known}: {count} 人}}\n")
    items.append("  - 名称: 两项都未知\n    事实: {}\n")
    items.append(f"  - 名称: 两项已知\n    事实: {{{A}: 7 人, {B}: 8 人}}\n")
    text = ("评估日期: 2023-06-30\n历史: []\n事实: {小微企业: 是, 符合企业创业担保贷款条件: 是, 贷款类别: 企业, 贷款期限: 1 年}\n"
            "案例:\n" + "".join(items))
    return cases_from_text(text, "bounds.yaml", program) + cases_from_text(
        (CASES / "c04" / "38_人数已知部分已达封顶.yaml").read_text(encoding="utf-8"), "c04_38.yaml", program)


def _decide(program, case):
    ev = evaluator_for(program)
    (b,) = [b for b in ev.benefits if b.decl.name.key == KEY]
    return ev.decide(b, Env(case.date, case.facts, case.params, case.history))


@pytest.mark.parametrize("known,count,amount", [
    (A, 20, Q(Fraction(3_000_000), WAN.dim)),  # 20 × 20 万元 = 400 万元 ≥ 300 万元
    (A, 15, Q(Fraction(3_000_000), WAN.dim)),  # 15 × 20 万元 = 300 万元: exactly the cap
    (B, 16, Q(Fraction(3_000_000), WAN.dim)),  # 16 × 20 万元 = 320 万元
    (A, 14, None),  # 280 万元 + 20 万元 × B: below the cap when B = 0
    (B, 0, None),
])
def test_the_engine_caps_once_the_known_part_reaches_the_cap(program, known, count, amount):
    case = next(c for c in _cases(program) if c.name == f"{known} {count}")
    d = _decide(program, case)
    assert d.status == "符合"
    assert d.amount == amount
    if amount is None:
        assert set(d.amount_unknown.missing) == {Key(KeyKind.FACT, B if known == A else A)}
    else:
        assert d.amount_unknown is None and d.cap_applied is not None


def test_an_unknown_cap_before_a_known_one_decides_nothing():
    """min(raw ≥ 400, ?, 300) is not 300 when the unknown cap may be lower: still unknown."""
    from hzdsl.runtime.values import Unknown

    u = Unknown(frozenset({Key(KeyKind.FACT, "甲")}))
    cap = Q(Fraction(300), ())
    amount, _ = sem.payout(u, [("a", Unknown(frozenset({Key(KeyKind.FACT, "乙")}))), ("b", cap)], [], Fraction(400))
    assert isinstance(amount, Unknown)
    amount, tag = sem.payout(u, [("b", cap)], [], Fraction(400))
    assert amount == cap and tag == "b"
    amount, _ = sem.payout(u, [("b", cap)], [], Fraction(299))
    assert isinstance(amount, Unknown)


def test_duckdb_decides_as_the_engine(program):
    pytest.importorskip("duckdb")
    from hzdsl.backends.sql import compile_program

    from .test_screen_diff import mismatches

    q = compile_program(program, track_missing=True)  # mismatches() compares every benefit
    assert not mismatches(program, q, _cases(program))


@pytest.mark.spark
def test_spark_decides_as_the_engine(program):
    from .test_screen_diff import mismatches, require_spark

    require_spark()
    from hzdsl.backends.sql import compile_program
    from hzdsl.backends.sql.engines import run_spark

    q = compile_program(program, track_missing=True)  # mismatches() compares every benefit
    assert not mismatches(program, q, _cases(program), run=run_spark)


def _encoded(program):
    pytest.importorskip("z3")
    from hzdsl.backends.smt.benefit import BenefitEncoder
    from hzdsl.backends.smt.compare import restrict_history
    from hzdsl.backends.smt.limits import slots_needed
    from hzdsl.backends.smt.values import Universe
    from hzdsl.ir import ir_of

    prog = ir_of(program)
    u = Universe(max(slots_needed(prog.benefits[KEY].limits), 4))
    d = BenefitEncoder(prog, u).decide(KEY)
    restrict_history(u, [prog])
    return u, d


def test_z3_decides_as_the_engine(program):
    import z3

    from hzdsl.backends.smt.solve import check
    from hzdsl.backends.smt.witness import agrees, claimed, pin

    u, d = _encoded(program)
    for case in _cases(program):
        r = check(u, z3.And(pin(u, Env(case.date, case.facts, case.params, case.history))), 10.0)
        assert r.answer == "sat"
        decision = _decide(program, case)
        assert agrees(decision, claimed(r.model, d.status, d.amount)), (case.name, decision.amount)


def test_z3_proves_no_applicant_with_15_known_is_left_pending_on_the_amount(program):
    """Over every applicant (not only the cases above): A known ≥ 15 ⇒ the amount is known (300 万元)."""
    import z3

    from hzdsl.backends.smt.solve import check

    u, d = _encoded(program)
    a = next(v for v in u.inputs.values() if v.key == A and not v.is_param)
    goal = z3.And(a.known, a.value >= 15, d.status == 3, z3.Not(d.amount.known))
    assert check(u, goal, 20.0).answer == "unsat"
    # and with 14 such an applicant exists (B unknown): the bound is not a blanket "known"
    goal = z3.And(a.known, a.value == 14, d.status == 3, z3.Not(d.amount.known))
    assert check(u, goal, 20.0).answer == "sat"
