"""Evaluate a checked program on a case: the scalar evaluator, the reference semantics.

The program's IR (`hzdsl.ir`) is compiled once into closures: every name already resolved, every
literal already exact, so evaluating a case does no lookups by name and no type dispatch. What
each operation means is defined once in `hzdsl.runtime.semantics`; this module only wires the IR
to it. Terms are memoised per case. When an explanation is asked for, every node's value is
recorded under the node's stable id (`ir` node `id`, e.g. `三/待遇:一次性创业补贴/condition`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import repeat
from operator import call
from typing import Any, Callable

from .. import ir
from ..check.program import Program
from ..kinds import ModifierKind, Status
from ..units import Q, Unit, round_money, shown_unit
from . import semantics as sem
from .bounds import LowerBounds
from .limits import HistoryEntry, LimitResult, check_limit, domains_of  # noqa: F401 (re-exported)
from .semantics import Contradiction
from .values import Key, KeyKind, Unknown, and3, merge_unknowns, not3, or3

Value = Any
Fn = Callable[["Env"], Value]
NEGATIVE = Unknown(placeholders=frozenset({Key(KeyKind.NEGATIVE_AMOUNT)}))


@dataclass
class Env:
    date: dt.date
    facts: dict[str, Value]
    params: dict[str, Value]
    history: list[HistoryEntry] | None
    record: dict[str, Value] | None = None  # stable node id → value (explanations, rule coverage)
    memo: dict[str, Value] = field(default_factory=dict)


@dataclass
class Decision:
    """One benefit decided for one case, in IR nodes: `rule` is the IR benefit (stable id, name,
    clause, quotes, outcome), and so are the exclusions hit, the exception applied, the exceptions
    in conflict and the cap applied (an IR node's `origin` prints it as written)."""

    rule: ir.Benefit
    status: Status
    amount: Q | None = None
    amount_unknown: Unknown | None = None
    display_unit: Unit | None = None
    up_to: bool = False
    missing: Unknown | None = None  # what would decide the status (待定)
    exclusions_hit: list[ir.Expr] = field(default_factory=list)
    limits: list[LimitResult] = field(default_factory=list)
    exception: ir.ExceptionRule | None = None
    conflicts: list[ir.ExceptionRule] = field(default_factory=list)
    cap_applied: ir.Modifier | None = None
    raw_amount: Q | None = None
    quota_applied: LimitResult | None = None  # an amount limit whose remaining quota capped the payout
    contradiction: Contradiction | None = None  # the payout's floor above its cap (最低 > 最高不超过): 冲突
    at_most: bool = False  # the amount is the most an open amount limit leaves (shown 至多 …; the status is 待定)


# The comparison operators (a module attribute so a mutation test can plant a wrong one).
_CMP = sem.CMP

# Enum members used on the hot path, read once (an enum class attribute lookup is slow in 3.11).
_PENDING, _INELIGIBLE, _ELIGIBLE, _CONFLICT = Status.PENDING, Status.INELIGIBLE, Status.ELIGIBLE, Status.CONFLICT
_FACT_KEYS: dict[str, Key] = {}


def _fact_key(name: str) -> Key:
    """The Key of a fact by its name as written (made once per name)."""
    k = _FACT_KEYS.get(name)
    if k is None:
        k = _FACT_KEYS[name] = Key(KeyKind.FACT, name)
    return k


_ABSENT = object()


def implications(program: Program) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """fact key → (facts whose truth makes it true, facts whose falsehood makes it false), transitively.

    From `事实 「甲」：… 布尔，蕴含 「乙」`: 甲 true ⇒ 乙 true, and 乙 false ⇒ 甲 false. A fact the
    case gives is always taken as given; these fill in only facts the case leaves out.
    """
    def build(p: Program):
        direct = {k: [t.key for t in getattr(info.decl, "implies", ()) if t.key in p.facts]
                  for k, info in p.facts.items()}
        closure: dict[str, set[str]] = {}
        for k in direct:
            seen: set[str] = set()
            todo = list(direct[k])
            while todo:
                t = todo.pop()
                if t not in seen and t != k:
                    seen.add(t)
                    todo.extend(direct.get(t, ()))
            closure[k] = seen
        out: dict[str, tuple[list[str], list[str]]] = {}
        for a, targets in closure.items():
            for b in targets:
                out.setdefault(b, ([], []))[0].append(a)
                out.setdefault(a, ([], []))[1].append(b)
        return {k: (tuple(sorted(x)), tuple(sorted(y))) for k, (x, y) in out.items()}

    return program.derived("implications", build)


class Compiler:
    """IR → closures over an Env."""

    def __init__(self, program: Program, record: bool = True):
        self.p = program
        self.ir = ir.ir_of(program)
        self.terms: dict[str, Fn] = {}
        self.record = record  # wrap every node to record its value for explanations
        self.lows = LowerBounds(self.ir, self.expr)  # lower bounds of unknown payouts (caps decide them)

    def term(self, key: str) -> Fn:
        if key not in self.terms:
            self.terms[key] = lambda env: None  # placeholder while compiling (cycles are check errors)
            body = self.expr(self.ir.terms[key].body)

            def run(env: Env, key=key, body=body):
                memo = env.memo
                if key in memo:
                    return memo[key]
                v = memo[key] = body(env)
                return v

            self.terms[key] = run
        return self.terms[key]

    def expr(self, e: ir.Expr) -> Fn:
        f = getattr(self, "_" + type(e).__name__)(e)
        if not self.record:  # compiled for speed: no per-node wrapper to call
            return f
        node_id = e.id

        def recorded(env: Env, f=f, node_id=node_id):
            v = f(env)
            if env.record is not None:
                env.record[node_id] = v
            return v

        return recorded

    # leaves
    def _Ref(self, e: ir.Ref) -> Fn:
        key = e.key
        if e.kind == ir.RefKind.FACT:
            missing = Unknown(frozenset({Key(KeyKind.FACT, e.name)}))
            implied_by, implying = implications(self.p).get(key, ((), ()))
            if not implied_by and not implying:
                return lambda env: env.facts.get(key, missing)

            def run(env, key=key, missing=missing, implied_by=implied_by, implying=implying):
                v = env.facts.get(key, _ABSENT)
                if v is not _ABSENT:
                    return v
                facts = env.facts
                if any(facts.get(a) is True for a in implied_by):
                    return True  # a fact that implies this one holds (蕴含)
                if any(facts.get(b) is False for b in implying):
                    return False  # a fact this one implies fails: so does this one
                return missing

            return run
        if e.kind == ir.RefKind.PARAM:
            missing = Unknown(frozenset({Key(KeyKind.PARAM, e.name)}))
            return lambda env: env.params.get(key, missing)
        return self.term(key)

    def _Quantity(self, e: ir.Quantity) -> Fn:
        q = e.value
        return lambda env: q

    def _Text(self, e: ir.Text) -> Fn:
        v = e.value
        return lambda env: v

    def _Date(self, e: ir.Date) -> Fn:
        d = e.value
        return lambda env: d

    def _PlaceholderDate(self, e: ir.PlaceholderDate) -> Fn:
        u = Unknown(placeholders=frozenset({Key(KeyKind.DRAFT_DATE, e.text)}))
        return lambda env: u

    def _Placeholder(self, e: ir.Placeholder) -> Fn:
        u = Unknown(placeholders=frozenset({Key(KeyKind.AS_PROVIDED, e.text)}))
        return lambda env: u

    # arithmetic
    def _Arith(self, e: ir.Arith) -> Fn:
        a, b, op, arith = self.expr(e.left), self.expr(e.right), e.op.value, sem.arith
        return lambda env: arith(op, a(env), b(env))

    def _Neg(self, e: ir.Neg) -> Fn:
        a, negate = self.expr(e.operand), sem.negate
        return lambda env: negate(a(env))

    def _Excess(self, e: ir.Excess) -> Fn:
        a, b, excess = self.expr(e.value), self.expr(e.threshold), sem.excess
        return lambda env: excess(a(env), b(env))

    def _Extreme(self, e: ir.Extreme) -> Fn:
        args, func, extreme = [self.expr(x) for x in e.args], e.func.value, sem.extreme
        return lambda env: extreme(func, [f(env) for f in args])

    def _Lookup(self, e: ir.Lookup) -> Fn:
        key = self.expr(e.key)
        index: dict[Any, Fn] = {}
        for row in e.rows:
            value = self.expr(row.value)
            for lit in row.values:
                index[lit] = value  # a repeated key is a check error (E202); the last row wins
        default = self.expr(e.default) if e.default is not None else None
        payload, miss = sem.payload, sem.lookup_miss

        def run(env):
            k = key(env)
            if isinstance(k, Unknown):
                return k
            f = index.get(payload(k))
            if f is None:
                return miss(k) if default is None else default(env)
            return f(env)

        return run

    # comparisons
    def _Compare(self, e: ir.Compare) -> Fn:
        a, b, op = self.expr(e.left), self.expr(e.right), e.op.value
        draft = self.ir.through_terms(e.right)
        if isinstance(draft, ir.PlaceholderDate):
            lo, hi, against = draft.low, draft.high, sem.compare_with_draft_date

            def run_draft(env):
                x, y = a(env), b(env)  # y is evaluated for the explanation only: it is the placeholder
                return against(op, x, lo, hi, y if isinstance(y, Unknown) else Unknown())

            return run_draft
        test = _CMP[op]
        payload = sem.payload

        def run(env):
            x, y = a(env), b(env)
            if isinstance(x, Unknown) or isinstance(y, Unknown):
                return merge_unknowns((x, y))
            return test(payload(x), payload(y))

        return run


    def _Between(self, e: ir.Between) -> Fn:
        v, lo, hi, between = self.expr(e.value), self.expr(e.low), self.expr(e.high), sem.between
        return lambda env: between(v(env), lo(env), hi(env))

    def _Member(self, e: ir.Member) -> Fn:
        v, options, member = self.expr(e.value), e.values, sem.member
        return lambda env: member(v(env), options)

    def _Contains(self, e: ir.Contains) -> Fn:
        s, contains = self.expr(e.collection), sem.contains
        item = e.item.value if isinstance(e.item, ir.Text) else None
        return lambda env: contains(s(env), item)

    def _Logic(self, e: ir.Logic) -> Fn:
        ops = [self.expr(x) for x in e.operands]
        combine = and3 if e.op == ir.LogicOp.AND else or3
        # the operands' values as a lazy iterator made in C (map), not a generator: 且/或 still stop
        # at the first false/true operand, without a Python frame resumed for each one
        return lambda env: combine(map(call, ops, repeat(env)))

    def _Not(self, e: ir.Not) -> Fn:
        a = self.expr(e.operand)
        return lambda env: not3(a(env))


@dataclass
class CompiledOutcome:
    payout: Fn | None
    caps: list[tuple[ir.Modifier, Fn]]
    floors: list[tuple[ir.Modifier, Fn]]
    display_unit: Unit | None
    low: Callable | None = None  # env → a lower bound of the payout when it is unknown (runtime.bounds)


@dataclass
class CompiledBenefit:
    decl: Any  # the benefit as written (`rule.origin`): for printing it, never for resolving names
    condition: Fn | None
    exclusions: list[tuple[ir.Expr, Fn]]
    outcome: CompiledOutcome
    exceptions: list[tuple[ir.ExceptionRule, Fn, CompiledOutcome]]
    limits: list[ir.Limit]
    rule: ir.Benefit | None = None


class Evaluator:
    """A program compiled for evaluation; `decide_all(env)` gives one Decision per benefit."""

    def __init__(self, program: Program):
        self.program = program
        c = Compiler(program)
        self.benefits: list[CompiledBenefit] = self._compile(c)
        self.compiler = c
        self.domains = domains_of(program.facts)  # what an unknown field could be (limits)
        # The same rules compiled without recording wrappers, used when no explanation is asked
        # for (env.record is None): population screens pay no price for --explain.
        self._plain: list[CompiledBenefit] | None = None

    def benefit(self, key: str) -> CompiledBenefit | None:
        """The compiled benefit whose name key is `key` (None when the program has none)."""
        by_key = self.__dict__.get("_by_key")
        if by_key is None:
            by_key = self.__dict__["_by_key"] = {b.rule.key: b for b in self.benefits}
        return by_key.get(key)

    def _compile(self, c: Compiler) -> list[CompiledBenefit]:
        return [CompiledBenefit(
                    b.origin,
                    c.expr(b.condition) if b.condition is not None else None,
                    [(x, c.expr(x)) for x in b.exclusions],
                    self._outcome(c, b.outcome),
                    [(x, c.expr(x.condition), self._outcome(c, x.outcome)) for x in b.exceptions],
                    list(b.limits),
                    b,
                ) for b in c.ir.benefits.values()]

    @staticmethod
    def _outcome(c: Compiler, o: ir.Outcome) -> CompiledOutcome:
        caps = [(m, c.expr(m.value)) for m in o.modifiers if m.kind == ModifierKind.CAP]
        floors = [(m, c.expr(m.value)) for m in o.modifiers if m.kind == ModifierKind.FLOOR]
        low = c.lows.low(o.payout) if o.payout is not None and caps else None
        return CompiledOutcome(c.expr(o.payout) if o.payout is not None else None, caps, floors, o.display_unit, low)

    def decide_all(self, env: Env) -> list[Decision]:
        if env.record is None:
            if self._plain is None:
                self._plain = self._compile(Compiler(self.program, record=False))
            return [self.decide(b, env) for b in self._plain]
        return [self.decide(b, env) for b in self.benefits]

    def decide(self, b: CompiledBenefit, env: Env) -> Decision:
        d = Decision(b.rule, _PENDING, up_to=b.rule.outcome.up_to)
        cond = True if b.condition is None else b.condition(env)
        parts = [cond]
        for expr, f in b.exclusions:
            hit = f(env)
            if hit is True:
                d.exclusions_hit.append(expr)
            parts.append(not3(hit))
        for lim in b.limits:
            res = check_limit(lim, env, self.domains)
            d.limits.append(res)
            parts.append(res.ok)
        eligible = and3(parts)
        if eligible is False:
            d.status = _INELIGIBLE
            return d
        self._amount(b, env, d)
        _apply_quota(d)
        if isinstance(d.amount, Q) and d.amount.value < 0:
            # 读法: a negative amount is never a grant, and the policy does not say what is paid
            # instead (it lacks a 最低; W604 / lint W655): 待定 for want of the policy (政策待定),
            # the computed amount kept in raw_amount for the explanation (docs/语言参考.md §11)
            eligible = and3([eligible, NEGATIVE])
            d.amount_unknown, d.amount = eligible, None
        if isinstance(eligible, Unknown):
            d.status = _PENDING
            d.missing = eligible
        elif d.conflicts or d.contradiction:
            d.status = _CONFLICT
        else:
            d.status = _ELIGIBLE
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
        if isinstance(amount, Contradiction):
            d.contradiction = amount
            amount = Unknown(placeholders=frozenset({Key(KeyKind.CONTRADICTION, amount)}))
        d.cap_applied, d.raw_amount = cap_applied, raw
        d.display_unit = shown_unit(amount, outcome.display_unit) if isinstance(amount, Q) else outcome.display_unit
        if open_exceptions.missing or open_exceptions.placeholders:
            amount = (amount | open_exceptions) if isinstance(amount, Unknown) else open_exceptions
        if isinstance(amount, Unknown):
            d.amount_unknown = amount
        else:
            d.amount = amount

    def _payout(self, out: CompiledOutcome, env: Env):
        if out.payout is None:
            return None, None, None
        raw = out.payout(env)
        low = out.low(env) if out.low is not None and isinstance(raw, Unknown) else None
        amount, cap_applied = sem.payout(raw, [(m, f(env)) for m, f in out.caps], [f(env) for _, f in out.floors], low)
        return amount, cap_applied, raw


def evaluator_for(program: Program) -> Evaluator:
    """The program compiled for evaluation: built once per program, every later case reuses it."""
    return program.derived("evaluator", Evaluator)


def _apply_quota(d: Decision) -> None:
    """Cap the final amount at the smallest remaining quota of the amount limits that hold — and, for
    an amount limit still open (待定), at the most its quota can be: 读法, a 待定 amount never promises
    more than what is left (6000 元 a year, 5000 元 known granted, one record without 金额: at most 1000 元).

    读法 (breaker s21): while an amount limit is open, the amount shown is only an upper bound even where
    the quota does not bind it — the grants the history leaves out may have used the quota up (fee 1000 元
    → 600 元 with the history unknown: one who got 5500 元 this year gets 500 元), so it is 至多 600 元."""
    for res in d.limits:
        capped = sem.cap_by_quota(d.amount, res.remaining)
        if capped is not None:
            d.amount, d.quota_applied = capped, res
            continue
        if not isinstance(res.ok, Unknown) or res.at_most is None:
            continue
        if isinstance(d.amount, Q) and d.amount.dim == res.at_most.dim:
            capped = sem.cap_by_quota(d.amount, res.at_most)
            d.amount = d.amount if capped is None else capped
            d.quota_applied, d.at_most = res, True


def _key(v):
    if isinstance(v, Contradiction):
        return ("!", v)
    return ("?",) if isinstance(v, Unknown) or v is None else (v.value, v.dim)


__all__ = ["Env", "HistoryEntry", "Decision", "LimitResult", "Evaluator", "evaluator_for", "check_limit",
           "round_money"]
