"""The official text: quote lookup and its division into parts and clauses.

Quotes are compared in the compact form (normalised, whitespace removed), so the PDF's odd
spaces ("毕业 5年以内") and mended line breaks never matter; words always do.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .syntax.normalize import normalize, unify_line_ends

_CLAUSE_RE = re.compile(r"^\(([一二三四五六七八九十]+)\)")
_PART_RE = re.compile(r"^([一二三四五六七])、")


@dataclass(frozen=True)
class Segment:
    """A region of the compact official text: the title block, preamble, a part heading, a clause."""

    id: str  # "标题" | "前言" | "部分一" | "三" | "落款"
    kind: str  # title | preamble | part | clause | signature
    start: int
    end: int


@dataclass
class OfficialText:
    path: str
    compact: str
    segments: list[Segment]
    _lines: list[int]  # compact offset at which each source line starts

    @staticmethod
    def load(path: str | Path) -> "OfficialText":
        return OfficialText.from_text(Path(path).read_bytes().decode("utf-8-sig"), str(path))

    @staticmethod
    def from_text(raw: str, path: str = "official.txt") -> "OfficialText":
        """The official text from memory; `path` is only the name shown in messages."""
        compact_parts: list[str] = []
        line_starts: list[int] = []
        segments: list[Segment] = []
        pos = 0
        current: tuple[str, str, int] | None = None
        lines = unify_line_ends(raw).split("\n")  # the one definition of a line (see unify_line_ends)
        if lines and not lines[-1]:
            lines.pop()  # the final line end does not begin another line
        for idx, line in enumerate(lines):
            c = "".join(normalize(line).split())
            line_starts.append(pos)
            if not c:
                continue
            seg = _classify(c, idx, len(lines), current)
            if seg is not None:
                if current is not None:
                    segments.append(Segment(current[0], current[1], current[2], pos))
                current = (seg[0], seg[1], pos)
            compact_parts.append(c)
            pos += len(c)
        if current is not None:
            segments.append(Segment(current[0], current[1], current[2], pos))
        return OfficialText(str(path), "".join(compact_parts), segments, line_starts)

    def find(self, key: str) -> int:
        return self.compact.find(key)

    def find_all(self, key: str) -> list[int]:
        out, i = [], self.compact.find(key)
        while i >= 0 and key:
            out.append(i)
            i = self.compact.find(key, i + 1)
        return out

    def longest_prefix(self, key: str) -> int:
        """Length of the longest prefix of `key` that occurs in the text (prefix presence is monotone)."""
        lo, hi = 0, len(key)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if key[:mid] in self.compact:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def longest_suffix(self, key: str) -> int:
        """Length of the longest suffix of `key` that occurs in the text (suffix presence is monotone)."""
        lo, hi = 0, len(key)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if key[len(key) - mid:] in self.compact:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def line_of(self, offset: int) -> int:
        """1-based line of the official file holding compact `offset`."""
        line = 1
        for i, start in enumerate(self._lines):
            if start <= offset:
                line = i + 1
            else:
                break
        return line

    def segment(self, seg_id: str) -> Segment | None:
        return next((s for s in self.segments if s.id == seg_id), None)

    def segment_at(self, offset: int) -> Segment | None:
        return next((s for s in self.segments if s.start <= offset < s.end), None)


def _classify(c: str, idx: int, n_lines: int, current):
    m = _CLAUSE_RE.match(c)
    if m:
        return m.group(1), "clause"
    m = _PART_RE.match(c)
    if m:
        return "部分" + m.group(1), "part"
    if current is None:
        return "标题", "title"
    if current[1] == "title" and c.endswith(":"):
        return "前言", "preamble"
    if idx >= n_lines - 2 and (c == "杭州市人民政府" or current[1] == "signature"):
        return ("落款", "signature") if current[1] != "signature" else None
    return None


@lru_cache(maxsize=8)
def load_official(path: str) -> OfficialText:
    return OfficialText.load(path)


@lru_cache(maxsize=8)
def official_from_text(raw: str, path: str = "official.txt") -> OfficialText:
    """The official text from memory, cached by content (an editor re-checks the same text often)."""
    return OfficialText.from_text(raw, path)
