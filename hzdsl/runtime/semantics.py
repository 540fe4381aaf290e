"""The meaning of hzdsl's operations, defined once, as functions over runtime values.

The scalar evaluator (`hzdsl.runtime.evaluate`) compiles the IR into closures that call these;
every other back-end (SQL, SMT) must implement the same contract and is tested against it.

Values: bool, `units.Q` (exact: Fraction in base units, with a dimension), str, frozenset[str],
`datetime.date`, or `Unknown` (see `values.py`: which facts, parameters, history or placeholders
would decide it — as keys, never as display text).

The numeric contract: arithmetic is exact (Fraction) throughout; quantities of one dimension
compare by their base-unit value (1 年 = 12 个月; 月 and 天 never meet: the checker forbids it);
money is rounded to 分, 四舍五入 (ROUND_HALF_UP), once, at the payout (`payout`), and again only
when a remaining quota caps it (`cap_by_quota`). Nothing else rounds.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Callable, Iterable

from ..units import Q, format_q, round_money
from .values import Key, KeyKind, Unknown, and3, merge_unknowns, not3, or3  # noqa: F401 (three-valued logic)

Value = Any

# Comparison operators by the IR's CmpOp value. Following 民法典 第一千二百五十九条 the checker has
# already turned the drafter's word into one of these (以上、以下、以内、届满 include the number).
CMP: dict[str, Callable[[Any, Any], bool]] = {
    ">=": lambda a, b: a >= b, ">": lambda a, b: a > b, "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b, "==": lambda a, b: a == b, "!=": lambda a, b: a != b,
}

DIVISION_BY_ZERO = Unknown(placeholders=frozenset({Key(KeyKind.DIVISION_BY_ZERO)}))


def payload(v: Value):
    """What a comparison compares: the exact base-unit Fraction of a quantity, the value itself otherwise."""
    return v.value if isinstance(v, Q) else v


def compare(op: str, x: Value, y: Value) -> bool | Unknown:
    """x op y; Unknown on either side gives the union of what is missing."""
    if isinstance(x, Unknown) or isinstance(y, Unknown):
        return merge_unknowns((x, y))
    return CMP[op](payload(x), payload(y))


def compare_with_draft_date(op: str, x: Value, low: dt.date, high: dt.date, pending: Unknown) -> bool | Unknown:
    """x op D, where D is a draft date (2022 年*月*日) known only to lie in [low, high].

    Decided when the answer is the same for every day in [low, high] (the comparison is monotone
    in D, so testing both ends is enough); otherwise 待定 with the placeholder as the reason.
    """
    if isinstance(x, Unknown) or not isinstance(x, dt.date):
        return merge_unknowns((x, pending))
    if op in {"==", "!="}:
        return pending if low <= x <= high else op == "!="
    at_low, at_high = CMP[op](x, low), CMP[op](x, high)
    return at_low if at_low == at_high else pending


def between(x: Value, low: Value, high: Value) -> bool | Unknown:
    """low ≤ x ≤ high (在 … 至 … 之间: both ends included)."""
    if any(isinstance(t, Unknown) for t in (x, low, high)):
        return merge_unknowns((x, low, high))
    return payload(low) <= payload(x) <= payload(high)


def member(x: Value, options: frozenset) -> bool | Unknown:
    """x 属于 options 之一 (options are exact values: str, or base-unit Fractions)."""
    return x if isinstance(x, Unknown) else payload(x) in options


def contains(collection: Value, item: str) -> bool | Unknown:
    """A set-valued fact holds `item`."""
    return collection if isinstance(collection, Unknown) else item in collection


def arith(op: str, x: Value, y: Value) -> Q | Unknown:
    """x op y on exact quantities (+ − need one dimension; × ÷ combine them). Division by zero is
    待定 (a reason, not a crash and not a number)."""
    if isinstance(x, Unknown) or isinstance(y, Unknown):
        return merge_unknowns((x, y))
    if op == "+":
        return x + y
    if op == "-":
        return x - y
    if op == "×":
        return x * y
    if y.value == 0:
        return DIVISION_BY_ZERO
    return x / y


def negate(x: Value) -> Q | Unknown:
    return x if isinstance(x, Unknown) else -x


def excess(x: Value, threshold: Value) -> Q | Unknown:
    """A 超出 B 的部分: the part of the span 0…A above B — never negative, never more than A.

    (With LPR below 1.5 %, LPR − 150BP < 0, yet the subsidy cannot exceed the whole rate.)
    """
    if isinstance(x, Unknown) or isinstance(threshold, Unknown):
        return merge_unknowns((x, threshold))
    return Q(max(x.value - max(threshold.value, Fraction(0)), Fraction(0)), x.dim)


def extreme(func: str, values: list[Value]) -> Q | Unknown:
    """较小值 / 较大值 of quantities of one dimension."""
    if any(isinstance(v, Unknown) for v in values):
        return merge_unknowns(values)
    return (min if func == "较小值" else max)(values, key=lambda q: q.value)


def lookup_miss(key: Value) -> Unknown:
    """按 key … with no row for `key` and no 其他 row: 待定, naming the value that was not found."""
    return Unknown(placeholders=frozenset({Key(KeyKind.LOOKUP_MISS, str(key))}))


@dataclass(frozen=True)
class Contradiction:
    """A payout whose own bounds cannot all hold (最低 above 最高不超过, both known): 冲突."""

    text: str


def payout(raw: Value, caps: Iterable[tuple[Any, Value]], floors: Iterable[Value], low: Fraction | None = None):
    """The amount of a benefit: the raw payout, capped (最高不超过: the smallest cap that is below
    it wins and is reported), raised to floors (最低), then rounded to 分 四舍五入 — the one rounding
    of the payout. Returns (amount, the cap's tag that applied or None). A known floor above a known
    cap is a Contradiction (the decision is 冲突), never an amount above the cap.

    low: a lower bound of an unknown raw payout (base units; runtime.bounds). A known cap not above it
    decides the amount: every value the payout could take is capped to that cap (读法 in bounds.py)."""
    v, cap_applied = raw, None
    known_caps = []
    for tag, c in caps:
        if not isinstance(c, Unknown):
            known_caps.append(c)
        if isinstance(c, Unknown):
            low = None  # an unknown cap could be below any bound: it decides nothing
        if isinstance(v, Unknown) and low is not None and not isinstance(c, Unknown) and c.value <= low:
            v, cap_applied = c, tag  # 20 × 20 万元 ≤ the loan, whatever is missing: capped at 300 万元
        elif isinstance(v, Unknown) or isinstance(c, Unknown):
            v = merge_unknowns((v, c))
        elif c.value < v.value:
            v, cap_applied = c, tag
    for c in floors:
        below = next((k for k in known_caps if not isinstance(c, Unknown) and k.value < c.value), None)
        if below is not None:  # no amount satisfies both: never a capped-looking amount above the cap
            return Contradiction(f"下限 {format_q(c)} 高于上限 {format_q(below)}，金额无法同时满足"), None
        if isinstance(v, Unknown) or isinstance(c, Unknown):
            v = merge_unknowns((v, c))
        elif c.value > v.value:
            v = c
    if isinstance(v, Q):
        v = round_money(v)
    return v, cap_applied


def cap_by_quota(amount: Value, remaining: Q | None) -> Q | None:
    """The amount after an amount limit's remaining quota (None when the quota does not bind)."""
    if remaining is None or not isinstance(amount, Q) or amount.dim != remaining.dim:
        return None
    return round_money(remaining) if remaining.value < amount.value else None
