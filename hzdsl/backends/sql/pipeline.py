"""The whole screen: read and validate, compile, compute on an engine, summarise, write atomically.

`screen(...)` is what `hzdsl screen` calls; the library entry point for notebooks too. Nothing is
written unless the inputs validate and every benefit compiles (errors are HzdslError / CompileError).
"""
from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from dataclasses import dataclass, field
from typing import Callable

from sqlglot import exp

from .atomic import FORMATS, check_target, write_batches
from .builders import alias_, select

from ...check.program import Program
from ...errors import Diagnostic, HzdslError, Span
from .columns import CompileError, col
from .ingest import (PopulationRows, SummaryInput, load_claims, load_population, memory_guarded,
                     summary_warnings)
from .query import CompiledQuery, compile_program
from .specialise import specialise
from .report import BenefitSummary, long_table, read_summary, summary_query
from .results import overflow_of, result_columns
from .depth import deep_enough
from .engines import settings

Progress = Callable[[str, int, int], None]  # (phase, done, total)


def connect(memory_limit: str | None = None, threads: int | None = None):
    import duckdb

    con = duckdb.connect()
    if memory_limit:
        con.execute(f"SET memory_limit = {exp.Literal.string(memory_limit).sql('duckdb')}")
        con.execute(f"SET temp_directory = {exp.Literal.string(tempfile.gettempdir() + '/hzdsl_duckdb').sql('duckdb')}")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    settings(con)
    return con


SLICE_ROWS = 4_000_000  # applicants screened at once (see `slice_count`)
SLICE_CELLS = 80_000_000  # applicant × benefit results computed at once
SLICE_POP, SLICE_CLAIMS = "pop_slice", "claims_slice"


@dataclass
class ScreenResult:
    query: CompiledQuery
    applicants: int
    summary: list[BenefitSummary]
    out: str | None
    slices: int = 1
    refused: list[Diagnostic] = field(default_factory=list)  # rows left out (E723), to report; never screened
    warnings: list[Diagnostic] = field(default_factory=list)  # W921 (claims of nobody in the population), to show


def compile_or_fail(program: Program, benefits: list[str] | None, missing: bool,
                    pop: str = "pop", claims: str = "claims") -> CompiledQuery:
    try:
        return compile_program(program, benefits, track_missing=missing, pop=pop, claims=claims)
    except CompileError as e:
        raise HzdslError([Diagnostic.of(e.code, e.span, e.hint, form=e.form, **e.fields)]) from None


def summary_input(program: Program, q: CompiledQuery, history: str | None) -> SummaryInput:
    """What the population may carry as 历史汇总 columns for the query `q` (hzdsl/ir/summary.py): each history aggregate's
    Stat and its column, the limits no summary states."""
    from ...ir import ir_of
    from ...ir.summary import needs

    return SummaryInput(needs(ir_of(program), [b.key for b in q.benefits]),
                        {s: name for name, s in q.stats.items() if s is not None}, history)


def slice_count(applicants: int, benefits: int) -> int:
    """How many slices to screen `applicants` in: at most SLICE_ROWS applicants and SLICE_CELLS results
    (applicant × benefit) per slice, so the history aggregate, the join and the result table of one slice
    are bounded whatever the population's size (10 M applicants × 5 benefits: 3 slices; 1 M × 77: one).
    Each slice re-reads the input and plans the query again (seconds for 77 benefits), so a population
    that fits is screened in one pass."""
    return max(1, -(-applicants // SLICE_ROWS), -(-applicants * max(benefits, 1) // SLICE_CELLS))


def slice_view(con, name: str, source: str, slices: int, k: int) -> None:
    """`name` := the rows of `source` whose 编号 hashes to slice k of `slices` (all rows when slices = 1).

    An applicant and all of their claims hash alike (both tables carry the 编号 as text), so every
    history limit sees the applicant's whole history inside one slice. Each slice re-reads the input
    (Parquet streams; nothing of the whole population is held): storing the typed input once instead
    was measured slower at 10 M (57 s to write it, spilled, under a 1 GB limit) and held more memory."""
    body = select("*").from_(source, copy=False)
    if slices > 1:
        body = body.where(exp.EQ(this=exp.Mod(this=exp.func("hash", col("id")), expression=exp.Literal.number(slices)),
                                 expression=exp.Literal.number(k)), copy=False)
    con.execute(exp.Create(this=exp.to_table(name), kind="VIEW", expression=body, replace=True,
                           properties=exp.Properties(expressions=[exp.TemporaryProperty()])).sql("duckdb"))


def merge_summary_rows(rows: list[tuple]) -> list[tuple]:
    """summary_query's rows of several slices → the rows of the whole population: per (benefit, status)
    counts (金额待定 too) and sums add up, the least of the lows and the greatest of the highs (NULL: none known)."""
    merged: dict[tuple, list] = {}
    for b, s, n, total, known, lo, hi, open_ in rows:
        m = merged.get((b, s))
        if m is None:
            merged[(b, s)] = [n, total, known, lo, hi, open_]
            continue
        m[0] += n
        m[1] = total if m[1] is None else m[1] if total is None else m[1] + total
        m[2] += known
        m[3] = lo if m[3] is None else m[3] if lo is None else min(m[3], lo)
        m[4] = hi if m[4] is None else m[4] if hi is None else max(m[4], hi)
        m[5] += open_
    return [(b, s, *m) for (b, s), m in merged.items()]


@memory_guarded  # DuckDB out of memory anywhere inside: E960 (exit 2)
@deep_enough
def screen(program: Program, population: str, history: str | None = None, params: dict | None = None,
           date: dt.date | None = None, engine: str = "duckdb", spark_master: str = "local[*]",
           missing: bool = False, out: str | None = None, benefits: list[str] | None = None,
           progress: Progress | None = None, memory_limit: str | None = None,
           slices: int | None = None) -> ScreenResult:
    """Screen `population` (with its claims `history`) on every benefit, or on `benefits`.

    The population is screened in slices (hash of 编号 modulo `slices`; default `slice_count`): each
    slice's result table is summarised, written to `out` and dropped before the next one is computed,
    so memory stays bounded by one slice (ten million applicants stream from Parquet). Raises
    HzdslError before anything is written when an input or a benefit does not validate or compile."""
    progress = progress or (lambda phase, done, total: None)
    if out:
        check_target(out)
    if engine == "spark":  # an unusable master is E917 now, not a Java stack after the whole ingest
        from .engines import check_master
        check_master(spark_master)
    q = compile_or_fail(program, benefits, missing, SLICE_POP, SLICE_CLAIMS)
    con = connect(memory_limit)
    progress("校验输入", 0, 1)
    pop_rows: list[PopulationRows] = []
    summary = summary_input(program, q, history)
    refused = load_population(con, program, q.layout, population, date, params or {},
                              history is not None, pop_rows, summary=summary)
    warnings = load_claims(con, program, q.layout, history, pop_rows[0], reads_history=q.aggregate is not None)
    if pop_rows[0].summary:  # 历史汇总: the population carries each history aggregate; no claims are read
        q = q.summary_form()
        warnings += summary_warnings(program, summary)  # W924: limits read as a history not known
    if engine == "duckdb":  # what the file fixes for everyone, written into the query (specialise.py)
        q = specialise(q, pop_rows[0].constants)
    progress("校验输入", 1, 1)
    applicants = con.execute(select(exp.Count(this=exp.Star())).from_("pop", copy=False).sql("duckdb")).fetchone()[0]
    # no more slices than applicants: a slice no 编号 hashes to still re-reads the input and re-plans the query
    # (--slices 100000 on 3 persons took hours, breaker3 s23); the results do not depend on the count
    n_slices = min(slices, max(applicants, 1)) if slices else slice_count(applicants, len(q.benefits))
    rows: list[tuple] = []
    written = [0]
    # generated once, run per slice (building and printing the 77-benefit queries costs seconds)
    res_sql = None if engine == "spark" else create_res(q.select if out else summary_columns(q))
    # copy=False: both trees are built here and used once (sqlglot copies before generating, in case its dialect
    # transforms change the tree; for the 77-benefit long table the copy was 0.39 of 0.43 s)
    summary_sql = summary_query(q).sql("duckdb", copy=False)
    long_sql = (long_table(q, text=FORMATS.get(Path(out).suffix.lower(), ",") is not None).sql("duckdb", copy=False)
                if out else None)

    def results():
        """Per slice: compute, summarise, hand the long rows to the writer, drop (a generator, so writing
        one slice finishes before the next slice is computed)."""
        for k in range(n_slices):
            progress("计算", k, n_slices)
            slice_view(con, SLICE_POP, "pop", n_slices, k)
            slice_view(con, SLICE_CLAIMS, "claims", n_slices, k)
            if res_sql is not None:
                con.execute(res_sql)
            else:
                compute_spark(con, q, spark_master)
            overflowed(con, q, population)  # E918 before anything of this slice is summarised or written
            rows.extend(con.execute(summary_sql).fetchall())
            if out:
                # one DuckDB thread while the long rows stream out: with more, the others run ahead of the
                # writer and their output piles up in memory (measured: 200 000 × 77 benefits to Parquet,
                # peak RSS 1.28 GB against 0.40 GB when the batches are only counted; one thread: 0.39 GB)
                threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
                con.execute("SET threads = 1")
                reader = con.sql(long_sql).to_arrow_reader(200_000)
                for batch in reader:
                    yield batch
                    written[0] += batch.num_rows
                    progress("写出", written[0], applicants * len(q.benefits))
                # restored once the reader is drained (a connection with an open result refuses SET; a writer
                # error ends the whole screen, and the connection with it)
                con.execute(f"SET threads = {int(threads)}")
                if written[0] == 0 and k == n_slices - 1:  # 0 persons: --out still gets the header row
                    import pyarrow as pa

                    yield pa.RecordBatch.from_pylist([], schema=reader.schema)
            con.execute("DROP TABLE res")
        progress("计算", n_slices, n_slices)

    if out:
        write_batches(results(), out)
    else:
        for _ in results():
            pass
    n, summary = read_summary(q, merge_summary_rows(rows))
    con.close()
    return ScreenResult(q, n, summary, out, n_slices, refused, warnings)


def summary_columns(q: CompiledQuery) -> exp.Select:
    """The compiled query narrowed to what summary_query reads (each benefit's code — status and flags — and
    amount column, if it has one) — and, where a benefit can overflow, the id `overflowed` names.

    Without --out nothing else of the result is read: DuckDB then never computes the id or the
    mask columns (its optimiser drops unused projections), nor stores them — measured on 200 000
    applicants × 77 benefits (one thread, summary included): 1.8 against 2.0 CPU s."""
    flags = any(b.overflow for b in q.benefits)
    cols = ([col("id")] if flags else []) + [col(c) for b in q.benefits for c in result_columns(b)]
    return select(*cols).from_(q.select.subquery("q", copy=False), copy=False)


def overflowed(con, q: CompiledQuery, population: str) -> None:
    """E918: a row whose answer needs a value beyond DECIMAL(18, 8) (a product of two large facts) —
    the first such applicant and benefit. Rows the rule does not pay are screened as usual (the value
    is NULL there and unused); the scalar engine (`hzdsl run`) computes such a row exactly."""
    flagged = [b for b in q.benefits if b.overflow]
    if not flagged:
        return
    parts = [select(col("id"), alias_(exp.Literal.string(b.name), "b")).from_("res", copy=False)
             .where(overflow_of(b), copy=False) for b in flagged]
    union = parts[0]
    for p in parts[1:]:
        union = exp.union(union, p, distinct=False, copy=False)
    hit = con.execute(select("*").from_(union.subquery("o"), copy=False).limit(1).sql("duckdb")).fetchall()
    if hit:
        ident, name = hit[0]
        raise HzdslError([Diagnostic.of(
            "E918", Span(population, 0, 0, 0, 0),
            "检查该申请人的事实是否录入有误（人数、金额多写了几位）；确实无误时用 hzdsl run 单独计算（标量引擎不受此限）。"
            "没有写出任何结果", ident=ident, benefit=name)])


def create_res(expression: exp.Expression) -> str:
    return exp.Create(this=exp.to_table("res"), kind="TABLE", expression=expression,
                      properties=exp.Properties(expressions=[exp.TemporaryProperty()])).sql("duckdb")


def compute_spark(con, q: CompiledQuery, spark_master: str) -> None:
    """The temporary table `res` := the compiled query over the current slice, run on Spark."""
    from .engines import run_spark
    pop = con.sql(select("*").from_(q.pop, copy=False).sql("duckdb")).to_arrow_table()
    claims = con.sql(select("*").from_(q.claims, copy=False).sql("duckdb")).to_arrow_table()
    con.register("res_spark", run_spark(q, pop, claims, spark_master))
    con.execute(create_res(select("*").from_("res_spark", copy=False)))
    con.unregister("res_spark")
