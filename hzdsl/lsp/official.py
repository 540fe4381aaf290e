"""The official text as a drafter reads it: the sentence around a quote, and the words a misquote meant.

`OfficialText` compares quotes in its compact form (normalised, no whitespace). Here every compact
character is mapped back to the character written in official.txt, so what the editor shows (and
what a quick fix inserts) uses the official punctuation (，not ,) without the PDF's stray spaces.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..source import OfficialText
from ..syntax.normalize import normalize

_SENTENCE_END = frozenset("。;；!?！？")
_PAUSES = frozenset("，,、；;。:：!?！？()（）")  # where a quote usually stops (compact text is NFKC: ， is ,)


@dataclass(frozen=True)
class Place:
    """A stretch of the official text: compact offsets [start, end), the written words, the clause."""

    start: int
    end: int
    words: str
    segment: str  # 三 | 部分二 | 前言 | 标题 | 落款 | ""
    segment_kind: str  # clause | part | preamble | title | signature | ""
    line: int  # 1-based line in official.txt

    @property
    def where(self) -> str:
        if self.segment_kind == "clause":
            return f"条款（{self.segment}）"
        if self.segment_kind == "part":
            return self.segment
        return self.segment


class OfficialWords:
    """Compact offsets of an `OfficialText` ↔ the characters as written in its file."""

    def __init__(self, official: OfficialText, raw: str):
        self.official = official
        self.raw = "".join(ch for ch in raw if not normalize(ch).isspace())
        if len(self.raw) != len(official.compact):  # cannot happen for the file the text was built from
            self.raw = official.compact

    def place(self, start: int, end: int) -> Place:
        seg = self.official.segment_at(start)
        return Place(start, end, self.raw[start:end], seg.id if seg else "", seg.kind if seg else "",
                     self.official.line_of(start))

    def sentence(self, start: int, end: int) -> Place:
        """The whole sentence (to 。 or ；) holding compact [start, end), within its clause."""
        c = self.official.compact
        seg = self.official.segment_at(start)
        lo, hi = (seg.start, seg.end) if seg else (0, len(c))
        s = start
        while s > lo and c[s - 1] not in _SENTENCE_END:
            s -= 1
        e = max(end, start + 1)
        while e < hi and c[e - 1] not in _SENTENCE_END:
            e += 1
        return self.place(s, min(e, hi))

    def likely_meant(self, key: str) -> Place | None:
        """The official words a misquote most likely meant: anchored on its longest found prefix
        and suffix, and the window of about its length that reads most like it."""
        o = self.official
        if not key:
            return None
        k = o.longest_prefix(key)
        j = _longest_suffix(o.compact, key)
        candidates: list[tuple[int, int]] = []
        if k >= 2:
            at = o.find(key[:k])
            for length in range(max(k, len(key) - 8), len(key) + 9):
                candidates.append((at, at + length))
        if j >= 2:
            end = o.find(key[-j:]) + j
            for length in range(max(j, len(key) - 8), len(key) + 9):
                candidates.append((max(end - length, 0), end))
        if k >= 2 and j >= 2:
            at, end = o.find(key[:k]), o.find(key[-j:]) + j
            if at < end <= at + 2 * len(key) + 8:
                candidates.append((at, end))
        if not candidates:
            return None

        def matched(c: tuple[int, int]) -> int:
            sm = difflib.SequenceMatcher(None, key, o.compact[c[0]:c[1]], autojunk=False)
            return sum(b.size for b in sm.get_matching_blocks())

        def score(c: tuple[int, int]) -> float:
            # characters in common, less half a point for each character of length difference, and
            # 1.5 points for a window that ends where a quote ends (before punctuation, not on it): one
            # character too many (持证残疾人员) then gives 持证残疾人, not the same length with the next
            # character of the text (持证残疾人、), and one wrong last character (担保费补贴) still gives
            # the whole word (担保费补助), not one character less
            at_end = c[1] >= len(o.compact) or o.compact[c[1]] in _PAUSES
            ends_well = at_end and c[1] > c[0] and o.compact[c[1] - 1] not in _PAUSES
            return matched(c) - 0.5 * abs((c[1] - c[0]) - len(key)) + (1.5 if ends_well else 0)

        best = max(candidates, key=score)
        return self.place(*best) if matched(best) >= len(key) / 2 else None


def _longest_suffix(compact: str, key: str) -> int:
    lo, hi = 0, len(key)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if key[-mid:] in compact:
            lo = mid
        else:
            hi = mid - 1
    return lo


@lru_cache(maxsize=4)
def _words_for(path: str, compact_len: int) -> str:
    return Path(path).read_text(encoding="utf-8")


def official_words(official: OfficialText) -> OfficialWords:
    try:
        raw = _words_for(official.path, len(official.compact))
    except OSError:
        raw = official.compact
    return OfficialWords(official, raw)
