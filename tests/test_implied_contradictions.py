"""A case that contradicts a 蕴含 is an input error, in every verb that reads cases (issue 9, breaker).

policies/facts.policy declares 「初次创办企业或个体工商户」 蕴含 「创办企业或个体工商户」: whoever creates a business
for the first time creates a business. A case giving the first 是 and the second 否 is an applicant who
cannot exist; read as written, 一次性创业补贴 (clause 三, which cites 初次创办) paid 3000 元 while 创业带动就业补贴
(which cites 创办) refused — two answers from one impossible person. Now: E722 at the 否, naming both facts,
with a 提示 (run, test, serve); `hzdsl screen` counts such rows (E723), names them, never screens or pays them,
and exits 2 after screening the others.
"""
from __future__ import annotations

import csv
import json
import textwrap

import pytest

from hzdsl.cases.load import cases_from_text
from hzdsl.cli import main
from hzdsl.errors import HzdslError

from .conftest import POLICIES, inline_program

CONTRADICTION = """\
评估日期: 2023-06-30
历史: []
事实:
  身份: [就业困难人员]
  初次创办企业或个体工商户: 是
  创办企业或个体工商户: 否
"""


def _diag(program, text, name="case.yaml"):
    with pytest.raises(HzdslError) as e:
        cases_from_text(text, name, program)
    found = [d for d in e.value.diagnostics if d.code == "E722"]
    assert len(found) == 1, [str(d) for d in e.value.diagnostics]
    return found[0]


def test_the_implied_fact_given_false_is_refused_where_it_is_written(program):
    d = _diag(program, CONTRADICTION)
    assert (d.span.line, d.span.col) == (6, 15)  # the 否 of 创办企业或个体工商户
    assert "「初次创办企业或个体工商户」为“是”（第 5 行第 17 列）" in d.message
    assert "「创办企业或个体工商户」为“否”" in d.message
    assert d.hint.startswith("改正其中一项")
    # the other value and the policy's declaration are related locations
    assert (d.related[0].span.line, d.related[0].span.col) == (5, 17)
    assert d.related[1].span.file.endswith("facts.policy")


def test_consistent_cases_are_read(program):
    for first, created in (("是", "是"), ("否", "否"), ("否", "是")):
        text = CONTRADICTION.replace("初次创办企业或个体工商户: 是", f"初次创办企业或个体工商户: {first}") \
                            .replace("创办企业或个体工商户: 否", f"创办企业或个体工商户: {created}")
        (case,) = cases_from_text(text, "case.yaml", program)
        assert case.facts["创办企业或个体工商户"] is (created == "是")


def test_a_shared_fact_and_a_cases_own_fact_are_read_together(program):
    text = textwrap.dedent("""\
        评估日期: 2023-06-30
        事实: {初次创办企业或个体工商户: 是}
        案例:
          - 名称: 一致
            事实: {身份: [就业困难人员]}
          - 名称: 矛盾
            事实: {创办企业或个体工商户: 否}
        """)
    d = _diag(program, text)
    assert d.span.line == 7


def test_implication_is_transitive(tmp_path):
    prog = inline_program(tmp_path, "事实 「甲」：个人 布尔，蕴含 「乙」。\n事实 「乙」：个人 布尔，蕴含 「丙」。\n"
                                    "事实 「丙」：个人 布尔。\n")
    d = _diag(prog, "评估日期: 2023-06-30\n事实:\n  丙: 否\n  甲: 是\n")
    assert d.span.line == 3 and "「甲」" in d.message and "「丙」" in d.message
    (case,) = cases_from_text("评估日期: 2023-06-30\n事实:\n  乙: 否\n  丙: 否\n", "ok.yaml", prog)
    assert case.facts == {"乙": False, "丙": False}


@pytest.mark.parametrize("verb", ["run", "test"])
def test_run_and_test_exit_2_with_a_located_chinese_message(tmp_path, capsys, verb):
    f = tmp_path / "case.yaml"
    f.write_text(CONTRADICTION + "预期:\n  一次性创业补贴: 不符合\n", encoding="utf-8")
    rc = main([verb, str(f), "-p", str(POLICIES)] if verb == "run" else [verb, str(f)])
    err = capsys.readouterr()
    out = err.out + err.err
    assert rc == 2, out
    assert "E722" in out and "case.yaml:6:15" in out and "提示" in out and "Traceback" not in out


def test_serve_answers_400_with_the_same_diagnostic(loaded, tmp_path):
    from .test_serve import call
    from .web_support import live_server

    with live_server(loaded, max_body=16 * 1024) as url:
        status, body = call(f"{url}/api/run?name=case.yaml", CONTRADICTION.encode("utf-8"))
    assert status == 400
    (d,) = json.loads(body)["错误"]
    assert d["code"] == "E722" and "case.yaml:6:15" in d["文本"] and "提示" in d["文本"]


POPULATION = ("编号,初次创办企业或个体工商户,创办企业或个体工商户,身份,符合创业带动就业补贴条件,正常经营时长\n"
              "A,是,否,就业困难人员,是,8 个月\n"     # line 2: impossible
              "B,是,,就业困难人员,是,8 个月\n"       # 创办 filled by 蕴含
              "C,是,否,就业困难人员,是,8 个月\n"     # line 4: impossible
              "D,否,否,就业困难人员,是,8 个月\n")


def test_screen_counts_and_names_the_rows_and_never_screens_them(tmp_path, capsys):
    pytest.importorskip("duckdb")
    (tmp_path / "p.csv").write_text(POPULATION, encoding="utf-8")
    out = tmp_path / "o.csv"
    rc = main(["screen", str(tmp_path / "p.csv"), "--date", "2023-06-30", "--benefit", "一次性创业补贴",
               "--benefit", "创业带动就业补贴", "--out", str(out), "--json"])
    captured = capsys.readouterr()
    assert rc == 2, captured.err
    payload = json.loads(captured.out)
    assert payload["人数"] == 2  # B and D; A and C are left out
    (refused,) = payload["未筛查"]
    assert refused["代码"] == "E723" and refused["行"] == 2
    assert refused["信息"].startswith("2 行的事实互相矛盾") and "第 2、4 行" in refused["信息"]
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {r["编号"] for r in rows} == {"B", "D"}
    assert not any(r["结论"] == "符合" and r["编号"] in {"A", "C"} for r in rows)
    # B (clause 三): 重点人群 (就业困难人员) 且 创办 (是, by 蕴含 from 初次创办) 且 符合…条件 → 创业带动就业补贴 符合
    assert next(r for r in rows if r["编号"] == "B" and r["待遇"] == "创业带动就业补贴")["结论"] == "符合"


def test_screen_table_says_rows_were_left_out(tmp_path, capsys):
    pytest.importorskip("duckdb")
    (tmp_path / "p.csv").write_text(POPULATION, encoding="utf-8")
    rc = main(["screen", str(tmp_path / "p.csv"), "--date", "2023-06-30", "--benefit", "一次性创业补贴"])
    captured = capsys.readouterr()
    assert rc == 2
    assert "E723" in captured.err and "p.csv:2:" in captured.err and "提示" in captured.err
    assert "事实矛盾的行未筛查" in captured.out


def test_diff_population_refuses_such_rows(tmp_path, capsys):
    """An impact computed without some applicants would understate it: diff --population refuses the file."""
    pytest.importorskip("duckdb")
    (tmp_path / "p.csv").write_text(POPULATION, encoding="utf-8")
    rc = main(["diff", str(POLICIES), str(POLICIES), "--population", str(tmp_path / "p.csv"), "--no-prove"])
    err = capsys.readouterr().err
    assert rc == 2 and "E723" in err and "第 2、4 行" in err and "Traceback" not in err
