"""Rule coverage: which conditions the cases exercised both ways (held and failed).

A *condition* is an atomic test in a rule — a comparison, a membership, a boolean fact, a
reference to a boolean term — found in a benefit's condition or exclusions, an exception's
condition, or (once, shared by all users) a term's definition reachable from those. Each 限制 is a
condition too: it held (within the limit) or failed (limit reached). Values come from the
evaluator's record (Env.record, keyed by node id), so a condition skipped by short-circuit
(且 already false, 或 already true) is not counted as exercised — which is what a drafter means
by “no case tested this”. A condition that depends on a placeholder of the draft (按规定,
2022 年*月*日) can never be decided; it is listed apart and left out of the percentage.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..check.program import Program
from ..runtime.values import Unknown
from ..syntax import nodes as n
from ..syntax.printer import expr as show_expr
from ..syntax.walk import find_all, walk
from .runner import CaseRun

HELD, FAILED, OPEN = "成立", "不成立", "待定"
ATOMS = (n.Compare, n.Between, n.Member, n.Contains)


@dataclass
class Site:
    """One condition in one rule, and what the cases made of it."""

    node: object  # n.Expr, or n.LimitDecl for a limit
    owner: str  # 待遇「…」 / 术语「…」 / 例外「…」 / 限制「…」
    clause: str
    text: str
    undecidable: bool = False
    seen: dict[str, int] = field(default_factory=lambda: {HELD: 0, FAILED: 0, OPEN: 0})

    @property
    def excluded(self) -> bool:
        return self.undecidable and self.seen[HELD] == self.seen[FAILED] == 0

    @property
    def both_ways(self) -> bool:
        return self.seen[HELD] > 0 and self.seen[FAILED] > 0

    @property
    def where(self) -> str:
        s = self.node.span
        return f"{s.file}:{s.line}:{s.col}"

    def gap(self) -> str:
        if self.seen[HELD] == self.seen[FAILED] == 0:
            return "从未判定" + ("（只出现待定）" if self.seen[OPEN] else "（从未求值）")
        return "只出现" + (HELD if self.seen[HELD] else FAILED)


@dataclass
class Group:
    owner: str
    kind: str  # 待遇 | 术语 | 例外 | 限制
    clause: str
    sites: list[Site]
    statuses: dict[str, int] = field(default_factory=dict)  # benefits only: 结论 → count


@dataclass
class Coverage:
    groups: list[Group]
    cases: int

    @property
    def sites(self) -> list[Site]:
        return [s for g in self.groups for s in g.sites]

    @property
    def counted(self) -> list[Site]:
        # a placeholder-dependent condition still counts once some case decided it (a date well
        # outside 2022 is decided against 2022 年*月*日)
        return [s for s in self.sites if not s.excluded]

    @property
    def percent(self) -> float:
        total = self.counted
        return 100.0 * sum(s.both_ways for s in total) / len(total) if total else 100.0

    @property
    def gaps(self) -> list[Site]:
        return [s for s in self.counted if not s.both_ways]


def _is_bool_ref(e: n.Expr, p: Program) -> bool:
    if not isinstance(e, n.Ref):
        return False
    key = e.name.key
    if key in p.facts:
        return p.facts[key].type.kind == "bool"
    t = p.term_types.get(key)
    return key in p.terms and (t is None or t.kind in {"bool", "any"})


def _has_placeholder(e, p: Program) -> bool:
    """Whether a draft placeholder (按规定, 2022 年*月*日) is written in `e` or in a term it reaches."""
    todo, seen = [e], set()
    while todo:
        for x in walk(todo.pop()):
            if isinstance(x, n.Placeholder) or (isinstance(x, n.Date) and x.is_placeholder):
                return True
            if isinstance(x, n.Ref) and x.name.key in p.terms and x.name.key not in seen:
                seen.add(x.name.key)
                todo.append(p.terms[x.name.key].body)
    return False


class _Collector:
    def __init__(self, program: Program):
        self.p = program
        self.groups: list[Group] = []
        self.done_terms: set[str] = set()
        self.pending_terms: list[str] = []

    def atoms(self, e: n.Expr, out: list[n.Expr]) -> None:
        if isinstance(e, n.Logic):
            for x in e.operands:
                self.atoms(x, out)
        elif isinstance(e, n.Not):
            self.atoms(e.operand, out)
        elif isinstance(e, ATOMS) or _is_bool_ref(e, self.p):
            out.append(e)
            self._terms_in(e)

    def _terms_in(self, e) -> None:
        for r in find_all(e, n.Ref):
            if r.name.key in self.p.terms and r.name.key not in self.done_terms:
                self.done_terms.add(r.name.key)
                self.pending_terms.append(r.name.key)

    def group(self, owner: str, kind: str, clause: str, exprs) -> Group:
        found: list[n.Expr] = []
        for e in exprs:
            if e is not None:
                self.atoms(e, found)
        sites = [Site(a, owner, clause, show_expr(a), _has_placeholder(a, self.p)) for a in found]
        g = Group(owner, kind, clause, sites)
        self.groups.append(g)
        return g

    def collect(self) -> list[Group]:
        p = self.p
        for key, b in p.benefits.items():
            g = self.group(f"待遇「{b.name.text}」", "待遇", b.clause, [b.condition, *b.exclusions])
            g.statuses = {"符合": 0, "不符合": 0, "待定": 0}
            for x in p.exceptions.get(key, []):
                self.group(f"例外「{x.name.text}」", "例外", x.clause, [x.condition])
        while self.pending_terms:
            key = self.pending_terms.pop(0)
            t = p.terms[key]
            g = self.group(f"术语「{t.name.text}」", "术语", t.clause, [t.body])
            if not g.sites:
                self.groups.remove(g)
        for lim in p.limits:
            self.groups.append(Group(f"限制「{lim.name.text}」", "限制", lim.clause, [
                Site(lim, f"限制「{lim.name.text}」", lim.clause, "未超出限制")]))
        return self.groups


def measure(program: Program, runs: list[CaseRun]) -> Coverage:
    """Coverage over the runs that have a result recorded with explain=True."""
    groups = _Collector(program).collect()
    by_id: dict[int, Site] = {id(s.node): s for g in groups for s in g.sites}
    benefit_groups = {g.owner: g for g in groups if g.kind == "待遇"}
    cases = 0
    for run in runs:
        res = run.result
        if res is None:
            continue
        cases += 1
        for node_id, value in (res.record or {}).items():
            site = by_id.get(node_id)
            if site is not None:
                _tally(site, value)
        for d in res.decisions:
            g = benefit_groups.get(f"待遇「{d.benefit.name.text}」")
            if g is not None:
                g.statuses[d.status] = g.statuses.get(d.status, 0) + 1
            for lr in d.limits:
                site = by_id.get(id(lr.limit))
                if site is not None:
                    _tally(site, lr.ok)
    return Coverage(groups, cases)


def _tally(site: Site, value) -> None:
    if value is True:
        site.seen[HELD] += 1
    elif value is False:
        site.seen[FAILED] += 1
    elif isinstance(value, Unknown):
        site.seen[OPEN] += 1


def coverage_json(cov: Coverage) -> dict:
    def site(s: Site) -> dict:
        return {"条件": s.text, "位置": s.where, "成立": s.seen[HELD], "不成立": s.seen[FAILED],
                "待定": s.seen[OPEN], "双向覆盖": s.both_ways, "含占位无法判定": s.undecidable}

    counted = cov.counted
    return {
        "覆盖率": round(cov.percent, 2),
        "条件总数": len(counted),
        "双向覆盖": sum(s.both_ways for s in counted),
        "案例数": cov.cases,
        "规则": [{"规则": g.owner, "类别": g.kind, "条款": g.clause, "结论": g.statuses or None,
                "条件": [site(s) for s in g.sites]} for g in cov.groups],
        "未双向覆盖": [{"规则": s.owner, **site(s), "缺": s.gap()} for s in cov.gaps],
        "无法判定": [{"规则": s.owner, **site(s)} for s in cov.sites if s.excluded],
    }
