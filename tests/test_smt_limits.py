"""The z3 encoding of each 限制 decides exactly as the engine does over unknown inputs (issue 9 point 1).

For every limit of the policies and each of its outcomes — 成立, 不成立, 待定 — the solver is asked
for an applicant whose history has a counted past claim lacking what the limit reads (a field of
同一… / 累计「字段」, or 金额), and, separately, for one with no history at all. The engine's
`check_limit` on the case the model describes must give the same outcome. A limit that the encoding
decides over unknowns where the engine waits (or the reverse) fails here; the planted mutants in
the report were caught by this test and by tests/test_smt_engine.py.
"""
from __future__ import annotations

import pytest

pytest.importorskip("z3")

import z3  # noqa: E402

from hzdsl.backends.smt.benefit import BenefitEncoder  # noqa: E402
from hzdsl.backends.smt.compare import restrict_history  # noqa: E402
from hzdsl.backends.smt.limits import slots_needed  # noqa: E402
from hzdsl.backends.smt.solve import check  # noqa: E402
from hzdsl.backends.smt.values import Universe  # noqa: E402
from hzdsl.backends.smt.witness import env_from_model  # noqa: E402
from hzdsl.engine import evaluator_for  # noqa: E402
from hzdsl.ir import ir_of  # noqa: E402
from hzdsl.runtime.limits import check_limit  # noqa: E402

AMOUNT_KINDS = {"per_year_amount", "total_amount"}


def _hole(u, p, lim):
    """Some counted past claim lacks what the limit reads from the history."""
    ids = [u.sid("待遇:" + k) for k in sorted(lim.counted)]
    out = []
    for s in u.slots:
        counted = z3.And(u.history_known, s.present, z3.Or([s.benefit == i for i in ids]))
        if str(lim.kind) in AMOUNT_KINDS:
            out.append(z3.And(counted, z3.Not(s.amount_known)))
        for key in lim.history_fields:
            k, _ = u.slot_field(s, u.input(p, key))
            out.append(z3.And(counted, z3.Not(k)))
    return z3.Or(out) if out else u.F


def _outcome(ok) -> str:
    return "待定" if not isinstance(ok, bool) else ("成立" if ok else "不成立")


def test_every_limit_decides_over_unknowns_as_the_engine_does(program):
    prog = ir_of(program)
    ev = evaluator_for(program)
    seen, problems = set(), []
    for key, b in prog.benefits.items():
        if not b.limits:
            continue
        u = Universe(max(slots_needed(b.limits), 3))
        d = BenefitEncoder(prog, u).decide(key)
        restrict_history(u, [prog])
        for lim, sym in zip(b.limits, d.limits):
            ok = sym.ok
            goals = {"成立": z3.And(ok.known, ok.value), "不成立": z3.And(ok.known, z3.Not(ok.value)),
                     "待定": z3.Not(ok.known)}
            for where, given in (("缺字段", _hole(u, prog, lim)), ("无历史", z3.Not(u.history_known))):
                for want, goal in goals.items():
                    r = check(u, z3.And(given, goal), 10.0)
                    if r.answer not in {"sat", "unsat"}:  # a loaded machine: give it longer once
                        r = check(u, z3.And(given, goal), 60.0)
                    if r.answer != "sat":
                        continue
                    env = env_from_model(r.model, u)
                    got = _outcome(check_limit(lim, env, ev.domains).ok)
                    seen.add((str(lim.kind), where, want))
                    if got != want:
                        problems.append((key, lim.id, where, want, got))
    assert not problems, problems[:5]
    # not vacuous: every kind of limit is decided both ways, and left open, over a record with a gap
    for kind in ("no_repeat", "per_year_amount"):  # (a per-year limit holds over a gap of another year)
        assert {(kind, "缺字段", "成立"), (kind, "缺字段", "不成立"), (kind, "缺字段", "待定")} <= seen, kind
    # 累计「贷款期限」 and 累计金额: a period or a grant has no upper bound, so a missing one never lets
    # the limit hold; it can still fail on the known part
    for kind in ("total_sum", "total_amount"):
        assert {(kind, "缺字段", "不成立"), (kind, "缺字段", "待定")} <= seen, kind
        assert (kind, "缺字段", "成立") not in seen, kind
    assert {("per_year_count", "无历史", "待定"), ("total_sum", "无历史", "不成立")} <= seen


def test_no_past_claim_is_dated_after_the_evaluation_year(program):
    """读法 of E720/E721 in the encoding: a past claim is on or before the evaluation date. Slots
    carry a year (witnesses date them 1 月 15 日, the evaluation 6 月 30 日), so no slot may be later."""
    prog = ir_of(program)
    key = "职业培训补贴"
    u = Universe(slots_needed(prog.benefits[key].limits))
    BenefitEncoder(prog, u).decide(key)
    later = z3.Or([z3.And(s.present, s.year > u.year) for s in u.slots])
    assert check(u, later, 10.0).answer == "unsat"
    assert check(u, z3.Or([z3.And(s.present, s.year == u.year) for s in u.slots]), 10.0).answer == "sat"
