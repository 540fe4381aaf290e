"""`hzdsl run`'s terminal view folds the 待定 far from a decision into one line (the caseworker's answer).

The README's first command printed 909 lines with --explain (200 without): 1 符合 row, then 43 待定 rows, many
of them waiting for 4–10 facts the case never mentions. The terminal table now keeps every 符合 / 冲突 row and,
in the order of before, the first 3 待定, then those needing at most 2 answers from the applicant, 8 待定 in
all (caseview.fold_pending); one line counts the rest and names --all. --all, --benefit / --clause, --json and --format tsv|csv show everything.
"""
from __future__ import annotations

import csv
import io
import json
import re

import pytest

from hzdsl.cli import main

from .conftest import EXAMPLES

EXAMPLE = EXAMPLES / "graduate_startup.yaml"
QUOTE = "依据「可按规定申领 3000 元的一次性创业补贴」"


def run(capsys, monkeypatch, *argv: str, columns: int = 160) -> str:
    monkeypatch.setenv("COLUMNS", str(columns))
    code = main(["run", *argv])
    out, err = capsys.readouterr()
    assert code == 0 and "Traceback" not in out + err, err
    return out


def table_names(out: str) -> list[str]:
    """The 待遇 column of the rendered table (first cell of each body line; one line each at 160 columns)."""
    return [line.strip("│").split("│")[0].strip() for line in out.splitlines()
            if line.startswith("│") and line.strip("│").split("│")[0].strip()]


# ── a small policy: every count by hand ────────────────────────────────────────────────────────────

def fold_policy() -> str:
    """「给」 is given (是). 「甲」: 符合. 「单1」–「单3」 wait for one fact each, 「双4」–「双9」 for two, 「三10」 and
    「三11」 for three — each benefit its own facts, so none is settled by another's answer."""
    lines = ["条款 三 「加大创业资金扶持力度」。", "事实 「给」：个人 布尔。"]
    needs = {"甲": []} | {f"单{i}": [f"单{i}a"] for i in (1, 2, 3)} | \
        {f"双{i}": [f"双{i}a", f"双{i}b"] for i in range(4, 10)} | {f"三{i}": [f"三{i}a", f"三{i}b", f"三{i}c"] for i in (10, 11)}
    for name, facts in needs.items():
        lines += [f"事实 「{f}」：个人 布尔。" for f in facts]
        cond = " 且 ".join(["「给」"] + [f"「{f}」" for f in facts])
        lines.append(f"待遇 「{name}」(补贴) {QUOTE} 若 {cond} 则 3000 元。")
    return "\n".join(lines) + "\n"


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "p.policy").write_text(fold_policy(), encoding="utf-8")
    (tmp_path / "case.yaml").write_text("名称: 折叠\n评估日期: 2023-06-30\n事实: {给: 是}\n", encoding="utf-8")
    return tmp_path


def test_the_table_keeps_the_pending_nearest_a_decision_and_counts_the_rest(capsys, monkeypatch, folder):
    out = run(capsys, monkeypatch, str(folder / "case.yaml"), "-p", str(folder / "p.policy"), "--questions", "0")
    # by hand: 11 待定 (单1–3, 双4–9, 三10–11); 9 need ≤ 2 answers, the first 8 in order are 单1–3, 双4–8;
    # 双9 (cut by the 8) and 三10, 三11 (3 answers each) are folded: 3
    assert [re.sub(r"（三）$", "", n) for n in table_names(out)] == \
        ["甲", "单1", "单2", "单3", "双4", "双5", "双6", "双7", "双8"]
    assert "另有 3 项待定未显示" in out and "--all" in out
    for gone in ("双9", "三10", "三11"):
        assert gone not in out


def test_a_case_far_from_every_decision_still_sees_its_nearest_three(capsys, monkeypatch, tmp_path):
    # 远1–远5 each wait for three facts of their own: none is near (≤ 2 answers), yet the table is not left
    # empty — the first three in order are shown, 远4 and 远5 folded: 2
    lines = ["条款 三 「加大创业资金扶持力度」。"]
    for i in range(1, 6):
        lines += [f"事实 「远{i}{c}」：个人 布尔。" for c in "abc"]
        lines.append(f"待遇 「远{i}」(补贴) {QUOTE} 若 「远{i}a」 且 「远{i}b」 且 「远{i}c」 则 3000 元。")
    (tmp_path / "p.policy").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "case.yaml").write_text("评估日期: 2023-06-30\n申请人: 个人\n事实: {}\n", encoding="utf-8")
    out = run(capsys, monkeypatch, str(tmp_path / "case.yaml"), "-p", str(tmp_path / "p.policy"), "--questions", "0")
    assert [re.sub(r"（三）$", "", n) for n in table_names(out)] == ["远1", "远2", "远3"]
    assert "另有 2 项待定未显示" in out


def test_explain_explains_only_what_is_shown_and_points_to_all(capsys, monkeypatch, folder):
    case, pol = str(folder / "case.yaml"), str(folder / "p.policy")
    out = run(capsys, monkeypatch, case, "-p", pol, "--explain", "--questions", "0")
    assert "「双8a」" in out and "「双9a」" not in out and "「三10a」" not in out  # 双9's tree names 双9a
    assert "其余 3 项待定的逐条解释" in out and "--all" in out
    out = run(capsys, monkeypatch, case, "-p", pol, "--explain", "--all", "--questions", "0")
    assert "「双9a」" in out and "「三11c」" in out and "未显示" not in out


def test_all_filters_and_data_formats_show_every_pending(capsys, monkeypatch, folder):
    case, pol = str(folder / "case.yaml"), str(folder / "p.policy")
    every = {"甲", *(f"单{i}" for i in (1, 2, 3)), *(f"双{i}" for i in range(4, 10)), "三10", "三11"}
    out = run(capsys, monkeypatch, case, "-p", pol, "--all", "--questions", "0")
    assert {re.sub(r"（三）$", "", n) for n in table_names(out)} == every and "未显示" not in out
    out = run(capsys, monkeypatch, case, "-p", pol, "--clause", "三", "--questions", "0")  # a selection: all of it
    assert {re.sub(r"（三）$", "", n) for n in table_names(out)} == every and "未显示" not in out
    out = run(capsys, monkeypatch, case, "-p", pol, "-b", "三1", "--questions", "0")  # 三10, 三11: both kept
    assert [re.sub(r"（三）$", "", n) for n in table_names(out)] == ["三10", "三11"]
    tsv = list(csv.reader(io.StringIO(run(capsys, monkeypatch, case, "-p", pol, "--format", "tsv")), delimiter="\t"))
    assert {r[1] for r in tsv[1:]} == every  # data: one row per benefit, nothing folded
    data = json.loads(run(capsys, monkeypatch, case, "-p", pol, "--json"))
    assert {b["待遇"] for b in data["待遇"]} == every
    assert next(b for b in data["待遇"] if b["待遇"] == "三11")["需要"] == ["「三11a」", "「三11b」", "「三11c」"]


# ── the README's example, worked out from the policies ────────────────────────────────────────────

# 77 benefits. The graduate gives only 个人 facts (身份, 毕业时长, 初次创办…, 正常经营时长, 创业后…缴纳…时长), so the
# 23 benefits that read no 个人 fact are for other applicants:
OTHERS = {"经办银行手续费补贴", "受托担保机构担保费补助", "创业陪跑空间主办方补贴", "创业孵化基地第三方运营经费补贴",
          "市级创业孵化示范基地奖补", "市级就业见习示范基地奖补", "大学生就业创业指导站一次性建站补贴", "员工制家政服务企业社保补贴",
          "残疾人按比例就业岗位补贴", "残疾人超比例就业奖励", "职业院校社会培训职责达标", "实训基地分基地技能实训资助",
          "实训基地分基地技能竞赛资助", "职业技能等级认定品牌建设资助", "高技能人才培养资助", "用人单位吸纳取证应届毕业生资助",
          "市职业技能品牌培训机构资助", "市职业技能品牌培训项目资助", "技能大师工作室资助", "就业创业服务补贴",
          "企业用工和失业动态监测补贴", "市级高质量就业社区（村）奖补", "高质量就业社区（村）区县补助"}
# 符合: 一次性创业补贴 (毕业 3 年 ≤ 5 年, 初次创办, 经营 8 个月 ≥ 6). 不符合, each from the rule's text:
INELIGIBLE = {"一次性创业社保补贴",  # 缴纳 8 个月 < 12 个月
              "其他人员个人创业担保贷款贴息",  # 毕业 5 年以内的高校毕业生 is 重点人群: 全额贴息 is theirs, not this one
              "创业陪跑空间外场地租金补贴",  # not one of its 对象
              "离校未就业高校毕业生一次性临时生活补贴",  # 毕业 3 年: not 应届
              "就业困难人员认定", "低保低边家庭失业人员一次性临时生活补助",  # 身份 has no 登记失业人员
              "用人单位招用就业困难人员社保补贴", "就业困难人员自主创业社保补贴", "公益性岗位社保补贴和岗位补贴",  # nor 就业困难人员
              "残疾人公益性岗位优先安排"}  # nor 持证残疾人
# So 77 − 23 − 1 − 10 = 43 待定. Those needing at most 2 answers: 5 need one (参加就业见习, 见习学员综合商业保险:
# 「符合见习条件」; 退役军人随军家属就业创业服务: 「随军家属」; 市级职业技能竞赛前三名资助: the 名次; 创业带动就业补贴:
# 「符合创业带动就业补贴条件」), 11 need two — 16, of which the table shows the first 8 (the first 3 need one
# answer each, so the 3 shown whatever they need are among them); 43 − 8 = 35 are folded.
FOLDED = 35


def test_the_readme_example_folds_35_pending(capsys, monkeypatch):
    out = run(capsys, monkeypatch, str(EXAMPLE))
    names = [re.sub(r"（[^（）]+）$", "", n) for n in table_names(out)]
    assert names[0] == "一次性创业补贴" and len(names) == 1 + 8
    assert {"参加就业见习", "见习学员综合商业保险", "退役军人随军家属就业创业服务", "市级职业技能竞赛前三名资助",
            "创业带动就业补贴"} <= set(names)
    assert f"另有 {FOLDED} 项待定未显示" in out
    assert f"不符合 {len(INELIGIBLE)} 项" in out and f"另有 {len(OTHERS)} 项待遇面向其他申请人" in out
    assert "下一步可问" in out  # the point of the view stays


def test_the_readme_example_with_all_and_json_lists_every_benefit(capsys, monkeypatch):
    tsv = list(csv.reader(io.StringIO(run(capsys, monkeypatch, str(EXAMPLE), "--all", "--format", "tsv")),
                          delimiter="\t"))[1:]
    assert len(tsv) == 77
    out = run(capsys, monkeypatch, str(EXAMPLE), "--all", columns=400)
    assert len(table_names(out)) == 77 and "未显示" not in out
    data = json.loads(run(capsys, monkeypatch, str(EXAMPLE), "--json"))
    assert len(data["待遇"]) == 77 and "未显示" not in json.dumps(data, ensure_ascii=False)
    # the default TSV is data: every 待定 of the applicant's kinds, folded ones too
    tsv = list(csv.reader(io.StringIO(run(capsys, monkeypatch, str(EXAMPLE), "--format", "tsv")), delimiter="\t"))[1:]
    assert [r[3] for r in tsv].count("待定") == 77 - len(OTHERS) - 1 - len(INELIGIBLE)


def test_json_and_tsv_are_what_they_were_before_the_fold(capsys, monkeypatch):
    # the fold is the terminal's alone: with it switched off (every 待定 near enough) JSON — with and without
    # --explain — and TSV come out byte for byte the same
    import hzdsl.caseview as caseview

    argvs = [("--json",), ("--json", "--explain"), ("--format", "tsv")]
    folded = [run(capsys, monkeypatch, str(EXAMPLE), *a) for a in argvs]
    monkeypatch.setattr(caseview, "PENDING_ALWAYS", 100)
    monkeypatch.setattr(caseview, "PENDING_SHOWN", 100)
    assert "项待定未显示" not in run(capsys, monkeypatch, str(EXAMPLE))  # switched off indeed
    assert [run(capsys, monkeypatch, str(EXAMPLE), *a) for a in argvs] == folded
