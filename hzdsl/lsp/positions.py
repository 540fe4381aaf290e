"""Spans (1-based line/column in characters) ↔ LSP positions (0-based line, UTF-16 code units)."""
from __future__ import annotations

import re

from lsprotocol import types as lsp

from ..errors import Span

_ANY_END = re.compile("\r\n|[\n\r\x85\u2028\u2029]")  # every line end hzdsl counts (syntax.normalize)


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class Lines:
    """The lines of one text, for converting columns both ways.

    Two ideas of a line meet here. hzdsl counts a line end wherever `unify_line_ends` does (LF, CRLF,
    a lone CR, NEL, U+2028, U+2029): spans are in those lines. LSP counts only LF, CRLF and CR — an
    editor shows U+2028 as a character inside a line. So each hzdsl line is kept with the LSP line it
    starts on and its UTF-16 offset there (a line after U+2028 starts mid-line). Before, the text was
    split on LF only: after a lone CR every column was 0, and after a U+2028 every diagnostic was
    one line too low in the editor."""

    def __init__(self, text: str):
        self.lines: list[str] = []  # hzdsl's lines (the spans' line numbers index these)
        self._starts: list[tuple[int, int]] = []  # per hzdsl line: (LSP line, UTF-16 offset in it)
        lsp_line, offset, start = 0, 0, 0
        for m in _ANY_END.finditer(text):
            self.lines.append(text[start:m.start()])
            self._starts.append((lsp_line, offset))
            if m.group() in ("\n", "\r\n", "\r"):
                lsp_line, offset = lsp_line + 1, 0
            else:  # NEL, U+2028, U+2029: one UTF-16 unit of the same LSP line
                offset += _utf16_len(text[start:m.start()]) + 1
            start = m.end()
        self.lines.append(text[start:])
        self._starts.append((lsp_line, offset))
        self._last = (lsp_line, offset + _utf16_len(text[start:]))

    def line(self, i: int) -> str:
        return self.lines[i] if 0 <= i < len(self.lines) else ""

    def to_lsp(self, line: int, col: int) -> lsp.Position:
        """1-based (line, character column) → LSP position."""
        i = max(line - 1, 0)
        if i >= len(self.lines):  # past the end (a stale span): that many lines further, column 0
            return lsp.Position(line=self._last[0] + i - (len(self.lines) - 1), character=0)
        lsp_line, offset = self._starts[i]
        return lsp.Position(line=lsp_line, character=offset + _utf16_len(self.line(i)[: max(col - 1, 0)]))

    def from_lsp(self, pos: lsp.Position) -> tuple[int, int]:
        """LSP position → 1-based (line, character column)."""
        i = next((k for k in range(len(self._starts) - 1, -1, -1)
                  if self._starts[k][0] == pos.line and self._starts[k][1] <= pos.character), None)
        if i is None:  # beyond the text: the line number as given, column 1 (as before)
            return pos.line + 1, 1
        text = self.lines[i]
        units, col = self._starts[i][1], 0
        while col < len(text) and units < pos.character:
            units += 2 if ord(text[col]) > 0xFFFF else 1
            col += 1
        return i + 1, col + 1

    def range(self, span: Span) -> lsp.Range:
        start = self.to_lsp(span.line, span.col)
        end = self.to_lsp(span.end_line or span.line, span.end_col or span.col)
        if (end.line, end.character) < (start.line, start.character):
            end = start
        return lsp.Range(start=start, end=end)

    def end(self) -> lsp.Position:
        """The LSP position just after the last character (a whole-document edit ends here)."""
        return lsp.Position(line=self._last[0], character=self._last[1])


def offset_position(text: str, offset: int) -> lsp.Position:
    """The LSP position of character `offset` of `text` as an editor holds it (LSP's line ends only: LF, CRLF, CR)."""
    before = text[:offset]
    line = before.count("\n") + before.count("\r") - before.count("\r\n")
    start = max(before.rfind("\n"), before.rfind("\r")) + 1
    return lsp.Position(line=line, character=_utf16_len(before[start:]))


def contains(span: Span, line: int, col: int) -> bool:
    """Is (line, col) inside `span` (end exclusive, but the position just after the span counts)?"""
    if span.line <= 0:
        return False
    return (span.line, span.col) <= (line, col) <= (span.end_line, span.end_col)
