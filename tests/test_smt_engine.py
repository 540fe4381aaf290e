"""The SMT encoding agrees with the scalar engine (the reference) on every benefit of the policies.

For each benefit and each outcome (符合, 不符合, 待定, 冲突) the solver can reach, the model it gives
is turned into a case and decided by the engine, which must answer that outcome and, for 符合 /
冲突, the same amount. This covers the whole language as the policies use it: sets, enumerations,
dates and draft dates, lookups, 超出…的部分, caps and floors, exceptions, limits over the history.
A planted bug in the encoding (e.g. 满 read as >) makes this test fail.
"""
from __future__ import annotations

import pytest

pytest.importorskip("z3")

import z3  # noqa: E402

from hzdsl.backends.smt.benefit import STATUS_TEXT, BenefitEncoder  # noqa: E402
from hzdsl.backends.smt.compare import restrict_history  # noqa: E402
from hzdsl.backends.smt.limits import slots_needed  # noqa: E402
from hzdsl.backends.smt.solve import check  # noqa: E402
from hzdsl.backends.smt.values import Universe  # noqa: E402
from hzdsl.backends.smt.witness import agrees, claimed, env_from_model, run_env  # noqa: E402
from hzdsl.ir import ir_of  # noqa: E402


def reachable_outcomes(program, key, timeout_s=10.0):
    prog = ir_of(program)
    u = Universe(slots_needed(prog.benefits[key].limits))
    d = BenefitEncoder(prog, u).decide(key)
    restrict_history(u, [prog])
    for status in STATUS_TEXT:
        r = check(u, d.status == status, timeout_s)
        if r.answer == "sat":
            yield STATUS_TEXT[status], r.model, u, d


def test_every_reachable_outcome_of_every_benefit_matches_the_engine(program):
    checked, problems = 0, []
    for key in ir_of(program).benefits:
        for status, m, u, d in reachable_outcomes(program, key):
            ran = run_env(program, env_from_model(m, u), key)
            claim = claimed(m, d.status, d.amount)
            checked += 1
            if not agrees(ran.decision, claim):
                got = (ran.decision.status, ran.decision.amount) if ran.decision else ran.error
                problems.append((key, claim, got))
    assert not problems, problems
    assert checked >= 2 * len(ir_of(program).benefits)  # at least 符合 and 不符合 (or 待定) for each


def test_the_encoding_at_every_case_of_the_corpus_gives_the_engines_answer(program):
    """Every hand-worked case file (thresholds exactly met, one unit off, rounding to 分, histories …)
    pinned into the encoding: the solver's status and amount equal the engine's, benefit by benefit."""
    from hzdsl.cases.load import load_cases
    from hzdsl.backends.smt.witness import pin
    from hzdsl.engine import evaluator_for
    from hzdsl.runtime.evaluate import Env

    from .conftest import CASES

    prog = ir_of(program)
    ev = evaluator_for(program)
    encoded = {}
    for key in prog.benefits:
        u = Universe(max(slots_needed(prog.benefits[key].limits), 4))
        d = BenefitEncoder(prog, u).decide(key)
        restrict_history(u, [prog])
        encoded[key] = (u, d)
    compared, problems = 0, []
    for path in sorted(CASES.rglob("*.yaml")):
        for case in load_cases(path, program):
            env = Env(case.date, case.facts, case.params, case.history)
            for b in ev.benefits:
                key = b.decl.name.key
                if key not in {x.benefit for x in case.expected}:
                    continue  # the benefits the case was worked out for
                u, d = encoded[key]
                pins = pin(u, env)
                if pins is None:
                    continue
                r = check(u, z3.And(pins), 10.0)
                assert r.answer == "sat", (path.name, key, r.answer)
                decision = ev.decide(b, env)
                compared += 1
                if not agrees(decision, claimed(r.model, d.status, d.amount)):
                    problems.append((path.name, case.name, key, decision.status, decision.amount,
                                     claimed(r.model, d.status, d.amount)))
    assert not problems, problems[:5]
    assert compared > 300


def test_negative_amounts_and_contradictory_bounds_are_encoded_as_the_engine_decides(tmp_path):
    """读法 (docs/语言参考.md §11): a negative amount is 待定, a known floor above a known cap 冲突. The
    solver reaches both, and on every hand case of tests/test_screen_diff.py (3 months, 5000 元 paid:
    −212 元 → 待定; cap 2000 元 under floor 2500 元 → 冲突) it answers what the engine answers."""
    import datetime as dt

    from hzdsl.backends.smt.witness import pin
    from hzdsl.runtime.evaluate import Env
    from hzdsl.units import Q, parse_unit

    from .conftest import inline_program
    from .test_screen_diff import BOUNDS_POLICY

    program = inline_program(tmp_path, BOUNDS_POLICY)
    prog = ir_of(program)
    seen = set()
    for key in prog.benefits:
        for status, m, u, d in reachable_outcomes(program, key):
            ran = run_env(program, env_from_model(m, u), key)
            assert agrees(ran.decision, claimed(m, d.status, d.amount)), (key, status, ran.decision)
            seen.add((key, status))
    assert ("见习学员生活补贴", "待定") in seen and ("见习补贴封顶", "冲突") in seen
    wage = {"最低月工资标准": Q.of(2280, parse_unit("元/月"))}
    for key in prog.benefits:
        u = Universe(0)
        d = BenefitEncoder(prog, u).decide(key)
        for months in (0, 3, 6):
            for paid in (None, 2000, 5000):
                for done in (None, True):
                    facts = {"见习时长": Q.of(months, parse_unit("个月"))}
                    if paid is not None:
                        facts["已发放生活补助"] = Q.of(paid, parse_unit("元"))
                    if done is not None:
                        facts["见习期满"] = done
                    env = Env(dt.date(2023, 6, 30), facts, dict(wage), None)
                    r = check(u, z3.And(pin(u, env)), 10.0)
                    assert r.answer == "sat"
                    ran = run_env(program, env, key)
                    assert agrees(ran.decision, claimed(r.model, d.status, d.amount)), (key, facts, ran.decision)


def test_witness_texts_are_the_policys_words_or_plainly_made_up(program):
    """A text fact (证书编号, 职业) is an id over the interned strings, which also hold benefit keys
    (待遇:…), claimants and enumeration members; a witness never shows those as the applicant's text
    (the breaker saw 证书编号 = 待遇:创业培训补贴, 职业 = 一级): it shows 文本N, one per id, in the case
    text and in the runtime values alike."""
    from hzdsl.backends.smt.witness import case_from_model, env_from_model

    prog = ir_of(program)
    key = "职业培训补贴"
    u = Universe(slots_needed(prog.benefits[key].limits))
    BenefitEncoder(prog, u).decide(key)
    restrict_history(u, [prog])
    number, job = u.input(prog, "证书编号"), u.input(prog, "职业")
    grade = u.input(prog, "证书等级")
    internal = u.sid("待遇:" + key)
    r = check(u, z3.And(number.known, number.value == internal, job.known, job.value == u.sid("一级"),
                        grade.known, grade.value == u.sid("一级")), 10.0)
    assert r.answer == "sat"
    facts = case_from_model(r.model, u, program)["事实"]
    env = env_from_model(r.model, u)
    assert facts["证书编号"] == f"文本{internal}" == env.facts["证书编号"]
    assert facts["职业"] == f"文本{u.sid('一级')}" == env.facts["职业"]
    assert facts["证书等级"] == "一级" == env.facts["证书等级"]  # an enumeration member is itself
