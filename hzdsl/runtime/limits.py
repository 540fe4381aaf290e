"""Limits over the history of past claims (限制): the one place where a limit is decided.

A limit is decided exactly when every value its unknown inputs could take gives the same answer;
otherwise it is 待定 and names those inputs. The unknown inputs are the current claim's facts that
the case does not give, the fields a past record lacks (「职业」, 「证书等级」, 「金额」 …) and, when the
case gives no 历史 at all, the history itself (any number of past claims, with any fields). What a
field could be is read from its declaration (`Domain`): a quantity with a unit is never negative
(the case loader refuses negative durations, amounts and counts), a number with 取值 is one of them.

Per kind (the SQL back-end, backends/sql/history.py, and the z3 encoding, backends/smt/limits.py,
implement the same rules and are held equal to this module by differential tests):

- 次数 (每人每年 / 累计): past counted claims (of the evaluation year for 每人每年) + 1 ≤ N. With no
  history given, more claims could exist: 待定 unless this claim alone already exceeds N.
- 累计「字段」不超过 B: the smallest possible total (every unknown at its lowest value) above B → 不成立;
  the largest possible total (history given, every unknown at its highest) ≤ B → 成立; else 待定.
- 金额 (每人每年 / 累计): the known amounts granted already reach B → 不成立, whatever the missing ones
  were (a grant is never negative); a counted record without 金额, or no history → 待定; otherwise
  成立 and the remaining quota caps the payout.
- 同一「字段…」不可重复享受: a counted record (by that 申领人 when written) equal on every field → 不成立;
  a record that could be equal (no field known to differ, some field unknown on either side) → 待定
  naming those fields; no history → 待定; otherwise 成立. The records are judged together: when the
  claim's unknown fields have finitely many values (枚举, 布尔) and complete records equal to the claim
  cover every one of them, it repeats whatever it is → 不成立 (`_covered`; the same in all three back-ends).

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
    `rule` the IR limit (stable id, variant). When `ok` is an Unknown, its keys say what is missing
    and `detail` is only the words before their list: `hzdsl.render.limit_text` appends them."""

    limit: Any
    ok: bool | Unknown
    detail: str
    remaining: Q | None = None  # amount limits that hold: what may still be granted
    rule: ir.Limit | None = None
    # amount limits still open (a record without 金额, or no history): the most that can be left — the
    # bound less the known grants. The amount shown is never above it (quota_note; evaluate._apply_quota).
    at_most: Q | None = None


@dataclass(frozen=True)
class Domain:
    """The values a numeric field could take: not below `low`, not above `high` (None: unbounded)."""

    low: Fraction | None = None
    high: Fraction | None = None
    # the finite set of values a field can take (枚举 取值, 布尔, a number with 取值), None: unbounded —
    # 同一… limits judge the records together over it
    choices: frozenset | None = None


ANYTHING = Domain()


def domain_of(t) -> Domain:
    """What a fact of static type `t` (check.types.T) could be: bounds of a number, the values of a
    finite kind (枚举, 布尔, a number with 取值); ANYTHING for the rest."""
    if t.kind == "enum" and t.choices:
        return Domain(choices=frozenset(t.choices))
    if t.kind == "bool":
        return Domain(choices=frozenset({True, False}))
    if t.kind != "num":
        return ANYTHING
    if t.choices:
        values = [Fraction(c) for c in t.choices]
        low = min(values)
        return Domain(max(low, Fraction(0)) if t.dim else low, max(values), frozenset(values))
    if t.dim:
        return Domain(low=Fraction(0))  # the case loader refuses negative durations, amounts, counts
    return ANYTHING


def domains_of(facts: dict) -> dict[str, Domain]:
    """Per fact key, the values the fact could take (from the checked program's FactInfo)."""
    return {key: domain_of(info.type) for key, info in facts.items()}


def _payload(v):
    return v.value if isinstance(v, Q) else v


def _same(current, past, name: str) -> bool | Unknown:
    """Is the past record's field equal to the current claim's? None stands for unknown."""
    if current is not None and past is not None:
        return _payload(current) == _payload(past)
    keys = ({Key(KeyKind.FACT, name)} if current is None else set()) | (
        {Key(KeyKind.HISTORY_FIELD, name)} if past is None else set())
    return Unknown(frozenset(keys))


def _unknown(lim, keys, detail) -> LimitResult:
    return LimitResult(lim.origin, Unknown(frozenset(keys)), detail, rule=lim)  # keys worded by render


def check_limit(lim: ir.Limit, env, domains: dict[str, Domain] | None = None) -> LimitResult:
    """Apply a history rule to the claim being decided (env: `.date`, `.facts`, `.history`).

    ok is True / False when every possible value of the unknown inputs agrees, otherwise an Unknown
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
    """累计「字段」不超过 B: decided when the smallest and the largest possible totals agree."""
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
    holes = int(current is None)
    for h in entries:
        v = h.fields.get(lim.field)
        if v is None:
            unknown.add(Key(KeyKind.HISTORY_FIELD, name))
            holes += 1
        else:
            total += v.value
    if not known_history:
        unknown.add(HISTORY)

    def shown(x):
        return format_q(Q(x, unit.dim), unit)

    if not unknown:
        return LimitResult(p, total <= bound, f"累计（含本次）{shown(total)}，上限 {p.bound.text}", rule=lim)
    if holes == 0 or domain.low is not None:
        low = total + holes * (domain.low or 0)
        if low > bound:  # whatever the unknowns hold, the total is already above the bound
            return LimitResult(p, False, f"累计（已知部分）{shown(low)}，已超过上限 {p.bound.text}", rule=lim)
    if known_history and domain.high is not None:
        high = total + holes * domain.high
        if high <= bound:  # whatever the unknowns hold, the total stays within the bound
            return LimitResult(p, True, f"累计（含本次）至多 {shown(high)}，上限 {p.bound.text}", rule=lim)
    return _unknown(lim, unknown, f"累计（已知部分）{shown(total)}；尚缺：")


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
        res = _unknown(lim, unknown, f"{done}（已知部分）；尚缺：")
        res.at_most = remaining  # 读法: what is left is at most the bound less what is known granted
        return res
    return LimitResult(p, True, f"{done}，上限 {p.bound.text}，{scope}剩余额度 {format_q(remaining, MONEY)}",
                       remaining, rule=lim)


def _no_repeat(lim, entries, env, known_history, domains=None) -> LimitResult:
    """同一「字段」… 不可重复享受: refused by a record equal on every field, or by records that together
    cover every value the claim's unknown fields could take; open while one could be equal."""
    p = lim.origin
    names = dict(zip(lim.fields, (k.text for k in p.keys)))
    if not known_history:  # any past claim could exist, equal to this one
        return _unknown(lim, {Key(KeyKind.FACT, names[k]) for k in lim.fields if env.facts.get(k) is None}
                        | {HISTORY}, "尚缺：")
    if lim.claimant:
        entries = [h for h in entries if h.claimant == lim.claimant]
    open_ = Unknown()
    n_open = 0
    for h in entries:
        same = and3(_same(env.facts.get(k), h.fields.get(k), names[k]) for k in lim.fields)
        if same is True:
            who = h.claimant if lim.claimant else "申请人"
            return LimitResult(p, False, f"{h.date} 已由{who}享受过同一" + "、".join(
                f"{names[k]}（{_show(h.fields[k])}）" for k in lim.fields), rule=lim)
        if isinstance(same, Unknown):
            open_, n_open = open_ | same, n_open + 1
    if n_open:
        covered = _covered(lim, entries, env, domains or {})
        if covered:
            return LimitResult(p, False, covered, rule=lim)
        return _unknown(lim, open_.missing, f"{n_open} 条历史记录可能重复，尚缺：")
    return LimitResult(p, True, "历史记录中没有重复", rule=lim)


def _covered(lim, entries, env, domains: dict[str, Domain]) -> str:
    """读法 of 「同一职业（项目）同一等级不可重复享受」 (clause 十五): the records are judged together. When the
    claim's unknown fields can only take finitely many values (证书等级: 五级 … 专项) and, for every one of
    them, a record with every field known equals the claim, the claim repeats one of them whatever it
    is: 不符合. Records lacking a field never cover (that field could differ). Returns the explanation,
    or "" when the records do not cover every value."""
    names = dict(zip(lim.fields, (k.text for k in lim.origin.keys)))
    open_fields = [k for k in lim.fields if env.facts.get(k) is None]
    choices = [domains.get(k, ANYTHING).choices for k in open_fields]
    if not open_fields or any(c is None for c in choices):
        return ""
    known = {k: _payload(env.facts[k]) for k in lim.fields if k not in open_fields}
    seen = set()
    for h in entries:
        values = {k: _payload(h.fields.get(k)) for k in lim.fields}
        if any(v is None for v in values.values()) or any(values[k] != v for k, v in known.items()):
            continue
        seen.add(tuple(values[k] for k in open_fields))
    need = 1
    for c in choices:
        need *= len(c)
    inside = {t for t in seen if all(v in c for v, c in zip(t, choices))}
    if len(inside) < need:
        return ""
    return ("历史记录已覆盖" + "、".join(f"「{names[k]}」" for k in open_fields)
            + f"的全部 {need} 种取值：不论本次是哪一种，都已享受过")


def quota_note(res: LimitResult) -> str:
    """How an explanation says that an amount limit capped the payout (or, still open, bounds it)."""
    scope = "本年" if res.limit.kind == "per_year_amount" else "累计"
    if res.remaining is None and res.at_most is not None:
        return (f"{scope}剩余额度至多 {format_q(res.at_most, MONEY)}，金额至多按此计"
                f"（限制「{res.limit.name.text}」待定）")
    return f"按{scope}剩余额度 {format_q(res.remaining, MONEY)}封顶（限制「{res.limit.name.text}」）"


def _show(v) -> str:
    return format_q(v) if isinstance(v, Q) else str(v)


__all__ = ["HistoryEntry", "LimitResult", "Domain", "domain_of", "domains_of", "check_limit", "quota_note"]
