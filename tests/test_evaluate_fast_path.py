"""The evaluator compiles the rules twice — with per-node recording for --explain and without it
for speed. Both must decide every case alike (benchmarks/bench.py measures the fast one)."""
from __future__ import annotations

import datetime as dt

from hzdsl.engine import evaluator_for
from hzdsl.runtime.evaluate import Env, HistoryEntry
from hzdsl.runtime.units import Q


def _key(d):
    missing = (d.missing.missing, d.missing.placeholders) if d.missing is not None else None
    amount = (d.amount.value, d.amount.dim) if d.amount is not None else None
    pending = d.amount_unknown.missing | d.amount_unknown.placeholders if d.amount_unknown is not None else None
    return d.status, amount, pending, missing, [str(lim.ok) for lim in d.limits]


def test_recorded_and_plain_evaluation_agree(program):
    ev = evaluator_for(program)
    facts = {"身份": frozenset({"高校毕业生"}), "毕业时长": Q.of(3, "年"), "初次创办企业或个体工商户": True,
             "正常经营时长": Q.of(8, "个月"), "符合条件的劳动者": True, "贷款类别": "个人", "贷款期限": Q.of(2, "年")}
    history = [HistoryEntry("个人创业担保贷款", dt.date(2021, 3, 1), fields={"贷款期限": Q.of(1, "年")})]
    for given, hist in (({}, None), (facts, None), (facts, history), (facts, [])):
        plain = ev.decide_all(Env(dt.date(2023, 6, 30), dict(given), {}, hist))
        record: dict = {}
        recorded = ev.decide_all(Env(dt.date(2023, 6, 30), dict(given), {}, hist, record=record))
        assert [_key(d) for d in plain] == [_key(d) for d in recorded]
        assert record or not given  # the explained run did record node values
    statuses = {d.rule.key: d.status for d in ev.decide_all(Env(dt.date(2023, 6, 30), facts, {}, history))}
    assert statuses["一次性创业补贴"] == "符合"  # 3 年 ≤ 5 年 毕业生，8 个月 ≥ 6 个月
    assert statuses["个人创业担保贷款"] == "符合"  # 第 2 次 ≤ 3 次，累计 1 + 2 = 3 年 ≤ 3 年
