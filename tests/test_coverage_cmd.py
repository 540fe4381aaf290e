"""hzdsl coverage on small hand-made texts: every count below is worked out by hand."""
from __future__ import annotations

import json
from fractions import Fraction

import pytest

from hzdsl.cli import main
from hzdsl.coverage import compute, percent
from hzdsl.loader import load_policies
from hzdsl.source import load_official

# Non-punctuation characters per segment, counted by hand:
#   标题   测试市人民政府 (7) + 关于测试的意见 (7)                        = 14
#   前言   各区人民政府 (6) + 为测试现提出如下意见 (10)                   = 16
#   一、   一 (1) + 第一部分 (4)                                           = 5
#   （一） 一 (1) + 甲条款 (3) + 甲补贴每人100元 (9) + 另有其他规定 (6)   = 19
#   （二） 二 (1) + 乙条款 (3) + 乙补贴每人100元 (9) + 每人100元 (6)      = 19
#   落款   杭州市人民政府 (7) + 2022年月日 (7; 「*」 is punctuation)      = 14
OFFICIAL = """测试市人民政府
关于测试的意见
各区人民政府：
为测试，现提出如下意见：
一、第一部分
（一）甲条款。甲补贴每人 100 元。另有其他规定。
（二）乙条款。乙补贴每人 100 元，每人 100 元。
杭州市人民政府
2022 年*月*日
"""


def _write(tmp_path, policy: str):
    (tmp_path / "official.txt").write_text(OFFICIAL, encoding="utf-8")
    (tmp_path / "t.policy").write_text(policy, encoding="utf-8")
    return tmp_path


def _coverage(tmp_path, policy: str):
    folder = _write(tmp_path, policy)
    loaded = load_policies([folder])
    assert not loaded.errors, [d.message for d in loaded.errors]
    return compute(loaded.program, load_official(str(folder / "official.txt")))


def _seg(cov, seg_id):
    return next(s for s in cov.segments if s.segment.id == seg_id)


CLAUSE_ONE = """部分 一 「第一部分」。
条款 一 「甲条款」。
待遇 「甲补贴」(补贴) 依据「甲补贴每人 100 元」 则 100 元。
"""


def test_clause_counts_and_uncovered_passage(tmp_path):
    cov = _coverage(tmp_path, CLAUSE_ONE)
    one = _seg(cov, "一")
    # marker 一 (1) + 甲条款 (3) + 甲补贴每人100元 (9) = 13 of 19
    assert (one.covered, one.total) == (13, 19)
    assert one.declared
    assert [(p.line, p.text) for p in one.uncovered] == [(6, "另有其他规定")]
    part = _seg(cov, "部分一")
    assert (part.covered, part.total) == (5, 5)
    two = _seg(cov, "二")
    assert (two.covered, two.total, two.declared) == (0, 19, False)
    assert [p.text for p in two.uncovered] == ["二)乙条款。乙补贴每人100元,每人100元"]


def test_total_leaves_out_title_and_signature(tmp_path):
    cov = _coverage(tmp_path, CLAUSE_ONE)
    assert _seg(cov, "标题").excluded and _seg(cov, "落款").excluded
    assert not _seg(cov, "前言").excluded
    # 前言 0/16 + 一、 5/5 + （一） 13/19 + （二） 0/19 = 18/59
    assert (cov.covered, cov.total) == (18, 59)
    assert percent(cov.share) == "30.5%"  # 18/59 = 0.30508…


def test_quote_is_placed_in_its_own_clause(tmp_path):
    # 「每人 100 元」 occurs in （一） first, but is declared under 条款 二: it must cover （二）.
    cov = _coverage(tmp_path, "条款 二 「乙条款」。\n说明 依据「每人 100 元」。\n")
    assert _seg(cov, "一").covered == 0
    two = _seg(cov, "二")
    # marker 二 (1) + 乙条款 (3) + the first 每人100元 inside （二） (6) = 10 of 19
    assert (two.covered, two.total) == (10, 19)
    assert [p.text for p in two.uncovered] == ["乙补贴", "每人100元"]


def test_same_words_quoted_twice_cover_both_places(tmp_path):
    cov = _coverage(tmp_path, "条款 二 「乙条款」。\n说明 依据「每人 100 元」。\n说明 依据「每人 100 元」。\n")
    two = _seg(cov, "二")
    assert (two.covered, two.total) == (16, 19)  # 10 as above + the second 每人100元 (6)
    assert [p.text for p in two.uncovered] == ["乙补贴"]


def test_note_before_any_clause_covers_preamble(tmp_path):
    cov = _coverage(tmp_path, "说明 依据「为测试，现提出如下意见」。\n")
    pre = _seg(cov, "前言")
    assert (pre.covered, pre.total) == (10, 16)
    assert [p.text for p in pre.uncovered] == ["各区人民政府"]


def test_share_is_exact():
    from hzdsl.coverage import percent

    assert percent(Fraction(1, 3)) == "33.3%"
    assert percent(Fraction(2, 3)) == "66.7%"
    assert percent(Fraction(1, 2000)) == "0.1%"  # 0.05 % rounds half up
    assert percent(Fraction(1)) == "100.0%"


def test_cli_text_json_and_min(tmp_path, capsys):
    folder = _write(tmp_path, CLAUSE_ONE)
    assert main(["coverage", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "未覆盖 第 6 行：另有其他规定" in out
    assert "合计（不含标题与落款）：18/59 字，30.5%" in out
    assert "未转写" in out  # （二） has no 条款 header

    assert main(["coverage", str(folder), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == {"covered": 18, "total": 59, "percent": "30.5%"}
    assert [s["id"] for s in data["segments"]] == ["标题", "前言", "部分一", "一", "二", "落款"]

    assert main(["coverage", str(folder), "--min", "30.5"]) == 0
    assert main(["coverage", str(folder), "--min", "30.51"]) == 1  # 30.508… < 30.51
    capsys.readouterr()


@pytest.mark.parametrize("bad", ["abc", "101", "-1"])
def test_cli_bad_min_is_a_usage_error(tmp_path, capsys, bad):
    folder = _write(tmp_path, CLAUSE_ONE)
    assert main(["coverage", str(folder), "--min", bad]) == 2
    assert "百分数" in capsys.readouterr().err


def test_broken_policy_stops_with_input_error(tmp_path, capsys):
    folder = _write(tmp_path, "条款 一 「甲条款」。\n说明 依据「原文里没有这句话」。\n")
    assert main(["coverage", str(folder)]) == 2
    assert "E401" in capsys.readouterr().err
