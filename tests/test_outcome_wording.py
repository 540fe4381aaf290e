"""How a reviewer reads one outcome (review.impact.outcome_text: diff's case table, diff --prove witnesses).

Breaker s20: a 符合 whose amount waits for facts read "符合 待定（「…」、「…」） → 不符合" — two statuses.
Now "符合（金额待定：缺「…」）": one status, the open amount in brackets, what it lacks after 缺.
Expected texts are written by hand from the rule in the test."""
from __future__ import annotations

from hzdsl.cases.witness import run_case
from hzdsl.review.impact import outcome_text

from .conftest import inline_program

POLICY = """事实 「初次创办企业或个体工商户」：个人 布尔。
事实 「带动就业人数」：企业 计数(人)。
事实 「正常经营时长」：企业 时长(个月)。
条款 三 「加大创业资金扶持力度」。

待遇 「一次性创业补贴」(补贴)
    依据「初次创办企业或个体工商户，正常经营 6 个月，可按规定申领 3000 元的一次性创业补贴」
    读法 1000 元/人 “测试用数，非原文”
    若 「初次创办企业或个体工商户」
    则 「带动就业人数」 × 「正常经营时长」 ÷ 6 个月 × 1000 元/人。
"""


def _outcome(tmp_path, facts: dict) -> str:
    program = inline_program(tmp_path, POLICY)
    ran = run_case(program, {"名称": "例", "评估日期": "2023-06-30", "事实": facts}, "一次性创业补贴")
    assert ran.decision is not None, ran
    return outcome_text(ran.decision)


def test_an_open_amount_is_one_status_with_what_it_lacks(tmp_path):
    assert _outcome(tmp_path, {"初次创办企业或个体工商户": True}) == "符合（金额待定：缺「带动就业人数」、「正常经营时长」）"
    assert _outcome(tmp_path, {"初次创办企业或个体工商户": True, "正常经营时长": "6 个月"}) == \
        "符合（金额待定：缺「带动就业人数」）"


def test_a_known_amount_and_the_other_statuses_read_as_before(tmp_path):
    # 2 人 × 12 个月 ÷ 6 个月 × 1000 元/人 = 4000 元
    assert _outcome(tmp_path, {"初次创办企业或个体工商户": True, "带动就业人数": "2 人", "正常经营时长": "12 个月"}) == \
        "符合 4000 元"
    assert _outcome(tmp_path, {"初次创办企业或个体工商户": False}) == "不符合"
    assert _outcome(tmp_path, {}) == "待定"
