"""The compiled query's result is narrow (issue 11 pt 7: converting it to Arrow was the largest cost
after the logic), and every consumer reads it through the one decoder (backends/sql/results.py).

Per benefit: one TINYINT code (status + flag bits) and an amount column — none when the amount is a
constant. The constants, by hand from the official text: 一次性创业补贴 「可按规定申领 3000 元」 → 3000 元;
一次性创业社保补贴 「再申领 5000 元」 → 5000 元; 个人创业担保贷款 「最高 50 万元」 → 50 × 10 000 = 500 000 元
(its ceiling, 最高额); the two 贴息 are rates that depend on the contract rate and LPR: a column each.
"""
from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pyarrow as pa
import pytest

from hzdsl.backends.sql import compile_program
from hzdsl.backends.sql.ingest import load_claims, load_population
from hzdsl.backends.sql.pipeline import connect
from hzdsl.backends.sql.report import display, long_table
from hzdsl.backends.sql.results import arrow_columns, decode
from hzdsl.loader import load_policies

pytest.importorskip("duckdb")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ["一次性创业补贴", "一次性创业社保补贴", "个人创业担保贷款", "个人创业担保贷款全额贴息", "其他人员个人创业担保贷款贴息"]


@pytest.fixture(scope="module")
def program():
    return load_policies([str(ROOT / "policies")]).program


def _screen(program, benefits=None, population="examples/population.csv", history="examples/population_history.csv"):
    """The raw result (Arrow) of the compiled query over a bundled population, and the connection holding it."""
    q = compile_program(program, benefits)
    con = connect()
    rows = []
    load_population(con, program, q.layout, str(ROOT / population), dt.date(2023, 6, 30), {}, True, rows)
    load_claims(con, program, q.layout, str(ROOT / history), rows[0])
    res = con.sql(q.sql("duckdb")).to_arrow_table()
    return q, con, res


def test_fixed_amounts_are_the_official_constants(program):
    q = compile_program(program, SHARED)
    assert {b.name: b.fixed for b in q.benefits} == {
        "一次性创业补贴": Fraction(3000), "一次性创业社保补贴": Fraction(5000), "个人创业担保贷款": Fraction(500_000),
        "个人创业担保贷款全额贴息": None, "其他人员个人创业担保贷款贴息": None}


def test_the_result_is_one_tinyint_per_benefit_and_only_the_amounts_that_vary(program):
    q, con, res = _screen(program, SHARED)
    con.close()
    types = {f.name: f.type for f in res.schema}
    assert [c for c in types if c != "id"] == [c for b in q.benefits for c in (b.code, b.amount) if c]
    assert all(types[b.code] == pa.int8() for b in q.benefits)
    assert [b.name for b in q.benefits if b.amount] == ["个人创业担保贷款全额贴息", "其他人员个人创业担保贷款贴息"]
    assert not any(pa.types.is_boolean(t) or t == pa.int32() for t in types.values())


def test_every_reading_of_the_result_agrees_with_the_python_decoder(program):
    """All 77 benefits on the bundled population: the long table (SQL: status_of, amount_of, unknown_of,
    at_most_of) and the vectorised arrow_columns say per row what `decode` says (the differential tests
    check `decode` against the scalar engine)."""
    q, con, res = _screen(program)
    by_row = decode(q, res)
    con.register("res", res)
    long = con.sql(long_table(q).sql("duckdb")).fetchall()
    con.close()
    names = {b.name: (i, b) for i, b in enumerate(q.benefits)}
    seen = set()
    for ident, name, _clause, status, amount, _unit, _nature, unknown, at_most in long:
        i, b = names[name]
        s = by_row[ident][i]
        shown = None if s.amount is None else s.amount / display(b)[1]
        assert (status, None if amount is None else Fraction(amount), unknown, at_most) == \
            (s.status, shown, s.amount_unknown, s.at_most), (ident, name)
        seen.add((s.status, b.fixed is not None, s.amount is not None, s.amount_unknown))
    assert len(long) == res.num_rows * len(q.benefits)
    # not vacuous: fixed amounts on 符合 and 待定 rows, none on 不符合; varying amounts known and unknown
    for case in [("符合", True, True, False), ("待定", True, True, False), ("不符合", True, False, False),
                 ("符合", False, True, False), ("待定", False, False, True), ("不符合", False, False, False)]:
        assert case in seen, case
    vec = arrow_columns(q, res)
    ids = res.column("id").to_pylist()
    for b_i, b in enumerate(q.benefits):
        status, amount = (c.to_pylist() for c in vec[b.key])
        for r, ident in enumerate(ids):
            s = by_row[ident][b_i]
            assert (["不符合", "符合", "待定", "冲突"][status[r]], None if amount[r] is None else Fraction(amount[r])) == \
                (s.status, s.amount), (ident, b.name)


def test_an_amount_only_at_most_reads_back_through_the_code(program, tmp_path):
    """AT_MOST_BIT and UNKNOWN_BIT beside the status (tests/test_screen_at_most.py's rows, by hand from clause
    十三: at most 6000 − 5000 = 1000 元 left → 待定, 1000 元, 至多; 2000 元 known → 待定 3000 元, still 至多: the
    record without 金额 may have used the quota — 读法 breaker s21)."""
    from .test_screen_at_most import HISTORY, POP

    (tmp_path / "p.csv").write_text(POP, encoding="utf-8")
    (tmp_path / "h.csv").write_text(HISTORY, encoding="utf-8")
    q, con, res = _screen(program, ["职工学徒培训补贴"], str(tmp_path / "p.csv"), str(tmp_path / "h.csv"))
    con.close()
    got = {k: (v[0].status, v[0].amount, v[0].amount_unknown, v[0].at_most) for k, v in decode(q, res).items()}
    assert got == {"P1": ("待定", Fraction(1000), False, True), "P2": ("待定", Fraction(3000), False, True),
                   "P3": ("符合", Fraction(3000), False, False)}
    # the codes themselves: 待定 = 2, + AT_MOST_BIT 16 for P1 and P2; 符合 = 1
    codes = dict(zip(res.column("id").to_pylist(), res.column(q.benefits[0].code).to_pylist()))
    assert codes == {"P1": 2 + 16, "P2": 2 + 16, "P3": 1}
