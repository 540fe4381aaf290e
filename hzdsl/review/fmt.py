"""`hzdsl fmt`: print a parsed module in the one canonical layout, keeping every comment.

Layout (no options): one declaration per block with a blank line between blocks; the header
(待遇 「名」(类别)) on the first line and 依据 / 若 / 指 / 则 / 适用于 on their own lines, indented
four spaces; a condition or definition that does not fit in `WIDTH` display cells is broken one
且/或 operand per line, lists (以下之一、取值) are filled line by line, lookup tables get one row per
line. 事实 and 参数 declarations are tables: consecutive ones stay together, keeping a blank line
only where the source had one. Names and quotes are printed exactly as written.

Comments are placed by source offset: a comment above a declaration stays above it; a comment at
the end of a line stays at the end of the printed line that holds the code before it; a comment
on its own line inside a declaration stays before the printed line that follows it. Each printed
line remembers the source offset of its first node (`anchor`), and lines are in source order, so
the placement is stable: formatting twice gives the same text.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import Iterable

from rich.cells import cell_len

from ..errors import Diagnostic
from ..limitspec import FIELD, spec_of
from ..syntax import nodes as n
from ..syntax import printer as pr
from ..syntax.build import parse_module
from ..syntax.normalize import normalize, unify_line_ends
from ..syntax.walk import map_children

WIDTH = 120  # display cells (a CJK character is two)
INDENT = "    "


@dataclass
class Line:
    level: int
    text: str
    anchor: int  # source offset of the first node printed on this line; -1 when unknown
    trailing: str = ""
    before: list[str] = field(default_factory=list)


def _fits(level: int, text: str) -> bool:
    return "\n" not in text and cell_len(INDENT * level + text) <= WIDTH


# Source offsets of the own-line comments of the module being formatted (set by format_module). Such a
# comment inside an expression or a declaration keeps it on several lines, so the comment stays right
# before the operand it was written before (a `# 读法` explains *that* condition, not the payout).
_COMMENTS: ContextVar[tuple[int, ...]] = ContextVar("fmt_comments", default=())


def _comment_between(lo: int, hi: int) -> bool:
    offsets = _COMMENTS.get()
    i = bisect_left(offsets, lo)
    return 0 <= lo and i < len(offsets) and offsets[i] < hi


def _holds_comment(node: n.Node | None) -> bool:
    if node is None or node.span.end <= node.span.start:
        return False
    return _comment_between(node.span.start, node.span.end)


def _fits_node(level: int, text: str, node: n.Node | None) -> bool:
    """One line for `node` only when it fits and no comment was written inside it."""
    return _fits(level, text) and not _holds_comment(node)


def _start(node: n.Node | None) -> int:
    return node.span.start if node is not None and node.span.end > node.span.start else -1


# ── expressions over several lines ────────────────────────────────────────────────────────


def expr_lines(prefix: str, e: n.Expr, level: int, tail: str = "", anchor: int = -1) -> list[Line]:
    """`prefix` + the expression + `tail`, on one line when it fits, else broken at its top level."""
    anchor = anchor if anchor >= 0 else _start(e)
    one = prefix + pr.expr(e) + tail
    if _fits_node(level, one, e):
        return [Line(level, one, anchor)]
    if isinstance(e, n.Logic) and not e.form:
        lines = [Line(level, prefix + pr.logic_operand(e.operands[0], e.op), anchor)]
        for x in e.operands[1:]:
            lines.extend(_operand_lines(e.op + " ", x, e.op, level + 1))
        lines[-1].text += tail
        return lines
    if isinstance(e, n.Logic) and e.form:
        items = [(pr.list_item(x), _start(x)) for x in e.operands]
        if all(isinstance(x, (n.Ref, n.Text, n.Quantity)) for x in e.operands):
            return fill(prefix + e.form + "：", items, "、", level, tail, anchor)
        # a list of conditions: one item per line, a long item broken inside its parentheses
        lines = [Line(level, prefix + e.form + "：", anchor)]
        for i, x in enumerate(e.operands):
            sep = "、" if i < len(e.operands) - 1 else tail
            lines.extend(_operand_lines("", x, "", level + 1, pr.list_item(x), sep))
        return lines
    if isinstance(e, n.Lookup):
        head = f"按 {pr.expr(e.key) if pr._prec(e.key) >= 5 else '(' + pr.expr(e.key) + ')'}："
        lines = [Line(level, prefix + head, anchor)]
        rows = [("、".join(pr.literal(k) for k in r.keys) + " 为 " + _sum_text(r.value), _start(r)) for r in e.rows]
        if e.default is not None:
            rows.append(("其他 为 " + _sum_text(e.default), _start(e.default)))
        for i, (text, at) in enumerate(rows):
            lines.append(Line(level + 1, text + ("；" if i < len(rows) - 1 else tail), at))
        return lines
    return [Line(level, one, anchor)]


def _sum_text(e: n.Expr) -> str:
    s = pr.expr(e)
    return s if pr._prec(e) >= 5 else f"({s})"


def _operand_lines(prefix: str, x: n.Expr, op: str, level: int, text: str = "", tail: str = "") -> list[Line]:
    text = text or pr.logic_operand(x, op)
    if _fits_node(level, prefix + text + tail, x):
        return [Line(level, prefix + text + tail, _start(x))]
    if isinstance(x, n.Logic) and not x.form and text.startswith("("):
        return expr_lines(prefix + "(", x, level, ")" + tail)
    if text.startswith("("):
        return [Line(level, prefix + text + tail, _start(x))]
    return expr_lines(prefix, x, level, tail)


def fill(head: str, items: list[tuple[str, int]], sep: str, level: int, tail: str = "",
         anchor: int = -1) -> list[Line]:
    """`head` then the items joined by `sep`, filled up to WIDTH; continuation lines one level deeper."""
    lines = [Line(level, head, anchor)]
    first = True
    for i, (text, at) in enumerate(items):
        piece = text + (sep if i < len(items) - 1 else tail)
        cur = lines[-1]
        if first or _fits(cur.level, cur.text + piece):
            cur.text += piece
            if cur.anchor < 0:
                cur.anchor = at
        else:
            lines.append(Line(level + 1, piece, at))
        first = False
    if not items:
        lines[-1].text += tail
    return lines


def quote_text(q: n.Quote) -> str:
    return "「" + q.text + "」"


def cite_lines(quotes: tuple[n.Quote, ...], level: int, readings: tuple = ()) -> list[Line]:
    if not quotes:
        return []
    items = [(quote_text(q), _start(q)) for q in quotes]
    lines = fill("依据", items, "、", level, anchor=items[0][1])
    for r in readings:  # 读法 6 个月、1 人 “理由”: one line each, under the quotes they read
        lines.append(Line(level, "读法 " + "、".join(pr.expr(q) for q in r.numbers) + " “" + r.reason + "”", _start(r)))
    return lines


# ── declarations ──────────────────────────────────────────────────────────────────────────

MODIFIER_WORDS = {"cap": "最高不超过", "floor": "最低", "term_limit": "期限不超过"}


def modifier_text(m: n.Modifier) -> str:
    if m.kind == "once":
        return "一次性"
    return MODIFIER_WORDS[m.kind] + " " + pr.expr(m.value)


def outcome_lines(o: n.Outcome, level: int, source: str | None) -> list[Line]:
    at = _start(o)
    if o.payout is None:
        head = "则 享有 " + pr.text(o.entitlement)
        lines = [Line(level, head, at)]
    else:
        word = ""
        if o.up_to:
            head = source[o.span.start: o.payout.span.start] if source is not None else ""
            word = "最高 " if "最高" in head and "最高不超过" not in head else "最高不超过 "
        lines = expr_lines("则 " + word, o.payout, level, anchor=at)
    mods = [(modifier_text(m), _start(m)) for m in o.modifiers]
    one = lines[0].text + "".join("，" + t for t, _ in mods) + "。"
    if len(lines) == 1 and _fits(level, one):
        lines[0].text = one
        return lines
    for text, m_at in mods:
        lines[-1].text += "，"
        lines.append(Line(level + 1, text, m_at))
    lines[-1].text += "。"
    return lines


_BRACKETED = re.compile(r"「[^「」]*」|“[^“”]*”|\"[^\"]*\"")


def _word_at(source: str | None, node: n.Node, word: str) -> int:
    """Source offset of the keyword `word` (outside brackets and quotes) in the node's text, or -1."""
    if source is None or node.span.end <= node.span.start:
        return -1
    text = source[node.span.start: node.span.end]
    masked = _BRACKETED.sub(lambda m: " " * len(m.group()), text)
    k = masked.find(word)
    return node.span.start + k if k >= 0 else -1


def _written(source: str | None, node: n.Node, word: str) -> bool:
    """Whether `word` is written as a keyword (outside brackets) in the node's source text.

    Two keywords are synonyms the AST does not tell apart (则 最高 / 最高不超过, 不可 / 不得重复享受);
    fmt keeps the one the drafter wrote.
    """
    if source is None or node.span.end <= node.span.start:
        return False
    return word in _BRACKETED.sub("", source[node.span.start: node.span.end])


def condition_lines(keyword: str, cond: n.Expr, exclusions: tuple[n.Expr, ...], level: int) -> list[Line]:
    excl = [(pr.expr(x) + " 除外", _start(x)) for x in exclusions]
    one = keyword + " " + pr.expr(cond) + "".join("，" + t for t, _ in excl)
    if _fits(level, one) and not _comment_between(_start(cond), (exclusions[-1] if exclusions else cond).span.end):
        return [Line(level, one, _start(cond))]
    lines = expr_lines(keyword + " ", cond, level, "，" if excl else "")
    for i, (text, at) in enumerate(excl):
        lines.append(Line(level + 1, text + ("，" if i < len(excl) - 1 else ""), at))
    return lines


def type_text(t: n.TypeSpec) -> str:
    return t.type + (f"({t.unit})" if t.unit else "")


def upper_text(d: n.FactDecl | n.ParamDecl) -> str:
    """` 上限 X` as the declaration writes it, "" when it has none."""
    return f" 上限 {pr.literal(d.upper)}" if d.upper is not None else ""


def decl_lines(d: n.Decl, source: str | None) -> list[Line]:
    at = _start(d)
    if isinstance(d, n.PartDecl):
        return [Line(0, f"部分 {d.number} {quote_text(d.title)}。", at)]
    if isinstance(d, n.ClauseDecl):
        return [Line(0, f"条款 {d.number} {quote_text(d.title)}。", at)]
    if isinstance(d, n.NoteDecl):
        lines = fill("说明 依据", [(quote_text(q), _start(q)) for q in d.quotes], "、", 0, "。", at)
        return lines
    if isinstance(d, (n.FactDecl, n.ParamDecl)):
        head = (f"事实 {pr.name(d.name)}：{d.entity} {type_text(d.type)}" if isinstance(d, n.FactDecl)
                else f"参数 {pr.name(d.name)}：{type_text(d.type)}") + upper_text(d)
        choices = [(pr.literal(c), _start(c)) for c in getattr(d, "choices", ())]
        doc = f"释义 {pr.text(d.doc)}" if d.doc else ""
        implies = "蕴含 " + "、".join(pr.name(x) for x in getattr(d, "implies", ())) if getattr(d, "implies", ()) else ""
        one = (head + (" 取值 " + "、".join(t for t, _ in choices) if choices else "") + ("，" + implies if implies else "")
               + ("，" + doc if doc else "") + "。")
        if _fits_node(0, one, d):
            return [Line(0, one, at)]
        lines = [Line(0, head, at)]
        if choices:
            lines.extend(fill("取值 ", choices, "、", 1, anchor=choices[0][1]))
        if implies:
            lines[-1].text += "，"
            lines.append(Line(1, implies, -1))
        if doc:
            lines[-1].text += "，"
            lines.append(Line(1, doc, _word_at(source, d, "释义")))
        lines[-1].text += "。"
        return lines
    if isinstance(d, n.TermDecl):
        return [Line(0, f"术语 {pr.name(d.name)}", at), *cite_lines(d.quotes, 1, d.readings),
                *expr_lines("指 ", d.body, 1, "。")]
    if isinstance(d, n.BenefitDecl):
        lines = [Line(0, f"待遇 {pr.name(d.name)}" + (f"({d.kind})" if d.kind else ""), at), *cite_lines(d.quotes, 1, d.readings)]
        if d.condition is not None:
            lines.extend(condition_lines("若", d.condition, d.exclusions, 1))
        lines.extend(outcome_lines(d.outcome, 1, source))
        return lines
    if isinstance(d, n.ExceptionDecl):
        head = f"例外 {pr.name(d.name)} 于 {pr.name(d.target)}"
        heads = ([Line(0, head, at)] if _fits(0, head) else
                 [Line(0, f"例外 {pr.name(d.name)}", at), Line(1, f"于 {pr.name(d.target)}", _start(d.target))])
        return [*heads, *cite_lines(d.quotes, 1, d.readings),
                *condition_lines("若", d.condition, (), 1), *outcome_lines(d.outcome, 1, source)]
    if isinstance(d, n.LimitDecl):
        targets = [(pr.name(t), _start(t)) for t in d.targets]
        lines = [Line(0, f"限制 {pr.name(d.name)}", at), *cite_lines(d.quotes, 1, d.readings)]
        rule = "：" + limit_rule_text(d, source) + "。"
        if d.counted:
            counted = [(pr.name(t), _start(t)) for t in d.counted]
            lines.extend(fill("适用于 ", targets, "、", 1, "，", targets[0][1]))
            lines.extend(fill("计入 ", counted, "、", 1, rule, counted[0][1]))
        else:
            lines.extend(fill("适用于 ", targets, "、", 1, rule, targets[0][1]))
        return lines
    raise TypeError(f"cannot format {type(d).__name__}")


def limit_rule_text(d: n.LimitDecl, source: str | None = None) -> str:
    """The rule after 适用于 …：as fmt prints it — the kind's phrase (hzdsl/limitspec.py; the one
    written when the kind has several), the comparison word, the bound; or 同一「…」 … 不得重复享受."""
    spec = spec_of(d.kind)
    if spec.phrases:
        phrase = next((p for p in spec.phrases if p[0] == d.year_word), spec.phrases[0])
        words = [pr.name(d.field) if w == FIELD else w for w in phrase]
        return " ".join([*words, d.cmp_word, pr.expr(d.bound) if d.bound is not None else ""])
    keys = " ".join("同一" + pr.name(k) for k in d.keys)
    claimant = f" 已由 {d.claimant} 享受的" if d.claimant else ""
    word = "不得重复享受" if _written(source, d, "不得重复享受") else "不可重复享受"
    return f"{keys}{claimant} {word}"


# ── comments and the whole module ─────────────────────────────────────────────────────────


@dataclass
class _Block:
    decl: n.Decl
    lines: list[Line]
    leading: list[tuple[str, bool]] = field(default_factory=list)  # (comment, blank line after it)


def _is_table(d: n.Decl) -> bool:
    return isinstance(d, (n.FactDecl, n.ParamDecl))


def _line_start(source: str, offset: int) -> int:
    return source.rfind("\n", 0, offset) + 1


def _blank_between(source: str, a: int, b: int) -> bool:
    """Whether the source has an empty line between offsets a and b."""
    gap = source[a:b]
    return any(not part.strip() for part in gap.split("\n")[1:-1])


# What may stand between a comment's next code and the anchor of the printed line that holds it:
# the line's leading keywords (且、或、依据、若、则、指 …; 「其他 为」 before a lookup's default, which is
# anchored at its value — with one keyword only, a comment above 其他 moved above the table's first row,
# breaker s22) and the opening brackets of the line's operand (其他 为 (非 按规定)), never a name, text or number.
_KEYWORD = r"[^\s「」“”\"\d),:;#。]{1,6}"
_KEYWORDS_ONLY = re.compile(rf"{_KEYWORD}(?:\s+{_KEYWORD}){{0,2}}")


def _place_inner(lines: list[Line], text: str, offset: int, own_line: bool, next_code: int = -1,
                 source: str | None = None) -> None:
    """Put a comment inside a declaration on the printed line it belongs to.

    An own-line comment goes before the printed line that holds the code written after it
    (`next_code`), never below that code; a trailing comment goes at the end of the line holding
    the code before it.
    """
    anchors = [ln.anchor for ln in lines]
    if own_line:
        at = next_code if next_code >= 0 else offset
        holder = 0
        for i, a in enumerate(anchors):
            if a <= at:
                holder = i
        # A printed line is anchored at its operand, after the connective that leads it (且 「…」):
        # when only keywords stand between the comment and that anchor, that line holds the code.
        nxt = next((i for i, a in enumerate(anchors) if a > at), None)
        if (nxt is not None and source is not None and anchors[holder] != at
                and _KEYWORDS_ONLY.fullmatch(normalize(source[at:anchors[nxt]]).strip())):
            holder = nxt
        lines[holder].before.append(text)
        return
    idx = 0
    for i, a in enumerate(anchors):
        if a <= offset:
            idx = i
    if not lines[idx].trailing:
        lines[idx].trailing = text
    elif idx + 1 < len(lines):
        lines[idx + 1].before.append(text)
    else:
        lines[idx].before.append(text)


_QUOTED = re.compile(r"“([^“”]*)”|\"([^\"]*)\"")


def _raw_texts(x, source: str):
    """The AST with “…” values as written: the parser keeps them width-normalised (“；” → “;”),
    which reads worse to a drafter; printing the original spelling parses back to the same value."""
    if isinstance(x, (tuple, list)):
        return type(x)(_raw_texts(v, source) for v in x)
    if not isinstance(x, n.Node):
        return x
    x = map_children(x, lambda c: _raw_texts(c, source))
    changes = {}
    if isinstance(x, n.Text) and x.span.end > x.span.start:
        raw = source[x.span.start + 1: x.span.end - 1]
        if normalize(raw) == x.value:
            changes["value"] = raw
    if isinstance(x, (n.FactDecl, n.ParamDecl)) and x.doc:
        found = list(_QUOTED.finditer(source, x.span.start, x.span.end))
        raw = (found[-1].group(1) or found[-1].group(2) or "") if found else ""
        if found and normalize(raw) == x.doc:
            changes["doc"] = raw
    if isinstance(x, n.Outcome) and x.entitlement:
        found = list(_QUOTED.finditer(source, x.span.start, x.span.end))
        raw = (found[0].group(1) or found[0].group(2) or "") if found else ""
        if found and normalize(raw) == x.entitlement:
            changes["entitlement"] = raw
    return replace(x, **changes)


def _next_code(source: str, offset: int) -> int:
    """Offset of the first character of code after `offset`: not whitespace, not in a comment."""
    i, n_ = offset, len(source)
    while i < n_:
        ch = source[i]
        if ch == "#":
            nl = source.find("\n", i)
            if nl < 0:
                return -1
            i = nl
        elif not ch.isspace():
            return i
        i += 1
    return -1


def format_module(module: n.Module, source: str | None = None) -> str:
    """The canonical text of a module. `source` (the text it was parsed from) places the comments."""
    # only comments on a line of their own: a trailing comment stays at the end of the joined line
    offsets = tuple(sorted(c.span.start for c in module.comments
                           if not source[_line_start(source, c.span.start):c.span.start].strip())) if source else ()
    token = _COMMENTS.set(offsets)
    try:
        return _format_module(module, source)
    finally:
        _COMMENTS.reset(token)


def _format_module(module: n.Module, source: str | None) -> str:
    decls = list(module.decls) if source is None else list(_raw_texts(module.decls, source))
    blocks = [_Block(d, decl_lines(d, source)) for d in decls]
    for b in blocks:  # a line without a node of its own shares the anchor of the line above
        last = _start(b.decl)
        for ln in b.lines:
            if ln.anchor < 0:
                ln.anchor = last
            last = ln.anchor
    tail: list[tuple[str, bool]] = []
    comments = sorted(module.comments, key=lambda c: c.span.start) if source is not None else []
    for c in comments:
        text = c.text.rstrip()
        o = c.span.start
        own_line = not source[_line_start(source, o):o].strip()
        owner = next((b for b in blocks if b.decl.span.start <= o < b.decl.span.end), None)
        if owner is None and not own_line:
            # after the 「。」 of a declaration, on its last line
            owner = next((b for b in reversed(blocks) if b.decl.span.end <= o), None)
        if owner is not None:
            _place_inner(owner.lines, text, o, own_line, _next_code(source, c.span.end), source)
            continue
        nxt = next((b for b in blocks if b.decl.span.start > o), None)
        following = nxt.decl.span.start if nxt else len(source)
        later = [x.span.start for x in comments if x.span.start > o]
        stop = min([following, *later])
        entry = (text, _blank_between(source, c.span.end, stop) and stop != len(source))
        (nxt.leading if nxt else tail).append(entry)
    out: list[str] = []
    prev: n.Decl | None = None
    for b in blocks:
        if prev is not None:
            together = (_is_table(prev) and _is_table(b.decl) and not b.leading
                        and source is not None and not _blank_between(source, prev.span.end, b.decl.span.start))
            together = together or (source is None and _is_table(prev) and _is_table(b.decl))
            if not together:
                out.append("")
        for text, blank in b.leading:
            out.append(text)
            if blank:
                out.append("")
        for ln in b.lines:
            pad = INDENT * ln.level
            out.extend(pad + t for t in ln.before)
            out.append(pad + ln.text + ("  " + ln.trailing if ln.trailing else ""))
        prev = b.decl
    if tail:
        if out:
            out.append("")
        for text, blank in tail:
            out.append(text)
            if blank:
                out.append("")
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n" if out else ""


# ── text in, text out ─────────────────────────────────────────────────────────────────────


class FormatError(Exception):
    """fmt would change the meaning or drop a comment: refuse to write (an hzdsl bug)."""


def format_text(text: str, path: str) -> tuple[str | None, list[Diagnostic]]:
    """Format a file's text; (None, diagnostics) when it does not parse."""
    text = unify_line_ends(text)
    module, diags = parse_module(text, path)
    if diags:
        return None, diags
    out = format_module(module, text)
    again, problems = parse_module(out, path)
    if problems or strip_spans(again.decls) != strip_spans(module.decls):
        raise FormatError(f"{path}：格式化后语义改变")
    if sorted(comment_texts(again)) != sorted(comment_texts(module)):
        raise FormatError(f"{path}：格式化后注释有出入")
    return out, []


def comment_texts(module: n.Module) -> list[str]:
    return [c.text.rstrip() for c in module.comments]


def strip_spans(x):
    """The AST with every span blanked, for comparing two parses. A date's `text` is its spelling
    (fmt prints dates canonically), so it is blanked as well."""
    if isinstance(x, (tuple, list)):
        return type(x)(strip_spans(v) for v in x)
    if isinstance(x, n.Node):
        x = map_children(x, strip_spans)
        return replace(x, span=None, **({"text": ""} if isinstance(x, n.Date) else {}))
    return x


def iter_policy_files(paths: Iterable[str]):
    from pathlib import Path

    from ..loader import unique_paths

    found = []
    for p in map(Path, paths):
        if p.is_dir():
            found.extend(sorted(p.rglob("*.policy")))
        else:
            found.append(p)
    yield from unique_paths(found)  # a file named twice is formatted and reported once
