"""hzdsl diagnostics → LSP diagnostics (message with its 提示, code, severity, the exact range)."""
from __future__ import annotations

from lsprotocol import types as lsp

from ..errors import Diagnostic
from .positions import Lines


def to_lsp(d: Diagnostic, lines: Lines) -> lsp.Diagnostic:
    message = d.message + (f"\n提示：{d.hint}" if d.hint else "")
    return lsp.Diagnostic(
        range=lines.range(d.span),
        message=message,
        severity=lsp.DiagnosticSeverity.Error if d.is_error else lsp.DiagnosticSeverity.Warning,
        code=d.code,
        source="hzdsl",
    )
