"""A past claim that lacks a field: the caseworker is told which field of which record to look up
(issue 10: "需要：历史申领记录" was shown, and the next question asked for the whole history "没有写「无」",
when the case gave its history and only one record's 金额 was missing)."""
from __future__ import annotations

import json

from hzdsl.caseview import case_view, data_rows
from hzdsl.cases.load import load_cases
from hzdsl.cases.run import run_case
from hzdsl.cli import main

from .conftest import REPO  # noqa: F401  (the repository's policies are the default)

# 十三：职工学徒“按企业支付给培训机构培训费用的 60%给予补贴，每人每年最高不超过 6000 元”.
# This claim: 5000 元 × 60% = 3000 元. Earlier claims of 2023: one without 金额, one of 5000 元; one of 2022
# without 金额 (another year: the per-year quota does not read it).
APPRENTICE = """\
评估日期: 2023-06-30
事实:
  企业开展新型学徒制培训: 是
  学徒类别: 职工学徒
  企业支付给培训机构的学徒培训费用: 5000 元
历史:
  - {待遇: 职工学徒培训补贴, 日期: 2023-01-10}
  - {待遇: 职工学徒培训补贴, 日期: 2023-02-10, 金额: 5000 元}
  - {待遇: 职工学徒培训补贴, 日期: 2022-03-01}
"""

# 十五：“同一职业（项目）同一等级不可重复享受。同一证书单位已享受补贴的，个人不得重复享受补贴。”
# This claim: 电工 三级, certificate DG-1. Record 1 is 焊工 (another trade: it cannot repeat this claim,
# whatever its level); record 2 is 电工 without a level (it could be 三级); record 3 is the employer's
# (单位) without a certificate number (it could be DG-1).
TRAINING = """\
评估日期: 2023-06-30
事实:
  符合职业培训补贴条件: 是
  在定点机构参加培训: 是
  取得职业资格证书: 是
  证书等级: 三级
  职业: 电工
  证书编号: DG-1
历史:
  - {待遇: 职业培训补贴, 日期: 2022-05-01, 职业: 焊工}
  - {待遇: 职业培训补贴, 日期: 2022-08-01, 职业: 电工}
  - {待遇: 用人单位职业培训补贴, 日期: 2022-09-01, 申领人: 单位, 职业: 焊工, 证书等级: 五级}
"""


def view_of(program, tmp_path, text, name="case.yaml", benefits=()):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    (case,) = load_cases(p, program)
    return case_view(program, run_case(program, case), benefits=list(benefits))


def row(view, benefit):
    return next(r for r in data_rows(view) if r[1] == benefit)


def test_a_record_without_its_amount_is_named_not_the_whole_history(program, tmp_path):
    view = view_of(program, tmp_path, APPRENTICE)
    r = row(view, "职工学徒培训补贴")
    assert r[3] == "待定"
    assert r[5] == "第 1 条历史记录（职工学徒培训补贴，2023-01-10）的「金额」"  # not 第 3 条: 2022 is another year
    assert "历史申领记录" not in r[5]


def test_the_next_question_asks_for_that_field_of_that_record(program, tmp_path):
    view = view_of(program, tmp_path, APPRENTICE, benefits=["职工学徒培训补贴"])
    (q,) = [q for q in view.questions if "职工学徒培训补贴" in q.decides]
    assert q.name == "第 1 条历史记录（职工学徒培训补贴，2023-01-10）的「金额」"
    assert q.type == "数量（元）"
    assert all("没有写「无」" not in x.type for x in view.questions)  # the history was given


def test_answering_the_question_decides_the_benefit(program, tmp_path):
    # 5000 元 already granted in 2023: record 1 with 0 元 leaves 1000 元 of the 6000 元 → 1000 元;
    # with 1000 元 the year's 6000 元 is reached → 不符合
    zero = APPRENTICE.replace("{待遇: 职工学徒培训补贴, 日期: 2023-01-10}", "{待遇: 职工学徒培训补贴, 日期: 2023-01-10, 金额: 0 元}")
    r = row(view_of(program, tmp_path, zero, "zero.yaml"), "职工学徒培训补贴")
    assert (r[3], r[4], r[5]) == ("符合", "1000 元", "")
    full = APPRENTICE.replace("{待遇: 职工学徒培训补贴, 日期: 2023-01-10}", "{待遇: 职工学徒培训补贴, 日期: 2023-01-10, 金额: 1000 元}")
    view = case_view(program, run_case(program, load_cases(_write(tmp_path, "full.yaml", full), program)[0]), show_all=True)
    assert next(d for d in view.rows if d.rule.name == "职工学徒培训补贴").status == "不符合"


def _write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_only_records_that_could_repeat_the_claim_are_asked_about(program, tmp_path):
    r = row(view_of(program, tmp_path, TRAINING), "职业培训补贴")
    assert r[3] == "待定"
    assert r[5] == ("第 2 条历史记录（职业培训补贴，2022-08-01）的「证书等级」、"
                    "第 3 条历史记录（用人单位职业培训补贴，2022-09-01）的「证书编号」")


def test_run_table_and_json_say_which_record(tmp_path, capsys, monkeypatch):
    p = _write(tmp_path, "a.yaml", APPRENTICE)
    monkeypatch.setenv("COLUMNS", "200")
    assert main(["run", str(p), "-b", "职工学徒培训补贴"]) == 0
    out = capsys.readouterr().out
    assert "需要：第 1 条历史记录（职工学徒培训补贴，2023-01-10）的「金额」" in out
    assert "历史申领记录" not in out
    assert main(["run", str(p), "-b", "职工学徒培训补贴", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    (d,) = data["待遇"]
    assert d["需要"] == ["第 1 条历史记录（职工学徒培训补贴，2023-01-10）的「金额」"]
    assert data["下一步问题"][0]["事实"] == "第 1 条历史记录（职工学徒培训补贴，2023-01-10）的「金额」"


def test_a_case_without_history_still_asks_for_the_history(program, tmp_path):
    text = APPRENTICE.split("历史:")[0]
    r = row(view_of(program, tmp_path, text, "none.yaml"), "职工学徒培训补贴")
    assert r[5] == "历史申领记录"
