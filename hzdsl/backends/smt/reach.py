"""Histories the policy itself could have produced — what lint's W659 ("a limit can never bind") reasons over.

A past claim in a case's history was granted under the same policy, so (读法) it respected the
limits of the benefit it was for: a benefit C whose own count limits (`累计 / 每人每年 不超过 N 次`,
counting C) allow at most N claims has at most N past claims (in a year, for a per-year limit), and
a claim of C was paid at most the largest amount C can give (its constant cap, or its constant
payout and floors). These are necessary conditions on every reachable history, so a proof that a
limit cannot bind under them holds for every history the policy can produce. When a counted
benefit has no count bound (or, for an amount limit, no amount bound), histories are unbounded and
nothing is claimed (`bound_history` returns None).
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import z3

from ...ir import nodes as ir
from ...ir.program import IRProgram
from ...kinds import ModifierKind
from ...limitspec import Aggregate
from ...units import Q, round_money
from .values import MONEY_DIM, Universe, real

BOUNDED = (Aggregate.COUNT, Aggregate.AMOUNT)  # the aggregates whose history this reasoning bounds


@dataclass(frozen=True)
class Reach:
    """The most a counted benefit can appear in a reachable history, and the most it paid a claim."""

    counts: dict[str, int]  # counted benefit → most past claims (in the period of the limit)
    amounts: dict[str, Fraction]  # counted benefit → most one claim paid (元), amount limits only

    @property
    def slots(self) -> int:
        return sum(self.counts.values())

    def reason(self, names: dict[str, str]) -> str:
        """In words, for the finding: 「甲」至多 1 次（每次至多 3000 元）……"""
        parts = []
        for k, n in self.counts.items():
            paid = f"，每次至多 {_yuan(self.amounts[k])}" if k in self.amounts else ""
            parts.append(f"「{names.get(k, k)}」至多 {n} 次{paid}")
        return "、".join(parts)


def _yuan(v: Fraction) -> str:
    from ...units import format_q

    return format_q(Q(v, MONEY_DIM))


def count_bound(prog: IRProgram, key: str, per_year: bool) -> int | None:
    """The fewest claims of benefit `key` its own count limits allow: any count limit applying to it
    whose counted set includes it (per-year ones only bound a per-year period)."""
    bounds = [lim.bound for lim in prog.benefits[key].limits
              if key in lim.counted and lim.spec.aggregate is Aggregate.COUNT and (not lim.per_year or per_year)]
    return min(bounds) if bounds else None


def _constant(prog: IRProgram, e) -> Q | None:
    seen: set[str] = set()
    while isinstance(e, ir.Ref) and e.kind == ir.RefKind.TERM and e.key not in seen:
        seen.add(e.key)
        e = prog.terms[e.key].body
    return e.value if isinstance(e, ir.Quantity) else None


def _outcome_bound(prog: IRProgram, o: ir.Outcome) -> Fraction | None:
    """The most one outcome pays in 元: a constant cap (an amount never exceeds it: a floor above it is a
    contradiction, no amount), else a constant payout raised to constant floors; None otherwise."""
    if o.payout is None:
        return Fraction(0)
    caps = [_constant(prog, m.value) for m in o.modifiers if m.kind == ModifierKind.CAP]
    known = [c for c in caps if c is not None and c.dim == MONEY_DIM]
    if known:
        return round_money(min(known, key=lambda c: c.value)).value
    raw = _constant(prog, o.payout)
    floors = [_constant(prog, m.value) for m in o.modifiers if m.kind == ModifierKind.FLOOR]
    if raw is None or raw.dim != MONEY_DIM or any(f is None or f.dim != MONEY_DIM for f in floors):
        return None
    return round_money(max([raw] + floors, key=lambda c: c.value)).value


def amount_bound(prog: IRProgram, key: str) -> Fraction | None:
    """The most benefit `key` pays one claim (元), over its payout and every exception's."""
    b = prog.benefits[key]
    bounds = [_outcome_bound(prog, b.outcome)] + [_outcome_bound(prog, x.outcome) for x in b.exceptions]
    return None if any(x is None for x in bounds) else max(bounds)


def bound_history(prog: IRProgram, lim: ir.Limit) -> Reach | None:
    """How far the history a limit counts can reach, or None when it is unbounded (or the limit is of a
    kind this reasoning does not cover: 累计「字段」, 不可重复享受)."""
    if lim.spec.aggregate not in BOUNDED:
        return None
    per_year = lim.per_year
    counts, amounts = {}, {}
    for key in sorted(lim.counted):
        if key not in prog.benefits:
            return None
        n = count_bound(prog, key, per_year)
        if n is None:
            return None
        counts[key] = n
        if lim.spec.aggregate is Aggregate.AMOUNT:
            a = amount_bound(prog, key)
            if a is None:
                return None
            amounts[key] = a
    return Reach(counts, amounts)


def constrain(u: Universe, lim: ir.Limit, reach: Reach) -> list:
    """The history constraints of `reach` over the universe's slots (for the period of `lim`)."""
    per_year = lim.per_year
    out = []
    for key, n in reach.counts.items():
        bid = u.sid("待遇:" + key)
        mine = [z3.And(s.present, s.benefit == bid, *([s.year == u.year] if per_year else [])) for s in u.slots]
        if mine:
            out.append(z3.Sum([z3.If(m, 1, 0) for m in mine]) <= n)
        if key in reach.amounts:
            out += [z3.Implies(z3.And(s.present, s.benefit == bid), s.amount <= real(reach.amounts[key], u.ctx))
                    for s in u.slots]
    return out
