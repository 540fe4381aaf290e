"""The CLI as a whole: test output, version, python -m, subdirectories, help, fmt --diff, completion,
machine-readable diagnostics."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

from hzdsl import __version__
from hzdsl.cli import build_parser, main, wrap_cells

from .conftest import EXAMPLES, REPO

PY = sys.executable


def hz(*argv: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([PY, "-m", "hzdsl", *argv], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": "100", **(env or {})}, timeout=300)


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


# ── 8. hzdsl test: failures first, passes summarised ─────────────────────────────────────────


FAILING = """名称: 故意写错的预期
评估日期: 2023-06-30
事实:
  身份: [高校毕业生]
  毕业时长: 3 年
  初次创办企业或个体工商户: 是
  正常经营时长: 8 个月
预期:
  一次性创业补贴: {结论: 符合, 金额: 2000 元}
"""


def test_failures_first_and_passes_summarised(tmp_path, capsys):
    cases = tmp_path / "cases"
    cases.mkdir()
    shutil.copy(EXAMPLES / "graduate_startup.yaml", cases / "a_pass.yaml")
    shutil.copy(EXAMPLES / "graduate_startup.yaml", cases / "b_pass.yaml")
    (cases / "z_fail.yaml").write_text(FAILING, encoding="utf-8")
    code, out, _ = cli(capsys, "test", str(cases))
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("✘ 失败") and "z_fail.yaml" in lines[0]
    assert "预期  2000 元" in out and "实际  3000 元" in out
    assert "✔ 通过" not in out  # passing cases are not listed one by one
    assert "✔ 2 个案例通过（2 个文件；加 -v 逐个列出）" in out
    assert lines[-1].startswith("✘ 3 个案例：2 通过，1 失败")
    code, out, _ = cli(capsys, "test", str(cases), "-v")
    assert out.count("✔ 通过") == 2 and "✘ 失败" in out
    # with -v the failure still stands right above the summary, where the eye lands
    assert out.rindex("✘ 失败") > out.rindex("✔ 通过")


# ── 9. version, python -m, subdirectories, relative paths ────────────────────────────────────


def test_version_and_python_m():
    r = hz("--version")
    assert r.returncode == 0 and r.stdout.strip() == f"hzdsl {__version__}"
    r = hz("run", str(EXAMPLES / "graduate_startup.yaml"), "--format", "tsv")
    assert r.returncode == 0 and "一次性创业补贴\t三\t符合\t3000 元" in r.stdout


@pytest.fixture()
def project(tmp_path):
    """A copy of the project (policies, cases, examples) in a git repository with one commit."""
    root = tmp_path / "proj"
    shutil.copytree(REPO / "policies", root / "policies")
    shutil.copytree(REPO / "tests" / "cases" / "c03", root / "tests" / "cases" / "c03")
    shutil.copytree(REPO / "examples", root / "examples")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run([*git, "add", "-A"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "base"], cwd=root, check=True)
    return root


def test_every_verb_works_from_a_subdirectory(project):
    sub = project / "tests" / "cases" / "c03"
    r = hz("check", cwd=sub)
    assert r.returncode == 0, r.stderr
    r = hz("test", cwd=sub)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "个案例通过" in r.stdout
    # the project's own cases were found (c03's files and the example), not the bundled ones
    n_files = sum(1 for _ in sub.glob("*.yaml")) + 1
    assert f"（{n_files} 个文件；" in r.stdout
    r = hz("diff", "HEAD", "--no-impact", cwd=sub)
    assert r.returncode == 0, r.stderr
    assert "无语义变更" in r.stdout
    r = hz("fmt", "--check", cwd=sub)
    assert r.returncode == 0, r.stdout + r.stderr
    # a change in the project's policies is seen from the subdirectory too
    c03 = project / "policies" / "c03.policy"
    c03.write_text(c03.read_text(encoding="utf-8").replace("    则 3000 元，一次性。", "    则 4000 元，一次性。", 1),
                   encoding="utf-8")
    r = hz("diff", "HEAD", "--no-impact", cwd=sub)
    assert "一次性创业补贴" in r.stdout and "4000" in r.stdout, r.stdout + r.stderr


def test_paths_in_messages_are_relative_to_where_the_user_stands(project):
    sub = project / "tests" / "cases" / "c03"
    bad = project / "policies" / "c03.policy"
    bad.write_text(bad.read_text(encoding="utf-8").replace("「正常经营时长」 满 6 个月", "「正常经营时常」 满 6 个月", 1),
                   encoding="utf-8")
    r = hz("check", cwd=sub)
    assert r.returncode == 1
    assert "../../../policies/c03.policy:" in r.stderr
    assert str(project) not in r.stderr
    failing = sub / "99_fail.yaml"
    failing.write_text(FAILING, encoding="utf-8")
    bad.write_text((REPO / "policies" / "c03.policy").read_text(encoding="utf-8"), encoding="utf-8")
    r = hz("test", cwd=sub)
    assert r.returncode == 1 and "✘ 失败  99_fail.yaml:1" in r.stdout


def test_help_is_chinese_and_aligned_in_display_cells():
    sub = next(a for a in build_parser()._actions if a.__class__.__name__ == "_SubParsersAction")
    for name, parser in sub.choices.items():
        text = parser.format_help()
        assert text.startswith("用法：")
        assert "show this help" not in text and "options:" not in text and "positional arguments" not in text
        # every option's help text starts in the same display column
        columns = set()
        for line in text.splitlines():
            stripped = line.lstrip()
            if not stripped.startswith("-") or "  " not in stripped:
                continue
            head = line[: line.index("  ", len(line) - len(stripped)) ]
            rest = line[len(head):]
            columns.add(cell_len(head) + (len(rest) - len(rest.lstrip())))
        assert len(columns) <= 1, (name, columns)


def test_wrap_cells_counts_cjk_as_two():
    lines = wrap_cells("输出格式：table（表格）、tsv（制表符分隔）", 20)
    assert all(cell_len(x) <= 20 for x in lines)
    assert "".join(lines) == "输出格式：table（表格）、tsv（制表符分隔）"
    # Chinese break rules: no line starts with a closing mark, no bracketed word is split when it fits
    assert not any(x[:1] in "」）、，。" for x in lines) and "（制表符分隔）" in "\n".join(lines)


def test_fmt_diff_exits_1_when_a_file_would_change(tmp_path, capsys):
    p = tmp_path / "a.policy"
    p.write_text("条款 三 「加大创业资金扶持力度」。\n事实   「甲」：个人 布尔。\n", encoding="utf-8")
    code, out, _ = cli(capsys, "fmt", "--diff", str(p))
    assert code == 1 and "-事实   「甲」" in out
    assert p.read_text(encoding="utf-8").startswith("条款 三")  # not written
    code, out, _ = cli(capsys, "fmt", "--diff", "--format", "json", str(p))
    assert code == 1 and json.loads(out)["needs_format"] == [str(p)]
    cli(capsys, "fmt", str(p))
    code, out, _ = cli(capsys, "fmt", "--diff", str(p))
    assert code == 0


def test_policy_file_given_to_run_gets_a_chinese_message(capsys):
    code, out, err = cli(capsys, "run", str(REPO / "policies" / "c03.policy"))
    assert code == 2 and out == ""
    assert "E803" in err and "是政策文件，不是案例文件" in err and "-p" in err
    assert "expected" not in err and "document" not in err


def test_shell_completion_scripts(tmp_path):
    r = hz("completion", "bash")
    assert r.returncode == 0
    script = tmp_path / "c.sh"
    script.write_text(r.stdout, encoding="utf-8")

    def complete(*words: str) -> list[str]:
        arr = " ".join(f"'{w}'" for w in words)
        out = subprocess.run(["bash", "-c", f"source {script}; COMP_WORDS=({arr}); COMP_CWORD={len(words) - 1}; "
                                            "_hzdsl; printf '%s\\n' \"${COMPREPLY[@]}\""],
                             capture_output=True, text=True, check=True)
        return out.stdout.split()

    assert complete("hzdsl", "di") == ["diff"]
    assert set(complete("hzdsl", "run", "--fo")) == {"--format"}
    assert complete("hzdsl", "run", "--format", "") == ["table", "tsv", "csv", "json"]
    assert "sarif" in complete("hzdsl", "check", "--format", "")
    assert complete("hzdsl", "completion", "") == ["bash", "zsh"]
    r = hz("completion", "zsh")
    assert r.returncode == 0 and "bashcompinit" in r.stdout and "complete -o filenames" in r.stdout


# ── check --format github / sarif ────────────────────────────────────────────────────────────


def broken_policy(tmp_path) -> Path:
    p = tmp_path / "p.policy"
    p.write_text("条款 三 「加大创业资金扶持力度」。\n事实 「正常经营时长」：企业 时长(个月)。\n"
                 "待遇 「甲」(补贴) 依据「可按规定申领 3000 元的一次性创业补贴」\n"
                 "    若 「正常经营时常」 满 6 个月 则 100 元。\n", encoding="utf-8")
    return p


def test_check_format_github_annotates_the_line(tmp_path, capsys):
    p = broken_policy(tmp_path)
    code, out, err = cli(capsys, "check", str(p), "--format", "github")
    assert code == 1
    line = next(x for x in out.splitlines() if x.startswith("::error "))
    assert f"file={p}".replace(":", "%3A") in line or f"file={p}" in line
    assert ",line=4,col=7," in line and "title=E201" in line
    assert "未定义" in line and "%0A提示：" in line  # one line: newlines escaped
    assert "E201" in err  # the readable form stays in the log


def test_check_format_sarif(tmp_path, capsys):
    p = broken_policy(tmp_path)
    code, out, _ = cli(capsys, "check", str(p), "--format", "sarif")
    assert code == 1
    log = json.loads(out)
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    assert run["tool"]["driver"]["name"] == "hzdsl"
    (res,) = [r for r in run["results"] if r["ruleId"] == "E201"]
    region = res["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (4, 7)
    assert res["level"] == "error"
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} >= {"E201"}


@pytest.mark.parametrize("text, width, lines", [
    ("参加就业见习（八）", 12, ["参加就业见习", "（八）"]),  # the label moves whole
    ("需要：「见习基地」、「见习时长」", 20, ["需要：「见习基地」、", "「见习时长」"]),  # 、 stays behind (20 cells)
    ("需要：「见习基地」、「见习时长」", 16, ["需要：", "「见习基地」、", "「见习时长」"]),
    ("abc def ghijklmnopqrstuvwxyz", 10, ["abc def", "ghijklmnop", "qrstuvwxyz"]),  # a too-long word is cut
    ("一次性创业补贴（三）", 20, ["一次性创业补贴（三）"]),
    ("正常经营 8 个月", 10, ["正常经营", "8 个月"]),  # a number stays with its unit
    ("〔术语，条款（三）〕", 12, ["〔术语，条款", "（三）〕"]),  # 〔…〕 too wide: broken inside, （三） whole
    ("补贴标准第 1年 1元", 12, ["补贴标准", "第 1年 1元"]),  # 「1年」 written without a space too; 「第 1」 whole
    ("需要：第 3 条历史记录", 8, ["需要：", "第 3 条", "历史记录"]),  # an ordinal stays with its number and unit
    ("条件〔术语，条款（三）〕", 20, ["条件", "〔术语，条款（三）〕"]),  # 〔…〕 moves whole
])
def test_break_lines_follows_chinese_line_breaking(text, width, lines):
    from hzdsl.linebreak import break_lines

    assert break_lines(text, width) == lines


def test_wrapped_paragraphs_keep_their_indent_and_styles():
    # an indented line of the diff report (「    影响待遇：…」) continued at column 0 and its offsets were
    # computed without the leading spaces (a style landed on the wrong characters)
    from rich.text import Text

    from hzdsl.linebreak import wrap_text

    t = Text("    影响待遇：")
    t.append("「一次性创业补贴」、「创业带动就业补贴」", style="bold")
    t.append("\n\n末行")
    w = wrap_text(t, 24)
    assert w.plain == "    影响待遇：\n    「一次性创业补贴」、\n    「创业带动就业补贴」\n\n末行"
    bold = ["".join(w.plain[s.start:s.end]) for s in w.spans if s.style == "bold"]
    assert "".join(bold) == "「一次性创业补贴」、「创业带动就业补贴」"
