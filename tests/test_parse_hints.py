"""A word the language does not have, in the middle of a condition, gets a hint about conditions (breaker s22).

`满 6 个越` (个月 mistyped), `大于等于 6 个月`, `and` between two conditions: the lexer stops at 越 / 大 / a, where the
statement's end is one of many things allowed; the only hint was 「声明以「。」结尾」, and the drafter looked for a
missing 。 that was not missing."""
from __future__ import annotations

import pytest

from hzdsl.syntax.parser import parse_text

RULE = """条款 三 「加大创业资金扶持力度」。

待遇 「一次性创业补贴」(补贴)
    依据「初次创办企业或个体工商户，正常经营 6 个月，可按规定申领 3000 元的一次性创业补贴」
    若 「初次创办企业或个体工商户」 且 「正常经营时长」 满 6 个月
    则 3000 元，一次性。
"""


def first_error(text):
    return [d for d in parse_text(text, "t.policy").diagnostics if d.is_error][0]


@pytest.mark.parametrize("old, new, found", [
    ("满 6 个月", "满 6 个越", "越"),
    ("满 6 个月", "大于等于 6 个月", "大"),
    ("」 且 「正常", "」 and 「正常", "a"),
])
def test_an_unknown_word_mid_condition(old, new, found):
    d = first_error(RULE.replace(old, new))
    assert d.code == "E102"
    assert d.hint.startswith(f"「{found}」不是这里能写的词：比较写 满、")
    assert "条件之间用「且」「或」" in d.hint


def test_a_missing_full_stop_still_says_so():
    d = first_error(RULE.replace("一次性。", "一次性"))
    assert d.code == "E103" and "「。」" in d.hint


@pytest.mark.parametrize("old, new", [("满 6 个月", "满 6.5.5 个月"), ("一次性。", "一次性.")])
def test_a_stray_full_stop(old, new):
    d = first_error(RULE.replace(old, new))
    assert "数字只写一个小数点" in d.hint or "「。」" in d.hint
    if "6.5.5" in new:
        assert d.code == "E102" and d.hint.startswith("数字只写一个小数点")
