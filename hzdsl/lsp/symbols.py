"""Document symbols (an outline: clauses holding their benefits, terms, exceptions and limits; facts
and parameters) and workspace symbols (every declaration of the folder matching a query)."""
from __future__ import annotations

from lsprotocol import types as lsp

from ..syntax.normalize import compact
from .positions import Lines
from .workspace import Snapshot

_KIND = {"待遇": lsp.SymbolKind.Class, "术语": lsp.SymbolKind.Function, "事实": lsp.SymbolKind.Field,
         "参数": lsp.SymbolKind.Constant, "例外": lsp.SymbolKind.Event, "限制": lsp.SymbolKind.Interface,
         "条款": lsp.SymbolKind.Namespace}


def declarations(snap: Snapshot):
    """(kind, name, clause, decl span, name span) of every declaration, from the IR."""
    prog = snap.ir
    for kind, table in (("事实", prog.facts), ("参数", prog.params), ("术语", prog.terms),
                        ("待遇", prog.benefits), ("限制", prog.limits)):
        for d in table.values():
            yield kind, d.name, d.clause, d.span, d.origin.name.span
    for b in prog.benefits.values():
        for x in b.exceptions:
            yield "例外", x.name, x.clause, x.span, x.origin.name.span


def document_symbols(snap: Snapshot, path: str, lines: Lines) -> list[lsp.DocumentSymbol]:
    clauses: dict[str, lsp.DocumentSymbol] = {}
    out: list[lsp.DocumentSymbol] = []
    for number, c in snap.ir.clauses.items():
        if c.span.file == path:
            sym = lsp.DocumentSymbol(name=f"条款 {number} 「{c.title}」", kind=_KIND["条款"],
                                     range=lines.range(c.span), selection_range=lines.range(c.span), children=[])
            clauses[number] = sym
            out.append(sym)
    for kind, name, clause, span, name_span in sorted(declarations(snap), key=lambda x: (x[3].line, x[3].col)):
        if span.file != path:
            continue
        sym = lsp.DocumentSymbol(name=f"{kind} 「{name}」", kind=_KIND[kind], range=lines.range(span),
                                 selection_range=lines.range(name_span), detail=f"条款（{clause}）" if clause else "")
        parent = clauses.get(clause) if kind not in ("事实", "参数") else None
        if parent is not None:
            parent.children.append(sym)
            # a clause's range runs to the end of its last declaration in this file
            end = sym.range.end
            if (end.line, end.character) > (parent.range.end.line, parent.range.end.character):
                parent.range = lsp.Range(start=parent.range.start, end=end)
        else:
            out.append(sym)
    return out


def workspace_symbols(snap: Snapshot, query: str, lines_of) -> list[lsp.WorkspaceSymbol]:
    q = compact(query)
    out = []
    for kind, name, clause, span, name_span in declarations(snap):
        if q and q not in compact(name):
            continue
        out.append(lsp.WorkspaceSymbol(
            name=f"「{name}」", kind=_KIND[kind], container_name=f"{kind} · 条款（{clause}）" if clause else kind,
            location=lsp.Location(uri=lines_of.uri(span.file), range=lines_of(span.file).range(name_span))))
    return out
