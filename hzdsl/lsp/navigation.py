"""Go to definition, find references and rename, for terms, facts, parameters and benefits.

All three read the occurrences of the IR (`hzdsl.ir.names`): a name is identified by its kind and
name key, so 「毕业 5 年以内高校毕业生」 and 「毕业5年以内高校毕业生」 are the same name.
"""
from __future__ import annotations

from ..ir.names import Occurrence
from ..syntax.normalize import compact, unify_line_ends
from .workspace import Snapshot

RENAMABLE = frozenset({"事实", "参数", "术语", "待遇", "例外", "限制"})


def same_name(snap: Snapshot, occ: Occurrence) -> list[Occurrence]:
    """Every occurrence naming what `occ` names (declaration first)."""
    found = [o for o in snap.occurrences if o.key == occ.key and o.kind == occ.kind]
    return sorted(found, key=lambda o: (not o.is_decl, o.span.file, o.span.line, o.span.col))


def definition(snap: Snapshot, occ: Occurrence) -> list[Occurrence]:
    return [o for o in same_name(snap, occ) if o.is_decl]


def references(snap: Snapshot, occ: Occurrence, include_declaration: bool) -> list[Occurrence]:
    return [o for o in same_name(snap, occ) if include_declaration or not o.is_decl]


def rename_problem(snap: Snapshot, occ: Occurrence, new_name: str) -> str | None:
    """Why `occ` cannot be renamed to `new_name` (a Chinese message), or None when it can."""
    if occ.kind not in RENAMABLE:
        return f"「{occ.key}」未定义，不能重命名"
    text = new_name.strip().removeprefix("「").removesuffix("」")
    # every line end hzdsl reads (CR, NEL, U+2028 … as well as LF) would split the name in the file
    if not text.strip() or any(c in unify_line_ends(text) for c in "「」\n"):
        return "新名称不能为空，也不能含「」或换行"
    key = compact(text)
    if key != occ.key and any(o.key == key and o.is_decl for o in snap.occurrences):
        return f"已有名为「{text}」的声明"
    return None
