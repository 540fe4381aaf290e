"""A fact declared as a plain 数 is shown as a number, never as a percentage.

「场地租金补贴年度」（条款五：个人 数，“第几年（1、2、3 …）”）= 0.5 was shown as 「= 50%」 in the explanation:
format_q showed every dimensionless value below 1 as a percentage, also when the declared unit says it
is a plain number. Rates (比率, unit %) and payouts without a declared unit (贴息) keep their %.
Since session 23 年度 is a 序数 (0.5 is refused, tests/test_ordinals.py) and no policy fact is a plain 数; the run
test declares it 数 again in a copy of the policies, to keep showing how a plain number is explained.
"""
from __future__ import annotations

import shutil
from fractions import Fraction

from hzdsl.cases.write import quantity_text
from hzdsl.cli import main
from hzdsl.render_words import subject_words
from hzdsl.units import NONE, Q, format_q, parse_unit

from .conftest import POLICIES

HALF = Q(Fraction(1, 2))


def test_a_plain_number_is_not_a_percentage():
    assert format_q(HALF, NONE) == "0.5"
    assert format_q(HALF, parse_unit("")) == "0.5"
    assert format_q(HALF, parse_unit("%")) == "50%"  # a 比率 stays a rate
    assert format_q(HALF) == "50%"  # no declared unit (a payout of 贴息): shown_unit's rule, unchanged
    assert quantity_text(HALF, NONE) == "0.5"  # a case file written back (impact, witnesses)
    assert quantity_text(HALF, parse_unit("%")) == "50%"
    assert subject_words(HALF) == "0.5"  # 查表无此项 names the value a count/rank table lacks


def test_run_explains_a_plain_number_as_written(tmp_path, capsys):
    policies = tmp_path / "policies"
    shutil.copytree(POLICIES, policies)
    c05 = policies / "c05.policy"
    text = c05.read_text(encoding="utf-8")
    assert "「场地租金补贴年度」：个人 序数，" in text
    c05.write_text(text.replace("「场地租金补贴年度」：个人 序数，", "「场地租金补贴年度」：个人 数，"), encoding="utf-8")
    case = tmp_path / "c.yaml"
    case.write_text("评估日期: 2023-06-30\n事实: {身份: [登记失业人员], 创办经营实体: 是, 经营实体场地: 在创业陪跑空间外租赁房屋, "
                    "场地租金补贴年度: 0.5, 场地租赁面积: 80 平方米, 本期租金补贴天数: 100 天}\n", encoding="utf-8")
    assert main(["run", str(case), "-p", str(policies), "--explain", "--benefit", "创业陪跑空间外场地租金补贴"]) == 0
    out = capsys.readouterr().out
    assert "「场地租金补贴年度」 = 0.5 → 不成立" in out
    assert "50%" not in out
