"""Run a compiled query: DuckDB in process (default) or Spark (local[*] or a cluster).

Both take the applicant table and the claims table as Arrow tables (or, for DuckDB, any relation
DuckDB can scan) and return the wide result as an Arrow table: id, then per benefit c<i> (TINYINT: status
and flags), a<i> (amount; none when it is fixed), m<i>_<w> / n<i>_<w> (mask words, with --missing) —
read it through results.py (`decode`, `arrow_columns`).
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import tempfile
from typing import Any

import pyarrow as pa

from ...errors import Diagnostic, HzdslError, Span, os_reason
from .query import CompiledQuery


def settings(con) -> None:
    """What every hzdsl DuckDB connection runs the compiled query with.

    - rows are matched by id, never by place: DuckDB need not keep the input's order;
    - DuckDB's `in_clause` optimiser is off. It turns each `x IN (constants…)` into a mark join against a
      constant table; the compiled query has about 170 memberships (身份 包含 …, 属于 …, the claims' 待遇
      lists), so the plan of all 77 benefits became some 180 hash joins, each carrying the query's 250–550
      columns, whatever the number of persons. Measured (`hzdsl screen`, 77 benefits, --history, --missing,
      loaded machine): the statement computing the results 8.6–9.5 s → 1.5–3.1 s at 400 persons, the
      results identical; an IN list here has at most a few dozen constants, compared per row."""
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET disabled_optimizers = 'in_clause'")


def run_duckdb(q: CompiledQuery, pop: Any, claims: Any, con=None, threads: int | None = None) -> pa.Table:
    import duckdb

    own = con is None
    con = con or duckdb.connect()
    try:
        if threads:
            con.execute(f"SET threads = {int(threads)}")
        if own:
            settings(con)
        con.register(q.pop, pop)
        con.register(q.claims, claims)
        return con.sql(q.sql("duckdb")).to_arrow_table()
    finally:
        if own:
            con.close()


_SPARK = None

# the master URLs Spark accepts (SparkContext.createTaskScheduler); anything else is refused before a JVM starts
_LOCAL = re.compile(r"local(\[(\*|[1-9][0-9]*)(,\s*[0-9]+)?\])?")
_LOCAL_CLUSTER = re.compile(r"local-cluster\[\s*[1-9][0-9]*\s*,\s*[1-9][0-9]*\s*,\s*[1-9][0-9]*\s*\]")
_HOST_PORT = re.compile(r"(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):([0-9]{1,5})")
MASTER_HINT = ("地址形如 spark://主机:7077（独立集群，可用逗号列出多个主节点）、yarn、k8s://https://主机:端口 或 local[*]；"
               "不用集群时去掉 --spark-master（默认 local[*]，在本机计算）")


def java_available() -> bool:
    return bool(os.environ.get("JAVA_HOME")) or shutil.which("java") is not None


def _unavailable(master: str, why: str, hint: str = MASTER_HINT) -> HzdslError:
    return HzdslError([Diagnostic.of("E917", Span("--spark-master", 0, 0, 0, 0), hint, master=master, why=why)])


def check_master(master: str, timeout: float = 3.0) -> None:
    """E917 before any JVM starts (a JVM spends a minute retrying an unreachable master, then dies with a
    Java stack): a URL Spark does not accept, or a spark:// master at which no host:port answers."""
    if _LOCAL.fullmatch(master) or _LOCAL_CLUSTER.fullmatch(master) or master == "yarn":
        return
    if master.startswith("k8s://") and len(master) > len("k8s://"):
        return
    if not master.startswith("spark://"):
        raise _unavailable(master, "不是 Spark 认识的集群地址")
    places = master[len("spark://"):].split(",")
    parsed = [_HOST_PORT.fullmatch(p.strip()) for p in places]
    if not places or not all(parsed) or not all(0 < int(m.group(2)) < 65536 for m in parsed):
        raise _unavailable(master, "地址应为 spark://主机:端口（端口 1–65535）")
    reasons = []
    for m in parsed:
        host, port = m.group(1).strip("[]"), int(m.group(2))
        try:
            with socket.create_connection((host, port), timeout=timeout):
                return  # one master answers: Spark itself says the rest
        except OSError as e:
            why = "找不到该主机" if isinstance(e, socket.gaierror) else \
                "连接超时" if isinstance(e, TimeoutError) else os_reason(e)
            reasons.append(f"{host}:{port} {why}")
    raise _unavailable(master, "连接不上（" + "；".join(reasons) + "）",
                       "检查主节点的主机名与端口（独立集群默认 7077）、集群是否已启动、本机能否访问该网络；" + MASTER_HINT)


def spark_session(master: str = "local[*]"):
    """One SparkSession per process (creating one costs seconds); decimal arithmetic without precision loss.

    The JVM's own stderr (log4j start-up warnings, connection retries, Java stacks) goes to a log file in
    the temporary folder, not to the user's terminal; a session that cannot start is E917 naming the
    master and that log file."""
    global _SPARK
    if _SPARK is None:
        from pyspark.sql import SparkSession

        log = tempfile.NamedTemporaryFile(prefix="hzdsl-spark-", suffix=".log", delete=False)
        saved = os.dup(2)
        try:
            os.dup2(log.fileno(), 2)  # the JVM (started now) inherits this stderr for its whole life
            _SPARK = (SparkSession.builder.master(master).appName("hzdsl-screen")
                      .config("spark.sql.decimalOperations.allowPrecisionLoss", "false")
                      .config("spark.sql.ansi.enabled", "false")
                      .config("spark.sql.session.timeZone", "UTC")
                      .config("spark.sql.execution.arrow.pyspark.enabled", "true")
                      .config("spark.ui.enabled", "false")
                      .config("spark.sql.shuffle.partitions", os.environ.get("HZDSL_SPARK_PARTITIONS", "4"))
                      .getOrCreate())
            _SPARK.sparkContext.setLogLevel("ERROR")
        except Exception as e:  # Py4JJavaError (master gone, refused the app), gateway not started (no Java)
            _SPARK = None
            first = (str(e).strip().splitlines() or [type(e).__name__])[0][:200]
            with open(log.name, encoding="utf-8", errors="replace") as f:
                said = f.read()
            if "All masters are unresponsive" in said:  # it accepted the connection but never registered us
                first = "主节点没有应答：该地址上的服务不是 Spark 主节点，或它拒绝了本应用"
            raise _unavailable(master, f"Spark 未能启动（{first}）",
                               f"Spark 的日志在 {log.name}；{MASTER_HINT}") from None
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            log.close()
    return _SPARK


def run_spark(q: CompiledQuery, pop: pa.Table, claims: pa.Table, master: str = "local[*]") -> pa.Table:
    spark = spark_session(master)
    # Spark ≥ 4 takes and gives Arrow tables directly (no pandas in between)
    spark.createDataFrame(pop).createOrReplaceTempView(q.pop)
    spark.createDataFrame(claims).createOrReplaceTempView(q.claims)
    return spark.sql(q.sql("spark")).toArrow()
