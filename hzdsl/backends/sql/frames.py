"""Typed in-memory tables (Apache Arrow) for the compiled query: from validated cases, and schemas.

The column layout is columns.Layout's. Values are already typed (Q in base units, bool, str,
frozenset, date); quantities become DECIMAL(18, 8). A value that needs more than 8 decimals in base
units cannot be held exactly: `ValueError` (the CSV/Parquet reader reports it as E912 instead).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Any, Iterable

import pyarrow as pa

from ...check.program import Program
from ...runtime.evaluate import HistoryEntry
from ...runtime.units import Q, to_decimal
from .columns import SCALE, Layout

DECIMAL = pa.decimal128(18, SCALE)


def arrow_type(kind: str) -> pa.DataType:
    return {"bool": pa.bool_(), "num": DECIMAL, "enum": pa.string(), "text": pa.string(),
            "date": pa.date32()}[kind]


def exact_decimal(v: Fraction) -> Decimal:
    d = to_decimal(v, SCALE)
    if Fraction(d) != v:
        raise ValueError(f"{v} 超过 {SCALE} 位小数")
    return d


def to_cell(value: Any) -> Any:
    if isinstance(value, Q):
        return exact_decimal(value.value)
    return value


def pop_schema(program: Program, lay: Layout) -> pa.Schema:
    fields = [pa.field("id", pa.string()), pa.field("d", pa.date32()), pa.field("h", pa.bool_())]
    for key, info in program.facts.items():
        if key in lay.set_cols:
            fields += [pa.field(c, pa.bool_()) for c in lay.set_cols[key].values()]
        else:
            fields.append(pa.field(lay.fact_col[key], arrow_type(info.type.kind)))
    for key, info in program.params.items():
        fields.append(pa.field(lay.param_col[key], arrow_type(info.type.kind)))
    return pa.schema(fields)


def history_fields(program: Program) -> list[str]:
    """Facts a 限制 reads from past claims (the claims table carries a column for each)."""
    keys: list[str] = []
    for lim in program.limits:
        for k in [*lim.keys, *([lim.field] if lim.field is not None else [])]:
            if k.key in program.facts and k.key not in keys:
                keys.append(k.key)
    return keys


def claims_schema(program: Program, lay: Layout) -> pa.Schema:
    fields = [pa.field("id", pa.string()), pa.field("b", pa.string()), pa.field("d", pa.date32()),
              pa.field("c", pa.string()), pa.field("amt", DECIMAL)]
    for key in history_fields(program):
        fields.append(pa.field(lay.fact_col[key], arrow_type(program.facts[key].type.kind)))
    return pa.schema(fields)


def cases_to_tables(program: Program, lay: Layout,
                    rows: Iterable[tuple[str, dt.date, dict, dict, list[HistoryEntry] | None]]) -> tuple[pa.Table, pa.Table]:
    """(id, 评估日期, facts, params, history or None) per applicant → (pop, claims) Arrow tables."""
    ps, cs = pop_schema(program, lay), claims_schema(program, lay)
    pop: dict[str, list] = {f.name: [] for f in ps}
    claims: dict[str, list] = {f.name: [] for f in cs}
    hist_cols = history_fields(program)
    for ident, date, facts, params, history in rows:
        pop["id"].append(ident)
        pop["d"].append(date)
        pop["h"].append(history is not None)
        for key in program.facts:
            v = facts.get(key)
            if key in lay.set_cols:
                for member, c in lay.set_cols[key].items():
                    pop[c].append(None if v is None else member in v)
            else:
                pop[lay.fact_col[key]].append(to_cell(v))
        for key in program.params:
            pop[lay.param_col[key]].append(to_cell(params.get(key)))
        for h in history or []:
            claims["id"].append(ident)
            claims["b"].append(h.benefit)
            claims["d"].append(h.date)
            claims["c"].append(h.claimant)
            claims["amt"].append(None if h.amount is None else exact_decimal(h.amount.value))
            for key in hist_cols:
                claims[lay.fact_col[key]].append(to_cell(h.fields.get(key)))
    return pa.table(pop, schema=ps), pa.table(claims, schema=cs)
