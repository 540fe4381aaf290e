"""Completion: names in scope inside 「」, keywords, units after a number, enumeration values in “” (those of the
fact compared with or looked up by, when there is one),
and inside a quote (依据「…) the official words that continue what is typed.

Names are ranked did-you-mean style: the closer a declared name is to what has been typed inside
the open 「 (difflib ratio, a prefix or substring match first), the higher it is listed, so a
misspelt name still finds the declaration it meant.
"""
from __future__ import annotations

import difflib
import re

from lsprotocol import types as lsp

from ..syntax.highlight import DECLARATIONS, ENTITIES, FUNCTIONS, KEYWORDS, KINDS, OPERATOR_WORDS, TYPES, UNITS
from ..syntax.normalize import compact
from .official import OfficialWords
from .workspace import Snapshot

_KIND_ICON = {"事实": lsp.CompletionItemKind.Field, "参数": lsp.CompletionItemKind.Constant,
              "术语": lsp.CompletionItemKind.Function, "待遇": lsp.CompletionItemKind.Class}
_NUMBER_BEFORE = re.compile(r"[0-9０-９][ \t\u3000]*$")


def _open_bracket(prefix: str, mark_open: str, mark_close: str) -> int:
    """Index of an unclosed opening mark in `prefix` (the line up to the cursor), or -1."""
    i = prefix.rfind(mark_open)
    return i if i >= 0 and mark_close not in prefix[i:] else -1


def rank(typed: str, name: str) -> tuple:
    """Sort key: exact/prefix/substring matches first, then by similarity (did-you-mean)."""
    t, k = compact(typed), compact(name)
    ratio = difflib.SequenceMatcher(None, t, k, autojunk=False).ratio() if t else 0.0
    return (0 if k.startswith(t) else 1 if t in k else 2, -round(ratio, 4), k)


def complete(snap: Snapshot, lines_before: str, line_text: str, line0: int, char16: int, col: int,
             official: OfficialWords | None = None) -> list[lsp.CompletionItem]:
    """Completion items for the cursor at 1-based character column `col` of `line_text`.

    `lines_before` is the document before the cursor's line (to see a 依据 list started above);
    `line0`/`char16` are the LSP position of the cursor (for text edits)."""
    prefix = line_text[: col - 1]
    suffix = line_text[col - 1:]
    start = _open_bracket(prefix, "「", "」")
    if start >= 0:
        typed = prefix[start + 1:]
        if _CITATION.search(lines_before + prefix[:start]):
            return _quotes(official, typed, line0, char16, suffix)
        return _names(snap, typed, line0, char16, suffix, _wants_benefits(prefix[:start]))
    start = _open_bracket(prefix, "“", "”")
    if start >= 0:
        return _enum_values(snap, prefix[start + 1:], _compared_fact(lines_before + prefix[:start]))
    if _NUMBER_BEFORE.search(prefix):
        return [lsp.CompletionItem(label=u, kind=lsp.CompletionItemKind.Unit, sort_text=f"{i:03d}")
                for i, u in enumerate(UNITS) if u != "％"]
    words = [(w, lsp.CompletionItemKind.Keyword) for w in (*DECLARATIONS, *KEYWORDS, *OPERATOR_WORDS)]
    words += [(w, lsp.CompletionItemKind.TypeParameter) for w in (*TYPES, *ENTITIES, *KINDS)]
    words += [(w, lsp.CompletionItemKind.Function) for w in FUNCTIONS]
    seen: set[str] = set()
    items = []
    for w, kind in words:
        if w not in seen:
            seen.add(w)
            items.append(lsp.CompletionItem(label=w, kind=kind, detail="关键词"))
    return items


# 依据「…」、「 / 说明 依据「 / 条款 三 「: the bracket being typed holds words of the official text
_CITATION = re.compile(r"(依据|条款\s*[一二三四五六七八九十百零]+|部分\s*[一二三四五六七]+)\s*(「[^「」]*」\s*、\s*)*$")
_CLAUSE_END = frozenset("，,；;。：:")


def _u16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _edit_range(typed: str, line0: int, char16: int, suffix: str = "") -> lsp.Range:
    """From the bracket's 「 to its 」 when the cursor is inside a closed bracket (the 」 is replaced too:
    the new text brings its own), else to the cursor. Completing 「毕业|时长」 wrote 「毕业时长」时长」."""
    close, reopen = suffix.find("」"), suffix.find("「")
    rest = suffix[: close + 1] if close >= 0 and (reopen < 0 or close < reopen) else ""
    return lsp.Range(start=lsp.Position(line=line0, character=char16 - _u16(typed)),
                     end=lsp.Position(line=line0, character=char16 + _u16(rest)))


def _quotes(official: OfficialWords | None, typed: str, line0: int, char16: int, suffix: str,
            limit: int = 20) -> list[lsp.CompletionItem]:
    """Words of the official text continuing what is typed: to the next comma and to the end of the
    sentence, for each place the typed words occur (so a quote is copied, never retyped)."""
    key = compact(typed)
    if official is None or not key:
        return []
    c = official.official.compact
    close = "」"  # the range takes in this bracket's 」, if it has one
    rng = _edit_range(typed, line0, char16, suffix)
    items, seen = [], set()
    for at in official.official.find_all(key)[:limit]:
        ends, e = [], at + len(key)
        while e < len(c) and len(ends) < 2:
            if c[e] in _CLAUSE_END and e > at + len(key):
                ends.append(e)
                if c[e] in "；;。":
                    break
            e += 1
        for end in ends:
            place = official.place(at, end)
            if place.words in seen:
                continue
            seen.add(place.words)
            items.append(lsp.CompletionItem(
                label=place.words, kind=lsp.CompletionItemKind.Text, detail=f"原文 · {place.where}",
                sort_text=f"{len(items):04d}", filter_text=typed or place.words,
                text_edit=lsp.TextEdit(range=rng, new_text=place.words + close)))
    return items


_BENEFIT_LIST = re.compile(r"(于|适用于|计入)[ \t\u3000]*(「[^「」]*」[ \t\u3000]*、[ \t\u3000]*)*$")


def _wants_benefits(before: str) -> bool:
    """Is the 「 being typed in a list of benefits (例外 … 于 「, 适用于 「…」、「, 计入 「)?"""
    return bool(_BENEFIT_LIST.search(before.rstrip()))


def _names(snap: Snapshot, typed: str, line0: int, char16: int, suffix: str,
           benefits: bool) -> list[lsp.CompletionItem]:
    """Benefits where a benefit is named (于 / 适用于 / 计入); elsewhere facts, parameters and terms
    (a benefit cannot be used in a condition or a formula: E204)."""
    p = snap.loaded.program
    if benefits:
        declared = [(k, "待遇", d.name.text) for k, d in p.benefits.items()]
    else:
        declared = [(k, "事实", f.decl.name.text) for k, f in p.facts.items()]
        declared += [(k, "参数", f.decl.name.text) for k, f in p.params.items()]
        declared += [(k, "术语", d.name.text) for k, d in p.terms.items()]
    declared.sort(key=lambda x: rank(typed, x[2]))
    close = "」"  # the range takes in this bracket's 」, if it has one
    rng = _edit_range(typed, line0, char16, suffix)
    items = []
    for i, (key, kind, text) in enumerate(declared):
        items.append(lsp.CompletionItem(
            label=text, kind=_KIND_ICON[kind], detail=kind, sort_text=f"{i:04d}",
            filter_text=typed or text,  # keep did-you-mean candidates even when they do not share a prefix
            text_edit=lsp.TextEdit(range=rng, new_text=text + close)))
    return items


# What a “ being typed is compared with: 「X」 是 / 不是 / 包含 / 属于 (after the values listed already: “甲”、“), or
# a row of a lookup 按 「X」： … ；“ (rows may span lines: what is before the cursor back to the statement's 。).
_SPACE = r"[ \t\u3000\n]*"
_VALUES_BEFORE = rf"(?:“[^“”]*”{_SPACE}、{_SPACE})*"
_COMPARED = re.compile(rf"「([^「」]+)」{_SPACE}(?:不是|是|!=|=|≠|包含|属于){_SPACE}{_VALUES_BEFORE}$")
_ROW_START = re.compile(rf"[:：；;]{_SPACE}{_VALUES_BEFORE}$")
_LOOKUP = re.compile(rf"按{_SPACE}「([^「」]+)」{_SPACE}[:：]")


def _compared_fact(before: str) -> str | None:
    """The name of the fact the “ at the end of `before` is compared with or looked up by, or None."""
    stmt = before[before.rfind("。") + 1:]  # one statement: a comparison or a lookup never spans a 。
    m = _COMPARED.search(stmt)
    if m:
        return m.group(1)
    row = _ROW_START.search(stmt)
    if row:
        heads = list(_LOOKUP.finditer(stmt, 0, row.start() + 1))
        if heads:
            return heads[-1].group(1)
    return None


def _enum_values(snap: Snapshot, typed: str, compared: str | None = None) -> list[lsp.CompletionItem]:
    """The enumeration values to offer in “…”: those of the fact `compared` (the one the “ is compared with or
    looked up by) when it is a declared fact — 「身份」 包含 “登 offered 证书等级's 五级 … too —, else every fact's."""
    facts = snap.loaded.program.facts
    known = facts.get(compact(compared)) if compared else None
    values: dict[str, list[str]] = {}
    for f in [known] if known is not None else facts.values():
        for c in f.type.choices:
            if isinstance(c, str):  # text members; numeric choices are written as numbers, not in “”
                values.setdefault(c, []).append(f.decl.name.text)
    ordered = sorted(values, key=lambda v: rank(typed, v))
    return [lsp.CompletionItem(label=v, kind=lsp.CompletionItemKind.EnumMember, sort_text=f"{i:04d}",
                               detail="取值：" + "、".join(f"「{n}」" for n in values[v][:3]))
            for i, v in enumerate(ordered)]
