"""Conditions, amounts and limits of a rule in plain Chinese, as nested lines of linked pieces.

Shapes only (no HTML): a `Line` is a list of `Piece`s (text, optionally naming a declared term,
fact or parameter so the page can link it) and the lines under it. Read from the IR: the structure
from its nodes, the links from its resolved `Ref`s (no name is looked up here). Leaves are printed
with the canonical printer (hzdsl/syntax/printer.py), whose wording already reads as the clause
(「正常经营时长」 满 6 个月); the structure (且 / 或 / 非 / 除外) is spelled out in words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import ir
from ..kinds import ModifierKind
from ..limitspec import SPECS
from ..syntax.walk import find_all
from ..syntax.normalize import compact
from ..syntax.printer import expr as show_expr

_NAME_RE = re.compile(r"「([^」]*)」")
LIMIT_KINDS = {spec.kind: spec.plain for spec in SPECS}  # a limit kind in words (hzdsl/limitspec.py)


@dataclass(frozen=True)
class Piece:
    text: str
    ref: tuple[str, str] | None = None  # (kind 事实|参数|术语|待遇, key) of a declared name


@dataclass(frozen=True)
class Line:
    pieces: tuple[Piece, ...]
    children: tuple["Line", ...] = ()


def pieces(text: str, refs: dict[str, str]) -> tuple[Piece, ...]:
    """Split printed text at its 「names」; a name the IR resolved (`refs`: key → 事实|参数|术语, from
    the node's `ir.Ref`s) becomes a linkable piece. Nothing is looked up by its words here."""
    out: list[Piece] = []
    pos = 0
    for m in _NAME_RE.finditer(text):
        if m.start() > pos:
            out.append(Piece(text[pos : m.start()]))
        key = compact(m.group(1))
        kind = refs.get(key, "")
        out.append(Piece(m.group(0), (kind, key) if kind else None))
        pos = m.end()
    if pos < len(text):
        out.append(Piece(text[pos:]))
    return tuple(out)


def _refs(node) -> dict[str, str]:
    """The names an IR node refers to, resolved: key → 事实 | 参数 | 术语."""
    return {r.key: str(r.kind) for r in find_all(node, ir.Ref) if r.kind != ir.RefKind.UNRESOLVED}


def _said(e) -> tuple[Piece, ...]:
    """An IR expression printed as written (its origin), its resolved names linked."""
    return pieces(show_expr(e.origin), _refs(e))


def condition(e: ir.Expr) -> Line:
    """A condition (IR) as a tree: 且 → 以下条件全部满足, 或 → 满足以下任一条件, 非 → 不属于."""
    if isinstance(e, ir.Logic):
        head = "以下条件全部满足：" if e.op == ir.LogicOp.AND else "满足以下任一条件："
        return Line((Piece(head),), tuple(condition(x) for x in e.operands))
    if isinstance(e, ir.Not):
        return Line((Piece("不属于以下情形："),), (condition(e.operand),))
    if isinstance(e, ir.Ref) and e.kind == ir.RefKind.TERM:
        return Line((Piece("符合"), *_said(e), Piece("（见术语定义）")))
    if isinstance(e, ir.Ref) and e.kind == ir.RefKind.FACT:
        return Line((*_said(e), Piece("：是")))
    return Line(_said(e))


def outcome(o: ir.Outcome) -> list[Line]:
    """What is granted (IR outcome): the amount (or right) and its qualifiers, one line each."""
    lines: list[Line] = []
    if o.entitlement:
        lines.append(Line((Piece("可享受：" + o.entitlement),)))
    if o.payout is not None:
        if isinstance(o.payout, ir.Placeholder):
            lines.append(Line((Piece("金额：按规定（由另行制定的办法规定，本文件未定，结果为待定）"),)))
        else:
            prefix = "金额：最高 " if o.up_to else "金额："
            lines.append(Line((Piece(prefix), *_said(o.payout))))
    for m in o.modifiers:
        if m.kind == ModifierKind.CAP:
            lines.append(Line((Piece("最高不超过 "), *_said(m.value))))
        elif m.kind == ModifierKind.FLOOR:
            lines.append(Line((Piece("最低 "), *_said(m.value))))
        elif m.kind == ModifierKind.ONCE:
            lines.append(Line((Piece("一次性发放"),)))
        elif m.kind == ModifierKind.TERM_LIMIT:
            lines.append(Line((Piece("期限不超过 "), *_said(m.value))))
    if o.payout is not None and not isinstance(o.payout, ir.Placeholder):
        lines.append(Line((Piece("金额按四舍五入保留到分。"),)))
    return lines


def limit(lim: ir.Limit) -> Line:
    """One history limit in words: its kind (limitspec), bound and the fields it compares — the words
    as the drafter wrote them (`origin`), the fields linked as the IR resolved them."""
    d = lim.origin
    bits = [LIMIT_KINDS.get(lim.kind, lim.kind)]
    if d.bound is not None:
        bits.append(f"{d.cmp_word or '不超过'} {d.bound.text}")
    if d.field is not None:
        bits.append(f"按「{d.field.text}」")
    if d.keys:
        bits.append("同一" + "、".join(f"「{k.text}」" for k in d.keys))
    if d.claimant:
        bits.append(f"申领人：{d.claimant}")
    return Line(pieces("，".join(bits), {k: str(ir.RefKind.FACT) for k in lim.history_fields}))
