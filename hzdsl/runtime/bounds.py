"""A lower bound of a payout whose value is still unknown: what lets a cap decide it (issue 9).

c04: 企业吸纳就业创业担保贷款 is 「(「吸纳重点人群就业人数」 + 「吸纳登记失业半年以内人员就业人数」) × 20 万元/人，最高
不超过 300 万元」. With 20 persons of the first kind known and the second unknown, the loan is at least
20 × 20 万元 = 400 万元 whatever the second count is (a count is never negative, check.domains), so the
capped amount is 300 万元 — decided, not 待定. `semantics.payout` takes the bound this module computes.

# 读法: 「最高不超过 B」 caps every value the payout could take; when every such value is at least B,
the amount is B whatever the missing facts are. The bound is deliberately simple, so that the SQL
back-end (backends/sql/expressions.py `ExprCompiler.low`) and the z3 encoding
(backends/smt/expr.py `ExprEncoder.low`) compute the very same number, node by node:

- a value that is known is its own bound;
- a fact or parameter not given: 0 when its type is never negative (计数、金额、时长、比率、面积, any
  quantity with a unit — check.domains), otherwise no bound;
- a term: the bound of its definition;
- A + B: the sum of the bounds; A × B where A or B is a number the rule writes (× 20 万元/人, × 50%):
  the product of the bounds when both are ≥ 0 (a product of two inputs has no bound: it would make
  the z3 encoding non-linear);
- 较大值(…): the largest of the bounds there are; 较小值(…): the smallest, when every argument has one;
- anything else (−, ÷, 超出…的部分, lookups, 按规定, draft dates): no bound unless known.

No bound is never a wrong answer: the amount just stays 待定, as before.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Callable

from .. import ir
from ..check.domains import domain_of_info
from ..units import Q
from .values import Unknown

Bound = Fraction | None  # base units; None: no lower bound known
LowFn = Callable[[object], Bound]


def _none(env) -> Bound:
    return None


class LowerBounds:
    """Compiles IR expressions into `env → lower bound` functions; `value(e)` gives the compiled value
    function of the expression (the evaluator's own), so a known value is its own bound."""

    def __init__(self, prog: ir.IRProgram, value: Callable[[ir.Expr], Callable]):
        self.ir = prog
        self.value = value
        self.terms: dict[str, LowFn] = {}

    def low(self, e: ir.Expr) -> LowFn:
        f = self.value(e)
        inner = self._inner(e)

        def run(env, f=f, inner=inner) -> Bound:
            v = f(env)
            if isinstance(v, Q):
                return v.value
            if not isinstance(v, Unknown):
                return None
            return inner(env)

        return run

    def _inner(self, e: ir.Expr) -> LowFn:
        if isinstance(e, ir.Ref):
            if e.kind == ir.RefKind.TERM:
                if e.key not in self.terms:
                    self.terms[e.key] = _none  # cycles are check errors
                    self.terms[e.key] = self.low(self.ir.terms[e.key].body)
                return lambda env, k=e.key: self.terms[k](env)
            info = (self.ir.facts if e.kind == ir.RefKind.FACT else self.ir.params).get(e.key)
            if info is not None and info.type.kind == "num" and domain_of_info(info).nonnegative:
                return lambda env: Fraction(0)
            return _none
        if isinstance(e, ir.Arith) and (e.op == ir.ArithOp.ADD or (
                e.op == ir.ArithOp.MUL and (isinstance(e.left, ir.Quantity) or isinstance(e.right, ir.Quantity)))):
            a, b, add = self.low(e.left), self.low(e.right), e.op == ir.ArithOp.ADD

            def arith(env) -> Bound:
                x, y = a(env), b(env)
                if x is None or y is None:
                    return None
                if add:
                    return x + y
                return x * y if x >= 0 and y >= 0 else None

            return arith
        if isinstance(e, ir.Extreme):
            parts = [self.low(x) for x in e.args]
            largest = e.func == ir.ExtremeFunc.MAX

            def extreme(env) -> Bound:
                lows = [p(env) for p in parts]
                have = [x for x in lows if x is not None]
                if largest:
                    return max(have) if have else None
                return min(lows) if len(have) == len(lows) else None

            return extreme
        return _none


__all__ = ["LowerBounds", "Bound"]
