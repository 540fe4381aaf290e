"""History limits (限制) → aggregates over the claims table, joined back to each applicant.

One aggregate subquery groups the claims of every applicant (claims JOIN pop ON id, so per-year
windows can compare each claim's year with the applicant's own 评估日期); each limit then becomes a
three-valued test on the aggregated columns. Semantics follow runtime.evaluate.check_limit exactly:

- the limit's own facts (字段 of 累计, the keys of 同一…) and the history are checked first; what is
  missing of them is the limit's unknown (all of it, not only the first gap);
Each kind is its table entry (hzdsl/limitspec.py): the window picks the counted claims (all, or
those of the applicant's evaluation year), and the aggregate says the test — written once per
aggregate, never per kind:
- COUNT (次数): past counted claims + 1 ≤ N;
- FIELD_SUM (累计「字段」): current value + the field over past counted claims ≤ bound; a counted claim
  without the field → unknown 「历史记录中的「字段」」;
- AMOUNT (金额): remaining = bound − granted; remaining ≤ 0 fails; a counted claim without 金额
  → unknown 「历史记录中的「金额」」; otherwise the remaining quota caps the payout (see query.py);
- NO_REPEAT (同一…不得重复): any counted past claim (by that 申领人 when written) with every key equal fails.

Limits are IR limits (`ir.Limit`, one class per aggregate): bounds are exact values (an int count, a `Q`),
fields and counted benefits are keys, and
a field is worded by its fact's name as declared (as every `ir.Ref` is).
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlglot import exp

from .builders import alias_, and_, cast, or_, select

from ...ir import nodes as ir
from ...ir.program import IRProgram
from ...limitspec import Aggregate, Window, spec_of
from ...runtime.limits import domain_of
from ...runtime.values import HISTORY, Key, KeyKind
from .columns import NUM, SCALE, CompileError, Layout, col, num_lit
from .expressions import MaskOps, SqlValue, _paren, case, is_null
from ...ir.summary import Stat, stats_of

HIST_KNOWN = "h"
SUM_WIDE = exp.DataType.build(f"DECIMAL(38, {SCALE})")  # sums over past claims: exact, never beyond 10^30
THIS_CLAIM = 1  # a count limit counts the claim being decided too: past + 1 ≤ N


@dataclass
class LimitSql:
    limit: ir.Limit
    ok: SqlValue  # three-valued
    remaining: exp.Expression | None  # amount limits: bound − granted (NUM), meaningful where ok is TRUE


def count_where(cond: exp.Expression) -> exp.Expression:
    """COUNT(*) FILTER (WHERE cond): a BIGINT count (SUM(CASE … 1 ELSE 0) sums into 128 bits on DuckDB)."""
    return exp.Filter(this=exp.Count(this=exp.Star()), expression=exp.Where(this=cond))


def sum_where(value: exp.Expression, cond: exp.Expression) -> exp.Expression:
    """SUM(value) FILTER (WHERE cond): NULL when no row counts (the caller's COALESCE makes it 0)."""
    return exp.Filter(this=exp.Sum(this=value), expression=exp.Where(this=cond))


class HistoryCompiler:
    """Collects the aggregates all limits need (one GROUP BY over the claims) and each limit's test."""

    def __init__(self, program: IRProgram, layout: Layout, masks: MaskOps):
        self.p, self.lay, self.m = program, layout, masks
        self.aggregates: list[tuple[str, exp.Expression]] = []
        # aggregate column → the per-applicant number it is (summary.Stat), None: no summary column can state it
        self.stats: dict[str, Stat | None] = {}
        self.done: dict[str, LimitSql] = {}  # limit id → its test

    def _agg(self, expr: exp.Expression, zero: exp.Expression | None = None, stat: Stat | None = None) -> exp.Expression:
        """Register an aggregate over (p, c) that is the per-applicant number `stat` (None: not one a summary
        column states); return the joined column (zero where the applicant has no claims). In the summary
        form (历史汇总, hzdsl/ir/summary.py) the population carries the column itself under the same name."""
        text = expr.sql()
        name = next((a for a, e in self.aggregates if e.sql() == text), None)  # same aggregate once
        if name is None:
            name = f"g{len(self.aggregates)}"
            self.aggregates.append((name, expr))
            self.stats[name] = stat
        return exp.func("COALESCE", col(name), zero if zero is not None else exp.Literal.number(0))

    def limit(self, lim: ir.Limit) -> LimitSql:
        if lim.id not in self.done:
            self.done[lim.id] = self._limit(lim)
        return self.done[lim.id]

    def name(self, key: str) -> str:
        """A field's words: its fact's name as declared (the key itself only in a program with errors)."""
        fact = self.p.facts.get(key)
        return fact.name if fact is not None else key

    def _fact_col(self, key: str, lim: ir.Limit) -> str:
        if key not in self.lay.fact_col:
            raise CompileError.of("E903", lim.span, "同一…不得重复 / 累计「字段」 须用布尔、数量、枚举、文本或日期事实", name=lim.name,
                                  field=self.name(key))
        return self.lay.fact_col[key]

    def _when(self, cond: exp.Expression, key: Key):
        """The missing-fact bit of `key` where cond holds (nothing when masks are not tracked)."""
        return self.m.choose([(cond, self.m.const(key))], {})

    def _limit(self, lim: ir.Limit) -> LimitSql:
        spec = spec_of(lim.kind)  # the kind's aggregate × window (hzdsl/limitspec.py)
        fields = [lim.field] if spec.aggregate is Aggregate.FIELD_SUM else list(lim.history_fields)
        cols = [self._fact_col(f, lim) for f in fields]
        no_history = exp.Not(this=col(HIST_KNOWN))
        counted = exp.In(this=col("b", "c"), expressions=[exp.Literal.string(k) for k in sorted(lim.counted)])
        if spec.window is Window.YEAR:  # the claims of the applicant's own evaluation year
            counted = and_(counted, exp.EQ(this=exp.Year(this=col("d", "c")), expression=exp.Year(this=col("d", "p"))))
        one, zero = exp.Literal.number(1), exp.Literal.number(0)
        null = cast(exp.Null(), "BOOLEAN")
        remaining = None
        stats = stats_of(lim) or [None, None]  # what each aggregate is as a per-applicant number
        if spec.aggregate is Aggregate.COUNT:
            bound = lim.bound  # a whole number of claims (the IR parsed it)
            past = self._agg(count_where(counted), stat=stats[0])
            test = exp.LTE(this=exp.Add(this=past, expression=exp.Literal.number(THIS_CLAIM)),
                           expression=exp.Literal.number(bound))
            # no history: more claims could exist — open unless this claim alone is over the bound
            value = case([(no_history, null)], test) if THIS_CLAIM <= bound else test
            mask = self._when(no_history, HISTORY)
        elif spec.aggregate is Aggregate.FIELD_SUM:
            value, mask = self._sum(lim, cols[0], counted, no_history, stats)
        elif spec.aggregate is Aggregate.AMOUNT:
            bound = lim.bound.value  # exact, in 元
            granted = self._agg(sum_where(col("amt", "c"), counted), num_lit(0), stats[0])
            holes = self._agg(count_where(and_(counted, is_null(col("amt", "c")))), stat=stats[1])
            # compared in the SUM's own wide decimal: many large grants exceed DECIMAL(18, 8) (a CAST raised for
            # every row); the remaining quota is read only where the limit holds or is open (0 < it ≤ bound)
            left = exp.Sub(this=num_lit(bound), expression=granted)
            remaining = exp.TryCast(this=left.copy(), to=NUM.copy())
            has_holes = exp.GT(this=holes, expression=zero)
            # the known grants already reach the bound: whatever the missing 金额 were (never negative), it fails
            value = case([(exp.LTE(this=left, expression=num_lit(0)), exp.false()),
                          (or_(has_holes, no_history), null)], exp.true())
            mask = self.m.union(self._when(has_holes, Key(KeyKind.HISTORY_FIELD, "金额")), self._when(no_history, HISTORY))
        elif spec.aggregate is Aggregate.NO_REPEAT:
            value, mask = self._no_repeat(lim, fields, cols, counted, no_history)
        else:
            raise CompileError.of("E903", lim.span, form="kind", name=lim.name, kind=lim.kind)
        return LimitSql(lim, SqlValue(cast(value, "BOOLEAN"), "bool", None, mask), remaining)

    def _sum(self, lim: ir.TotalSum, fcol: str, counted, no_history, stats):
        """累计「字段」不超过 B: FALSE when the smallest possible total is above B, TRUE when the largest
        possible one (history given) is within it, else NULL (runtime.limits._sum_limit)."""
        one, zero = exp.Literal.number(1), exp.Literal.number(0)
        bound = num_lit(lim.bound.value)
        dom = domain_of(self.p.facts[lim.field].type)
        summed = self._agg(sum_where(col(fcol, "c"), counted), num_lit(0), stats[0])
        holes_past = self._agg(count_where(and_(counted, is_null(col(fcol, "c")))), stat=stats[1])
        cur_missing = is_null(col(fcol))
        holes = exp.Add(this=holes_past, expression=case([(cur_missing, one)], zero))
        # in DECIMAL(38, 8), not NUM: the past values summed may exceed DECIMAL(18, 8) (eleven loans of 999 999 999
        # 个月 — a CAST raised for every row); the comparisons with the bound are exact in the wide type
        total = cast(exp.Add(this=exp.func("COALESCE", col(fcol), num_lit(0)), expression=summed), SUM_WIDE)
        # no hole: none in the past and the current value known (the same as holes = 0, without the CASE's
        # 0/1 added per row: 1 M rows 9.2 → 4.9 ms)
        no_holes = and_(exp.EQ(this=holes_past.copy(), expression=zero), exp.Not(this=cur_missing.copy()))

        def at(per_hole):
            if per_hole == 0:  # a hole at its least (0, a duration's or amount's floor) adds nothing
                return total.copy()
            return cast(exp.Add(this=total, expression=exp.Mul(this=holes, expression=num_lit(per_hole))), SUM_WIDE)

        low = exp.GT(this=at(dom.low), expression=bound) if dom.low is not None else \
            and_(no_holes, exp.GT(this=total, expression=bound))
        high = exp.LTE(this=at(dom.high), expression=bound) if dom.high is not None else \
            and_(no_holes, exp.LTE(this=total, expression=bound))
        value = case([(low, exp.false()), (and_(col(HIST_KNOWN), high), exp.true())], cast(exp.Null(), "BOOLEAN"))
        name = self.name(lim.field)
        mask = self.m.union(self._when(cur_missing, Key(KeyKind.FACT, name)),
                            self._when(exp.GT(this=holes_past, expression=zero), Key(KeyKind.HISTORY_FIELD, name)),
                            self._when(no_history, HISTORY))
        return value, mask

    def _no_repeat(self, lim: ir.NoRepeat, fields, cols, counted, no_history):
        """同一…不得重复: FALSE when a counted claim equals this one on every field, NULL while one could
        (no field known to differ, some field unknown on either side) or without history, else TRUE."""
        zero = exp.Literal.number(0)
        base = counted
        if lim.claimant:
            base = and_(base, exp.EQ(this=col("c", "c"), expression=exp.Literal.string(lim.claimant)))
        equal = [and_(exp.Not(this=is_null(col(c, "c"))), exp.Not(this=is_null(col(c, "p"))),
                      exp.EQ(this=col(c, "c"), expression=col(c, "p"))) for c in cols]
        may_equal = [or_(is_null(col(c, "c")), is_null(col(c, "p")), exp.EQ(this=col(c, "c"), expression=col(c, "p")))
                     for c in cols]
        repeats = self._agg(count_where(and_(base, *equal)))
        possible = self._agg(count_where(and_(base, *may_equal)))
        is_repeat = exp.GT(this=repeats, expression=zero)
        is_possible = exp.GT(this=possible, expression=zero)
        covered = self._covered(fields, cols, base)
        value = case([(no_history, cast(exp.Null(), "BOOLEAN")), (is_repeat, exp.false())]
                     + ([(covered, exp.false())] if covered is not None else [])
                     + [(is_possible, cast(exp.Null(), "BOOLEAN"))], exp.true())
        if not self.m.track:
            return value, None
        parts = [self._when(no_history, HISTORY)]
        for f, c in zip(fields, cols):
            parts.append(self._when(is_null(col(c)), Key(KeyKind.FACT, self.name(f))))  # only read where the value is NULL
            hole = self._agg(count_where(and_(base, *may_equal, is_null(col(c, "c")))))
            parts.append(self._when(and_(col(HIST_KNOWN), exp.GT(this=hole, expression=zero)),
                                    Key(KeyKind.HISTORY_FIELD, self.name(f))))
        return value, self.m.union(*parts)

    def _covered(self, fields, cols, base) -> exp.Expression | None:
        """runtime.limits._covered: records with every field known that equal the claim on its known
        fields and, together, hold every value of its unknown fields (each of finite 取值 / 布尔) — one
        condition per set of unknown fields, by counting the distinct values the records cover."""
        from itertools import combinations

        from ...runtime.limits import domain_of

        finite = {}
        for f, c in zip(fields, cols):
            choices = domain_of(self.p.facts[f].type).choices
            if choices is not None:
                finite[c] = choices
        whens = []
        for size in range(1, len(finite) + 1):
            for open_cols in combinations([c for c in cols if c in finite], size):
                shut = [c for c in cols if c not in open_cols]
                pattern = and_(*[is_null(col(c)) for c in open_cols], *[exp.Not(this=is_null(col(c))) for c in shut])
                inside = [exp.In(this=col(c, "c"), expressions=[self._literal(v) for v in sorted(finite[c], key=str)])
                          for c in open_cols]
                match = and_(base, *[exp.Not(this=is_null(col(c, "c"))) for c in cols],
                             *[exp.EQ(this=col(c, "c"), expression=col(c, "p")) for c in shut], *inside)
                key = (cast(col(open_cols[0], "c"), "VARCHAR") if size == 1 else exp.func(
                    "concat_ws", exp.Literal.string("\x1f"), *[cast(col(c, "c"), "VARCHAR") for c in open_cols]))
                distinct = self._agg(exp.Count(this=exp.Distinct(expressions=[case([(match, key)], exp.Null())])))
                need = 1
                for c in open_cols:
                    need *= len(finite[c])
                whens.append(and_(pattern, exp.GTE(this=distinct, expression=exp.Literal.number(need))))
        return or_(*whens) if whens else None

    @staticmethod
    def _literal(v) -> exp.Expression:
        if isinstance(v, bool):
            return exp.true() if v else exp.false()
        if isinstance(v, str):
            return exp.Literal.string(v)
        return num_lit(v)

    def subquery(self, pop: str, claims: str) -> exp.Select | None:
        """SELECT p.id AS aid, <aggregates> FROM pop p JOIN claims c ON c.id = p.id GROUP BY p.id."""
        if not self.aggregates:
            return None
        needs_applicant = any(c.table == "p" for _, e in self.aggregates for c in e.find_all(exp.Column))
        if not needs_applicant:  # counts and sums over the claims alone: no join before grouping
            q = select(alias_(col("id", "c"), "aid"), *[alias_(e, name) for name, e in self.aggregates])
            q = q.from_(alias_(exp.to_table(claims), "c", table=True), copy=False)
            return q.group_by(col("id", "c"), copy=False)
        q = select(alias_(col("id", "p"), "aid"), *[alias_(e, name) for name, e in self.aggregates])
        q = q.from_(alias_(exp.to_table(pop), "p", table=True))
        q = q.join(alias_(exp.to_table(claims), "c", table=True),
                   on=exp.EQ(this=col("id", "c"), expression=col("id", "p")))
        return q.group_by(col("id", "p"), copy=False)


__all__ = ["HistoryCompiler", "LimitSql", "HIST_KNOWN", "_paren"]
