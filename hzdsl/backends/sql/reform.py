"""Reform impact on a population: the same applicants screened under two versions of the policies.

Per benefit (matched by name; a benefit only in one version counts as 不符合 in the other): how many
applicants gain it (不符合/待定 → 符合), lose it (符合 → 不符合/待定), keep it with another amount,
and the total amount of 符合 before and after. Each version is compiled and screened on its own
(its facts may differ); the two per-applicant results are joined by 编号 in DuckDB.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlglot import exp

from ...check.program import Program
from ...errors import HzdslError
from .builders import alias_, and_, cast, or_, select
from .columns import NUM, col
from .expressions import case, is_null
from .ingest import load_claims, load_population
from .pipeline import compile_or_fail, connect
from .report import display, is_paid
from .depth import deep_enough


@dataclass
class BenefitImpact:
    name: str
    unit: str
    gain: int
    lose: int
    change: int
    before: Decimal | None  # total of 符合 amounts in 元; None when the benefit is not money (a rate)
    after: Decimal | None

    def to_json(self) -> dict:
        def num(v):
            return None if v is None else format(v.normalize(), "f") if v else "0"
        diff = None if self.before is None or self.after is None else self.after - self.before
        return {"待遇": self.name, "单位": self.unit, "新增符合": self.gain, "不再符合": self.lose, "金额改变": self.change,
                "改前合计": num(self.before), "改后合计": num(self.after), "差额": num(diff)}


def _narrow(program: Program, population: str, history: str | None, date: dt.date, params: dict):
    """id, 待遇名, status code, amount (base units) — one row per applicant and benefit, as Arrow."""
    q = compile_or_fail(program, None, False)
    con = connect()
    refused = load_population(con, program, q.layout, population, date, params, history is not None)
    if refused:  # E723: an impact left silently without some applicants would understate it — refused instead
        con.close()
        raise HzdslError(refused)
    load_claims(con, program, q.layout, history)
    con.execute(exp.Create(this=exp.to_table("res"), kind="TABLE", expression=q.select,
                           properties=exp.Properties(expressions=[exp.TemporaryProperty()])).sql("duckdb"))
    parts = [select(alias_(col("id"), "id"), alias_(exp.Literal.string(b.name), "b"), alias_(col(b.status), "s"),
                    alias_(cast(col(b.amount), NUM), "a")).from_("res", copy=False) for b in q.benefits]
    u = parts[0]
    for p in parts[1:]:
        u = exp.union(u, p, distinct=False)
    table = con.sql(u.sql("duckdb")).to_arrow_table()
    con.close()
    # only money paid adds up to a cost: a rate (贴息 %) or a loan's ceiling (最高 50 万元) gets no 合计
    return table, {b.name: display(b)[0] for b in q.benefits}, {b.name: display(b)[1] if is_paid(b) else None
                                                                 for b in q.benefits}


@deep_enough
def population_impact(old: Program, new: Program, population: str, history: str | None = None,
                      date: dt.date | None = None, params: dict | None = None) -> list[BenefitImpact]:
    date = date or dt.date.today()
    before, units_o, scale_o = _narrow(old, population, history, date, params or {})
    after, units_n, scale_n = _narrow(new, population, history, date, params or {})
    con = connect()
    con.register("o", before)
    con.register("n", after)
    s_o = exp.func("coalesce", col("s", "o"), exp.Literal.number(0))
    s_n = exp.func("coalesce", col("s", "n"), exp.Literal.number(0))
    one = exp.Literal.number(1)

    def count(cond):
        return exp.Sum(this=case([(cond, one)], exp.Literal.number(0)))

    gain = and_(exp.NEQ(this=s_o, expression=one), exp.EQ(this=s_n, expression=one))
    lose = and_(exp.EQ(this=s_o, expression=one), exp.NEQ(this=s_n, expression=one))
    change = and_(exp.EQ(this=s_o, expression=one), exp.EQ(this=s_n, expression=one),
                  exp.Not(this=exp.NullSafeEQ(this=col("a", "o"), expression=col("a", "n"))))
    name = exp.func("coalesce", col("b", "o"), col("b", "n"))
    q = select(alias_(name, "b"), alias_(count(gain), "gain"), alias_(count(lose), "lose"), alias_(count(change), "change"),
               alias_(exp.Sum(this=case([(exp.EQ(this=s_o, expression=one), col("a", "o"))], None)), "before"),
               alias_(exp.Sum(this=case([(exp.EQ(this=s_n, expression=one), col("a", "n"))], None)), "after"))
    q = q.from_(alias_(exp.to_table("o"), "o", table=True), copy=False).join(
        alias_(exp.to_table("n"), "n", table=True), join_type="full",
        on=and_(exp.EQ(this=col("id", "o"), expression=col("id", "n")),
                exp.EQ(this=col("b", "o"), expression=col("b", "n")))).group_by(name, copy=False)
    rows = con.execute(q.sql("duckdb")).fetchall()
    con.close()
    order = {b: i for i, b in enumerate([*units_n, *[b for b in units_o if b not in units_n]])}
    out = []
    for b, g, lo, ch, bef, aft in sorted(rows, key=lambda r: order.get(r[0], 1 << 30)):
        unit = units_n.get(b, units_o.get(b, ""))
        scale = scale_n[b] if b in scale_n else scale_o.get(b)

        def shown(v):
            if scale is None:
                return None
            return Decimal(0) if v is None else (Decimal(v) / Decimal(scale.numerator)
                                                 * Decimal(scale.denominator)).quantize(Decimal("0.01"))
        out.append(BenefitImpact(b, unit, int(g or 0), int(lo or 0), int(ch or 0), shown(bef), shown(aft)))
    return out
