"""Columns, SQL types and the missing-fact tokens of the compiled query.

Layout of the applicant table (`pop`), one row per applicant:
  id            applicant id (text)
  d             评估日期 (DATE)
  h             whether the claim history is known (BOOLEAN; false → 历史申领记录 is missing)
  f<i>          one column per declared fact, in base units (年 → 月, 万元 → 元, % → fraction);
                a set fact (集合) becomes one BOOLEAN column f<i>_<j> per declared member
  p<i>          one column per parameter (supplied per applicant or broadcast from --params)
A NULL cell is an unknown fact — never 0, never false.

The claims table (`claims`): id, b (benefit key), d (DATE), c (申领人), amt (金额 in 元, nullable), and
f<i> for each fact a 限制 reads from past claims (职业, 证书等级, 贷款期限 …).

Precision (stated once): every quantity is DECIMAL(18, 8) in base units — ten integer digits (up to
9 999 999 999 元) and eight decimals. Sums and products are computed exactly by both engines
(DECIMAL(18,8) × DECIMAL(19,8) has 16 decimals on DuckDB and Spark) and rounded back to 8 decimals
half up; the scalar engine's exact fractions agree whenever every intermediate value has at most 8
decimals, which holds for the draft's literals (BP = 4 decimals, 50% …) and inputs given to 分 / BP —
and ingest refuses an input with more decimals than the products it enters carry (precision.py, E912).
Money is rounded to 分 (ROUND(x, 2), half up — 四舍五入) at the payout, as in the scalar engine.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlglot import exp

from ...check.program import Program
from ...codes import message
from ...errors import Span
from ...runtime.values import Key, KeyKind

SCALE = 8
NUM = exp.DataType.build(f"DECIMAL(18, {SCALE})")
NUM_WIDE = exp.DataType.build(f"DECIMAL(19, {SCALE})")
WORD_BITS = 62  # bits used per BIGINT mask word (sign bit and one spare left alone)


class CompileError(Exception):
    """A construct the SQL back-end cannot compile; names the rule (benefit, term, limit) and its span."""

    def __init__(self, code: str, message: str, span: Span, hint: str = "", form: str = "", fields=None):
        super().__init__(message)
        self.code, self.message, self.span, self.hint = code, message, span, hint
        self.form, self.fields = form, dict(fields or {})

    @classmethod
    def of(cls, code: str, span: Span, hint: str = "", /, form: str = "", **fields) -> "CompileError":
        """The error in the registry wording of `code` (hzdsl.codes: its template or `form`, filled with `fields`)."""
        return cls(code, message(code, form, **fields), span, hint, form, fields)


def col(name: str, table: str | None = None) -> exp.Column:
    return exp.column(name, table=table, quoted=False)


def num_lit(value) -> exp.Expression:
    """An exact decimal literal (from a Fraction with a terminating expansion) as DECIMAL(18,8)."""
    from fractions import Fraction
    from ...runtime.units import to_decimal

    text = format(to_decimal(Fraction(value), SCALE), "f")
    return exp.cast(exp.Literal.number(text), NUM)


def true() -> exp.Expression:
    return exp.Boolean(this=True)


def false() -> exp.Expression:
    return exp.Boolean(this=False)


@dataclass
class Layout:
    """Column aliases for the facts and parameters of one program (ASCII names: any engine takes them)."""

    program: Program
    fact_col: dict[str, str] = field(default_factory=dict)
    set_cols: dict[str, dict[str, str]] = field(default_factory=dict)  # set fact → member → column
    param_col: dict[str, str] = field(default_factory=dict)

    @staticmethod
    def of(program: Program) -> "Layout":
        lay = Layout(program)
        for i, (key, info) in enumerate(program.facts.items()):
            if info.type.kind == "set":
                lay.set_cols[key] = {m: f"f{i}_{j}" for j, m in enumerate(sorted(info.type.choices))}
            else:
                lay.fact_col[key] = f"f{i}"
        for i, key in enumerate(program.params):
            lay.param_col[key] = f"p{i}"
        return lay

    def fact_columns(self, key: str) -> list[str]:
        return list(self.set_cols[key].values()) if key in self.set_cols else [self.fact_col[key]]

    def any_fact_column(self, key: str) -> str:
        """A column that is NULL exactly when the fact is unknown."""
        return self.fact_columns(key)[0]


# What an Unknown lists under `missing` (the rest are `placeholders`), as in the scalar evaluator.
MISSING_KINDS = frozenset({KeyKind.FACT, KeyKind.PARAM, KeyKind.HISTORY, KeyKind.HISTORY_FIELD})


class Tokens:
    """What an unknown may be missing, numbered for bitmasks: one `runtime.values.Key` per bit.

    A value's missing set travels as BIGINT words (bit i of word i // 62), OR-ed like Unknown.__or__.
    """

    def __init__(self):
        self.index: dict[Key, int] = {}

    def bit(self, key: Key) -> int:
        if key not in self.index:
            self.index[key] = len(self.index)
        return self.index[key]

    @property
    def words(self) -> int:
        return max(1, -(-len(self.index) // WORD_BITS))

    def decode(self, words: tuple[int, ...]) -> tuple[frozenset[Key], frozenset[Key]]:
        """Mask words → (missing, placeholders) Keys, as in runtime.values.Unknown."""
        missing, placeholders = set(), set()
        for key, i in self.index.items():
            w, b = divmod(i, WORD_BITS)
            if w < len(words) and words[w] is not None and (int(words[w]) >> b) & 1:
                (missing if key.kind in MISSING_KINDS else placeholders).add(key)
        return frozenset(missing), frozenset(placeholders)
