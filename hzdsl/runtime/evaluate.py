"""Evaluate a checked program on a case.

The program is compiled once into closures with every name already resolved, so evaluating a
case does no lookups by name and no type dispatch. Terms are memoised per case. When an
explanation is asked for, every node's value is recorded by node id for the renderer.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable

from ..check.program import Program
from ..kinds import LimitKind, ModifierKind, Status
from ..syntax import nodes as n
from ..units import Q, Unit, format_q, parse_unit, round_money
from .values import HISTORY, Unknown, and3, merge_unknowns, not3, or3

Value = Any
Fn = Callable[["Env"], Value]


@dataclass
class HistoryEntry:
    """A past claim: which benefit, when, by whom, and the facts that identify it (职业、等级 …)."""

    benefit: str  # benefit key
    date: dt.date
    claimant: str = "个人"
    fields: dict[str, Value] = field(default_factory=dict)
    amount: Q | None = None  # 金额 granted by that claim, when the case gives it (amount limits)


@dataclass
class Env:
    date: dt.date
    facts: dict[str, Value]
    params: dict[str, Value]
    history: list[HistoryEntry] | None
    record: dict[int, Value] | None = None
    memo: dict[str, Value] = field(default_factory=dict)


@dataclass
class LimitResult:
    limit: n.LimitDecl
    ok: bool | Unknown
    detail: str
    remaining: Q | None = None  # amount limits that hold: what may still be granted


@dataclass
class Decision:
    benefit: n.BenefitDecl
    status: Status
    amount: Q | None = None
    amount_unknown: Unknown | None = None
    display_unit: Unit | None = None
    up_to: bool = False
    missing: Unknown | None = None  # what would decide the status (待定)
    exclusions_hit: list[n.Expr] = field(default_factory=list)
    limits: list[LimitResult] = field(default_factory=list)
    exception: n.ExceptionDecl | None = None
    conflicts: list[n.ExceptionDecl] = field(default_factory=list)
    cap_applied: n.Modifier | None = None
    raw_amount: Q | None = None
    quota_applied: LimitResult | None = None  # an amount limit whose remaining quota capped the payout


_CMP = {
    ">=": lambda a, b: a >= b, ">": lambda a, b: a > b, "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b, "==": lambda a, b: a == b, "!=": lambda a, b: a != b,
}


def _num(v):
    """The comparable payload of a value: Fraction for quantities, the value itself otherwise."""
    return v.value if isinstance(v, Q) else v


def _placeholder_span(e: n.Expr) -> tuple[dt.date, dt.date] | None:
    """The days a draft date such as 2022 年*月*日 may stand for: its year is known, month or day are not."""
    if not isinstance(e, n.Date) or not e.is_placeholder:
        return None
    if e.month is None:
        return dt.date(e.year, 1, 1), dt.date(e.year, 12, 31)
    last = (dt.date(e.year + e.month // 12, e.month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(e.year, e.month, 1), dt.date(e.year, e.month, last)


class Compiler:
    def __init__(self, program: Program, record: bool = True):
        self.p = program
        self.terms: dict[str, Fn] = {}
        self.record = record  # wrap every node to record its value for explanations

    def term(self, key: str) -> Fn:
        if key not in self.terms:
            self.terms[key] = lambda env: None  # placeholder while compiling (cycles are check errors)
            body = self.expr(self.p.terms[key].body)

            def run(env: Env, key=key, body=body):
                memo = env.memo
                if key in memo:
                    return memo[key]
                v = memo[key] = body(env)
                return v

            self.terms[key] = run
        return self.terms[key]

    def expr(self, e: n.Expr) -> Fn:
        f = getattr(self, "_" + type(e).__name__)(e)
        if not self.record:  # compiled for speed: no per-node wrapper to call
            return f
        node_id = id(e)

        def recorded(env: Env, f=f, node_id=node_id):
            v = f(env)
            if env.record is not None:
                env.record[node_id] = v
            return v

        return recorded

    # leaves
    def _Ref(self, e: n.Ref) -> Fn:
        key = e.name.key
        if key in self.p.facts:
            missing = Unknown(frozenset({self.p.facts[key].decl.name.text}))
            return lambda env: env.facts.get(key, missing)
        if key in self.p.params:
            missing = Unknown(frozenset({"参数「" + self.p.params[key].decl.name.text + "」"}))
            return lambda env: env.params.get(key, missing)
        return self.term(key)

    def _Quantity(self, e: n.Quantity) -> Fn:
        q = Q.of(e.number, parse_unit(e.unit))
        return lambda env: q

    def _Text(self, e: n.Text) -> Fn:
        v = e.value
        return lambda env: v

    def _Date(self, e: n.Date) -> Fn:
        if e.is_placeholder:
            u = Unknown(placeholders=frozenset({f"日期 {e.text} 尚未确定"}))
            return lambda env: u
        d = dt.date(e.year, e.month, e.day)
        return lambda env: d

    def _Placeholder(self, e: n.Placeholder) -> Fn:
        u = Unknown(placeholders=frozenset({"按规定"}))
        return lambda env: u

    # arithmetic
    def _Binary(self, e: n.Binary) -> Fn:
        a, b = self.expr(e.left), self.expr(e.right)
        op = {"+": Q.__add__, "-": Q.__sub__, "×": Q.__mul__, "÷": Q.__truediv__}[e.op]

        def run(env):
            x, y = a(env), b(env)
            if isinstance(x, Unknown) or isinstance(y, Unknown):
                return merge_unknowns((x, y))
            if e.op == "÷" and y.value == 0:
                return Unknown(placeholders=frozenset({"除数为 0"}))
            return op(x, y)

        return run

    def _Neg(self, e: n.Neg) -> Fn:
        a = self.expr(e.operand)
        return lambda env: (lambda v: v if isinstance(v, Unknown) else -v)(a(env))

    def _Excess(self, e: n.Excess) -> Fn:
        a, b = self.expr(e.value), self.expr(e.threshold)

        def run(env):
            x, y = a(env), b(env)
            if isinstance(x, Unknown) or isinstance(y, Unknown):
                return merge_unknowns((x, y))
            # the part of the span 0…A that lies above B: never negative and never more than A itself
            # (with LPR below 1.5 %, LPR − 150BP < 0, yet the subsidy cannot exceed the whole rate)
            return Q(max(x.value - max(y.value, Fraction(0)), Fraction(0)), x.dim)

        return run

    def _Call(self, e: n.Call) -> Fn:
        args = [self.expr(x) for x in e.args]
        pick = min if e.func == "较小值" else max

        def run(env):
            vals = [f(env) for f in args]
            if any(isinstance(v, Unknown) for v in vals):
                return merge_unknowns(vals)
            return pick(vals, key=lambda q: q.value)

        return run

    def _Lookup(self, e: n.Lookup) -> Fn:
        key = self.expr(e.key)
        table: list[tuple[Any, Fn]] = []
        for row in e.rows:
            value = self.expr(row.value)
            for k in row.keys:
                lit = k.value if isinstance(k, n.Text) else Q.of(k.number, parse_unit(k.unit)).value
                table.append((lit, value))
        default = self.expr(e.default) if e.default is not None else None
        index = dict(table)

        def run(env):
            k = key(env)
            if isinstance(k, Unknown):
                return k
            f = index.get(_num(k))
            if f is None:
                if default is None:
                    return Unknown(placeholders=frozenset({f"查表无此项：{k}"}))
                return default(env)
            return f(env)

        return run

    # comparisons
    def _Compare(self, e: n.Compare) -> Fn:
        a, b = self.expr(e.left), self.expr(e.right)
        test = _CMP[e.op]
        span = _placeholder_span(self._through_terms(e.right))
        if span is not None:
            return self._compare_placeholder_date(a, b, test, e.op, span)

        def run(env):
            x, y = a(env), b(env)
            if isinstance(x, Unknown) or isinstance(y, Unknown):
                return merge_unknowns((x, y))
            return test(_num(x), _num(y))

        return run

    def _through_terms(self, e: n.Expr) -> n.Expr:
        """A term defined as a draft date (「施行日期」 指 2022 年*月*日) compares like the date itself,
        so a drafter can name the date once and refer to it everywhere."""
        seen: set[str] = set()
        while isinstance(e, n.Ref) and e.name.key in self.p.terms and e.name.key not in seen:
            seen.add(e.name.key)
            e = self.p.terms[e.name.key].body
        return e

    @staticmethod
    def _compare_placeholder_date(a: Fn, b: Fn, test, op: str, span: tuple[dt.date, dt.date]) -> Fn:
        """X 在 2022 年*月*日 之前/之后: the draft's date lies somewhere in [lo, hi] (its year is known),
        so a date outside that range is decided; only a date inside it stays 待定."""
        lo, hi = span

        def run(env):
            x, y = a(env), b(env)  # b is evaluated for the explanation only: it is the placeholder
            if isinstance(x, Unknown) or not isinstance(x, dt.date):
                return merge_unknowns((x, y))
            if op in {"==", "!="}:
                inside = lo <= x <= hi
                return y if inside else op == "!="
            at_lo, at_hi = test(x, lo), test(x, hi)  # monotone in the date: both ends agree → decided
            return at_lo if at_lo == at_hi else y

        return run

    def _Between(self, e: n.Between) -> Fn:
        v, lo, hi = self.expr(e.value), self.expr(e.low), self.expr(e.high)

        def run(env):
            x, a, b = v(env), lo(env), hi(env)
            if any(isinstance(t, Unknown) for t in (x, a, b)):
                return merge_unknowns((x, a, b))
            return _num(a) <= _num(x) <= _num(b)

        return run

    def _Member(self, e: n.Member) -> Fn:
        v = self.expr(e.value)
        options = {o.value if isinstance(o, n.Text) else Q.of(o.number, parse_unit(o.unit)).value for o in e.options}

        def run(env):
            x = v(env)
            return x if isinstance(x, Unknown) else _num(x) in options

        return run

    def _Contains(self, e: n.Contains) -> Fn:
        s = self.expr(e.collection)
        item = e.item.value if isinstance(e.item, n.Text) else None

        def run(env):
            x = s(env)
            return x if isinstance(x, Unknown) else item in x

        return run

    def _Logic(self, e: n.Logic) -> Fn:
        ops = [self.expr(x) for x in e.operands]
        combine = and3 if e.op == "且" else or3
        return lambda env: combine(f(env) for f in ops)

    def _Not(self, e: n.Not) -> Fn:
        a = self.expr(e.operand)
        return lambda env: not3(a(env))


@dataclass
class CompiledOutcome:
    payout: Fn | None
    caps: list[tuple[n.Modifier, Fn]]
    floors: list[tuple[n.Modifier, Fn]]
    display_unit: Unit | None


@dataclass
class CompiledBenefit:
    decl: n.BenefitDecl
    condition: Fn | None
    exclusions: list[tuple[n.Expr, Fn]]
    outcome: CompiledOutcome
    exceptions: list[tuple[n.ExceptionDecl, Fn, CompiledOutcome]]
    limits: list[n.LimitDecl]


class Evaluator:
    """A program compiled for evaluation; `decide(env)` gives one Decision per benefit."""

    def __init__(self, program: Program):
        self.program = program
        c = Compiler(program)
        self.benefits: list[CompiledBenefit] = self._compile(c)
        self.compiler = c
        # The same rules compiled without recording wrappers, used when no explanation is asked
        # for (env.record is None): population screens pay no price for --explain.
        self._plain: list[CompiledBenefit] | None = None

    def _compile(self, c: Compiler) -> list[CompiledBenefit]:
        program = self.program
        return [CompiledBenefit(
                    b,
                    c.expr(b.condition) if b.condition is not None else None,
                    [(x, c.expr(x)) for x in b.exclusions],
                    self._outcome(c, b.outcome),
                    [(x, c.expr(x.condition), self._outcome(c, x.outcome)) for x in program.exceptions.get(key, [])],
                    program.limits_for.get(key, []),
                ) for key, b in program.benefits.items()]

    @staticmethod
    def _outcome(c: Compiler, o: n.Outcome) -> CompiledOutcome:
        unit = None
        if isinstance(o.payout, n.Quantity) and o.payout.unit:
            unit = parse_unit(o.payout.unit)
        caps = [(m, c.expr(m.value)) for m in o.modifiers if m.kind == ModifierKind.CAP]
        floors = [(m, c.expr(m.value)) for m in o.modifiers if m.kind == ModifierKind.FLOOR]
        if unit is None:
            for m, _ in caps:
                if isinstance(m.value, n.Quantity) and m.value.unit:
                    unit = parse_unit(m.value.unit)
        return CompiledOutcome(c.expr(o.payout) if o.payout is not None else None, caps, floors, unit)

    def decide_all(self, env: Env) -> list[Decision]:
        if env.record is None:
            if self._plain is None:
                self._plain = self._compile(Compiler(self.program, record=False))
            return [self.decide(b, env) for b in self._plain]
        return [self.decide(b, env) for b in self.benefits]

    def decide(self, b: CompiledBenefit, env: Env) -> Decision:
        d = Decision(b.decl, Status.PENDING, up_to=b.decl.outcome.up_to)
        cond = True if b.condition is None else b.condition(env)
        parts = [cond]
        for expr, f in b.exclusions:
            hit = f(env)
            if hit is True:
                d.exclusions_hit.append(expr)
            parts.append(not3(hit))
        for lim in b.limits:
            res = check_limit(lim, env)
            d.limits.append(res)
            parts.append(res.ok)
        eligible = and3(parts)
        if eligible is False:
            d.status = Status.INELIGIBLE
            return d
        self._amount(b, env, d)
        _apply_quota(d)
        if isinstance(eligible, Unknown):
            d.status = Status.PENDING
            d.missing = eligible
        elif d.conflicts:
            d.status = Status.CONFLICT
        else:
            d.status = Status.ELIGIBLE
        return d

    def _amount(self, b: CompiledBenefit, env: Env, d: Decision) -> None:
        outcome = b.outcome
        applying = []
        open_exceptions = Unknown()
        for exc, cond, out in b.exceptions:
            v = cond(env)
            if v is True:
                applying.append((exc, out))
            elif isinstance(v, Unknown):
                open_exceptions = open_exceptions | v
        if applying:
            results = [(exc, self._payout(out, env)) for exc, out in applying]
            distinct = {_key(r[1][0]) for r in results}
            if len(distinct) > 1:
                d.conflicts = [exc for exc, _ in results]
            d.exception, outcome = applying[0]
        amount, cap_applied, raw = self._payout(outcome, env)
        d.cap_applied, d.raw_amount = cap_applied, raw
        d.display_unit = outcome.display_unit
        if open_exceptions.missing or open_exceptions.placeholders:
            amount = (amount | open_exceptions) if isinstance(amount, Unknown) else open_exceptions
        if isinstance(amount, Unknown):
            d.amount_unknown = amount
        else:
            d.amount = amount

    def _payout(self, out: CompiledOutcome, env: Env):
        if out.payout is None:
            return None, None, None
        v = out.payout(env)
        raw = v
        cap_applied = None
        for m, f in out.caps:
            c = f(env)
            if isinstance(v, Unknown) or isinstance(c, Unknown):
                v = merge_unknowns((v, c))
            elif c.value < v.value:
                v, cap_applied = c, m
        for m, f in out.floors:
            c = f(env)
            if isinstance(v, Unknown) or isinstance(c, Unknown):
                v = merge_unknowns((v, c))
            elif c.value > v.value:
                v = c
        if isinstance(v, Q):
            v = round_money(v)
        return v, cap_applied, raw


def evaluator_for(program: Program) -> Evaluator:
    """The program compiled for evaluation: built once per program, every later case reuses it."""
    return program.derived("evaluator", Evaluator)


def _apply_quota(d: Decision) -> None:
    """Cap the final amount at the smallest remaining quota of the amount limits that hold."""
    for res in d.limits:
        rem = res.remaining
        if rem is None or not isinstance(d.amount, Q) or d.amount.dim != rem.dim:
            continue
        if rem.value < d.amount.value:
            d.amount, d.quota_applied = round_money(rem), res


def _key(v):
    return ("?",) if isinstance(v, Unknown) or v is None else (v.value, v.dim)


def check_limit(lim: n.LimitDecl, env: Env) -> LimitResult:
    """Apply a history rule to the claim being decided.

    What is missing — the current claim's own facts and the history — is gathered first, so a
    待定 names everything still needed, not only the first gap.
    """
    fields = [lim.field] if lim.kind == "total_sum" else list(lim.keys)
    missing = {f.text for f in fields if f.key not in env.facts}
    if env.history is None:
        missing.add(HISTORY)
    if missing:
        return LimitResult(lim, Unknown(frozenset(missing)), "尚缺：" + "、".join(sorted(missing)))
    counted = lim.counted_keys
    entries = [h for h in env.history if h.benefit in counted]
    if lim.kind in {"per_year_count", "total_count"}:
        if lim.kind == "per_year_count":
            entries = [h for h in entries if h.date.year == env.date.year]
        bound = int(Q.of(lim.bound.number, parse_unit(lim.bound.unit)).value)
        scope = f"{env.date.year} 年内" if lim.kind == "per_year_count" else "累计"
        ok = len(entries) + 1 <= bound
        return LimitResult(lim, ok, f"{scope}已享受 {len(entries)} 次，本次为第 {len(entries) + 1} 次，上限 {bound} 次")
    if lim.kind == "total_sum":
        key = lim.field.key
        total = env.facts[key].value
        for h in entries:
            v = h.fields.get(key)
            if v is None:
                return LimitResult(lim, Unknown(frozenset({f"历史记录中的「{lim.field.text}」"})), "历史记录缺少该字段")
            total += v.value
        unit = parse_unit(lim.bound.unit)
        ok = total <= Q.of(lim.bound.number, unit).value
        return LimitResult(lim, ok, f"累计（含本次）{format_q(Q(total, unit.dim), unit)}，上限 {lim.bound.text}")
    if lim.kind in {"per_year_amount", "total_amount"}:
        return _amount_limit(lim, entries, env)
    # no_repeat
    current = {k.key: env.facts[k.key] for k in lim.keys}
    if lim.claimant:
        entries = [h for h in entries if h.claimant == lim.claimant]
    for h in entries:
        if all(h.fields.get(k) == v for k, v in current.items()):
            who = h.claimant if lim.claimant else "申请人"
            return LimitResult(lim, False, f"{h.date} 已由{who}享受过同一" + "、".join(
                f"{k.text}（{_show(current[k.key])}）" for k in lim.keys))
    return LimitResult(lim, True, "历史记录中没有重复")


MONEY = parse_unit("元")


def _amount_limit(lim: n.LimitDecl, entries: list[HistoryEntry], env: Env) -> LimitResult:
    """Money already granted by the counted past claims (this calendar year, or ever) against the bound."""
    per_year = lim.kind == "per_year_amount"
    if per_year:
        entries = [h for h in entries if h.date.year == env.date.year]
    if any(h.amount is None for h in entries):
        return LimitResult(lim, Unknown(frozenset({"历史记录中的「金额」"})), "历史记录缺少「金额」")
    granted = sum((h.amount.value for h in entries), Fraction(0))
    bound = Q.of(lim.bound.number, parse_unit(lim.bound.unit))
    remaining = Q(bound.value - granted, MONEY.dim)
    scope = "本年" if per_year else "累计"
    done = f"{scope}已享受 {format_q(Q(granted, MONEY.dim), MONEY)}"
    if remaining.value <= 0:
        return LimitResult(lim, False, f"{done}，已达上限 {lim.bound.text}")
    return LimitResult(lim, True, f"{done}，上限 {lim.bound.text}，{scope}剩余额度 {format_q(remaining, MONEY)}",
                       remaining)


def quota_note(res: LimitResult) -> str:
    """How an explanation says that an amount limit capped the payout."""
    scope = "本年" if res.limit.kind == "per_year_amount" else "累计"
    return f"按{scope}剩余额度 {format_q(res.remaining, MONEY)}封顶（限制「{res.limit.name.text}」）"


def _show(v) -> str:
    return format_q(v) if isinstance(v, Q) else str(v)
