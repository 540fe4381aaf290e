"""同一职业（项目）同一等级不可重复享受: past records are judged together (issue 9, left open last session).

Clause 十五. 职业 电工 given, 证书等级 not: if the history holds 电工 at every level c13 declares (五级、四级、三级、
二级、一级、专项), whichever level this certificate is, it repeats one — 不符合, whatever is missing. One level
short, or one record without 职业, and it could be new: 待定 (tests/cases/c15/09, worked by hand). The engine,
DuckDB and z3 (with room for six past claims) decide these the same way.
"""
from __future__ import annotations

import pytest

from hzdsl.cases.load import load_cases
from hzdsl.runtime.evaluate import Env, evaluator_for

from .conftest import CASES

FILE = CASES / "c15" / "09_各等级合起来已覆盖.yaml"
KEY = "职业培训补贴"


def _cases(program):
    return load_cases(FILE, program)


def test_the_engine_reads_the_records_together(program):
    ev = evaluator_for(program)
    (b,) = [b for b in ev.benefits if b.decl.name.key == KEY]
    got = [ev.decide(b, Env(c.date, c.facts, c.params, c.history)) for c in _cases(program)]
    assert [d.status for d in got] == ["不符合", "待定", "待定"]
    (lim,) = [r for r in got[0].limits if r.limit.name.text == "同一职业同一等级不可重复享受"]
    assert lim.ok is False and "全部 6 种取值" in lim.detail


def test_duckdb_reads_them_together(program):
    pytest.importorskip("duckdb")
    from hzdsl.backends.sql import compile_program

    from .test_screen_diff import mismatches

    q = compile_program(program, track_missing=True)
    assert not mismatches(program, q, _cases(program))


def test_z3_reads_them_together(program):
    pytest.importorskip("z3")
    import z3

    from hzdsl.backends.smt.benefit import BenefitEncoder
    from hzdsl.backends.smt.compare import restrict_history
    from hzdsl.backends.smt.solve import check
    from hzdsl.backends.smt.values import Universe
    from hzdsl.backends.smt.witness import agrees, claimed, pin
    from hzdsl.ir import ir_of

    prog = ir_of(program)
    u = Universe(7)
    d = BenefitEncoder(prog, u).decide(KEY)
    restrict_history(u, [prog])
    ev = evaluator_for(program)
    (b,) = [b for b in ev.benefits if b.decl.name.key == KEY]
    for case in _cases(program):
        env = Env(case.date, case.facts, case.params, case.history)
        r = check(u, z3.And(pin(u, env)), 20.0)
        assert r.answer == "sat"
        assert agrees(ev.decide(b, env), claimed(r.model, d.status, d.amount)), case.name
