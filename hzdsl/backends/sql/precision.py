"""How many decimals (in base units) each input may carry so that no product of the program is rounded.

The SQL back-end holds every value as DECIMAL(18, 8) (columns.py) and rounds a product back to 8
decimals; the scalar engine computes with exact fractions and rounds once, to 分, at the payout. A
product whose exact value has more than 8 decimals was therefore rounded twice and could end 1 分 apart
(breaker s18: 1234.56999999 元 × 1/2 screened 617.29 元, `hzdsl run` 617.28 元). Sums, differences,
较小值/较大值, 超出…的部分 and lookups never add decimals; a product adds those of its factors.

读法 (docs/人群筛查.md): rather than a second arithmetic, screening refuses an input cell with more
decimals than the products it enters can carry exactly (E912, naming column, row and the product) —
any accepted population is screened with the scalar engine's exact answer. The places are shared
out per product chain (a × b × c, ÷ by an exact literal as × its inverse): the constant factors'
decimals first, then the 8 − those split evenly over the factors that read inputs (a whole-number
count carries none, so 人数 × 标准 leaves 标准 all of them). An input in several products takes the
smallest share. E.g. 「灵活就业实际缴纳社会保险费」 × 1/2: 7 decimals; 较小值(面积, 50 平方米) ×
较小值(租金, 3 元/平方米·天) × 天数: 2 each.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ...check.domains import domain_of_info
from ...errors import Span
from ...ir import ir_of
from ...ir import nodes as ir
from .columns import SCALE


@dataclass(frozen=True)
class Places:
    """An input's decimals in base units (`places` < SCALE) and the product that asks it (`span`)."""

    places: int
    span: Span


def decimals(value: Fraction) -> int:
    """Decimals of an exact value's terminating expansion (a large number when it does not terminate)."""
    for k in range(0, 2 * SCALE + 1):
        if (value * 10 ** k).denominator == 1:
            return k
    return 10 * SCALE


def input_places(program) -> dict[str, Places]:
    """fact or parameter key → the decimals it may carry, for the inputs that may carry fewer than SCALE."""
    prog = ir_of(program)
    infos = {**program.facts, **program.params}
    limits: dict[str, Places] = {}
    seen: set[tuple[int, int]] = set()

    def whole(key: str) -> bool:
        info = infos.get(key)
        return info is not None and domain_of_info(info).whole and info.unit.scale == 1

    def factors(e: ir.Expr) -> list[ir.Expr | Fraction]:
        if isinstance(e, ir.Arith) and e.op == ir.ArithOp.MUL:
            return factors(e.left) + factors(e.right)
        if (isinstance(e, ir.Arith) and e.op == ir.ArithOp.DIV and isinstance(e.right, ir.Quantity)
                and e.right.value is not None and e.right.value.value != 0):
            return factors(e.left) + [1 / e.right.value.value]
        return [e]

    def static(e) -> int | None:
        """The decimals of a factor that reads no input with decimals (a literal, a lookup of literals
        such as 按 用工形式：130%、80%, a whole-number count); None when it reads one."""
        if isinstance(e, Fraction):
            return decimals(e)
        if isinstance(e, ir.Quantity):
            return decimals(e.value.value) if e.value is not None else 0
        if isinstance(e, ir.Ref):
            if e.kind == ir.RefKind.TERM:
                return static(prog.terms[e.key].body)
            return 0 if whole(e.key) else None
        if isinstance(e, ir.Arith) and e.op in (ir.ArithOp.MUL, ir.ArithOp.DIV):
            each = [static(p) for p in factors(e)]
            return None if None in each else sum(each)
        children = _numeric_children(e)
        if children is None:
            return 0  # not a number (a condition, a text key …): adds no decimal
        each = [static(c) for c in children]
        return None if None in each else max(each, default=0)

    def require(e: ir.Expr, places: int, span: Span) -> None:
        """Ask that `e` has at most `places` decimals, of the inputs it reads."""
        if (id(e), places) in seen:
            return
        seen.add((id(e), places))
        if isinstance(e, ir.Ref):
            if e.kind == ir.RefKind.TERM:
                require(prog.terms[e.key].body, places, span)
            elif e.kind in (ir.RefKind.FACT, ir.RefKind.PARAM) and not whole(e.key):
                if places < SCALE and (e.key not in limits or places < limits[e.key].places):
                    limits[e.key] = Places(places, span)
            return
        if isinstance(e, ir.Arith) and e.op in (ir.ArithOp.MUL, ir.ArithOp.DIV):
            parts = factors(e)
            fixed = sum(d for d in map(static, parts) if d is not None)
            inputs = [p for p in parts if static(p) is None]  # the factors whose decimals come from inputs
            if inputs:
                share = max(places - fixed, 0) // len(inputs)
                for p in inputs:
                    require(p, share, e.span)
            return
        for c in _numeric_children(e) or ():
            require(c, places, span)

    for node in prog.nodes.values():
        if isinstance(node, ir.Arith) and node.op in (ir.ArithOp.MUL, ir.ArithOp.DIV):
            require(node, SCALE, node.span)
    return limits


def _numeric_children(e) -> list | None:
    """The operands whose decimals an expression's value keeps (+, −, 较小值, 超出…的部分, a lookup's values);
    None for a node that is not such a number."""
    if isinstance(e, ir.Arith):
        return [e.left, e.right]
    if isinstance(e, ir.Neg):
        return [e.operand]
    if isinstance(e, ir.Excess):
        return [e.value, e.threshold]
    if isinstance(e, ir.Extreme):
        return list(e.args)
    if isinstance(e, ir.Lookup):
        return [r.value for r in e.rows] + ([e.default] if e.default is not None else [])
    return None
