"""Spans (1-based line/column in characters) ↔ LSP positions (0-based line, UTF-16 code units)."""
from __future__ import annotations

from lsprotocol import types as lsp

from ..errors import Span


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class Lines:
    """The lines of one text, for converting columns both ways."""

    def __init__(self, text: str):
        self.lines = text.split("\n")

    def line(self, i: int) -> str:
        return self.lines[i] if 0 <= i < len(self.lines) else ""

    def to_lsp(self, line: int, col: int) -> lsp.Position:
        """1-based (line, character column) → LSP position."""
        i = max(line - 1, 0)
        return lsp.Position(line=i, character=_utf16_len(self.line(i)[: max(col - 1, 0)]))

    def from_lsp(self, pos: lsp.Position) -> tuple[int, int]:
        """LSP position → 1-based (line, character column)."""
        text = self.line(pos.line)
        units, col = 0, 0
        while col < len(text) and units < pos.character:
            units += 2 if ord(text[col]) > 0xFFFF else 1
            col += 1
        return pos.line + 1, col + 1

    def range(self, span: Span) -> lsp.Range:
        start = self.to_lsp(span.line, span.col)
        end = self.to_lsp(span.end_line or span.line, span.end_col or span.col)
        if (end.line, end.character) < (start.line, start.character):
            end = start
        return lsp.Range(start=start, end=end)

    def end(self) -> lsp.Position:
        return lsp.Position(line=len(self.lines) - 1, character=_utf16_len(self.lines[-1]))


def contains(span: Span, line: int, col: int) -> bool:
    """Is (line, col) inside `span` (end exclusive, but the position just after the span counts)?"""
    if span.line <= 0:
        return False
    return (span.line, span.col) <= (line, col) <= (span.end_line, span.end_col)
