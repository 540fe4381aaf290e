"""Rule coverage: which conditions the cases exercised both ways (held and failed).

A *condition* is an atomic test in a rule — a comparison, a membership, a boolean fact, a
reference to a boolean term — found in a benefit's condition or exclusions, an exception's
condition, or (once, shared by all users) a term's definition reachable from those. Each 限制 is a
condition too: it held (within the limit) or failed (limit reached). Values come from the
evaluator's record (Env.record, keyed by stable IR node id), so a condition skipped by short-circuit
(且 already false, 或 already true) is not counted as exercised — which is what a drafter means
by “no case tested this”. A condition that depends on a placeholder of the draft (按规定,
2022 年*月*日) can never be decided; it is listed apart and left out of the percentage.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import ir
from ..check.program import Program
from ..ir import ir_of
from ..kinds import TypeKind
from ..runtime.values import Unknown
from ..syntax.printer import expr as show_expr
from ..syntax.walk import find_all, walk
from .runner import CaseRun

HELD, FAILED, OPEN = "成立", "不成立", "待定"
ATOMS = (ir.Compare, ir.Between, ir.Member, ir.Contains)


@dataclass
class Site:
    """One condition in one rule, and what the cases made of it."""

    node: object  # an IR expression, or an IR limit (its `id` is the key into the evaluator's record)
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


def _is_bool_ref(e: ir.Expr) -> bool:
    if not isinstance(e, ir.Ref):
        return False
    if e.kind == ir.RefKind.FACT:
        return e.type.kind == TypeKind.BOOL
    return e.kind == ir.RefKind.TERM and e.type.kind in (TypeKind.BOOL, TypeKind.ANY)


def _has_placeholder(e: ir.Expr, prog: ir.IRProgram) -> bool:
    """Whether a draft placeholder (按规定, 2022 年*月*日) is written in `e` or in a term it reaches."""
    todo, seen = [e], set()
    while todo:
        for x in walk(todo.pop()):
            if isinstance(x, (ir.Placeholder, ir.PlaceholderDate)):
                return True
            if isinstance(x, ir.Ref) and x.kind == ir.RefKind.TERM and x.key not in seen:
                seen.add(x.key)
                todo.append(prog.terms[x.key].body)
    return False


class _Collector:
    def __init__(self, program: Program):
        self.p = program
        self.ir = ir_of(program)
        self.groups: list[Group] = []
        self.done_terms: set[str] = set()
        self.pending_terms: list[str] = []

    def atoms(self, e: ir.Expr, out: list[ir.Expr]) -> None:
        if isinstance(e, ir.Logic):
            for x in e.operands:
                self.atoms(x, out)
        elif isinstance(e, ir.Not):
            self.atoms(e.operand, out)
        elif isinstance(e, ATOMS) or _is_bool_ref(e):
            out.append(e)
            self._terms_in(e)

    def _terms_in(self, e) -> None:
        for r in find_all(e, ir.Ref):
            if r.kind == ir.RefKind.TERM and r.key not in self.done_terms:
                self.done_terms.add(r.key)
                self.pending_terms.append(r.key)

    def group(self, owner: str, kind: str, clause: str, exprs) -> Group:
        found: list[ir.Expr] = []
        for e in exprs:
            if e is not None:
                self.atoms(e, found)
        sites = [Site(a, owner, clause, show_expr(a.origin), _has_placeholder(a, self.ir)) for a in found]
        g = Group(owner, kind, clause, sites)
        self.groups.append(g)
        return g

    def collect(self) -> list[Group]:
        prog = self.ir
        for b in prog.benefits.values():
            g = self.group(f"待遇「{b.name}」", "待遇", b.clause, [b.condition, *b.exclusions])
            g.statuses = {"符合": 0, "不符合": 0, "待定": 0}
            for x in b.exceptions:
                self.group(f"例外「{x.name}」", "例外", x.clause, [x.condition])
        while self.pending_terms:
            key = self.pending_terms.pop(0)
            t = prog.terms[key]
            g = self.group(f"术语「{t.name}」", "术语", t.clause, [t.body])
            if not g.sites:
                self.groups.remove(g)
        for lim in prog.limits.values():
            self.groups.append(Group(f"限制「{lim.name}」", "限制", lim.clause, [
                Site(lim, f"限制「{lim.name}」", lim.clause, "未超出限制")]))
        return self.groups


def measure(program: Program, runs: list[CaseRun]) -> Coverage:
    """Coverage over the runs that have a result recorded with explain=True."""
    groups = _Collector(program).collect()
    by_id: dict[str, Site] = {s.node.id: s for g in groups for s in g.sites}  # stable ids
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
            g = benefit_groups.get(f"待遇「{d.rule.name}」")
            if g is not None:
                g.statuses[d.status] = g.statuses.get(d.status, 0) + 1
            for lr in d.limits:
                site = by_id.get(lr.rule.id) if lr.rule is not None else None
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
