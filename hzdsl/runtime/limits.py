"""Limits over the history of past claims (限制): the one place where a limit is decided.

A limit is decided exactly when every value its unknown inputs could take gives the same answer;
otherwise it is 待定 and names those inputs. The unknown inputs are the current claim's facts that
the case does not give, the fields a past record lacks (「职业」, 「证书等级」, 「金额」 …) and, when the
case gives no 历史 at all, the history itself (any number of past claims, with any fields). What a
field could be is read from its declaration (`Domain`): a quantity with a unit is never negative
(the case loader refuses negative durations, amounts and counts), a number with 取值 is one of them.

Per aggregate of hzdsl/limitspec.py — a kind is its table entry, an aggregate × a window (all past
claims, or those of the evaluation year); nothing here is written per kind. The SQL back-end
(backends/sql/history.py) and the z3 encoding (backends/smt/limits.py) implement the same rules
and are held equal to this module by differential tests:

- COUNT (次数): past counted claims in the window + 1 ≤ N. With no history given, more claims could
  exist: 待定 unless this claim alone already exceeds N.
- FIELD_SUM (累计「字段」不超过 B): the smallest possible total (every unknown at its lowest value) above
  B → 不成立; the largest possible total (history given, every unknown at its highest) ≤ B → 成立; else 待定.
- AMOUNT (金额): the known amounts granted in the window already reach B → 不成立, whatever the missing
  ones were (a grant is never negative); a counted record without 金额, or no history → 待定; otherwise
  成立 and the remaining quota caps the payout.
- NO_REPEAT (同一「字段…」不可重复享受): a counted record (by that 申领人 when written) equal on every field → 不成立;
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
from enum import StrEnum
from fractions import Fraction
from typing import Any

from .. import ir
from ..limitspec import Aggregate
from ..units import Q, Unit, parse_unit
from .values import HISTORY, Key, KeyKind, Unknown, and3

MONEY = parse_unit("元")
# The aggregates read once: an enum class attribute costs ~140 ns in Python 3.11, and check_limit
# runs for every limit of every case (48 per case of the bundled policies).
_COUNT, _FIELD_SUM, _AMOUNT = Aggregate.COUNT, Aggregate.FIELD_SUM, Aggregate.AMOUNT


@dataclass
class HistoryEntry:
    """A past claim: which benefit, when, by whom, and the facts that identify it (职业、等级 …)."""

    benefit: str  # benefit key
    date: dt.date
    claimant: str = "个人"
    fields: dict[str, Any] = field(default_factory=dict)
    amount: Q | None = None  # 金额 granted by that claim, when the case gives it (amount limits)


class SumBound(StrEnum):
    """How a 累计「字段」 total was decided: exactly, by its smallest or its largest possible value, or not."""

    EXACT = "exact"  # every input known: the total including this claim
    AT_LEAST = "at_least"  # the smallest possible total (every unknown at its lowest) is above the bound
    AT_MOST = "at_most"  # the largest possible total (every unknown at its highest) is within the bound
    OPEN = "open"  # neither: the known part of the total (待定)


@dataclass(frozen=True)
class CountFound:
    """次数: `past` counted claims before this one (in `year` for 每人每年, else ever), bound `bound`."""

    past: int
    bound: int
    year: int | None = None


@dataclass(frozen=True)
class SumFound:
    """累计「字段」: the total (in `unit`) as `how` says (the known part when OPEN)."""

    total: Q
    unit: Unit
    how: SumBound


@dataclass(frozen=True)
class AmountFound:
    """金额: money `granted` by the counted claims (this year when `per_year`); `known_part` when some
    grants are not known (a record without 金额, or no history)."""

    granted: Q
    per_year: bool
    known_part: bool = False


@dataclass(frozen=True)
class RepeatFound:
    """同一…: the past claim (its date, who claimed when the rule names one) equal on every field."""

    date: dt.date
    claimant: str  # "" when the rule does not name who claimed (the applicant)
    values: tuple[tuple[str, Any], ...]  # (field name, value) in the rule's order


@dataclass(frozen=True)
class NoRepeatFound:
    """同一…: no equal past claim; `open_records` past claims could be equal (待定 when > 0)."""

    open_records: int = 0


@dataclass(frozen=True)
class CoveredFound:
    """同一…: past claims with every field known that together hold every value (`values` of them) the
    claim's unknown `fields` (names as written) could take — whichever it is, it repeats one (不成立)."""

    fields: tuple[str, ...]
    values: int


Finding = CountFound | SumFound | AmountFound | RepeatFound | NoRepeatFound | CoveredFound | None


@dataclass
class LimitResult:
    """A history limit applied to one claim: `ok` (True / False, or an Unknown whose Keys say what is
    missing) and `found`, what the check found as data (None when nothing was read: no history, or
    the claim's own facts missing). `limit` is the declaration as written, `rule` the IR limit
    (stable id, variant). Worded by `hzdsl.render_words.limit_words`, never here."""

    limit: Any
    ok: bool | Unknown
    found: Finding = None
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


def _unknown(lim, keys, found: Finding = None) -> LimitResult:
    return LimitResult(lim.origin, Unknown(frozenset(keys)), found, rule=lim)


def check_limit(lim: ir.Limit, env, domains: dict[str, Domain] | None = None) -> LimitResult:
    """Apply a history rule to the claim being decided (env: `.date`, `.facts`, `.history`).

    ok is True / False when every possible value of the unknown inputs agrees, otherwise an Unknown
    naming the current facts, 历史记录中的「字段」 and 历史申领记录 still needed.
    """
    domains = domains or {}
    known_history = env.history is not None
    entries = [h for h in (env.history or []) if h.benefit in lim.counted]
    if lim.per_year:  # the window (limitspec.Window): the evaluation date's calendar year
        entries = [h for h in entries if h.date.year == env.date.year]
    aggregate = lim.spec.aggregate
    if aggregate is _COUNT:
        return _count_limit(lim, entries, env, known_history)
    if aggregate is _FIELD_SUM:
        return _sum_limit(lim, entries, env, known_history, domains.get(lim.field, ANYTHING))
    if aggregate is _AMOUNT:
        return _amount_limit(lim, entries, env, known_history)
    return _no_repeat(lim, entries, env, known_history, domains)


def _count_limit(lim, entries, env, known_history) -> LimitResult:
    """次数: the counted claims in the window, plus this one, against the bound."""
    ok = len(entries) + 1 <= lim.bound
    if not known_history and ok:  # more past claims could exist
        return _unknown(lim, {HISTORY})
    return LimitResult(lim.origin, ok, CountFound(len(entries), lim.bound, env.date.year if lim.per_year else None),
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

    def found(x, how):
        return SumFound(Q(x, unit.dim), unit, how)

    if not unknown:
        return LimitResult(p, total <= bound, found(total, SumBound.EXACT), rule=lim)
    if holes == 0 or domain.low is not None:
        low = total + holes * (domain.low or 0)
        if low > bound:  # whatever the unknowns hold, the total is already above the bound
            return LimitResult(p, False, found(low, SumBound.AT_LEAST), rule=lim)
    if known_history and domain.high is not None:
        high = total + holes * domain.high
        if high <= bound:  # whatever the unknowns hold, the total stays within the bound
            return LimitResult(p, True, found(high, SumBound.AT_MOST), rule=lim)
    return _unknown(lim, unknown, found(total, SumBound.OPEN))


def _amount_limit(lim, entries, env, known_history) -> LimitResult:
    """Money already granted by the counted past claims (this calendar year, or ever) against the bound.

    A past claim without 金额 granted at least 0 元: once the known amounts reach the bound the limit
    fails whatever the missing ones were; below it, the limit waits for them.
    """
    p = lim.origin
    per_year = lim.per_year
    granted = sum((h.amount.value for h in entries if h.amount is not None), Fraction(0))
    remaining = Q(lim.bound.value - granted, MONEY.dim)
    done = AmountFound(Q(granted, MONEY.dim), per_year)
    if remaining.value <= 0:
        return LimitResult(p, False, done, rule=lim)
    unknown = {Key(KeyKind.HISTORY_FIELD, "金额")} if any(h.amount is None for h in entries) else set()
    if not known_history:
        unknown.add(HISTORY)
    if unknown:
        res = _unknown(lim, unknown, AmountFound(done.granted, per_year, known_part=True))
        res.at_most = remaining  # 读法: what is left is at most the bound less what is known granted
        return res
    return LimitResult(p, True, done, remaining, rule=lim)


def _no_repeat(lim, entries, env, known_history, domains=None) -> LimitResult:
    """同一「字段」… 不可重复享受: refused by a record equal on every field, or by records that together
    cover every value the claim's unknown fields could take; open while one could be equal."""
    p = lim.origin
    names = dict(zip(lim.fields, (k.text for k in p.keys)))
    if not known_history:  # any past claim could exist, equal to this one
        return _unknown(lim, {Key(KeyKind.FACT, names[k]) for k in lim.fields if env.facts.get(k) is None}
                        | {HISTORY})
    if lim.claimant:
        entries = [h for h in entries if h.claimant == lim.claimant]
    open_ = Unknown()
    n_open = 0
    for h in entries:
        same = and3(_same(env.facts.get(k), h.fields.get(k), names[k]) for k in lim.fields)
        if same is True:
            return LimitResult(p, False, RepeatFound(h.date, h.claimant if lim.claimant else "",
                                                     tuple((names[k], h.fields[k]) for k in lim.fields)), rule=lim)
        if isinstance(same, Unknown):
            open_, n_open = open_ | same, n_open + 1
    if n_open:
        covered = _covered(lim, entries, env, domains or {})
        if covered is not None:
            return LimitResult(p, False, covered, rule=lim)
        return _unknown(lim, open_.missing, NoRepeatFound(n_open))
    return LimitResult(p, True, NoRepeatFound(), rule=lim)


def _covered(lim, entries, env, domains: dict[str, Domain]) -> CoveredFound | None:
    """读法 of 「同一职业（项目）同一等级不可重复享受」 (clause 十五): the records are judged together. When the
    claim's unknown fields can only take finitely many values (证书等级: 五级 … 专项) and, for every one of
    them, a record with every field known equals the claim, the claim repeats one of them whatever it
    is: 不符合. Records lacking a field never cover (that field could differ). Returns what covers it,
    or None when the records do not cover every value."""
    names = dict(zip(lim.fields, (k.text for k in lim.origin.keys)))
    open_fields = [k for k in lim.fields if env.facts.get(k) is None]
    choices = [domains.get(k, ANYTHING).choices for k in open_fields]
    if not open_fields or any(c is None for c in choices):
        return None
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
        return None
    return CoveredFound(tuple(names[k] for k in open_fields), need)



__all__ = ["HistoryEntry", "LimitResult", "Finding", "CountFound", "SumFound", "SumBound", "AmountFound", "RepeatFound",
           "NoRepeatFound",
           "CoveredFound", "Domain", "domain_of", "domains_of", "check_limit"]
