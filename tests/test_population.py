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
    assert err.startswith("--n: 错误[E915]")  # at the option, not at 「<内置>」 (breaker s22)
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


# ── plausibility (breaker s20): plain numbers are whole, dates are not after the 评估日期 ─────────────────

# Worked out by hand from the policies, not from the generator: the two plain `数` facts (no unit, not 比率)
# and the unit-less literals written without % — c05 「场地租金补贴年度」 在 1 至 3 之间 and its lookup keys
# 1、2、3; c16 「市级职业技能竞赛名次」 在 1 至 3 之间. Literals ± 1 → 0 … 4, free draws 0 … 3 + 2 = 5.
PLAIN_FACTS = ("市级职业技能竞赛名次", "场地租金补贴年度")
PLAIN_VALUES = {"0", "1", "2", "3", "4", "5"}
# The date facts and the policy's date literals ± 1 day: c09 “2016 年 12 月 31 日 之前” and the draft date
# 2022 年*月*日 (施行日期, c00/c23: any day of 2022, so both its ends 2022-01-01 and 2022-12-31).
DATE_FACTS = ("申请日期", "创业日期", "就业困难人员认定日期")
DATE_EDGES = {"2016-12-30", "2016-12-31", "2017-01-01", "2021-12-31", "2022-01-01", "2022-01-02",
              "2022-12-30", "2022-12-31", "2023-01-01"}


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    folder = tmp_path_factory.mktemp("plausible")
    out = {}
    for ext in ("csv", "parquet"):
        assert main(["population", "generate", "--n", "2000", "--seed", "7", "--out", str(folder / f"p.{ext}")]) == 0
        out[ext] = folder / f"p.{ext}"
    return out


def test_plain_numbers_are_drawn_as_whole_numbers_without_a_percent_sign(drawn):
    rows = list(csv.DictReader(drawn["csv"].open(encoding="utf-8")))
    for name in PLAIN_FACTS:
        written = {r[name] for r in rows} - {""}
        assert written == PLAIN_VALUES, (name, sorted(written)[:10])  # every one of 0 … 5, nothing else (no 130%)


def test_plain_numbers_are_typed_without_a_unit_in_parquet(drawn):
    import pyarrow.parquet as pq

    table = pq.read_table(drawn["parquet"])
    for name in PLAIN_FACTS:
        assert name in table.column_names and f"{name}（%）" not in table.column_names
        values = {v for v in table.column(name).to_pylist() if v is not None}
        assert {str(int(v)) for v in values} == PLAIN_VALUES and all(v == int(v) for v in values)


def test_dates_are_never_after_the_evaluation_date_and_reach_the_policys_dates(drawn):
    rows = list(csv.DictReader(drawn["csv"].open(encoding="utf-8")))
    later = [(r["编号"], f, r[f]) for r in rows for f in DATE_FACTS if r[f] and r[f] > r["评估日期"]]
    assert not later, later[:5]  # ISO dates compare as text
    written = {r[f] for r in rows for f in DATE_FACTS}
    assert DATE_EDGES <= written, sorted(DATE_EDGES - written)
    assert any("2015-01-01" <= d < "2016-12-30" for d in written) and "2023-06-30" in {
        r[f] for r in rows for f in DATE_FACTS}  # the free draws too, up to the 评估日期 itself


def test_the_plain_numbers_decide_their_benefits_both_ways(drawn, capsys):
    """The benefits reading them are exercised: 市级职业技能竞赛前三名资助 needs 名次 1–3 (符合 possible) and
    refuses 0, 4, 5; with the rates' draws only ~3 % of rows held a whole 1–3."""
    rows = list(csv.DictReader(drawn["csv"].open(encoding="utf-8")))
    in_range = sum(r["市级职业技能竞赛名次"] in {"1", "2", "3"} for r in rows)
    assert in_range > len(rows) // 3
    assert main(["screen", str(drawn["csv"]), "--json", "--benefit", "市级职业技能竞赛前三名资助"]) == 0
    import json

    summary = json.loads(capsys.readouterr().out)
    (b,) = summary["待遇"]
    assert b["符合"] > 0 and b["不符合"] > 0, b
