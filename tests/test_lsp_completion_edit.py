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


# Inside “…” every enumeration value of every fact was offered (「身份」 包含 “登 listed 证书等级's 五级 … too). In a
# comparison with a known fact only that fact's values are offered; with no fact known (a misspelt one), all of
# them, as before. The values are policies/facts.policy's and c13.policy's, read by hand.
IDENTITY = {"在校大学生", "高校毕业生", "登记失业人员", "就业困难人员", "持证残疾人", "自主择业军转干部", "自主就业退役士兵"}
GRADE = {"五级", "四级", "三级", "二级", "一级", "专项"}


def _values(folder, before: str, line: str) -> list[str]:
    f, snap = folder
    col = len(line) + 1
    return [i.label for i in completion.complete(snap, before, line, 7, col - 1, col, official_words(f.official()))]


@pytest.mark.parametrize("line,want", [
    ("    指 「身份」 包含 “登", IDENTITY),
    ("    指 「身份」包含“", IDENTITY),
    ("    指 「企业行业」 属于 “养老”、“", {"养老", "家政服务", "现代农业", "其他"}),
    ("    若 「贷款类别」 是 “", {"个人", "企业"}),
    ("    若 「证书等级」 不是 “", GRADE),
    # the nearest comparison is the one being written
    ("    指 「企业行业」 属于 “养老” 之一 且 「身份」 包含 “", IDENTITY),
])
def test_values_in_a_comparison_are_that_facts(folder, line, want):
    got = _values(folder, "", line)
    assert set(got) == want, got


def test_the_values_of_a_lookup_row_are_the_looked_up_facts(folder):
    before = "术语 「甲」\n    指 按 「证书等级」：\n        “五级” 为 1000 元；\n"
    assert set(_values(folder, before, "        “")) == GRADE
    assert set(_values(folder, "", "    则 按 「证书等级」：“五级”、“")) == GRADE


def test_a_ranked_value_list_leads_with_what_is_typed(folder):
    assert _values(folder, "", "    指 「身份」 包含 “登")[0] == "登记失业人员"


def test_a_fact_without_listed_values_offers_none(folder):
    # 职业 is 文本 (policies/c13.policy): any words, no list — nothing of the other facts fits it
    assert _values(folder, "", "    若 「职业」 是 “") == []


def test_with_no_known_fact_every_value_is_offered(folder):
    got = set(_values(folder, "", "    指 「身分」 包含 “"))  # 身分: no such fact
    assert IDENTITY | GRADE | {"养老", "个人"} <= got
    assert IDENTITY | GRADE <= set(_values(folder, "", "    释义 “"))
