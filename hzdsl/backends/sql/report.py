"""From the wide result to what analysts read: the long per-applicant table and the per-benefit summary.

Both are sqlglot queries over the result relation `res` (query.py's columns), so they run on the
engine that computed it, without pulling a million rows into Python.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from sqlglot import exp

from .builders import alias_, and_, cast, select

from ...runtime.units import to_decimal
from ...render_words import key_word
from .columns import MISSING_KINDS, NUM, WORD_BITS, col
from .expressions import case
from .query import MONEY_DIM, STATUS, BenefitColumns, CompiledQuery
from .results import amount_of, at_most_of, result_columns, status_of, unknown_of


def display(b: BenefitColumns) -> tuple[str, Fraction]:
    """(unit text, scale): amounts are shown in the drafter's unit; rates in %, money in 元 — unless the
    drafter's unit has no exact decimal factor (年 = 12 个月: × 0.08333333 printed 3 年 as 2.99999988 年),
    then in the base unit (36 个月): SQL shows amounts by multiplying, never by an inexact factor."""
    unit, scale = _display(b)
    if Fraction(to_decimal(1 / scale, 8)) != 1 / scale:
        from ...runtime.units import dim_text
        return {(("月", 1),): "个月"}.get(b.dim, dim_text(b.dim) if b.dim else ""), Fraction(1)
    return unit, scale


def _display(b: BenefitColumns) -> tuple[str, Fraction]:
    if b.unit is not None and b.unit.text and b.unit.dim == b.dim:
        return b.unit.text, b.unit.scale
    if b.dim == ():
        return "%", Fraction(1, 100)
    if b.dim == (("元", 1),):
        return "元", Fraction(1)
    if b.dim == (("月", 1),):
        return "个月", Fraction(1)
    from ...runtime.units import dim_text
    return (dim_text(b.dim) if b.dim else ""), Fraction(1)


def _shown(b: BenefitColumns, e: exp.Expression) -> exp.Expression:
    unit, scale = display(b)
    if scale == 1:
        return exp.Cast(this=e, to=exp.DataType.build("DECIMAL(18, 2)")) if unit == "元" else e
    return exp.Cast(this=exp.Mul(this=exp.Cast(this=e, to=NUM.copy()),
                                 expression=exp.Cast(this=exp.Literal.number(format(to_decimal(1 / scale, 8), "f")),
                                                     to=exp.DataType.build("DECIMAL(19, 8)"))), to=NUM.copy())


def amount_text(b: BenefitColumns, e: exp.Expression) -> exp.Expression:
    """`_shown` as plain text for a CSV/TSV cell: 元 to 分 (3000.00, 0.00), any other unit exactly without
    trailing zeros (4.15 for 4.15 %, 36 for 36 个月, 0 for zero). The long table's 金额 column unites
    every benefit's amounts in one DECIMAL(18, 8), which Arrow's CSV writer prints as 3000.00000000 and a
    zero as 0E-8 (scientific below 10^-6); DuckDB's own text of a decimal is positional (never 0E-8)."""
    shown = _shown(b, e)
    unit, _ = display(b)
    if unit == "元":
        return cast(shown, "VARCHAR")
    text = cast(exp.Cast(this=shown, to=NUM.copy()), "VARCHAR")  # always with a point and 8 decimals
    return exp.Anonymous(this="rtrim", expressions=[
        exp.Anonymous(this="rtrim", expressions=[text, exp.Literal.string("0")]), exp.Literal.string(".")])


def status_text(e: exp.Expression) -> exp.Expression:
    return case([(exp.EQ(this=e, expression=exp.Literal.number(k)), exp.Literal.string(v)) for k, v in STATUS.items()], None)


def view_words(b: BenefitColumns) -> dict[int, exp.Expression]:
    """Mask words of what is still open about one decision, as `hzdsl run` lists it (caseview.missing_of):
    for a 待定 what decides its status, and — unless the outcome is a right — what an unknown amount
    waits for, also when the decision is 符合 or 冲突 with the amount 待定. Word index → BIGINT."""
    def gated(masks: list[str], when: exp.Expression) -> dict[int, exp.Expression]:
        return {int(m.rsplit("_", 1)[1]): case([(when.copy(), col(m))], exp.Literal.number(0)) for m in masks}

    pending = exp.EQ(this=status_of(b), expression=exp.Literal.number(2))
    amount_open = and_(exp.NEQ(this=status_of(b), expression=exp.Literal.number(0)), unknown_of(b))
    out = gated(b.masks, pending)
    if not b.entitlement:
        for w, e in gated(b.amount_masks, amount_open).items():
            out[w] = exp.BitwiseOr(this=out[w], expression=e) if w in out else e
    return out


def missing_text(q: CompiledQuery, b: BenefitColumns, words: dict[int, str]) -> exp.Expression:
    """The view words (columns `words[w]`) as text: 「毕业时长、参数「最低月工资标准」、〔按规定〕」 — only
    the tokens that can occur in those words are tested; NULL when nothing is open."""
    parts = []
    names = {i: key for key, i in q.tokens.index.items()}
    for i in sorted(names):
        w = i // WORD_BITS
        if w not in words:
            continue
        key = names[i]
        label = key_word(key) if key.kind in MISSING_KINDS else f"〔{key_word(key)}〕"
        hit = exp.NEQ(this=exp.BitwiseAnd(this=col(words[w]), expression=exp.Literal.number(1 << (i % WORD_BITS))),
                      expression=exp.Literal.number(0))
        parts.append(case([(hit, exp.Literal.string(label))], None))
    if not parts:
        return cast(exp.Null(), "VARCHAR")
    # DuckDB's own concat_ws skips NULLs (sqlglot's ConcatWs would make the whole NULL); '' → NULL
    return exp.Nullif(this=exp.Anonymous(this="concat_ws", expressions=[exp.Literal.string("、"), *parts]),
                      expression=exp.Literal.string(""))


def words_of(q: CompiledQuery, text: bool):
    """word(column, value) → the long table's cell of a column of repeated words: `value` a str (a literal),
    an expression (the 结论 CASE) or None (NULL); as text when `text`, else cast to the column's DuckDB ENUM
    of every word it can hold (measured, 200 000 persons × 77 benefits to Parquet, the whole
    `hzdsl screen --out`: 9.8–10.4 against 11.5–13.0 CPU seconds, the same rows; a reader gets the words
    back as strings, pyarrow as dictionaries)."""
    enums = {"待遇": [b.name for b in q.benefits], "条款": [b.clause for b in q.benefits],
             "结论": list(STATUS.values()), "单位": [display(b)[0] for b in q.benefits],
             "金额性质": [nature(b) or None for b in q.benefits]}
    types = {c: exp.DataType.build("ENUM(" + ", ".join(exp.Literal.string(w).sql("duckdb")
                                                       for w in dict.fromkeys(v for v in vs if v is not None)) + ")",
                                    dialect="duckdb")
             for c, vs in enums.items() if any(v is not None for v in vs)}

    def word(column: str, value) -> exp.Expression:  # None: NULL; "" (a benefit without a unit) is a word
        if value is None:
            return cast(exp.Null(), "VARCHAR" if text or column not in types else types[column].copy())
        e = exp.Literal.string(value) if isinstance(value, str) else value
        return e if text or column not in types else cast(e, types[column].copy())
    return word


def long_table(q: CompiledQuery, source: str = "res", text: bool = False) -> exp.Expression:
    """编号, 待遇, 条款, 结论, 金额, 单位, 金额性质, 金额待定, 金额至多[, 待定事实] — one row per applicant and benefit.

    text: 金额 as text (`amount_text`: CSV and TSV); else DECIMAL(18, 8) in the display unit (Parquet keeps
    the exact number and its type).

    金额性质 says what 金额 is (`nature`): 支付, 最高额 (最高 50 万元: a ceiling), 贷款额, or empty (a rate …);
    金额至多 (true on a 待定 row) that 金额 is only the most an open amount limit leaves: at most, not the amount."""
    # Parquet: the columns whose words repeat (待遇, 条款, 结论, 单位, 金额性质) as DuckDB ENUMs, which reach
    # Arrow and the Parquet file as dictionaries (indices, each word stored once) rather than a string per
    # row; CSV and TSV write the words as text (measured in `word`'s comment)
    word = words_of(q, text)
    selects = []
    for b in q.benefits:
        unit, _ = display(b)
        cols = [alias_(col("id"), "编号", quoted=True),
                alias_(word("待遇", b.name), "待遇", quoted=True),
                alias_(word("条款", b.clause), "条款", quoted=True),
                alias_(word("结论", status_text(status_of(b))), "结论", quoted=True),
                alias_((amount_text if text else _shown)(b, amount_of(b)), "金额", quoted=True),
                alias_(word("单位", unit), "单位", quoted=True),
                alias_(word("金额性质", nature(b) or None), "金额性质", quoted=True),
                alias_(unknown_of(b), "金额待定", quoted=True),
                # 至多: the amount is only the most an open amount limit leaves (run's 「至多 1000 元」)
                alias_(at_most_of(b), "金额至多", quoted=True)]
        relation: exp.Expression | str = source
        if q.track_missing:
            # the words once per row in a subquery, then one bit test per token over them
            words = view_words(b)
            names = {w: f"v_{w}" for w in words}
            cols.append(alias_(missing_text(q, b, names), "待定事实", quoted=True))
            relation = select(col("id"), *[col(c) for c in result_columns(b)],
                              *[alias_(e, names[w]) for w, e in words.items()]).from_(source, copy=False).subquery("r", copy=False)
        selects.append(select(*cols).from_(relation, copy=False))
    out = selects[0]
    for s in selects[1:]:  # copy=False: copying the growing union at every step was quadratic (55 s for 77 benefits)
        out = exp.union(out, s, distinct=False, copy=False)
    return out


def summary_query(q: CompiledQuery, source: str = "res") -> exp.Select:
    """Per benefit and status: applicants, and of their amounts (base units) the sum, count, min and max.

    One narrow UNION ALL (benefit number, status, amount) grouped once: DuckDB runs this several times
    faster than 600 CASE aggregates over the wide table (measured: 0.16 s against 1.2 s at 100 000 × 77).
    Rows: (b, s, n, total, known, lo, hi, open) — open: how many of the rows have their amount 待定 (金额待定: no
    amount, so outside total, known, lo and hi); read_summary turns them into the per-benefit figures.
    """
    # l: the least the amount can be — an amount that is only at most (金额至多) may be as low as 0
    one, zero = exp.Literal.number(1), exp.Literal.number(0)
    parts = [select(alias_(exp.Literal.number(i), "b"), alias_(status_of(b), "s"), alias_(amount_of(b), "a"),
                    alias_(case([(at_most_of(b), cast(exp.Literal.number(0), NUM))], amount_of(b))
                           if b.at_most else amount_of(b), "l"),
                    alias_(case([(unknown_of(b), one.copy())], zero.copy()) if b.unknown else zero.copy(), "u"))
             .from_(source, copy=False) for i, b in enumerate(q.benefits)]
    narrow = parts[0]
    for p in parts[1:]:
        narrow = exp.union(narrow, p, distinct=False, copy=False)
    a = col("a")
    return select(col("b"), col("s"), alias_(exp.Count(this=exp.Star()), "n"), alias_(exp.Sum(this=a), "total"),
                  alias_(exp.Count(this=a.copy()), "known"), alias_(exp.Min(this=col("l")), "lo"),
                  alias_(exp.Max(this=a.copy()), "hi"), alias_(exp.Sum(this=col("u")), "open")
                  ).from_(narrow.subquery("narrow"), copy=False).group_by(
        col("b"), col("s"), copy=False)


@dataclass
class BenefitSummary:
    name: str
    clause: str
    unit: str
    eligible: int
    ineligible: int
    pending: int
    conflict: int
    total: Decimal | None  # sum of the known amounts of 符合 (in `unit`) — money paid only (None for ceilings, rates …)
    mean: Decimal | None  # mean of the known amounts of 符合 (in `unit`; for a rate: the mean rate) — 已知金额均值
    pending_low: Decimal | None  # range of the known amounts of 待定
    pending_high: Decimal | None
    nature: str | None = None  # 支付 | 最高额 | 贷款额 | None (not money): see `nature`
    apart: Decimal | None = None  # the sum of a 最高额 / 贷款额 (in `unit`), reported apart from 金额合计
    # 金额待定 (breaker s20: 符合 104 with a 合计 over 99 and nothing said of the 5): of the 符合 rows, how many have
    # their amount open (outside 金额合计 and the mean); of the 待定 rows, how many (outside 待定金额范围)
    eligible_open: int = 0
    pending_open: int = 0

    def to_json(self) -> dict:
        def num(v):
            return None if v is None else format(v.normalize(), "f") if isinstance(v, Decimal) else v
        return {"待遇": self.name, "条款": self.clause, "单位": self.unit, "符合": self.eligible,
                "符合金额待定": self.eligible_open, "不符合": self.ineligible, "待定": self.pending,
                "待定金额待定": self.pending_open, "冲突": self.conflict, "金额性质": self.nature, "金额合计": num(self.total),
                "另计合计": num(self.apart), "已知金额均值": num(self.mean),
                "待定金额下限": num(self.pending_low), "待定金额上限": num(self.pending_high)}


def is_money(b: BenefitColumns) -> bool:
    """Amounts in 元 (paid or not); rates (贴息 in %), months or counts are not money."""
    return b.dim == MONEY_DIM


# 读法: what an amount in 元 stands for. 「可申请最高 50 万元个人创业担保贷款」 is the most a bank may
# lend — not money the budget pays — and any 「则 最高 X」 is a ceiling, not the sum granted: such
# amounts are summed apart (另计合计), never into 金额合计 (the money paid) nor a reform's cost.
PAID, CEILING, LOAN = "支付", "最高额", "贷款额"


def nature(b: BenefitColumns) -> str | None:
    """支付 (money paid), 最高额 (an up-to amount), 贷款额 (a loan's amount), None (not money)."""
    if not is_money(b):
        return None
    if b.up_to:
        return CEILING
    return LOAN if b.kind == "贷款" else PAID


def is_paid(b: BenefitColumns) -> bool:
    """The amounts add up to money paid (金额合计, a reform's cost)."""
    return nature(b) == PAID


def places(money: bool, scale: Fraction) -> int:
    """Decimals a summary figure is shown with in a display unit of `scale`: money to the 分 (2 in 元, 6 in
    万元 — with 2, a mean of 3348.74 元 read 0.33 万元, 48.74 元 off, breaker s22), anything else 2."""
    if money and scale.denominator == 1 and scale > 1:
        tens = len(str(scale.numerator)) - 1
        if 10 ** tens == scale.numerator:
            return 2 + tens
    return 2


def read_summary(q: CompiledQuery, rows: list[tuple]) -> tuple[int, list[BenefitSummary]]:
    """summary_query's rows → (applicants, per benefit figures). 金额合计 only for money paid: summing the
    贴息 rates of a thousand applicants gives a meaningless "3450 %", so rates get their mean and no
    total; a ceiling (最高 50 万元) or a loan is no payment, so its sum is 另计合计, apart.
    Amounts are shown in the drafter's unit (display), exactly, rounded at the end (places: money to the 分)."""
    by = {(int(b), int(s)): r for b, s, *r in rows}
    applicants = sum(r[0] for (b, _s), r in by.items() if b == 0)
    out = []
    for i, b in enumerate(q.benefits):
        _unit, scale = display(b)
        digits = places(b.dim == MONEY_DIM, scale)

        def shown(v):
            return None if v is None else to_decimal(Fraction(v) / scale, digits)

        count = {code: int(by[i, code][0]) if (i, code) in by else 0 for code in STATUS}
        ok = by.get((i, 1))
        total = shown(ok[1]) if ok else None
        known = int(ok[2]) if ok else 0
        # the mean of the exact total (not of the total already rounded for display)
        mean = None if total is None or not known else to_decimal(Fraction(ok[1]) / scale / known, digits)
        kind = nature(b)
        apart = total if kind in (CEILING, LOAN) else None
        if kind != PAID:
            total = None
        pending = by.get((i, 2))
        out.append(BenefitSummary(b.name, b.clause, display(b)[0], count[1], count[0], count[2], count[3], total, mean,
                                  shown(pending[3]) if pending else None, shown(pending[4]) if pending else None,
                                  kind, apart, int(ok[5] or 0) if ok else 0, int(pending[5] or 0) if pending else 0))
    return applicants, out
