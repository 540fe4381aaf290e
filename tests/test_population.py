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


@pytest.mark.parametrize("n", ["99999999999999", "10000001", "-1"])
def test_a_population_size_out_of_range_is_refused_before_any_work(tmp_path, capsys, n):
    """--n above 10 million (docs/人群筛查.md: about 20 GB of CSV) or below 0: E915 with a hint, exit 2,
    and no file (nor temporary file) in the folder."""
    assert main(["population", "generate", "--n", n, "--out", str(tmp_path / "p.csv")]) == 2
    err = capsys.readouterr().err
    assert "E915" in err and n in err and "提示" in err and "Traceback" not in err
    assert not list(tmp_path.iterdir())


def test_the_limit_itself_is_allowed(monkeypatch):
    """Exactly MAX_PERSONS passes the check (the benchmark streams 10 million); one more does not."""
    from hzdsl.backends.sql.generate import MAX_PERSONS, check_size
    from hzdsl.errors import HzdslError

    assert MAX_PERSONS == 10_000_000
    check_size(MAX_PERSONS)
    check_size(0)
    with pytest.raises(HzdslError):
        check_size(MAX_PERSONS + 1)
