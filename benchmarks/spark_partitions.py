"""Per-partition figures for docs/人群筛查.md: the compiled query of all 77 benefits on Spark local[1].

    python benchmarks/spark_partitions.py [--persons 100000] [--partitions 4]

One core processes the partitions one after another, so persons / second here is the throughput of one
executor core; the run on 1 000 persons gives the fixed cost (planning and code generation of the
query). Prints JSON lines; nothing is asserted.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("HZDSL_SPARK_PARTITIONS", "4")

from hzdsl.backends.sql import compile_program  # noqa: E402
from hzdsl.backends.sql.engines import spark_session  # noqa: E402
from hzdsl.backends.sql.generate import generate  # noqa: E402
from hzdsl.backends.sql.ingest import load_claims, load_population  # noqa: E402
from hzdsl.backends.sql.pipeline import connect  # noqa: E402
from hzdsl.loader import load_policies  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--persons", type=int, default=100_000)
    ap.add_argument("--partitions", type=int, default=4)
    a = ap.parse_args()
    program = load_policies([str(REPO / "policies")]).program
    q = compile_program(program)
    spark = spark_session("local[1]")
    for n in (1000, a.persons):
        with tempfile.TemporaryDirectory() as tmp:
            generate(program, n, 5, f"{tmp}/p.parquet", f"{tmp}/h.parquet")
            con = connect()
            load_population(con, program, q.layout, f"{tmp}/p.parquet", dt.date(2023, 6, 30), {}, True)
            load_claims(con, program, q.layout, f"{tmp}/h.parquet")
            pop = con.sql("SELECT * FROM pop").to_arrow_table()
            claims = con.sql("SELECT * FROM claims").to_arrow_table()
        spark.createDataFrame(pop).repartition(a.partitions, "id").createOrReplaceTempView("pop")
        spark.createDataFrame(claims).repartition(a.partitions, "id").createOrReplaceTempView("claims")
        spark.sql("SELECT COUNT(*) FROM pop").collect()  # materialise the inputs outside the timing
        df = spark.sql(q.sql("spark"))
        t = time.perf_counter()
        # every benefit's status and amount is aggregated, so no benefit is pruned away
        rows = df.selectExpr("COUNT(*) AS n", *[f"SUM({b.status}) AS x{i}" for i, b in enumerate(q.benefits)],
                             *[f"SUM({b.amount}) AS y{i}" for i, b in enumerate(q.benefits)]).collect()
        secs = time.perf_counter() - t
        print(json.dumps({"persons": n, "partitions": a.partitions, "cores": 1, "seconds": round(secs, 2),
                          "persons_per_core_second": round(n / secs), "rows": rows[0]["n"]}), flush=True)


if __name__ == "__main__":
    main()
