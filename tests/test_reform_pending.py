"""`hzdsl diff OLD NEW --population`: the range of the 待定 amounts per version (issue 11 pt 2 asks it of the summary;
screen gives it as 待定金额范围, the reform table did not), and the claims file's W921 (claims of nobody in the
population — screen says it, diff --population dropped it without a word).

The reform (as tests/test_screen_reform.py): 见习学员生活补贴 also requires a new fact 「见习单位守信」; the population
does not carry it, so under NEW both trainees are 待定 with their amount known. By hand (第八条):
  A: 6 个月, 评估合格, 留用率 60% → 80%: 2280 × 80% × 6 = 10944 元
  B: 3 个月, 评估合格, 留用率 40% → 70%: 2280 × 70% × 3 = 4788 元
OLD: both 符合 (改前合计 15732 元, no 待定: no range); NEW: both 待定, range 4788–10944 元.
"""
from __future__ import annotations

import json

import pytest

from hzdsl.cli import main
from tests.conftest import POLICIES

from .test_screen_reform import _trust_reform

pytest.importorskip("duckdb")

POP = ("编号,评估日期,见习基地,按规定发放见习学员生活补助,见习时长,就业见习基地年度评估合格,留用率,最低月工资标准\n"
       "A,2023-06-30,是,是,6 个月,是,60%,2280 元/月\n"
       "B,2023-06-30,是,是,3 个月,是,40%,2280 元/月\n")


def diff(capsys, new, pop, *extra) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["diff", str(POLICIES), str(new), "--no-impact", "--no-prove", "--population", str(pop), *extra])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_range_of_the_pending_amounts_per_version(tmp_path, capsys):
    new = _trust_reform(tmp_path)
    (tmp_path / "p.csv").write_text(POP, encoding="utf-8")
    code, out, err = diff(capsys, new, tmp_path / "p.csv", "--json")
    assert code == 0, err
    p, = json.loads(out)["人群影响"]["待遇"]
    assert (p["转为待定"], p["改前合计"], p["改后合计"]) == (2, "15732", "0")
    assert (p["改前待定金额下限"], p["改前待定金额上限"]) == (None, None)
    assert (p["改后待定金额下限"], p["改后待定金额上限"]) == ("4788", "10944")
    code, out, _ = diff(capsys, new, tmp_path / "p.csv", "--format", "markdown")
    assert "| 见习学员生活补贴 | 0 | 0 | 0 | 2 | 0 | 0 | 0 | 15732 | 0 | 0 |  | 4788–10944 | 元 |" in out, out
    code, out, _ = diff(capsys, new, tmp_path / "p.csv")
    assert "改后待定金额范围" in out and "4788–10944" in out


def test_claims_of_nobody_are_said_once(tmp_path, capsys):
    new = _trust_reform(tmp_path)
    (tmp_path / "p.csv").write_text(POP, encoding="utf-8")
    (tmp_path / "h.csv").write_text("编号,待遇,日期\nZ9,一次性创业补贴,2022-01-01\nA ,一次性创业补贴,2022-01-01\n",
                                    encoding="utf-8")
    code, out, err = diff(capsys, new, tmp_path / "p.csv", "--history", str(tmp_path / "h.csv"), "--json")
    assert code == 0, err  # a warning: the impact stands
    assert err.count("W921") == 1 and "2 条" in err, err  # both versions read the same claims: said once
    warned = json.loads(out)["人群影响"]["警告"]
    assert [w["代码"] for w in warned] == ["W921"] and warned[0]["文件"].endswith("h.csv")
    code, out, err = diff(capsys, new, tmp_path / "p.csv", "--history", str(tmp_path / "h.csv"))
    assert code == 0 and "W921" in err


# breaker s21 (/tmp/brk21/cap): a 金额至多 row's amount is only its most — screen's 待定金额范围 counts it from 0, the reform
# table took the cap as the floor. 第十三条 职工学徒培训补贴: fee × 60% (10000 元 → 6000 元), 每人每年 金额 不超过 6000 元;
# the reform lowers the quota to 5000 元. By hand (评估日期 2023-06-30, claims of 2023):
#   K9:  5000 元 + one claim without 金额 → OLD: remaining at most 1000: 待定, 至多 1000; NEW: 5000 already → 不符合
#   K11: one claim without 金额         → OLD: 待定, at most 6000 (6000 or 至多 6000); NEW: 待定, 至多 5000
# 改前待定金额范围 0–6000 (K9 from 0), 改后 0–5000 (was 1000–6000 and 5000–5000).
APPRENTICES = ("编号,评估日期,企业开展新型学徒制培训,学徒类别,企业支付给培训机构的学徒培训费用,历史已知\n"
               "K9,2023-06-30,是,职工学徒,10000 元,是\nK11,2023-06-30,是,职工学徒,10000 元,是\n")
APPRENTICE_CLAIMS = ("编号,待遇,日期,金额\nK9,职工学徒培训补贴,2023-01-15,5000 元\nK9,职工学徒培训补贴,2023-02-15,\n"
                     "K11,职工学徒培训补贴,2023-01-15,\n")


def test_an_at_most_amount_counts_from_zero_as_in_screen(tmp_path, capsys):
    import shutil

    new = tmp_path / "new"
    shutil.copytree(POLICIES, new)
    c13 = new / "c13.policy"
    text = c13.read_text(encoding="utf-8")
    old = "    适用于 「职工学徒培训补贴」：每人每年 金额 不超过 6000 元。"
    assert text.count(old) == 1
    c13.write_text(text.replace(old, "    读法 5000 元 “改革草案：额度降为 5000 元”\n" + old.replace("6000", "5000")),
                   encoding="utf-8")
    (tmp_path / "p.csv").write_text(APPRENTICES, encoding="utf-8")
    (tmp_path / "h.csv").write_text(APPRENTICE_CLAIMS, encoding="utf-8")
    code, out, err = diff(capsys, new, tmp_path / "p.csv", "--history", str(tmp_path / "h.csv"), "--json")
    assert code == 0, err
    p, = json.loads(out)["人群影响"]["待遇"]
    assert p["待遇"] == "职工学徒培训补贴"
    assert (p["改前待定金额下限"], p["改前待定金额上限"]) == ("0", "6000")
    assert (p["改后待定金额下限"], p["改后待定金额上限"]) == ("0", "5000")
    assert (p["转为待定"], p["不再待定"]) == (0, 1)  # K9: 待定 → 不符合


def test_a_version_that_does_not_check_still_gets_its_diff_printed(tmp_path, capsys):
    """breaker s21: with --population a broken version raised before any output — the PR comment was EMPTY."""
    import shutil

    bad = tmp_path / "bad"
    shutil.copytree(POLICIES, bad)
    c03 = bad / "c03.policy"
    c03.write_text(c03.read_text(encoding="utf-8").replace("    若 「重点人群」 且 「初次创办企业或个体工商户」",
                                                           "    若 「重点人群X」 且 「初次创办企业或个体工商户」", 1), encoding="utf-8")
    (tmp_path / "p.csv").write_text(POP, encoding="utf-8")
    code, out, err = diff(capsys, bad, tmp_path / "p.csv", "--format", "markdown")
    assert code == 1 and "E201" in err, (code, err)  # a version that does not check fails the diff …
    assert "未通过 hzdsl check" in out and "有版本未通过 hzdsl check，未计算人群影响" in out  # … and says so, in the comment
    code, out, err = diff(capsys, bad, tmp_path / "p.csv", "--json")
    assert code == 1 and json.loads(out)["人群影响"]["说明"] == "有版本未通过 hzdsl check，未计算人群影响"
