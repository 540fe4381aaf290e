"""One benefit's decision as formulas, following `Evaluator.decide` / `_amount` / `_payout`.

status: 0 不符合, 1 待定, 2 冲突, 3 符合. eligible = 条件 且 非 each exclusion 且 each limit (Kleene);
known-false → 不符合, unknown → 待定. The amount: the first exception that holds replaces the
payout; two holding exceptions with different payouts make it 冲突; an exception still unknown
leaves the amount unknown. Caps (较小) then floors (较大), then money is rounded to 分 四舍五入
(ROUND_HALF_UP, away from zero); an amount limit that holds caps the result at its remaining quota.
A known floor above a known cap of one payout is a contradiction (`runtime.semantics.payout`): no
amount, and the decision is 冲突. A final amount below 0 is never a grant: the decision is 待定
(policy undecided: it has no 最低), as `Evaluator.decide` reads it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import z3

from ...ir import nodes as ir
from ...ir.program import IRProgram
from ...kinds import ModifierKind
from ...units import Dim
from .expr import ExprEncoder, and3, is_false, is_true, not3
from .limits import SymLimit, encode_limit
from .values import MONEY_DIM, SV, Universe

NOT_ELIGIBLE, PENDING, CONFLICT, ELIGIBLE = 0, 1, 2, 3
# only in a comparison (compare.encode_pair): the version's case loader refuses the applicant's values —
# a value above the 上限 that version declares for a fact (E732), which the other version accepts
REFUSED = 4
STATUS_TEXT = {NOT_ELIGIBLE: "不符合", PENDING: "待定", CONFLICT: "冲突", ELIGIBLE: "符合", REFUSED: "录入错误"}


@dataclass
class SymAmount:
    known: Any
    value: Any  # Real, base units
    dim: Any  # Int id of the dimension (interned)
    contra: Any = None  # a known floor above a known cap: no amount (the engine's Contradiction); None: false

    def __post_init__(self):
        if self.contra is None:
            self.contra = z3.BoolVal(False, self.known.ctx)


@dataclass
class SymDecision:
    """A benefit's decision for every applicant at once."""

    key: str
    decl: ir.Benefit
    condition: SV
    eligible: SV
    status: Any  # z3 Int
    amount: SymAmount
    limits: list[SymLimit] = field(default_factory=list)
    exceptions: list[tuple[ir.ExceptionRule, SV, SymAmount]] = field(default_factory=list)
    conflict: Any = None  # always given (a term of the universe's context)
    conflict_pairs: list = field(default_factory=list)  # (exception, exception, formula)
    negative: Any = None  # always given; the amount came out below 0 where eligibility is not false (then 待定)
    pre_quota: Any = None  # SymAmount: the amount before amount limits cap it at their remaining quota
    payouts: list = field(default_factory=list)  # (outcome, amount before quota) base first
    parts: list = field(default_factory=list)  # condition, each 非 exclusion, each limit: eligible = 且 of them
    dims: set = field(default_factory=set)  # the dimensions its amount can have

    @property
    def shape(self):
        """What outcome_key compares besides status and amount: 最高 and a non-monetary right."""
        return (self.decl.outcome.up_to, self.decl.outcome.entitlement)

    def qualifies(self):
        return z3.Or(self.status == ELIGIBLE, self.status == CONFLICT)


def round_money(x):
    """Decimal quantize to 0.01 with ROUND_HALF_UP: halves go away from zero."""
    half = z3.RealVal("1/2", x.ctx)
    up = z3.ToInt(x * 100 + half)
    down = -z3.ToInt(-x * 100 + half)
    return z3.ToReal(z3.If(x >= 0, up, down)) / 100


class BenefitEncoder:
    """`exact_rounding=False` leaves money unrounded: the linear relaxation compare.py uses to prove an
    amount change has no upper bound when z3's optimiser gives up on the integer rounding (each rounding
    moves an amount by at most half a 分, so an unbounded relaxed change is an unbounded real one)."""

    def __init__(self, program: IRProgram, universe: Universe, exact_rounding: bool = True):
        self.p = program
        self.u = universe
        self.e = ExprEncoder(program, universe)
        self.round = round_money if exact_rounding else (lambda x: x)

    def dim_id(self, dim: Dim) -> int:
        return self.u.sid("量纲:" + repr(dim))

    def payout(self, o: ir.Outcome) -> tuple[SymAmount, Dim | None]:
        ctx, F = self.u.ctx, self.u.F
        if o.payout is None:
            return SymAmount(F, z3.RealVal(0, ctx), z3.IntVal(0, ctx)), None
        v = self.e.expr(o.payout)
        known, value, dim = v.known, v.value, v.dim
        if z3.is_int(value):
            value = z3.ToReal(value)
        caps = []
        has_low, low = (self.e.low(o.payout) if any(m.kind == ModifierKind.CAP for m in o.modifiers)
                        else (F, z3.RealVal(0, ctx)))
        for m in o.modifiers:
            if m.kind != ModifierKind.CAP:
                continue
            c = self.e.expr(m.value)
            caps.append(c)
            has_low = z3.And(has_low, c.known)  # an unknown cap could be below any bound
            # runtime.semantics.payout's `low`: a known cap not above the payout's lower bound decides it
            decided = z3.And(z3.Not(known), has_low, c.known, c.value <= low)
            known, value = (z3.Or(z3.And(known, c.known), decided),
                            z3.If(decided, c.value, z3.If(c.value < value, c.value, value)))
        contra = []
        for m in o.modifiers:
            if m.kind != ModifierKind.FLOOR:
                continue
            c = self.e.expr(m.value)
            contra += [z3.And(c.known, k.known, k.value < c.value) for k in caps]
            known, value = z3.And(known, c.known), z3.If(c.value > value, c.value, value)
        if dim == MONEY_DIM:
            value = self.round(value)
        contra = z3.Or(contra) if contra else F
        return SymAmount(z3.And(known, z3.Not(contra)), value, z3.IntVal(self.dim_id(dim), ctx), contra), dim

    def decide(self, key: str) -> SymDecision:
        b = self.p.benefits[key]
        T, F = self.u.T, self.u.F
        cond = SV(T, T, "bool") if b.condition is None else self.e.expr(b.condition)
        parts = [cond] + [not3(self.e.expr(x)) for x in b.exclusions]
        limits = [encode_limit(self.e, lim) for lim in b.limits]
        parts += [lim.ok for lim in limits]
        eligible = and3(parts)
        base, dim = self.payout(b.outcome)
        dims = {dim}
        excs = []
        for x in b.exceptions:
            c = self.e.expr(x.condition)
            amt, d = self.payout(x.outcome)
            dims.add(d)
            excs.append((x, c, amt))
        # the first exception that holds gives the payout
        amount = SymAmount(base.known, base.value, base.dim, base.contra)  # a copy: `base` stays the base payout
        for x, c, amt in reversed(excs):
            hit = is_true(c)
            amount = SymAmount(z3.If(hit, amt.known, amount.known), z3.If(hit, amt.value, amount.value),
                               z3.If(hit, amt.dim, amount.dim), z3.If(hit, amt.contra, amount.contra))
        conflict, pairs = [], []
        for i in range(len(excs)):
            for j in range(i + 1, len(excs)):
                (_, ci, ai), (_, cj, aj) = excs[i], excs[j]
                # the engine's _key: a contradiction, an unknown amount, or (value, dimension)
                differ = z3.Or(ai.contra != aj.contra, z3.And(z3.Not(ai.contra), z3.Not(aj.contra), z3.Or(
                    ai.known != aj.known,
                    z3.And(ai.known, aj.known, z3.Or(ai.value != aj.value, ai.dim != aj.dim)))))
                conflict.append(z3.And(is_true(ci), is_true(cj), differ))
                pairs.append((excs[i][0], excs[j][0], conflict[-1]))
        conflict = z3.Or(conflict) if conflict else F
        open_exc = z3.Or([z3.Not(c.known) for _, c, _ in excs]) if excs else F
        amount.known = z3.And(amount.known, z3.Not(open_exc))
        if b.outcome.payout is None and not excs:
            amount.known = F
        pre_quota = SymAmount(amount.known, amount.value, amount.dim, amount.contra)
        # amount limits that hold cap the final amount at what remains of their quota
        money = self.dim_id(MONEY_DIM)
        for lim in limits:
            if lim.remaining is None:
                continue
            cut = z3.And(is_true(lim.ok), amount.known, amount.dim == money, lim.remaining < amount.value)
            amount.value = z3.If(cut, self.round(lim.remaining), amount.value)
        # 读法 (docs/语言参考.md §11): a negative amount is 待定 (政策待定), never 符合 with it
        negative = z3.And(amount.known, amount.value < 0)
        amount.known = z3.And(amount.known, z3.Not(negative))
        status = z3.If(z3.And(eligible.known, z3.Not(eligible.value)), NOT_ELIGIBLE,
                       z3.If(z3.Or(z3.Not(eligible.known), negative), PENDING,
                             z3.If(z3.Or(conflict, amount.contra), CONFLICT, ELIGIBLE)))
        d = SymDecision(key, b, cond, eligible, status, amount, limits, excs, conflict, conflict_pairs=pairs,
                        dims=dims - {None}, negative=z3.And(z3.Not(is_false(eligible)), negative))
        d.parts = parts
        d.pre_quota = pre_quota
        d.payouts = [(b.outcome, base)] + [(x.outcome, amt) for x, _, amt in excs]
        return d
