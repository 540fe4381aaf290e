"""历史汇总 (the history as per-applicant summary columns) screens exactly as the claims rows do.

The summary of each generated case is computed here by plain Python over the case's own history records
(`summarise`: count the records of the counted benefits in the window, add up the values they give, count
those that lack one) — not by the SQL back-end. The claims form (population + claim rows) and the summary
form (population + those columns, no claims) must give the same table, row for row, on DuckDB and Spark;
and both the scalar engine's answers. A planted slip (a count or a sum read one off) must be caught.
"""
from __future__ import annotations

from decimal import Decimal

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hzdsl.backends.sql import compile_program
from hzdsl.backends.sql.engines import run_duckdb
from hzdsl.backends.sql.frames import cases_to_tables, exact_decimal
from hzdsl.backends.sql.summary import AMOUNT, Measure, stats_of
from hzdsl.ir import ir_of
from hzdsl.limitspec import Window
from hzdsl.testing.strategies import factory

from .test_screen_diff import COLLECT, representable, require_spark

pytest.importorskip("duckdb")


def summarisable(program) -> list[str]:
    """The benefits whose every limit a per-applicant number states (all but those under 同一…不得重复享受)."""
    prog = ir_of(program)
    return [k for k, b in prog.benefits.items() if all(stats_of(lim) is not None for lim in b.limits)]


def summarise(stat, case) -> object:
    """One summary cell of one case, by hand: None when the case's history is unknown."""
    if case.history is None:
        return None
    rows = [h for h in case.history if h.benefit in stat.counted
            and (stat.window is Window.ALL or h.date.year == case.date.year)]
    if stat.measure is Measure.COUNT:
        return len(rows)
    values = [h.amount if stat.field == AMOUNT else h.fields.get(stat.field) for h in rows]
    if stat.measure is Measure.UNKNOWN:
        return sum(1 for v in values if v is None)
    return exact_decimal(sum((v.value for v in values if v is not None), start=0))


def summary_tables(program, q, cases, slip: int = 0):
    """(pop with the summary columns, claims) for the claims form, and pop + summary for the summary form;
    `slip` is added to every count and sum (a planted bug the comparison must catch)."""
    rows = [(str(i), c.date, c.facts, c.params, c.history) for i, c in enumerate(cases)]
    pop, claims = cases_to_tables(program, q.layout, rows)
    with_summary = pop
    for name, stat in q.stats.items():
        cells = [summarise(stat, c) for c in cases]
        if stat.measure is Measure.SUM:
            column = pa.array([None if v is None else v + slip for v in cells], pa.decimal128(18, 8))
        else:
            column = pa.array([None if v is None else v + slip for v in cells], pa.int64())
        with_summary = with_summary.append_column(name, column)
    return pop, claims, with_summary


def disagreements(program, q, cases, run=run_duckdb, slip: int = 0) -> list[str]:
    pop, claims, with_summary = summary_tables(program, q, cases, slip)
    by_claims = run(q, pop, claims).sort_by("id")
    by_summary = run(q.summary_form(), with_summary, claims.slice(0, 0)).sort_by("id")
    assert by_claims.column_names == by_summary.column_names
    bad = []
    for name in by_claims.column_names:
        a, b = by_claims.column(name).to_pylist(), by_summary.column(name).to_pylist()
        bad += [f"案例 {i} 列 {name}：明细 {x} ≠ 汇总 {y}" for i, (x, y) in enumerate(zip(a, b)) if x != y]
    return bad


@pytest.fixture(scope="module")
def summary_query(program):
    return compile_program(program, summarisable(program), track_missing=True)


@pytest.fixture(scope="module")
def histories(program, summary_query):
    """Generated cases aimed at the summarisable limits, with and without gaps in the records' fields and 金额."""
    drawn = []
    f = factory(program)
    prog = ir_of(program)
    limited = sorted({t for k in summarisable(program) for lim in prog.benefits[k].limits for t in lim.targets})

    @settings(COLLECT, max_examples=250)
    @given(f.focus(limited).flatmap(lambda focus: f.cases(full=False, with_history=True, focus=focus,
                                                          history_gaps=True)))
    def gappy(case):
        if representable(program, summary_query.layout, case):
            drawn.append(case)

    gappy()

    @settings(COLLECT, max_examples=250)
    @given(f.cases(full=False))
    def plain(case):
        if representable(program, summary_query.layout, case):
            drawn.append(case)

    plain()
    assert len(drawn) > 300
    return drawn


def test_the_summarisable_benefits_leave_out_only_the_no_repeat_limits(program):
    prog = ir_of(program)
    left = sorted(set(prog.benefits) - set(summarisable(program)))
    assert left and all(any(lim.spec.aggregate == "no_repeat" for lim in prog.benefits[k].limits) for k in left)
    assert "个人创业担保贷款" in summarisable(program)


def test_the_summary_form_reads_no_claims(summary_query):
    sql = summary_query.summary_form().sql()
    assert "claims" not in sql and "GROUP BY" not in sql.upper() and " JOIN " not in sql.upper()
    assert "GROUP BY" in summary_query.sql().upper()


def test_the_histories_reach_every_summarised_measure(program, summary_query, histories):
    """Not vacuous: counts above 0, sums above 0 and records lacking a value in the drawn summaries, for
    every window, and the limits decided every way by the scalar engine."""
    from .test_screen_diff import expected

    seen = set()
    for stat in summary_query.stats.values():
        cells = [summarise(stat, c) for c in histories]
        if any(v for v in cells if v is not None):
            seen.add((stat.measure, stat.window))
    assert {(m, w) for m in Measure for w in Window} <= seen, seen
    statuses = {row[0] for c in histories for row in expected(program, c)}
    assert statuses >= {"符合", "不符合", "待定"}


def test_duckdb_claims_and_summary_agree_row_for_row(program, summary_query, histories):
    bad = disagreements(program, summary_query, histories)
    assert not bad, "\n".join(bad[:20])


def test_the_summary_form_gives_the_scalar_engines_answers(program, summary_query, histories):
    """And the scalar engine's answers (each benefit's 结论, 金额, 待定事实), as tests/test_screen_diff.py checks
    the claims form: the engine decides every benefit, the summary query only the summarisable ones."""
    from hzdsl.backends.sql.results import decode

    from .test_screen_diff import expected

    _, claims, with_summary = summary_tables(program, summary_query, histories)
    got = decode(summary_query, run_duckdb(summary_query.summary_form(), with_summary, claims.slice(0, 0)))
    place = {k: i for i, k in enumerate(program.benefits)}
    bad = []
    for i, case in enumerate(histories):
        want = expected(program, case)
        for b, s in zip(summary_query.benefits, got[str(i)]):
            have = (s.status, s.amount, s.amount_unknown, s.missing, s.placeholders, s.amount_missing,
                    s.amount_placeholders, s.at_most)
            if have != want[place[b.key]]:
                bad.append(f"案例 {i}「{b.name}」：标量 {want[place[b.key]]} ≠ 汇总 {have}")
    assert not bad, "\n".join(bad[:20])


@settings(max_examples=5, deadline=None)
@given(data=st.data())
def test_duckdb_claims_and_summary_agree_on_hypothesis_populations(program, summary_query, data):
    f = factory(program)
    cases = data.draw(st.lists(f.cases(full=False, with_history=True, history_gaps=True), min_size=1, max_size=30))
    cases = [c for c in cases if representable(program, summary_query.layout, c)]
    bad = disagreements(program, summary_query, cases)
    assert not bad, "\n".join(bad[:20])


@pytest.mark.parametrize("slip", [1, -1])
def test_a_summary_read_one_off_is_caught(program, summary_query, histories, slip):
    """Planted: every count and sum one more (or one less) than the records say — some row must differ."""
    bad = disagreements(program, summary_query, histories, slip=slip)
    assert bad, "a summary one off went unnoticed"


@pytest.mark.spark
def test_spark_claims_and_summary_agree_row_for_row(program, summary_query, histories):
    require_spark()
    from hzdsl.backends.sql.engines import run_spark

    bad = disagreements(program, summary_query, histories[:250], run=run_spark)
    assert not bad, "\n".join(bad[:20])
