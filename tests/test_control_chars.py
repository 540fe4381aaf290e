"""A control character written in an input never reaches the terminal as a command (breaker s22).

ESC starts a terminal command: 「\\x1b[2J」 clears the screen, 「\\x1b]0;…\\a」 retitles the window. A message
that quotes a bad value (E912 of a CSV cell, E706 of a case value) printed the value raw, and `hzdsl run`
printed a case's 名称 raw in its 「案例：」 line. Now a message shows such a character as its picture
(␛, ␀ — as the quoted source line already did) and a 名称 holding one is refused (E719).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from hzdsl.cli import main

ESC, NUL = "\x1b", "\x00"


def cli(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "内部错误" not in out + err
    return code, out + err


def test_a_case_value_holding_esc_is_quoted_with_its_picture(tmp_path, capsys):
    case = tmp_path / "c.yaml"
    case.write_text('评估日期: 2023-06-30\n事实:\n  毕业时长: "3 年\\e[31mX"\n', encoding="utf-8")
    code, out = cli(capsys, "run", str(case))
    assert code == 2
    assert ESC not in out
    # the E706 message quotes the value: 「3 年␛[31mX」
    assert "「3 年\u241b[31mX」" in out


def test_a_case_name_holding_esc_is_refused_and_never_printed(tmp_path, capsys):
    case = tmp_path / "c.yaml"
    case.write_text('名称: "X\\e]0;T\\a\\e[2J"\n评估日期: 2023-06-30\n事实:\n  毕业时长: 3 年\n', encoding="utf-8")
    code, out = cli(capsys, "run", str(case))
    assert code == 2
    assert ESC not in out and "\a" not in out
    assert "E719" in out and "U+001B" in out
    assert f"{case}:1:5:" in out  # 名称's value starts at line 1, column 5


def test_a_case_name_holding_a_zero_width_space_still_runs(tmp_path, capsys):
    """名称 is prose, never compared: only control characters are refused in it, not every invisible one."""
    case = tmp_path / "c.yaml"
    case.write_text('名称: "毕业\u200b三年"\n评估日期: 2023-06-30\n事实:\n  毕业时长: 3 年\n', encoding="utf-8")
    code, out = cli(capsys, "run", str(case))
    assert code == 0


def test_a_hint_keeps_its_own_line_breaks(tmp_path, capsys):
    """E801's hint is an example YAML over three lines: shown as lines, not as ␊."""
    case = tmp_path / "c.yaml"
    case.write_text("评估日期: 2023-06-30\n参数:\n  LPR:\n    - {值: 3.45%}\n", encoding="utf-8")
    code, out = cli(capsys, "run", str(case))
    assert code == 2
    assert "\u240a" not in out


@pytest.mark.parametrize("bad, picture", [(ESC + "[31m", "\u241b[31m"), (NUL, "\u2400")])
def test_a_population_cell_holding_a_control_character_is_quoted_with_its_picture(tmp_path, capsys, bad, picture):
    pytest.importorskip("duckdb")
    pop = tmp_path / "p.csv"
    pop.write_text(f"编号,评估日期,毕业时长\nA,2023-06-30,3 年{bad}\n", encoding="utf-8")
    code, out = cli(capsys, "screen", str(pop), "--benefit", "一次性创业补贴")
    assert code == 2
    assert ESC not in out and NUL not in out
    assert f"「3 年{picture}」" in out


def test_a_control_character_in_a_policy_comment_is_e207(tmp_path, capsys):
    """A comment is printed by fmt --diff: ESC there is refused like ESC in a name (a zero-width space is not)."""
    from .conftest import REPO

    (tmp_path / "official.txt").write_bytes((REPO / "policies" / "official.txt").read_bytes())
    policy = tmp_path / "t.policy"
    policy.write_text("条款 三 「加大创业资金扶持力度」。\n# 读法：\x1b]0;X\x07红\n# 零宽\u200b空格\n事实 「甲」：个人 布尔。\n",
                      encoding="utf-8")
    code, out = cli(capsys, "check", str(tmp_path))
    assert code == 1
    # line 2, after 「# 读法：」 (5 characters): column 6; the zero-width space on line 3 is not reported
    assert f"{policy}:2:6: 错误[E207]: 注释中有看不见的字符 U+001B" in out
    assert ":3:" not in out and ESC not in out


def test_fmt_diff_shows_a_control_character_as_its_picture_and_fmt_keeps_it_in_the_file(tmp_path, capsys):
    """fmt --diff prints lines of the file: ESC and BEL of a comment reached the terminal raw (a title change, a
    bell). Shown now as pictures, like every message; fmt itself writes the file's characters unchanged."""
    policy = tmp_path / "t.policy"
    text = "条款 三 「加大创业资金扶持力度」。\n# 读法：\x1b]0;X\x07红\n事实 「甲」：个人   布尔 。\n"
    policy.write_text(text, encoding="utf-8")
    code, out = cli(capsys, "fmt", "--diff", str(policy))
    assert code == 1  # the 事实 line needs formatting
    assert ESC not in out and "\a" not in out
    assert " # 读法：\u241b]0;X\u2407红" in out  # the comment line, as context of the diff
    assert policy.read_text(encoding="utf-8") == text  # --diff writes nothing
    code, out = cli(capsys, "fmt", str(policy))
    assert code == 0
    written = policy.read_text(encoding="utf-8")
    assert "# 读法：\x1b]0;X\x07红\n" in written and "事实 「甲」：个人 布尔。" in written



# C1 controls (U+0080–U+009F) have no pictures: U+009B is CSI, the one-character ESC [ of an 8-bit terminal — 「\x9b2J」
# clears the screen there — and U+0085 NEL breaks the line. They were printed raw by every message and by fmt --diff
# (only C0 and DEL were shown as pictures); now they are shown as the escape JSON writes for them, \u009b.
CSI = "\x9b"


def test_a_case_value_holding_a_c1_control_is_quoted_visibly(tmp_path, capsys):
    case = tmp_path / "c.yaml"
    case.write_text('评估日期: 2023-06-30\n事实:\n  毕业时长: "3 年\\x9b31mX"\n', encoding="utf-8")
    code, out = cli(capsys, "run", str(case))
    assert code == 2
    assert not any("\x80" <= c <= "\x9f" for c in out)
    assert "「3 年\\u009b31mX」" in out  # E706 quotes the value


def test_a_source_line_holding_a_c1_control_is_shown_visibly_and_the_caret_stays_under_it(tmp_path, capsys):
    """A raw CSI in a YAML file (E700 at its column): the quoted line shows \\u009b, and the carets mark those six
    characters — the prefix 「  职业: "电」 is 11 cells wide (2 spaces, 2 × 2 for 职业, 「: "」, 2 for 电)."""
    case = tmp_path / "c.yaml"
    case.write_text(f'评估日期: 2023-06-30\n事实:\n  职业: "电{CSI}工"\n', encoding="utf-8")
    code, out = cli(capsys, "run", str(case))
    assert code == 2
    assert CSI not in out
    lines = out.splitlines()
    at = lines.index('    3 |   职业: "电\\u009b工"')
    assert lines[at + 1] == "      | " + " " * 11 + "^" * 6


def test_fmt_diff_shows_a_c1_control_of_a_comment_visibly(tmp_path, capsys):
    policy = tmp_path / "t.policy"
    text = f"条款 三 「加大创业资金扶持力度」。\n# 读法：{CSI}2J红\n事实 「甲」：个人   布尔 。\n"
    policy.write_text(text, encoding="utf-8")
    code, out = cli(capsys, "fmt", "--diff", str(policy))
    assert code == 1
    assert CSI not in out
    assert " # 读法：\\u009b2J红" in out
    assert policy.read_text(encoding="utf-8") == text


def test_json_keeps_a_c1_control_raw_and_reads_back_to_the_value_written(tmp_path, capsys):
    """`hzdsl run --json` writes a C1 control of a quoted value as the character itself, where the terminal view shows
    \\u009b. Kept so (errors.py, JSON_KEEPS_C1): RFC 8259 requires escapes only below U+0020, so the output is valid
    JSON for every parser (json.loads is strict about control characters, and accepts it) and a consumer reads back the
    very value the case holds; writing "\\u009b" would be the same JSON value, so nothing is gained for a program."""
    case = tmp_path / "c.yaml"
    case.write_text('评估日期: 2023-06-30\n事实:\n  毕业时长: "3 年\\x9b31mX"\n', encoding="utf-8")
    capsys.readouterr()
    code = main(["run", "--json", str(case)])
    out, err = capsys.readouterr()
    assert code == 2
    assert CSI not in err  # the terminal view: shown, never sent as a command
    got = json.loads(out)  # strict: a raw C0 control in a string would be refused here
    messages = [d["message"] for d in got["diagnostics"]]
    # E706 quotes the value as the case wrote it, "3 年" + U+009B + "31mX" (the YAML escape \x9b read back)
    assert f"「毕业时长」的值「3 年{CSI}31mX」：不认识的单位「年{CSI}31mX」" in messages
    assert json.loads(json.dumps(got, ensure_ascii=False)) == got


# A case without 名称 is named after its file, and a file's name may hold any character but / and NUL: ESC and CSI
# of a file name reached the terminal raw in run's 「案例：」 line and test -v's lines (a 名称 holding them is E719).
# Shown there as in every message; the JSON keeps the name as it is (JSON_KEEPS_C1 above).
def test_a_case_named_after_its_file_shows_its_control_characters_visibly(tmp_path, capsys):
    case = tmp_path / f"甲{ESC}[2J{CSI}2J乙.yaml"
    case.write_text("评估日期: 2023-06-30\n事实:\n  毕业时长: 3 年\n预期:\n  一次性创业补贴: 待定\n", encoding="utf-8")
    for argv in (["run", str(case)], ["run", "--all", str(case)], ["test", "-v", str(tmp_path)]):
        code, out = cli(capsys, *argv)
        assert ESC not in out and CSI not in out, argv
        assert "甲\u241b[2J\\u009b2J乙" in out, (argv, out)
    capsys.readouterr()
    assert main(["run", "--json", str(case)]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got["案例"] == f"甲{ESC}[2J{CSI}2J乙" and got["文件"] == str(case)
