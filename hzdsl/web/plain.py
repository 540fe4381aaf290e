"""Conditions, amounts and limits of a rule in plain Chinese, as nested lines of linked pieces.

Shapes only (no HTML): a `Line` is a list of `Piece`s (text, optionally naming a declared term,
fact, parameter or benefit so the page can link it) and the lines under it. Leaves are printed
with the canonical printer (hzdsl/syntax/printer.py), whose wording already reads as the clause
(「正常经营时长」 满 6 个月); the structure (且 / 或 / 非 / 除外) is spelled out in words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..check.program import Program
from ..syntax import nodes as n
from ..syntax.normalize import compact
from ..syntax.printer import expr as show_expr

_NAME_RE = re.compile(r"「([^」]*)」")
LIMIT_KINDS = {
    "per_year_count": "每人每年次数上限",
    "total_count": "累计次数上限",
    "total_sum": "累计数量上限",
    "no_repeat": "不得重复享受",
    "per_year_amount": "每年金额上限",
    "total_amount": "累计金额上限",
}


@dataclass(frozen=True)
class Piece:
    text: str
    ref: tuple[str, str] | None = None  # (kind 事实|参数|术语|待遇, key) of a declared name


@dataclass(frozen=True)
class Line:
    pieces: tuple[Piece, ...]
    children: tuple["Line", ...] = ()


def pieces(text: str, program: Program) -> tuple[Piece, ...]:
    """Split printed text at its 「names」; a declared name becomes a linkable piece."""
    out: list[Piece] = []
    pos = 0
    for m in _NAME_RE.finditer(text):
        if m.start() > pos:
            out.append(Piece(text[pos : m.start()]))
        key = compact(m.group(1))
        kind = program.kind_of(key)
        out.append(Piece(m.group(0), (kind, key) if kind else None))
        pos = m.end()
    if pos < len(text):
        out.append(Piece(text[pos:]))
    return tuple(out)


def condition(e: n.Expr, program: Program) -> Line:
    """A condition as a tree: 且 → 以下条件全部满足, 或 → 满足以下任一条件, 非 → 不属于."""
    if isinstance(e, n.Logic):
        head = "以下条件全部满足：" if e.op == "且" else "满足以下任一条件："
        return Line((Piece(head),), tuple(condition(x, program) for x in e.operands))
    if isinstance(e, n.Not):
        return Line((Piece("不属于以下情形："),), (condition(e.operand, program),))
    if isinstance(e, n.Ref) and program.kind_of(e.name.key) == "术语":
        return Line((Piece("符合"), *pieces(show_expr(e), program), Piece("（见术语定义）")))
    if isinstance(e, n.Ref) and program.kind_of(e.name.key) == "事实":
        return Line((*pieces(show_expr(e), program), Piece("：是")))
    return Line(pieces(show_expr(e), program))


def outcome(o: n.Outcome, program: Program) -> list[Line]:
    """What is granted: the amount (or right) and its qualifiers, one line each."""
    lines: list[Line] = []
    if o.entitlement:
        lines.append(Line((Piece("可享受：" + o.entitlement),)))
    if o.payout is not None:
        if isinstance(o.payout, n.Placeholder):
            lines.append(Line((Piece("金额：按规定（由另行制定的办法规定，本文件未定，结果为待定）"),)))
        else:
            prefix = "金额：最高 " if o.up_to else "金额："
            lines.append(Line((Piece(prefix), *pieces(show_expr(o.payout), program))))
    for m in o.modifiers:
        if m.kind == "cap":
            lines.append(Line((Piece("最高不超过 "), *pieces(show_expr(m.value), program))))
        elif m.kind == "floor":
            lines.append(Line((Piece("最低 "), *pieces(show_expr(m.value), program))))
        elif m.kind == "once":
            lines.append(Line((Piece("一次性发放"),)))
        elif m.kind == "term_limit":
            lines.append(Line((Piece("期限不超过 "), *pieces(show_expr(m.value), program))))
    if o.payout is not None and not isinstance(o.payout, n.Placeholder):
        lines.append(Line((Piece("金额按四舍五入保留到分。"),)))
    return lines


def limit(lim: n.LimitDecl, program: Program) -> Line:
    """One history limit in words: its kind, bound and the fields it compares."""
    bits = [LIMIT_KINDS.get(lim.kind, lim.kind)]
    if lim.bound is not None:
        bits.append(f"{lim.cmp_word or '不超过'} {lim.bound.text}")
    if lim.field is not None:
        bits.append(f"按「{lim.field.text}」")
    if lim.keys:
        bits.append("同一" + "、".join(f"「{k.text}」" for k in lim.keys))
    if lim.claimant:
        bits.append(f"申领人：{lim.claimant}")
    return Line(pieces("，".join(bits), program))
