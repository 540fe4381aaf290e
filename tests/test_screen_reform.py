"""hzdsl diff OLD NEW --population: who gains, loses or changes amount, and the cost — worked by hand."""
from __future__ import annotations

import json
import shutil

import pytest

from hzdsl.cli import main
from tests.conftest import POLICIES, reform_startup_subsidy

pytest.importorskip("duckdb")

# three first-time founders from 重点人群 (graduated 2 years ago): operating 2, 4 and 6 months
POP = ("编号,身份,毕业时长,初次创办企业或个体工商户,正常经营时长\n"
       "A,高校毕业生,2 年,是,2\nB,高校毕业生,2 年,是,4\nC,高校毕业生,2 年,是,6\n")


def test_reform_impact_on_a_population(tmp_path, capsys):
    new = tmp_path / "new"
    shutil.copytree(POLICIES, new)
    reform_startup_subsidy(new)  # 正常经营 3 个月 instead of 6, and 4000 元 instead of 3000
    (tmp_path / "p.csv").write_text(POP, encoding="utf-8")
    # no past claims: first claims (一次性 benefits are paid once; without a history they would be 待定)
    (tmp_path / "none.csv").write_text("编号,待遇,日期\n", encoding="utf-8")
    first = ["--history", str(tmp_path / "none.csv")]
    assert main(["diff", str(POLICIES), str(new), "--no-impact", "--no-prove", "--json", "--population", str(tmp_path / "p.csv"),
                 *first, "--date", "2023-06-30"]) == 0
    people = json.loads(capsys.readouterr().out)["人群影响"]["待遇"]
    assert [p["待遇"] for p in people] == ["一次性创业补贴"]  # nothing else changes for anyone
    p = people[0]
    # A (2 months): neither; B (4 months): gains 4000; C (6 months): 3000 → 4000
    assert (p["新增符合"], p["不再符合"], p["金额改变"]) == (1, 0, 1)
    assert (p["改前合计"], p["改后合计"], p["差额"]) == ("3000", "8000", "5000")
    assert main(["diff", str(POLICIES), str(new), "--no-impact", "--no-prove", "--format", "markdown",
                 "--population", str(tmp_path / "p.csv"), *first, "--date", "2023-06-30"]) == 0
    assert "| 一次性创业补贴 | 1 | 0 | 1 | 0 | 0 | 0 | 0 | 3000 | 8000 | 5000 |  |  | 元 |" in capsys.readouterr().out


def test_a_rate_has_no_cost_total(tmp_path, capsys):
    """贴息 is a rate: who loses it is counted, but 改前合计/改后合计 stay empty (a sum of % is no cost)."""
    new = tmp_path / "new"
    shutil.copytree(POLICIES, new)
    c04 = new / "c04.policy"
    text = c04.read_text(encoding="utf-8")
    # the reform: the contract rate may exceed LPR by 10BP instead of 50BP
    assert "「贷款合同利率」 不超过 「LPR」 + 50BP。" in text
    text = text.replace("「贷款合同利率」 不超过 「LPR」 + 50BP。", "「贷款合同利率」 不超过 「LPR」 + 10BP。")
    quote = "加 50 个基点（以下简称 BP）」"  # the draft's 10BP is not in the quote: declared (else E210)
    assert text.count(quote) == 1
    c04.write_text(text.replace(quote, quote + "\n    读法 10BP “改革草案：上浮不超过 10BP”"), encoding="utf-8")
    # two graduates (重点人群) with a personal loan and no past loans; LPR 3.45%:
    # 3.45% ≤ 3.55% keeps the full subsidy, 3.85% > 3.55% loses it (3.85% ≤ 3.95% had it)
    (tmp_path / "p.csv").write_text("编号,身份,毕业时长,贷款类别,符合条件的劳动者,贷款合同利率,LPR,贷款期限\n"
                                    "B1,高校毕业生,1,个人,是,3.45%,3.45%,2\nB2,高校毕业生,1,个人,是,3.85%,3.45%,2\n",
                                    encoding="utf-8")
    (tmp_path / "h.csv").write_text("编号,待遇,日期\n", encoding="utf-8")
    args = ["diff", str(POLICIES), str(new), "--no-impact", "--no-prove", "--population", str(tmp_path / "p.csv"),
            "--history", str(tmp_path / "h.csv"), "--date", "2023-06-30"]
    assert main([*args, "--json"]) == 0
    people = {p["待遇"]: p for p in json.loads(capsys.readouterr().out)["人群影响"]["待遇"]}
    p = people["个人创业担保贷款全额贴息"]
    assert (p["新增符合"], p["不再符合"], p["金额改变"], p["单位"]) == (0, 1, 0, "%")
    assert (p["改前合计"], p["改后合计"], p["差额"]) == (None, None, None)
    assert main([*args, "--format", "markdown"]) == 0
    assert "| 个人创业担保贷款全额贴息 | 0 | 1 | 0 | 0 | 0 | 0 | 0 |  |  |  |  |  | % |" in capsys.readouterr().out


def _unit_reform(tmp_path):
    """NEW only re-declares 毕业时长 in 个月 instead of 年 — for case files (values carry units) no change."""
    new = tmp_path / "new"
    shutil.copytree(POLICIES, new)
    facts = new / "facts.policy"
    text = facts.read_text(encoding="utf-8")
    assert "事实 「毕业时长」：个人 时长(年)" in text
    facts.write_text(text.replace("事实 「毕业时长」：个人 时长(年)", "事实 「毕业时长」：个人 时长(个月)"), encoding="utf-8")
    (tmp_path / "none.csv").write_text("编号,待遇,日期\n", encoding="utf-8")
    return new, ["--history", str(tmp_path / "none.csv"), "--date", "2023-06-30", "--no-impact", "--no-prove"]


def test_a_bare_number_read_in_two_units_is_refused_not_costed(tmp_path, capsys):
    """A bare `6` is 6 年 (not 毕业 5 年以内) under OLD and 6 个月 under NEW: screening each version on its own
    reading would report 一次性创业补贴 新增符合 1, 差额 3000 元 — a cost made by re-reading the data (E919)."""
    new, args = _unit_reform(tmp_path)
    (tmp_path / "p.csv").write_text("编号,身份,毕业时长,初次创办企业或个体工商户,正常经营时长\n"
                                    "A,高校毕业生,6 年,是,8\nB,高校毕业生,6,是,8\n", encoding="utf-8")
    assert main(["diff", str(POLICIES), str(new), "--population", str(tmp_path / "p.csv"), *args]) == 2
    err = capsys.readouterr().err
    assert "E919" in err and "列「毕业时长」" in err and "编号 B" in err and "6 年" in err and "6 个月" in err
    assert "p.csv:1:7:" in err  # the 毕业时长 column of the header: 「编号,身份,」 is 6 characters before it


def test_cells_with_their_unit_read_alike_and_are_compared(tmp_path, capsys):
    new, args = _unit_reform(tmp_path)
    (tmp_path / "p.csv").write_text("编号,身份,毕业时长,初次创办企业或个体工商户,正常经营时长\n"
                                    "A,高校毕业生,6 年,是,8\nB,高校毕业生,2 年,是,8\n", encoding="utf-8")
    assert main(["diff", str(POLICIES), str(new), "--population", str(tmp_path / "p.csv"), "--json", *args]) == 0
    people = json.loads(capsys.readouterr().out)["人群影响"]["待遇"]
    assert people == []  # the same applicants, the same answers: nobody gains or loses anything


# A reform that ADDS a condition on a new fact (breaker, session 19): 见习学员生活补贴 also requires
# 「见习单位守信」. Both trainees are at a base rated 合格 with 留用率 ≥ 50%, so under the old text each gets
# 最低月工资标准 × 80% × 见习时长 = 2280 × 0.8 × 6 = 10944 元 (the 80% exception; 6 months = the cap).
TRAINEES = ("编号,评估日期,见习基地,按规定发放见习学员生活补助,见习时长,就业见习基地年度评估合格,留用率,最低月工资标准{extra}\n"
            "A,2023-06-30,是,是,6 个月,是,50%,2280 元/月{a}\n"
            "B,2023-06-30,是,是,6 个月,是,60%,2280 元/月{b}\n")


def _trust_reform(tmp_path):
    new = tmp_path / "new"
    shutil.copytree(POLICIES, new)
    c08 = new / "c08.policy"
    text = c08.read_text(encoding="utf-8")
    cond = "    若 「见习基地」 且 「按规定发放见习学员生活补助」 且 「见习时长」 满 3 个月\n    则 「最低月工资标准」 × 70%"
    assert text.count(cond) == 1
    text = text.replace(cond, cond.replace("满 3 个月\n", "满 3 个月 且 「见习单位守信」\n"))
    head = "待遇 「见习学员生活补贴」(补贴)"
    assert text.count(head) == 1
    c08.write_text(text.replace(head, "事实 「见习单位守信」：企业 布尔。\n\n" + head), encoding="utf-8")
    return new


def _impact(capsys, new, pop):
    assert main(["diff", str(POLICIES), str(new), "--no-impact", "--no-prove", "--json", "--population", str(pop)]) == 0
    people = json.loads(capsys.readouterr().out)["人群影响"]["待遇"]
    assert [p["待遇"] for p in people] == ["见习学员生活补贴"]  # no other benefit reads the new fact
    return people[0]


def test_a_column_only_the_new_version_declares_is_read_by_it(tmp_path, capsys):
    """The population may carry the new fact: OLD ignores the column, NEW reads it (was E911 from OLD).
    A (守信 否) loses 10944 元; B (守信 是) keeps it; C (留用率 blank) is 符合 in both with its amount
    待定 (70% or 80%): counted as 金额待定 in each version, outside both 合计."""
    new = _trust_reform(tmp_path)
    pop = tmp_path / "p.csv"
    pop.write_text(TRAINEES.format(extra=",见习单位守信", a=",否", b=",是")
                   + "C,2023-06-30,是,是,6 个月,是,,2280 元/月,是\n", encoding="utf-8")
    p = _impact(capsys, new, pop)
    assert (p["新增符合"], p["不再符合"], p["金额改变"], p["转为待定"], p["不再待定"]) == (0, 1, 0, 0, 0)
    assert (p["改前金额待定"], p["改后金额待定"]) == (1, 1)
    assert (p["改前合计"], p["改后合计"], p["差额"]) == ("21888", "10944", "-10944")


def test_a_column_neither_version_declares_is_still_refused(tmp_path, capsys):
    new = _trust_reform(tmp_path)
    pop = tmp_path / "p.csv"
    pop.write_text(TRAINEES.format(extra=",见习单位守约", a=",否", b=",是"), encoding="utf-8")
    assert main(["diff", str(POLICIES), str(new), "--no-impact", "--no-prove", "--population", str(pop)]) == 2
    err = capsys.readouterr().err
    assert "E911" in err and "见习单位守约" in err


def test_eligible_then_pending_is_counted_apart_not_as_a_saving(tmp_path, capsys):
    """Without the new column both trainees are 待定 under NEW (the fact is unknown), not 不符合: 转为待定 2,
    不再符合 0, and the 差额 (only applicants decided in both versions) is 0, not −21888."""
    new = _trust_reform(tmp_path)
    pop = tmp_path / "p.csv"
    pop.write_text(TRAINEES.format(extra="", a="", b=""), encoding="utf-8")
    p = _impact(capsys, new, pop)
    assert (p["新增符合"], p["不再符合"], p["金额改变"], p["转为待定"], p["不再待定"]) == (0, 0, 0, 2, 0)
    assert (p["改前合计"], p["改后合计"], p["差额"]) == ("21888", "0", "0")
    assert main(["diff", str(POLICIES), str(new), "--no-impact", "--no-prove", "--format", "markdown",
                 "--population", str(pop)]) == 0
    assert "| 见习学员生活补贴 | 0 | 0 | 0 | 2 | 0 | 0 | 0 | 21888 | 0 | 0 |  | 10944 | 元 |" in capsys.readouterr().out
    assert main(["diff", str(POLICIES), str(new), "--no-impact", "--no-prove", "--population", str(pop)]) == 0
    out = capsys.readouterr().out
    assert "转为待定" in out and "差额只计两版结论与金额都确定的申请人" in out
