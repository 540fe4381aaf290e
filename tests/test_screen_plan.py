"""The plan DuckDB makes of the compiled query: membership tests stay expressions, never joins.

DuckDB's `in_clause` optimiser turns each `x IN (constants…)` into a mark join against a constant table.
The compiled query has about 170 of them (身份 包含 …, 属于 …, the claims' 待遇 lists), so the plan became
~180 hash joins, each carrying the query's 250–550 columns — measured on `hzdsl screen` of all 77 benefits
with --history and --missing (loaded machine): 40 persons 23.8 s, 400 persons 24.1 s, 4 000 persons 26.6 s,
the statement computing the results alone 8.6–9.5 s; without the rewrite 1.5–3.1 s, the same results."""
from __future__ import annotations

import pyarrow as pa
import pytest

pytest.importorskip("duckdb")

from hzdsl.backends.sql import compile_program
from hzdsl.backends.sql.frames import claims_schema, pop_schema
from hzdsl.backends.sql.pipeline import connect


def _plan(con, sql: str) -> str:
    """EXPLAIN's text, upper case without spaces (DuckDB draws `Hash Join`, `Column Data Scan`)."""
    return "\n".join(r[1] for r in con.execute("EXPLAIN " + sql).fetchall()).upper().replace(" ", "")


def test_the_screen_connection_keeps_membership_tests_as_expressions(program):
    con = connect()
    con.execute("CREATE TABLE t AS SELECT range AS x FROM range(10)")
    plan = _plan(con, "SELECT x IN (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12) AS m FROM t")
    assert "JOIN" not in plan and "COLUMNDATASCAN" not in plan, plan


def test_the_whole_compiled_query_plans_without_constant_joins(program):
    """All 77 benefits: the only joins left are the claims history's (the base stage: persons joined to their
    claims, the per-applicant aggregates left-joined back, and the aggregate's grouping join) — none a MARK
    join of a membership test (there were 179 joins, 172 of them over constant tables)."""
    q = compile_program(program, None)
    con = connect()
    con.register(q.pop, pa.Table.from_pylist([], schema=pop_schema(program, q.layout)))
    con.register(q.claims, pa.Table.from_pylist([], schema=claims_schema(program, q.layout)))
    plan = _plan(con, q.sql("duckdb"))
    assert "COLUMNDATASCAN" not in plan
    assert plan.count("JOINTYPE:") == 3 and "JOINTYPE:MARK" not in plan, plan.count("JOINTYPE:")
