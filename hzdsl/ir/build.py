"""Lower a checked program (AST + the checker's tables) to the IR: resolve, type, parse literals, id.

Runs once per program (`ir_of(program)` caches it on the program). Tolerant of a program with
check errors (an unknown name becomes a `Ref` of kind UNRESOLVED, a literal in an unknown unit
a `Quantity` with value None), so an editor can still use it; every other consumer should only
use the IR of an error-free program.
"""
from __future__ import annotations

import datetime as dt

from ..check.dates import date_problem
from ..check.program import Program
from ..check.types import ANY, BOOL, DATE, TEXT, T, num
from ..kinds import LimitKind
from ..limitspec import Aggregate, spec_of
from ..syntax import nodes as n
from ..units import PERCENT, Q, UnitError, parse_unit
from . import nodes as ir
from .program import IRProgram, analyse, clause_order


def ir_of(program: Program) -> IRProgram:
    """The IR of a checked program, built on first use and cached on the program."""
    return program.derived("ir", build_ir)


GLOBAL_KINDS = ("事实", "参数", "术语")  # names used across clauses: their id has no clause


def decl_id(clause: str, kind: str, key: str) -> str:
    """The stable id of a declaration: (clause,) kind and name key — no file, no position.

    Facts, parameters and terms are program-wide names (重点人群 is defined in clause 三 and used
    in 四, 五, 六), so their id is `术语:重点人群`; rules carry their clause: `三/待遇:一次性创业补贴`.
    """
    return f"{clause}/{kind}:{key}" if clause and kind not in GLOBAL_KINDS else f"{kind}:{key}"


def quantity_value(e: n.Quantity) -> Q | None:
    """The exact value of a literal quantity, or None when its unit is unknown (a check error)."""
    try:
        return Q.of(e.number, parse_unit(e.unit))
    except UnitError:
        return None


def literal_value(e: n.Expr):
    """The exact value a lookup key or an option stands for: the text, or the quantity's Fraction."""
    if isinstance(e, n.Text):
        return e.value
    if isinstance(e, n.Quantity):
        q = quantity_value(e)
        return q.value if q is not None else None
    return None


def placeholder_range(e: n.Date) -> tuple[dt.date, dt.date]:
    """The days a draft date such as 2022 年*月*日 may stand for: its year is known, month or day not."""
    if e.month is None:
        return dt.date(e.year, 1, 1), dt.date(e.year, 12, 31)
    last = (dt.date(e.year + e.month // 12, e.month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(e.year, e.month, 1), dt.date(e.year, e.month, last)


class _Builder:
    def __init__(self, p: Program):
        self.p = p
        self.types = p.expr_types

    # ── expressions ──
    def expr(self, e: n.Expr, at: str) -> ir.Expr:
        return getattr(self, "_" + type(e).__name__)(e, at)

    def _t(self, e: n.Expr, default: T = ANY) -> T:
        return self.types.get(id(e), default)

    def _Ref(self, e: n.Ref, at: str) -> ir.Ref:
        key, p = e.name.key, self.p
        if key in p.facts:
            f = p.facts[key]
            return ir.Ref(e.span, at, f.type, f.unit, ir.RefKind.FACT, key, f.decl.name.text,
                          decl_id(f.decl.clause, "事实", key), e)
        if key in p.params:
            f = p.params[key]
            return ir.Ref(e.span, at, f.type, f.unit, ir.RefKind.PARAM, key, f.decl.name.text,
                          decl_id(f.decl.clause, "参数", key), e)
        if key in p.terms:
            d = p.terms[key]
            return ir.Ref(e.span, at, p.term_types.get(key, ANY), None, ir.RefKind.TERM, key, d.name.text,
                          decl_id(d.clause, "术语", key), e)
        return ir.Ref(e.span, at, ANY, None, ir.RefKind.UNRESOLVED, key, e.name.text, "", e)

    def _Quantity(self, e: n.Quantity, at: str) -> ir.Quantity:
        q = quantity_value(e)
        unit = parse_unit(e.unit) if q is not None else None
        return ir.Quantity(e.span, at, num(q.dim) if q is not None else ANY, unit, q, e.text, e)

    def _Text(self, e: n.Text, at: str) -> ir.Text:
        return ir.Text(e.span, at, TEXT, None, e.value, e)

    def _Date(self, e: n.Date, at: str) -> ir.Expr:
        if date_problem(e):  # a date no calendar has (E206): kept, without a value, like an unknown unit
            return ir.Date(e.span, at, DATE, None, None, e.text, e)
        if e.is_placeholder:
            lo, hi = placeholder_range(e)
            return ir.PlaceholderDate(e.span, at, DATE, None, lo, hi, e.text, e)
        return ir.Date(e.span, at, DATE, None, dt.date(e.year, e.month, e.day), e.text, e)

    def _Placeholder(self, e: n.Placeholder, at: str) -> ir.Placeholder:
        return ir.Placeholder(e.span, at, ANY, None, e.text, e)

    def _Binary(self, e: n.Binary, at: str) -> ir.Arith:
        return ir.Arith(e.span, at, self._t(e), None, ir.ArithOp(e.op),
                        self.expr(e.left, at + "/left"), self.expr(e.right, at + "/right"), e)

    def _Neg(self, e: n.Neg, at: str) -> ir.Neg:
        inner = self.expr(e.operand, at + "/operand")
        return ir.Neg(e.span, at, self._t(e), inner.unit, inner, e)

    def _Excess(self, e: n.Excess, at: str) -> ir.Excess:
        v = self.expr(e.value, at + "/value")
        return ir.Excess(e.span, at, self._t(e), v.unit, v, self.expr(e.threshold, at + "/threshold"), e)

    def _Call(self, e: n.Call, at: str) -> ir.Extreme:
        args = tuple(self.expr(x, f"{at}/args/{i}") for i, x in enumerate(e.args))
        return ir.Extreme(e.span, at, self._t(e), next((a.unit for a in args if a.unit), None),
                          ir.ExtremeFunc(e.func), args, e)

    def _Lookup(self, e: n.Lookup, at: str) -> ir.Lookup:
        rows = []
        for i, r in enumerate(e.rows):
            here = f"{at}/rows/{i}"
            keys = tuple(self.expr(k, f"{here}/keys/{j}") for j, k in enumerate(r.keys))
            rows.append(ir.LookupRow(r.span, here, keys, tuple(literal_value(k) for k in r.keys),
                                     self.expr(r.value, here + "/value"), r))
        default = self.expr(e.default, at + "/default") if e.default is not None else None
        unit = next((r.value.unit for r in rows if r.value.unit), default.unit if default else None)
        return ir.Lookup(e.span, at, self._t(e), unit, self.expr(e.key, at + "/key"), tuple(rows), default, e)

    def _Compare(self, e: n.Compare, at: str) -> ir.Compare:
        return ir.Compare(e.span, at, BOOL, None, ir.CmpOp(e.op), e.word,
                          self.expr(e.left, at + "/left"), self.expr(e.right, at + "/right"), e)

    def _Between(self, e: n.Between, at: str) -> ir.Between:
        return ir.Between(e.span, at, BOOL, None, self.expr(e.value, at + "/value"),
                          self.expr(e.low, at + "/low"), self.expr(e.high, at + "/high"), e)

    def _Member(self, e: n.Member, at: str) -> ir.Member:
        options = tuple(self.expr(o, f"{at}/options/{i}") for i, o in enumerate(e.options))
        return ir.Member(e.span, at, BOOL, None, self.expr(e.value, at + "/value"), options,
                         frozenset(literal_value(o) for o in e.options), e)

    def _Contains(self, e: n.Contains, at: str) -> ir.Contains:
        return ir.Contains(e.span, at, BOOL, None, self.expr(e.collection, at + "/collection"),
                           self.expr(e.item, at + "/item"), e)

    def _Logic(self, e: n.Logic, at: str) -> ir.Logic:
        ops = tuple(self.expr(x, f"{at}/operands/{i}") for i, x in enumerate(e.operands))
        return ir.Logic(e.span, at, BOOL, None, ir.LogicOp(e.op), ops, e.form, e)

    def _Not(self, e: n.Not, at: str) -> ir.Not:
        return ir.Not(e.span, at, BOOL, None, self.expr(e.operand, at + "/operand"), e)

    # ── declarations ──
    def outcome(self, o: n.Outcome, at: str) -> ir.Outcome:
        payout = self.expr(o.payout, at + "/payout") if o.payout is not None else None
        mods = tuple(ir.Modifier(m.span, f"{at}/modifiers/{i}", m.kind,
                                 self.expr(m.value, f"{at}/modifiers/{i}/value") if m.value is not None else None, m)
                     for i, m in enumerate(o.modifiers))
        return ir.Outcome(o.span, at, payout, o.entitlement, mods, o.up_to, display_unit(o, payout), o)

    def limit(self, d: n.LimitDecl, lid: str) -> ir.Limit:
        """The IR variant of the declaration's kind (hzdsl/limitspec.py), filled by its aggregate."""
        common = dict(span=d.span, id=lid, key=d.name.key, name=d.name.text, clause=d.clause,
                      quotes=tuple(q.text for q in d.quotes), targets=tuple(t.key for t in d.targets),
                      counted=d.counted_keys, origin=d)
        bound = quantity_value(d.bound) if d.bound is not None else None
        cls = ir.LIMIT_VARIANTS[LimitKind(d.kind)]
        aggregate = spec_of(d.kind).aggregate
        if aggregate is Aggregate.FIELD_SUM:
            return cls(**common, field=d.field.key if d.field else "", bound=bound)
        if aggregate is Aggregate.NO_REPEAT:
            return cls(**common, fields=tuple(k.key for k in d.keys), claimant=d.claimant)
        if aggregate is Aggregate.COUNT:  # a count of claims: a whole number
            return cls(**common, bound=int(bound.value) if bound is not None else 0)
        return cls(**common, bound=bound)  # an amount (Q)

    def build(self) -> IRProgram:
        p = self.p
        facts = {k: ir.Fact(f.decl.span, decl_id(f.decl.clause, "事实", k), k, f.decl.name.text, f.decl.clause,
                            f.decl.entity, f.type, f.unit, f.decl.doc, f.decl,
                            tuple(t.key for t in f.decl.implies), f.upper) for k, f in p.facts.items()}
        params = {k: ir.Param(f.decl.span, decl_id(f.decl.clause, "参数", k), k, f.decl.name.text, f.decl.clause,
                              f.type, f.unit, f.decl.doc, f.decl, f.upper) for k, f in p.params.items()}
        terms = {}
        for k, d in p.terms.items():
            tid = decl_id(d.clause, "术语", k)
            terms[k] = ir.Term(d.span, tid, k, d.name.text, d.clause, tuple(q.text for q in d.quotes),
                               self.expr(d.body, tid + "/body"), d)
        limits: dict[str, ir.Limit] = {}
        for d in p.limits:
            lid = decl_id(d.clause, "限制", d.name.key)
            key, i = d.name.key, 1
            while key in limits:  # two limits under one name: keep both, apart
                i += 1
                key = f"{d.name.key}#{i}"
                lid = decl_id(d.clause, "限制", key)
            limits[key] = self.limit(d, lid)
        limit_of = {id(lim.origin): lim for lim in limits.values()}
        benefits = {}
        for k, b in p.benefits.items():
            bid = decl_id(b.clause, "待遇", k)
            excs = []
            seen_x: set[str] = set()
            for j, x in enumerate(p.exceptions.get(k, [])):
                # under its benefit: two benefits may each have an exception of the same name
                xid = f"{bid}/例外:{x.name.key}"
                if xid in seen_x:
                    xid += f"#{j + 1}"
                seen_x.add(xid)
                excs.append(ir.ExceptionRule(x.span, xid, x.name.key, x.name.text, x.clause, k,
                                             tuple(q.text for q in x.quotes), self.expr(x.condition, xid + "/condition"),
                                             self.outcome(x.outcome, xid + "/outcome"), x))
            benefits[k] = ir.Benefit(
                b.span, bid, k, b.name.text, b.clause, b.kind, tuple(q.text for q in b.quotes),
                self.expr(b.condition, bid + "/condition") if b.condition is not None else None,
                tuple(self.expr(x, f"{bid}/exclusions/{i}") for i, x in enumerate(b.exclusions)),
                self.outcome(b.outcome, bid + "/outcome"), tuple(excs),
                tuple(limit_of[id(lim)] for lim in p.limits_for.get(k, [])), b)
        clauses = {num_: ir.Clause(num_, c.title.text, clause_order(num_), c.span) for num_, c in p.clauses.items()}
        return analyse(facts, params, terms, benefits, limits, clauses)


def display_unit(o: n.Outcome, payout: ir.Expr | None = None):
    """The unit an amount is shown in: the payout literal's unit, else the last literal cap's; else, for a
    dimensionless payout (a 贴息 rate), % — so a rate never prints as a bare "0" or "1.5"."""
    candidates = [m.value for m in o.modifiers if m.kind == "cap"][::-1]
    for e in (o.payout, *candidates):
        if isinstance(e, n.Quantity) and e.unit:
            try:
                return parse_unit(e.unit)
            except UnitError:
                return None
    if payout is not None and payout.type.kind == "num" and not payout.type.dim:
        return PERCENT
    return None


def build_ir(program: Program) -> IRProgram:
    """Lower a checked program to the IR (prefer `ir_of`, which caches it)."""
    return _Builder(program).build()
