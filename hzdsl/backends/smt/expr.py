"""IR expressions → symbolic values, following the scalar evaluator node by node.

Kleene logic on (known, value) pairs: 且 is known-false as soon as one operand is known-false and
known-true when all are; 或 dually; every other operator is known only when all its operands are
(÷ by 0 is unknown, as in the evaluator). 超出…的部分 is max(A − max(B, 0), 0); a lookup miss
without 其他 is unknown; a comparison with a draft date (2022 年*月*日, directly or through a term)
is decided when the other date lies outside the days [low, high] the draft date may stand for.
"""
from __future__ import annotations

from fractions import Fraction

import z3

from ...ir import nodes as ir
from ...ir.program import IRProgram
from ...units import dim_mul
from .values import SV, Universe, real


def _false(s: SV):
    """False in the context of `s` (every term of one universe shares its context)."""
    return z3.BoolVal(False, s.known.ctx)


def _b(s: SV) -> SV:
    """A value used as a condition: a placeholder (按规定) standing where a condition goes is unknown."""
    return s if z3.is_bool(s.value) else SV(_false(s), _false(s), "bool")


def all_known(*svs: SV):
    return z3.And([s.known for s in svs])


def and3(svs: list[SV]) -> SV:
    """且 of at least one three-valued condition."""
    svs = [_b(s) for s in svs]
    any_false = z3.Or([z3.And(s.known, z3.Not(s.value)) for s in svs])
    every = z3.And([s.known for s in svs])
    return SV(z3.Or(any_false, every), z3.And([z3.And(s.known, s.value) for s in svs]), "bool")


def or3(svs: list[SV]) -> SV:
    """或 of at least one three-valued condition."""
    svs = [_b(s) for s in svs]
    any_true = z3.Or([z3.And(s.known, s.value) for s in svs])
    every = z3.And([s.known for s in svs])
    return SV(z3.Or(any_true, every), any_true, "bool")


def not3(s: SV) -> SV:
    s = _b(s)
    return SV(s.known, z3.Not(s.value), "bool")


def is_true(s: SV):
    s = _b(s)
    return z3.And(s.known, s.value)


def is_false(s: SV):
    s = _b(s)
    return z3.And(s.known, z3.Not(s.value))


def _num(v):
    return z3.ToReal(v) if z3.is_int(v) else v


def _eq(x, y):
    if z3.is_bool(x) != z3.is_bool(y):
        return z3.BoolVal(False, x.ctx)  # a placeholder against a condition: decided by `known` (false) anyway
    if z3.is_int(x) != z3.is_int(y):
        return _num(x) == _num(y)
    return x == y


def _cmp(op: str, x, y):
    if op == "==":
        return _eq(x, y)
    if op == "!=":
        return z3.Not(_eq(x, y))
    if z3.is_int(x) != z3.is_int(y):
        x, y = _num(x), _num(y)
    return {">=": x >= y, ">": x > y, "<=": x <= y, "<": x < y}[op]


def implications(p: IRProgram) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """fact key → (facts whose truth makes it true, facts whose falsehood makes it false),
    transitively — `IRProgram.implications` (shared with the SQL back-end)."""
    return p.implications


class ExprEncoder:
    """Encodes the expressions of one IR program against a universe; terms are encoded once."""

    def __init__(self, program: IRProgram, universe: Universe):
        self.p = program
        self.u = universe
        self.terms: dict[str, SV] = {}
        self.ctx, self.T, self.F = universe.ctx, universe.T, universe.F

    def lit(self, v):
        """An exact literal value (str, or Fraction in base units) as a z3 constant."""
        return z3.IntVal(self.u.word(v), self.ctx) if isinstance(v, str) else real(v, self.ctx)

    def expr(self, e: ir.Expr) -> SV:
        return getattr(self, "_" + type(e).__name__)(e)

    # ── lower bounds of unknown payouts (runtime.bounds, node by node) ──
    def low(self, e: ir.Expr):
        """(has a bound, the bound in base units) of a numeric expression, as runtime.bounds.LowerBounds:
        a known value is its own bound."""
        v = self.expr(e)
        if v.kind != "num":
            return self.F, z3.RealVal(0, self.ctx)
        has, bound = self._low_inner(e)
        value = _num(v.value)
        if z3.is_int(value):
            value = z3.ToReal(value)
        return z3.Or(v.known, has), z3.If(v.known, value, bound)

    def _low_inner(self, e: ir.Expr):
        from ...check.domains import domain_of_info

        T, F = self.T, self.F
        none = (F, z3.RealVal(0, self.ctx))
        if isinstance(e, ir.Ref):
            if e.kind == ir.RefKind.TERM:
                return self.low(self.p.terms[e.key].body)
            info = (self.p.facts if e.kind == ir.RefKind.FACT else self.p.params).get(e.key)
            if info is not None and info.type.kind == "num" and domain_of_info(info).nonnegative:
                return T, z3.RealVal(0, self.ctx)
            return none
        if isinstance(e, ir.Arith) and (e.op == ir.ArithOp.ADD or (
                e.op == ir.ArithOp.MUL and (isinstance(e.left, ir.Quantity) or isinstance(e.right, ir.Quantity)))):
            (ha, a), (hb, b) = self.low(e.left), self.low(e.right)
            if e.op == ir.ArithOp.ADD:
                return z3.And(ha, hb), a + b
            # one side is the rule's constant: its bound is that number, so the product stays linear
            const = real((e.right if isinstance(e.right, ir.Quantity) else e.left).value.value, self.ctx)
            other = a if isinstance(e.right, ir.Quantity) else b
            return z3.And(ha, hb, a >= 0, b >= 0), other * const
        if isinstance(e, ir.Extreme):
            lows = [self.low(x) for x in e.args]
            if e.func == ir.ExtremeFunc.MAX:  # the largest of the bounds there are
                has, best = F, z3.RealVal(0, self.ctx)
                for h, x in lows:
                    best = z3.If(h, z3.If(has, z3.If(x > best, x, best), x), best)
                    has = z3.Or(has, h)
                return has, best
            has, best = lows[0]
            for h, x in lows[1:]:
                has, best = z3.And(has, h), z3.If(x < best, x, best)
            return has, best
        return none

    def _Ref(self, e: ir.Ref) -> SV:
        if e.kind == ir.RefKind.FACT:
            return self._fact(e.key)
        if e.kind == ir.RefKind.PARAM:
            return self.u.sv(self.u.input(self.p, e.key))
        if e.kind != ir.RefKind.TERM:
            return SV.unknown(self.ctx)  # unresolved: only in a program with check errors, never encoded
        if e.key not in self.terms:
            self.terms[e.key] = SV.unknown(self.ctx)  # cycles are check errors
            self.terms[e.key] = self.expr(self.p.terms[e.key].body)
        return self.terms[e.key]

    def _fact(self, key: str) -> SV:
        """A fact as the evaluator reads it: given, else filled by 蕴含 (runtime.evaluate.implications):
        true when a fact implying it is given true, false when a fact it implies is given false. The
        applicants are only those the 蕴含 allow (see `Universe.implication`)."""
        own = self.u.sv(self.u.input(self.p, key))
        implied_by, implying = implications(self.p).get(key, ((), ()))
        if own.kind != "bool" or not (implied_by or implying):
            return own
        above = [self.u.input(self.p, a) for a in implied_by]
        below = [self.u.input(self.p, b) for b in implying]
        for a in above:
            self.u.implication(a, self.u.inputs[(key, False)])
        for b in below:
            self.u.implication(self.u.inputs[(key, False)], b)
        T, F = self.T, self.F
        made_true = z3.Or([z3.And(a.known, a.value) for a in above]) if above else F
        made_false = z3.Or([z3.And(b.known, z3.Not(b.value)) for b in below]) if below else F
        known = z3.Or(own.known, made_true, made_false)
        value = z3.If(own.known, own.value, z3.If(made_true, T, F))
        return SV(known, value, "bool", own.dim)

    def _Quantity(self, e: ir.Quantity) -> SV:
        return SV(self.T, real(e.value.value, self.ctx), "num", e.value.dim)

    def _Text(self, e: ir.Text) -> SV:
        return SV(self.T, z3.IntVal(self.u.word(e.value), self.ctx), "enum")

    def _Date(self, e: ir.Date) -> SV:
        return SV(self.T, z3.IntVal(e.value.toordinal(), self.ctx), "date")

    def _PlaceholderDate(self, e: ir.PlaceholderDate) -> SV:
        return SV(self.F, z3.IntVal(0, self.ctx), "date")

    def _Placeholder(self, e: ir.Placeholder) -> SV:
        return SV.unknown(self.ctx)

    def _Arith(self, e: ir.Arith) -> SV:
        a, b = self.expr(e.left), self.expr(e.right)
        x, y = _num(a.value), _num(b.value)
        known = all_known(a, b)
        if e.op == ir.ArithOp.ADD:
            return SV(known, x + y, "num", a.dim)
        if e.op == ir.ArithOp.SUB:
            return SV(known, x - y, "num", a.dim)
        if e.op == ir.ArithOp.MUL:
            return SV(known, self.u.product(x, y), "num", dim_mul(a.dim, b.dim))
        return SV(z3.And(known, y != 0), x / y, "num", dim_mul(a.dim, b.dim, -1))

    def _Neg(self, e: ir.Neg) -> SV:
        a = self.expr(e.operand)
        return SV(a.known, -_num(a.value), "num", a.dim)

    def _Excess(self, e: ir.Excess) -> SV:
        a, b = self.expr(e.value), self.expr(e.threshold)
        x, y = _num(a.value), _num(b.value)
        above = x - z3.If(y > 0, y, 0)
        return SV(all_known(a, b), z3.If(above > 0, above, 0), "num", a.dim)

    def _Extreme(self, e: ir.Extreme) -> SV:
        args = [self.expr(x) for x in e.args]
        best = _num(args[0].value)
        for s in args[1:]:
            v = _num(s.value)
            best = z3.If(v < best, v, best) if e.func == ir.ExtremeFunc.MIN else z3.If(v > best, v, best)
        return SV(all_known(*args), best, "num", args[0].dim)

    def _Lookup(self, e: ir.Lookup) -> SV:
        k = self.expr(e.key)
        index: dict = {}  # as dict(table) in the evaluator: a key written twice means its last row
        for row in e.rows:
            value = self.expr(row.value)
            for v in row.values:
                index[v] = value
        default = self.expr(e.default) if e.default is not None else SV(self.F, z3.RealVal(0, self.ctx), "num")
        known, value, dim = default.known, _num(default.value), default.dim
        for lit, v in reversed(list(index.items())):
            hit = _eq(k.value, self.lit(lit))
            known, value = z3.If(hit, v.known, known), z3.If(hit, _num(v.value), value)
            dim = v.dim or dim
        return SV(z3.And(k.known, known), value, "num", dim)

    def _Compare(self, e: ir.Compare) -> SV:
        a, b = self.expr(e.left), self.expr(e.right)
        right = self.p.through_terms(e.right)
        if isinstance(right, ir.PlaceholderDate):
            return self._placeholder_date(a, str(e.op), right)
        return SV(all_known(a, b), _cmp(str(e.op), a.value, b.value), "bool")


    def _placeholder_date(self, a: SV, op: str, d: ir.PlaceholderDate) -> SV:
        lo, hi = z3.IntVal(d.low.toordinal(), self.ctx), z3.IntVal(d.high.toordinal(), self.ctx)
        x = a.value
        if a.kind != "date":
            return SV(self.F, self.F, "bool")
        if op in {"==", "!="}:
            inside = z3.And(lo <= x, x <= hi)
            return SV(z3.And(a.known, z3.Not(inside)), z3.BoolVal(op == "!=", self.ctx), "bool")
        at_lo, at_hi = _cmp(op, x, lo), _cmp(op, x, hi)
        return SV(z3.And(a.known, at_lo == at_hi), at_lo, "bool")

    def _Between(self, e: ir.Between) -> SV:
        v, lo, hi = self.expr(e.value), self.expr(e.low), self.expr(e.high)
        return SV(all_known(v, lo, hi), z3.And(_cmp("<=", lo.value, v.value), _cmp("<=", v.value, hi.value)), "bool")

    def _Member(self, e: ir.Member) -> SV:
        v = self.expr(e.value)
        return SV(v.known, z3.Or([_eq(v.value, self.lit(o)) for o in e.values]) if e.values else self.F, "bool")

    def _Contains(self, e: ir.Contains) -> SV:
        s = self.expr(e.collection)
        item = e.item.value if isinstance(e.item, ir.Text) else None
        members = s.value if isinstance(s.value, dict) else {}
        return SV(s.known, members.get(item, self.F), "bool")

    def _Logic(self, e: ir.Logic) -> SV:
        ops = [self.expr(x) for x in e.operands]
        return and3(ops) if e.op == ir.LogicOp.AND else or3(ops)

    def _Not(self, e: ir.Not) -> SV:
        return not3(self.expr(e.operand))


__all__ = ["ExprEncoder", "and3", "or3", "not3", "is_true", "is_false", "Fraction"]
