"""The SQL back-end's fast products (64-bit decimals) give the exact product rounded half up to 8 decimals,
as the scalar engine's fractions do, including values so large that the fast path cannot hold them."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest

duckdb = pytest.importorskip("duckdb")
from sqlglot import exp  # noqa: E402

from hzdsl.backends.sql.expressions import ExprCompiler  # noqa: E402

# DECIMAL(18, 8) holds up to 10 integer digits: the largest value, a third of it, the smallest step, money
VALUES = ["9999999999.99999999", "3333333333.33333333", "0.00000005", "123.45", "-2500.5"]


def expected(a: str, c: Fraction) -> Decimal | None:
    exact = Fraction(Decimal(a)) * c
    if abs(exact) >= 10 ** 10:
        return None  # beyond DECIMAL(18, 8): not asked here
    d = Decimal(exact.numerator) / Decimal(exact.denominator)  # the quotient is exact to 28 digits here
    return d.quantize(Decimal("0.00000001"), rounding=ROUND_HALF_UP)


def run(e: exp.Expression, a: str, b: str | None = None):
    con = duckdb.connect()
    con.execute(f"CREATE TABLE t AS SELECT CAST('{a}' AS DECIMAL(18, 8)) AS a, "
                f"CAST('{b or 0}' AS DECIMAL(18, 8)) AS b")
    return con.execute(exp.select(e).from_("t").sql("duckdb")).fetchall()[0][0]


@pytest.mark.parametrize("c", [Fraction(6, 10), Fraction(1, 10000), Fraction(12), Fraction(1, 8), Fraction(200000)])
@pytest.mark.parametrize("a", VALUES)
def test_a_value_times_a_constant(a, c):
    want = expected(a, c)
    if want is None:
        pytest.skip("product beyond DECIMAL(18, 8)")
    assert run(ExprCompiler.mul_const(exp.column("a"), c), a) == want


@pytest.mark.parametrize("a,b", [
    ("12.34", "3"),              # 分 × months: the 64-bit path
    ("0.12345", "100"),          # five decimals: the 128-bit path
    ("99999.9999", "99999.9999"),  # 4 decimals each, product just under 10^10
    ("0.00005", "0.5"),          # half of the smallest step: 0.000025 → 0.00003 (half up)
    ("-3333.3333", "0.0003"),
])
def test_two_values(a, b):
    want = expected(a, Fraction(Decimal(b)))
    assert run(ExprCompiler.mul_columns(exp.column("a"), exp.column("b")), a, b) == want


def test_the_fast_path_is_taken_where_it_fits():
    """A constant with few digits never needs the 128-bit product (DECIMAL(19, 8) in `mul`)."""
    assert "DECIMAL(19, 8)" not in ExprCompiler.mul_const(exp.column("a"), Fraction(1, 100)).sql("duckdb")
    assert "DECIMAL(19, 8)" in ExprCompiler.mul_const(exp.column("a"), Fraction(6, 10)).sql("duckdb")  # guarded
