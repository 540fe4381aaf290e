"""Expressions → symbolic values, following `hzdsl.runtime.evaluate.Compiler` node by node.

Kleene logic on (known, value) pairs: 且 is known-false as soon as one operand is known-false and
known-true when all are; 或 dually; every other operator is known only when all its operands are
(÷ by 0 is unknown, as in the evaluator). 超出…的部分 is max(A − max(B, 0), 0); a lookup miss
without 其他 is unknown; a comparison with a draft date (2022 年*月*日, directly or through a term)
is decided when the other date lies outside the days the draft date may stand for.
"""
from __future__ import annotations

import datetime as dt
from fractions import Fraction

import z3

from ...check.program import Program
from ...runtime.units import Q, dim_mul, parse_unit
from ...runtime.evaluate import _placeholder_span
from ...syntax import nodes as n
from .values import SV, Universe, real

T, F = z3.BoolVal(True), z3.BoolVal(False)


def all_known(*svs: SV):
    return z3.And([s.known for s in svs]) if svs else T


def _b(s: SV) -> SV:
    """A value used as a condition: a placeholder (按规定) standing where a condition goes is unknown."""
    return s if z3.is_bool(s.value) else SV(F, F, "bool")


def and3(svs: list[SV]) -> SV:
    svs = [_b(s) for s in svs]
    if not svs:
        return SV(T, T, "bool")
    any_false = z3.Or([z3.And(s.known, z3.Not(s.value)) for s in svs])
    every = z3.And([s.known for s in svs])
    return SV(z3.Or(any_false, every), z3.And([z3.And(s.known, s.value) for s in svs]), "bool")


def or3(svs: list[SV]) -> SV:
    svs = [_b(s) for s in svs]
    if not svs:
        return SV(T, F, "bool")
    any_true = z3.Or([z3.And(s.known, s.value) for s in svs])
    every = z3.And([s.known for s in svs])
    return SV(z3.Or(any_true, every), any_true, "bool")


def not3(s: SV) -> SV:
    s = _b(s)
    return SV(s.known, z3.Not(s.value), "bool")


def is_true(s: SV):
    return z3.And(s.known, s.value)


def is_false(s: SV):
    return z3.And(s.known, z3.Not(s.value))


def _lit(e: n.Expr, u: Universe):
    """A literal key/option (“文本” or a quantity) as a z3 constant, and its kind."""
    if isinstance(e, n.Text):
        return z3.IntVal(u.sid(e.value))
    return real(Q.of(e.number, parse_unit(e.unit)).value)


def _num(v):
    return z3.ToReal(v) if z3.is_int(v) else v


class ExprEncoder:
    """Encodes the expressions of one program against a universe; terms are encoded once."""

    def __init__(self, program: Program, universe: Universe):
        self.p = program
        self.u = universe
        self.terms: dict[str, SV] = {}
        self.used_inputs: set[str] = set()

    def expr(self, e: n.Expr) -> SV:
        return getattr(self, "_" + type(e).__name__)(e)

    def _Ref(self, e: n.Ref) -> SV:
        key = e.name.key
        if key in self.p.facts or key in self.p.params:
            self.used_inputs.add(key)
            return self.u.sv(self.u.input(self.p, key))
        if key not in self.terms:
            self.terms[key] = SV.unknown()  # cycles are check errors; never reached on a checked program
            self.terms[key] = self.expr(self.p.terms[key].body)
        return self.terms[key]

    def _Quantity(self, e: n.Quantity) -> SV:
        q = Q.of(e.number, parse_unit(e.unit))
        return SV(T, real(q.value), "num", q.dim)

    def _Text(self, e: n.Text) -> SV:
        return SV(T, z3.IntVal(self.u.sid(e.value)), "enum")

    def _Date(self, e: n.Date) -> SV:
        if e.is_placeholder:
            return SV(F, z3.IntVal(0), "date")
        return SV(T, z3.IntVal(dt.date(e.year, e.month, e.day).toordinal()), "date")

    def _Placeholder(self, e: n.Placeholder) -> SV:
        return SV.unknown()

    def _Binary(self, e: n.Binary) -> SV:
        a, b = self.expr(e.left), self.expr(e.right)
        x, y = _num(a.value), _num(b.value)
        known = all_known(a, b)
        if e.op == "+":
            return SV(known, x + y, "num", a.dim)
        if e.op == "-":
            return SV(known, x - y, "num", a.dim)
        if e.op == "×":
            return SV(known, x * y, "num", dim_mul(a.dim, b.dim))
        return SV(z3.And(known, y != 0), x / y, "num", dim_mul(a.dim, b.dim, -1))

    def _Neg(self, e: n.Neg) -> SV:
        a = self.expr(e.operand)
        return SV(a.known, -_num(a.value), "num", a.dim)

    def _Excess(self, e: n.Excess) -> SV:
        a, b = self.expr(e.value), self.expr(e.threshold)
        x, y = _num(a.value), _num(b.value)
        above = x - z3.If(y > 0, y, 0)
        return SV(all_known(a, b), z3.If(above > 0, above, 0), "num", a.dim)

    def _Call(self, e: n.Call) -> SV:
        args = [self.expr(x) for x in e.args]
        best = _num(args[0].value)
        for s in args[1:]:
            v = _num(s.value)
            # min/max keep the first of equal values; equal values are the same number either way
            best = z3.If(v < best, v, best) if e.func == "较小值" else z3.If(v > best, v, best)
        return SV(all_known(*args), best, "num", args[0].dim)

    def _Lookup(self, e: n.Lookup) -> SV:
        k = self.expr(e.key)
        index: dict = {}  # as dict(table) in the evaluator: a key written twice means its last row
        for row in e.rows:
            value = self.expr(row.value)
            for lit in row.keys:
                index[_lit_key(lit)] = (lit, value)
        default = self.expr(e.default) if e.default is not None else SV(F, z3.RealVal(0), "num")
        known, value, dim = default.known, _num(default.value), default.dim
        for lit, v in reversed(list(index.values())):
            hit = _eq(k.value, _lit(lit, self.u))
            known, value = z3.If(hit, v.known, known), z3.If(hit, _num(v.value), value)
            dim = v.dim or dim
        return SV(z3.And(k.known, known), value, "num", dim)

    def _Compare(self, e: n.Compare) -> SV:
        a, b = self.expr(e.left), self.expr(e.right)
        span = _placeholder_span(self._through_terms(e.right))
        if span is not None:
            return self._placeholder_date(a, e.op, span)
        return SV(all_known(a, b), _cmp(e.op, a.value, b.value), "bool")

    def _through_terms(self, e: n.Expr) -> n.Expr:
        seen: set[str] = set()
        while isinstance(e, n.Ref) and e.name.key in self.p.terms and e.name.key not in seen:
            seen.add(e.name.key)
            e = self.p.terms[e.name.key].body
        return e

    @staticmethod
    def _placeholder_date(a: SV, op: str, span: tuple[dt.date, dt.date]) -> SV:
        lo, hi = z3.IntVal(span[0].toordinal()), z3.IntVal(span[1].toordinal())
        x = a.value
        if a.kind != "date":
            return SV(F, F, "bool")
        if op in {"==", "!="}:
            inside = z3.And(lo <= x, x <= hi)
            return SV(z3.And(a.known, z3.Not(inside)), z3.BoolVal(op == "!="), "bool")
        at_lo, at_hi = _cmp(op, x, lo), _cmp(op, x, hi)
        return SV(z3.And(a.known, at_lo == at_hi), at_lo, "bool")

    def _Between(self, e: n.Between) -> SV:
        v, lo, hi = self.expr(e.value), self.expr(e.low), self.expr(e.high)
        x = v.value
        return SV(all_known(v, lo, hi), z3.And(lo.value <= x, x <= hi.value), "bool")

    def _Member(self, e: n.Member) -> SV:
        v = self.expr(e.value)
        return SV(v.known, z3.Or([_eq(v.value, _lit(o, self.u)) for o in e.options]), "bool")

    def _Contains(self, e: n.Contains) -> SV:
        s = self.expr(e.collection)
        item = e.item.value if isinstance(e.item, n.Text) else None
        members = s.value if isinstance(s.value, dict) else {}
        return SV(s.known, members.get(item, F), "bool")

    def _Logic(self, e: n.Logic) -> SV:
        ops = [self.expr(x) for x in e.operands]
        return and3(ops) if e.op == "且" else or3(ops)

    def _Not(self, e: n.Not) -> SV:
        return not3(self.expr(e.operand))


def _lit_key(e: n.Expr):
    if isinstance(e, n.Text):
        return ("text", e.value)
    return ("num", Q.of(e.number, parse_unit(e.unit)).value)


def _eq(x, y):
    if z3.is_bool(x) != z3.is_bool(y):
        return F  # a placeholder against a condition: decided by `known` (false) anyway
    if z3.is_int(x) != z3.is_int(y) and not (z3.is_bool(x) or z3.is_bool(y)):
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


__all__ = ["ExprEncoder", "and3", "or3", "not3", "is_true", "is_false", "Fraction"]
