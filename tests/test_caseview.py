"""The caseworker's answer (`hzdsl run`): who applies, what to show first, what to ask next, nothing cut."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest

from hzdsl.caseview import build_view, data_rows, table
from hzdsl.cases.load import load_cases
from hzdsl.cli import main
from hzdsl.engine import evaluator_for, run_case
from hzdsl.interview.questions import next_questions
from hzdsl.loader import load_policies
from hzdsl.render import Explainer
from hzdsl.runtime.evaluate import Env, Evaluator
from hzdsl.runtime.values import Key, KeyKind

from .conftest import EXAMPLES, REPO, inline_program

EXAMPLE = EXAMPLES / "graduate_startup.yaml"


def cli(capsys, monkeypatch, *argv: str, columns: int = 120) -> tuple[int, str, str]:
    monkeypatch.setenv("COLUMNS", str(columns))
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "内部错误" not in err
    return code, out, err


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


# ── nothing silently cut (point 2) ──────────────────────────────────────────────────────────


def table_columns(rendered: str, ncols: int) -> list[str]:
    """Concatenate, column by column, every body line of a rendered rich table (box characters │)."""
    cols = [""] * ncols
    for line in rendered.splitlines():
        if not line.startswith("│"):
            continue
        cells = line.strip("│").split("│")
        assert len(cells) == ncols, line
        for j, c in enumerate(cells):
            cols[j] += c
    return [squeeze(c) for c in cols]


@pytest.mark.parametrize("width", [60, 120])
def test_run_table_loses_no_text_and_first_screen_has_the_answer(capsys, monkeypatch, program, width):
    code, out, _ = cli(capsys, monkeypatch, "run", str(EXAMPLE), columns=width)
    assert code == 0
    assert "…" not in out
    lines = out.splitlines()
    from rich.cells import cell_len

    assert max(cell_len(x) for x in lines) <= width
    # the first screen (24 lines) holds the answer that matters: 一次性创业补贴 3000 元
    first = "\n".join(lines[:24])
    assert "一次性创业补贴" in first and "3000 元" in first and "符合" in first
    # every cell of every row is in the rendering, whole, column by column
    (case,) = load_cases(EXAMPLE, program)
    view = build_view(program, run_case(program, case))
    rows = data_rows(view, view.table_rows)  # the table folds the 待定 far from a decision (test_run_pending_fold)
    assert len(rows) < len(data_rows(view))
    cols = table_columns(out, 4)
    expect_names = "".join(r[1] + f"（{r[2]}）" for r in rows)
    assert cols[0] == squeeze(expect_names)
    assert cols[1] == "".join(r[3] for r in rows)
    assert cols[2] == squeeze("".join(r[4] for r in rows))
    notes = ""
    for r in rows:
        bits = ([r[8]] if r[8] else []) + ([f"需要：{r[5]}"] if r[5] else []) + \
               ([f"政策待定：{r[6]}"] if r[6] else []) + ([f"参数：{r[7]}"] if r[7] else [])
        notes += "".join(bits)
    assert cols[3] == squeeze(notes)


@pytest.mark.parametrize("width", [60, 80, 120])
def test_run_table_breaks_lines_where_chinese_text_may_break(capsys, monkeypatch, program, width):
    # at 60 columns 「（三）」 was split into 「（」 and 「三）」, and lines began with 」 or 、
    code, out, _ = cli(capsys, monkeypatch, "run", str(EXAMPLE), "--all", columns=width)
    assert code == 0
    cells = [c.strip() for line in out.splitlines() if line.startswith("│")
             for c in line.strip("│").split("│")]
    assert cells
    starts = [c for c in cells if c and c[0] in "」）、，。：；"]
    ends = [c for c in cells if c and c[-1] in "「（"]
    assert not starts and not ends, (starts, ends)
    # every clause label of the 待遇 column is whole on one line
    names = [line.strip("│").split("│")[0].strip() for line in out.splitlines() if line.startswith("│")]
    (case,) = load_cases(EXAMPLE, program)
    labels = {f"（{r[2]}）" for r in data_rows(build_view(program, run_case(program, case), show_all=True))}
    joined = "\n".join(names)
    for label in labels:
        assert label in joined, label
    assert sum(joined.count(label) for label in labels) == len(
        build_view(program, run_case(program, case), show_all=True).rows)


def tree_labels(tree) -> list[str]:
    out = [tree.label.plain if hasattr(tree.label, "plain") else str(tree.label)]
    for child in tree.children:
        out.extend(tree_labels(child))
    return out


@pytest.mark.parametrize("width", [60, 120])
def test_explain_tree_lines_wrap_instead_of_being_cropped(capsys, monkeypatch, program, width):
    code, out, _ = cli(capsys, monkeypatch, "run", str(EXAMPLE), "--explain", "--benefit", "一次性创业补贴",
                       "--questions", "0", columns=width)
    assert code == 0 and "…" not in out
    # the rendered tree, guides removed and lines joined, holds every label of the tree whole
    body = squeeze(re.sub(r"[│├└─]", "", out))
    (case,) = load_cases(EXAMPLE, program)
    result = run_case(program, case, explain=True)
    decision = next(d for d in result.decisions if d.rule.name == "一次性创业补贴")
    labels = tree_labels(Explainer(program, result.record).benefit(decision))
    assert len(labels) > 10
    for label in labels:
        assert squeeze(label) in body, label
    # the deciding line with its values survives at 60 columns
    assert squeeze("「正常经营时长」满6个月其中「正常经营时长」=8个月→成立") in body


def guides_removed(line: str) -> str:
    return re.sub(r"^[│├└─ ]+", "", line).rstrip()


@pytest.mark.parametrize("width", [60, 72, 80])
def test_explain_trees_and_headers_break_where_chinese_text_may_break(capsys, monkeypatch, width):
    # trees wrapped at spaces only (rich): 」、）： started lines, 「毕业 5」 / 「年以内」 and 「经营 8」 / 「个月」
    # were split, and a run of Chinese without spaces was cut wherever the terminal ended
    from rich.cells import cell_len

    code, out, _ = cli(capsys, monkeypatch, "run", str(EXAMPLE), "--explain", "--all", columns=width)
    assert code == 0 and "…" not in out
    lines = out.splitlines()
    assert max(cell_len(x) for x in lines) <= width
    table_lines = [x for x in lines if x.endswith(("│", "┃")) or x[:1] in "┏┡" or "┴" in x]
    body = [guides_removed(x) for x in lines if x not in table_lines]
    body = [x for x in body if x]
    assert len(body) > 500
    starts = [x for x in body if x[0] in "」）〕、，。：；"]
    ends = [x for x in body if x[-1] in "「（〔"]
    assert not starts and not ends, (starts[:5], ends[:5])
    # a number stays with its unit: no line ends with a number whose unit went to the next line
    split = [(a, b) for a, b in zip(body, body[1:]) if re.search(r"\d$", a) and re.match(r"[年个次元万月日人天]", b)]
    assert not split, split[:5]
    # the header's case name: 「8 个月」 whole
    head = "\n".join(lines[:3])
    assert "经营 8 个月" in head


# ── who applies, order, filters (point 1) ───────────────────────────────────────────────────


def test_benefits_of_other_applicants_are_not_shown(capsys, monkeypatch):
    _, out, _ = cli(capsys, monkeypatch, "run", str(EXAMPLE))
    assert "大学生就业创业指导站一次性建站补贴" not in out  # only a 高校 applies
    assert "市级高质量就业社区（村）奖补" not in out  # only a 社区 applies
    assert re.search(r"另有 \d+ 项待遇面向其他申请人", out) and "高校" in out
    _, out_all, _ = cli(capsys, monkeypatch, "run", str(EXAMPLE), "--all")
    assert "大学生就业创业指导站一次性建站补贴" in out_all
    assert "另有" not in out_all


def test_case_names_its_applicant(tmp_path, capsys, monkeypatch):
    case = tmp_path / "u.yaml"
    case.write_text("评估日期: 2023-06-30\n申请人: 高校\n事实: {}\n", encoding="utf-8")
    _, out, _ = cli(capsys, monkeypatch, "run", str(case), "--questions", "0", columns=200)
    assert "大学生就业创业指导站一次性建站补贴" in out
    assert "一次性创业补贴（三）" not in out
    assert "申请人：高校（案例所写）" in out
    case.write_text("评估日期: 2023-06-30\n申请人: 大学\n事实: {}\n", encoding="utf-8")
    code, out, err = cli(capsys, monkeypatch, "run", str(case))
    assert code == 2 and out == ""
    assert "E800" in err and "申请人「大学」" in err and f"{case}:2:" in err and "提示" in err


def test_a_founder_of_a_business_is_a_person_applicant(capsys, monkeypatch, program):
    # 读法 (policies/facts.policy): 「正常经营时长」 is the founder's fact — clause 三's sentence has one subject,
    # 重点人群, who 初次创办企业或个体工商户，正常经营 6 个月 and claims the 3000 元 (a 个体工商户 is no 企业 at all).
    # Declared on 企业, it made the example (every fact the graduate's own) an enterprise too, and the table
    # listed ~20 enterprise benefits nobody asked about.
    from hzdsl.interview.applicant import benefit_kinds, case_kinds

    (case,) = load_cases(EXAMPLE, program)
    assert case_kinds(program, case.facts) == frozenset({"个人"})
    assert benefit_kinds(program)["一次性创业补贴"] == frozenset({"个人"})
    _, out, _ = cli(capsys, monkeypatch, "run", str(EXAMPLE), "--questions", "0")
    assert "申请人：个人（按案例所给事实的主体推断）" in out
    assert "员工制家政服务企业社保补贴" not in out  # only an enterprise (企业) claims it


def test_default_order_eligible_then_least_missing_then_one_line_of_ineligible(program):
    (case,) = load_cases(EXAMPLE, program)
    view = build_view(program, run_case(program, case))
    statuses = [d.status for d in view.rows]
    assert statuses[0] == "符合" and view.rows[0].rule.name == "一次性创业补贴"
    assert "不符合" not in statuses
    assert statuses == sorted(statuses, key=["符合", "冲突", "待定"].index)
    from hzdsl.caseview import missing_of

    pending = [missing_of(d).askable for d in view.rows if d.status == "待定"]
    assert pending == sorted(pending) and pending
    # 一次性创业社保补贴: 8 个月 < 12 个月 (the example's own hand-worked note) is counted, not listed
    assert "一次性创业社保补贴" in {d.rule.name for d in view.ineligible}


def test_ineligible_count_line_and_all(capsys, monkeypatch):
    _, out, _ = cli(capsys, monkeypatch, "run", str(EXAMPLE))
    m = re.search(r"不符合 (\d+) 项（加 --all 查看原因）", out)
    assert m
    _, out_all, _ = cli(capsys, monkeypatch, "run", str(EXAMPLE), "--all", "--format", "tsv")
    rows = list(csv.reader(io.StringIO(out_all), delimiter="\t"))[1:]
    assert len(rows) == 77
    assert sum(1 for r in rows if r[3] == "不符合") >= int(m.group(1))


def test_filters_by_benefit_and_clause(capsys, monkeypatch):
    _, out, _ = cli(capsys, monkeypatch, "run", str(EXAMPLE), "--format", "tsv", "--clause", "3")
    rows = list(csv.reader(io.StringIO(out), delimiter="\t"))
    assert rows[0][:4] == ["案例", "待遇", "条款", "结论"]
    assert {r[1] for r in rows[1:]} == {"一次性创业补贴", "一次性创业社保补贴", "创业带动就业补贴", "三类企业创业补贴"}
    _, out, _ = cli(capsys, monkeypatch, "run", str(EXAMPLE), "--format", "csv", "--benefit", "社保补贴", "-c", "三")
    rows = list(csv.reader(io.StringIO(out)))
    assert [r[1] for r in rows[1:]] == ["一次性创业社保补贴"]
    assert rows[1][3] == "不符合"


# ── 需要 / 政策待定 / 参数, parameter files ─────────────────────────────────────────────────


LOAN = """评估日期: 2023-09-01
事实:
  身份: [高校毕业生]
  毕业时长: 2 年
  符合条件的劳动者: 是
  贷款类别: 个人
  贷款期限: 3 年
  贷款合同利率: 3.45%
历史: 无
"""


def test_needs_params_and_placeholders_apart(tmp_path, capsys, monkeypatch):
    case = tmp_path / "loan.yaml"
    case.write_text(LOAN, encoding="utf-8")
    _, out, _ = cli(capsys, monkeypatch, "run", str(case), "--format", "tsv", "--all")
    rows = {r["待遇"]: r for r in csv.DictReader(io.StringIO(out), delimiter="\t")}
    interest = rows["个人创业担保贷款全额贴息"]
    assert interest["结论"] == "待定"
    assert interest["参数"] == "LPR" and "LPR" not in interest["需要"]
    startup_team = rows["创业带动就业补贴"]
    assert "按规定" in startup_team["政策待定"] and "按规定" not in startup_team["需要"]


def test_shared_parameter_file(tmp_path, capsys, monkeypatch):
    """The bundled parameter file supplies LPR (3.45 % from 2023-08-21, the PBOC 1-year LPR), so no
    result of the loan case waits for 参数「LPR」 any more."""
    shared = REPO / "params" / "杭州市参数.yaml"
    assert shared.is_file()
    case = tmp_path / "loan.yaml"
    case.write_text(LOAN, encoding="utf-8")
    _, out, _ = cli(capsys, monkeypatch, "run", str(case), "--format", "json", "--all", "--params", str(shared))
    by = {d["待遇"]: d for d in json.loads(out)["待遇"]}
    assert "参数「LPR」" not in json.dumps(by["个人创业担保贷款全额贴息"], ensure_ascii=False)
    # the same file named inside the case (relative to the case file) gives the same answer
    (tmp_path / "p.yaml").write_text(shared.read_text(encoding="utf-8"), encoding="utf-8")
    case.write_text(LOAN + "参数文件: p.yaml\n", encoding="utf-8")
    _, out2, _ = cli(capsys, monkeypatch, "run", str(case), "--format", "json", "--all")
    assert json.loads(out2)["待遇"] == json.loads(out)["待遇"]
    # the case's own value wins over the shared file
    case.write_text(LOAN + "参数文件: p.yaml\n参数: {LPR: 4.35%}\n", encoding="utf-8")
    (loaded_case,) = load_cases(case, load_policies(None).program)
    from fractions import Fraction

    assert loaded_case.params["LPR"].value == Fraction(435, 10000)


def test_bad_parameter_file_is_reported(tmp_path, capsys, monkeypatch):
    case = tmp_path / "c.yaml"
    case.write_text("评估日期: 2023-09-01\n事实: {}\n参数文件: 无此文件.yaml\n", encoding="utf-8")
    code, out, err = cli(capsys, monkeypatch, "run", str(case))
    assert code == 2 and "E801" in err and "无此文件.yaml" in err and f"{case}:3:" in err
    (tmp_path / "p.yaml").write_text("参数:\n  LPR: 三点四五\n", encoding="utf-8")
    case.write_text("评估日期: 2023-09-01\n事实: {}\n参数文件: p.yaml\n", encoding="utf-8")
    code, out, err = cli(capsys, monkeypatch, "run", str(case))
    assert code == 2 and f"{tmp_path / 'p.yaml'}:2:" in err


# ── implications (蕴含) ───────────────────────────────────────────────────────────────────


def test_implied_fact_is_not_asked(program):
    # the example gives 「初次创办企业或个体工商户: 是」 only; 「创办企业或个体工商户」 follows (facts.policy 蕴含)
    (case,) = load_cases(EXAMPLE, program)
    assert "创办企业或个体工商户" not in case.facts
    result = run_case(program, case)
    d = next(d for d in result.decisions if d.rule.name == "创业带动就业补贴")
    assert d.status == "待定" and d.missing.missing == frozenset({Key(KeyKind.FACT, "符合创业带动就业补贴条件")})
    assert all(Key(KeyKind.FACT, "创办企业或个体工商户") not in (x.missing.missing if x.missing is not None else ())
               for x in result.decisions)


def test_implication_runs_backwards_too(program):
    """创办 = 否 ⇒ not 初次创办: 一次性创业补贴 (which needs 初次创办) is 不符合 without asking."""
    ev = evaluator_for(program)
    facts = {"身份": frozenset({"高校毕业生"}), "毕业时长": None, "创办企业或个体工商户": False}
    from hzdsl.runtime.units import Q

    facts["毕业时长"] = Q.of(3, "年")
    facts["正常经营时长"] = Q.of(8, "个月")
    ds = {d.rule.name: d for d in ev.decide_all(Env(dt.date(2023, 6, 30), facts, {}, []))}
    assert ds["一次性创业补贴"].status == "不符合"
    facts["创办企业或个体工商户"] = True  # given as true: says nothing about 初次
    ds = {d.rule.name: d for d in ev.decide_all(Env(dt.date(2023, 6, 30), facts, {}, []))}
    assert ds["一次性创业补贴"].status == "待定"
    assert ds["一次性创业补贴"].missing.missing == frozenset({Key(KeyKind.FACT, "初次创办企业或个体工商户")})


def test_implication_between_non_booleans_is_an_error(tmp_path):
    path = tmp_path / "p.policy"
    path.write_text("条款 三 「加大创业资金扶持力度」。\n"
                    "事实 「甲」：个人 布尔，蕴含 「乙」。\n事实 「乙」：个人 时长(个月)。\n"
                    "事实 「丙」：个人 布尔，蕴含 「丁」。\n", encoding="utf-8")
    diags = load_policies([path]).errors
    assert any(d.code == "E802" and "「甲」蕴含「乙」" in d.message for d in diags)
    assert any(d.code == "E201" and "「丁」" in d.message for d in diags)


# ── next questions ──────────────────────────────────────────────────────────────────────────


QUESTIONS_POLICY = """
条款 三 「加大创业资金扶持力度」。
事实 「甲」：个人 布尔。
事实 「乙」：个人 布尔。
事实 「丙」：个人 布尔。
事实 「经营时长」：个人 时长(个月)。
待遇 「A」(补贴) 依据「可按规定申领 3000 元的一次性创业补贴」 若 「甲」 且 「乙」 则 3000 元。
待遇 「B」(补贴) 依据「可按规定申领 3000 元的一次性创业补贴」 若 「甲」 则 3000 元。
待遇 「C」(补贴) 依据「初次创办企业或个体工商户，正常经营 6 个月，可按规定申领 3000 元的一次性创业补贴」 若 「丙」 且 「经营时长」 满 6 个月 则 3000 元。
"""


def test_next_questions_hand_worked(tmp_path):
    """甲 = 否 settles A and B; 乙 settles only A, 丙 only C, 经营时长 (5 / 6 / 7 个月) only C.
    Greedy: 甲 first (2 benefits); then C is the one still open: 丙 and 经营时长 both settle it —
    丙 settles it for half its answers (否), 经营时长 for one in three (5 个月), so 丙; then nothing new."""
    program = inline_program(tmp_path, QUESTIONS_POLICY)
    ev = Evaluator(program)
    date = dt.date(2023, 6, 30)
    decisions = ev.decide_all(Env(date, {}, {}, []))
    qs = next_questions(program, ev, date, {}, {}, [], decisions)
    assert [q.name for q in qs] == ["甲", "丙"]
    assert qs[0].decides == ("A", "B") and qs[1].decides == ("C",)
    # once 甲 is answered 是, B is 符合 and A waits only for 乙
    decisions = ev.decide_all(Env(date, {"甲": True}, {}, []))
    qs = next_questions(program, ev, date, {"甲": True}, {}, [], decisions)
    assert [q.name for q in qs] == ["乙", "丙"]


def test_next_questions_in_run_output_and_json(capsys, monkeypatch):
    _, out, _ = cli(capsys, monkeypatch, "run", str(EXAMPLE))
    assert "下一步可问" in out
    _, out, _ = cli(capsys, monkeypatch, "run", str(EXAMPLE), "--json")
    data = json.loads(out)
    qs = data["下一步问题"]
    assert 1 <= len(qs) <= 5
    assert all(q["可确定数"] >= 1 and q["事实"] for q in qs)
    counts = [q["可确定数"] for q in qs]
    assert counts[0] == max(counts)
    assert "创办企业或个体工商户" not in {q["事实"] for q in qs}
    assert data["申请人"] == ["个人"]  # every fact the example gives is the graduate's own (读法 in facts.policy)


# ── one --format everywhere ─────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("argv", [
    ["check", "policies"], ["run", str(EXAMPLE)], ["schema"], ["coverage"],
    ["test", str(EXAMPLE)], ["diff", "policies", "policies", "--no-impact"],
])
def test_every_verb_takes_format_json_and_the_json_synonym(capsys, monkeypatch, argv):
    monkeypatch.chdir(REPO)
    for flag in (["--format", "json"], ["--json"]):
        code, out, err = cli(capsys, monkeypatch, *argv, *flag)
        assert code == 0, err
        json.loads(out)


def test_tsv_and_csv_are_data_only(capsys, monkeypatch):
    for fmt, delim in (("tsv", "\t"), ("csv", ",")):
        _, out, _ = cli(capsys, monkeypatch, "run", str(EXAMPLE), "--format", fmt)
        assert not out.startswith("#") and "案例：" not in out
        rows = list(csv.reader(io.StringIO(out), delimiter=delim))
        assert rows[0] == ["案例", "待遇", "条款", "结论", "金额", "需要", "政策待定", "参数", "说明"]
        assert all(len(r) == 9 for r in rows)
        assert rows[1][1] == "一次性创业补贴" and rows[1][4] == "3000 元"


@pytest.mark.parametrize("fmt,sep", [("csv", ","), ("tsv", "\t")])
def test_csv_cells_a_spreadsheet_would_run_as_formulas_stay_text(tmp_path, capsys, fmt, sep):
    """A case name =1+2 or =HYPERLINK(…) opened in Excel must not run: such cells start with ' ;
    a negative amount such as -212 元 is a number and is left alone."""
    from hzdsl.caseview import spreadsheet_safe
    from hzdsl.cli import main

    assert [spreadsheet_safe(s) for s in ["=1+2", "+1", "@SUM(A1)", "-x", "\tA", "-212 元", "3000 元", ""]] == [
        "'=1+2", "'+1", "'@SUM(A1)", "'-x", "'\tA", "-212 元", "3000 元", ""]
    case = tmp_path / "inj.yaml"
    case.write_text('名称: "=HYPERLINK(\\"http://x\\")"\n评估日期: 2023-06-30\n事实: {}\n', encoding="utf-8")
    capsys.readouterr()
    assert main(["run", str(case), "--format", fmt]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out), delimiter=sep))
    assert len(rows) > 1 and all(r[0] == "'=HYPERLINK(\"http://x\")" for r in rows[1:])


@pytest.mark.parametrize("width", [60, 100])
def test_schema_table_cuts_nothing(capsys, monkeypatch, program, width):
    # the data dictionary was cropped to 「符合 …」 / 「（五…」 in every row at 60 columns
    from hzdsl.schema import rows

    code, out, _ = cli(capsys, monkeypatch, "schema", columns=width)
    assert code == 0
    expected = list(rows(program))
    assert out.count("…") == sum(cell.count("…") for row in expected for cell in row)
    cols = table_columns(out, 7)
    assert cols[1] == squeeze("".join(r[1] for r in expected))  # every name, whole, in order
    assert cols[5] == squeeze("".join(r[5] or "" for r in expected))
