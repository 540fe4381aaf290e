"""Per-partition figures for docs/人群筛查.md: the compiled query of all 77 benefits on Spark local[1].

    python benchmarks/spark_partitions.py [--persons 100000] [--partitions 4]

One core processes the partitions one after another, so persons / second here is the throughput of one
executor core; the run on 1 000 persons gives the fixed cost (planning and code generation of the
query). From Spark's own task metrics (its status API, read over HTTP from the driver): the run time of
each partition's task, and the bytes written and read by shuffles — the history join is the query's only
shuffle besides the final collection. Prints JSON lines; nothing is asserted.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("HZDSL_SPARK_PARTITIONS", "4")

from hzdsl.backends.sql import compile_program  # noqa: E402
from hzdsl.backends.sql import engines  # noqa: E402
from hzdsl.backends.sql.generate import generate  # noqa: E402
from hzdsl.backends.sql.ingest import load_claims, load_population  # noqa: E402
from hzdsl.backends.sql.pipeline import connect  # noqa: E402
from hzdsl.backends.sql.results import amount_of, status_of  # noqa: E402
from hzdsl.loader import load_policies  # noqa: E402


def session():
    """engines.spark_session's settings, with the status API on (it serves the task metrics)."""
    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master("local[1]").appName("hzdsl-partitions")
             .config("spark.sql.decimalOperations.allowPrecisionLoss", "false")
             .config("spark.sql.ansi.enabled", "false").config("spark.sql.session.timeZone", "UTC")
             .config("spark.sql.execution.arrow.pyspark.enabled", "true")
             .config("spark.sql.shuffle.partitions", os.environ["HZDSL_SPARK_PARTITIONS"])
             .config("spark.sql.autoBroadcastJoinThreshold", "-1")  # the history join as a shuffle, as on a cluster
             .config("spark.ui.enabled", "true").config("spark.ui.port", "0").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    engines._SPARK = spark
    return spark


def stages(spark) -> list[dict]:
    url = spark.sparkContext.uiWebUrl
    app = spark.sparkContext.applicationId
    with urllib.request.urlopen(f"{url}/api/v1/applications/{app}/stages?details=true") as r:
        return json.loads(r.read())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--persons", type=int, default=100_000)
    ap.add_argument("--partitions", type=int, default=4)
    ap.add_argument("--unpartitioned", action="store_true",
                    help="hand the tables over as they come (not hash-partitioned by 编号): the join then shuffles")
    a = ap.parse_args()
    program = load_policies([str(REPO / "policies")]).program
    q = compile_program(program)
    spark = session()
    for n in (1000, a.persons):
        with tempfile.TemporaryDirectory() as tmp:
            generate(program, n, 5, f"{tmp}/p.parquet", f"{tmp}/h.parquet")
            con = connect()
            load_population(con, program, q.layout, f"{tmp}/p.parquet", dt.date(2023, 6, 30), {}, True)
            load_claims(con, program, q.layout, f"{tmp}/h.parquet")
            pop = con.sql("SELECT * FROM pop").to_arrow_table()
            claims = con.sql("SELECT * FROM claims").to_arrow_table()
        for name, table in (("pop", pop), ("claims", claims)):
            df = spark.createDataFrame(table)
            df = df.repartition(a.partitions) if a.unpartitioned else df.repartition(a.partitions, "id")
            df.cache().createOrReplaceTempView(name)
        spark.sql("SELECT COUNT(*) FROM pop").collect()  # materialise the inputs outside the timing
        spark.sql("SELECT COUNT(*) FROM claims").collect()
        before = {s["stageId"] for s in stages(spark)}
        df = spark.sql(q.sql("spark"))
        t = time.perf_counter()
        # every benefit's status and amount is aggregated, so no benefit is pruned away
        # (read through the one decoder: a code packs status and flags, a fixed amount is no column)
        rows = df.selectExpr("COUNT(*) AS n", *[f"SUM({status_of(b).sql('spark')}) AS x{i}" for i, b in enumerate(q.benefits)],
                             *[f"SUM({amount_of(b).sql('spark')}) AS y{i}" for i, b in enumerate(q.benefits)]).collect()
        secs = time.perf_counter() - t
        new = [s for s in stages(spark) if s["stageId"] not in before and s.get("status") == "COMPLETE"]
        tasks = [t for s in new for t in (s.get("tasks") or {}).values()]
        widest = max(new, key=lambda s: s.get("executorRunTime", 0)) if new else {}
        part_ms = [t["taskMetrics"]["executorRunTime"] for t in (widest.get("tasks") or {}).values()]
        print(json.dumps({
            "persons": n, "claims": claims.num_rows, "partitions": a.partitions,
            "inputs": "round-robin" if a.unpartitioned else "hash(编号)", "cores": 1, "seconds": round(secs, 2),
            "persons_per_core_second": round(n / secs), "rows": rows[0]["n"],
            "stages": len(new), "tasks": len(tasks),
            "widest_stage_partition_ms_median": statistics.median(part_ms) if part_ms else None,
            "persons_per_partition_second": round((n / a.partitions) / (statistics.median(part_ms) / 1000))
            if part_ms else None,
            "shuffle_write_bytes": sum(s.get("shuffleWriteBytes", 0) for s in new),
            "shuffle_read_bytes": sum(s.get("shuffleReadBytes", 0) for s in new),
            "shuffle_write_records": sum(s.get("shuffleWriteRecords", 0) for s in new)}), flush=True)


if __name__ == "__main__":
    main()
