"""Contradictions are errors (issue 9, point 6).

Two declarations of one name (any kind), a floor above its cap, two values of a dated parameter on
one day (tests/test_case_file_keys.py), and a payout that goes negative. And the property: whenever
`hzdsl diff` says 无语义变更, every case in the corpus and every generated case gets the same result.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from hzdsl.cases.load import Case, load_cases
from hzdsl.check.checker import check_modules
from hzdsl.engine import run_case
from hzdsl.errors import NO_SPAN
from hzdsl.loader import load_policies
from hzdsl.review.diff import diff_modules
from hzdsl.runtime.units import Q, parse_unit
from hzdsl.source import load_official
from hzdsl.syntax import nodes as n
from hzdsl.testing import invariants as inv
from hzdsl.testing.strategies import factory
from hzdsl.runtime.values import Key, KeyKind

from .conftest import CASES, EXAMPLES, POLICIES

QUOTE_C08 = "见习基地按规定发放见习学员生活补助的，可按当地最低月工资标准的 70%申领见习学员生活补贴"


def _check(tmp_path, text):
    path = tmp_path / "t.policy"
    path.write_text(text, encoding="utf-8")
    return [(d.code, d.span.line) for d in load_policies([path]).diagnostics]


HEAD = f"""事实 「见习时长」：个人 时长(个月)。
事实 「已发放生活补助」：个人 金额。
参数 「最低月工资标准」：金额(元/月)。
条款 八 「促进高校毕业生就业」。
"""


def test_a_second_exception_of_one_benefit_under_the_same_name_is_a_duplicate(tmp_path):
    codes = _check(tmp_path, HEAD + f"""待遇 「见习学员生活补贴」(补贴) 依据「{QUOTE_C08}」 则 「最低月工资标准」 × 70% × 「见习时长」。
例外 「见习期满」 于 「见习学员生活补贴」 依据「{QUOTE_C08}」 若 「见习时长」 满 3 个月 则 1000 元。
例外 「见习 期满」 于 「见习学员生活补贴」 依据「{QUOTE_C08}」 若 「见习时长」 满 6 个月 则 2000 元。
""")
    assert ("E202", 7) in codes


def test_a_second_part_heading_with_the_same_number_is_a_duplicate(tmp_path):
    codes = _check(tmp_path, "部分 一 「总体要求」。\n部分 一 「总体要求」。\n" + HEAD + f"""待遇 「见习学员生活补贴」(补贴) 依据「{QUOTE_C08}」 则 「最低月工资标准」 × 70% × 「见习时长」。
""")
    assert ("E202", 2) in codes


def test_a_floor_above_a_cap_named_by_a_term_is_an_error(tmp_path):
    codes = _check(tmp_path, HEAD + f"""术语 「补贴上限」 依据「{QUOTE_C08}」 指 3000 元。
待遇 「见习学员生活补贴」(补贴) 依据「{QUOTE_C08}」
    则 「最低月工资标准」 × 70% × 「见习时长」，最低 4000 元，最高不超过 「补贴上限」。
""")
    assert ("E305", 7) in codes


def test_a_floor_equal_to_the_cap_is_no_contradiction(tmp_path):
    codes = _check(tmp_path, HEAD + f"""待遇 「见习学员生活补贴」(补贴) 依据「{QUOTE_C08}」 读法 3000 元 “测试用数，非原文”
    则 「最低月工资标准」 × 70% × 「见习时长」，最低 3000 元，最高不超过 3000 元。
""")
    assert not [c for c, _ in codes if c.startswith("E")]


def _program(tmp_path, body):
    path = tmp_path / "t.policy"
    path.write_text(HEAD + body, encoding="utf-8")
    loaded = load_policies([path])
    return loaded.program, [(d.code, d.span.line) for d in loaded.diagnostics]


def _decide(program, facts, params):
    case = Case("<手算>", "案例", NO_SPAN, dt.date(2023, 6, 30), facts, params, [])
    return run_case(program, case).decisions[0]


MONTHS, YUAN = parse_unit("个月"), parse_unit("元")


def test_a_payout_that_can_go_negative_is_a_warning(tmp_path):
    # 2280 × 70% × 3 − 5000 can be −212 元: W604 until a floor is written
    program, codes = _program(tmp_path, f"""待遇 「见习学员生活补贴」(补贴) 依据「{QUOTE_C08}」
    则 「最低月工资标准」 × 70% × 「见习时长」 - 「已发放生活补助」。
""")
    assert ("W604", 6) in codes
    program, codes = _program(tmp_path, f"""待遇 「见习学员生活补贴」(补贴) 依据「{QUOTE_C08}」
    则 「最低月工资标准」 × 70% × 「见习时长」 - 「已发放生活补助」，最低 0 元。
""")
    assert "W604" not in [c for c, _ in codes]
    # 超出 … 的部分 never goes below 0: no warning
    program, codes = _program(tmp_path, f"""待遇 「见习学员生活补贴」(补贴) 依据「{QUOTE_C08}」
    则 「最低月工资标准」 × 70% × 「见习时长」 超出 「已发放生活补助」 的部分。
""")
    assert "W604" not in [c for c, _ in codes]


def test_a_negative_payout_is_never_granted_it_is_pending_for_want_of_a_floor(tmp_path):
    # 读法 (docs/语言参考.md §11): 2280 × 70% × 3 = 4788 元；已发放 5000 元 → −212 元：not a grant,
    # and the policy does not say what is paid instead — 待定 (政策待定), the amount computed kept
    program, _ = _program(tmp_path, f"""待遇 「见习学员生活补贴」(补贴) 依据「{QUOTE_C08}」
    则 「最低月工资标准」 × 70% × 「见习时长」 - 「已发放生活补助」。
""")
    wage = {"最低月工资标准": Q.of(2280, parse_unit("元/月"))}
    d = _decide(program, {"见习时长": Q.of(3, MONTHS), "已发放生活补助": Q.of(5000, YUAN)}, wage)
    assert d.status == "待定" and d.amount is None
    assert [p.kind.name for p in d.missing.placeholders] == ["NEGATIVE_AMOUNT"] and not d.missing.missing
    assert d.raw_amount.value == -212
    # 4 months: 6384 − 5000 = 1384 元, granted
    d = _decide(program, {"见习时长": Q.of(4, MONTHS), "已发放生活补助": Q.of(5000, YUAN)}, wage)
    assert d.status == "符合" and d.amount.value == 1384
    # the months unknown (no condition: 符合 with the amount 待定) — nothing about its sign is claimed
    d = _decide(program, {"已发放生活补助": Q.of(5000, YUAN)}, wage)
    assert d.status == "符合" and d.amount is None and Key(KeyKind.FACT, "见习时长") in d.amount_unknown.missing


def test_a_floor_above_a_cap_known_only_at_run_time_is_a_conflict_not_a_capped_amount(tmp_path):
    # the cap comes from the case (已发放生活补助 standing in as a cap): 2000 元 < floor 2500 元 → 冲突,
    # never the floor's 2500 元 above the cap; with the cap at 3000 元: 2280 × 70% × 6 = 9576 → 3000 元
    program, codes = _program(tmp_path, f"""待遇 「见习学员生活补贴」(补贴) 依据「{QUOTE_C08}」 读法 2500 元 “示例：保底，非原文”
    则 「最低月工资标准」 × 70% × 「见习时长」，最低 2500 元，最高不超过 「已发放生活补助」。
""")
    assert not [c for c, _ in codes if c.startswith("E")], codes
    wage = {"最低月工资标准": Q.of(2280, parse_unit("元/月"))}
    d = _decide(program, {"见习时长": Q.of(6, MONTHS), "已发放生活补助": Q.of(2000, YUAN)}, wage)
    assert d.status == "冲突" and d.amount is None and "下限 2500 元 高于上限 2000 元" in d.contradiction
    d = _decide(program, {"见习时长": Q.of(6, MONTHS), "已发放生活补助": Q.of(3000, YUAN)}, wage)
    assert d.status == "符合" and d.amount.value == 3000
    # the months unknown but the bounds known and contradictory: still 冲突 (no amount can exist)
    d = _decide(program, {"已发放生活补助": Q.of(2000, YUAN)}, wage)
    assert d.status == "冲突" and d.amount is None


def test_the_bundled_policies_have_no_negative_payout_warning(loaded):
    assert not [d for d in loaded.diagnostics if d.code == "W604"]


# ── property: 无语义变更 means no case changes ──────────────────────────────────────────────────


@lru_cache(maxsize=1)
def _corpus():
    program = load_policies([POLICIES]).program
    files = sorted(Path(CASES).rglob("*.yaml")) + sorted(Path(EXAMPLES).glob("*.yaml"))
    cases = [c for f in files for c in load_cases(f, program)]
    return program, cases, [inv.decisions_by_benefit(run_case(program, c)) for c in cases]


def _renumber(x):
    """The same declaration with every number made smaller (a tighter limit, a different rate)."""
    if isinstance(x, n.Quantity):
        smaller = x.number - 1 if x.number > 1 else x.number / 2
        return dataclasses.replace(x, number=Decimal(smaller))
    if isinstance(x, tuple):
        return tuple(_renumber(v) for v in x)
    if isinstance(x, n.Node):
        return dataclasses.replace(x, **{k: _renumber(getattr(x, k)) for k in x.__dataclass_fields__
                                          if isinstance(getattr(x, k), (n.Node, tuple))})
    return x


RULES = (n.BenefitDecl, n.TermDecl, n.ExceptionDecl, n.LimitDecl)


@st.composite
def edited_modules(draw, program):
    """The bundled modules with one drafter's edit: a rule pasted again (as is, or with other numbers)
    next to itself, or the rules of a file in another order."""
    modules = list(program.modules)
    kind = draw(st.sampled_from(RULES))  # each kind of rule as likely, however many there are
    i, j = draw(st.sampled_from([(a, b) for a, m in enumerate(modules) for b, d in enumerate(m.decls)
                                 if isinstance(d, kind)]))
    decls = list(modules[i].decls)
    edit = draw(st.sampled_from(["paste", "paste-renumbered", "reorder"]))
    if edit == "reorder":
        decls = draw(st.permutations(decls))
    else:
        copy = decls[j] if edit == "paste" else _renumber(decls[j])
        decls.insert(j + 1, copy)
    modules[i] = dataclasses.replace(modules[i], decls=tuple(decls))
    return edit, modules[i].path, modules


@settings(max_examples=20)
@given(data=st.data())
def test_no_semantic_change_means_no_case_changes(data):
    program, cases, before = _corpus()
    edit, path, modules = data.draw(edited_modules(program))
    if not diff_modules(program.modules, modules).is_empty:
        return  # the diff reports the change: nothing to hold it to
    edited, _ = check_modules(modules, load_official(program.official_path))
    for case, was in zip(cases, before):
        now = inv.decisions_by_benefit(run_case(edited, case))
        assert now == was, f"{edit} in {path}: diff 说无语义变更，案例「{case.name}」（{case.path}）结果改变"
    f = factory(program)
    for _ in range(3):
        case = data.draw(f.cases(full=data.draw(st.booleans())))
        assert inv.decisions_by_benefit(run_case(edited, case)) == inv.decisions_by_benefit(run_case(program, case))
