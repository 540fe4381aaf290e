"""The site model: every page's content, computed once from the checked program (no HTML here).

Entry point: `build(program, sources, official, cov, cases)` → `Site`. What the model reads from
the rest of hzdsl goes through few places: the checked `Program` (declarations as written, for
their source text and quotes), the IR (`hzdsl.ir`: stable ids, the dependency analysis giving the
terms / facts / parameters of a benefit, the clause order), the coverage placements
(`hzdsl.coverage.compute`: which quote stands where — the figures of `hzdsl coverage`) and the
data dictionary rows (`hzdsl.schema.rows`).

Addresses: a benefit has its own page `benefit/<name>.html`; every other declaration lives on its
clause's page `clause/<number>.html` (declarations before the first clause on `clause/前文.html`);
facts and parameters on `dictionary.html`. Anchors are the IR's stable ids (`三/待遇:一次性创业补贴`,
`术语:重点人群`, `事实:正常经营时长`): they survive renumbering, reformatting and moving files.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..cases.load import Case
from ..check.program import Program
from ..review.text_coverage import Coverage, percent
from ..errors import Sources
from ..ir import clause_order, ir_of
from ..ir.build import decl_id
from ..schema import rows as dictionary_rows
from ..source import OfficialText
from ..syntax import nodes as n
from ..syntax.normalize import compact
from . import plain
from .officialtext import Paragraph, paragraphs

FRONT = "前文"  # the page of declarations before the first 条款 (title, preamble, part headings)
_UNSAFE = re.compile(r'[\\/:*?"<>|#%&\s\x00-\x1f]')

KIND_OF_DECL = {n.BenefitDecl: "待遇", n.TermDecl: "术语", n.ExceptionDecl: "例外", n.LimitDecl: "限制",
                n.NoteDecl: "说明", n.ClauseDecl: "条款", n.PartDecl: "部分"}


def safe(key: str) -> str:
    """A name key usable as a file name and an HTML id (no slash, space, '#', '%', …)."""
    return _UNSAFE.sub("_", key) or "_"


def clause_label(num: str) -> str:
    return f"（{num}）" if num else FRONT


@dataclass(frozen=True)
class QuoteView:
    text: str
    offset: int  # compact offset of its placement in the official text (anchor t-<offset>), -1 if none


@dataclass(frozen=True)
class DeclView:
    """Any declaration as shown: where it lives, its source as written and its quotes."""

    kind: str  # 待遇 术语 例外 限制 说明 条款 部分
    name: str
    key: str
    clause: str
    page: str  # path from the site root
    anchor: str
    source: str  # the declaration with the comments just above it (the drafter's 读法)
    file: str
    line: int
    quotes: tuple[QuoteView, ...]

    @property
    def title(self) -> str:
        where = f"条款{clause_label(self.clause)}" if self.clause else FRONT
        return f"{self.kind}「{self.name}」（{where}）" if self.name else f"{self.kind}（{where}）"


@dataclass(frozen=True)
class CaseView:
    """A hand-worked case whose expectations (预期) name the benefit."""

    name: str
    file: str
    line: int
    date: str
    status: str
    amount: str
    missing: tuple[str, ...]
    disagrees: str = ""  # "" when the rules give what the case expects; else what they give instead


@dataclass
class BenefitView:
    decl: DeclView
    category: str
    condition: plain.Line | None
    exclusions: list[plain.Line]
    outcome: list[plain.Line]
    exceptions: list[tuple[DeclView, plain.Line, list[plain.Line]]]
    limits: list[tuple[DeclView, plain.Line]]
    terms: list[DeclView]
    facts: list[str]  # fact keys
    params: list[str]
    cases: list[CaseView]


@dataclass
class TermView:
    decl: DeclView
    definition: plain.Line
    used_by: list[DeclView]


@dataclass
class SegmentView:
    id: str
    label: str
    covered: int
    total: int
    percent: str
    excluded: bool
    declared: bool


@dataclass
class ClauseView:
    number: str  # "" for the front matter
    label: str
    title: str
    page: str
    decls: list[DeclView]
    paragraphs: list[Paragraph]
    segment: SegmentView | None


@dataclass(frozen=True)
class FactRow:
    kind: str  # 事实 | 参数
    name: str
    key: str
    entity: str
    type: str
    unit: str
    doc: str
    clauses: str
    anchor: str


@dataclass
class Site:
    title: str
    official_path: str
    paragraphs: list[Paragraph]
    segments: dict[str, SegmentView]
    coverage_total: tuple[int, int, str]
    cites: list[DeclView]  # by placement index (Coverage.placements order)
    clauses: list[ClauseView]
    benefits: list[BenefitView]
    terms: dict[str, TermView]
    dictionary: list[FactRow]
    search: list[dict] = field(default_factory=list)
    disagreeing: list[str] = field(default_factory=list)  # "file:line 案例" of expectations the rules do not give


class _Builder:
    def __init__(self, program: Program, sources: Sources, official: OfficialText, cov: Coverage, cases: list[Case]):
        self.p = program
        self.ir = ir_of(program)
        self.sources = sources
        self.official = official
        self.cov = cov
        self.cases = cases
        self.disagreeing: list[str] = []
        self._checked: dict[int, dict[str, str]] = {}
        self.placed: dict[int, int] = {id(pl.quote): pl.start for pl in cov.placements}
        self.views: dict[int, DeclView] = {}
        self.comments: dict[int, str] = {}

    # ── declarations ──
    def decl_view(self, d: n.Decl, comments: str = "") -> DeclView:
        if id(d) in self.views:
            return self.views[id(d)]
        kind = KIND_OF_DECL.get(type(d), "声明")
        name_node = getattr(d, "name", None)
        if isinstance(d, (n.ClauseDecl, n.PartDecl)):
            name, key = d.title.text, d.number
            quotes = (d.title,)
        else:
            name = name_node.text if name_node is not None else ""
            key = name_node.key if name_node is not None else f"{d.span.line}"
            quotes = tuple(getattr(d, "quotes", ()))
        clause = "" if isinstance(d, n.PartDecl) else (d.number if isinstance(d, n.ClauseDecl) else d.clause)
        if isinstance(d, n.BenefitDecl):
            page = f"benefit/{safe(key)}.html"
        else:
            page = f"clause/{safe(clause or FRONT)}.html"
        text = self.sources.texts.get(d.span.file, "")
        source = text[d.span.start : d.span.end] if d.span.end > d.span.start else ""
        if comments:
            source = comments + "\n" + source
        if isinstance(d, (n.ClauseDecl, n.PartDecl, n.NoteDecl)):
            anchor = f"{kind}-{safe(key)}"  # no IR node: the number (条款, 部分) or the line (说明)
        else:
            anchor = decl_id(clause, kind, key)
        view = DeclView(kind, name, key, clause, page, anchor, source, d.span.file, d.span.line,
                        tuple(QuoteView(q.text, self.placed.get(id(q), -1)) for q in quotes))
        self.views[id(d)] = view
        return view

    def all_decls(self) -> list[tuple[n.Decl, str]]:
        """Every declaration in file order with the comment lines standing just above it."""
        out = []
        for m in self.p.modules:
            prev_end = 0
            comments = sorted(m.comments, key=lambda c: c.span.line)
            for d in m.decls:
                above = [c.text for c in comments if prev_end < c.span.line < d.span.line]
                out.append((d, "\n".join(above)))
                prev_end = d.span.end_line
        return out

    # ── pages ──
    def build(self) -> Site:
        decls = self.all_decls()
        for d, comments in decls:
            self.decl_view(d, comments)
        segs = {s.segment.id: SegmentView(s.segment.id, s.label, s.covered, s.total, percent(s.share), s.excluded,
                                          s.declared) for s in self.cov.segments}
        paras = paragraphs(self.official, self.cov)
        cites = [self.views[id(pl.decl)] for pl in self.cov.placements]
        terms = {k: self.term(t) for k, t in self.p.terms.items()}
        benefits = [self.benefit(b) for b in self.p.benefits.values()]
        self.used_by(terms, benefits)
        clauses = self.clauses(decls, paras, segs)
        title = next((d.quotes[0].text for d, _ in decls if isinstance(d, n.NoteDecl) and not d.clause), "政策原文")
        site = Site(title, self.official.path, paras, segs, (self.cov.covered, self.cov.total, percent(self.cov.share)),
                    cites, clauses, benefits, terms, self.dictionary())
        site.search = search_index(site)
        site.disagreeing = self.disagreeing
        return site

    def clauses(self, decls, paras, segs) -> list[ClauseView]:
        by_clause: dict[str, list[DeclView]] = {}
        for d, _ in decls:
            v = self.views[id(d)]
            if isinstance(d, (n.FactDecl, n.ParamDecl)):
                continue
            by_clause.setdefault(v.clause, []).append(v)
        out = []
        for num in sorted(by_clause, key=clause_order):
            decl = self.p.clauses.get(num)
            title = decl.title.text if decl is not None else ("标题、前言、各部分标题与落款" if not num else "")
            page = f"clause/{safe(num or FRONT)}.html"
            if num:
                mine = [p for p in paras if p.segment == num]
            else:
                mine = [p for p in paras if p.segment in {"标题", "前言", "落款"} or p.segment.startswith("部分")]
            out.append(ClauseView(num, clause_label(num), title, page, by_clause[num], mine, segs.get(num)))
        return out

    def term(self, t: n.TermDecl) -> TermView:
        return TermView(self.views[id(t)], plain.condition(self.ir.terms[t.name.key].body), [])

    def benefit(self, b: n.BenefitDecl) -> BenefitView:
        deps = self.ir.deps[b.name.key]  # transitive: through terms, exceptions and limits
        rule = self.ir.benefits[b.name.key]  # its exceptions and limits as the IR resolved them
        terms = sorted((self.views[id(self.ir.terms[k].origin)] for k in deps.terms),
                       key=lambda v: (clause_order(v.clause), v.line))
        return BenefitView(
            self.views[id(b)], b.kind,
            plain.condition(rule.condition) if rule.condition is not None else None,
            [plain.condition(x) for x in rule.exclusions],
            plain.outcome(rule.outcome),
            [(self.views[id(x.origin)], plain.condition(x.condition), plain.outcome(x.outcome)) for x in rule.exceptions],
            [(self.views[id(lim.origin)], plain.limit(lim)) for lim in rule.limits],
            terms,
            [k for k in self.ir.facts if k in deps.facts or k in deps.history_fields],
            [k for k in self.ir.params if k in deps.params],
            self.cases_for(b.name.key),
        )

    def used_by(self, terms: dict[str, TermView], benefits: list[BenefitView]) -> None:
        for b in benefits:
            for t in b.terms:
                terms[t.key].used_by.append(b.decl)

    def cases_for(self, key: str) -> list[CaseView]:
        out = []
        for c in self.cases:
            for e in c.expected:
                if e.benefit == key:
                    out.append(CaseView(c.name, c.path, e.span.line, str(c.date), e.status or "",
                                        e.amount_text, tuple(sorted(e.missing or ())),
                                        self.checked(c).get(key, "")))
        return out

    def checked(self, case: Case) -> dict[str, str]:
        """What the rules give where they differ from the case's 预期, by benefit key (run once per case):
        a page shows the hand-worked figure beside the rules' own, never a wrong expectation as the answer."""
        if id(case) not in self._checked:
            from ..cases.compare import compare
            from ..cases.run import run_case

            key_of = {self.p.benefits[e.benefit].name.text: e.benefit for e in case.expected}  # Mismatch names it
            found: dict[str, list[str]] = {}
            for m in compare(case, run_case(self.p, case)):
                found.setdefault(key_of[m.benefit], []).append(f"{m.field}：{m.actual}")
            self._checked[id(case)] = {k: "，".join(v) for k, v in found.items()}
            for e in case.expected:
                if e.benefit in self._checked[id(case)]:
                    self.disagreeing.append(f"{case.path}:{e.span.line} {case.name}「{self.p.benefits[e.benefit].name.text}」")
        return self._checked[id(case)]

    def dictionary(self) -> list[FactRow]:
        out = []
        for kind, name, entity, type_text, unit, doc, clauses in dictionary_rows(self.p):
            decl = (self.ir.facts if kind == "事实" else self.ir.params)[compact(name)]
            out.append(FactRow(kind, name, decl.key, entity, type_text, unit, doc, clauses, decl.id))
        return out


def search_index(site: Site) -> list[dict]:
    """What the search box looks through: benefits, terms, facts and parameters (paths from the root)."""
    out = []
    for b in site.benefits:
        d = b.decl
        out.append({"kind": "待遇", "name": d.name, "where": f"条款{clause_label(d.clause)}",
                    "href": f"{d.page}#{d.anchor}", "text": "；".join(q.text for q in d.quotes)})
    for t in site.terms.values():
        d = t.decl
        out.append({"kind": "术语", "name": d.name, "where": f"条款{clause_label(d.clause)}",
                    "href": f"{d.page}#{d.anchor}", "text": "；".join(q.text for q in d.quotes)})
    for r in site.dictionary:
        # the clauses using it, 「（八）、（九）」, worded as a benefit's place is (条款（八）); none: no place
        out.append({"kind": r.kind, "name": r.name, "where": f"条款{r.clauses}" if r.clauses else "",
                    "href": f"dictionary.html#{r.anchor}", "text": r.doc})
    return out


def build(program: Program, sources: Sources, official: OfficialText, cov: Coverage, cases: list[Case]) -> Site:
    """The whole site model. `cov` must be `hzdsl.coverage.compute(program, official)`."""
    return _Builder(program, sources, official, cov, cases).build()
