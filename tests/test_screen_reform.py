"""hzdsl diff OLD NEW --population: who gains, loses or changes amount, and the cost — worked by hand."""
from __future__ import annotations

import json
import shutil

import pytest

from hzdsl.cli import main
from tests.conftest import POLICIES

pytest.importorskip("duckdb")

# three first-time founders from 重点人群 (graduated 2 years ago): operating 2, 4 and 6 months
POP = ("编号,身份,毕业时长,初次创办企业或个体工商户,正常经营时长\n"
       "A,高校毕业生,2 年,是,2\nB,高校毕业生,2 年,是,4\nC,高校毕业生,2 年,是,6\n")


def test_reform_impact_on_a_population(tmp_path, capsys):
    new = tmp_path / "new"
    shutil.copytree(POLICIES, new)
    c03 = new / "c03.policy"
    text = c03.read_text(encoding="utf-8")
    # the reform: 正常经营 3 个月 instead of 6, and 4000 元 instead of 3000
    text = text.replace("「正常经营时长」 满 6 个月\n    则 3000 元，一次性。", "「正常经营时长」 满 3 个月\n    则 4000 元，一次性。")
    assert "满 3 个月" in text
    # the draft's numbers are not (yet) in the official text: the reform declares them (else E210)
    quote = "可按规定申领 3000 元的一次性创业补贴」\n"  # the benefit's quote comes first (its 限制 may cite it too)
    assert quote in text
    text = text.replace(quote, quote + "    读法 3 个月、4000 元 “改革草案：经营 3 个月即可申领 4000 元”\n", 1)
    c03.write_text(text, encoding="utf-8")
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
    assert "| 一次性创业补贴 | 1 | 0 | 1 | 3000 | 8000 | 5000 | 元 |" in capsys.readouterr().out


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
    assert "| 个人创业担保贷款全额贴息 | 0 | 1 | 0 |  |  |  | % |" in capsys.readouterr().out


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
