"""Hover over the name of a 限制 or a 例外 says what the rule is, as hover over a term or a benefit does.

Before, hovering 「一次性创业补贴限领一次」 or 「见习学员生活补贴标准提高至 80%」 (their declarations, or a
例外 named in a benefit's hover) answered nothing. Expected words are read from the policy files."""
from __future__ import annotations

import pytest

pytest.importorskip("lsprotocol")

from hzdsl.lsp import hover  # noqa: E402
from hzdsl.lsp.workspace import Workspace  # noqa: E402

from .conftest import POLICIES  # noqa: E402


@pytest.fixture(scope="module")
def folder():
    f = Workspace().folder_of(str((POLICIES / "c03.policy").resolve()))
    return f, f.check()


def _hover_at(folder, file: str, needle: str) -> str:
    f, snap = folder
    path = str((POLICIES / file).resolve())
    lines = (f.text(path) or "").split("\n")
    [(line, col)] = [(i + 1, ln.index(needle) + 2) for i, ln in enumerate(lines) if needle in ln][:1]
    found = hover.hover_markdown(f, snap, path, line, col)
    assert found is not None, f"no hover at {file}:{line}:{col}"
    return found[0]


def test_hover_on_a_limit_says_what_it_limits_and_why(folder):
    text = _hover_at(folder, "c03.policy", "「一次性创业补贴限领一次」")
    assert "限制「一次性创业补贴限领一次」" in text and "条款（三）" in text
    assert "适用于：「一次性创业补贴」" in text
    assert "累计 不超过 1 次" in text  # the rule as written in c03.policy
    assert "依据：「可按规定申领 3000 元的一次性创业补贴」" in text


def test_hover_on_an_exception_says_which_benefit_and_what_replaces_it(folder):
    text = _hover_at(folder, "c08.policy", "「见习学员生活补贴标准提高至 80%」")
    assert "例外「见习学员生活补贴标准提高至 80%」" in text and "条款（八）" in text
    assert "于：「见习学员生活补贴」" in text
    assert "× 80% × 「见习时长」" in text  # the rule as written in c08.policy
    assert "「其中就业见习基地年度评估合格且留用率达到 50%的，标准提高至 80%」" in text


def test_hover_on_a_fact_lists_its_values_as_declared(folder):
    # the values were the base-unit numbers sorted as text: 「创业陪跑空间主办方补贴档次」 (金额(万元), 取值 5 万元、
    # 10 万元) read 取值：100000、50000 under 单位 万元 — a hundred thousand 万元; and 证书等级 in code-point order
    text = _hover_at(folder, "c05.policy", "「创业陪跑空间主办方补贴档次」")
    assert "- 取值：5 万元、10 万元" in text
    text = _hover_at(folder, "c13.policy", "「证书等级」")
    assert "- 取值：“五级”、“四级”、“三级”、“二级”、“一级”、“专项”" in text
