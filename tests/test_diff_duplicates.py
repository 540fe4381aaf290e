"""diff must not hide a changed declaration behind another of the same name (bug: 无语义变更 while
the evaluator's answer changed)."""
from __future__ import annotations

import datetime as dt

from hzdsl.engine import evaluator_for
from hzdsl.review.diff import diff_modules
from hzdsl.review.versions import Version, load
from hzdsl.runtime.evaluate import Env
from hzdsl.units import Q

from .conftest import POLICIES

OFFICIAL = (POLICIES / "official.txt").read_text(encoding="utf-8")
QUOTE = "依据「初次创办企业或个体工商户，正常经营 6 个月，可按规定申领 3000 元的一次性创业补贴」"
READING = "读法 12 个月、4000 元 “虚构的例外，非原文”"
BASE = f"""条款 三 「加大创业资金扶持力度」。

事实 「正常经营时长」：个人 时长。

待遇 「甲补贴」(补贴) {QUOTE} 若 「正常经营时长」 满 6 个月 则 3000 元。
待遇 「乙补贴」(补贴) {QUOTE} 若 「正常经营时长」 满 6 个月 则 3000 元。

例外 「延长」 于 「甲补贴」 {QUOTE} {READING} 若 「正常经营时长」 满 12 个月 则 4000 元。
例外 「延长」 于 「乙补贴」 {QUOTE} {READING} 若 「正常经营时长」 满 12 个月 则 4000 元。
"""
# only the second 「延长」 (the one for 乙补贴) changes: 4000 → 9000 元
_AT = BASE.rindex(READING)
CHANGED = (BASE[:_AT] + READING.replace("4000 元", "9000 元")
           + BASE[_AT + len(READING): BASE.rindex("4000 元")] + "9000 元。\n")


def _version(label: str, text: str) -> Version:
    v = load(Version(label, {"x.policy": text}, OFFICIAL))
    assert not v.errors, v.errors
    return v


def test_two_exceptions_of_one_name_are_both_compared():
    old, new = _version("old", BASE), _version("new", CHANGED)
    # worked by hand: 12 个月 ≥ 12 → the exception applies: 乙补贴 is 4000 元 before, 9000 元 after
    env = Env(dt.date(2023, 6, 30), {"正常经营时长": Q.of(12, "个月")}, {}, None)
    before = {d.rule.key: d.amount for d in evaluator_for(old.program).decide_all(env)}
    after = {d.rule.key: d.amount for d in evaluator_for(new.program).decide_all(env)}
    assert (before["乙补贴"].value, after["乙补贴"].value) == (4000, 9000)
    sem = diff_modules(old.modules, new.modules, new.program, old.program)
    assert not sem.is_empty
    (changed,) = sem.decls
    assert changed.kind == "例外" and changed.status == "变更"
    assert any("9000" in (c.new or "") for c in changed.changes), changed.changes
