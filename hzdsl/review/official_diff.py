"""What changed in the official text (official.txt) between two versions, paragraph by paragraph.

The official text is the ground every quote stands on, so a reviewer sees its changes first. Lines
are paired with difflib; a replaced line is shown as a word-level diff (one Han character, a number
or a Latin word is a word), an added or removed line whole.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass

from .diff import word_diff


@dataclass
class OfficialChange:
    """One changed paragraph: `action` 新增 | 删除 | 变更; `line` its line in the new text (the old
    one for 删除); `words` the word diff for 变更, else None."""

    action: str
    line: int
    old: str = ""
    new: str = ""
    words: list[tuple[str, str]] | None = None

    def to_json(self) -> dict:
        out = {"变动": self.action, "行": self.line, "原": self.old, "新": self.new}
        if self.words is not None:
            out["逐词"] = [{"op": op, "text": t} for op, t in self.words]
        return out


def official_changes(old: str | None, new: str | None) -> list[OfficialChange]:
    """The changed paragraphs between two official texts (None: the version has none)."""
    if old == new or old is None and new is None:
        return []
    a = [x.strip() for x in (old or "").splitlines()]
    b = [x.strip() for x in (new or "").splitlines()]
    out: list[OfficialChange] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        olds = [(i, a[i]) for i in range(i1, i2) if a[i]]
        news = [(j, b[j]) for j in range(j1, j2) if b[j]]
        while olds and news:  # pair in order: an edited paragraph
            (i, x), (j, y) = olds.pop(0), news.pop(0)
            out.append(OfficialChange("变更", j + 1, x, y, word_diff(x, y)))
        out.extend(OfficialChange("删除", i + 1, old=x) for i, x in olds)
        out.extend(OfficialChange("新增", j + 1, new=y) for j, y in news)
    return out
