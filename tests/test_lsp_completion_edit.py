"""Completion with the cursor inside a 「name」 or a quote that is already closed: the chosen item replaces
the whole bracket's contents. The edit replaced only what was before the cursor and added a 」 unless one
followed at once, so completing 「毕业|时长」 to 毕业时长 wrote 「毕业时长」时长」. Lines are made up here;
the names and the official words are those of policies/ (read by hand)."""
from __future__ import annotations

import pytest

pytest.importorskip("lsprotocol")

from hzdsl.lsp import completion  # noqa: E402
from hzdsl.lsp.official import official_words  # noqa: E402
from hzdsl.lsp.workspace import Workspace  # noqa: E402

from .conftest import POLICIES  # noqa: E402


@pytest.fixture(scope="module")
def folder():
    f = Workspace().folder_of(str((POLICIES / "c03.policy").resolve()))
    return f, f.check()


def _complete(folder, line: str, cursor: str, label: str) -> str:
    """`line` with `cursor` marking where the cursor is; the line after choosing `label`."""
    f, snap = folder
    col = line.index(cursor) + 1
    text = line.replace(cursor, "")
    items = completion.complete(snap, "", text, 7, col - 1, col, official_words(f.official()))
    [item] = [i for i in items if i.label == label]
    e = item.text_edit
    assert e.range.start.line == e.range.end.line == 7
    return text[:e.range.start.character] + e.new_text + text[e.range.end.character:]


@pytest.mark.parametrize("line,label,want", [
    ("    若 「毕业|时长」 在 5 年 以内。", "毕业时长", "    若 「毕业时长」 在 5 年 以内。"),
    ("    若 「毕业|时长」 在 5 年 以内。", "入职时毕业时长", "    若 「入职时毕业时长」 在 5 年 以内。"),
    ("    若 「毕业|」 在 5 年 以内。", "毕业时长", "    若 「毕业时长」 在 5 年 以内。"),  # the editor closed 「 itself
    ("    若 「毕业|", "毕业时长", "    若 「毕业时长」"),
    # the 」 of the next name is not this bracket's: 「毕业| 且 「正常经营时长」 (this one unclosed)
    ("    若 「毕业| 且 「正常经营时长」", "毕业时长", "    若 「毕业时长」 且 「正常经营时长」"),
])
def test_completing_a_name_replaces_the_whole_bracket(folder, line, label, want):
    assert _complete(folder, line, "|", label) == want


def test_completing_a_quote_replaces_the_whole_quote(folder):
    # official (三): 本文件重点人群指在校大学生、毕业 5 年以内高校毕业生、…
    got = _complete(folder, "    依据「本文件重点|人群指在校大学生」", "|", "本文件重点人群指在校大学生、毕业5年以内高校毕业生、登记失业半年以上人员、就业困难人员、持证残疾人、自主择业军转干部和自主就业退役士兵）初次创办企业或个体工商户")
    assert got.count("」") == 1 and got.endswith("初次创办企业或个体工商户」") and "人群指在校大学生」" not in got
