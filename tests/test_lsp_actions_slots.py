"""The did-you-mean quick fix for E201 offers what the diagnostic's own hint offers: where a 限制 names the
benefits it applies to (适用于 / 计入), benefits. It offered only facts, parameters and terms, so a misspelt
benefit there — 「一次性创业补帖」, hint 你是不是想写：「一次性创业补贴」 — had no quick fix at all."""
from __future__ import annotations

import pytest

pytest.importorskip("lsprotocol")

from hzdsl.lsp import actions, diagnostics  # noqa: E402
from hzdsl.lsp.positions import Lines  # noqa: E402
from hzdsl.lsp.workspace import Workspace  # noqa: E402

from .conftest import POLICIES  # noqa: E402

C03 = POLICIES / "c03.policy"


def _fixes(old: str, new: str) -> tuple[list[str], str]:
    text = C03.read_text(encoding="utf-8")
    assert text.count(old) == 1
    broken = text.replace(old, new)
    path = str(C03.resolve())
    folder = Workspace().folder_of(path)
    folder.set_buffer(path, broken)
    snap = folder.check()
    lines = Lines(broken)
    diags = [diagnostics.to_lsp(d, lines) for d in snap.loaded.diagnostics if d.span.file == path]
    assert [d.code for d in diags] == ["E201"], [d.message for d in diags]
    fixes = actions.code_actions(folder, snap, path, "file://" + path, broken, diags)
    return [f.title for f in fixes], diags[0].message


def test_a_misspelt_benefit_a_limit_applies_to_gets_the_benefits_as_fixes():
    titles, message = _fixes("适用于 「一次性创业补贴」：累计", "适用于 「一次性创业补帖」：累计")
    assert "「一次性创业补贴」" in message  # the checker's hint
    assert titles and titles[0] == "改为「一次性创业补贴」（待遇）"


def test_a_misspelt_fact_in_a_condition_still_gets_the_fact():
    titles, _ = _fixes("且 「正常经营时长」 满 6 个月", "且 「正常经营时常」 满 6 个月")
    assert titles[0] == "改为「正常经营时长」（事实）"


def test_a_misspelt_benefit_an_exception_is_for_gets_the_benefits_as_fixes():
    # an exception for an unknown benefit is not in the IR, so no occurrence stood there: no fix at all
    text = (POLICIES / "c08.policy").read_text(encoding="utf-8")
    old = "于 「见习学员生活补贴」"
    assert text.count(old) == 1
    broken = text.replace(old, "于 「见习学员生活补帖」")
    path = str((POLICIES / "c08.policy").resolve())
    folder = Workspace().folder_of(path)
    folder.set_buffer(path, broken)
    snap = folder.check()
    lines = Lines(broken)
    diags = [diagnostics.to_lsp(d, lines) for d in snap.loaded.diagnostics if d.span.file == path and d.is_error]
    assert [d.code for d in diags] == ["E201"] and "「见习学员生活补贴」" in diags[0].message
    fixes = actions.code_actions(folder, snap, path, "file://" + path, broken, diags)
    assert fixes and fixes[0].title == "改为「见习学员生活补贴」（待遇）"
    [edit] = fixes[0].edit.changes["file://" + path]
    line = broken.split("\n")[edit.range.start.line]
    assert line[edit.range.start.character:edit.range.end.character] == "「见习学员生活补帖」"
