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
    return json.loads(capsys.readouterr().out)


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
