"""Reform impact on a population: the same applicants screened under two versions of the policies.

Per benefit (matched by name; a benefit only in one version counts as 不符合 in the other): how many
applicants gain it (不符合 → 符合), lose it (符合 → 不符合), keep it with another amount, turn 待定
(符合/不符合 → 待定 or 冲突: a fact only the new version reads is unknown — no gain, no loss), stop
being 待定, how many are 符合 with their amount 待定 in each version, and the total of the known
amounts of 符合 before and after. Each version is compiled and screened on its own (its facts may
differ; a population column declared by either version is accepted, the other ignores it); the two
per-applicant results are joined by 编号 in DuckDB.

读法: 差额 counts only the applicants whose result is known in both versions (不符合, or 符合 with a
known amount): an applicant who turns 待定 is no saving, one who stops being 待定 no cost — they are
counted apart (转为待定, 不再待定, 金额待定), so 差额 may differ from 改后合计 − 改前合计.

The population is one set of applicants, so both versions must read the same values from it. A fact
both versions declare as a quantity in different units (时长(年) → 时长(个月)) would read a bare `6` as
6 年 in one and 6 个月 in the other — a reform cost made by re-reading the data. Such columns are read
under both versions and compared (in base units); a row that differs is refused (E919), naming the
column, both units and the row's 编号. Cells that carry their unit (`6 年`, or a header `毕业时长（年）`)
read alike and pass.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from sqlglot import exp

from ...check.program import Program
from ...errors import Diagnostic, HzdslError, Span
from ...ir import ir_of
from ...kinds import TypeKind
from ...units import Q, format_q, to_decimal
from .builders import alias_, and_, cast, or_, select
from .columns import NUM, col
from .expressions import case, is_null
from .ingest import PopulationRows, load_claims, load_population, memory_guarded, summary_warnings
from .pipeline import compile_or_fail, connect, summary_input
from .report import display, is_paid, places
from .specialise import specialise
from .results import amount_of, at_most_of, status_of
from .depth import deep_enough


@dataclass
class BenefitImpact:
    name: str
    unit: str
    gain: int
    lose: int
    change: int
    to_pending: int  # 符合/不符合 → 待定/冲突
    from_pending: int  # 待定/冲突 → 符合/不符合
    open_before: int  # 符合 with the amount 待定 (not in 改前合计)
    open_after: int
    before: Decimal | None  # total of 符合 amounts in 元; None when the benefit is not money (a rate)
    after: Decimal | None
    diff: Decimal | None = None  # after − before over the applicants known in both versions (see 读法 above)
    # the range of the known amounts of 待定 in each version (as screen's 待定金额范围): what the 待定 applicants
    # would be paid each if their open facts allow it; None when no 待定 has a known amount, or not money paid
    pending_before: tuple[Decimal, Decimal] | None = None
    pending_after: tuple[Decimal, Decimal] | None = None

    def to_json(self) -> dict:
        def num(v):
            return None if v is None else format(v.normalize(), "f") if v else "0"

        def end(r, i):
            return None if r is None else num(r[i])
        return {"待遇": self.name, "单位": self.unit, "新增符合": self.gain, "不再符合": self.lose, "金额改变": self.change,
                "转为待定": self.to_pending, "不再待定": self.from_pending, "改前金额待定": self.open_before,
                "改后金额待定": self.open_after, "改前合计": num(self.before), "改后合计": num(self.after),
                "差额": num(self.diff), "改前待定金额下限": end(self.pending_before, 0),
                "改前待定金额上限": end(self.pending_before, 1), "改后待定金额下限": end(self.pending_after, 0),
                "改后待定金额上限": end(self.pending_after, 1)}


def read_apart(old: Program, new: Program) -> list[str]:
    """Keys of the facts both versions declare as quantities of one dimension in different units: a cell
    without a unit is read in each version's own unit (the only way one population reads differently)."""
    o, n = ir_of(old).facts, ir_of(new).facts
    return [k for k, f in n.items() if k in o and f.type.kind == TypeKind.NUM and o[k].type.kind == TypeKind.NUM
            and f.type.dim == o[k].type.dim and f.unit.scale != o[k].unit.scale]


# the display units of money (report.display: the drafter's unit of a benefit paid in 元)
MONEY_UNITS = frozenset({"元", "万元"})


def _narrow(program: Program, population: str, history: str | None, date: dt.date | None, params: dict,
            watch: list[str] = (), elsewhere: list[str] = (), warnings: list[Diagnostic] | None = None,
            benefits: list[str] | None = None, memory_limit: str | None = None):
    """id, 待遇名, status code, amount (base units) — one row per applicant and benefit (of `benefits`, keys;
    None: all), as Arrow; and the values (base units) of the `watch` facts as read by this version, one column
    each (v0, v1 …). `warnings` receives the input's warnings (W921: claims of nobody in the population; W924: a
    limit a 历史汇总 cannot state, read as a history not known)."""
    q = compile_or_fail(program, benefits, False)
    con = connect(memory_limit)
    rows: list[PopulationRows] = []
    summary = summary_input(program, q, history)
    refused = load_population(con, program, q.layout, population, date, params, history is not None, rows,
                              elsewhere, summary=summary)
    said: list[Diagnostic] = []
    if rows[0].summary:  # 历史汇总 columns instead of a claims file (docs/人群筛查.md)
        q = q.summary_form()
        said += summary_warnings(program, summary)  # W924, as screen says it
    q = specialise(q, rows[0].constants)  # what the file fixes for everyone, as screen does (specialise.py)
    if refused:  # E723: an impact left silently without some applicants would understate it — refused instead
        con.close()
        raise HzdslError(refused)
    read = con.sql(select(col("id"), *[alias_(col(q.layout.fact_col[k]), f"v{i}") for i, k in enumerate(watch)])
                   .from_("pop").sql("duckdb")).to_arrow_table() if watch else None
    said += load_claims(con, program, q.layout, history, rows[0])  # E920 as in screen; W921 returned
    if warnings is not None:
        warnings.extend(said)
    if not q.benefits:  # none of the screened benefits is in this version: 不符合 for all (an empty result)
        table = con.sql(select(col("id"), alias_(cast(exp.Null(), "VARCHAR"), "b"), alias_(cast(exp.Null(), "TINYINT"), "s"),
                               alias_(cast(exp.Null(), NUM), "a"), alias_(cast(exp.Null(), NUM), "l")).from_("pop").where(exp.false()).sql("duckdb")).to_arrow_table()
        con.close()
        return table, {}, {}, read
    con.execute(exp.Create(this=exp.to_table("res"), kind="TABLE", expression=q.select,
                           properties=exp.Properties(expressions=[exp.TemporaryProperty()])).sql("duckdb"))
    # l: the least the amount can be — a 金额至多 row's amount is only its most, so from 0 (as screen's 待定金额范围)
    parts = [select(alias_(col("id"), "id"), alias_(exp.Literal.string(b.name), "b"), alias_(status_of(b), "s"),
                    alias_(cast(amount_of(b), NUM), "a"),
                    alias_(cast(case([(at_most_of(b), exp.Literal.number(0))], amount_of(b)) if b.at_most else amount_of(b),
                                NUM), "l")).from_("res", copy=False) for b in q.benefits]
    u = parts[0]
    for p in parts[1:]:
        u = exp.union(u, p, distinct=False)
    table = con.sql(u.sql("duckdb")).to_arrow_table()
    con.close()
    # only money paid adds up to a cost: a rate (贴息 %) or a loan's ceiling (最高 50 万元) gets no 合计
    return table, {b.name: display(b)[0] for b in q.benefits}, {b.name: display(b)[1] if is_paid(b) else None
                                                                 for b in q.benefits}, read


def _header_span(population: str, name: str) -> Span:
    """Where the column `name` stands in a CSV/TSV header line (line 1, column 1 when not found or binary)."""
    col_no = 1
    if population.lower().endswith((".csv", ".tsv", ".txt")):
        try:
            with open(population, encoding="utf-8-sig", errors="replace") as f:
                header = f.readline().rstrip("\r\n")
            at = 0
            for cell in header.split("\t" if "\t" in header else ","):
                if cell.strip().strip('"').strip() == name:
                    col_no = at + 1
                    break
                at += len(cell) + 1
        except OSError:
            pass
    return Span(population, 1, col_no, 1, col_no + (len(name) if col_no > 1 else 0))


def _same_reading(old: Program, new: Program, watch: list[str], population: str, read_o, read_n,
                  memory_limit: str | None = None) -> None:
    """Refuse (E919) when a watched column reads to different values under the two versions."""
    con = connect(memory_limit)
    con.register("ro", read_o)
    con.register("rn", read_n)
    differs = [exp.Not(this=exp.NullSafeEQ(this=col(f"v{i}", "ro"), expression=col(f"v{i}", "rn"))) for i in range(len(watch))]
    q = select(col("id", "ro"), *[alias_(d, f"d{i}") for i, d in enumerate(differs)],
               *[col(f"v{i}", t) for i in range(len(watch)) for t in ("ro", "rn")]).from_(
        alias_(exp.to_table("ro"), "ro", table=True), copy=False).join(
        alias_(exp.to_table("rn"), "rn", table=True), on=exp.EQ(this=col("id", "ro"), expression=col("id", "rn")),
        copy=False).where(or_(*differs), copy=False).order_by(col("id", "ro"), copy=False).limit(1, copy=False)
    row = con.execute(q.sql("duckdb")).fetchone()
    con.close()
    if row is None:
        return
    ident, flags, values = row[0], row[1:1 + len(watch)], row[1 + len(watch):]
    i = flags.index(True)
    fo, fn = ir_of(old).facts[watch[i]], ir_of(new).facts[watch[i]]

    def shown(v, fact):
        return "空" if v is None else format_q(Q(Fraction(v), fact.type.dim), fact.unit)

    raise HzdslError([Diagnostic.of(
        "E919", _header_span(population, fn.name),
        f"在「{fn.name}」列的值里写明单位（如 6 {fo.unit.text}），或在列名里写（「{fn.name}（{fo.unit.text}）」），"
        "两个版本才读出同一个值；否则改革影响是重读数据造成的",
        column=fn.name, old_unit=fo.unit.text, new_unit=fn.unit.text, id=ident,
        old=shown(values[2 * i], fo), new=shown(values[2 * i + 1], fn))])


def _summaries(program: Program) -> list[str]:
    """The 历史汇总 column names any limit of `program` reads: a column only the other version reads is skipped."""
    from ...ir.summary import needs

    prog = ir_of(program)
    return list(needs(prog, list(prog.benefits)).known.values())


@memory_guarded  # DuckDB out of memory anywhere inside: E960 (exit 2), as hzdsl screen
@deep_enough
def population_impact(old: Program, new: Program, population: str, history: str | None = None,
                      date: dt.date | None = None, params: dict | None = None,
                      warnings: list[Diagnostic] | None = None,
                      benefits: list[str] | None = None, memory_limit: str | None = None) -> list[BenefitImpact]:
    """Per benefit, the impact of old → new on the population (see the module's doc). `warnings`, when given,
    receives the input's warnings once (W921: the same population and claims under both versions; W924).

    `benefits`: the keys to screen (None: every benefit of both versions). `hzdsl diff` passes the benefits
    whose meaning changed (review.impact.reform_benefits), so a 历史汇总 file needs only their columns.
    `memory_limit`: DuckDB's (as hzdsl screen --memory-limit; None: DuckDB's default); running out is E960."""
    watch = read_apart(old, new)
    names_o, names_n = [*old.facts, *old.params, *_summaries(old)], [*new.facts, *new.params, *_summaries(new)]

    def chosen(program: Program) -> list[str] | None:
        return None if benefits is None else [k for k in benefits if k in program.benefits]

    said_o: list[Diagnostic] = []
    said_n: list[Diagnostic] = []
    before, units_o, scale_o, read_o = _narrow(old, population, history, date, params or {}, watch, names_n, said_o,
                                               chosen(old), memory_limit)
    after, units_n, scale_n, read_n = _narrow(new, population, history, date, params or {}, watch, names_o, said_n,
                                              chosen(new), memory_limit)
    if warnings is not None:  # W921 is the same under both versions; a W924 of a limit only NEW has is said too
        warnings.extend(said_o)
        warnings.extend(d for d in said_n if d.code != "W921" and d.message not in {w.message for w in said_o})
    if watch:  # one population, one reading: a value the versions read apart would make a cost of its own
        _same_reading(old, new, watch, population, read_o, read_n, memory_limit)
    con = connect(memory_limit)
    con.register("o", before)
    con.register("n", after)
    s_o = exp.func("coalesce", col("s", "o"), exp.Literal.number(0))
    s_n = exp.func("coalesce", col("s", "n"), exp.Literal.number(0))
    one = exp.Literal.number(1)

    def count(cond):
        return exp.Sum(this=case([(cond, one)], exp.Literal.number(0)))

    zero = exp.Literal.number(0)

    def is_(s, code):
        return exp.EQ(this=s.copy(), expression=exp.Literal.number(code))

    def open_(s):  # 待定 (2) or 冲突 (3): no conclusion
        return exp.GTE(this=s.copy(), expression=exp.Literal.number(2))

    def not_(e):  # parenthesised: exp.Not over an AND prints `NOT x AND y`
        return exp.Not(this=exp.Paren(this=e))

    def amount_open(s, a):  # 符合 but the amount is 待定
        return and_(is_(s, 1), is_null(col("a", a)))

    gain = and_(is_(s_o, 0), is_(s_n, 1))
    lose = and_(is_(s_o, 1), is_(s_n, 0))
    change = and_(is_(s_o, 1), is_(s_n, 1),
                  not_(exp.NullSafeEQ(this=col("a", "o"), expression=col("a", "n"))))
    known = and_(not_(open_(s_o)), not_(open_(s_n)),
                 not_(amount_open(s_o, "o")), not_(amount_open(s_n, "n")))
    paid_o = case([(is_(s_o, 1), col("a", "o"))], zero)
    paid_n = case([(is_(s_n, 1), col("a", "n"))], zero)
    name = exp.func("coalesce", col("b", "o"), col("b", "n"))
    q = select(alias_(name, "b"), alias_(count(gain), "gain"), alias_(count(lose), "lose"), alias_(count(change), "change"),
               alias_(count(and_(not_(open_(s_o)), open_(s_n))), "to_pending"),
               alias_(count(and_(open_(s_o), not_(open_(s_n)))), "from_pending"),
               alias_(count(amount_open(s_o, "o")), "open_before"), alias_(count(amount_open(s_n, "n")), "open_after"),
               alias_(exp.Sum(this=case([(is_(s_o, 1), col("a", "o"))], None)), "before"),
               alias_(exp.Sum(this=case([(is_(s_n, 1), col("a", "n"))], None)), "after"),
               alias_(exp.Sum(this=case([(known, exp.Sub(this=paid_n, expression=paid_o))], None)), "diff"),
               *[alias_(agg(this=case([(is_(s, 2), col("l" if name == "plo" else "a", t))], None)), f"{name}_{t}")
                 for s, t in ((s_o, "o"), (s_n, "n")) for agg, name in ((exp.Min, "plo"), (exp.Max, "phi"))])
    q = q.from_(alias_(exp.to_table("o"), "o", table=True), copy=False).join(
        alias_(exp.to_table("n"), "n", table=True), join_type="full",
        on=and_(exp.EQ(this=col("id", "o"), expression=col("id", "n")),
                exp.EQ(this=col("b", "o"), expression=col("b", "n")))).group_by(name, copy=False)
    rows = con.execute(q.sql("duckdb")).fetchall()
    con.close()
    order = {b: i for i, b in enumerate([*units_n, *[b for b in units_o if b not in units_n]])}
    out = []
    for b, g, lo, ch, tp, fp, ob, oa, bef, aft, dif, plo_o, phi_o, plo_n, phi_n in sorted(
            rows, key=lambda r: order.get(r[0], 1 << 30)):
        unit = units_n.get(b, units_o.get(b, ""))
        scale = scale_n[b] if b in scale_n else scale_o.get(b)
        digits = places(unit in MONEY_UNITS, scale) if scale is not None else 2

        def shown(v):
            if scale is None:
                return None
            return Decimal(0) if v is None else to_decimal(Fraction(v) / scale, digits)
        def ranged(low, high):
            return None if scale is None or low is None else (shown(low), shown(high))
        out.append(BenefitImpact(b, unit, int(g or 0), int(lo or 0), int(ch or 0), int(tp or 0), int(fp or 0),
                                 int(ob or 0), int(oa or 0), shown(bef), shown(aft), shown(dif),
                                 ranged(plo_o, phi_o), ranged(plo_n, phi_n)))
    return out
