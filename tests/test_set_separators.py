"""A 集合 member holding a cell separator (E110) and a name holding 、 (W630) — breaker s20.

A population cell of a 集合 fact is split on 、 ; ； | (syntax.normalize.SET_SEPARATORS, the very constant
ingest splits on), so `“自主择业、军转干部”` could be written in a case file's list but in no population
cell. Names of facts, parameters and benefits are joined by 、 in screen's 待定事实 and in the 历史汇总
headers, so 、 inside one makes those lists ambiguous. The repository's policies stay clean."""
from __future__ import annotations

import pytest

from hzdsl.loader import load_policies
from hzdsl.syntax.normalize import SET_SEPARATORS, normalize

from .conftest import POLICIES

HEAD = "条款 三 「加大创业资金扶持力度」。\n"


def _codes(tmp_path, text: str) -> list[tuple[str, int, int, str]]:
    path = tmp_path / "p.policy"
    path.write_text(HEAD + text, encoding="utf-8")
    loaded = load_policies([path])
    return [(d.code, d.span.line, d.span.col, d.message) for d in loaded.diagnostics if d.code in {"E110", "W630"}]


@pytest.mark.parametrize("sep", ["、", ";", "；", "|", "｜"])
def test_a_set_member_holding_a_separator_is_e110_at_the_member(tmp_path, sep):
    found = _codes(tmp_path, f"事实 「身份」：个人 集合 取值 “高校毕业生”、“自主择业{sep}军转干部”。\n")
    # line 2 (after the clause line); the member's quote starts at character 26: 事实 (2) + space + 「身份」 (4)
    # + ：(1) + 个人 (2) + space + 集合 (2) + space + 取值 (2) + space + “高校毕业生” (7) + 、 (1) = 25 before it
    assert [(c, line, col) for c, line, col, _ in found] == [("E110", 2, 26)], found
    assert f"“{normalize('自主择业' + sep + '军转干部')}”" in found[0][3]  # the policy text is width-folded: ； → ;


def test_an_enumeration_member_may_hold_one(tmp_path):
    # 读法: an 枚举 cell is read whole, never split (only 集合 cells are)
    assert _codes(tmp_path, "事实 「职业」：个人 枚举 取值 “自主择业、军转干部”、“其他”。\n") == []


def test_a_fact_or_benefit_name_holding_a_comma_is_w630_a_term_is_not(tmp_path):
    found = _codes(tmp_path, "事实 「重点人群、在校」：个人 布尔。\n"
                             "术语 「在校、重点」 依据「加大创业资金扶持力度」 指 「重点人群、在校」。\n"
                             "参数 「最低、月工资」：金额(元/月)。\n")
    assert [(c, line, col) for c, line, col, _ in found] == [("W630", 2, 4), ("W630", 4, 4)], found
    assert "重点人群、在校" in found[0][3]


def test_the_constant_is_what_ingest_splits_on():
    from hzdsl.backends.sql import ingest

    assert ingest.SET_SEPARATORS is SET_SEPARATORS and set("、;；|") <= set(SET_SEPARATORS)


def test_the_repository_policies_hold_none():
    loaded = load_policies([POLICIES])
    assert [d for d in loaded.diagnostics if d.code in {"E110", "W630"}] == []
