"""The IR program: declarations by key, nodes by stable id, and the one dependency analysis."""
from __future__ import annotations

from functools import cached_property
from dataclasses import dataclass, field
from functools import cached_property

from ..syntax.walk import find_all, walk
from . import nodes as ir

_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def clause_order(number: str) -> int:
    """（三）before（十二）: a clause number in Chinese numerals as an int; "" (outside a clause) is -1.

    The one ordering of clauses (diff, schema and the reports sort by it).
    """
    if not number:
        return -1
    total, cur = 0, 0
    for ch in number:
        if ch == "十":
            total += (cur or 1) * 10
            cur = 0
        elif ch == "百":
            total += (cur or 1) * 100
            cur = 0
        else:
            cur = _CN_DIGITS.get(ch, 0)
    return total + cur


@dataclass(frozen=True)
class IRProgram:
    """A resolved, typed program. Dicts keep declaration order; keys are name keys (`Name.key`)."""

    facts: dict[str, ir.Fact]
    params: dict[str, ir.Param]
    terms: dict[str, ir.Term]
    benefits: dict[str, ir.Benefit]
    limits: dict[str, ir.Limit]
    clauses: dict[str, ir.Clause]
    deps: dict[str, ir.Deps]  # benefit key → what it depends on, transitively
    term_deps: dict[str, ir.Deps]  # term key → what it depends on, transitively
    nodes: dict[str, ir.Node] = field(repr=False)  # stable id → node (declarations and expressions)

    def node(self, node_id: str) -> ir.Node | None:
        """The declaration or expression with this stable id (None when there is none)."""
        return self.nodes.get(node_id)

    def decl(self, key: str) -> ir.Decl | None:
        """The fact, parameter, term or benefit named `key` (a name key)."""
        for table in (self.facts, self.params, self.terms, self.benefits):
            if key in table:
                return table[key]
        return None

    def through_terms(self, e: ir.Expr) -> ir.Expr:
        """`e` with term references followed to the expression they stand for, as long as it is one.

        A term defined as a draft date (「施行日期」 指 2022 年*月*日) compares like the date itself, so a
        drafter can name the date once and refer to it everywhere — the scalar evaluator, the SQL and the
        z3 back-ends all read the right side of such a comparison through this one function. A cycle
        (a check error) stops at the first term seen again."""
        seen: set[str] = set()
        while isinstance(e, ir.Ref) and e.kind == ir.RefKind.TERM and e.key not in seen:
            seen.add(e.key)
            e = self.terms[e.key].body
        return e

    def fact_named(self, text: str) -> str | None:
        """The key of the fact whose name as written is `text` — how a runtime Key(FACT) or a history
        field names it —, or None. The one reverse lookup of a fact by its words."""
        return self._fact_keys.get(text)

    @cached_property
    def _fact_keys(self) -> dict[str, str]:
        return {f.name: k for k, f in reversed(self.facts.items())}  # the first declared wins

    def users_of(self, key: str) -> list[str]:
        """Keys of the benefits that depend on the fact, parameter or term `key`, in declaration order."""
        return [b for b, d in self.deps.items() if key in d.names or key in d.history_fields]

    def exprs_of(self, decl: ir.Decl):
        """The top-level expressions of a declaration (conditions, exclusions, payout, modifier values)."""
        if isinstance(decl, ir.Term):
            yield decl.body
        elif isinstance(decl, (ir.Benefit, ir.ExceptionRule)):
            if decl.condition is not None:
                yield decl.condition
            yield from getattr(decl, "exclusions", ())
            o = decl.outcome
            if o.payout is not None:
                yield o.payout
            yield from (m.value for m in o.modifiers if m.value is not None)

    @cached_property
    def implications(self) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
        """fact key → (facts whose truth makes it true, facts whose falsehood makes it false),
        transitively, from `Fact.implies` (蕴含) — what `runtime.evaluate.implications` computes from
        the checked program; the SQL and z3 back-ends read it here. Computed once per program."""
        out: dict[str, tuple[list[str], list[str]]] = {}
        for k, fact in self.facts.items():
            seen: set[str] = set()
            todo = [t for t in fact.implies if t in self.facts]
            while todo:
                t = todo.pop()
                if t not in seen and t != k:
                    seen.add(t)
                    todo.extend(x for x in self.facts[t].implies if x in self.facts)
            for b in seen:
                out.setdefault(b, ([], []))[0].append(k)
                out.setdefault(k, ([], []))[1].append(b)
        return {k: (tuple(sorted(x)), tuple(sorted(y))) for k, (x, y) in out.items()}


def _direct(node) -> tuple[set[str], set[str], set[str]]:
    out: dict[str, set[str]] = {ir.RefKind.FACT: set(), ir.RefKind.PARAM: set(), ir.RefKind.TERM: set(),
                                ir.RefKind.UNRESOLVED: set()}
    for r in find_all(node, ir.Ref):
        out[r.kind].add(r.key)
    return out[ir.RefKind.FACT], out[ir.RefKind.PARAM], out[ir.RefKind.TERM]


def analyse(facts, params, terms, benefits, limits, clauses) -> IRProgram:
    """Index every node by id and compute every benefit's and term's dependencies (transitively)."""
    term_deps: dict[str, ir.Deps] = {}

    def of_term(key: str, visiting: frozenset[str] = frozenset()) -> ir.Deps:
        if key in term_deps:
            return term_deps[key]
        f, p, t = _direct(terms[key].body)
        for sub in list(t):
            if sub in terms and sub not in visiting:  # a cycle is a check error; stop at it
                d = of_term(sub, visiting | {key})
                f |= d.facts
                p |= d.params
                t |= d.terms
        out = ir.Deps(frozenset(f), frozenset(p), frozenset(t), frozenset(), frozenset(), False)
        if not visiting:
            term_deps[key] = out
        return out

    for k in terms:
        of_term(k)
    deps: dict[str, ir.Deps] = {}
    for k, b in benefits.items():
        f, p, t = _direct((b.condition, b.exclusions, b.outcome, b.exceptions))
        for sub in list(t):
            if sub in term_deps:
                d = term_deps[sub]
                f, p, t = f | d.facts, p | d.params, t | d.terms
        hist = {h for lim in b.limits for h in lim.history_fields if h}
        deps[k] = ir.Deps(frozenset(f | hist), frozenset(p), frozenset(t), frozenset(hist),
                          frozenset(lim.key for lim in b.limits), bool(b.limits))
    nodes: dict[str, ir.Node] = {}
    for table in (facts, params, terms, benefits, limits):
        for decl in table.values():
            for x in walk(decl):
                if isinstance(x, ir.Node):
                    nodes.setdefault(x.id, x)
    return IRProgram(facts, params, terms, benefits, limits, clauses, deps, term_deps, nodes)
