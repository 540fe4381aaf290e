"""`--benefit 文字`: which benefits a written part of a name selects — one rule for run, screen and diff.

# 读法（issue 11, breaker s20: `run --benefit 一次性` selected every 一次性 benefit, `screen --benefit 一次性` was
E807 “未定义的待遇”）: a drafter writes a benefit's whole name, or a part of it —
- a part that IS a benefit's whole name selects that benefit alone (「一次性创业补贴」 is not also
  「农民工一次性创业补贴」: without this no filter could select it alone);
- any other part selects every benefit whose name contains it (「一次性」: all of them, as run always did);
- names compare as the checker compares them (`compact`: spaces and full-width forms aside); a blank part
  selects nothing (E807, as a part no name contains);
- a part written in 「」 is the name inside them (「一次性创业补贴」 selects as 一次性创业补贴 does; polish s22).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..syntax.normalize import compact, name_key


def matching(part: str, names: Mapping[str, str]) -> list[str]:
    """The keys (in `names` order) that `part` selects; `names` maps a benefit key to its name as written."""
    p = name_key(part)  # 「一次性创业补贴」: that benefit's name in brackets (syntax.normalize.bare_name)
    if not p:
        return []
    exact = [k for k, name in names.items() if compact(name) == p or k == p]
    if exact:
        return exact
    return [k for k, name in names.items() if p in compact(name)]


def select(parts: Iterable[str], names: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """(keys the parts select — in the order the parts are written, each part's in `names` order, once each;
    the parts that select nothing, as written)."""
    chosen: dict[str, None] = {}
    unmatched = []
    for part in parts:
        found = matching(part, names)
        if not found:
            unmatched.append(part)
        chosen.update(dict.fromkeys(found))
    return list(chosen), unmatched
