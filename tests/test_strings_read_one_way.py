"""Every string compared is read one way (issue 9, point 2).

Enumeration values, set members, 文本 facts and history fields are read as policy text is —
width-folded, without surrounding spaces — on both sides of every comparison; characters that do
not show are refused where they are written (E207 in a policy, E719 in a case file).
Hand-worked from clause 十五: “同一证书单位已享受补贴的，个人不得重复享受补贴”.
"""
from __future__ import annotations

import textwrap

import pytest

from hzdsl.cases.load import load_cases
from hzdsl.cases.run import run_case
from hzdsl.errors import HzdslError
from hzdsl.loader import load_policies

TRAINING = """
    评估日期: 2023-06-30
    事实:
      符合职业培训补贴条件: 是
      在定点机构参加培训: 是
      取得职业资格证书: 是
      证书等级: 三级
      职业: 电工
      证书编号: {number}
    历史:
      - {{待遇: 用人单位职业培训补贴, 日期: 2022-05-01, 申领人: 单位, 职业: 焊工, 证书等级: 五级, 证书编号: {past}}}
    预期:
      职业培训补贴: 不符合
"""


def _load(tmp_path, program, text):
    path = tmp_path / "case.yaml"
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return load_cases(path, program)


def _decision(program, case, key):
    return {d.rule.key: d for d in run_case(program, case).decisions}[key]


@pytest.mark.parametrize("number,past", [("DG-1", "ＤＧ－１"), ("DG-1", "\"  DG-1 \""), ("ＤＧ－１", "DG-1")])
def test_the_same_certificate_written_in_another_width_or_with_spaces_is_the_same(tmp_path, program, number, past):
    # 单位已就同一证书享受过补贴 → 个人不得重复享受：不符合（全角、两端空格不改变这是同一本证书）
    (case,) = _load(tmp_path, program, TRAINING.format(number=number, past=past))
    assert _decision(program, case, "职业培训补贴").status == "不符合"


def test_an_enumeration_value_with_spaces_is_the_value(tmp_path, program):
    (case,) = _load(tmp_path, program, TRAINING.format(number="DG-1", past="DG-2").replace("证书等级: 三级",
                                                                                          "证书等级: \"三级 \""))
    assert case.facts["证书等级"] == "三级"


@pytest.mark.parametrize("where", ["证书编号: DG\u200b-1", "职业: 电\u00ad工", "证书等级: 三\u200d级"])
def test_a_value_with_an_invisible_character_is_refused(tmp_path, program, where):
    key = where.split(":")[0]
    text = TRAINING.format(number="DG-1", past="DG-2")
    text = "\n".join(("      " + where) if line.strip().startswith(key + ":") else line for line in text.split("\n"))
    with pytest.raises(HzdslError) as e:
        _load(tmp_path, program, text)
    assert [d.code for d in e.value.diagnostics][0] == "E719"
    assert "U+" in e.value.diagnostics[0].message


HEAD = """事实 「正常经营时长」：个人 时长(个月)。
条款 三 「加大创业资金扶持力度」。
"""
Q3 = "初次创办企业或个体工商户，正常经营 6 个月，可按规定申领 3000 元的一次性创业补贴"


def _check(tmp_path, text):
    path = tmp_path / "t.policy"
    path.write_text(text, encoding="utf-8")
    return [(d.code, d.span.line, d.span.col) for d in load_policies([path]).diagnostics]


def test_two_names_that_look_the_same_are_refused_not_two_names(tmp_path):
    zwsp = "\u200b"
    codes = _check(tmp_path, HEAD + f"""待遇 「一次性创业补贴」(补贴) 依据「{Q3}」
    若 「正常经营{zwsp}时长」 满 6 个月 则 3000 元。
""")
    # 「 is at column 7 of line 4 (after 4 spaces and 若); the zero-width space is the 5th character inside
    assert ("E207", 4, 7 + 1 + 4) in codes


def test_an_invisible_character_in_a_quote_is_refused(tmp_path):
    quote = Q3.replace("正常", "正\u2060常")
    codes = _check(tmp_path, HEAD + f"""待遇 「一次性创业补贴」(补贴) 依据「{quote}」
    若 「正常经营时长」 满 6 个月 则 3000 元。
""")
    assert "E207" in [c for c, *_ in codes]


def test_a_text_of_the_policy_is_read_without_surrounding_spaces(tmp_path):
    from hzdsl.syntax.build import parse_module

    module, _ = parse_module("事实 「行业」：企业 枚举 取值 “ 养老 ”、“家政服务”。", "t.policy")
    assert [c.value for c in module.decls[0].choices] == ["养老", "家政服务"]
