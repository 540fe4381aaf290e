"""History rules (IR limits) over a bounded history, following the evaluator's `check_limit`.

The history is `Universe.slots`: up to H past claims, each with its benefit, year, claimant, 金额
and the facts that identify it. A proof about a benefit with limits holds for every history of at
most H claims (H is one more than the largest count bound, so every count limit can be reached).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import z3

from ...ir import nodes as ir
from ...limitspec import Aggregate
from ...runtime.limits import domain_of
from .expr import ExprEncoder
from .values import SV, real


@dataclass(frozen=True)
class SymLimit:
    limit: ir.Limit
    ok: SV  # three-valued: does the claim being decided respect the limit
    remaining: Any = None  # amount limits: bound − granted (meaningful where ok is known-true)


def slots_needed(limits) -> int:
    counts = [lim.bound for lim in limits if lim.spec.aggregate is Aggregate.COUNT]
    return (max(counts) + 1) if counts else (1 if limits else 0)


def encode_limit(enc: ExprEncoder, lim: ir.Limit) -> SymLimit:
    """The limit as a three-valued test: known exactly where every value of the unknown inputs (the
    claim's facts, the fields and 金额 of past claims, the history itself) gives the same answer —
    the rules of runtime.limits, written as formulas over the bounded history."""
    u, p = enc.u, enc.p
    F = u.F
    u.history_used = True
    current = {key: u.input(p, key) for key in lim.history_fields}
    known_history = u.history_known
    counted_ids = [u.sid("待遇:" + k) for k in sorted(lim.counted)]

    def counted(s):  # no history given: no past claim is read (the engine's history is None)
        return z3.And(known_history, s.present, z3.Or([s.benefit == i for i in counted_ids], u.ctx))

    # the window (limitspec.Window): every past claim, or those of the evaluation year
    hits = [z3.And(counted(s), s.year == u.year) if lim.per_year else counted(s) for s in u.slots]
    aggregate = lim.spec.aggregate
    if aggregate is Aggregate.COUNT:
        count = z3.Sum([z3.If(h, 1, 0) for h in hits]) if hits else z3.IntVal(0, u.ctx)
        ok = count + 1 <= lim.bound
        return SymLimit(lim, SV(z3.Or(known_history, z3.Not(ok)), ok, "bool"))
    if aggregate is Aggregate.FIELD_SUM:
        return SymLimit(lim, _sum(u, p, lim, current[lim.field], hits))
    if aggregate is Aggregate.AMOUNT:
        holes = z3.Or([z3.And(h, z3.Not(s.amount_known)) for h, s in zip(hits, u.slots)] or [F])
        granted = z3.Sum([z3.If(z3.And(h, s.amount_known), s.amount, 0) for h, s in zip(hits, u.slots)]) \
            if hits else z3.RealVal(0, u.ctx)
        remaining = real(lim.bound.value, u.ctx) - granted
        fails = remaining <= 0  # the known grants reach the bound: missing ones (never negative) cannot help
        return SymLimit(lim, SV(z3.Or(fails, z3.And(known_history, z3.Not(holes))), z3.Not(fails), "bool"),
                        remaining)
    # Aggregate.NO_REPEAT: a counted past claim (by that claimant) equal on every field fails; one that could be
    # equal (no field known to differ) leaves it open
    claimant = u.sid("申领人:" + lim.claimant) if lim.claimant else None
    repeats, possible = [], []
    for h, s in zip(hits, u.slots):
        base = [h] if claimant is None else [h, s.claimant == claimant]
        equal, may = [], []
        for var in current.values():
            k, v = u.slot_field(s, var)
            same = _same(v, var.value, u.T)
            equal.append(z3.And(var.known, k, same))
            may.append(z3.Or(z3.Not(var.known), z3.Not(k), same))
        repeats.append(z3.And(base + equal))
        possible.append(z3.And(base + may))
    any_repeat = z3.Or(repeats) if repeats else F
    any_possible = z3.Or(possible) if possible else F
    # runtime.limits._covered: the records together hold every value of the claim's unknown finite fields
    any_repeat = z3.Or(any_repeat, _covered(enc, lim, current, hits, claimant))
    return SymLimit(lim, SV(z3.And(known_history, z3.Or(any_repeat, z3.Not(any_possible))), z3.Not(any_repeat),
                            "bool"))


def _covered(enc: ExprEncoder, lim: ir.Limit, current: dict, hits, claimant):
    """For some set S of the claim's fields with finite values (枚举 取值, 布尔): exactly S is unknown, and for
    every combination of values of S a counted record (by that claimant) with every field known equals
    the claim on the other fields and holds that combination."""
    from itertools import combinations, product

    u = enc.u
    F = u.F
    finite = {key: domain_of(enc.p.facts[key].type).choices for key in current}
    finite = {k: sorted(c, key=str) for k, c in finite.items() if c is not None}
    cases = []
    for size in range(1, len(finite) + 1):
        for open_keys in combinations(sorted(finite), size):
            pattern = [z3.Not(current[k].known) if k in open_keys else current[k].known for k in current]
            every = []
            for combo in product(*[finite[k] for k in open_keys]):
                want = dict(zip(open_keys, combo))
                some = []
                for h, s in zip(hits, u.slots):
                    conds = [h] if claimant is None else [h, s.claimant == claimant]
                    for key, var in current.items():
                        k, v = u.slot_field(s, var)
                        conds.append(k)
                        conds.append(_same(v, _lit(enc, want[key]), u.T) if key in want else _same(v, var.value, u.T))
                    some.append(z3.And(conds))
                every.append(z3.Or(some) if some else F)
            cases.append(z3.And(pattern + every))
    return z3.Or(cases) if cases else F


def _lit(enc: ExprEncoder, v):
    if isinstance(v, bool):
        return z3.BoolVal(v, enc.u.ctx)
    return enc.lit(v)


def _sum(u, p, lim: ir.SumLimit, var, hits) -> SV:
    """累计「字段」不超过 B: fails when the smallest possible total is above B, holds when the largest
    (history given) is within it (runtime.limits._sum_limit)."""
    dom = domain_of(p.facts[lim.field].type)
    bound = real(lim.bound.value, u.ctx)
    holes = z3.If(var.known, 0, 1)
    total = z3.If(var.known, var.value, 0)
    for h, s in zip(hits, u.slots):
        k, v = u.slot_field(s, var)
        holes = holes + z3.If(z3.And(h, z3.Not(k)), 1, 0)
        total = total + z3.If(z3.And(h, k), v, 0)
    none = holes == 0
    fails = (total + holes * real(dom.low, u.ctx) > bound) if dom.low is not None else z3.And(none, total > bound)
    holds = (total + holes * real(dom.high, u.ctx) <= bound) if dom.high is not None else z3.And(none, total <= bound)
    return SV(z3.Or(fails, z3.And(u.history_known, holds)), z3.Not(fails), "bool")


def _same(a, b, true):
    """a = b; two sets member by member (`true`: the universe's True, for a set with no members)."""
    if isinstance(a, dict):
        return z3.And([a[c] == b[c] for c in a]) if a else true
    return a == b
