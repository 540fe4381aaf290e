"""Characters that do not show are never part of a name, a quote or a text (issue 9, point 2).

A zero-width space, a joiner, a soft hyphen, a direction mark, a control character: pasted from a
web page or a Word file, they make 「正常经营\\u200b时长」 a second name that looks exactly like
「正常经营时长」, a quote that never matches, a value that never equals. They are refused where
they are written (E207); the source's own line ends and tabs are not affected (line and paragraph
separators are read as line ends where text enters — hzdsl.syntax.normalize).
"""
from __future__ import annotations

import unicodedata

from ..errors import Diagnostic, Span
from ..syntax import nodes as n
from ..syntax.walk import NodeIndex

_VISIBLE_CONTROLS = {"\t", "\n", "\r"}
_INVISIBLE_CATEGORIES = {"Cf", "Cc", "Zl", "Zp", "Co", "Cs"}


def invisible(text: str) -> list[tuple[int, str]]:
    """(index, character) of every character of `text` that does not show."""
    if text.isprintable():  # every invisible category is non-printable: the common case costs one C call
        return []
    return [(i, c) for i, c in enumerate(text)
            if c not in _VISIBLE_CONTROLS and unicodedata.category(c) in _INVISIBLE_CATEGORIES]


def shows(c: str) -> bool:
    """Whether the one character `c` shows (`invisible` finds nothing in it)."""
    return c in _VISIBLE_CONTROLS or unicodedata.category(c) not in _INVISIBLE_CATEGORIES


def describe(c: str) -> str:
    """U+200B（ZERO WIDTH SPACE）."""
    return f"U+{ord(c):04X}（{unicodedata.name(c, '无名字符')}）"


def _at(span: Span, text: str, i: int, opening: int) -> Span:
    """The span of character i of `text`, which starts `opening` characters after span's start."""
    before = text[:i]
    line = span.line + before.count("\n")
    col = (span.col + opening + i) if "\n" not in before else len(before) - before.rfind("\n")
    return Span(span.file, line, col, line, col + 1, span.start + opening + i, span.start + opening + i + 1)


def check_invisible(modules: list[n.Module], nodes: NodeIndex | None = None) -> list[Diagnostic]:
    """E207 for each character that does not show in a name, a quote, a text or a 读法's reason, and for a
    control character in a comment; E208 for a name with nothing in it."""
    nodes = nodes or NodeIndex(d for m in modules for d in m.decls)
    out = []
    for m in modules:
        for comment in m.comments:
            # a comment is never compared, so a zero-width space there harms nothing; but a control character
            # (ESC of "\x1b]0;…", "\x1b[2J") reaches the terminal raw through fmt --diff (breaker s22)
            for i, c in [(i, c) for i, c in invisible(comment.text) if unicodedata.category(c) == "Cc"][:1]:
                out.append(Diagnostic.of("E207", _at(comment.span, comment.text, i, 0),
                                         "删去它（控制字符会被终端当作命令执行）", what="注释", char=describe(c)))
    for node in nodes.every(n.Name, n.Quote, n.Text, n.Reading):
        if isinstance(node, n.Name) and not node.key:
            # 「」 or 「  」: nothing shows at all — a fact, term or benefit nobody can name in a case file, a
            # column or a message; it was declared, referenced and screened without a word (breaker s22)
            out.append(Diagnostic.of("E208", node.span, "在「」中写出名称，如「正常经营时长」"))
            continue
        if isinstance(node, (n.Name, n.Quote)):
            what, text = ("名称" if isinstance(node, n.Name) else "引文"), node.text
        elif isinstance(node, n.Text):
            what, text = "文本", node.value
        else:
            what, text = "读法的理由", node.reason
        for i, c in invisible(text):
            out.append(Diagnostic.of(
                "E207", _at(node.span, text, i, 1),
                "删去它（多半是从网页或 Word 复制来的）；看起来一样的两个名称必须真的一样", what=what, char=describe(c)))
    return out
