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
from .expr import ExprEncoder
from .values import SV, real

T, F = z3.BoolVal(True), z3.BoolVal(False)
COUNTS = (ir.PerYearCount, ir.TotalCount)
AMOUNTS = (ir.PerYearAmount, ir.TotalAmount)


@dataclass(frozen=True)
class SymLimit:
    limit: ir.Limit
    ok: SV  # three-valued: does the claim being decided respect the limit
    remaining: Any = None  # amount limits: bound − granted (meaningful where ok is known-true)


def slots_needed(limits) -> int:
    counts = [lim.bound for lim in limits if isinstance(lim, COUNTS)]
    return (max(counts) + 1) if counts else (1 if limits else 0)


def encode_limit(enc: ExprEncoder, lim: ir.Limit) -> SymLimit:
    u, p = enc.u, enc.p
    u.history_used = True
    current = {key: u.input(p, key) for key in lim.history_fields}
    gate = z3.And([v.known for v in current.values()] + [u.history_known])  # nothing missing
    counted_ids = [u.sid("待遇:" + k) for k in sorted(lim.counted)]

    def counted(s):
        return z3.And(s.present, z3.Or([s.benefit == i for i in counted_ids]))

    per_year = isinstance(lim, (ir.PerYearCount, ir.PerYearAmount))
    hits = [z3.And(counted(s), s.year == u.year) if per_year else counted(s) for s in u.slots]
    if isinstance(lim, COUNTS):
        count = z3.Sum([z3.If(h, 1, 0) for h in hits]) if hits else z3.IntVal(0)
        return SymLimit(lim, SV(gate, count + 1 <= lim.bound, "bool"))
    if isinstance(lim, ir.TotalSum):
        var = current[lim.field]
        total = var.value
        all_have = []
        for s in u.slots:
            k, v = u.slot_field(s, var)
            all_have.append(z3.Implies(counted(s), k))
            total = total + z3.If(counted(s), v, 0)
        return SymLimit(lim, SV(z3.And(gate, *all_have), total <= real(lim.bound.value), "bool"))
    if isinstance(lim, AMOUNTS):
        have = z3.And([z3.Implies(h, s.amount_known) for h, s in zip(hits, u.slots)])
        granted = z3.Sum([z3.If(h, s.amount, 0) for h, s in zip(hits, u.slots)]) if hits else z3.RealVal(0)
        remaining = real(lim.bound.value) - granted
        return SymLimit(lim, SV(z3.And(gate, have), remaining > 0, "bool"), remaining)
    # NoRepeat: a counted past claim (by that claimant) with every field equal to this claim's
    claimant = u.sid("申领人:" + lim.claimant) if lim.claimant else None
    repeats = []
    for s in u.slots:
        same = [counted(s)]
        if claimant is not None:
            same.append(s.claimant == claimant)
        for var in current.values():
            k, v = u.slot_field(s, var)
            same += [k, _same(v, var.value)]
        repeats.append(z3.And(same))
    return SymLimit(lim, SV(gate, z3.Not(z3.Or(repeats)) if repeats else T, "bool"))


def _same(a, b):
    if isinstance(a, dict):
        return z3.And([a[c] == b[c] for c in a]) if a else T
    return a == b
