"""hzdsl diagnostics → LSP diagnostics (message with its 提示, code, severity, the exact range, and the
other places it points at — `Diagnostic.related` — as relatedInformation)."""
from __future__ import annotations

from collections.abc import Callable

from lsprotocol import types as lsp

from ..errors import Diagnostic
from .positions import Lines


def to_lsp(d: Diagnostic, lines: Lines, lines_of: Callable[[str], Lines] | None = None,
           uri_of: Callable[[str], str] | None = None) -> lsp.Diagnostic:
    """`lines`: the text of `d`'s file; `lines_of(path)` / `uri_of(path)`: the text and URI of any file a
    related span is in (without them, related spans are left out)."""
    message = d.message + (f"\n提示：{d.hint}" if d.hint else "")
    related = None
    if d.related and lines_of is not None and uri_of is not None:
        related = [lsp.DiagnosticRelatedInformation(
            location=lsp.Location(uri=uri_of(r.span.file),
                                  range=(lines if r.span.file == d.span.file else lines_of(r.span.file)).range(r.span)),
            message=r.message or "相关位置") for r in d.related]
    return lsp.Diagnostic(
        range=lines.range(d.span),
        message=message,
        severity=lsp.DiagnosticSeverity.Error if d.is_error else lsp.DiagnosticSeverity.Warning,
        code=d.code,
        source="hzdsl",
        related_information=related,
    )
