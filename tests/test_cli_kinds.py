"""What a user sees on wrong input, by kind across every verb (issue 10's leftovers):

- a case file given where a policy file is expected (E804), and the reverse already (E803);
- a named pipe, device or other non-regular file given to any reading verb (E805, never a hang);
- output paths that are empty, a directory, a special file or in a missing folder (E806 / E950);
- options that contradict each other: a usage error (exit 2, Chinese), or both honoured.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLES, REPO
from .test_bad_input import cli

EXAMPLE = EXAMPLES / "graduate_startup.yaml"
POPULATION = EXAMPLES / "population.csv"


# ── a case file where a policy file is expected ──────────────────────────────────────────────────

@pytest.mark.parametrize("verb", ["check", "fmt", "lint", "coverage"])
@pytest.mark.parametrize("name", ["case.yaml", "case.txt"])  # by its name, or by its first key
def test_a_case_file_given_as_a_policy_says_so_once(capsys, tmp_path, verb, name):
    case = tmp_path / name
    case.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    args = [verb, str(case)] + (["--no-solver"] if verb == "lint" else [])
    code, out, err = cli(capsys, *args)
    assert code == 2, out + err
    assert "[E804]" in err and "是案例文件" in err and f"hzdsl run {case}" in err, err
    assert "[E101]" not in err and "[E102]" not in err and "是关键词" not in err, err


def test_a_case_file_as_the_policies_of_run_says_so(capsys, tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    code, _, err = cli(capsys, "run", str(EXAMPLE), "-p", str(case))
    assert code == 2 and "[E804]" in err and "[E101]" not in err, err


def test_a_policy_whose_first_line_is_a_clause_is_not_taken_for_a_case(capsys):
    code, out, err = cli(capsys, "check", str(REPO / "policies"))
    assert code == 0 and "E804" not in out + err


# ── non-regular files ─────────────────────────────────────────────────────────────────────────────

def _hzdsl(*argv: str, cwd: Path) -> subprocess.CompletedProcess:
    """hzdsl in a child process, so a hang is a failed test (after 60 s), not a hung suite."""
    try:
        return subprocess.run([sys.executable, "-m", "hzdsl", *argv], cwd=cwd, capture_output=True, text=True,
                              timeout=60, env={**os.environ, "COLUMNS": "120"})
    except subprocess.TimeoutExpired:
        pytest.fail(f"hzdsl {' '.join(argv)} hung on a named pipe")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
@pytest.mark.parametrize("verb, name", [("run", "case.yaml"), ("check", "p.policy"), ("test", "case.yaml"),
                                        ("fmt", "p.policy"), ("run", "p.policy"), ("diff", "p.policy")])
def test_a_named_pipe_is_refused_not_waited_on(tmp_path, verb, name):
    fifo = tmp_path / name
    os.mkfifo(fifo)
    argv = [verb, str(fifo)] + ([str(REPO / "policies"), "--no-impact", "--no-prove"] if verb == "diff" else [])
    p = _hzdsl(*argv, cwd=tmp_path)
    assert p.returncode == 2, p.stdout + p.stderr
    said = p.stdout + p.stderr  # `test` reports unreadable files in its report (stdout)
    assert "[E805]" in said and "命名管道" in said and "Traceback" not in said, said


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_named_pipe_among_policies_is_refused(tmp_path):
    folder = tmp_path / "policies"
    folder.mkdir()
    os.mkfifo(folder / "stray.policy")
    p = _hzdsl("check", str(folder), cwd=tmp_path)
    assert p.returncode == 2 and "[E805]" in p.stderr, p.stdout + p.stderr


def test_a_device_is_refused_as_not_a_regular_file(capsys):
    if not Path("/dev/null").exists():
        pytest.skip("no /dev/null")
    for verb in ("run", "check"):
        code, _, err = cli(capsys, verb, "/dev/null")
        assert code == 2 and "[E805]" in err and "设备文件" in err, err


# ── output paths ──────────────────────────────────────────────────────────────────────────────────

def _output_commands(target: str) -> list[list[str]]:
    return [["test", str(EXAMPLE), "--junit", target],
            ["population", "generate", "--n", "2", "--out", target],
            ["population", "generate", "--n", "2", "--out", "ok.csv", "--history", target],
            ["screen", str(POPULATION), "--out", target]]


@pytest.mark.parametrize("kind", ["empty", "directory", "missing folder", "named pipe"])
@pytest.mark.parametrize("index", range(4))
def test_an_unusable_output_path_is_an_input_error_before_any_write(capsys, tmp_path, monkeypatch, kind, index):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    target = {"empty": "", "directory": str(work), "missing folder": str(work / "无此目录" / "r.csv"),
              "named pipe": str(work / "fifo.csv")}[kind]
    if kind == "named pipe":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no named pipes")
        os.mkfifo(target)
    argv = _output_commands(target)[index]
    if argv[0] in ("population", "screen") and not _has("duckdb"):
        pytest.skip("needs the [screen] extra")
    before = sorted(p.name for p in work.iterdir())
    code, out, err = cli(capsys, *argv)
    assert code == 2, out + err
    assert "[E806]" in err and "提示" in err, err
    assert sorted(p.name for p in work.iterdir()) == before  # nothing written anywhere here
    assert not (work / "无此目录").exists()


def test_render_with_an_empty_out_does_not_write_into_the_current_folder(capsys, tmp_path, monkeypatch):
    pytest.importorskip("jinja2")
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(capsys, "render", "--out", "")
    assert code == 2 and "[E950]" in err and "空" in err, out + err
    assert list(tmp_path.iterdir()) == []


def test_population_out_and_history_in_one_file_is_a_usage_error(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = cli(capsys, "population", "generate", "--n", "2", "--out", "a.csv", "--history", "./a.csv")
    assert code == 2 and "用法错误" in err and "同一个文件" in err, err
    assert list(tmp_path.iterdir()) == []


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


# ── options that contradict each other ───────────────────────────────────────────────────────────

CONFLICTS = [
    (["schema", "--json", "--markdown"], "--json 与 --markdown"),
    (["schema", "--markdown", "--format", "table"], "--markdown 与 --format"),
    (["check", str(REPO / "policies"), "--format", "github", "--json"], "--format github 与 --json"),
    (["run", str(EXAMPLE), "--format", "tsv", "--explain"], "--format tsv 与 --explain"),
    (["run", str(EXAMPLE), "--format", "csv", "--explain"], "--format csv 与 --explain"),
    (["run", str(EXAMPLE), "--all", "--eligible-only"], "--all 与 --eligible-only"),
    (["run", str(EXAMPLE), "--questions", "-1"], "--questions"),
    (["diff", "policies", "policies", "--prove", "--no-prove"], "--prove 与 --no-prove"),
    (["diff", "policies", "policies", "--no-prove", "--prove-timeout", "3"], "--prove-timeout 与 --no-prove"),
    (["diff", "policies", "policies", "--no-impact", "--cases", "examples"], "--cases 与 --no-impact"),
    (["diff", "policies", "policies", "--history", "h.csv"], "--history 只与 --population"),
    (["diff", "policies", "policies", "--date", "2023-06-30"], "--date 只与 --population"),
    (["screen", str(POPULATION), "--spark-master", "local[2]"], "--spark-master 与 --engine duckdb"),
    (["screen", str(POPULATION), "--missing"], "--missing 只作用于 --out"),
    (["screen", str(POPULATION), "--date", "2023-13-01"], "无法识别的日期"),
    (["lint", "--no-solver", "--timeout", "3"], "--timeout 与 --no-solver"),
]


@pytest.mark.parametrize("argv, said", CONFLICTS, ids=[" ".join(a[:1] + a[2:] if len(a) > 2 else a)
                                                         for a, _ in CONFLICTS])
def test_contradicting_options_are_a_usage_error(capsys, monkeypatch, argv, said):
    monkeypatch.chdir(REPO)
    code, out, err = cli(capsys, *argv)
    assert code == 2, out + err
    assert "用法错误" in err and said in err and f"hzdsl {argv[0]} --help" in err, err
    assert out == ""


def test_the_same_format_twice_is_not_a_conflict(capsys):
    code, out, _ = cli(capsys, "schema", "--json", "--format", "json")
    assert code == 0 and json.loads(out)


def test_run_json_with_explain_carries_each_explanation(capsys):
    code, out, err = cli(capsys, "run", str(EXAMPLE), "--json", "--explain")
    assert code == 0, err
    rows = json.loads(out)["待遇"]
    startup = next(r for r in rows if r["待遇"] == "一次性创业补贴")
    tree = startup["解释"]
    assert tree["文本"].startswith("一次性创业补贴") and "3000 元" in tree["文本"]

    def texts(t):
        yield t["文本"]
        for c in t["子项"]:
            yield from texts(c)

    # the quote it rests on and the deciding condition are in the tree, as `run --explain` prints them
    assert any("一次性创业补贴」" in s and s.startswith("依据") for s in texts(tree))
    assert all("解释" in r for r in rows)
    code, out, _ = cli(capsys, "run", str(EXAMPLE), "--json")
    assert all("解释" not in r for r in json.loads(out)["待遇"])


# ── YAML messages in Chinese ──────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("char, name", [("\x07", "响铃符 BEL（U+0007）"), ("\x1b", "转义符 ESC（U+001B）"),
                                        ("\x7f", "删除符 DEL（U+007F）"), ("\x90", "控制字符（U+0090）")])
@pytest.mark.parametrize("verb", ["run", "test"])
def test_a_control_character_in_a_case_file_is_named_in_chinese_where_it_is(capsys, tmp_path, char, name, verb):
    case = tmp_path / "case.yaml"
    # line 4, column 11: after two spaces, 「毕业时长」 (4), 「: "」 (3) and 「3」 (1)
    case.write_text(f'名称: 控制字符\n评估日期: 2023-06-30\n事实:\n  毕业时长: "3{char} 年"\n预期: {{}}\n',
                    encoding="utf-8")
    code, out, err = cli(capsys, verb, str(case))
    said = out + err
    assert code == 2, said
    assert f"{case}:4:11: 错误[E700]: YAML 格式错误：此处有 YAML 不允许的{name}" in said, said
    assert "unacceptable" not in said and "special characters" not in said and "position" not in said


@pytest.mark.parametrize("text", [
    "名称: a\n评估日期: 2023-06-30\n说明: |x\n  abc\n",  # block scalar indicator
    "名称: a\n---\n名称: b\n",  # a second document
    "%YAML 1.1\n名称: a\n",  # a directive
    "名称: a\n评估日期: 2023-06-30\n事实: [a, b\n",  # a flow sequence never closed
    "名称: a\n  b: c\n",  # a key where a value goes on
    "名称: \"a\\xZZ\"\n",  # a bad escape
])
def test_yaml_errors_read_in_chinese(capsys, tmp_path, text):
    case = tmp_path / "case.yaml"
    case.write_text(text, encoding="utf-8")
    code, out, err = cli(capsys, "run", str(case))
    assert code == 2
    head = err.split("\n")[0]
    assert "[E700]" in head, err
    message = head.split("YAML 格式错误：", 1)[1]
    assert "\u4e00" <= message[0] <= "\u9fff" or message[0] in "「“此", message  # Chinese first
    assert not any(w in head for w in ("expected", "found", "while", "but ")), head


# ── help a newcomer reads ─────────────────────────────────────────────────────────────────────────

def _verbs():
    from hzdsl.cli import build_parser
    import argparse

    def walk(parser, prefix):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, child in action.choices.items():
                    yield [*prefix, name]
                    yield from walk(child, [*prefix, name])

    return list(walk(build_parser(), []))


@pytest.mark.parametrize("verb", _verbs(), ids=" ".join)
def test_every_help_names_its_values_in_chinese(capsys, monkeypatch, verb):
    monkeypatch.setenv("COLUMNS", "100")
    with pytest.raises(SystemExit) as done:
        from hzdsl.cli import main

        main([*verb, "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    # argparse's own metavars (PATHS, OUT, SPARK_MASTER …) and English positionals are not shown
    import re

    usage = out.split("\n\n")[0]
    english = re.findall(r"(?<![\w-])(?:[A-Z][A-Z_]+|paths|old|new|population|shell)(?![\w-])",
                         usage.replace("hzdsl population", "hzdsl"))
    assert not english, (english, out)
    assert "默认：内置政策）" not in out  # the default is the project's policies, found upwards


@pytest.mark.parametrize("argv, said", [
    (["--benefit", "创业不贴"], ["--benefit「创业不贴」没有选中任何待遇", "「一次性创业补贴」"]),
    (["--clause", "99"], ["--clause「99」不是政策中的条款"]),
    (["--clause", "三", "--benefit", "无此待遇"], ["--benefit「无此待遇」没有选中任何待遇"]),
])
def test_run_filters_that_select_nothing_say_so(capsys, argv, said):
    # was: an empty table and exit 0, read as "nothing applies"
    code, out, err = cli(capsys, "run", str(EXAMPLE), *argv)
    assert code == 2 and out == "", out
    assert "[E807]" in err and all(s in err for s in said), err


def test_run_filters_that_select_something_still_work(capsys):
    code, out, _ = cli(capsys, "run", str(EXAMPLE), "--benefit", "创业补贴", "--clause", "3", "--format", "tsv")
    rows = [line.split("\t") for line in out.strip().splitlines()[1:]]
    assert code == 0 and rows and all("创业补贴" in r[1] and r[2] == "三" for r in rows)


@pytest.mark.parametrize("argv, said", [
    (["population", "generate", "--n", "x", "--out", "a.csv"], "参数 --n：「x」不是整数"),
    (["test", "--min-coverage", "x"], "参数 --min-coverage：「x」不是数"),
    (["diff"], "缺少参数：旧版本"),
    (["run"], "缺少参数：案例文件"),
])
def test_argument_errors_read_in_chinese(capsys, argv, said):
    code, out, err = cli(capsys, *argv)
    assert code == 2 and said in err and "invalid" not in err and "required" not in err, err
