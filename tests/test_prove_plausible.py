"""Witnesses a reviewer can believe (brief s22 item 3): no 0-year loan, 0 people, 365.25 天 or 1800.0149 元
where the goal allows a plausible value (backends/smt/plausible.py, the population generator's rules as
soft preferences), and never at the cost of soundness: a value the goal needs stays, every witness is
still run through the interpreter.

Also the lowered cap of brief s22 item 1 (c04, 最高不超过 300 万元 → 200 万元): 收紧 with a verified witness
showing the old amount and the new, capped one. By hand: the loan is (吸纳重点人群 + 吸纳登记失业半年以内)
× 20 万元/人 capped at 300 (old) or 200 (new) 万元; a firm with 11 or more people gets less under the new
version (old 220–300 万元, new 200 万元), nobody gets more; the largest decrease is 300 − 200 = 100 万元,
from 15 people on. The 累计「贷款期限」不超过 3 年 limit needs the loan term: a plausible one is 1–3 whole years.
"""
from __future__ import annotations

import datetime as dt
import re
import shutil
from fractions import Fraction
from pathlib import Path

import pytest

pytest.importorskip("z3")

import z3  # noqa: E402

from hzdsl.backends.smt.compare import compare_benefit  # noqa: E402
from hzdsl.backends.smt.solve import minimal_model  # noqa: E402
from hzdsl.backends.smt.values import Universe, real  # noqa: E402
from hzdsl.ir import ir_of  # noqa: E402
from hzdsl.loader import load_policies  # noqa: E402

from .conftest import POLICIES  # noqa: E402


def _value(m, var):
    v = m.eval(var.value, model_completion=True)
    return Fraction(v.numerator_as_long(), v.denominator_as_long()) if z3.is_rational_value(v) else v.as_long()


def _solve(program, goal_of, prefer_year: bool = True):
    """A minimal model of `goal_of(universe, var…)` over the repository's facts."""
    u = Universe()
    prog = ir_of(program)
    goal, vars_ = goal_of(u, prog)
    mm = minimal_model(u, goal, 10, [u.year == 2023] if prefer_year else [])
    assert mm.model is not None
    return mm.model, vars_


def test_a_count_is_one_to_five_people_not_zero(program):
    def goal(u, prog):
        n = u.input(prog, "技能实训人数")
        return n.known, [n]
    m, (n,) = _solve(program, goal)
    assert 1 <= _value(m, n) <= 5


def test_a_count_the_goal_needs_above_five_stays_whole_and_a_needed_zero_stays(program):
    def eleven(u, prog):
        n = u.input(prog, "技能实训人数")
        return z3.And(n.known, n.value >= 11), [n]
    m, (n,) = _solve(program, eleven)
    assert _value(m, n) >= 11
    def zero(u, prog):
        n = u.input(prog, "技能实训人数")
        return z3.And(n.known, n.value == 0), [n]
    m, (n,) = _solve(program, zero)
    assert _value(m, n) == 0  # a preference only: the goal is kept


def test_a_duration_is_a_whole_positive_number_of_its_unit(program):
    def goal(u, prog):
        t = u.input(prog, "贷款期限")  # 时长(年): 12 months a year in base units
        return t.known, [t]
    m, (t,) = _solve(program, goal)
    years = Fraction(_value(m, t)) / t.unit.scale
    assert years.denominator == 1 and years >= 1, years


def test_a_date_is_not_after_the_evaluation_date(program):
    """By hand: 创业日期 on or after 2030-01-01, or exactly 2018-05-05 — the solver's first model took
    2030-01-01 (after the witness's 评估日期 2023-06-30); the plausible one is 2018-05-05."""
    day = lambda *a: dt.date(*a).toordinal()  # noqa: E731

    def goal(u, prog):
        d = u.input(prog, "创业日期")
        return z3.And(d.known, z3.Or(d.value >= day(2030, 1, 1), d.value == day(2018, 5, 5))), [d]
    m, (d,) = _solve(program, goal)
    assert m.eval(z3.Int("评估年度", m.ctx)).as_long() == 2023
    assert dt.date.fromordinal(_value(m, d)) == dt.date(2018, 5, 5)


def test_the_evaluation_day_is_june_30_of_the_year():
    from hzdsl.backends.smt.plausible import evaluation_day

    u = Universe()
    for y in (2000, 2003, 2004, 2023, 2024, 2096, 2099, 2100):
        s = z3.Solver(ctx=u.ctx)
        s.add(u.year == y)
        assert s.check() == z3.sat
        assert s.model().eval(evaluation_day(u)).as_long() == dt.date(y, 6, 30).toordinal(), y


def test_money_the_goal_leaves_open_is_whole_yuan(program):
    def goal(u, prog):
        x = u.input(prog, "创业培训项目补贴标准")
        return z3.And(x.known, x.value > real(1800, u.ctx), x.value < real(Fraction(3603, 2), u.ctx)), [x]
    m, (x,) = _solve(program, goal)
    assert _value(m, x) == 1801  # the one whole number of 元 in (1800, 1801.5)


# ── the lowered cap of c04 (brief item 1), through compare_benefit and the CLI ──────────────────────────

CAP = "待遇 「企业吸纳就业创业担保贷款」(贷款)"
KEY = "企业吸纳就业创业担保贷款"


@pytest.fixture(scope="module")
def lowered(tmp_path_factory):
    """The repository's policies and a copy where c04's 最高不超过 300 万元 reads 200 万元 (a 读法 binds the
    number: the quote is the official text's and stays)."""
    new = tmp_path_factory.mktemp("cap") / "new"
    shutil.copytree(POLICIES, new)
    path = new / "c04.policy"
    text = path.read_text(encoding="utf-8")
    head, rest = text.split(CAP, 1)
    quote_end = rest.index("\n    若")
    body = rest[:quote_end] + "\n    读法 200 万元 “测试：封顶额调低”" + rest[quote_end:]
    assert body.count("最高不超过 300 万元。") == 1
    path.write_text(head + CAP + body.replace("最高不超过 300 万元。", "最高不超过 200 万元。", 1), encoding="utf-8")
    old = load_policies(sorted(POLICIES.glob("*.policy")))
    newp = load_policies(sorted(Path(new).glob("*.policy")))
    assert not newp.errors, [str(d) for d in newp.errors]
    return old.program, newp.program, str(new)


def test_a_lowered_cap_is_tighter_with_the_old_and_the_capped_amount(lowered):
    from hzdsl.cases.witness import run_case
    from hzdsl.review.impact import outcome_text

    old, new, _ = lowered
    v = compare_benefit(old, new, KEY, timeout_s=20)
    assert v.verdict == "收紧", (v.verdict, v.note)
    (w,) = v.witnesses
    assert w.verified, w.note
    old_text, new_text = (outcome_text(d) for d in w.decisions)  # the reviewer's wording (proofs._read_back)
    assert new_text == "符合 最高 200 万元"
    amount = Fraction(re.fullmatch(r"符合 最高 ([0-9.]+) 万元", old_text).group(1))
    assert 200 < amount <= 300
    facts = w.case["事实"]
    people = sum(int(facts.get(k, "0 人").split()[0]) for k in ("吸纳重点人群就业人数", "吸纳登记失业半年以内人员就业人数"))
    assert people >= 11 and amount == min(people * 20, 300)
    term = facts["贷款期限"]
    assert term in {"1 年", "2 年", "3 年"}, term  # was 0 年
    # the case text alone gives the same outcomes
    assert [outcome_text(run_case(p, w.case, KEY).decision) for p in (old, new)] == [old_text, new_text]
    up, down = v.amounts
    assert up.value is None and down.value == Fraction(1_000_000) and down.exact
    assert down.witness is not None and down.witness.verified
    assert tuple(outcome_text(d) for d in down.witness.decisions) == ("符合 最高 300 万元", "符合 最高 200 万元")
