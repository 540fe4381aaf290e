"""The official text is guarded by its record (issue 9, point 5): hzdsl check reports a changed text."""
from __future__ import annotations

import json
import shutil

from hzdsl.loader import load_policies

from .conftest import POLICIES


def _copy(tmp_path):
    folder = tmp_path / "policies"
    shutil.copytree(POLICIES, folder)
    return folder


def _codes(folder):
    return [(d.code, d.span.file.rsplit("/", 1)[-1]) for d in load_policies([folder]).diagnostics]


def test_the_bundled_text_has_its_recorded_fingerprint(loaded):
    assert not [d for d in loaded.diagnostics if d.code in {"E403", "E404"}]


def test_a_changed_word_of_the_official_text_is_reported(tmp_path):
    folder = _copy(tmp_path)
    text = (folder / "official.txt").read_text(encoding="utf-8")
    # one word of the front matter changed: reported first, at the text, before any quote it breaks
    (folder / "official.txt").write_text(text.replace("市政府各部门、各直属单位", "市政府各部门、各直属机构"),
                                         encoding="utf-8")
    assert _codes(folder)[0] == ("E403", "official.txt")


def test_mending_line_breaks_is_not_a_change(tmp_path):
    folder = _copy(tmp_path)
    text = (folder / "official.txt").read_text(encoding="utf-8")
    (folder / "official.txt").write_text(text.replace("。", "。\n\n", 3), encoding="utf-8")
    assert not [c for c, _ in _codes(folder) if c in {"E403", "E404"}]


def test_an_unreadable_record_is_reported(tmp_path):
    folder = _copy(tmp_path)
    (folder / "official.manifest.json").write_text("{来源: 未加引号}", encoding="utf-8")
    assert ("E404", "official.manifest.json") in _codes(folder)
    record = {"来源": "x", "原始文件": "y", "记录日期": "2026-11-30", "正文sha256": "0"}
    (folder / "official.manifest.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    assert ("E404", "official.manifest.json") in _codes(folder)

