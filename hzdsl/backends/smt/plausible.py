"""Witness values a reviewer can believe: the population generator's plausibility rules as soft preferences.

A witness is a hypothetical applicant, but one with 0 people, a 0-year loan, 365.25 days or 1800.0149 元
is one no caseworker has seen, and a reviewer stops trusting the example (breaker s21). So `minimal_model`
moves each value, where the goal still allows it, to the first tier it can meet:

- a count (人、次、个、家、人次): a whole number 1–5 (the generator's range, 0 excepted), else a whole number
  of at least 1;
- any other quantity (时长, 金额, 面积, a rate, a plain number such as 第几年): a whole number of its declared
  unit and at least one of it (1 年, 1 元, 1%, 第 1 年), else above 0;
- a date: from 2015-01-01 to the 评估日期 (the generator's range), else not after the 评估日期;
- a past claim: its 金额 a whole number of 元, at least 1 元; its fields as the facts above.

A tier is only a preference: kept when the goal is still satisfiable with it, so no verdict changes and no
witness is lost (a threshold of 0 days still gets its 0-day witness); every witness is still run through the
interpreter before it is shown.
"""
from __future__ import annotations

import datetime as dt

import z3

from .values import COUNT_BASES, InputVar, Universe, real

COUNT_MOST = 5
DATE_FROM = dt.date(2015, 1, 1).toordinal()
EVAL_MONTH_DAY = (6, 30)  # witness.WITNESS_MONTH_DAY: a witness is evaluated on 6 月 30 日 of its year


def evaluation_day(u: Universe):
    """The ordinal of 6 月 30 日 of the universe's evaluation year (2000–2100), as a z3 integer: 365 days a
    year plus one for each 29 February since 2000-06-30 (every 4th year; 2100 is not a leap year)."""
    y = u.year
    start = dt.date(2000, *EVAL_MONTH_DAY).toordinal()
    return start + 365 * (y - 2000) + (y / 4 - 500) - z3.If(y >= 2100, 1, 0)


def _quantity(u: Universe, unit, dim, known, value) -> list:
    one = real(unit.scale, u.ctx)
    whole = z3.And(z3.IsInt(value / one), value >= one)
    tiers = [z3.Implies(known, whole), z3.Implies(known, value > 0)]
    bases = {b for b, _ in dim}
    if dim and bases <= COUNT_BASES and len(dim) == 1 and dim[0][1] == 1:
        tiers.insert(0, z3.Implies(known, z3.And(whole, value <= COUNT_MOST * one)))
    return tiers


def _tiers(u: Universe, var: InputVar, known, value) -> list:
    if var.kind == "num":
        return _quantity(u, var.unit, var.dim, known, value)
    if var.kind == "date":
        day = evaluation_day(u)
        return [z3.Implies(known, z3.And(value >= DATE_FROM, value <= day)), z3.Implies(known, value <= day)]
    return []


def preferences(u: Universe) -> list[list]:
    """For each value of a witness that can be implausible, its tiers (most plausible first): implications
    from the value being given, so a fact left out stays left out."""
    from ...units import parse_unit

    out = []
    for var in u.inputs.values():
        tiers = _tiers(u, var, var.known, var.value)
        if tiers:
            out.append(tiers)
    by_key = {var.key: var for var in u.inputs.values()}
    yuan = parse_unit("元")
    for slot in u.slots:
        amount = _quantity(u, yuan, yuan.dim, z3.And(slot.present, slot.amount_known), slot.amount)
        out.append(amount)
        for key, (k, v) in slot.fields.items():
            if key in by_key:
                tiers = _tiers(u, by_key[key], z3.And(slot.present, k), v)
                if tiers:
                    out.append(tiers)
    return out
