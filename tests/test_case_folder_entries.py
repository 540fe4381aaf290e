"""`hzdsl test 目录` leaves no case file out without a word (breaker s22).

In a folder, a *.yaml that is a link to nothing or a named pipe was skipped silently — 「✔ 1 个案例通过」, exit 0 —
while the same path named on the command line is E001 / E805, and a policy folder reports both. Now each is
a file error of the run (the others still run), and a dangling link's hint says it is one."""
from __future__ import annotations

import os
import shutil

import pytest

from hzdsl.cli import main

from .conftest import REPO


def test_a_dangling_link_and_a_pipe_in_a_case_folder_are_errors(tmp_path, capsys):
    folder = tmp_path / "cases"
    folder.mkdir()
    shutil.copy(REPO / "examples" / "graduate_startup.yaml", folder / "good.yaml")
    (folder / "moved.yaml").symlink_to("nowhere.yaml")
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    os.mkfifo(folder / "pipe.yaml")
    code = main(["test", str(folder)])
    out, err = capsys.readouterr()
    text = out + err
    assert code == 2
    assert f"{folder / 'moved.yaml'}:1:1: 错误[E001]" in text and "它指向的 nowhere.yaml 不存在" in text
    assert f"{folder / 'pipe.yaml'}:1:1: 错误[E805]" in text
    assert "3 个案例：1 通过，0 失败，2 个文件无法读取" in text  # the good case still ran


@pytest.mark.parametrize("target, why", [("nothere", "它指向的 nothere 不存在"), ("loop", "符号链接循环")])
def test_diff_names_a_broken_link_given_as_a_version(tmp_path, capsys, monkeypatch, target, why):
    """`hzdsl diff policies 链接`: a link to nothing or a loop said only 「既不是文件或目录，也不是 git 版本」."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "v").symlink_to(target)
    if target == "loop":
        (tmp_path / "loop").symlink_to("v")
    code = main(["diff", str(REPO / "policies"), "v", "--no-impact"])
    out, err = capsys.readouterr()
    assert code == 2
    assert f"提示：「v」是一个符号链接，{why}" in out + err


def test_a_case_file_that_is_a_link_loop_says_so(tmp_path, capsys):
    (tmp_path / "a.yaml").symlink_to("b.yaml")
    (tmp_path / "b.yaml").symlink_to("a.yaml")
    assert main(["run", str(tmp_path / "a.yaml")]) == 2
    err = capsys.readouterr().err
    assert "提示：这是一个符号链接，符号链接循环" in err and "不存在" not in err.split("提示")[1]
