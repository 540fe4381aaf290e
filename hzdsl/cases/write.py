"""Write a case file (YAML) that `hzdsl run` / `hzdsl test` read back to exactly the same values.

Used for the distinguishing examples of a review comment: a reviewer pastes the block into a file
and gets the printed answer. Values are written in the case language (是/否, 6 个月, 3.45%, lists
for sets), quantities in a unit in which they are exact (5/12 年 is written 5 个月).
"""
from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

import yaml

from ..units import Q, Unit, format_q, parse_unit, terminates

# Units tried, in order, when a value is not a terminating decimal in the declared unit.
_FALLBACK_UNITS = ("个月", "天", "年", "元", "万元", "%", "BP", "平方米", "人", "次")



def quantity_text(q: Q, unit: Unit | None) -> str:
    """A quantity as a case file writes it, exactly."""
    if unit is not None and not unit.text and not unit.dim and not q.dim:
        return format_q(q, unit)  # a plain 数 is written as a number (0.5), not in % (50%)
    candidates = [unit] if unit is not None and unit.text else []
    for text in _FALLBACK_UNITS:
        try:
            candidates.append(parse_unit(text))
        except Exception:  # a unit this build does not know
            continue
    for u in candidates:
        if u.dim == q.dim and terminates(q.in_unit(u)):
            return format_q(q, u)
    return format_q(q, unit)


def case_value(v: Any, unit: Unit | None = None) -> Any:
    """A runtime value as the case language writes it (a str, or a list for a set)."""
    if v is True:
        return "是"
    if v is False:
        return "否"
    if isinstance(v, frozenset):
        return sorted(v)
    if isinstance(v, Q):
        return quantity_text(v, unit)
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def history_entries(history, benefit_names: dict[str, str]) -> Any:
    """The 历史 section: 无 for no past claims, else one mapping per claim."""
    if not history:
        return "无"
    out = []
    for h in history:
        entry: dict[str, Any] = {"待遇": benefit_names.get(h.benefit, h.benefit), "日期": h.date.isoformat()}
        if h.claimant != "个人":
            entry["申领人"] = h.claimant
        for k, v in h.fields.items():
            entry[k] = case_value(v)
        if h.amount is not None:
            entry["金额"] = quantity_text(h.amount, parse_unit("元"))
        out.append(entry)
    return out


def case_yaml(name: str, date: dt.date, facts: dict[str, Any], params: dict[str, Any], history: Any,
              expected: dict[str, dict[str, str]], note: str = "") -> str:
    """A complete case document. facts / params: name → value already in case language (case_value)."""
    doc: dict[str, Any] = {"名称": name}
    if note:
        doc["说明"] = note
    doc["评估日期"] = date.isoformat()
    doc["事实"] = facts or {}
    if params:
        doc["参数"] = params
    doc["历史"] = history
    if expected:
        doc["预期"] = expected
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000)
