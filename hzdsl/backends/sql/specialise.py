"""The compiled query specialised to the columns its input fixes for every applicant.

A population's view (`pop`, ingest.load_population) gives some columns one value on every row: the
评估日期 of a file without that column (--date), 历史已知 of a file without that column (whether a history
was given), a declared fact the file does not have (unknown: NULL), a parameter given once by --params.
The query reads each of them as a column, so DuckDB evaluates `NOT h`, `COALESCE(f134, …)`,
`CAST(p2 AS …) + …` once per row and cannot drop the CASE branches they decide: its optimiser folds
constants within an expression, never across the projections of the query's stages.

`specialise` writes each such value into the query as the literal it is; DuckDB's own constant folding
then does the rest (TryEvaluateScalar: an expression that would fail is left to run per row, as before).
Nothing else changes — the same expressions over the same values — so the result is row for row the
query's own (tests/test_screen_specialise.py compares both on populations with and without those columns).
Measured on the shared rules of benchmarks/screen.py (1 M persons, 历史汇总 form, one thread, idle machine):
no difference beyond noise (119–131 against 120–126 ms of query CPU; an earlier −12 % was measured under
load and did not hold) — that query's constants decide little. What it removes per row is a constant
expression such as a --params value in force by date (the LPR's 13-branch CASE), folded once instead.

Only the stages after `base` are rewritten: `base` (and the claims aggregation inside it) reads the
claims table, whose columns d (申领日期), f<i> (a fact of a past claim) share names with `pop`'s.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from sqlglot import exp

from .query import CompiledQuery

NEVER = frozenset({"id"})  # the applicant's own id: the result's key, never folded away


def constant_columns(view: exp.Select) -> dict[str, exp.Expression]:
    """The columns of the projection `view` (SELECT … AS name, …) whose expression reads no column: the same
    value on every row (a literal, a cast of one, a CASE over literals). name → expression."""
    out: dict[str, exp.Expression] = {}
    for item in view.expressions:
        name = item.alias_or_name
        value = item.this if isinstance(item, exp.Alias) else item
        if name in NEVER or isinstance(value, exp.Star) or next(value.find_all(exp.Column), None) is not None:
            continue
        out[name] = value.copy()
    return out


def specialise(q: CompiledQuery, constants: Mapping[str, exp.Expression]) -> CompiledQuery:
    """`q` with every reference to a column of `constants` (name → its value on every row) in the stages
    after `base` replaced by that value. Returns a new CompiledQuery (`q` is unchanged); the result columns,
    benefits and layout are `q`'s.

    Raises ValueError when a stage defines a column of the same name (the reference would then be the
    stage's own column, not the population's): a compiler change that needs this module changed too."""
    wanted = {k: v for k, v in constants.items() if k not in NEVER}
    if not wanted:
        return q
    select = q.select.copy()
    scopes: list[exp.Expression] = [select]  # the final projection, then each stage but base
    for cte in select.ctes:
        if cte.alias != "base":
            scopes.append(cte.this)
    for scope in scopes:
        for item in scope.expressions:
            if isinstance(item, exp.Alias) and item.alias in wanted:
                raise ValueError(f"stage column {item.alias} shadows a population column")
    for scope in scopes:
        for item in scope.expressions:
            for c in list(item.find_all(exp.Column)):
                if not c.table and c.name in wanted:
                    c.replace(exp.Paren(this=wanted[c.name].copy()))
    return replace(q, select=select)
