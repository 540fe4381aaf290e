"""A dated parameter: the values a parameter file publishes, each from a start date (the LPR of each month).

One rule picks the value in force on a day, for `hzdsl run` (one case, one 评估日期: cases/load.py)
and for `hzdsl screen` (one row per applicant, each with its own 评估日期: backends/sql/ingest.py
turns `periods()` into a CASE over the row's date) — so the two never pick differently.

The rule (params/杭州市参数.yaml): the entry with the latest 起始 not after the day; if that entry has a
截止 (its last day in force) before the day, no value is in force (never an older value, never a stale one).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DatedEntry:
    start: dt.date
    end: dt.date | None  # the last day in force (截止), None: until the next entry starts
    value: Any


@dataclass(frozen=True)
class Dated:
    """Entries sorted by start, at most one per start (cases/load.py refuses two values of one day, E717)."""

    entries: tuple[DatedEntry, ...]

    def latest(self, day: dt.date) -> DatedEntry | None:
        """The entry with the latest start not after `day` (None: every entry starts later)."""
        best = None
        for e in self.entries:
            if e.start <= day:
                best = e
        return best

    def at(self, day: dt.date) -> Any | None:
        """The value in force on `day`, or None when none is (then the caller reports E711)."""
        e = self.latest(day)
        if e is None or (e.end is not None and day > e.end):
            return None
        return e.value

    def periods(self) -> list[tuple[dt.date, dt.date | None, Any]]:
        """Disjoint (first day, last day or None = open, value): exactly the days on which `at` gives value."""
        out = []
        for i, e in enumerate(self.entries):
            last = e.end
            if i + 1 < len(self.entries):
                before_next = self.entries[i + 1].start - dt.timedelta(days=1)
                last = before_next if last is None else min(last, before_next)
            if last is None or last >= e.start:
                out.append((e.start, last, e.value))
        return out
