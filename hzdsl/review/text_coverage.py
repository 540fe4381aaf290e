"""How much of the official text the policies transcribe, segment by segment.

Each quote of a declaration (part and clause titles, 说明, 术语, 待遇, 例外, 限制) marks the
characters it matches in the compact official text as covered. The share is counted over
non-punctuation characters only: a drafter quotes words, and the 「，」「；」 between two quotes
should not count as untranscribed text.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from fractions import Fraction

from ..check.program import Program
from ..source import OfficialText, Segment
from ..syntax import nodes as n

# Reported, but left out of the total: they hold no rule a drafter could transcribe.
EXCLUDED_KINDS = {"title", "signature"}
_MARKER_RE = {"clause": re.compile(r"\([一二三四五六七八九十]+\)"), "part": re.compile(r"[一二三四五六七]、")}


@dataclass(frozen=True)
class Passage:
    """An uncovered run of the compact text (may contain punctuation, never starts or ends with it)."""

    start: int
    end: int
    line: int
    text: str


@dataclass
class SegmentCoverage:
    segment: Segment
    label: str
    declared: bool  # the clause or part has a 条款 / 部分 header (always False for other kinds)
    covered: int
    total: int
    uncovered: list[Passage] = field(default_factory=list)

    @property
    def excluded(self) -> bool:
        return self.segment.kind in EXCLUDED_KINDS

    @property
    def share(self) -> Fraction:
        return Fraction(self.covered, self.total) if self.total else Fraction(1)


@dataclass(frozen=True)
class Placement:
    """Where one quote of a declaration was taken to stand in the compact text: [start, end)."""

    decl: n.Decl
    quote: n.Quote
    start: int
    end: int


@dataclass
class Coverage:
    official_path: str
    segments: list[SegmentCoverage]
    placements: list[Placement] = field(default_factory=list)  # every quote found, in file order

    @property
    def covered(self) -> int:
        return sum(s.covered for s in self.segments if not s.excluded)

    @property
    def total(self) -> int:
        return sum(s.total for s in self.segments if not s.excluded)

    @property
    def share(self) -> Fraction:
        return Fraction(self.covered, self.total) if self.total else Fraction(1)


def is_punct(ch: str) -> bool:
    return unicodedata.category(ch).startswith("P")


def segment_label(seg: Segment) -> str:
    if seg.kind == "clause":
        return f"（{seg.id}）"
    if seg.kind == "part":
        return seg.id[2:] + "、"  # "部分二" → "二、"
    return seg.id


def _preferred_segment(decl: n.Decl) -> str:
    if isinstance(decl, n.PartDecl):
        return "部分" + decl.number
    if isinstance(decl, n.ClauseDecl):
        return decl.number
    return decl.clause


def _place(official: OfficialText, key: str, seg: Segment | None, mask: bytearray) -> int:
    """Where a quote is taken to stand: inside its declaring segment when it occurs there.

    Among the occurrences there, the first that adds coverage wins, so two rules quoting the
    same words at two places of one clause cover both places.
    """
    hits = official.find_all(key)
    if not hits:
        return -1
    inside = [h for h in hits if seg is not None and seg.start <= h and h + len(key) <= seg.end]
    pool = inside or hits
    for h in pool:
        if not all(mask[h : h + len(key)]):
            return h
    return pool[0]


def _quoted(program: Program):
    """(declaration, quote) for every quote in the program, in file order."""
    for m in program.modules:
        for d in m.decls:
            if isinstance(d, (n.PartDecl, n.ClauseDecl)):
                yield d, d.title
            for q in getattr(d, "quotes", ()):
                yield d, q


def compute(program: Program, official: OfficialText) -> Coverage:
    text = official.compact
    mask = bytearray(len(text))
    placements: list[Placement] = []
    for decl, q in _quoted(program):
        if not q.key:
            continue
        seg = official.segment(_preferred_segment(decl))
        at = _place(official, q.key, seg, mask)
        if at >= 0:
            mask[at : at + len(q.key)] = b"\x01" * len(q.key)
            placements.append(Placement(decl, q, at, at + len(q.key)))
    declared = {s: True for s in program.clauses} | {"部分" + p: True for p in program.parts}
    out = []
    for seg in official.segments:
        is_declared = seg.id in declared
        marker = _MARKER_RE.get(seg.kind)
        if is_declared and marker:
            m = marker.match(text, seg.start)
            if m:
                mask[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
        out.append(_segment_coverage(official, seg, mask, is_declared))
    return Coverage(official.path, out, placements)


def _segment_coverage(official: OfficialText, seg: Segment, mask: bytearray, declared: bool) -> SegmentCoverage:
    text = official.compact
    covered = total = 0
    passages: list[Passage] = []
    run_start = -1  # start of the current uncovered passage
    last_uncovered = -1  # last non-punctuation uncovered character of it
    for i in range(seg.start, seg.end):
        ch = text[i]
        if is_punct(ch):
            continue
        total += 1
        if mask[i]:
            covered += 1
            if run_start >= 0:
                passages.append(_passage(official, run_start, last_uncovered + 1))
                run_start = -1
        else:
            if run_start < 0:
                run_start = i
            last_uncovered = i
    if run_start >= 0:
        passages.append(_passage(official, run_start, last_uncovered + 1))
    return SegmentCoverage(seg, segment_label(seg), declared, covered, total, passages)


def _passage(official: OfficialText, start: int, end: int) -> Passage:
    return Passage(start, end, official.line_of(start), official.compact[start:end])


def percent(share: Fraction) -> str:
    """A share as a percentage with one decimal, rounded half up (exact, no floats)."""
    tenths = share * 1000
    q, r = divmod(tenths.numerator, tenths.denominator)
    if 2 * r >= tenths.denominator:
        q += 1
    return f"{q // 10}.{q % 10}%"


def to_json(cov: Coverage) -> dict:
    return {
        "official": cov.official_path,
        "counting": "不计标点；标题与落款单列，不计入合计",
        "segments": [
            {
                "id": s.segment.id,
                "kind": s.segment.kind,
                "label": s.label,
                "declared": s.declared,
                "excluded": s.excluded,
                "covered": s.covered,
                "total": s.total,
                "percent": percent(s.share),
                "uncovered": [{"line": p.line, "start": p.start, "end": p.end, "text": p.text} for p in s.uncovered],
            }
            for s in cov.segments
        ],
        "total": {"covered": cov.covered, "total": cov.total, "percent": percent(cov.share)},
    }
