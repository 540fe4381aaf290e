"""History rules (限制) over a bounded history, following `hzdsl.runtime.evaluate.check_limit`.

The history is `Universe.slots`: up to H past claims, each with its benefit, year, claimant, 金额
and the facts that identify it. A proof about a benefit with limits holds for every history of at
most H claims (H is one more than the largest count bound, so every count limit can be reached).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import z3

from ...runtime.units import Q, parse_unit
from ...syntax import nodes as n
from .expr import ExprEncoder
from .values import SV, real

T, F = z3.BoolVal(True), z3.BoolVal(False)


@dataclass(frozen=True)
class SymLimit:
    limit: n.LimitDecl
    ok: SV  # three-valued: does the claim being decided respect the limit
    remaining: Any = None  # amount limits: bound − granted (meaningful where ok is known-true)


def slots_needed(limits: list[n.LimitDecl]) -> int:
    counts = [int(Q.of(lim.bound.number, parse_unit(lim.bound.unit)).value)
              for lim in limits if lim.kind in {"per_year_count", "total_count"}]
    return (max(counts) + 1) if counts else (1 if limits else 0)


def encode_limit(enc: ExprEncoder, lim: n.LimitDecl) -> SymLimit:
    u, p = enc.u, enc.p
    u.history_used = True
    fields = [lim.field] if lim.kind == "total_sum" else list(lim.keys)
    current = {}
    for f in fields:
        enc.used_inputs.add(f.key)
        current[f.key] = u.input(p, f.key)
    gate = z3.And([v.known for v in current.values()] + [u.history_known])  # nothing missing
    counted_ids = [u.sid("待遇:" + k) for k in sorted(lim.counted_keys)]

    def counted(s):
        return z3.And(s.present, z3.Or([s.benefit == i for i in counted_ids]))

    if lim.kind in {"per_year_count", "total_count"}:
        bound = int(Q.of(lim.bound.number, parse_unit(lim.bound.unit)).value)
        hits = [z3.And(counted(s), s.year == u.year) if lim.kind == "per_year_count" else counted(s) for s in u.slots]
        count = z3.Sum([z3.If(h, 1, 0) for h in hits]) if hits else z3.IntVal(0)
        return SymLimit(lim, SV(gate, count + 1 <= bound, "bool"))
    if lim.kind == "total_sum":
        var = current[lim.field.key]
        total = var.value
        all_have = []
        for s in u.slots:
            k, v = u.slot_field(s, var)
            all_have.append(z3.Implies(counted(s), k))
            total = total + z3.If(counted(s), v, 0)
        bound = real(Q.of(lim.bound.number, parse_unit(lim.bound.unit)).value)
        return SymLimit(lim, SV(z3.And(gate, *all_have), total <= bound, "bool"))
    if lim.kind in {"per_year_amount", "total_amount"}:
        hits = [z3.And(counted(s), s.year == u.year) if lim.kind == "per_year_amount" else counted(s) for s in u.slots]
        have = z3.And([z3.Implies(h, s.amount_known) for h, s in zip(hits, u.slots)])
        granted = z3.Sum([z3.If(h, s.amount, 0) for h, s in zip(hits, u.slots)]) if hits else z3.RealVal(0)
        remaining = real(Q.of(lim.bound.number, parse_unit(lim.bound.unit)).value) - granted
        return SymLimit(lim, SV(z3.And(gate, have), remaining > 0, "bool"), remaining)
    # no_repeat: a counted past claim (by that claimant) with every key equal to this claim's
    claimant = u.sid("申领人:" + lim.claimant) if lim.claimant else None
    repeats = []
    for s in u.slots:
        same = [counted(s)]
        if claimant is not None:
            same.append(s.claimant == claimant)
        for key, var in current.items():
            k, v = u.slot_field(s, var)
            same.append(k)
            same.append(_same(v, var.value))
        repeats.append(z3.And(same))
    return SymLimit(lim, SV(gate, z3.Not(z3.Or(repeats)) if repeats else T, "bool"))


def _same(a, b):
    if isinstance(a, dict):
        return z3.And([a[c] == b[c] for c in a]) if a else T
    return a == b
