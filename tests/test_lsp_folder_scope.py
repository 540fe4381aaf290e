"""The language server checks an open document with the .policy files of its own folder — the files
`hzdsl check THAT_FILE` reads with it (loader.context_files) — not every .policy file below that folder.

It read the folder recursively: a scratch file opened at the repository root was checked together with
policies/, tests/fixtures/bad/ and editors/vscode/tests/ — 78 errors published in 16 files nobody opened
(duplicate 条款 三, the fixtures' deliberate syntax errors) and names resolved against whichever copy."""
from __future__ import annotations

import pytest

pytest.importorskip("lsprotocol")

from hzdsl.loader import context_files  # noqa: E402
from hzdsl.lsp.workspace import Workspace  # noqa: E402

from .conftest import POLICIES  # noqa: E402


def test_a_document_is_checked_with_its_folder_not_the_folders_below(tmp_path):
    (tmp_path / "official.txt").write_text((POLICIES / "official.txt").read_text(encoding="utf-8"), encoding="utf-8")
    sibling = tmp_path / "facts.policy"
    sibling.write_text("事实 「甲」：个人 布尔。\n", encoding="utf-8")
    below = tmp_path / "copy" / "c03.policy"
    below.parent.mkdir()
    below.write_text("条款 三 「加大创业资金扶持力度」。\n事实 「甲」：个人 布尔。\n", encoding="utf-8")
    scratch = tmp_path / "scratch.policy"  # open in the editor, never saved
    folder = Workspace().folder_of(str(scratch))
    folder.set_buffer(str(scratch), "条款 三 「加大创业资金扶持力度」。\n")
    snap = folder.check()
    read = set(snap.diagnostics_by_file())
    assert str(below) not in read and str(sibling) in read
    assert not [d for d in snap.loaded.diagnostics if d.is_error], [str(d) for d in snap.loaded.diagnostics]
    # the same files `hzdsl check scratch.policy` reads with it (had it been saved)
    scratch.write_text("条款 三 「加大创业资金扶持力度」。\n", encoding="utf-8")
    assert {str(p) for p in context_files([scratch], [scratch])} == read - {str(scratch)}
