"""Quick fixes for three mistakes drafters make all day:

- a misquote (E401): replace the quote with the official words it most likely meant;
- an unknown name (E201): replace it with a declared name it most likely meant (did-you-mean);
- a missing 。: insert it at the end of the statement before the reported word — offered only
  when parsing the text with the 。 inserted removes that syntax error.
"""
from __future__ import annotations

from lsprotocol import types as lsp

from ..check.checker import close_names
from ..syntax.build import parse_module
from ..ir.names import Occurrence
from .hover import name_at, quote_at
from .official import official_words
from .positions import Lines, contains
from .workspace import PolicyFolder, Snapshot

SYNTAX_CODES = frozenset({"E101", "E102", "E103"})


def _fix(title: str, uri: str, rng: lsp.Range, new_text: str, diag: lsp.Diagnostic, preferred: bool) -> lsp.CodeAction:
    return lsp.CodeAction(title=title, kind=lsp.CodeActionKind.QuickFix, diagnostics=[diag], is_preferred=preferred,
                          edit=lsp.WorkspaceEdit(changes={uri: [lsp.TextEdit(range=rng, new_text=new_text)]}))


def code_actions(folder: PolicyFolder, snap: Snapshot, path: str, uri: str, text: str,
                 diagnostics: list[lsp.Diagnostic]) -> list[lsp.CodeAction]:
    lines = Lines(text)
    out: list[lsp.CodeAction] = []
    for d in diagnostics:
        line, col = lines.from_lsp(d.range.start)
        if d.code == "E401":
            out += _misquote(folder, snap, path, uri, lines, line, col, d)
        elif d.code == "E201":
            out += _did_you_mean(snap, path, uri, lines, line, col, d)
        elif d.code in SYNTAX_CODES:
            out += _missing_stop(path, uri, text, lines, d)
    return out


def _misquote(folder, snap, path, uri, lines, line, col, d) -> list[lsp.CodeAction]:
    official = folder.official()
    hit = quote_at(snap, path, line, col)
    if official is None or hit is None or hit[1] >= 0:
        return []
    q = hit[0]
    meant = official_words(official).likely_meant(q.key)
    if meant is None:
        return []
    rng = lines.range(q.span)
    return [_fix(f"改为{meant.where}原文：「{meant.words}」", uri, rng, f"「{meant.words}」", d, True)]


def _did_you_mean(snap, path, uri, lines, line, col, d) -> list[lsp.CodeAction]:
    occ = name_at(snap, path, line, col)
    if occ is None:
        occ = _unknown_exception_target(snap, path, line, col)
    if occ is None:
        return []
    p = snap.loaded.program
    kinds = {**{k: "事实" for k in p.facts}, **{k: "参数" for k in p.params}, **{k: "术语" for k in p.terms},
             **{k: "待遇" for k in p.benefits}}
    texts = {**{k: f.decl.name.text for k, f in p.facts.items()}, **{k: f.decl.name.text for k, f in p.params.items()},
             **{k: t.name.text for k, t in p.terms.items()}, **{k: b.name.text for k, b in p.benefits.items()}}
    close = close_names(occ.key, _candidates(snap, occ))  # the checker's own did-you-mean, over what fits here
    return [_fix(f"改为「{texts.get(k, k)}」（{kinds.get(k, '')}）", uri, lines.range(occ.span), f"「{texts.get(k, k)}」",
                 d, i == 0) for i, k in enumerate(close)]


def _unknown_exception_target(snap, path, line, col) -> Occurrence | None:
    """例外 … 于 「a benefit nothing declares」: the exception is not in the IR (it has no benefit to hang
    on), so no occurrence stands there; its target as written, with the benefits as candidates."""
    for excs in snap.loaded.program.exceptions.values():
        for e in excs:
            t = e.target
            if t.span.file == path and contains(t.span, line, col) and t.key not in snap.loaded.program.benefits:
                return Occurrence(t.key, "未定义", t.span, False, "")
    return None


def _candidates(snap, occ) -> list[str]:
    """The names the checker's hint for this place is drawn from: benefits where a 限制 names what it applies
    to or counts (适用于 / 计入), facts for its history fields (累计 / 同一), else facts, parameters and terms."""
    p = snap.loaded.program
    if any(e.target.span == occ.span for excs in p.exceptions.values() for e in excs):
        return list(p.benefits)  # 例外 … 于 「…」
    for lim in snap.ir.limits.values():
        d = lim.origin
        if any(x.span == occ.span for x in (*d.targets, *d.counted)):
            return list(p.benefits)
        if any(x.span == occ.span for x in (*d.keys, *([d.field] if d.field is not None else []))):
            return list(p.facts)
    return p.all_names()


def _syntax_errors_at(text: str, path: str) -> set[tuple[int, int, str]]:
    _module, diags = parse_module(text, path)
    return {(x.span.line, x.span.col, x.code) for x in diags}


def _missing_stop(path, uri, text, lines, d) -> list[lsp.CodeAction]:
    """Insert 。 where the statement ends, if that makes the syntax error go away.

    The parser may point at the statement's last character or at the next statement's first word;
    both places are tried: just after the reported range, and after the last text (not a comment)
    before it. The first insertion that leaves fewer syntax errors is offered."""
    start_line, start_col = lines.from_lsp(d.range.start)
    end_line, end_col = lines.from_lsp(d.range.end)
    candidates = [(end_line - 1, end_col - 1)]
    i, j = start_line - 1, start_col - 1
    while i >= 0:
        body = lines.line(i)[:j] if j is not None else lines.line(i)
        code = _strip_comment(body).rstrip()
        if code:
            candidates.append((i, len(code)))
            break
        i, j = i - 1, None
    before = _syntax_errors_at(text, path)
    for li, col in candidates:
        line = lines.line(li)
        if col > len(line) or not _strip_comment(line)[:col].rstrip() or line[:col].endswith("。"):
            continue
        src = list(lines.lines)  # hzdsl's lines, which `li` counts (a lone CR or U+2028 ends one too)
        src[li] = line[:col] + "。" + line[col:]
        if len(_syntax_errors_at("\n".join(src), path)) < len(before):
            at = lines.to_lsp(li + 1, col + 1)
            return [_fix("补上句号「。」", uri, lsp.Range(start=at, end=at), "。", d, True)]
    return []


def _strip_comment(line: str) -> str:
    """The line without a trailing # comment (a # inside 「」 or “” is not a comment)."""
    depth = 0
    for k, ch in enumerate(line):
        if ch in "「“":
            depth += 1
        elif ch in "」”":
            depth = max(depth - 1, 0)
        elif ch == "#" and depth == 0:
            return line[:k]
    return line


__all__ = ["code_actions"]
