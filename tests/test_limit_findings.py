"""Limit results and payout contradictions are data; their words are made at the edge (issue 8 point 4).

`runtime.limits` returns what a limit found (counts, totals, grants, the equal past claim) as
frozen dataclasses, and `runtime.semantics.Contradiction` holds the floor and the cap; only
`hzdsl.render_words` words them. Expected values are worked out by hand from the policy text of
tests/test_amount_limits.py (每人每年 金额 不超过 6000 元; 累计 金额 不超过 10 万元).
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from hzdsl.render_words import limit_words
from hzdsl.runtime.limits import AmountFound, CountFound, NoRepeatFound, RepeatFound, SumBound, SumFound
from hzdsl.runtime.units import Q, parse_unit
from tests.test_amount_limits import apprentice, program, run, service  # noqa: F401 (fixture)

YUAN = parse_unit("元")
RUNTIME = Path(__file__).resolve().parent.parent / "hzdsl" / "runtime"
CJK = re.compile(r"[\u4e00-\u9fff]")
# Chinese strings the runtime may hold because they are data, not wording: the history field a
# past claim may lack (金额), the unit money is counted in (元), the default claimant (个人) and the
# language's own keyword 较小值 (ir.Extreme's function).
DATA_WORDS = {"金额", "元", "个人", "较小值"}


def test_a_limit_that_holds_carries_the_grants_as_data(program, tmp_path):
    # 2023: 4500 元 granted already; 5000 × 60% = 3000 元 asked; 6000 − 4500 = 1500 元 remain
    r = run(program, tmp_path, apprentice("2023-02-01", "4500 元"))["职工学徒培训补贴"].limits[0]
    assert r.ok is True and r.found == AmountFound(Q.of(4500, YUAN), per_year=True)
    assert r.remaining == Q.of(1500, YUAN)
    assert limit_words(r) == "本年已享受 4500 元，上限 6000 元，本年剩余额度 1500 元"


def test_an_exhausted_total_carries_the_grants_as_data(program, tmp_path):
    # 60000 + 40000 = 100000 元 = 10 万元: the bound is reached
    history = service("2021-04-01", "6 万元") + service("2022-04-01", "40000 元")
    r = run(program, tmp_path, history, people=1)["就业创业服务补贴"].limits[0]
    assert r.ok is False and r.found == AmountFound(Q.of(100000, YUAN), per_year=False)
    assert limit_words(r) == "累计已享受 100000 元，已达上限 10 万元"


def test_a_record_without_amount_is_the_known_part(program, tmp_path):
    r = run(program, tmp_path, apprentice("2023-02-01", None))["职工学徒培训补贴"].limits[0]
    assert r.found == AmountFound(Q.of(0, YUAN), per_year=True, known_part=True)
    assert limit_words(r) == "本年已享受 0 元（已知部分）；尚缺：历史记录中的「金额」"


def test_no_history_reads_nothing(program, tmp_path):
    r = run(program, tmp_path, None)["职工学徒培训补贴"].limits[0]
    assert r.found == AmountFound(Q.of(0, YUAN), per_year=True, known_part=True)
    assert limit_words(r) == "本年已享受 0 元（已知部分）；尚缺：历史申领记录"


class _Decl:
    """A limit declaration as written: only its bound's text is read by the words."""

    class bound:
        text = "3 年"


class _Res:
    def __init__(self, ok, found, remaining=None):
        self.limit, self.ok, self.found, self.remaining = _Decl, ok, found, remaining


@pytest.mark.parametrize("found, ok, words", [
    (CountFound(2, 3, 2023), True, "2023 年内已享受 2 次，本次为第 3 次，上限 3 次"),
    (CountFound(3, 3), False, "累计已享受 3 次，本次为第 4 次，上限 3 次"),
    (SumFound(Q.of(30, parse_unit("个月")), parse_unit("年"), SumBound.EXACT), True, "累计（含本次）2.5 年，上限 3 年"),
    (SumFound(Q.of(48, parse_unit("个月")), parse_unit("年"), SumBound.AT_LEAST), False, "累计（已知部分）4 年，已超过上限 3 年"),
    (RepeatFound(__import__("datetime").date(2021, 5, 1), "单位", (("证书编号", "A-1"),)), False,
     "2021-05-01 已由单位享受过同一证书编号（A-1）"),
    (RepeatFound(__import__("datetime").date(2021, 5, 1), "", (("职业", "电工"), ("证书等级", "三级"))), False,
     "2021-05-01 已由申请人享受过同一职业（电工）、证书等级（三级）"),
    (NoRepeatFound(), True, "历史记录中没有重复"),
])
def test_each_finding_is_worded_at_the_edge(found, ok, words):
    assert limit_words(_Res(ok, found)) == words


def _wording_literals(path: Path) -> list[tuple[int, str]]:
    """String constants with Chinese in them, docstrings aside."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and node.body
            and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
            and CJK.search(node.value) and node.value not in DATA_WORDS]


@pytest.mark.parametrize("module", ["limits.py", "semantics.py"])
def test_the_runtime_makes_no_wording(module):
    """Limits and the payout semantics build no Chinese text: a string in them is data (DATA_WORDS)."""
    assert _wording_literals(RUNTIME / module) == []
