"""official.txt is read the one way every source is read (loader.read_official → read_text): whatever stands
under that name next to the policies is used or refused by name, in the CLI and in the editor.
Before: a folder, named pipe or device named official.txt was skipped without a word and the quotes were
checked against the text shipped with hzdsl instead; and in `hzdsl lsp` a non-UTF-8 official.txt raised
UnicodeDecodeError inside every request ("hzdsl 内部错误" in the log, no diagnostics at all)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from hzdsl.loader import find_official, load_policies, read_official
from hzdsl.lsp.workspace import Workspace

from .conftest import REPO

POLICY = "条款 三 「加大创业资金扶持力度」。\n"


def folder(tmp_path: Path) -> Path:
    p = tmp_path / "policies"
    p.mkdir()
    (p / "a.policy").write_text(POLICY, encoding="utf-8")
    return p


def codes_at(loaded, name: str) -> set[str]:
    return {d.code for d in loaded.diagnostics if d.span.file.endswith(name)}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_named_official_txt_is_refused_not_replaced(tmp_path):
    p = folder(tmp_path)
    os.mkfifo(p / "official.txt")
    assert find_official([p]) == p / "official.txt"
    loaded = load_policies([p])
    assert codes_at(loaded, "official.txt") == {"E805"}  # and no hang: a pipe is never opened


def test_a_folder_named_official_txt_is_refused_not_replaced(tmp_path):
    p = folder(tmp_path)
    (p / "official.txt").mkdir()
    loaded = load_policies([p])
    (d,) = [d for d in loaded.diagnostics if d.span.file.endswith("official.txt")]
    assert d.code == "E001" and "是目录" in d.message


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_link_to_a_device_is_refused_not_read_for_ever(tmp_path):
    p = folder(tmp_path)
    (p / "official.txt").symlink_to("/dev/zero")
    assert codes_at(load_policies([p]), "official.txt") == {"E805"}


def test_read_official_returns_the_text_or_a_diagnostic(tmp_path):
    text, problem = read_official(REPO / "policies" / "official.txt")
    assert problem is None and "加大创业资金扶持力度" in text.compact
    (tmp_path / "official.txt").write_bytes("（三）加大创业资金扶持力度。".encode("gb18030"))
    text, problem = read_official(tmp_path / "official.txt")
    assert text is None and problem.code == "E002" and "不是 UTF-8 编码" in problem.message


def test_the_editor_reports_a_non_utf8_official_text_instead_of_failing_every_request(tmp_path):
    p = folder(tmp_path)
    (p / "official.txt").write_bytes("（三）加大创业资金扶持力度。".encode("gb18030"))
    snapshot = Workspace().folder_of(str(p / "a.policy")).check()
    assert "E002" in {d.code for d in snapshot.loaded.diagnostics}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_diff_refuses_a_version_whose_official_text_is_a_pipe(tmp_path, capsys):
    """diff reads each version's official.txt like check: refused by name, never skipped (the version's
    quotes would go unchecked) nor replaced by the shipped text."""
    import shutil

    from hzdsl.cli import main

    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(REPO / "policies", old)
    shutil.copytree(REPO / "policies", new)
    (new / "official.txt").unlink()
    os.mkfifo(new / "official.txt")
    assert main(["diff", str(old), str(new), "--no-prove", "--no-impact"]) == 2
    assert f"{new / 'official.txt'}:1:1: 错误[E805]" in "".join(capsys.readouterr())
