"""Limits over the history of past claims (限制): the one place where a limit is decided.

A limit is decided exactly when every value its unknown fields could take gives the same answer;
otherwise it is 待定 and names those fields. Unknown fields are the current claim's facts that the
case does not give, the fields a past record lacks (「职业」, 「证书等级」, 「金额」 …) and, when the
case gives no 历史 at all, the history itself. What a field could be is read from its declaration:
an enumeration's 取值, a boolean's two values, a quantity's 取值 — and a quantity with a unit is never
negative (the case loader refuses negative durations, amounts and counts).

Sources: clause 十五 (同一职业（项目）同一等级不可重复享受; 同一证书单位已享受补贴的，个人不得重复享受补贴;
每人每年不超过 3 次), clause 四 (贷款次数累计不超过 3 次, 期限累计不超过 3 年), clauses 十三, 十八, 十九
(amount limits).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from .. import ir
from ..units import Q, format_q, parse_unit
from .values import HISTORY, Key, KeyKind, Unknown, and3

MONEY = parse_unit("元")


@dataclass
class HistoryEntry:
    """A past claim: which benefit, when, by whom, and the facts that identify it (职业、等级 …)."""

    benefit: str  # benefit key
    date: dt.date
    claimant: str = "个人"
    fields: dict[str, Any] = field(default_factory=dict)
    amount: Q | None = None  # 金额 granted by that claim, when the case gives it (amount limits)


@dataclass
class LimitResult:
    """A history limit applied to one claim. `limit` is the declaration as written (for wording),
    `rule` the IR limit (stable id, variant)."""

    limit: Any
    ok: bool | Unknown
    detail: str
    remaining: Q | None = None  # amount limits that hold: what may still be granted
    rule: ir.Limit | None = None


@dataclass(frozen=True)
class Domain:
    """What an unknown field could be: a finite set of values, or quantities not below `low`."""

    values: frozenset | None = None  # finite: enumeration / boolean / 取值
    low: Fraction | None = None  # quantities: None = unbounded below


ANYTHING = Domain()


def domains_of(facts: dict) -> dict[str, Domain]:
    """Per fact key, the values the fact could take (from the checked program's FactInfo)."""
    out = {}
    for key, info in facts.items():
        t = info.type
        if t.kind == "bool":
            out[key] = Domain(frozenset({True, False}))
        elif t.kind == "enum" and t.choices:
            out[key] = Domain(frozenset(t.choices))
        elif t.kind == "num" and t.choices:
            out[key] = Domain(frozenset(t.choices), min(t.choices))
        elif t.kind == "num" and t.dim:
            out[key] = Domain(low=Fraction(0))  # the case loader refuses negative durations, amounts, counts
        else:
            out[key] = ANYTHING
    return out


def _payload(v):
    return v.value if isinstance(v, Q) else v


def _same(current, past, domain: Domain, name: str) -> bool | Unknown:
    """Is the past record's field equal to the current claim's? None stands for unknown."""
    if current is not None and past is not None:
        return _payload(current) == _payload(past)
    values = domain.values
    known = current if current is not None else past
    if values is not None:
        if known is not None and _payload(known) not in values:
            return False
        if len(values) == 1:
            return True  # the only value it could take
    keys = ({Key(KeyKind.FACT, name)} if current is None else set()) | (
        {Key(KeyKind.HISTORY_FIELD, name)} if past is None else set())
    return Unknown(frozenset(keys))


def _unknown(lim, keys, detail) -> LimitResult:
    keys = frozenset(keys)
    return LimitResult(lim.origin, Unknown(keys), detail + "、".join(sorted(keys)), rule=lim)


def check_limit(lim: ir.Limit, env, domains: dict[str, Domain] | None = None) -> LimitResult:
    """Apply a history rule to the claim being decided (env: date, facts, history).

    ok is True / False when every possible value of the unknown fields agrees, otherwise an Unknown
    naming the current facts, 历史记录中的「字段」 and 历史申领记录 still needed.
    """
    domains = domains or {}
    known_history = env.history is not None
    entries = [h for h in (env.history or []) if h.benefit in lim.counted]
    if isinstance(lim, (ir.PerYearCount, ir.TotalCount)):
        return _count_limit(lim, entries, env, known_history)
    if isinstance(lim, ir.TotalSum):
        return _sum_limit(lim, entries, env, known_history, domains.get(lim.field, ANYTHING))
    if isinstance(lim, (ir.PerYearAmount, ir.TotalAmount)):
        return _amount_limit(lim, entries, env, known_history)
    return _no_repeat(lim, entries, env, known_history, domains)


def _count_limit(lim, entries, env, known_history) -> LimitResult:
    per_year = isinstance(lim, ir.PerYearCount)
    if per_year:
        entries = [h for h in entries if h.date.year == env.date.year]
    scope = f"{env.date.year} 年内" if per_year else "累计"
    ok = len(entries) + 1 <= lim.bound
    if not known_history and ok:  # more past claims could exist
        return _unknown(lim, {HISTORY}, "尚缺：")
    return LimitResult(lim.origin, ok, f"{scope}已享受 {len(entries)} 次，本次为第 {len(entries) + 1} 次，上限 {lim.bound} 次",
                       rule=lim)


def _sum_limit(lim, entries, env, known_history, domain: Domain) -> LimitResult:
    """累计「字段」不超过 Q: decided when the smallest and the largest possible totals agree."""
    p = lim.origin
    unit, name = parse_unit(p.bound.unit), p.field.text
    bound = lim.bound.value
    unknown: set[Key] = set()
    total = Fraction(0)
    current = env.facts.get(lim.field)
    if current is None:
        unknown.add(Key(KeyKind.FACT, name))
    else:
        total += current.value
    n_unknown = current is None
    for h in entries:
        v = h.fields.get(lim.field)
        if v is None:
            unknown.add(Key(KeyKind.HISTORY_FIELD, name))
            n_unknown += 1
        else:
            total += v.value
    if not known_history:
        unknown.add(HISTORY)
    if n_unknown and domain.low is None:
        return _unknown(lim, unknown, "尚缺：")
    low = total + (n_unknown * domain.low if n_unknown else 0)
    if low > bound:  # whatever the unknown fields hold, the total is already above the bound
        return LimitResult(p, False, f"累计（已知部分）{format_q(Q(low, unit.dim), unit)}，已超过上限 {p.bound.text}", rule=lim)
    if unknown:
        return _unknown(lim, unknown, f"累计（已知部分）{format_q(Q(total, unit.dim), unit)}；尚缺：")
    return LimitResult(p, total <= bound, f"累计（含本次）{format_q(Q(total, unit.dim), unit)}，上限 {p.bound.text}",
                       rule=lim)


def _amount_limit(lim, entries, env, known_history) -> LimitResult:
    """Money already granted by the counted past claims (this calendar year, or ever) against the bound.

    A past claim without 金额 granted at least 0 元: once the known amounts reach the bound the limit
    fails whatever the missing ones were; below it, the limit waits for them.
    """
    p = lim.origin
    per_year = isinstance(lim, ir.PerYearAmount)
    if per_year:
        entries = [h for h in entries if h.date.year == env.date.year]
    granted = sum((h.amount.value for h in entries if h.amount is not None), Fraction(0))
    remaining = Q(lim.bound.value - granted, MONEY.dim)
    scope = "本年" if per_year else "累计"
    done = f"{scope}已享受 {format_q(Q(granted, MONEY.dim), MONEY)}"
    if remaining.value <= 0:
        return LimitResult(p, False, f"{done}，已达上限 {p.bound.text}", rule=lim)
    unknown = {Key(KeyKind.HISTORY_FIELD, "金额")} if any(h.amount is None for h in entries) else set()
    if not known_history:
        unknown.add(HISTORY)
    if unknown:
        return _unknown(lim, unknown, f"{done}（已知部分）；尚缺：")
    return LimitResult(p, True, f"{done}，上限 {p.bound.text}，{scope}剩余额度 {format_q(remaining, MONEY)}",
                       remaining, rule=lim)


def _no_repeat(lim, entries, env, known_history, domains) -> LimitResult:
    """同一「字段」… 不可重复享受: refused by a record equal on every field, open while one could be."""
    p = lim.origin
    names = dict(zip(lim.fields, (k.text for k in p.keys)))
    if lim.claimant:
        entries = [h for h in entries if h.claimant == lim.claimant]
    open_: list[Unknown] = []
    for h in entries:
        same = and3(_same(env.facts.get(k), h.fields.get(k), domains.get(k, ANYTHING), names[k]) for k in lim.fields)
        if same is True:
            who = h.claimant if lim.claimant else "申请人"
            return LimitResult(p, False, f"{h.date} 已由{who}享受过同一" + "、".join(
                f"{names[k]}（{_show(env.facts.get(k, h.fields.get(k)))}）" for k in lim.fields), rule=lim)
        if isinstance(same, Unknown):
            open_.append(same)
    if not known_history:
        return _unknown(lim, {Key(KeyKind.FACT, names[k]) for k in lim.fields if k not in env.facts} | {HISTORY},
                        "尚缺：")
    if open_:
        u = open_[0]
        for x in open_[1:]:
            u = u | x
        return _unknown(lim, u.missing, f"{len(open_)} 条历史记录可能重复，尚缺：")
    return LimitResult(p, True, "历史记录中没有重复", rule=lim)


MONEY = parse_unit("元")


def quota_note(res: LimitResult) -> str:
    """How an explanation says that an amount limit capped the payout."""
    scope = "本年" if res.limit.kind == "per_year_amount" else "累计"
    return f"按{scope}剩余额度 {format_q(res.remaining, MONEY)}封顶（限制「{res.limit.name.text}」）"


def _show(v) -> str:
    return format_q(v) if isinstance(v, Q) else str(v)
