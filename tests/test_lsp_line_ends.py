"""The language server's positions in buffers with every kind of line end hzdsl reads.

hzdsl counts a line end at LF, CRLF, a lone CR, NEL, U+2028 and U+2029 (syntax.normalize.unify_line_ends);
LSP counts LF, CRLF and CR only (an editor shows U+2028 inside a line). lsp/positions.Lines split on LF
alone: in a buffer saved with lone CRs every diagnostic came at column 0 (and hover found nothing),
after a U+2028 every diagnostic was one line below where the editor shows the text, and the 补上句号
quick fix of a CR buffer was never offered. Expected positions are counted by hand on the texts below."""
from __future__ import annotations

import shutil

import pytest

pytest.importorskip("lsprotocol")
from lsprotocol import types as lsp  # noqa: E402

from hzdsl.lsp import actions, diagnostics, hover  # noqa: E402
from hzdsl.lsp.positions import Lines  # noqa: E402
from hzdsl.lsp.workspace import Workspace  # noqa: E402

from .conftest import POLICIES  # noqa: E402

HEAD = ["# 注释", "条款 三 「加大创业资金扶持力度」。", "", "事实 「甲」：个人 布尔。"]
BAD = "事实 「乙」：个人 布尔"  # no 。: E103 at its last character 尔, hzdsl column 12 (LSP unit 11)


def _folder(tmp_path, text):
    shutil.copy(POLICIES / "official.txt", tmp_path / "official.txt")
    shutil.copy(POLICIES / "facts.policy", tmp_path / "facts.policy")
    path = str(tmp_path / "x.policy")
    folder = Workspace().folder_of(path)
    folder.set_buffer(path, text)
    return folder, folder.check(), path


@pytest.mark.parametrize("sep", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_a_diagnostic_is_where_the_editor_shows_the_line(tmp_path, sep):
    text = sep.join([*HEAD, BAD, ""])
    folder, snap, path = _folder(tmp_path, text)
    [d] = [d for d in snap.loaded.diagnostics if d.span.file == path]
    assert (d.code, d.span.line, d.span.col) == ("E103", 5, 12)
    got = diagnostics.to_lsp(d, Lines(text), None, lambda p: p).range.start
    assert (got.line, got.character) == (4, 11)  # 0-based: the 5th line, the 12th character


def test_after_a_unicode_line_separator_the_editor_line_is_one_less(tmp_path):
    # U+2028 inside the comment: hzdsl's line 2 starts after it, on the editor's line 0 at unit 5
    # ("# 注释" is 4 units, the separator 1); the missing 。 is on hzdsl's line 6 = the editor's line 4
    text = "\n".join(["# 注释\u2028续", *HEAD[1:], BAD, ""])
    folder, snap, path = _folder(tmp_path, text)
    lines = Lines(text)
    found = {d.code: diagnostics.to_lsp(d, lines, None, lambda p: p).range.start
             for d in snap.loaded.diagnostics if d.span.file == path}
    assert (found["E103"].line, found["E103"].character) == (4, 11)
    assert lines.from_lsp(lsp.Position(line=4, character=11)) == (6, 12)
    assert lines.to_lsp(2, 2) == lsp.Position(line=0, character=6) and lines.from_lsp(lsp.Position(line=0, character=6)) == (2, 2)
    assert lines.end() == lsp.Position(line=5, character=0)


def test_hover_in_a_lone_cr_buffer_finds_the_name(tmp_path):
    text = "\r".join([*HEAD, BAD + "。", ""])
    folder, snap, path = _folder(tmp_path, text)
    line, col = Lines(text).from_lsp(lsp.Position(line=3, character=5))  # inside 「甲」 on the 4th line
    assert (line, col) == (4, 6)
    assert hover.hover_markdown(folder, snap, path, line, col) is not None


@pytest.mark.parametrize("sep", ["\n", "\r"], ids=["LF", "CR"])
def test_the_missing_stop_fix_is_offered_in_a_lone_cr_buffer(tmp_path, sep):
    text = sep.join([*HEAD, BAD, ""])
    folder, snap, path = _folder(tmp_path, text)
    lines = Lines(text)
    diags = [diagnostics.to_lsp(d, lines, None, lambda p: p) for d in snap.loaded.diagnostics if d.span.file == path]
    fixes = actions.code_actions(folder, snap, path, "file://" + path, text, diags)
    edits = [e for a in fixes if a.title == "补上句号「。」" for e in a.edit.changes["file://" + path]]
    assert [(e.range.start.line, e.range.start.character, e.new_text) for e in edits] == [(4, 12, "。")]  # after 尔


def test_a_buffer_with_a_byte_order_mark_reads_like_the_file(tmp_path):
    # `hzdsl check` drops a BOM (loader.decode_text); a buffer the editor sends with one (or a file the
    # server reads from disk for a request on an unopened document) was "无法识别「\ufeff」" (E102) and
    # every rule of the file "规则必须写在某个「条款」之下" (E205). The BOM is one UTF-16 unit of the
    # editor's line 0, so the missing 。 stays at LSP (4, 11) as in test_a_diagnostic_is_where….
    text = "\ufeff" + "\r\n".join([*HEAD, BAD, ""])
    folder, snap, path = _folder(tmp_path, text)
    found = [(d.code, d.span.line, d.span.col) for d in snap.loaded.diagnostics if d.span.file == path]
    assert found == [("E103", 5, 12)]
    line, col = Lines(text).from_lsp(lsp.Position(line=3, character=5))  # inside 「甲」 on the 4th line
    assert hover.hover_markdown(folder, snap, path, line, col) is not None
    # on line 1 the columns count the BOM, as the editor does: 尔 is hzdsl column 13, LSP unit 12
    first = "\ufeff" + BAD + "\n"
    _folder2, snap2, path2 = _folder(tmp_path, first)
    [d] = [d for d in snap2.loaded.diagnostics if d.span.file == path2]
    assert (d.code, d.span.line, d.span.col) == ("E103", 1, 13)
    got = diagnostics.to_lsp(d, Lines(first), None, lambda p: p).range.start
    assert (got.line, got.character) == (0, 12)
