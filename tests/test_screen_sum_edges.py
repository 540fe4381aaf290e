"""The overflow flag of x ± a literal (expressions.ExprCompiler._edge) is one comparison of x with a bound
worked out at compile time — it must say exactly where the exact result leaves DECIMAL(18, 8), i.e.
|result| > 9 999 999 999.99999999 (NUM_MAX), as the TRY_CAST-is-NULL test it replaces did (E918).

By hand: 9 999 999 999.99499999 + 0.005 = 9 999 999 999.99999999 fits; 9 999 999 999.995 + 0.005 = 10^10 does
not. −9 999 999 999.985 − 0.015 = −10^10 does not fit; −9 999 999 999.98499999 − 0.015 fits. 3 − x with
x = −9 999 999 999.99999999 is 10 000 000 002.99999999: too large; with x = −9 999 999 996.99999999 it fits.
"""
from __future__ import annotations

from fractions import Fraction

import pytest

from hzdsl.backends.sql.columns import num_lit
from hzdsl.backends.sql.expressions import NUM_MAX, ExprCompiler
from hzdsl.backends.sql.builders import alias_, select
from hzdsl.ir import nodes as ir
from hzdsl.runtime.units import Q, to_decimal
from sqlglot import exp

duckdb = pytest.importorskip("duckdb")

TICK = Fraction(1, 10 ** 8)


def _lit(c: Fraction) -> ir.Quantity:
    return ir.Quantity(None, "lit", None, None, Q(c, ()), str(c))


def _x() -> ir.Ref:
    return ir.Ref(None, "x", None, None, ir.RefKind.FACT, "x", "x", "事实:x")


def _exact(form: str, x: Fraction, c: Fraction) -> Fraction:
    return {"x+c": x + c, "c+x": c + x, "x-c": x - c, "c-x": c - x}[form]


def _node(form: str, c: Fraction) -> ir.Arith:
    op = ir.ArithOp.ADD if "+" in form else ir.ArithOp.SUB
    left, right = (_x(), _lit(c)) if form.startswith("x") else (_lit(c), _x())
    return ir.Arith(None, "e", None, None, op, left, right)


def _points(c: Fraction) -> list[Fraction]:
    """x on and around every edge where a result can leave the range, and both ends of the range."""
    edges = [NUM_MAX - abs(c), -NUM_MAX + abs(c), c - NUM_MAX, c + NUM_MAX, NUM_MAX, -NUM_MAX, Fraction(0)]
    return sorted({p + d for p in edges for d in (-TICK, 0, TICK) if -NUM_MAX <= p + d <= NUM_MAX})


@pytest.mark.parametrize("form", ["x+c", "c+x", "x-c", "c-x"])
@pytest.mark.parametrize("c", [Fraction(5, 1000), Fraction(15, 1000), Fraction(-3), Fraction(3), TICK, NUM_MAX, Fraction(0)])
def test_the_edge_flag_is_exactly_where_the_result_leaves_decimal_18_8(form, c):
    points = _points(c)
    flag = ExprCompiler._edge(_node(form, c), exp.column("x"))
    if flag is None:  # only c = 0: nothing overflows
        assert c == 0
        return
    rows = exp.Values(expressions=[exp.Tuple(expressions=[num_lit(p)]) for p in points] +
                      [exp.Tuple(expressions=[exp.Cast(this=exp.Null(), to=exp.DataType.build("DECIMAL(18, 8)"))])],
                      alias=exp.TableAlias(this=exp.to_identifier("t"), columns=[exp.to_identifier("x")]))
    sql = select(exp.column("x"), alias_(exp.Coalesce(this=flag, expressions=[exp.false()]), "o")).from_(rows)
    got = {None if x is None else Fraction(x): o for x, o in duckdb.sql(sql.sql("duckdb")).fetchall()}
    want = {p: abs(_exact(form, p, c)) > NUM_MAX for p in points}
    want[None] = False  # an unknown x: no overflow said (the value is unknown anyway)
    assert got == want


def test_the_hand_worked_edges():
    add, sub, rsub = _node("x+c", Fraction(5, 1000)), _node("x-c", Fraction(15, 1000)), _node("c-x", Fraction(3))

    def says(node, x: str) -> bool:
        flag = ExprCompiler._edge(node, exp.Cast(this=exp.Literal.number(x), to=exp.DataType.build("DECIMAL(18, 8)")))
        return duckdb.sql(select(exp.Coalesce(this=flag, expressions=[exp.false()])).sql("duckdb")).fetchall()[0][0]

    assert not says(add, "9999999999.99499999") and says(add, "9999999999.995")
    assert says(sub, "-9999999999.985") and not says(sub, "-9999999999.98499999")
    assert says(rsub, "-9999999999.99999999") and not says(rsub, "-9999999996.99999999")
    assert to_decimal(NUM_MAX, 8) == to_decimal(Fraction(10 ** 10) - TICK, 8)
