"""A draft date such as 2022 年*月*日 stands for some day of 2022: comparing a known date with it is
decided when the known date lies outside 2022, and stays 待定 only inside it."""
from __future__ import annotations

import datetime as dt

import pytest

from hzdsl.runtime.evaluate import Env, Evaluator
from hzdsl.runtime.values import Unknown
from hzdsl.render_words import key_words
from hzdsl.runtime.values import Key, KeyKind

from .conftest import inline_program

POLICY = """
条款 九 「加强就业困难人员就业援助」。
事实 「创业日期」：个人 日期。
事实 「认定日期」：个人 日期。
待遇 「之前」(补贴) 依据「2022 年*月*日前创业的就业困难人员」 读法 100 元 “测试用金额，非原文” 若 「创业日期」 在 2022 年*月*日 之前 则 100 元。
待遇 「之后」(补贴) 依据「2022 年*月*日后认定的就业困难人员」 读法 100 元 “测试用金额，非原文” 若 「认定日期」 在 2022 年*月*日 之后 则 100 元。
待遇 「半定」(补贴) 依据「2022 年*月*日后认定的就业困难人员」 读法 100 元 “测试用金额，非原文” 若 「认定日期」 在 2022 年 3 月*日 之后 则 100 元。
"""


@pytest.fixture(scope="module")
def evaluator(tmp_path_factory):
    return Evaluator(inline_program(tmp_path_factory.mktemp("dates"), POLICY))


def status(evaluator, name, **facts):
    env = Env(dt.date(2024, 1, 1), {k: v for k, v in facts.items()}, {}, [])
    d = next(d for d in evaluator.decide_all(env) if d.rule.name == name)
    return d.status, d.missing


@pytest.mark.parametrize("day, expected", [
    (dt.date(2021, 12, 31), "符合"),   # before every day of 2022
    (dt.date(2022, 1, 1), "符合"),     # 之前 includes the day: on or before every day of 2022
    (dt.date(2022, 1, 2), "待定"),     # false only if the draft date turns out to be 1 月 1 日
    (dt.date(2022, 12, 31), "待定"),
    (dt.date(2023, 1, 1), "不符合"),   # after every day of 2022
])
def test_before_placeholder(evaluator, day, expected):
    got, missing = status(evaluator, "之前", 创业日期=day)
    assert got == expected
    if expected == "待定":
        assert key_words(missing.placeholders) == ["日期 2022 年*月*日 尚未确定"] and not missing.missing


@pytest.mark.parametrize("day, expected", [
    (dt.date(2021, 6, 1), "不符合"),
    (dt.date(2022, 12, 31), "待定"),   # 之后 excludes the day: false only if the draft date is 12 月 31 日
    (dt.date(2023, 1, 1), "符合"),
])
def test_after_placeholder(evaluator, day, expected):
    assert status(evaluator, "之后", 认定日期=day)[0] == expected


@pytest.mark.parametrize("day, expected", [
    (dt.date(2022, 2, 28), "不符合"),
    (dt.date(2022, 3, 15), "待定"),
    (dt.date(2022, 3, 31), "待定"),
    (dt.date(2022, 4, 1), "符合"),    # after every day of March 2022
])
def test_known_month_placeholder_day(evaluator, day, expected):
    assert status(evaluator, "半定", 认定日期=day)[0] == expected


def test_missing_fact_still_lists_the_fact(evaluator):
    got, missing = status(evaluator, "之前")
    assert got == "待定"
    assert Key(KeyKind.FACT, "创业日期") in missing.missing
    assert isinstance(missing, Unknown)
