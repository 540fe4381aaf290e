"""The screen query specialised to what the population file fixes for everyone (hzdsl/backends/sql/specialise.py).

A file without 评估日期 (--date), without 历史已知 (--history given), without some declared facts, with LPR from
--params gives those columns one value on every row; the query then reads them as literals. The same persons
written with those columns on every row (the same date, 历史已知 是, blank cells, the LPR in force that day) are
read as columns, not specialised: both screens must give every applicant the same 结论, 金额 and 待定事实 on all
77 benefits. (Checked to fail with a planted bug: every NULL constant written as TRUE.)
"""
from __future__ import annotations

import csv

import pytest
from sqlglot import exp

from hzdsl.cli import main

pytest.importorskip("duckdb")

DATE = "2023-06-30"
LPR = "3.55%"  # params/杭州市参数.yaml: 2023-06-20 … 2023-08-20
DROPPED = ["毕业时长", "贷款期限", "场地租赁面积", "初次创办企业或个体工商户", "贷款类别"]  # facts the constants' file lacks


def _read(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def _write(path, head, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([head, *rows])


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("specialise")
    assert main(["population", "generate", "--n", "400", "--seed", "11", "--out", str(d / "g.csv"),
                 "--history", str(d / "h.csv")]) == 0
    head, rows = _read(d / "g.csv")
    for name in ["评估日期", "历史已知", *DROPPED]:
        assert name in head, name
    # as columns: every row states the same date, 历史已知 是, a blank cell for each dropped fact, the LPR
    cols_head = head + ["LPR"]
    cols = []
    for r in rows:
        r = dict(zip(head, r))
        r.update({"评估日期": DATE, "历史已知": "是", **{k: "" for k in DROPPED}})
        cols.append([r[h] for h in head] + [LPR])
    _write(d / "columns.csv", cols_head, cols)
    # as constants: none of those columns; --date, --history (a known history) and --params say it once
    keep = [i for i, h in enumerate(head) if h not in {"评估日期", "历史已知", *DROPPED}]
    _write(d / "constants.csv", [head[i] for i in keep], [[r[i] for i in keep] for r in rows])
    return d


def _screen(d, name, *extra):
    out = d / f"{name}.out.csv"
    rc = main(["screen", str(d / f"{name}.csv"), "--history", str(d / "h.csv"), "--missing", "--out", str(out), *extra])
    assert rc == 0
    head, rows = _read(out)
    return sorted(rows), head


def test_constants_and_columns_screen_alike(files, capsys):
    by_columns, head = _screen(files, "columns")
    by_constants, head2 = _screen(files, "constants", "--date", DATE, "--params", "params/杭州市参数.yaml")
    capsys.readouterr()
    assert head == head2
    assert len(by_columns) == 400 * 77
    assert by_columns == by_constants
    # the comparison means something: the file's dropped facts and the known history decide some rows
    conclusions = {r[head.index("结论")] for r in by_columns}
    assert {"符合", "不符合", "待定"} <= conclusions


def test_the_screen_runs_the_specialised_query(files, program):
    """The constants' file: after `base`, no stage reads 历史已知 (h), 评估日期 (d) or a dropped fact's column."""
    import datetime as dt

    from hzdsl.backends.sql.pipeline import screen
    from hzdsl.commands.screen import read_params

    res = screen(program, str(files / "constants.csv"), str(files / "h.csv"),
                 params=read_params(program, "params/杭州市参数.yaml")[0], date=dt.date(2023, 6, 30))
    lay = res.query.layout
    folded = {"h", "d", lay.param_col["LPR"], *(lay.fact_col[k] for k in DROPPED)}
    assert len(res.query.select.ctes) > 3
    for cte in res.query.select.ctes:
        names = {c.name for c in cte.this.find_all(exp.Column) if not c.table}
        if cte.alias == "base":
            continue
        assert not names & folded, (cte.alias, names & folded)


def test_specialise_leaves_base_and_refuses_a_shadowing_stage(program):
    from hzdsl.backends.sql.query import compile_program
    from hzdsl.backends.sql.specialise import constant_columns, specialise

    q = compile_program(program)  # all benefits: the claims aggregation reads p.d, p.f<i> (同一证书 …)
    view = exp.select(exp.alias_(exp.column("x"), "f1"), exp.alias_(exp.true(), "h"),
                      exp.alias_(exp.Literal.string("P"), "id")).from_("t")
    assert list(constant_columns(view)) == ["h"]  # a column read is no constant; the id never is
    base = lambda sel: next(c for c in sel.ctes if c.alias == "base")  # noqa: E731
    read = {c.name for c in base(q.select).find_all(exp.Column)} - {"id"}
    assert "d" in read and len(read) > 5, read
    s = specialise(q, {name: exp.Null() for name in read} | {"h": exp.false()})
    assert base(s.select).sql() == base(q.select).sql()  # the claims' and the aggregation's columns untouched
    assert s.select.sql() != q.select.sql() and q.select.sql() == compile_program(program).select.sql()
    stage = next(c for c in q.select.ctes if c.alias != "base")
    alias = stage.this.expressions[-1].alias
    with pytest.raises(ValueError):
        specialise(q, {alias: exp.true()})
