"""Limits over the history with unknown fields (issue 9, point 1).

A 限制 is decided exactly when every value its unknown fields could take — the current claim's
facts and the fields of past records — gives the same answer, and is 待定 naming those fields
otherwise. Hand-worked values come from clause 十五 (三级 2000 元; 同一职业同一等级不可重复享受;
同一证书单位已享受补贴的，个人不得重复享受补贴) and clause 四 (贷款次数累计不超过 3 次, 期限累计不超过 3 年).
"""
from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from hzdsl.cases.load import Case
from hzdsl.engine import run_case
from hzdsl.errors import NO_SPAN
from hzdsl.render import limit_text
from hzdsl.runtime.evaluate import HistoryEntry
from hzdsl.runtime.units import Q, parse_unit
from hzdsl.runtime.values import Key, KeyKind
from hzdsl.syntax.normalize import compact
from hzdsl.testing import invariants as inv
from hzdsl.testing.strategies import factory


YUAN = parse_unit("元")


def training_case(program, facts_without=(), history=None):
    """个人在定点机构取得电工三级证书（编号 A-1），其余条件都成立；评估日期 2023-06-30."""
    facts = {"符合职业培训补贴条件": True, "在定点机构参加培训": True, "取得职业资格证书": True,
             "证书等级": "三级", "职业": "电工", "证书编号": "A-1"}
    facts = {k: v for k, v in facts.items() if k not in facts_without}
    return Case("<手算>", "职业培训", NO_SPAN, dt.date(2023, 6, 30), facts, {}, history)


def _decision(program, case, benefit):
    return {d.rule.key: d for d in run_case(program, case).decisions}[compact(benefit)]


# ── hand-worked: clause 十五, 职业培训补贴 三级 = 2000 元 ─────────────────────────────────────────


def test_empty_history_decides_although_the_compared_fields_are_unknown(program):
    # 历史为空：没有任何过去的申领可与本次同一职业、同一等级、同一证书 → 三级 2000 元
    case = training_case(program, facts_without=("职业", "证书编号"), history=[])
    d = _decision(program, case, "职业培训补贴")
    assert d.status == "符合" and d.amount == Q.of(2000, YUAN)


def test_a_record_differing_in_a_known_field_cannot_be_a_repeat(program):
    # 过去的记录是四级，本次三级：无论「职业」为何都不是“同一职业同一等级”；单位没有申领过 → 2000 元
    past = HistoryEntry("职业培训补贴", dt.date(2022, 3, 1), "个人", {"证书等级": "四级"})
    case = training_case(program, facts_without=("职业",), history=[past])
    d = _decision(program, case, "职业培训补贴")
    assert d.status == "符合" and d.amount == Q.of(2000, YUAN)


def test_a_record_lacking_a_compared_field_is_not_proof_of_no_repeat(program):
    # 过去同一待遇的记录缺「职业」「证书等级」：可能正是同一职业同一等级 → 待定，点名历史字段
    past = HistoryEntry("职业培训补贴", dt.date(2022, 3, 1), "个人", {})
    case = training_case(program, history=[past])
    d = _decision(program, case, "职业培训补贴")
    assert d.status == "待定"
    assert {Key(KeyKind.HISTORY_FIELD, "职业"), Key(KeyKind.HISTORY_FIELD, "证书等级")} <= d.missing.missing
    # the explanation never claims that no duplicate exists
    detail = next(limit_text(r) for r in d.limits if r.limit.name.text == "同一职业同一等级不可重复享受")
    assert "没有重复" not in detail


def test_a_unit_record_without_certificate_number_leaves_the_certificate_limit_open(program):
    # 单位记录缺证书编号：可能就是本证书 → 待定（同一证书单位已享受的，个人不得重复享受）
    past = HistoryEntry("用人单位职业培训补贴", dt.date(2022, 3, 1), "单位", {"职业": "焊工", "证书等级": "五级"})
    case = training_case(program, history=[past])
    d = _decision(program, case, "职业培训补贴")
    assert d.status == "待定" and Key(KeyKind.HISTORY_FIELD, "证书编号") in d.missing.missing


def test_a_known_repeat_refuses_whatever_else_is_unknown(program):
    # 本次缺证书编号，但历史中已有同一职业同一等级 → 不符合（不论证书编号为何）
    past = HistoryEntry("职业培训补贴", dt.date(2021, 3, 1), "个人", {"职业": "电工", "证书等级": "三级"})
    case = training_case(program, facts_without=("证书编号",), history=[past])
    assert _decision(program, case, "职业培训补贴").status == "不符合"


def test_the_current_claim_missing_a_field_with_a_comparable_record_stays_open(program):
    # 本次缺「职业」，历史中有同等级（三级）的记录：若同为电工即重复 → 待定，只点名「职业」
    past = HistoryEntry("职业培训补贴", dt.date(2021, 3, 1), "个人", {"职业": "电工", "证书等级": "三级"})
    case = training_case(program, facts_without=("职业",), history=[past])
    d = _decision(program, case, "职业培训补贴")
    assert d.status == "待定" and Key(KeyKind.FACT, "职业") in d.missing.missing


# ── property: filling in an unknown never changes a decided result ──────────────────────────


def _limit_benefits(program):
    return sorted({t.key for lim in program.limits for t in lim.targets})


def _fill(cases, key, was, near):
    """A value for an unknown field: the one it had, one it shares with the other side (a repeat), or any."""
    same = [v for v in ([near.get(key)] if isinstance(near, dict) else [h.fields.get(key) for h in near or []])
            if v is not None]
    return st.one_of(st.sampled_from([v for v in [was, *same] if v is not None] or [None]).filter(
        lambda v: v is not None), cases.fact(key)) if (was is not None or same) else cases.fact(key)


@st.composite
def case_and_filled(draw, program, cases):
    """A case about limited benefits whose claim and past records lack some fields, and the same case
    with exactly one of those unknown fields filled in."""
    full = draw(cases.cases(full=True, focus=draw(cases.focus(_limit_benefits(program))), with_history=False))
    # few past claims, so that count limits rarely refuse first and the record that matters is seen
    full = dataclasses.replace(full, history=draw(cases.history(full.date, full.facts, max_size=2)))
    limit_keys = sorted({k.key for lim in program.limits for k in lim.keys}
                        | {lim.field.key for lim in program.limits if lim.field is not None})
    drop_now = draw(st.sets(st.sampled_from(limit_keys), max_size=2))
    records = list(full.history or [])
    repeats = [lim for lim in program.limits if lim.kind == "no_repeat"]
    if records and repeats and draw(st.booleans()):
        # one past record made a repeat of the current claim under some 同一 … 不可重复享受 limit
        lim = draw(st.sampled_from(repeats))
        i = draw(st.integers(0, len(records) - 1))
        same = {k.key: full.facts[k.key] for k in lim.keys if k.key in full.facts}
        records[i] = dataclasses.replace(records[i], benefit=draw(st.sampled_from(sorted(lim.counted_keys))),
                                         claimant=lim.claimant or records[i].claimant,
                                         fields={**records[i].fields, **same})
        target = (i, draw(st.sampled_from([k.key for k in lim.keys])))
    else:
        target = None
    history, dropped = [], []
    for i, h in enumerate(records):
        gone = draw(st.sets(st.sampled_from(sorted(h.fields)), max_size=2)) if h.fields else set()
        if target is not None and target[0] == i and target[1] in h.fields:
            gone.add(target[1])
        amount = h.amount if (h.amount is None or draw(st.booleans())) else None
        if amount is None and h.amount is not None:
            dropped.append(("金额", i, h.amount))
        dropped += [("字段", i, (k, h.fields[k])) for k in sorted(gone)]
        history.append(dataclasses.replace(h, fields={k: v for k, v in h.fields.items() if k not in gone},
                                           amount=amount))
    # conditions mostly hold, so that the limits are what decides (a benefit refused on its own
    # conditions says nothing about its limits)
    facts = {k: (draw(st.sampled_from((True, True, True, v))) if isinstance(v, bool) else v)
             for k, v in full.facts.items() if k not in drop_now}
    choices = [("事实", k, None) for k in sorted(drop_now) if k in program.facts] + dropped
    partial = dataclasses.replace(full, facts=facts, history=history)
    if not choices:
        return partial, partial
    kind, where, value = draw(st.sampled_from(choices))
    if kind == "事实":
        filled = dataclasses.replace(partial, facts={**facts, where: draw(_fill(cases, where, full.facts.get(where),
                                                                               history))})
    else:
        past = list(history)
        h = past[where]
        if kind == "金额":
            past[where] = dataclasses.replace(h, amount=value)
        else:
            k, was = value
            past[where] = dataclasses.replace(h, fields={**h.fields, k: draw(_fill(cases, k, was, facts))})
        filled = dataclasses.replace(partial, history=past)
    return partial, filled


@settings(max_examples=300)  # the faults it guards against need a counted record, a repeat, and 符合
@given(data=st.data())
def test_filling_an_unknown_field_never_changes_a_decided_result(program, data):
    cases = factory(program)
    partial, filled = data.draw(case_and_filled(program, cases))
    assert not inv.information_violations(run_case(program, partial), run_case(program, filled))
