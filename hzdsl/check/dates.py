"""Dates written in a policy exist, or are refused (issue 9, point 7).

`2023 年 2 月 30 日`, month 13 or 0, day 0 or 40, year 0 are E206 at their position, so that
`hzdsl check` fails and `hzdsl run` refuses with the same diagnostic instead of crashing. A draft
placeholder keeps what it knows: in `2022 年 13 月 * 日` the month is still impossible, and in
`2022 年 * 月 40 日` no month has that day.
"""
from __future__ import annotations

from ..errors import Diagnostic
from ..syntax import nodes as n
from ..syntax.walk import NodeIndex

MIN_YEAR, MAX_YEAR = 1, 9999  # what a calendar date can hold (datetime.date)


def days_in_month(year: int, month: int) -> int:
    """Days of a month of the Gregorian calendar (as calendar.monthrange, without importing calendar,
    which with datetime and locale is a tenth of hzdsl check's start-up)."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def date_problem(e: n.Date) -> str:
    """Why a written date cannot exist ("" when it can): year, month and day in turn."""
    if not MIN_YEAR <= e.year <= MAX_YEAR:
        return f"年份 {e.year} 不存在（应在 {MIN_YEAR} 至 {MAX_YEAR} 之间）"
    if e.month is not None and not 1 <= e.month <= 12:
        return f"没有 {e.month} 月"
    if e.day is not None:
        last = days_in_month(e.year, e.month) if e.month is not None else 31
        if not 1 <= e.day <= last:
            where = f"{e.year} 年 {e.month} 月只有 {last} 天" if e.month is not None else "一个月最多 31 天"
            return f"没有 {e.day} 日：{where}"
    return ""


def check_dates(modules: list[n.Module], nodes: NodeIndex | None = None) -> list[Diagnostic]:
    """E206 for every date literal of the modules that no calendar has (`nodes`: their declarations' walk)."""
    nodes = nodes or NodeIndex(d for m in modules for d in m.decls)
    out = []
    for e in nodes.every(n.Date):
        why = date_problem(e)
        if why:
            out.append(Diagnostic.of("E206", e.span,
                                  "照原文改正日期；尚未确定的月、日写作 *，如 2022 年*月*日", text=e.text, why=why))
    return out
