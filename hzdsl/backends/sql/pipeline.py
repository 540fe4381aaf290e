"""The whole screen: read and validate, compile, compute on an engine, summarise, write atomically.

`screen(...)` is what `hzdsl screen` calls; the library entry point for notebooks too. Nothing is
written unless the inputs validate and every benefit compiles (errors are HzdslError / CompileError).
"""
from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from typing import Callable

from sqlglot import exp

from .atomic import check_target, write_batches
from .builders import alias_, and_, cast, or_, select

from ...check.program import Program
from ...errors import Diagnostic, HzdslError
from .columns import CompileError
from .ingest import load_claims, load_population
from .query import CompiledQuery, compile_program
from .report import BenefitSummary, long_table, read_summary, summary_query

Progress = Callable[[str, int, int], None]  # (phase, done, total)


def connect(memory_limit: str | None = None, threads: int | None = None):
    import duckdb

    con = duckdb.connect()
    if memory_limit:
        con.execute(f"SET memory_limit = {exp.Literal.string(memory_limit).sql('duckdb')}")
        con.execute(f"SET temp_directory = {exp.Literal.string(tempfile.gettempdir() + '/hzdsl_duckdb').sql('duckdb')}")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    con.execute("SET preserve_insertion_order = false")
    return con


@dataclass
class ScreenResult:
    query: CompiledQuery
    applicants: int
    summary: list[BenefitSummary]
    out: str | None
    refused: list[Diagnostic] = field(default_factory=list)  # rows left out (E723), to report; never screened


def compile_or_fail(program: Program, benefits: list[str] | None, missing: bool) -> CompiledQuery:
    try:
        return compile_program(program, benefits, track_missing=missing)
    except CompileError as e:
        raise HzdslError([Diagnostic(e.code, e.message, e.span, e.hint)]) from None


def screen(program: Program, population: str, history: str | None = None, params: dict | None = None,
           date: dt.date | None = None, engine: str = "duckdb", spark_master: str = "local[*]",
           missing: bool = False, out: str | None = None, benefits: list[str] | None = None,
           progress: Progress | None = None, memory_limit: str | None = None) -> ScreenResult:
    progress = progress or (lambda phase, done, total: None)
    if out:
        check_target(out)
    q = compile_or_fail(program, benefits, missing)
    con = connect(memory_limit)
    progress("校验输入", 0, 1)
    refused = load_population(con, program, q.layout, population, date or dt.date.today(), params or {},
                              history is not None)
    load_claims(con, program, q.layout, history)
    progress("校验输入", 1, 1)
    progress("计算", 0, 1)
    if engine == "spark":
        from .engines import run_spark
        pop = con.sql(select("*").from_("pop", copy=False).sql("duckdb")).to_arrow_table()
        claims = con.sql(select("*").from_("claims", copy=False).sql("duckdb")).to_arrow_table()
        con.register("res_spark", run_spark(q, pop, claims, spark_master))
        con.execute(exp.Create(this=exp.to_table("res"), kind="TABLE", expression=select("*").from_("res_spark", copy=False),
                               properties=exp.Properties(expressions=[exp.TemporaryProperty()])).sql("duckdb"))
    else:
        con.execute(exp.Create(this=exp.to_table("res"), kind="TABLE", expression=q.select,
                               properties=exp.Properties(expressions=[exp.TemporaryProperty()])).sql("duckdb"))
    progress("计算", 1, 1)
    n, summary = read_summary(q, con.execute(summary_query(q).sql("duckdb")).fetchall())
    if out:
        write_long(con, q, out, n, progress)
    con.close()
    return ScreenResult(q, n, summary, out, refused)


def write_long(con, q: CompiledQuery, out: str, n: int, progress: Progress) -> None:
    """Per applicant and benefit, streamed in batches to CSV or Parquet; renamed into place at the end."""
    total = n * len(q.benefits)
    write_batches(con.sql(long_table(q).sql("duckdb")).to_arrow_reader(200_000), out,
                  lambda done: progress("写出", done, total))
