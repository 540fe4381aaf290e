"""hzdsl population generate: reproducible, valid for the declared facts, with unknowns and histories."""
from __future__ import annotations

import csv

import pytest

from hzdsl.cli import main

pytest.importorskip("duckdb")


def test_same_seed_same_file_and_it_screens(tmp_path, program, capsys):
    a, b, h = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "h.csv"
    assert main(["population", "generate", "--n", "300", "--seed", "7", "--out", str(a), "--history", str(h)]) == 0
    assert main(["population", "generate", "--n", "300", "--seed", "7", "--out", str(b)]) == 0
    assert a.read_bytes() == b.read_bytes()
    rows = list(csv.DictReader(a.open(encoding="utf-8")))
    assert len(rows) == 300
    names = {info.decl.name.text.replace(" ", "") for info in program.facts.values()}
    assert names <= set(rows[0])
    empty = sum(1 for r in rows for k in names if r[k] == "")
    assert 0.02 < empty / (len(rows) * len(names)) < 0.10  # about 5 % unknown
    claims = list(csv.DictReader(h.open(encoding="utf-8")))
    assert claims and {c["待遇"] for c in claims} <= {b.name.text for b in program.benefits.values()}
    # the generated files are valid input: the screen validates every column and runs
    assert main(["screen", str(a), "--history", str(h), "--json"]) == 0
    assert '"人数": 300' in capsys.readouterr().out


def test_other_seed_other_population(program):
    # the seed enters every draw's hash: the generating query itself differs (no need to run it twice more)
    from hzdsl.backends.sql.generate import population_query

    assert population_query(program, 50, 1).sql("duckdb") != population_query(program, 50, 2).sql("duckdb")


def test_typed_parquet_and_text_csv_of_one_seed_screen_alike(tmp_path, capsys):
    """Parquet gets typed columns (BOOLEAN, DATE, DECIMAL in the header's unit), CSV the text a person writes;
    both are drawn from the same hashes, so every applicant's result must be the same, cell for cell."""
    import pyarrow.parquet as pq

    outs = {}
    for ext in ("csv", "parquet"):
        pop, hist, out = tmp_path / f"p.{ext}", tmp_path / f"h.{ext}", tmp_path / f"o_{ext}.csv"
        assert main(["population", "generate", "--n", "400", "--seed", "11", "--out", str(pop), "--history", str(hist)]) == 0
        assert main(["screen", str(pop), "--history", str(hist), "--date", "2023-06-30", "--missing",
                     "--out", str(out), "--json"]) == 0
        capsys.readouterr()
        outs[ext] = sorted(csv.reader(out.open(encoding="utf-8")))
    schema = pq.read_schema(tmp_path / "p.parquet")
    assert str(schema.field("毕业时长（月）").type) == "decimal128(18, 8)"  # 年 declared, written in months
    assert str(schema.field("历史已知").type) == "bool" and str(schema.field("评估日期").type) == "date32[day]"
    assert len(outs["csv"]) == 400 * 77 + 1
    assert outs["csv"] == outs["parquet"]
