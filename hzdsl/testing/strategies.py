"""Hypothesis strategies for cases generated from a program's declarations.

Every value is valid for its declared fact (type, unit, enumeration), and numbers are biased to
the boundaries the policies themselves name: each literal of the same dimension (6 个月, 5 年,
50 万元, 50BP …), one step below it, and one step above — where a 满 / 以上 / 不超过 flips. Rates
are also drawn relative to the case's own parameters (LPR + 50BP ± 1BP), since the text states
its rate thresholds against LPR. Histories draw their claims from the benefits the 限制 rules
name, with identifying fields from small pools so that repeats — what those rules forbid — occur.

Hypothesis is a test dependency: import this module only from tests or exploratory sessions.
"""
from __future__ import annotations

import datetime as dt
from fractions import Fraction

from hypothesis import strategies as st

from ..cases.load import Case
from ..check.domains import domain_of_info
from ..check.program import Program
from ..errors import NO_SPAN
from ..runtime.evaluate import HistoryEntry
from ..units import Q, parse_unit
from ..syntax import nodes as n
from ..syntax.walk import walk
from ..ir import ir_of
from ..limitspec import Aggregate

# The smallest meaningful step per base unit: one below/above a boundary.
STEPS = {"元": Fraction(1), "月": Fraction(1), "天": Fraction(1), "平方米": Fraction(1), "人": Fraction(1),
         "次": Fraction(1), "个": Fraction(1), "家": Fraction(1), "人次": Fraction(1)}
RATE_STEP = Fraction(1, 10000)  # 1 BP
COUNT_BASES = {"人", "次", "个", "家", "人次"}
TEXT_POOL = ("甲", "乙", "丙")
CLAIMANTS_DEFAULT = ("个人",)
DATE_LOW, DATE_HIGH = dt.date(2015, 1, 1), dt.date(2026, 12, 31)


def literals(program: Program) -> dict[tuple, set[Fraction]]:
    """Every quantity literal written in the rules, by dimension (the boundaries to probe)."""
    out: dict[tuple, set[Fraction]] = {}
    for m in program.modules:
        for node in walk(list(m.decls)):
            if isinstance(node, n.Quantity):
                try:
                    q = Q.of(node.number, parse_unit(node.unit))
                except Exception:  # an unknown unit is a check error, reported elsewhere
                    continue
                out.setdefault(q.dim, set()).add(q.value)
    return out


def date_literals(program: Program) -> set[dt.date]:
    out = set()
    for m in program.modules:
        for node in walk(list(m.decls)):
            if isinstance(node, n.Date) and not node.is_placeholder:
                try:
                    out.add(dt.date(node.year, node.month, node.day))
                except ValueError:
                    pass
    return out


def _step(dim) -> Fraction:
    if not dim:
        return RATE_STEP
    if len(dim) == 1 and dim[0][1] == 1:
        return STEPS.get(dim[0][0], Fraction(1))
    return Fraction(1, 100)


def boundary_values(dim, lits: dict) -> list[Fraction]:
    """Literals of this dimension, one step below and above, and 0 — never negative."""
    step = _step(dim)
    vals = {Fraction(0)}
    for v in lits.get(dim, ()):
        vals.update({v, v - step, v + step})
    # multiples of a literal count too: 3 年 of loans is 1 + 2, 36 个月 is 3 × 12
    return sorted(v for v in vals if v >= 0)


def quantities(dim, lits: dict, integral: bool = False, upper: Fraction | None = None) -> st.SearchStrategy[Q]:
    """A quantity of `dim`: mostly boundary values, sometimes anything in a plausible range; never above
    `upper` (a declared 上限, base units: the case loader refuses more, E732), which is a boundary value."""
    edges = boundary_values(dim, lits)
    step = _step(dim)
    if upper is not None:
        edges = sorted({e for e in edges if e <= upper} | {v for v in (upper, upper - step) if v >= 0 or upper < 0})
        if upper < 0:  # a negative bound (a plain 数 上限 -8): the bound and one step below it
            return st.sampled_from(edges).map(lambda v: Q(Fraction(v), dim))
    top = max(edges) * 2 + 10 * step
    if upper is not None:
        top = min(top, upper)
    span = int(top / step)
    free = st.integers(0, max(span, 1) if upper is None else span).map(lambda k: k * step)
    if not integral and not dim:
        free = st.one_of(free, st.fractions(0, Fraction(1, 5) if upper is None else min(Fraction(1, 5), upper),
                                            max_denominator=10000))
    values = st.one_of(st.sampled_from(edges), free) if edges else free
    return values.map(lambda v: Q(Fraction(v), dim))


def ordinals(lits: dict, upper: Fraction | None = None) -> st.SearchStrategy[Q]:
    """A 序数 (名次, 第几年): a whole number without a unit, as the case loader accepts it (E730) — the whole
    unit-less literals of the rules ± 1 (在 1 至 3 之间, the lookup rows 1 / 2、3 → 0 … 4) or anything in 0 … the
    largest + 2, never above a declared `upper`."""
    whole = {int(v) for v in lits.get((), ()) if v.denominator == 1 and v >= 0}
    edges = {e for v in whole for e in (v - 1, v, v + 1) if e >= 0} | {0}
    top = max(edges) + 2
    if upper is not None:
        edges = {e for e in edges if e <= upper}
        top = min(top, int(upper))
    free = st.integers(0, max(top, 0))
    return st.one_of(st.sampled_from(sorted(edges)), free).map(lambda v: Q(Fraction(v), ()))


def dates(extra: set[dt.date] = frozenset()) -> st.SearchStrategy[dt.date]:
    edges = sorted({d + dt.timedelta(days=k) for d in extra for k in (-1, 0, 1)})
    free = st.dates(DATE_LOW, DATE_HIGH)
    return st.one_of(st.sampled_from(edges), free) if edges else free


def value_strategy(info, lits: dict, date_edges: set[dt.date]) -> st.SearchStrategy:
    """Values of one declared fact or parameter."""
    t = info.type
    if t.kind == "bool":
        return st.booleans()
    if t.kind == "enum":
        return st.sampled_from(sorted(t.choices))
    if t.kind == "set":
        return st.frozensets(st.sampled_from(sorted(t.choices))) if t.choices else st.just(frozenset())
    if t.kind == "date":
        return dates(date_edges)
    if t.kind == "text":
        return st.sampled_from(TEXT_POOL)
    if t.kind == "num":
        if t.choices:
            return st.sampled_from(sorted(t.choices)).map(lambda v: Q(Fraction(v), t.dim))
        if not t.dim and domain_of_info(info).whole:  # a 序数: whole steps of 1, not a rate's 1 BP
            return ordinals(lits, _upper(info))
        integral = len(t.dim) == 1 and t.dim[0][0] in COUNT_BASES
        return quantities(t.dim, lits, integral, _upper(info))
    return st.nothing()


def param_strategy(info, lits: dict, date_edges) -> st.SearchStrategy:
    """Parameters are positive: a rate between 0.5% and 8% in whole BP, money above zero.

    Rates below 150BP are kept on purpose: there LPR − 150BP is negative, and 「…超出 LPR-150BP 的部分」
    must still never exceed the contract rate (the property that found 超出's old semantics).
    """
    if info.type.kind == "num" and not info.type.dim:
        return st.integers(50, 800).map(lambda bp: Q(Fraction(bp, 10000), ()))
    if info.type.kind == "num" and dict(info.type.dim).get("元") == 1:
        # 最低月工资标准, 最低生活保障标准 …: whole yuan in a plausible range, in base units
        return st.integers(500, 5000).map(lambda v: Q.of(v, info.unit))
    if info.type.kind == "num":
        return quantities(info.type.dim, lits, upper=_upper(info)).filter(lambda q: q.value > 0)
    return value_strategy(info, lits, date_edges)


def _upper(info) -> Fraction | None:
    """The declared 上限 of a fact or parameter (FactInfo / IR Fact), base units; None when it has none."""
    upper = getattr(info, "upper", None)
    return upper.value if upper is not None else None


class CaseFactory:
    """Strategies for whole cases over one program (computed once: literals, history fields)."""

    def __init__(self, program: Program):
        self.p = program
        self.lits = literals(program)
        self.date_edges = date_literals(program)
        # the limits as the IR resolved them: targets and counted benefits, history fields, claimants
        limits = list(ir_of(program).limits.values())
        self.limit_targets = sorted({t for lim in limits for t in (*lim.targets, *lim.counted)})
        self.claimants = tuple(sorted({*CLAIMANTS_DEFAULT, *(c for lim in limits if (c := getattr(lim, "claimant", "")))}))
        self.history_fields = sorted({k for lim in limits for k in lim.history_fields if k in program.facts})
        # per limit (in declaration order), the benefits whose past claims it counts: a history's theme
        self.limit_themes = [sorted(lim.counted) for lim in limits]
        # amounts of past claims near the bounds of the amount limits that count them (a part, just
        # under, at, above): per benefit, so that limits of other clauses do not dilute the draws
        money = parse_unit("元")
        near: dict[str, set] = {}
        for lim in limits:
            if lim.spec.aggregate is Aggregate.AMOUNT and lim.bound is not None:
                b = lim.bound.value
                for c in lim.counted:
                    near.setdefault(c, {Fraction(0)}).update((b, b / 2, b / 3, b - Fraction(1, 100), b + 1))
        self.history_amounts = {k: tuple(Q(v, money.dim) for v in sorted(vs)) for k, vs in near.items()}
        # unit-less facts that are rates (留用率, 贷款合同利率): not a 序数 such as 名次, which is whole
        self.rate_facts = [k for k, f in program.facts.items()
                           if f.type.kind == "num" and not f.type.dim and not domain_of_info(f).whole]
        self.rate_params = [k for k, p in program.params.items() if p.type.kind == "num" and not p.type.dim]

        # strategies are built once: constructing them is what costs in Hypothesis
        self.fact_strategies = {k: value_strategy(f, self.lits, self.date_edges) for k, f in program.facts.items()}
        self.param_strategies = {k: param_strategy(i, self.lits, self.date_edges) for k, i in program.params.items()}
        self.case_dates = dates(self.date_edges | {dt.date(2022, 1, 1), dt.date(2023, 6, 30)}).filter(
            lambda d: d.year >= 2016)

    def fact(self, key: str) -> st.SearchStrategy:
        return self.fact_strategies[key]

    def params(self, full: bool = True) -> st.SearchStrategy[dict]:
        if full:
            return st.fixed_dictionaries(self.param_strategies)
        return st.fixed_dictionaries({}, optional=self.param_strategies)

    def relevant(self, benefit: str) -> frozenset[str]:
        """The facts that can matter to one benefit: its condition, payout, caps, exceptions, limits."""
        return ir_of(self.p).deps[benefit].facts

    @st.composite
    def facts(draw, self, params: dict, full: bool = True, focus: tuple[str, ...] | None = None) -> dict:
        """Values for the facts (of the focus benefits, or all); full=False leaves any of them out."""
        if focus is None:
            strategies = self.fact_strategies
        else:
            keys = sorted(set().union(*(self.relevant(b) for b in focus)))
            strategies = {k: self.fact_strategies[k] for k in keys}
        if full:
            out = draw(st.fixed_dictionaries(strategies))
        else:
            out = draw(st.fixed_dictionaries({}, optional=strategies))
        for key in self.rate_facts:
            if key in out and self.rate_params and draw(st.integers(0, 2)) > 0:
                out[key] = draw(self.relative_rate(params))
                upper = _upper(self.p.facts[key])
                if upper is not None and out[key].value > upper:  # 留用率 = 80% + LPR: at most its 上限
                    out[key] = Q(upper, out[key].dim)
        return out

    def relative_rate(self, params: dict) -> st.SearchStrategy[Q]:
        """A rate at a parameter plus or minus a literal offset (LPR + 50BP, LPR − 150BP) ± 1BP."""
        bases = [params[k].value for k in self.rate_params if k in params]
        offsets = sorted(self.lits.get((), {Fraction(0)}) | {Fraction(0)})
        if not bases:
            return quantities((), self.lits)

        def build(base, off, sign, nudge):
            return Q(max(Fraction(0), base + sign * off + nudge * RATE_STEP), ())

        return st.builds(build, st.sampled_from(bases), st.sampled_from(offsets), st.sampled_from((1, -1)),
                         st.sampled_from((-1, 0, 1)))

    @st.composite
    def history(draw, self, date: dt.date, facts: dict | None = None, max_size: int = 5,
                gaps: bool = False) -> list[HistoryEntry]:
        """Past claims, most of them against one 限制 (so that its bound is reached), their identifying
        fields often copied from the current claim (so that 同一 … repeats occur). gaps=True leaves
        fields out of some records (a record that lacks 「职业」, 「贷款期限」 …: limits over unknowns)."""
        pool = self.limit_targets or sorted(self.p.benefits)
        if not pool:
            return []
        theme = pool
        if self.limit_themes:
            theme = draw(st.sampled_from(self.limit_themes)) or pool
        entries = []
        for _ in range(draw(st.integers(0, max_size))):
            benefit = draw(st.sampled_from(theme if draw(st.integers(0, 4)) else pool))
            years_back = draw(st.sampled_from((0, 0, 0, 1, 2, 4)))
            when = dt.date(date.year - years_back, draw(st.integers(1, 12)), draw(st.integers(1, 28)))
            if when > date:
                when = date
            fields = draw(st.fixed_dictionaries({k: self.fact(k) for k in self.history_fields}))
            for k in self.history_fields:
                if facts and k in facts and draw(st.booleans()):
                    fields[k] = facts[k]
            if gaps:
                for k in self.history_fields:
                    if not draw(st.integers(0, 3)):
                        del fields[k]
            amount = None  # drawn only where an amount limit counts the claim: other histories are unchanged
            if benefit in self.history_amounts and draw(st.integers(0, 5)):
                amount = draw(st.sampled_from(self.history_amounts[benefit]))
                if gaps and not draw(st.integers(0, 2)):
                    amount = None
            entries.append(HistoryEntry(benefit, when, draw(st.sampled_from(self.claimants)), fields, amount))
        return entries

    def focus(self, benefits: list[str] | None = None) -> st.SearchStrategy[tuple[str, ...]]:
        """One to three benefits to generate a case for (facts of other benefits are left out)."""
        pool = sorted(benefits if benefits is not None else self.p.benefits)
        return st.lists(st.sampled_from(pool), min_size=1, max_size=3, unique=True).map(tuple)

    @st.composite
    def cases(draw, self, full: bool = False, with_history: bool | None = None,
              focus: tuple[str, ...] | None | bool = True, history_gaps: bool = False) -> Case:
        """A case. full=True gives every fact (of the focus), every parameter and a history.

        focus=True draws one to three benefits and generates only the facts that matter to them —
        a case about a loan need not say how many 见习 months someone did, and a small case is
        fast to generate and to shrink; focus=None generates every declared fact; a tuple of
        benefit keys fixes the focus.
        """
        if focus is True:
            focus = draw(self.focus())
        date = draw(self.case_dates)
        params = draw(self.params(full))
        facts = draw(self.facts(params, full, focus or None))
        give_history = full if with_history is None else with_history
        if give_history is None or (not full and with_history is None):
            give_history = draw(st.booleans())
        history = draw(self.history(date, facts, gaps=history_gaps)) if give_history else None
        return Case("<生成>", "生成的案例", NO_SPAN, date, facts, params, history)


def factory(program: Program) -> CaseFactory:
    return program.derived("case_factory", CaseFactory)
