"""历史汇总 (the history as per-applicant summary columns) screens exactly as the claims rows do.

The summary of each generated case is computed here by plain Python over the case's own history records
(`summarise`: count the records of the counted benefits in the window, add up the values they give, count
those that lack one) — not by the SQL back-end. The claims form (population + claim rows) and the summary
form (population + those columns, no claims) must give the same table, row for row, on DuckDB and Spark;
and both the scalar engine's answers. A planted slip (a count or a sum read one off) must be caught.
"""
from __future__ import annotations

from decimal import Decimal

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hzdsl.backends.sql import compile_program
from hzdsl.backends.sql.engines import run_duckdb
from hzdsl.backends.sql.frames import cases_to_tables, exact_decimal
from hzdsl.ir.summary import AMOUNT, Measure, stats_of
from hzdsl.ir import ir_of
from hzdsl.limitspec import Window
from hzdsl.testing.strategies import factory

from .test_screen_diff import COLLECT, representable, require_spark

pytest.importorskip("duckdb")


def summarisable(program) -> list[str]:
    """The benefits whose every limit a per-applicant number states (all but those under 同一…不得重复享受)."""
    prog = ir_of(program)
    return [k for k, b in prog.benefits.items() if all(stats_of(lim) is not None for lim in b.limits)]


def summarise(stat, case) -> object:
    """One summary cell of one case, by hand: None when the case's history is unknown."""
    if case.history is None:
        return None
    rows = [h for h in case.history if h.benefit in stat.counted
            and (stat.window is Window.ALL or h.date.year == case.date.year)]
    if stat.measure is Measure.COUNT:
        return len(rows)
    values = [h.amount if stat.field == AMOUNT else h.fields.get(stat.field) for h in rows]
    if stat.measure is Measure.UNKNOWN:
        return sum(1 for v in values if v is None)
    return exact_decimal(sum((v.value for v in values if v is not None), start=0))


def summary_tables(program, q, cases, slip: int = 0):
    """(pop with the summary columns, claims) for the claims form, and pop + summary for the summary form;
    `slip` is added to every count and sum (a planted bug the comparison must catch)."""
    rows = [(str(i), c.date, c.facts, c.params, c.history) for i, c in enumerate(cases)]
    pop, claims = cases_to_tables(program, q.layout, rows)
    with_summary = pop
    for name, stat in q.stats.items():
        cells = [summarise(stat, c) for c in cases]
        if stat.measure is Measure.SUM:
            column = pa.array([None if v is None else v + slip for v in cells], pa.decimal128(18, 8))
        else:
            column = pa.array([None if v is None else v + slip for v in cells], pa.int64())
        with_summary = with_summary.append_column(name, column)
    return pop, claims, with_summary


def disagreements(program, q, cases, run=run_duckdb, slip: int = 0) -> list[str]:
    pop, claims, with_summary = summary_tables(program, q, cases, slip)
    by_claims = run(q, pop, claims).sort_by("id")
    by_summary = run(q.summary_form(), with_summary, claims.slice(0, 0)).sort_by("id")
    assert by_claims.column_names == by_summary.column_names
    bad = []
    for name in by_claims.column_names:
        a, b = by_claims.column(name).to_pylist(), by_summary.column(name).to_pylist()
        bad += [f"案例 {i} 列 {name}：明细 {x} ≠ 汇总 {y}" for i, (x, y) in enumerate(zip(a, b)) if x != y]
    return bad


@pytest.fixture(scope="module")
def summary_query(program):
    return compile_program(program, summarisable(program), track_missing=True)


@pytest.fixture(scope="module")
def histories(program, summary_query):
    """Generated cases aimed at the summarisable limits, with and without gaps in the records' fields and 金额."""
    drawn = []
    f = factory(program)
    prog = ir_of(program)
    limited = sorted({t for k in summarisable(program) for lim in prog.benefits[k].limits for t in lim.targets})

    @settings(COLLECT, max_examples=250)
    @given(f.focus(limited).flatmap(lambda focus: f.cases(full=False, with_history=True, focus=focus,
                                                          history_gaps=True)))
    def gappy(case):
        if representable(program, summary_query.layout, case):
            drawn.append(case)

    gappy()

    @settings(COLLECT, max_examples=250)
    @given(f.cases(full=False))
    def plain(case):
        if representable(program, summary_query.layout, case):
            drawn.append(case)

    plain()
    assert len(drawn) > 300
    return drawn


def test_the_summarisable_benefits_leave_out_only_the_no_repeat_limits(program):
    prog = ir_of(program)
    left = sorted(set(prog.benefits) - set(summarisable(program)))
    assert left and all(any(lim.spec.aggregate == "no_repeat" for lim in prog.benefits[k].limits) for k in left)
    assert "个人创业担保贷款" in summarisable(program)


def test_the_summary_form_reads_no_claims(summary_query):
    sql = summary_query.summary_form().sql()
    assert "claims" not in sql and "GROUP BY" not in sql.upper() and " JOIN " not in sql.upper()
    assert "GROUP BY" in summary_query.sql().upper()


def test_the_histories_reach_every_summarised_measure(program, summary_query, histories):
    """Not vacuous: counts above 0, sums above 0 and records lacking a value in the drawn summaries, for
    every window, and the limits decided every way by the scalar engine."""
    from .test_screen_diff import expected

    seen = set()
    for stat in summary_query.stats.values():
        cells = [summarise(stat, c) for c in histories]
        if any(v for v in cells if v is not None):
            seen.add((stat.measure, stat.window))
    assert {(m, w) for m in Measure for w in Window} <= seen, seen
    statuses = {row[0] for c in histories for row in expected(program, c)}
    assert statuses >= {"符合", "不符合", "待定"}


def test_duckdb_claims_and_summary_agree_row_for_row(program, summary_query, histories):
    bad = disagreements(program, summary_query, histories)
    assert not bad, "\n".join(bad[:20])


def test_the_summary_form_gives_the_scalar_engines_answers(program, summary_query, histories):
    """And the scalar engine's answers (each benefit's 结论, 金额, 待定事实), as tests/test_screen_diff.py checks
    the claims form: the engine decides every benefit, the summary query only the summarisable ones."""
    from hzdsl.backends.sql.results import decode

    from .test_screen_diff import expected

    _, claims, with_summary = summary_tables(program, summary_query, histories)
    got = decode(summary_query, run_duckdb(summary_query.summary_form(), with_summary, claims.slice(0, 0)))
    place = {k: i for i, k in enumerate(program.benefits)}
    bad = []
    for i, case in enumerate(histories):
        want = expected(program, case)
        for b, s in zip(summary_query.benefits, got[str(i)]):
            have = (s.status, s.amount, s.amount_unknown, s.missing, s.placeholders, s.amount_missing,
                    s.amount_placeholders, s.at_most)
            if have != want[place[b.key]]:
                bad.append(f"案例 {i}「{b.name}」：标量 {want[place[b.key]]} ≠ 汇总 {have}")
    assert not bad, "\n".join(bad[:20])


@settings(max_examples=5, deadline=None)
@given(data=st.data())
def test_duckdb_claims_and_summary_agree_on_hypothesis_populations(program, summary_query, data):
    f = factory(program)
    cases = data.draw(st.lists(f.cases(full=False, with_history=True, history_gaps=True), min_size=1, max_size=30))
    cases = [c for c in cases if representable(program, summary_query.layout, c)]
    bad = disagreements(program, summary_query, cases)
    assert not bad, "\n".join(bad[:20])


@pytest.mark.parametrize("slip", [1, -1])
def test_a_summary_read_one_off_is_caught(program, summary_query, histories, slip):
    """Planted: every count and sum one more (or one less) than the records say — some row must differ."""
    bad = disagreements(program, summary_query, histories, slip=slip)
    assert bad, "a summary one off went unnoticed"


@pytest.mark.spark
def test_spark_claims_and_summary_agree_row_for_row(program, summary_query, histories):
    require_spark()
    from hzdsl.backends.sql.engines import run_spark

    bad = disagreements(program, summary_query, histories[:250], run=run_spark)
    assert not bad, "\n".join(bad[:20])


# ── hzdsl screen with a population in summary form: hand-worked (clause 四, c04 cases 17–20, 37) ──
# 个人创业担保贷款: 累计不超过 3 次 (past + this ≤ 3) and 累计「贷款期限」不超过 3 年 (past + this ≤ 36 个月).

LOANS = "个人创业担保贷款、企业吸纳就业创业担保贷款"
HEAD = (f"编号,评估日期,历史已知,符合条件的劳动者,贷款类别,贷款期限,历史次数「{LOANS}」,历史合计「{LOANS}」贷款期限,"
        f"历史未知条数「{LOANS}」贷款期限")
ROWS = {  # id: (row after 编号, status by hand)
    "A": ("2023-06-30,是,是,个人,12 个月,2,24 个月,0", "符合"),  # 3rd loan; 24 + 12 = 36 ≤ 36
    "B": ("2023-06-30,是,是,个人,13 个月,2,2 年,0", "不符合"),  # 24 + 13 = 37 > 36
    "C": ("2023-06-30,是,是,个人,6 个月,3,18 个月,0", "不符合"),  # 4th loan > 3 (18 + 6 = 24 months is fine)
    "D": ("2023-06-30,否,是,个人,6 个月,,,", "待定"),  # history unknown: 历史申领记录
    "E": ("2023-06-30,是,是,个人,1.5 年,2,18 个月,1", "待定"),  # 18 + 18 = 36 known, one loan's term unknown
    "F": ("2023-06-30,是,是,个人,13 个月,2,24 个月,1", "不符合"),  # the known part alone: 24 + 13 = 37 > 36
}
# the same histories as claim rows (D: none, its history is unknown; E, F: one loan without 贷款期限)
CLAIMS = """编号,待遇,日期,贷款期限
A,个人创业担保贷款,2020-01-01,12 个月
A,企业吸纳就业创业担保贷款,2021-01-01,1 年
B,个人创业担保贷款,2020-01-01,1 年
B,个人创业担保贷款,2021-01-01,12 个月
C,个人创业担保贷款,2020-01-01,6 个月
C,个人创业担保贷款,2021-01-01,6 个月
C,个人创业担保贷款,2022-01-01,6 个月
E,个人创业担保贷款,2020-01-01,18 个月
E,个人创业担保贷款,2021-01-01,
F,个人创业担保贷款,2020-01-01,24 个月
F,个人创业担保贷款,2021-01-01,
"""


def _screen(tmp_path, capsys, pop: str, *extra: str) -> tuple[int, str, str]:
    from hzdsl.cli import main

    (tmp_path / "p.csv").write_text(pop, encoding="utf-8")
    capsys.readouterr()
    rc = main(["screen", str(tmp_path / "p.csv"), "--benefit", "个人创业担保贷款", *extra])
    out, err = capsys.readouterr()
    return rc, out, err


def _pop(rows=ROWS, head=HEAD) -> str:
    return head + "\n" + "".join(f"{k},{v[0]}\n" for k, v in rows.items())


def _results(path) -> dict[str, tuple[str, str]]:
    import csv

    with open(path, encoding="utf-8") as f:
        return {r["编号"]: (r["结论"], r.get("待定事实")) for r in csv.DictReader(f)}


def test_the_hand_worked_loans_screen_from_the_summary_as_from_the_claims(tmp_path, capsys):
    rc, _, err = _screen(tmp_path, capsys, _pop(), "--out", str(tmp_path / "s.csv"), "--missing")
    assert rc == 0, err
    got = _results(tmp_path / "s.csv")
    assert {k: v[0] for k, v in got.items()} == {k: v[1] for k, v in ROWS.items()}
    assert got["D"][1] == "历史申领记录" and got["E"][1] == "历史记录中的「贷款期限」"
    # the claims form of the same histories: the same result file, byte for byte
    plain = "\n".join(",".join(line.split(",")[:6]) for line in _pop().splitlines()) + "\n"
    (tmp_path / "h.csv").write_text(CLAIMS, encoding="utf-8")
    rc, _, err = _screen(tmp_path, capsys, plain, "--history", str(tmp_path / "h.csv"), "--out", str(tmp_path / "c.csv"),
                         "--missing")
    assert rc == 0, err
    assert sorted((tmp_path / "c.csv").read_text(encoding="utf-8").splitlines()) == \
        sorted((tmp_path / "s.csv").read_text(encoding="utf-8").splitlines())


def test_the_unknown_count_column_may_be_left_out(tmp_path, capsys):
    """Without 历史未知条数 every past loan's term is known: E (18 + 18 = 36) is then 符合."""
    head = HEAD.rsplit(",", 1)[0]
    rows = {k: (v[0].rsplit(",", 1)[0], v[1]) for k, v in ROWS.items()}
    rc, _, err = _screen(tmp_path, capsys, _pop(rows, head), "--out", str(tmp_path / "s.csv"))
    assert rc == 0, err
    assert _results(tmp_path / "s.csv")["E"][0] == "符合"


@pytest.mark.parametrize("change, code, where", [
    (lambda p: p, "E922", "p.csv:1:33"),  # with --history too (below)
    (lambda p: p.replace(f",历史合计「{LOANS}」贷款期限", ",其他").replace(",24 个月,", ",x,"), "E923", "p.csv:1:1"),
    (lambda p: p.replace("历史次数「个人", "历史次数「个入"), "E925", "p.csv:1:33"),
    (lambda p: p.replace(f"历史次数「{LOANS}」", "历史次数「企业吸纳就业创业担保贷款」"), "E925", "p.csv:1:33"),
    (lambda p: p.replace("D,2023-06-30,否,是,个人,6 个月,,,", "D,2023-06-30,否,是,个人,6 个月,0,,"), "E926", "p.csv:5:"),
    (lambda p: p.replace("A,2023-06-30,是,是,个人,12 个月,2,", "A,2023-06-30,是,是,个人,12 个月,,"), "E927", "p.csv:2:"),
    (lambda p: p.replace(",12 个月,2,", ",12 个月,2.5,"), "E912", "p.csv:2:"),
    (lambda p: p.replace(",2 年,0", ",-2 年,0"), "E912", "p.csv:3:"),
    (lambda p: p.replace(",24 个月,0", ",24 天,0"), "E912", "p.csv:2:"),
    # numbers no claims rows give (E928): 2 loans lacking the term of 1 loan; 0 loans with 5 years; 2 of 2 unknown
    (lambda p: p.replace(",12 个月,2,24 个月,0", ",12 个月,1,0,2"), "E928", "p.csv:2:"),
    (lambda p: p.replace(",12 个月,2,24 个月,0", ",12 个月,0,5 年,0"), "E928", "p.csv:2:"),
    (lambda p: p.replace(",12 个月,2,24 个月,0", ",12 个月,2,24 个月,2"), "E928", "p.csv:2:"),
])
def test_a_bad_summary_is_refused_naming_the_column_and_row(tmp_path, capsys, change, code, where):
    extra = []
    if code == "E922":
        (tmp_path / "h.csv").write_text(CLAIMS, encoding="utf-8")
        extra = ["--history", str(tmp_path / "h.csv")]
    pop = change(_pop())
    if code == "E923":  # the sum column renamed to nothing the policies know: an undeclared column, dropped
        pop = "\n".join(",".join(c for i, c in enumerate(line.split(",")) if i != 7) for line in _pop().splitlines())
    rc, out, err = _screen(tmp_path, capsys, pop, *extra, "--out", str(tmp_path / "r.csv"))
    assert rc == 2, (out, err)
    assert f"[{code}]" in err and where in err and "提示" in err and "Traceback" not in err, err
    assert not (tmp_path / "r.csv").exists()


def test_a_no_repeat_limit_in_summary_form_is_an_unknown_history_with_w924(tmp_path, capsys):
    """读法 (query.summary_form): a 同一…不得重复 limit has no per-person number, so in summary form its history is
    unknown — W924 names it; the benefit it limits is never 符合 on a history the file does not give."""
    year = ("本年历史次数「用人单位职业培训补贴、职工学徒培训补贴、实习学徒培训补贴、特种作业操作证书项目补贴、"
            "培训合格证书项目补贴、职业培训补贴、赛前训练补贴、创业培训补贴」")
    lines = _pop().splitlines()
    known = [line.split(",")[2] == "是" for line in lines[1:]]  # 历史已知 否: every summary cell blank (E926)
    pop = "\n".join([lines[0] + "," + year] + [line + (",0" if k else ",") for line, k in zip(lines[1:], known)]) + "\n"
    rc, out, err = _screen(tmp_path, capsys, pop, "--benefit", "职业培训补贴", "--out", str(tmp_path / "r.csv"),
                           "--missing")
    assert rc == 0, err
    assert "[W924]" in err and "同一职业同一等级不可重复享受" in err and "--history" in err, err
    rows = (tmp_path / "r.csv").read_text(encoding="utf-8")
    assert "职业培训补贴" in rows and ",符合," not in rows, rows


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_a_generated_population_screens_alike_in_both_history_forms(program, tmp_path, capsys, suffix):
    """population generate --history-form 汇总 sums the very claims --history draws for the seed: screening the
    summary-form file and the claims-form pair gives the same result file, over every summarisable benefit."""
    from hzdsl.cli import main

    summary, plain, claims = (tmp_path / f"s{suffix}"), (tmp_path / f"c{suffix}"), (tmp_path / f"h{suffix}")
    assert main(["population", "generate", "--n", "3000", "--seed", "11", "--out", str(summary), "--history-form", "汇总"]) == 0
    assert main(["population", "generate", "--n", "3000", "--seed", "11", "--out", str(plain), "--history", str(claims)]) == 0
    picked = [a for k in summarisable(program) for a in ("--benefit", k)]
    assert main(["screen", str(summary), *picked, "--out", str(tmp_path / "rs.csv"), "--missing"]) == 0
    assert main(["screen", str(plain), "--history", str(claims), *picked, "--out", str(tmp_path / "rc.csv"), "--missing"]) == 0
    capsys.readouterr()
    a, b = (tmp_path / "rs.csv").read_text(encoding="utf-8"), (tmp_path / "rc.csv").read_text(encoding="utf-8")
    assert sorted(a.splitlines()) == sorted(b.splitlines())  # the rows' order is the engine's (not kept)
    # not vacuous: the limits bind somebody — 不符合 for want of the history, and 待定 for an unknown one
    assert a.count("不符合") > 100 and "历史申领记录" in a


def test_every_benefit_screens_in_summary_form_never_deciding_against_the_claims(program, tmp_path, capsys):
    """All 77 benefits from a summary-form file (W924 for the limits no summary states): every benefit a summary
    can carry answers as from the claims; a benefit under a 同一…不得重复 limit is, row by row, either the claims
    form's own answer (结论 and 金额) or 待定 missing 历史申领记录 — never a decision the claims contradict.
    400 people (was 2000: 148 s of a loaded CI run): every benefit still has rows the claims form does not refuse,
    and every benefit under such a limit has rows it opens (measured: 51–158 each at 400) — asserted below."""
    import csv

    from hzdsl.cli import main

    summary, plain, claims = tmp_path / "s.csv", tmp_path / "c.csv", tmp_path / "h.csv"
    assert main(["population", "generate", "--n", "400", "--seed", "12", "--out", str(summary), "--history-form", "汇总"]) == 0
    assert main(["population", "generate", "--n", "400", "--seed", "12", "--out", str(plain), "--history", str(claims)]) == 0
    capsys.readouterr()
    assert main(["screen", str(summary), "--out", str(tmp_path / "rs.csv"), "--missing"]) == 0
    assert "[W924]" in capsys.readouterr().err
    assert main(["screen", str(plain), "--history", str(claims), "--out", str(tmp_path / "rc.csv"), "--missing"]) == 0

    def rows(path):
        with open(path, encoding="utf-8") as f:
            return {(r["编号"], r["待遇"]): r for r in csv.DictReader(f)}

    by_summary, by_claims = rows(tmp_path / "rs.csv"), rows(tmp_path / "rc.csv")
    assert by_summary.keys() == by_claims.keys()
    prog = ir_of(program)
    plain_benefits = {prog.benefits[k].name for k in summarisable(program)}
    opened = set()
    for key, s in by_summary.items():
        c = by_claims[key]
        if key[1] in plain_benefits or s == c:
            assert s == c, (key, s, c)
        else:
            assert s["结论"] == "待定" and "历史申领记录" in s["待定事实"], (key, s, c)
            opened.add(key[1])
    # not vacuous, benefit by benefit: each has rows the claims form does not refuse, and each benefit no summary
    # can carry has rows open only for want of the claim rows
    every = {b.name for b in prog.benefits.values()}
    assert len(every) == 77 and {b for (_, b), c in by_claims.items() if c["结论"] != "不符合"} == every
    assert opened == every - plain_benefits and opened


def test_history_summary_in_schema_lists_the_loan_columns_by_hand(capsys):
    """c04: the loans' count limit and term limit count 个人 and 企业 loans: 3 columns, the unknown one optional."""
    import json

    from hzdsl.cli import main

    assert main(["schema", "--history-summary", "--format", "json", "--benefit", "个人创业担保贷款"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(c["列名"], c["必需"], c["单位"]) for c in data["历史汇总列"]] == [
        (f"历史次数「{LOANS}」", True, "次"), (f"历史合计「{LOANS}」贷款期限", True, "年"),
        (f"历史未知条数「{LOANS}」贷款期限", False, "次")]
    assert data["历史汇总列"][0]["限制"] == ["创业担保贷款次数"] and data["不能汇总的限制"] == []
    assert main(["schema", "--history-summary", "--format", "json", "--benefit", "职业培训补贴"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [c["列名"] for c in data["历史汇总列"]] == [
        "本年历史次数「用人单位职业培训补贴、职工学徒培训补贴、实习学徒培训补贴、特种作业操作证书项目补贴、培训合格证书项目补贴、"
        "职业培训补贴、赛前训练补贴、创业培训补贴」"]
    assert {r["限制"] for r in data["不能汇总的限制"]} == {"同一职业同一等级不可重复享受", "同一证书单位已享受的个人不得重复享受"}


def test_every_listed_column_name_is_read_back_as_its_number(program):
    """The names schema lists are the names screen reads (in any order of the benefits inside 「」)."""
    from hzdsl.ir.summary import needs, parse, resolve

    prog = ir_of(program)
    known = needs(prog, list(prog.benefits)).known
    assert len(known) >= 20
    for stat, name in known.items():
        assert resolve(prog, parse(name)) == (stat, None), name
        inside = name[name.index("「") + 1:name.index("」")].split("、")
        flipped = name.replace("、".join(inside), "、".join(reversed(inside)))
        assert resolve(prog, parse(flipped)) == (stat, None), flipped


def test_reform_impact_reads_the_summary_too(tmp_path, capsys):
    """diff OLD NEW --population with a summary-form file (clauses 三 and 四 alone: no 同一…不得重复 limit).
    By hand, as tests/test_screen_reform.py's first test (the reform: 正常经营 3 个月 → 4000 元, was 6 个月 → 3000 元):
    A (4 months) gains 4000; B (6 months) 3000 → 4000; C (6 months) has had the 一次性创业补贴 once (历史次数 1):
    不符合 in both versions. So 新增 1, 金额改变 1, 3000 → 8000 (C read as never paid would make it 6000 → 12000)."""
    import json
    import shutil

    from hzdsl.cli import main

    from .conftest import POLICIES, reform_startup_subsidy

    old, new = tmp_path / "old", tmp_path / "new"
    for d in (old, new):
        d.mkdir()
        for f in ("c00_front.policy", "facts.policy", "c03.policy", "c04.policy", "official.txt", "official.manifest.json"):
            shutil.copy(POLICIES / f, d / f)
    reform_startup_subsidy(new)
    pop = (f"编号,身份,毕业时长,初次创办企业或个体工商户,正常经营时长,历史次数「一次性创业补贴」,历史次数「一次性创业社保补贴」,"
           f"历史次数「{LOANS}」,历史合计「{LOANS}」贷款期限\n"
           "A,高校毕业生,2 年,是,4,0,0,0,0\nB,高校毕业生,2 年,是,6,0,0,0,0\nC,高校毕业生,2 年,是,6,1,0,0,0\n")
    (tmp_path / "p.csv").write_text(pop, encoding="utf-8")
    capsys.readouterr()
    assert main(["diff", str(old), str(new), "--no-impact", "--no-prove", "--json", "--population", str(tmp_path / "p.csv"),
                 "--date", "2023-06-30"]) == 0
    people = json.loads(capsys.readouterr().out)["人群影响"]["待遇"]
    p = next(p for p in people if p["待遇"] == "一次性创业补贴")
    assert (p["新增符合"], p["不再符合"], p["金额改变"]) == (1, 0, 1)
    assert (p["改前合计"], p["改后合计"], p["差额"]) == ("3000", "8000", "5000")


def test_a_benefit_name_holding_the_separator_is_read_whole():
    """「」 lists the benefits with 、 — a name may hold 、 itself (breaker s20): the parts are joined back where
    that makes a declared name, the longest first."""
    from hzdsl.ir.summary import _names

    benefits = {"甲、乙补贴": "k1", "甲": "k2", "乙补贴": "k3", "丙": "k4"}
    assert _names(["甲", "乙补贴", "丙"], benefits) == ["k1", "k4"]
    assert _names(["丙", "甲"], benefits) == ["k4", "k2"]
    assert _names(["丁"], benefits) is None
