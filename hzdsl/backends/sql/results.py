"""Reading the wide result table back: per applicant and benefit, 结论, 金额 and what is missing."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import pyarrow as pa

from ...runtime.values import Key
from .query import STATUS, CompiledQuery


@dataclass(frozen=True)
class Screened:
    """One benefit for one applicant: the SQL back-end's counterpart of runtime.evaluate.Decision."""

    status: str  # 符合 | 不符合 | 待定 | 冲突
    amount: Fraction | None  # base units (元, 月, a fraction for rates); None: none or unknown
    amount_unknown: bool
    missing: frozenset[Key] | None = None  # facts (and 参数, 历史) that would decide a 待定 (--missing)
    placeholders: frozenset[Key] | None = None  # placeholders of the draft that leave it open
    # what an unknown amount waits for (--missing; Decision.amount_unknown's missing / placeholders)
    amount_missing: frozenset[Key] | None = None
    amount_placeholders: frozenset[Key] | None = None
    at_most: bool = False  # the amount is the most an open amount limit leaves (Decision.at_most, shown 至多)


def decode(q: CompiledQuery, table: pa.Table) -> dict[str, list[Screened]]:
    """id → one Screened per compiled benefit (in q.benefits order)."""
    cols = {name: table.column(name).to_pylist() for name in table.column_names}
    out: dict[str, list[Screened]] = {}
    cache: dict[tuple, tuple] = {}

    def words_of(masks: list[str], r: int) -> tuple[frozenset[str], frozenset[str]]:
        key = tuple((int(m.rsplit("_", 1)[1]), 0 if cols[m][r] is None else int(cols[m][r])) for m in masks)
        if key not in cache:
            full = [0] * q.tokens.words
            for w, v in key:
                full[w] = v
            cache[key] = q.tokens.decode(tuple(full))
        return cache[key]

    for r, ident in enumerate(cols["id"]):
        row = []
        for b in q.benefits:
            status = STATUS[int(cols[b.status][r])]
            a = cols[b.amount][r]
            amount = Fraction(a) if isinstance(a, Decimal) else None
            unknown = bool(cols[b.unknown][r])
            missing = placeholders = amount_missing = amount_placeholders = None
            if q.track_missing and status == "待定":
                missing, placeholders = words_of(b.masks, r)
            if q.track_missing and unknown:
                amount_missing, amount_placeholders = words_of(b.amount_masks, r)
            at_most = bool(cols[b.at_most][r]) if b.at_most else False
            row.append(Screened(status, amount, unknown, missing, placeholders, amount_missing, amount_placeholders,
                                at_most))
        out[ident] = row
    return out
