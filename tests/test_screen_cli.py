"""hzdsl screen on small files: results worked out by hand from clause 三, bad input refused with nothing written."""
from __future__ import annotations

import csv
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from hzdsl.cli import main

pytest.importorskip("duckdb")

POP = ("编号,评估日期,身份,毕业时长,初次创办企业或个体工商户,正常经营时长,创业后依法缴纳社会保险费时长\n"
       # 毕业 3 年的高校毕业生（重点人群），初次创办，经营 6 个月、缴费 12 个月：3000 元与 5000 元
       "A1,2023-06-30,高校毕业生,3 年,是,6,12\n"
       # 毕业 6 年：不属于“毕业 5 年以内”，也无其他重点人群身份 → 两项均不符合
       "A2,2023-06-30,高校毕业生,6,是,7,\n"
       # 什么都不知道：待定，所缺为决定它的事实
       "A3,,,,,,\n")


def _first_claims(tmp_path) -> list[str]:
    """--history with no past claims: every applicant claims for the first time (一次性 benefits are paid
    once — a 累计 不超过 1 次 limit — so without a history they would be 待定)."""
    (tmp_path / "none.csv").write_text("编号,待遇,日期\n", encoding="utf-8")
    return ["--history", str(tmp_path / "none.csv")]


def run(tmp_path, *args):
    (tmp_path / "p.csv").write_text(POP, encoding="utf-8")
    return main(["screen", str(tmp_path / "p.csv"), *_first_claims(tmp_path), "--date", "2023-06-30",
                 "--benefit", "一次性创业补贴", "--benefit", "一次性创业社保补贴", *args])


def test_screen_writes_per_applicant_results(tmp_path, capsys):
    out = tmp_path / "o.csv"
    assert run(tmp_path, "--missing", "--out", str(out), "--json") == 0
    rows = {(r["编号"], r["待遇"]): r for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert rows["A1", "一次性创业补贴"]["结论"] == "符合" and rows["A1", "一次性创业补贴"]["金额"] == "3000.00"
    assert rows["A1", "一次性创业社保补贴"]["金额"] == "5000.00"
    assert rows["A2", "一次性创业补贴"]["结论"] == "不符合"
    assert rows["A3", "一次性创业补贴"]["结论"] == "待定"
    assert set(rows["A3", "一次性创业补贴"]["待定事实"].split("、")) == {
        "身份", "毕业时长", "登记失业时长", "初次创办企业或个体工商户", "正常经营时长"}
    summary = json.loads(capsys.readouterr().out)
    first = summary["待遇"][0]
    assert (summary["人数"], first["符合"], first["不符合"], first["待定"]) == (3, 1, 1, 1)
    assert first["金额合计"] == "3000" and first["待定金额下限"] == "3000"


def test_format_json_is_the_json_synonym(tmp_path, capsys):
    """screen takes the same --format as every verb (table | json | markdown); --json is its synonym."""
    assert run(tmp_path, "--format", "json") == 0
    by_format = json.loads(capsys.readouterr().out)
    assert run(tmp_path, "--json") == 0
    assert json.loads(capsys.readouterr().out) == by_format
    assert by_format["待遇"][0]["符合"] == 1  # A1 only (worked above)
    assert run(tmp_path, "--format", "table") == 0
    assert "一次性创业补贴" in capsys.readouterr().out


def test_markdown_summary(tmp_path, capsys):
    assert run(tmp_path, "--format", "markdown") == 0
    text = capsys.readouterr().out
    assert "| 一次性创业补贴 | 三 | 1 | 0 | 1 | 1 | 0 | 0 | 3000 |" in text


@pytest.mark.parametrize("header,row,words", [
    ("编号,毕业时长", "A1,3 天", ["列「毕业时长」", "第 2 行", "3 天"]),
    ("编号,身份", "A1,博士", ["列「身份」", "第 2 行", "博士"]),
    ("编号,初次创办企业或个体工商户", "A1,也许", ["列「初次创办企业或个体工商户」", "也许"]),
    ("编号,毕业时常", "A1,3", ["毕业时常", "毕业时长"]),
    ("名字,毕业时长", "A1,3", ["缺少列「编号」"]),
])
def test_bad_values_are_refused_naming_column_and_row(tmp_path, capsys, header, row, words):
    (tmp_path / "bad.csv").write_text(f"{header}\n{row}\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    assert main(["screen", str(tmp_path / "bad.csv"), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    for w in words:
        assert w in err
    assert "Traceback" not in err
    assert not out.exists() and not list(tmp_path.glob(".o.csv*"))


def test_unknown_benefit_in_history_is_refused(tmp_path, capsys):
    (tmp_path / "p.csv").write_text("编号\nA1\n", encoding="utf-8")
    (tmp_path / "h.csv").write_text("编号,待遇,日期\nA1,创业担保贷款,2022-01-01\n", encoding="utf-8")
    assert main(["screen", str(tmp_path / "p.csv"), "--history", str(tmp_path / "h.csv")]) == 2
    assert "待遇「创业担保贷款」未定义" in capsys.readouterr().err


def test_population_files_read_booleans_like_case_files():
    """One reader for both (syntax.normalize.bool_text; tests/test_bool_cells.py compares what they read)."""
    from hzdsl.backends.sql import ingest
    from hzdsl.cases import load
    from hzdsl.syntax import normalize

    assert ingest.bool_text is normalize.bool_text and load.bool_text is normalize.bool_text
    assert ingest.TRUE_WORDS is normalize.TRUE_WORDS and ingest.FALSE_WORDS is normalize.FALSE_WORDS


def test_the_readme_example_screens(capsys):
    from tests.conftest import EXAMPLES

    assert main(["screen", str(EXAMPLES / "population.csv"), "--history", str(EXAMPLES / "population_history.csv"),
                 "--date", "2023-06-30", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["人数"] == 200 and len(summary["待遇"]) == 77
    assert all(b["符合"] + b["不符合"] + b["待定"] + b["冲突"] == 200 for b in summary["待遇"])


LOANS = ("编号,身份,毕业时长,贷款类别,符合条件的劳动者,贷款合同利率,LPR,贷款期限\n"
         # 毕业 1 年的高校毕业生（重点人群）申请个人贷款，合同利率 ≤ LPR + 50BP（3.45% ≤ 3.95%、3.85% ≤ 3.95%），
         # 无申领历史（次数 0 + 1 ≤ 3，期限 0 + 2 年 ≤ 3 年）：个人创业担保贷款（最高 50 万元）与全额贴息（贴息 = 合同利率）
         "B1,高校毕业生,1,个人,是,3.45%,3.45%,2\n"
         "B2,高校毕业生,1,个人,是,3.85%,3.45%,2\n")


def test_rates_are_not_added_up_as_money(tmp_path, capsys):
    """金额合计 is money paid: the 贴息 rates 3.45% and 3.85% have no total (7.30% would mean nothing),
    only their mean 3.65%; and the loans are ceilings (「可申请最高 50 万元个人创业担保贷款」), not
    payments: no 金额合计, their sum 50 万元 + 50 万元 = 100 万元 reported apart (另计合计, 最高额)."""
    (tmp_path / "p.csv").write_text(LOANS, encoding="utf-8")
    (tmp_path / "h.csv").write_text("编号,待遇,日期\n", encoding="utf-8")
    assert main(["screen", str(tmp_path / "p.csv"), "--history", str(tmp_path / "h.csv"), "--date", "2023-06-30",
                 "--benefit", "个人创业担保贷款", "--benefit", "个人创业担保贷款全额贴息", "--json"]) == 0
    loan, rate = json.loads(capsys.readouterr().out)["待遇"]
    assert (loan["符合"], loan["单位"], loan["金额合计"], loan["另计合计"], loan["金额性质"], loan["已知金额均值"]) == (
        2, "万元", None, "100", "最高额", "50")
    assert (rate["符合"], rate["单位"], rate["金额合计"], rate["另计合计"], rate["已知金额均值"]) == (2, "%", None, None, "3.65")
    assert main(["screen", str(tmp_path / "p.csv"), "--history", str(tmp_path / "h.csv"), "--date", "2023-06-30",
                 "--benefit", "个人创业担保贷款全额贴息", "--format", "markdown"]) == 0
    assert "| 个人创业担保贷款全额贴息 | 四 | 2 | 0 | 0 | 0 | 0 | 0 |  | 3.65 |  | % |" in capsys.readouterr().out


def test_loan_ceilings_are_never_added_to_money_paid(tmp_path, capsys):
    """The same two loans beside a paid subsidy (by hand, clause 三: 一次性创业补贴 3000 元 for A1 of POP):
    the table and markdown mark the loans 另计 with a note, --out marks each row's 金额 最高额, and
    金额合计 holds the 3000 元 paid only."""
    (tmp_path / "p.csv").write_text(
        LOANS.replace("贷款期限\n", "贷款期限,初次创办企业或个体工商户,正常经营时长,创业后依法缴纳社会保险费时长\n")
        .replace(",2\n", ",2,否,,\n") + "A1,高校毕业生,3 年,,,,,,是,6,12\n", encoding="utf-8")
    (tmp_path / "h.csv").write_text("编号,待遇,日期\n", encoding="utf-8")
    args = ["screen", str(tmp_path / "p.csv"), "--history", str(tmp_path / "h.csv"), "--date", "2023-06-30",
            "--benefit", "个人创业担保贷款", "--benefit", "一次性创业补贴"]
    out = tmp_path / "o.csv"
    assert main([*args, "--json", "--out", str(out)]) == 0
    loan, paid = json.loads(capsys.readouterr().out)["待遇"]
    assert (loan["符合"], loan["待定"], loan["金额合计"], loan["另计合计"], loan["金额性质"]) == (2, 1, None, "100", "最高额")
    assert (paid["符合"], paid["金额合计"], paid["另计合计"], paid["金额性质"]) == (1, "3000", None, "支付")
    rows = {(r["编号"], r["待遇"]): r for r in csv.DictReader(out.open(encoding="utf-8"))}
    loan_row, paid_row = rows["B1", "个人创业担保贷款"], rows["A1", "一次性创业补贴"]
    assert (Decimal(loan_row["金额"]), loan_row["单位"], loan_row["金额性质"]) == (50, "万元", "最高额")
    assert (Decimal(paid_row["金额"]), paid_row["单位"], paid_row["金额性质"]) == (3000, "元", "支付")
    assert main([*args, "--format", "markdown"]) == 0
    text = capsys.readouterr().out
    # A1 gives no 贷款类别: its loan is 待定, with the same known ceiling of 50 万元
    assert "| 个人创业担保贷款 | 四 | 2 | 0 | 0 | 1 | 0 | 0 | （最高额，另计 100） | 最高 50 | 50 | 万元 |" in text
    assert "| 一次性创业补贴 | 三 | 1 | 0 | 2 | 0 | 0 | 0 | 3000 | 3000 |  | 元 |" in text
    assert "注：「个人创业担保贷款」的金额是上限（最高额）或贷款额，不是支付的金额，不计入金额合计（另计）。" in text
    assert main([*args, "--format", "table"]) == 0
    assert "不计入金额合计" in capsys.readouterr().out


@pytest.mark.parametrize("text,where", [
    ("编号,身份,毕业时长\nA1,高校毕业生,3 天\n", ":2:10:"),  # 「3 天」 starts at character 10 of line 2
    ('编号,身份,毕业时长\nA1,"高校毕业生,x",3\n', ":2:4:"),  # a quoted cell with a comma inside
    ("编号,毕业时长,身份\nA1,3,\nA2,3,博士\n", ":3:6:"),
])
def test_a_bad_value_is_pointed_at_its_own_column(tmp_path, capsys, text, where):
    (tmp_path / "bad.csv").write_text(text, encoding="utf-8")
    assert main(["screen", str(tmp_path / "bad.csv")]) == 2
    err = capsys.readouterr().err
    assert str(tmp_path / "bad.csv") + where in err, err


def _parquet(path, columns: dict):
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table(columns), path)


def test_typed_parquet_columns_are_read_as_typed(tmp_path, capsys):
    """The three applicants of POP, as typed columns: 毕业时长 in 月 (named in the header), the durations as
    DECIMAL in the declared 个月, 初次创办 as BOOLEAN — the same results as the text file (worked above)."""
    import decimal

    import pyarrow as pa

    d = decimal.Decimal
    _parquet(tmp_path / "p.parquet", {
        "编号": ["A1", "A2", "A3"], "身份": ["高校毕业生", "高校毕业生", None],
        "毕业时长（月）": pa.array([36, 72, None], pa.int64()),  # 3 年, 6 年, unknown
        "初次创办企业或个体工商户": [True, True, None],
        "正常经营时长": pa.array([d(6), d(7), None], pa.decimal128(18, 8)),
        "创业后依法缴纳社会保险费时长": pa.array([12.0, None, None], pa.float64())})
    assert main(["screen", str(tmp_path / "p.parquet"), *_first_claims(tmp_path), "--date", "2023-06-30", "--benefit", "一次性创业补贴",
                 "--benefit", "一次性创业社保补贴", "--json"]) == 0
    first, second = json.loads(capsys.readouterr().out)["待遇"]
    assert (first["符合"], first["不符合"], first["待定"], first["金额合计"]) == (1, 1, 1, "3000")
    assert (second["符合"], second["金额合计"]) == (1, "5000")


@pytest.mark.parametrize("column,values,words", [
    ("毕业时长（月）", [36, -1], ["列「毕业时长（月）」第 2 行", "「-1」", "为负数"]),  # a duration is never negative
    ("正常经营时长", [6.0, 6.123456789], ["列「正常经营时长」第 2 行", "8 位小数"]),  # DOUBLE: not exact in 8 decimals
    ("初次创办企业或个体工商户", [1, 2], ["列「初次创办企业或个体工商户」第 2 行", "「2」", "不是 是/否"]),
    ("毕业时长（天）", [1, 2], ["列「毕业时长（天）」", "单位「天」不对"]),  # 天 is no duration in 年/月
    ("初次创办企业或个体工商户（月）", [True, False], ["只有数量的列名可以带单位"]),
])
def test_bad_typed_values_are_refused(tmp_path, capsys, column, values, words):
    _parquet(tmp_path / "bad.parquet", {"编号": ["A1", "A2"], column: values})
    out = tmp_path / "o.csv"
    assert main(["screen", str(tmp_path / "bad.parquet"), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    for w in words:
        assert w in err, err
    assert "Traceback" not in err and not out.exists()


def test_a_csv_column_of_integers_is_typed_and_takes_the_header_unit(tmp_path, capsys):
    (tmp_path / "p.csv").write_text("编号,身份,毕业时长（月）,初次创办企业或个体工商户,正常经营时长\n"
                                    "A1,高校毕业生,60,是,6\n"  # 60 个月 = 5 年: 毕业 5 年以内 holds
                                    "A2,高校毕业生,61,是,6\n", encoding="utf-8")  # 61 个月: not within 5 年
    assert main(["screen", str(tmp_path / "p.csv"), *_first_claims(tmp_path), "--date", "2023-06-30", "--benefit", "一次性创业补贴",
                 "--json"]) == 0
    s = json.loads(capsys.readouterr().out)["待遇"][0]
    assert (s["符合"], s["不符合"]) == (1, 1)


def test_a_csv_value_past_the_sniffed_rows_falls_back_to_text(tmp_path, capsys):
    """DuckDB types a CSV column from a sample; a later 「7 个月」 in a column of integers is read as text."""
    rows = ["A%d,高校毕业生,3,是,6" % i for i in range(30000)] + ["B,高校毕业生,3,是,7 个月"]
    (tmp_path / "p.csv").write_text("编号,身份,毕业时长,初次创办企业或个体工商户,正常经营时长\n" + "\n".join(rows) + "\n",
                                    encoding="utf-8")
    assert main(["screen", str(tmp_path / "p.csv"), *_first_claims(tmp_path), "--date", "2023-06-30", "--benefit", "一次性创业补贴",
                 "--json"]) == 0
    s = json.loads(capsys.readouterr().out)["待遇"][0]
    assert (s["符合"], s["不符合"], s["待定"]) == (30001, 0, 0)


def test_params_file_gives_the_lpr(tmp_path, capsys):
    """--params: 「LPR」 from a YAML file (it was an internal error). B1 3.45% and B2 3.85% ≤ 3.45% + 50BP."""
    (tmp_path / "p.csv").write_text(LOANS.replace(",LPR,", ",").replace(",3.45%,3.45%,", ",3.45%,").replace(
        ",3.85%,3.45%,", ",3.85%,"), encoding="utf-8")
    assert "LPR" not in (tmp_path / "p.csv").read_text(encoding="utf-8")
    (tmp_path / "h.csv").write_text("编号,待遇,日期\n", encoding="utf-8")
    (tmp_path / "params.yaml").write_text("参数:\n  LPR: 3.45%\n", encoding="utf-8")
    assert main(["screen", str(tmp_path / "p.csv"), "--history", str(tmp_path / "h.csv"), "--date", "2023-06-30",
                 "--params", str(tmp_path / "params.yaml"), "--benefit", "个人创业担保贷款全额贴息", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["待遇"][0]["符合"] == 2
    # read as `hzdsl run --params` reads it: a file without the 「参数」 section is E801 for both (breaker)
    (tmp_path / "bare.yaml").write_text("LPR: 3.45%\n", encoding="utf-8")
    assert main(["screen", str(tmp_path / "p.csv"), "--params", str(tmp_path / "bare.yaml")]) == 2
    assert "E801" in capsys.readouterr().err


def test_durations_in_years_are_shown_exactly_in_months():
    """年 = 12 个月 has no exact decimal factor (× 0.08333333 showed 3 年 as 2.99999988 年): months instead."""
    from fractions import Fraction

    from hzdsl.backends.sql.query import BenefitColumns
    from hzdsl.backends.sql.report import display
    from hzdsl.runtime.units import parse_unit

    years = BenefitColumns("k", "期限", "四", "c0", "a0", [], (("月", 1),), parse_unit("年"))
    assert display(years) == ("个月", Fraction(1))
    wan = BenefitColumns("k", "贷款", "四", "c0", "a0", [], (("元", 1),), parse_unit("万元"))
    assert display(wan) == ("万元", Fraction(10000))  # 1/10000 is exact: the drafter's unit stays


@pytest.mark.parametrize("target,words", [
    # every verb's output path is checked before any work (E806, commands.base.output_file); screen's own
    # check at publication (E914) stays behind it for a path that changes during the run
    ("DIR", ["E806", "是目录"]), ("/dev/null", ["E806", "不是普通文件"]), ("MISSING/o.csv", ["E806", "不存在"])])
def test_a_result_path_that_is_not_an_ordinary_file_is_refused(tmp_path, capsys, target, words):
    (tmp_path / "p.csv").write_text("编号\nA1\n", encoding="utf-8")
    out = str(tmp_path) if target == "DIR" else str(tmp_path / target) if target.startswith("MISSING") else target
    assert main(["screen", str(tmp_path / "p.csv"), "--out", out]) == 2
    err = capsys.readouterr().err
    for w in words:
        assert w in err
    assert "Traceback" not in err


def test_history_that_is_not_a_file_and_a_repeated_id_are_named(tmp_path, capsys):
    (tmp_path / "p.csv").write_text("编号,身份\nA1,高校毕业生\nA2,\nA1,\n", encoding="utf-8")
    assert main(["screen", str(tmp_path / "p.csv")]) == 2
    err = capsys.readouterr().err
    assert "p.csv:4:1" in err and "第 2 行与第 4 行" in err  # the second A1, not the header
    (tmp_path / "q.csv").write_text("编号\nA1\n", encoding="utf-8")
    assert main(["screen", str(tmp_path / "q.csv"), "--history", "/dev/null"]) == 2
    assert "申领历史文件 /dev/null 不是普通文件" in capsys.readouterr().err


def test_summary_table_cuts_nothing_and_reads_at_80_columns(capsys, monkeypatch):
    """At 80 columns every benefit read 「一次 …」 and amounts 「77500…」 (cropped); then, wrapped naively,
    7750000 split into 「775000」 / 「0」; then (robust s22) the twelve columns left 待遇 8 cells: each header one
    character a line (6 header lines), each name on 3–4 lines. Now: two tables (counts, amounts), headers on at
    most two lines, a name on at most two, no line past 80 cells; at 120 the two tables with nothing wrapped; at
    160 the one table. Numbers stay whole. One --json screen is the reference for every width (each 77-benefit
    screen costs ~14 CPU s whatever the rows: the query, not the 200 people); 120 and 160 are printed from it by
    the CLI's own console and table."""
    from hzdsl.commands.base import console
    from hzdsl.commands.screen_summary import table

    from .conftest import EXAMPLES

    args = ["screen", str(EXAMPLES / "population.csv"), "--history", str(EXAMPLES / "population_history.csv"),
            "--date", "2023-06-30"]
    assert main([*args, "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    n = len(payload["待遇"])
    monkeypatch.setenv("COLUMNS", "80")
    assert main(args) == 0
    shown = {80: capsys.readouterr().out}
    for width in (120, 160):
        monkeypatch.setenv("COLUMNS", str(width))
        c = console()
        c.print(table(payload, c.width))
        shown[width] = capsys.readouterr().out
    for width, out in shown.items():
        tables = _table_cuts_nothing(out, payload)
        assert max(_cells(line) for line in out.splitlines()) <= width, width
        assert "金额合计与已知金额均值只计金额已知的符合者" in out.replace("\n", "")  # the note, wrapped or not
        if width == 160:  # the one table, every header on one line
            (head, body), = tables
            assert head == 1 and len(body) <= 2 * n, width  # a long name on two lines at most
        else:
            assert len(tables) == 2, width
            for head, body in tables:
                assert head <= (2 if width == 80 else 1) and len(body) <= (2 * n if width == 80 else n), (width, head)


def _cells(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def _table_cuts_nothing(out: str, payload: dict) -> list[tuple[int, list[list[str]]]]:
    """Each table of the summary in `out` holds every name and each of its columns whole and in order; returns each
    table's (header lines, body lines split into cells)."""
    from hzdsl.commands.screen_summary import COLUMNS, _row

    assert "…" not in out
    rows = [_row(s) for s in payload["待遇"]]
    tables, seen = [], set()
    for block in re.findall(r"^┏.*?^└[^\n]*", out, re.S | re.M):
        heads = [line.split("┃")[1:-1] for line in block.splitlines() if line.startswith("┃")]
        names = ["".join(p.strip() for p in col) for col in zip(*heads)]
        lines = [line.split("│") for line in block.splitlines() if line.startswith("│")]
        columns = ["".join(c.strip() for c in col) for col in zip(*[cells[1:-1] for cells in lines])]
        assert names[0] == "待遇" and columns[0] == "".join(r[0] for r in rows)  # every name, whole, in order
        for k, c in enumerate(names):
            j = COLUMNS.index(c)
            seen.add(c)
            if c in ("待遇", "条款", "单位", "待定金额范围"):
                continue
            # every number whole on one line: the numbers read line by line are the cells' numbers, in order
            # (a ceiling's 「（最高额，另计 200）」 may wrap after 另计, never inside 200); nothing else lost
            col_lines = [cells[k + 1].strip() for cells in lines if cells[k + 1].strip()]
            assert re.findall(r"[\d.]+", "\n".join(col_lines)) == [x for r in rows for x in re.findall(r"[\d.]+", r[j])], c
            assert "".join(col_lines).replace(" ", "") == "".join(r[j].replace(" ", "") for r in rows), c
        for c in ("条款", "单位", "待定金额范围"):  # words and ranges: whole once their lines are joined
            if c in names:
                k = names.index(c)
                assert columns[k].replace(" ", "") == "".join(r[COLUMNS.index(c)] for r in rows).replace(" ", ""), c
        tables.append((len(heads), lines))
    assert seen == set(COLUMNS)  # no figure dropped: each column in one of the tables
    return tables


@pytest.mark.parametrize("suffix,delimiter", [(".csv", ","), (".tsv", "\t")])
def test_result_cells_a_spreadsheet_would_run_are_text(tmp_path, capsys, suffix, delimiter):
    """编号 come from the analyst's file: =1+2, +1, @SUM(A1) and -x would run as formulas when the result is
    opened in Excel; by hand (the one rule, spreadsheet.spreadsheet_safe) they are written '=1+2, '+1,
    '@SUM(A1), '-x, while -5 (a number) and A1 stay as they are. TSV is tab-separated, CSV comma-separated."""
    ids = ["=1+2", "+1", "@SUM(A1)", "-x", "-5", "A1"]
    (tmp_path / "p.csv").write_text("编号,身份\n" + "".join(f'"{i}",高校毕业生\n' for i in ids), encoding="utf-8")
    out = tmp_path / f"o{suffix}"
    assert main(["screen", str(tmp_path / "p.csv"), "--date", "2023-06-30", "--benefit", "一次性创业补贴",
                 "--out", str(out)]) == 0
    capsys.readouterr()
    rows = list(csv.DictReader(out.open(encoding="utf-8"), delimiter=delimiter))
    assert sorted(r["编号"] for r in rows) == sorted(["'=1+2", "'+1", "'@SUM(A1)", "'-x", "-5", "A1"])
    assert {r["待遇"] for r in rows} == {"一次性创业补贴"}


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs a folder that takes no files (Linux /proc)")
@pytest.mark.parametrize("verb", ["screen", "generate"])
def test_a_result_folder_that_takes_no_files_is_a_chinese_error(tmp_path, capsys, verb):
    """/proc exists but the kernel refuses a new file in it (so does a read-only mount, even for root): this was
    exit 3 (FileNotFoundError from the temporary file); now E914 names the file and why, exit 2."""
    (tmp_path / "p.csv").write_text(POP, encoding="utf-8")
    args = (["screen", str(tmp_path / "p.csv"), "--date", "2023-06-30", "--benefit", "一次性创业补贴",
             "--out", "/proc/hzdsl-结果.csv"]
            if verb == "screen" else ["population", "generate", "--n", "3", "--seed", "1", "--out", "/proc/hzdsl-人群.csv"])
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "E914" in err and "无法写入结果文件 /proc/hzdsl-" in err and "提示" in err
    assert "内部错误" not in err and "Traceback" not in err


def test_a_result_file_of_another_kind_is_refused(tmp_path, capsys):
    """--out o.xlsx would have been a CSV under an Excel name: refused before any work (E914), nothing written."""
    (tmp_path / "p.csv").write_text(POP, encoding="utf-8")
    assert main(["screen", str(tmp_path / "p.csv"), "--out", str(tmp_path / "o.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "E914" in err and "xlsx" in err and "提示" in err
    assert not list(tmp_path.glob("o.*")) and not list(tmp_path.glob(".o.*"))


@pytest.mark.parametrize("content", [b"", b"\n", b"\r\n", b"\xef\xbb\xbf", b"\n\xe7\xbc\x96\xe5\x8f\xb7\nA1\n"])
@pytest.mark.parametrize("which", ["population", "history"])
def test_a_csv_without_a_header_line_is_refused_not_given_a_phantom_column(tmp_path, capsys, content, which):
    """A zero-byte file, a lone newline, a BOM alone, or a blank first line: DuckDB invented a column
    「column0」 and the message blamed it. Now E910 names the file and says the header line is missing."""
    (tmp_path / "p.csv").write_text(POP, encoding="utf-8")
    (tmp_path / "h.csv").write_text("编号,待遇,日期\n", encoding="utf-8")
    (tmp_path / ("p.csv" if which == "population" else "h.csv")).write_bytes(content)
    assert main(["screen", str(tmp_path / "p.csv"), "--history", str(tmp_path / "h.csv"),
                 "--date", "2023-06-30", "--benefit", "一次性创业补贴"]) == 2
    err = capsys.readouterr().err
    assert "E910" in err and "没有列名行" in err and "提示" in err
    assert "column0" not in err and "Traceback" not in err


def test_a_csv_with_a_header_and_no_rows_screens_nobody(tmp_path, capsys):
    """A header line alone is a population of 0 (an empty result, not an error): every count 0, no total."""
    (tmp_path / "p.csv").write_text("编号,身份\n", encoding="utf-8")
    assert main(["screen", str(tmp_path / "p.csv"), "--benefit", "一次性创业补贴", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    s = summary["待遇"][0]
    assert (summary["人数"], s["符合"], s["不符合"], s["待定"], s["金额合计"]) == (0, 0, 0, 0, None)


def test_an_unknown_benefit_filter_is_e807_not_a_population_column_error(tmp_path, capsys):
    # --benefit names no benefit of the policy: a filter that selects nothing (E807, as run's --benefit),
    # not E911 (the population file's columns — which are fine here and not even read yet)
    (tmp_path / "p.csv").write_text(POP, encoding="utf-8")
    assert main(["screen", str(tmp_path / "p.csv"), "--date", "2023-06-30", "--benefit", "一次性创业补帖"]) == 2
    err = capsys.readouterr().err
    assert "错误[E807]: --benefit「一次性创业补帖」没有选中任何待遇" in err and "E911" not in err  # as run says it
    assert err.startswith("--benefit:1:1:")
