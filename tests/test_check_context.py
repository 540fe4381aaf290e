"""Checking one policy file of a project: the names it uses are declared in other files of the
folder (facts in facts.policy), so `hzdsl check policies/c03.policy` reads them as context and
reports only c03's problems (读法 in commands/check.py, docs/语言参考.md). Verbs that run a program
from `-p 文件` read only that file, and say once why names are missing (W620)."""
from __future__ import annotations

import shutil
from pathlib import Path

from .conftest import EXAMPLES, REPO
from .test_bad_input import cli

POLICIES = REPO / "policies"


def _project(tmp_path: Path) -> Path:
    folder = tmp_path / "policies"
    shutil.copytree(POLICIES, folder)
    return folder


def test_one_file_of_the_project_checks_clean_with_its_folder_as_context(capsys):
    code, out, err = cli(capsys, "check", str(POLICIES / "c03.policy"))
    assert code == 0, err
    assert "E201" not in err and "未定义" not in err
    assert "作为上下文" in err and "facts.policy" in err
    assert out.startswith("✔ 1 个文件（连同作上下文的")


def test_facts_file_alone_is_not_a_flood_of_unused_facts(capsys):
    # facts are used by the clauses' files: alone, facts.policy said W601 for each one
    code, _, err = cli(capsys, "check", str(POLICIES / "facts.policy"))
    assert code == 0 and "W601" not in err, err


def test_a_name_undefined_everywhere_is_still_reported_once_in_the_named_file(capsys, tmp_path):
    folder = _project(tmp_path)
    c03 = folder / "c03.policy"
    text = c03.read_text(encoding="utf-8")
    c03.write_text(text.replace("且 「为带动就业人员连续缴纳社会保险费时长」 满 12 个月",
                                "且 「无处声明的事实」 满 12 个月", 1), encoding="utf-8")
    assert "无处声明的事实" in c03.read_text(encoding="utf-8")
    code, _, err = cli(capsys, "check", str(c03))
    assert code == 1
    assert err.count("[E201]") == 1 and "「无处声明的事实」" in err, err


def test_problems_of_context_files_are_counted_not_shown(capsys, tmp_path):
    folder = _project(tmp_path)
    c04 = folder / "c04.policy"
    c04.write_text(c04.read_text(encoding="utf-8") + "\n待遇 「残缺」\n", encoding="utf-8")
    code, out, err = cli(capsys, "check", str(folder / "c03.policy"))
    assert code == 0, out + err
    assert "c04.policy:" not in err and "上下文文件中另有 1 个错误" in err and f"hzdsl check {folder}" in err
    code, _, err = cli(capsys, "check", str(folder))  # the folder whole: the error is c04's
    assert code == 1 and "c04.policy:" in err


def test_run_with_one_policy_file_says_once_why_names_are_undefined(capsys):
    code, _, err = cli(capsys, "run", str(EXAMPLES / "graduate_startup.yaml"), "-p", str(POLICIES / "c03.policy"))
    assert code == 2
    assert err.count("[E201]") > 1 and err.count("[W620]") == 1, err
    assert "facts.policy" in err and f"-p {POLICIES}" in err


def test_a_lone_policy_file_gets_no_note(capsys, tmp_path):
    lone = tmp_path / "lone.policy"
    lone.write_text("条款 三 「加大创业资金扶持力度」。\n待遇 「甲」(补贴)\n"
                    "    依据「初次创办企业或个体工商户，正常经营 6 个月，可按规定申领 3000 元的一次性创业补贴」\n"
                    "    若 「某事实」\n    则 3000 元，一次性。\n", encoding="utf-8")
    code, _, err = cli(capsys, "run", str(EXAMPLES / "graduate_startup.yaml"), "-p", str(lone))
    assert code == 2 and "[E201]" in err and "W620" not in err, err
