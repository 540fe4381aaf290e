"""A term defined as a draft date (「施行日期」 指 2022 年*月*日) compares exactly like the date written
out: a known date outside 2022 is decided, one inside 2022 stays 待定 — also through a chain of terms."""
from __future__ import annotations

import datetime as dt

import pytest

from hzdsl.runtime.evaluate import Env, Evaluator

from .conftest import inline_program

POLICY = """
条款 二十三 「本意见自 2022 年*月*日起施行」。
事实 「申请日期」：个人 日期。
术语 「施行日期」 依据「本意见自 2022 年*月*日起施行」 指 2022 年*月*日。
术语 「生效之日」 依据「起施行」 指 「施行日期」。
待遇 「经术语」(补贴) 依据「起施行」 读法 100 元 “测试用金额，非原文” 若 「申请日期」 < 「施行日期」 则 100 元。
待遇 「经两层术语」(补贴) 依据「起施行」 读法 100 元 “测试用金额，非原文” 若 「申请日期」 < 「生效之日」 则 100 元。
待遇 「直接写日期」(补贴) 依据「起施行」 读法 100 元 “测试用金额，非原文” 若 「申请日期」 < 2022 年*月*日 则 100 元。
"""


@pytest.fixture(scope="module")
def evaluator(tmp_path_factory):
    return Evaluator(inline_program(tmp_path_factory.mktemp("date_terms"), POLICY))


def statuses(evaluator, day):
    facts = {} if day is None else {"申请日期": day}
    env = Env(dt.date(2024, 1, 1), facts, {}, [])
    return {d.rule.name: d.status for d in evaluator.decide_all(env)}


@pytest.mark.parametrize("day, expected", [
    (dt.date(2021, 12, 31), "符合"),   # before every day of 2022
    (dt.date(2022, 1, 1), "待定"),     # < excludes the day: false if the draft date is 1 月 1 日
    (dt.date(2022, 7, 1), "待定"),
    (dt.date(2023, 1, 1), "不符合"),   # after every day of 2022
    (None, "待定"),                    # the fact itself is missing
])
def test_term_compares_like_the_date(evaluator, day, expected):
    assert statuses(evaluator, day) == {"经术语": expected, "经两层术语": expected, "直接写日期": expected}
