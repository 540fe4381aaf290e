"""A file-system failure is told in Chinese, with the path, as an input error (exit 2): `errors.os_reason` is the
one place that words an OSError. Before: `render --out DIR` with a file named `clause` in DIR ended in an
internal error (FileExistsError, exit 3) halfway through the site; `render --out /sys/kernel` said
"Operation not permitted"; `test --junit` on an unwritable path printed "Permission denied" with no 提示."""
from __future__ import annotations

import errno
import re
from pathlib import Path

import pytest

from hzdsl.cli import main
from hzdsl.errors import os_reason

from .conftest import REPO


@pytest.mark.parametrize("code,words", [(errno.EACCES, "权限不足"), (errno.ENOSPC, "磁盘空间不足"),
                                        (errno.EISDIR, "路径是目录"), (errno.EEXIST, "已有同名的文件或目录"),
                                        (errno.EROFS, "文件系统只读"), (errno.EADDRINUSE, "地址已被占用")])
def test_known_reasons_are_chinese(code, words):
    assert os_reason(OSError(code, "English text")) == words


def test_an_unknown_reason_keeps_its_text_and_name():
    assert os_reason(OSError(errno.ECHILD, "No child processes")) == "No child processes（ECHILD）"
    assert os_reason(OSError("没有 errno 的错误")) == "没有 errno 的错误"


@pytest.mark.parametrize("blocker,made,reason", [
    ("clause", "file", "已有同名的文件或目录"),  # a file where the clause/ folder goes
    ("index.html", "dir", "路径是目录"),  # a folder where the front page goes
])
def test_render_into_a_folder_that_holds_a_clashing_name(tmp_path, capsys, blocker, made, reason):
    out = tmp_path / "site"
    out.mkdir()
    (out / blocker).mkdir() if made == "dir" else (out / blocker).write_text("x", encoding="utf-8")
    code = main(["render", "--out", str(out), "-p", str(REPO / "policies")])
    text = "".join(capsys.readouterr())
    assert code == 2, text
    assert f"错误[E950]: 无法写入 {out / blocker}：{reason}" in text
    assert "提示" in text and "内部错误" not in text and "Traceback" not in text


def test_junit_that_cannot_be_written_is_an_input_error_in_chinese(tmp_path, capsys, monkeypatch):
    case = tmp_path / "c.yaml"
    case.write_text((REPO / "examples" / "graduate_startup.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    target = tmp_path / "r.xml"

    def refuse(self, data):
        if self == target:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return original(self, data)

    original = Path.write_bytes
    monkeypatch.setattr(Path, "write_bytes", refuse)
    code = main(["test", str(case), "--junit", str(target)])
    text = "".join(capsys.readouterr())
    assert code == 2
    assert f"{target}:1:1: 错误[E806]: 无法写入 JUnit 文件 {target}：权限不足" in text
    assert "提示" in text and "Permission denied" not in text


def test_no_module_words_an_os_error_itself():
    """The kind, not one instance: any message built from `.strerror` would be English again."""
    offenders = []
    for f in sorted((REPO / "hzdsl").rglob("*.py")):
        if f.name == "errors.py":
            continue
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\.strerror\b(?!\s*==)", line):
                offenders.append(f"{f.relative_to(REPO)}:{n}: {line.strip()}")
    assert not offenders, "用 errors.os_reason(e) 说明原因：\n" + "\n".join(offenders)
