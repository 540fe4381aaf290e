"""Run a compiled query: DuckDB in process (default) or Spark (local[*] or a cluster).

Both take the applicant table and the claims table as Arrow tables (or, for DuckDB, any relation
DuckDB can scan) and return the wide result as an Arrow table: id, then per benefit s<i> (status
code), a<i> (amount), u<i> (amount unknown), m<i>_<w> (mask words, with --missing).
"""
from __future__ import annotations

import os
import shutil
from typing import Any

import pyarrow as pa

from .query import CompiledQuery


def run_duckdb(q: CompiledQuery, pop: Any, claims: Any, con=None, threads: int | None = None) -> pa.Table:
    import duckdb

    own = con is None
    con = con or duckdb.connect()
    try:
        if threads:
            con.execute(f"SET threads = {int(threads)}")
        if own:  # rows are matched by id, never by place: DuckDB need not keep the input's order
            con.execute("SET preserve_insertion_order = false")
        con.register(q.pop, pop)
        con.register(q.claims, claims)
        return con.sql(q.sql("duckdb")).to_arrow_table()
    finally:
        if own:
            con.close()


_SPARK = None


def java_available() -> bool:
    return bool(os.environ.get("JAVA_HOME")) or shutil.which("java") is not None


def spark_session(master: str = "local[*]"):
    """One SparkSession per process (creating one costs seconds); decimal arithmetic without precision loss."""
    global _SPARK
    if _SPARK is None:
        from pyspark.sql import SparkSession

        _SPARK = (SparkSession.builder.master(master).appName("hzdsl-screen")
                  .config("spark.sql.decimalOperations.allowPrecisionLoss", "false")
                  .config("spark.sql.ansi.enabled", "false")
                  .config("spark.sql.session.timeZone", "UTC")
                  .config("spark.sql.execution.arrow.pyspark.enabled", "true")
                  .config("spark.ui.enabled", "false")
                  .config("spark.sql.shuffle.partitions", os.environ.get("HZDSL_SPARK_PARTITIONS", "4"))
                  .getOrCreate())
        _SPARK.sparkContext.setLogLevel("ERROR")
    return _SPARK


def run_spark(q: CompiledQuery, pop: pa.Table, claims: pa.Table, master: str = "local[*]") -> pa.Table:
    spark = spark_session(master)
    # Spark ≥ 4 takes and gives Arrow tables directly (no pandas in between)
    spark.createDataFrame(pop).createOrReplaceTempView(q.pop)
    spark.createDataFrame(claims).createOrReplaceTempView(q.claims)
    return spark.sql(q.sql("spark")).toArrow()
