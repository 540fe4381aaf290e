"""The official text as paragraphs of runs, each run cited (by which quotes), uncited or plain.

The runs are cut from the compact text (normalised, whitespace removed) where `hzdsl coverage`
counts, but they show the characters of the source file as written (full-width punctuation, the
PDF's spaces): `normalize` maps one character to one, so compact offset i is the i-th
non-whitespace character of the file. Cited = inside a quote's placement as coverage placed it;
uncited = inside one of coverage's uncovered passages; plain = anything else (punctuation
between quotes, the clause marker 「（三）」 of a declared clause).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..review.text_coverage import Coverage, Placement
from ..source import OfficialText
from ..syntax.normalize import normalize


@dataclass(frozen=True)
class Run:
    """A stretch of one paragraph with one state. `cites` are indexes into Coverage.placements."""

    text: str
    state: str  # cited | uncited | plain
    start: int  # compact offset of the first non-space character (-1 for a run of spaces only)
    cites: tuple[int, ...] = ()
    ends: tuple[int, ...] = ()  # placements that end inside this run (their extra links go here)
    anchors: tuple[int, ...] = ()  # compact offsets of placements starting in this run (ids "t-<offset>")


@dataclass(frozen=True)
class Paragraph:
    """One non-empty line of the official file (the extraction keeps one paragraph per line)."""

    line: int  # 1-based line in the official file
    segment: str  # the segment id it belongs to: 标题 | 前言 | 部分二 | 三 | 落款
    runs: tuple[Run, ...]


def paragraphs(official: OfficialText, cov: Coverage) -> list[Paragraph]:
    """Split the official text into paragraphs of runs; shapes only, no HTML."""
    text = official.compact
    cites: list[list[int]] = [[] for _ in range(len(text))]
    for i, p in enumerate(cov.placements):
        for k in range(p.start, p.end):
            cites[k].append(i)
    uncited = bytearray(len(text))
    for s in cov.segments:
        for passage in s.uncovered:
            uncited[passage.start : passage.end] = b"\x01" * (passage.end - passage.start)
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    for i, p in enumerate(cov.placements):
        starts.setdefault(p.start, []).append(i)
        ends.setdefault(p.end - 1, []).append(i)

    raw_lines = Path(official.path).read_text(encoding="utf-8").splitlines()
    out: list[Paragraph] = []
    pos = 0
    for idx, line in enumerate(raw_lines):
        chars: list[tuple[str, int]] = []  # (raw character, compact offset or -1 for whitespace)
        for ch in line:
            if normalize(ch).isspace():
                chars.append((ch, -1))
            else:
                chars.append((ch, pos))
                pos += 1
        if all(off < 0 for _, off in chars):
            continue
        first = next(off for _, off in chars if off >= 0)
        seg = official.segment_at(first)
        out.append(Paragraph(idx + 1, seg.id if seg else "", _runs(chars, cites, uncited, starts, ends)))
    return out


def _state(off: int, cites, uncited) -> tuple:
    if cites[off]:
        return ("cited", tuple(cites[off]))
    if uncited[off]:
        return ("uncited", ())
    return ("plain", ())


def _runs(chars, cites, uncited, starts, ends) -> tuple[Run, ...]:
    runs: list[Run] = []
    buf: list[str] = []
    key: tuple | None = None
    first = -1
    run_ends: list[int] = []
    run_anchors: list[int] = []

    def flush():
        if buf:
            runs.append(Run("".join(buf), key[0] if key else "plain", first, key[1] if key else (),
                            tuple(run_ends), tuple(run_anchors)))

    for ch, off in chars:
        if off < 0:  # a space of the PDF extraction joins the run it stands in
            buf.append(ch)
            continue
        k = _state(off, cites, uncited)
        if k != key:
            flush()
            buf, key, first, run_ends, run_anchors = [], k, off, [], []
        buf.append(ch)
        if off in starts:
            run_anchors.append(off)
        run_ends.extend(i for i in ends.get(off, ()) if i in k[1])
    flush()
    return tuple(runs)


def placement_label(p: Placement) -> str:
    """The quoted words as the rule writes them."""
    return p.quote.text
