"""Hover: what the 「name」 or quote under the cursor means (Markdown, in Chinese).

- a term: its definition as written, its clause and quotes;
- a fact: entity, type, unit, enumeration values and 释义;
- a parameter: type, unit, 释义, the benefits that use it, and the dated values the case files give it;
- a benefit: kind, clause, quotes;
- a limit or an exception: the benefits it applies to, the rule as written, quotes;
- a quote (依据「…」 or a clause title): the whole official sentence around it, with its clause
  number and line in official.txt; for a misquote, the words it most likely meant.
"""
from __future__ import annotations

from ..errors import Span
from ..syntax import nodes as n
from ..syntax.normalize import unify_line_ends
from ..syntax.printer import expr as print_expr
from .official import official_words
from .params import dated_values
from .positions import contains
from .workspace import PolicyFolder, Snapshot


def name_at(snap: Snapshot, path: str, line: int, col: int):
    """The occurrence of a 「name」 at (line, col) in `path`, or None."""
    for o in snap.occurrences:
        if o.span.file == path and contains(o.span, line, col):
            return o
    return None


def quote_at(snap: Snapshot, path: str, line: int, col: int):
    """(quote, compact offset or -1) of the quote at (line, col), or None."""
    for q, _clause, off in snap.loaded.program.quote_hits:
        if q.span.file == path and contains(q.span, line, col):
            return q, off
    return None


def _type_text(decl) -> str:
    """The type as declared (时长(个月), 比率, 枚举 …), with the unit case values are read in."""
    spec = decl.origin.type if decl.origin is not None else None
    word = spec.type if spec is not None else decl.type.describe()
    unit = decl.unit.text if decl.unit is not None and decl.unit.text else ""
    return word + (f"，单位 {unit}" if unit else "")


def _upper_lines(decl) -> list[str]:
    """`- 上限：100%` as declared, when the fact or parameter has one (case values above it: E732)."""
    written = getattr(decl.origin, "upper", None) if decl.upper is not None else None
    return [f"- 上限：{written.text}"] if written is not None else []


def _clause(c: str) -> str:
    return f"条款（{c}）" if c else "不属于任何条款"


def hover_markdown(folder: PolicyFolder, snap: Snapshot, path: str, line: int, col: int) -> tuple[str, Span] | None:
    occ = name_at(snap, path, line, col)
    if occ is not None and occ.kind in ("限制", "例外"):
        text = _describe_rule(folder, snap, occ.kind, occ.decl_id)
        return (text, occ.span) if text else None
    if occ is not None:
        text = _describe(folder, snap, occ.kind, occ.key)
        return (text, occ.span) if text else None
    hit = quote_at(snap, path, line, col)
    if hit is not None:
        return _describe_quote(folder, *hit), hit[0].span
    return None


def _describe(folder: PolicyFolder, snap: Snapshot, kind: str, key: str) -> str:
    prog = snap.ir
    if kind == "术语" and key in prog.terms:
        t = prog.terms[key]
        body = print_expr(t.body.origin) if t.body.origin is not None else ""
        return "\n\n".join([f"**术语「{t.name}」** · {_clause(t.clause)}",
                            f"```hzdsl\n「{t.name}」 指 {body}\n```",
                            *(["依据：" + "、".join(f"「{q}」" for q in t.quotes)] if t.quotes else [])])
    if kind == "事实" and key in prog.facts:
        f = prog.facts[key]
        lines = [f"**事实「{f.name}」**", f"- 主体：{f.entity}", f"- 类型：{_type_text(f)}", *_upper_lines(f)]
        written = getattr(f.origin, "choices", ()) if f.origin is not None else ()
        if written:
            # as declared, in the declaration's order: the type's choices are base-unit values in a set
            # (取值 5 万元、10 万元 read 100000、50000 under 单位 万元)
            lines.append("- 取值：" + "、".join(f"“{c.value}”" if isinstance(c, n.Text) else print_expr(c)
                                             for c in written))
        elif f.type.choices:
            lines.append("- 取值：" + "、".join(f"“{c}”" if isinstance(c, str) else str(c)
                                             for c in sorted(f.type.choices, key=str)))
        if f.doc:
            lines.append(f"- 释义：{f.doc}")
        users = prog.users_of(key)
        if users:
            lines.append("- 用于：" + "、".join(f"「{u}」" for u in users))
        return "\n".join(lines)
    if kind == "参数" and key in prog.params:
        p = prog.params[key]
        lines = [f"**参数「{p.name}」**（政策之外、按日期生效的值，由案例提供，从不自行假定）",
                 f"- 类型：{_type_text(p)}", *_upper_lines(p)]
        if p.doc:
            lines.append(f"- 释义：{p.doc}")
        users = prog.users_of(key)
        if users:
            lines.append("- 用于：" + "、".join(f"「{u}」" for u in users))
        values = dated_values(folder.root, p.name)
        if values:
            lines.append("\n案例文件中的取值（起始 → 值）：")
            lines += [f"- {v.start or '（未写起始）'} → {v.value}" + (f"（{v.source}）" if v.source else "")
                      + f" · {v.file}" for v in values]
        return "\n".join(lines)
    if kind == "待遇" and key in prog.benefits:
        b = prog.benefits[key]
        lines = [f"**待遇「{b.name}」**" + (f"（{b.kind_word}）" if b.kind_word else "") + f" · {_clause(b.clause)}"]
        if b.quotes:
            lines.append("依据：" + "、".join(f"「{q}」" for q in b.quotes))
        if b.exceptions:
            lines.append("例外：" + "、".join(f"「{x.name}」" for x in b.exceptions))
        if b.limits:
            lines.append("限制：" + "、".join(f"「{x.name}」" for x in b.limits))
        return "\n\n".join(lines)
    if kind == "未定义":
        return f"未定义的名称「{key}」"
    return ""


def _describe_rule(folder: PolicyFolder, snap: Snapshot, kind: str, decl_id: str) -> str:
    """A 限制 or a 例外: the benefits it applies to, the rule as written in its file, its quotes."""
    prog = snap.ir
    decl = prog.node(decl_id) if decl_id else None
    if decl is None:
        return ""
    names = lambda keys: "、".join(f"「{prog.benefits[k].name}」" if k in prog.benefits else f"「{k}」" for k in keys)  # noqa: E731
    head = f"**{kind}「{decl.name}」** · {_clause(decl.clause)}"
    applies = f"适用于：{names(decl.targets)}" if kind == "限制" else f"于：{names([decl.target])}"
    parts = [head, applies]
    span = getattr(decl.origin, "span", None)
    source = unify_line_ends(folder.text(span.file) or "") if span is not None else ""
    if span is not None and 0 <= span.start < span.end <= len(source):
        # as written: spans are offsets in the text with its line ends unified (syntax.parse_module)
        parts.append(f"```hzdsl\n{source[span.start:span.end]}\n```")
    if decl.quotes:
        parts.append("依据：" + "、".join(f"「{q}」" for q in decl.quotes))
    return "\n\n".join(parts)


def _describe_quote(folder: PolicyFolder, q: n.Quote, off: int) -> str:
    official = folder.official()
    if official is None:
        return "（找不到原文 official.txt，无法核对引文）"
    words = official_words(official)
    if off >= 0:
        s = words.sentence(off, off + len(q.key))
        return f"**原文 · {s.where}**（official.txt 第 {s.line} 行）\n\n> {s.words}"
    meant = words.likely_meant(q.key)
    if meant is None:
        return "**引文在原文中找不到**"
    return (f"**引文与原文不符** · 最可能是 {meant.where}（official.txt 第 {meant.line} 行）的：\n\n> {meant.words}")


__all__ = ["hover_markdown", "name_at", "quote_at"]
