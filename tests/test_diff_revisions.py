"""Diff reads a revision exactly as it reads the working tree (issue 9, point 8)."""
from __future__ import annotations

import json
import shutil
import subprocess

from hzdsl.cli import main

from .conftest import POLICIES


def _git(repo, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "core.quotePath=true",
                    *args], cwd=repo, check=True, capture_output=True)


def _repo(tmp_path):
    """The bundled policies under names git would quote (Chinese, spaces) and in a subfolder, committed."""
    repo = tmp_path / "repo"
    shutil.copytree(POLICIES, repo / "policies")
    (repo / "policies" / "c03.policy").rename(repo / "policies" / "第三条 创业资金.policy")
    (repo / "policies" / "分册").mkdir()
    (repo / "policies" / "c04.policy").rename(repo / "policies" / "分册" / "第四条.policy")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "one")
    return repo


def test_a_revision_and_its_own_working_tree_have_no_semantic_difference(tmp_path, monkeypatch, capsys):
    repo = _repo(tmp_path)
    monkeypatch.chdir(repo)
    assert main(["diff", "HEAD", "--json", "--no-impact", "--exit-code"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["声明"] == []


def test_a_change_in_a_file_with_a_chinese_name_is_seen_in_the_revision(tmp_path, monkeypatch, capsys):
    repo = _repo(tmp_path)
    path = repo / "policies" / "第三条 创业资金.policy"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("满 6 个月\n    则 3000 元，一次性。", "满 6 个月\n    则 3000 元，一次性。\n"), encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "layout only")
    monkeypatch.chdir(repo)
    assert main(["diff", "HEAD~1", "HEAD", "--json", "--no-impact", "--exit-code"]) == 0
    assert json.loads(capsys.readouterr().out)["声明"] == []


def test_a_revision_file_that_is_not_utf8_is_a_diagnostic_not_replacement_characters(tmp_path, monkeypatch, capsys):
    repo = _repo(tmp_path)
    (repo / "policies" / "gbk.policy").write_bytes("# 注释：创业补贴\n".encode("gb18030"))
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "gbk")
    monkeypatch.chdir(repo)
    assert main(["diff", "HEAD~1", "HEAD", "--no-impact"]) == 2  # both sides read from git
    err = capsys.readouterr().err
    assert "E002" in err and "gbk.policy" in err and "Traceback" not in err
