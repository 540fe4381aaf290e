"""A DuckDB database as input (`FILE.duckdb:表`), and what an error there says (breaker s20).

A view (`p.duckdb:v`) was E910 "Binder Error: rowid not found"; now it is read like a table, its rows
numbered in the order the view yields them. An error on a database input carried the CSV hint ("CSV 须为
UTF-8 …"); DuckDB running out of memory (`--memory-limit 1KB`) blamed the population file (E910 无法读取
人群文件); `--engine spark --memory-limit` was silently not applied to Spark."""
from __future__ import annotations

import json

import pytest

from hzdsl.cli import main

from .conftest import EXAMPLES

duckdb = pytest.importorskip("duckdb")

POP = EXAMPLES / "population.csv"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("db") / "p.duckdb"
    con = duckdb.connect(str(path))
    con.execute(f"CREATE TABLE pop AS SELECT * FROM read_csv('{POP}', all_varchar=true)")
    con.execute("CREATE VIEW v AS SELECT * FROM pop")
    con.execute("CREATE VIEW bad AS SELECT 编号, '否否' AS 创办经营实体 FROM pop WHERE 编号 IN ('P0', 'P1') ORDER BY 编号")
    con.execute("CREATE SCHEMA s2")
    con.execute("CREATE VIEW s2.\"my view\" AS SELECT * FROM main.pop WHERE 编号 <> 'P3'")
    con.close()
    return path


def _summary(capsys, source) -> dict:
    assert main(["screen", str(source), "--date", "2023-06-30", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    for w in summary.get("警告", []):  # W930 (历史已知 without --history) names the file it was read from
        w.pop("文件")
    return summary


def test_a_view_screens_like_its_table_and_like_the_csv(db, capsys):
    by_csv = _summary(capsys, POP)
    assert by_csv["人数"] == 200
    assert _summary(capsys, f"{db}:pop") == {**by_csv, "引擎": "duckdb"}
    assert _summary(capsys, f"{db}:v")["待遇"] == by_csv["待遇"]


def test_a_view_in_another_schema_with_a_quoted_name(db, capsys):
    assert _summary(capsys, f'{db}:s2."my view"')["人数"] == 199  # the view leaves out P3


def test_a_bad_cell_in_a_view_is_named_by_its_row_in_the_views_order(db, capsys):
    assert main(["screen", f"{db}:bad", "--date", "2023-06-30"]) == 2
    err = capsys.readouterr().err
    # P0 is the view's first row (ORDER BY 编号): 第 1 行, the second column
    assert "E912" in err and "列「创办经营实体」第 1 行的值「否否」" in err, err
    assert "Traceback" not in err and "rowid" not in err


def test_a_missing_table_has_the_database_hint_not_the_csv_one(db, capsys):
    assert main(["screen", f"{db}:nosuch"]) == 2
    err = capsys.readouterr().err
    assert "E910" in err and "nosuch" in err and "FILE.duckdb" not in err and "文件.duckdb:表名" in err
    assert "CSV" not in err, err


def test_out_of_memory_does_not_blame_the_file(capsys):
    assert main(["screen", str(POP), "--memory-limit", "1KB"]) == 2
    err = capsys.readouterr().err
    assert "E960" in err and "内存" in err and "--memory-limit" in err, err
    assert "E910" not in err and "无法读取" not in err and "CSV" not in err


def test_out_of_memory_later_in_the_screen_is_e960_too(capsys, monkeypatch):
    """Past the input (computing a slice): the same E960, exit 2 — not hzdsl's internal error (exit 3)."""
    from hzdsl.backends.sql import pipeline

    def full(*_a, **_k):
        raise duckdb.OutOfMemoryException("Out of Memory Error: could not allocate block of size 256.0 KiB")

    monkeypatch.setattr(pipeline, "slice_view", full)
    assert main(["screen", str(POP), "--memory-limit", "2GB"]) == 2
    err = capsys.readouterr().err
    assert "--memory-limit: 错误[E960]: DuckDB 内存不足（内存上限 2GB）" in err and "内部错误" not in err, err


def test_spark_with_a_memory_limit_is_refused(capsys):
    assert main(["screen", str(POP), "--engine", "spark", "--memory-limit", "1GB"]) == 2
    err = capsys.readouterr().err
    assert "--memory-limit" in err and "--engine spark" in err


def test_a_database_another_process_holds_says_so_not_check_the_table_name(db, capsys, tmp_path):
    """Another process (a DuckDB session writing the database) holds its lock: DuckDB's English "Could not set
    lock … Conflicting lock is held in … (PID n)" under the hint 核对数据库文件与表名 — the table name was right
    (breaker3 s23). The message says the file is in use, by which process, and what to do."""
    import subprocess
    import sys

    path = tmp_path / "held.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time\n"
                               f"c = duckdb.connect({str(path)!r}); c.execute('CREATE TABLE t AS SELECT 1 AS 编号')\n"
                               "print('ready', flush=True); time.sleep(60)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        assert main(["screen", f"{path}:t", "--date", "2023-06-30"]) == 2
        err = capsys.readouterr().err
    finally:
        holder.kill()
        holder.wait()
    assert "E910" in err and "正被另一个程序打开" in err and f"PID {holder.pid}" in err, err
    assert "核对数据库文件与表名" not in err and "Conflicting lock" not in err, err


def test_a_file_that_is_no_duckdb_database_is_named_so(capsys, tmp_path):
    """p.csv renamed p.duckdb (or an empty file): "IO Error: … is not a valid DuckDB database file!" with the
    table-name hint. The message says it is no DuckDB database and how CSV / Parquet are given instead."""
    for text in ("编号,毕业时长\nP1,1 年\n", ""):
        path = tmp_path / "p.duckdb"
        path.write_text(text, encoding="utf-8")
        assert main(["screen", f"{path}:t", "--date", "2023-06-30"]) == 2
        err = capsys.readouterr().err
        assert "E910" in err and "不是 DuckDB 数据库文件" in err, err
        assert "not a valid DuckDB" not in err and "核对数据库文件与表名" not in err, err
