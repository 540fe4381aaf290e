"""No crash, no hang, no cascade: line ends, texts, error recovery, fmt on the file system, limits.

Each section is one kind of fault. Tests go through `hzdsl.cli.main` as a drafter would; expected
positions are found by searching the test's own text for the offending words.
"""
from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from fractions import Fraction
from pathlib import Path

import pytest

from hzdsl.cases.yaml_errors import _PROBLEMS
from hzdsl.errors import Diagnostic, Sources, Span, render_plain
from hzdsl.loader import load_policies
from hzdsl.units import to_decimal
from hzdsl.syntax.build import parse_module

from .conftest import EXAMPLES, REPO
from .test_bad_input import assert_reported, at, cli

CLAUSE = "条款 三 「加大创业资金扶持力度」。\n"
STARTUP = ("待遇 「一次性创业补贴」(补贴)\n"
           "    依据「初次创办企业或个体工商户，正常经营 6 个月，可按规定申领 3000 元的一次性创业补贴」\n"
           "    若 「初次创办企业或个体工商户」 且 「正常经营时长」 满 6 个月\n"
           "    则 3000 元，一次性。\n")
FACTS = ("事实 「初次创办企业或个体工商户」：个人 布尔。\n"
         "事实 「正常经营时长」：个人 时长(个月)。\n")
POLICY = CLAUSE + "\n" + FACTS + "\n" + STARTUP


def write(path: Path, text: str, newline: str = "\n") -> Path:
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return path


def summary(folder: Path):
    loaded = load_policies([folder])
    return loaded, sorted(loaded.program.benefits), sorted(loaded.program.facts)


# ── line ends: every kind reads as one "\n" ──────────────────────────────────────────────────


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\u2028", "\u2029", "\x85"])
def test_every_line_end_reads_like_lf(tmp_path, newline):
    # A first-line comment used to swallow a lone-CR file whole: 0 benefits and a clean ✔.
    text = "# 创业补贴\n" + POLICY
    (tmp_path / "lf").mkdir()
    (tmp_path / "other").mkdir()
    write(tmp_path / "lf" / "a.policy", text)
    write(tmp_path / "other" / "a.policy", text, newline)
    lf, lf_benefits, lf_facts = summary(tmp_path / "lf")
    other, benefits, facts = summary(tmp_path / "other")
    assert benefits == lf_benefits == ["一次性创业补贴"] and facts == lf_facts
    assert [str(d) for d in other.diagnostics] == [str(d) for d in lf.diagnostics] == []
    spans = lambda loaded: [(b.span.line, b.span.col) for b in loaded.program.benefits.values()]  # noqa: E731
    assert spans(other) == spans(lf) == [(7, 1)]


def test_bom_and_crlf_together(tmp_path):
    path = tmp_path / "a.policy"
    path.write_bytes(b"\xef\xbb\xbf" + POLICY.replace("\n", "\r\n").encode("utf-8"))
    loaded = load_policies([path])
    assert not loaded.diagnostics and list(loaded.program.benefits) == ["一次性创业补贴"]


@pytest.mark.parametrize("separator", ["\u2028", "\x0c", "\x0b"])
def test_a_separator_inside_a_quote_does_not_shift_the_line_shown(capsys, tmp_path, separator):
    # Pasted from Word (U+2028, \v) or PDF (\f): inside a quote it is harmless whitespace; every
    # later diagnostic must still show its own line with the caret under the misspelt name.
    text = POLICY.replace("正常经营 6 个月，", "正常经营 6 个月，" + separator).replace(
        "且 「正常经营时长」 满", "且 「正常经营时常」 满")
    path = write(tmp_path / "a.policy", text)
    code, _, err = cli(capsys, "check", str(path))
    where = at(path, "「正常经营时常」") if separator != "\u2028" else None
    if where is None:  # U+2028 is a line end: the line numbers after it move by one, as the parser counts
        line = text.replace("\u2028", "\n")[: text.replace("\u2028", "\n").index("「正常经营时常」")].count("\n") + 1
        where = f"{path}:{line}:"
    head = next(x for x in err.splitlines() if "[E201]" in x)
    assert head.startswith(where)
    lines = err.splitlines()
    i = lines.index(head)
    shown, caret = lines[i + 1], lines[i + 2]
    assert "若 「初次创办企业或个体工商户」 且 「正常经营时常」" in shown
    from rich.cells import cell_len
    col = shown.index("「正常经营时常」")
    assert cell_len(caret[: caret.index("^")]) == cell_len(shown[:col])
    assert caret.count("^") == cell_len("「正常经营时常」")


def test_caret_is_placed_in_display_cells_past_tabs_and_control_characters():
    src = "\t若 「甲」\x07 且 「乙乙」 满 1 个月"
    sources = Sources()
    sources.add("x.policy", src)
    col = src.index("「乙乙」") + 1
    d = Diagnostic("E201", "未定义的名称「乙乙」", Span("x.policy", 1, col, 1, col + 4), "提示")
    shown, caret = render_plain(d, sources).splitlines()[1:3]
    from rich.cells import cell_len
    assert cell_len(caret[: caret.index("^")]) == cell_len(shown[: shown.index("「乙乙」")])
    assert caret.count("^") == 8 and "\t" not in shown and "\x07" not in shown


def test_crlf_file_in_canonical_layout_needs_no_formatting_and_keeps_crlf(capsys, tmp_path):
    canonical = write(tmp_path / "canon.policy", POLICY, "\r\n")
    code, out, _ = cli(capsys, "fmt", "--check", str(canonical))
    assert code == 0 and "0 个需要排版" in out
    # another instance: a CRLF file that does need formatting is written back with CRLF
    messy = write(tmp_path / "messy.policy", POLICY.replace("事实 「正常经营时长」：", "事实   「正常经营时长」 :"), "\r\n")
    code, _, _ = cli(capsys, "fmt", str(messy))
    data = messy.read_bytes()
    assert code == 0 and data == POLICY.replace("\n", "\r\n").encode("utf-8")
    assert cli(capsys, "fmt", "--check", str(messy))[0] == 0


def test_repository_pins_policy_line_ends():
    attrs = (REPO / ".gitattributes").read_text(encoding="utf-8")
    assert "*.policy text eol=lf" in attrs


# ── texts in "…": # and 。 are text ──────────────────────────────────────────────────────────


def test_hash_inside_ascii_quotes_is_text_not_a_comment(capsys, tmp_path):
    path = write(tmp_path / "a.policy", CLAUSE + '事实 「证书编号」: 个人 文本，释义 "如 ZS-2023-600 或 #A-17"。\n')
    module, diags = parse_module(path.read_text(encoding="utf-8"), str(path))
    assert not diags and module.comments == ()
    code, out, _ = cli(capsys, "fmt", "--diff", str(path))
    assert "+事实 「证书编号」：个人 文本，释义 “如 ZS-2023-600 或 #A-17”。\n" in out + "\n"
    assert "#A-17\"。" not in out.replace('"如 ZS-2023-600 或 #A-17"。', "")


def test_full_stop_inside_ascii_quotes_does_not_split_the_statement(capsys, tmp_path):
    # With another slip in the file the parser resynchronises statement by statement; a 。 inside
    # "…" must not cut line 2 in two (it used to add two bogus errors on a valid line).
    text = (CLAUSE + '事实 「职业」：个人 文本，释义 "证书所载职业。项目制培训写项目名称"。\n'
            + FACTS + STARTUP.replace(" 且 「正常经营时长」", "，「正常经营时长」"))
    path = write(tmp_path / "a.policy", text)
    code, _, err = cli(capsys, "check", str(path))
    assert code == 1
    assert [x for x in err.splitlines() if "错误[" in x or "警告[" in x] == [
        next(x for x in err.splitlines() if "[E101]" in x)]
    assert at(path, "，「正常经营时长」") in err


@pytest.mark.parametrize("decl", [
    '事实 「称谓」: 个人 文本，释义 "所谓“重点人群”"。',
    '事实 「口径」: 个人 枚举 取值 "“四上”企业"、“其他”。',
])
def test_curly_quotes_inside_ascii_quotes_format_and_round_trip(capsys, tmp_path, decl):
    path = write(tmp_path / "a.policy", CLAUSE + "\n" + decl + "\n")
    code, _, _ = cli(capsys, "fmt", str(path))
    assert code == 0
    once = path.read_text(encoding="utf-8")
    assert "“重点人群”" in once or "“四上”" in once
    assert cli(capsys, "fmt", "--check", str(path))[0] == 0
    assert cli(capsys, "check", str(path))[0] in (0, 1)  # parses (quotes may be unverifiable)


# ── one mistake, one message ──────────────────────────────────────────────────────────────────

LIMIT = ("\n限制 「创业补贴次数」\n    依据「初次创办企业或个体工商户，正常经营 6 个月，可按规定申领 3000 元的一次性创业补贴」\n"
         "    读法 1 次 “示例：每年一次”\n    适用于 「一次性创业补贴」：每人每年 不超过 1 次。\n")


def errors_and_warnings(err: str) -> list[str]:
    return [x for x in err.splitlines() if "错误[" in x or "警告[" in x]


def test_comma_for_and_gives_one_error_at_the_comma(capsys, tmp_path):
    text = CLAUSE + FACTS + STARTUP.replace(" 且 「正常经营时长」", "，「正常经营时长」") + LIMIT
    path = write(tmp_path / "a.policy", text)
    code, _, err = cli(capsys, "check", str(path))
    found = errors_and_warnings(err)
    assert code == 1 and len(found) == 1, err  # no E201 for the limit, no W601 for the facts
    assert_reported(err, at(path, "，「正常经营时长」"), "E101", "「，」", "且")


def test_missing_full_stop_is_one_error_on_its_own_statement(capsys, tmp_path):
    text = CLAUSE + FACTS.replace("布尔。", "布尔") + STARTUP + LIMIT
    path = write(tmp_path / "a.policy", text)
    code, _, err = cli(capsys, "check", str(path))
    found = errors_and_warnings(err)
    assert code == 1 and len(found) == 1, err
    assert_reported(err, at(path, "布尔", shift=1), "E103", "缺少结尾的「。」")
    # the declaration after the slip is still read: the benefit and the limit exist
    loaded = load_policies([path])
    assert list(loaded.program.benefits) == ["一次性创业补贴"] and len(loaded.program.limits) == 1


def test_missing_full_stop_reads_the_same_at_the_end_of_the_file(capsys, tmp_path):
    mid = write(tmp_path / "mid.policy", CLAUSE + FACTS.replace("布尔。", "布尔"))
    end = write(tmp_path / "end.policy", CLAUSE + FACTS.replace("时长(个月)。", "时长(个月)"))
    messages = []
    for path in (mid, end):
        _, _, err = cli(capsys, "check", str(path))
        (line,) = [x for x in errors_and_warnings(err)]
        messages.append(line.split(": ", 1)[1])
    assert messages[0] == messages[1] == "错误[E103]: 声明缺少结尾的「。」"


def test_references_to_a_declaration_lost_to_a_syntax_error_are_not_undefined(capsys, tmp_path):
    # the fact's declaration is broken (no type); the benefit that uses it must not say 「未定义」
    text = CLAUSE + FACTS.replace("：个人 时长(个月)。", "：个人 。") + STARTUP
    path = write(tmp_path / "a.policy", text)
    code, _, err = cli(capsys, "check", str(path))
    assert len(errors_and_warnings(err)) == 1 and "E201" not in err, err


# ── fmt on the file system ────────────────────────────────────────────────────────────────────

MESSY = POLICY.replace("事实 「正常经营时长」：", "事实   「正常经营时长」 :")


def test_fmt_writes_through_a_symbolic_link(capsys, tmp_path):
    (tmp_path / "shared").mkdir()
    (tmp_path / "policies").mkdir()
    real = write(tmp_path / "shared" / "c03.policy", MESSY)
    link = tmp_path / "policies" / "c03.policy"
    link.symlink_to(Path("..") / "shared" / "c03.policy")
    code, _, _ = cli(capsys, "fmt", str(tmp_path / "policies"))
    assert code == 0 and link.is_symlink()
    assert real.read_text(encoding="utf-8") == POLICY
    assert cli(capsys, "fmt", "--check", str(tmp_path / "shared"))[0] == 0


def test_fmt_keeps_a_hard_linked_file_one_file(capsys, tmp_path):
    # a policy hard-linked under two names: formatting one name must format the other too
    a = write(tmp_path / "a.policy", MESSY)
    b = tmp_path / "b.policy"
    os.link(a, b)
    code, _, _ = cli(capsys, "fmt", str(a))
    assert code == 0
    assert os.path.samefile(a, b)
    assert b.read_text(encoding="utf-8") == POLICY


def test_a_write_failure_is_a_diagnostic_and_the_other_files_are_still_formatted(capsys, tmp_path, monkeypatch):
    a = write(tmp_path / "a.policy", MESSY)
    b = write(tmp_path / "b.policy", MESSY)
    real_replace = os.replace

    def refuse_a(src, dst, *args, **kwargs):
        if str(dst).endswith("a.policy"):
            raise PermissionError(13, "Permission denied", str(dst))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", refuse_a)
    code, out, err = cli(capsys, "fmt", str(a), str(b))
    assert code == 2
    assert_reported(err, f"{a}:1:1", "E011", "无法写入", "权限不足")
    assert a.read_text(encoding="utf-8") == MESSY and b.read_text(encoding="utf-8") == POLICY
    assert "✘" in out and not list(tmp_path.glob(".*.tmp"))


def test_a_path_turned_into_a_directory_is_reported_not_a_crash(capsys, tmp_path, monkeypatch):
    import hzdsl.review.fmt as fmt_module

    a = write(tmp_path / "a.policy", MESSY)
    b = write(tmp_path / "b.policy", MESSY)
    original = fmt_module.format_text

    def race(text, path):
        result = original(text, path)
        if path.endswith("a.policy"):
            os.replace(a, tmp_path / "a.moved")
            a.mkdir()
        return result

    monkeypatch.setattr(fmt_module, "format_text", race)
    code, _, err = cli(capsys, "fmt", str(a), str(b))
    assert code == 2 and "[E011]" in err and b.read_text(encoding="utf-8") == POLICY


# ── bounded work ──────────────────────────────────────────────────────────────────────────────

CASE_HEAD = "评估日期: 2023-06-30\n"


@pytest.mark.parametrize("body", ["事实: " + "[" * 1000 + "]" * 1000,
                                  "事实: " + "{a: " * 1000 + "b" + "}" * 1000,
                                  "说明:\n" + "".join("  " * i + "- \n" for i in range(1, 200))])
def test_deep_yaml_is_refused_with_a_position(capsys, tmp_path, body):
    case = write(tmp_path / "case.yaml", CASE_HEAD + body + "\n")
    code, _, err = cli(capsys, "run", str(case))
    assert code == 2 and "[E750]" in err and "嵌套过深" in err


ALIAS_BOMB = ("[&a0 [l,l,l,l,l,l,l,l,l], &a1 [*a0,*a0,*a0,*a0,*a0,*a0,*a0,*a0,*a0],"
              " &a2 [*a1,*a1,*a1,*a1,*a1,*a1,*a1,*a1,*a1], &a3 [*a2,*a2,*a2,*a2,*a2,*a2,*a2,*a2,*a2],"
              " &a4 [*a3,*a3,*a3,*a3,*a3,*a3,*a3,*a3,*a3], &a5 [*a4,*a4,*a4,*a4,*a4,*a4,*a4,*a4,*a4],"
              " &a6 [*a5,*a5,*a5,*a5,*a5,*a5,*a5,*a5,*a5], &a7 [*a6,*a6,*a6,*a6,*a6,*a6,*a6,*a6,*a6]]")


@pytest.mark.parametrize("where", ["标签: {bomb}", "名称: {bomb}", "事实:\n  身份: {bomb}", "历史: {bomb}",
                                   "预期:\n  一次性创业补贴: {{结论: 待定, 待定事实: {bomb}}}"])
def test_alias_bombs_are_refused_anywhere(capsys, tmp_path, where):
    case = write(tmp_path / "case.yaml", CASE_HEAD + where.format(bomb=ALIAS_BOMB) + "\n")
    code, _, err = cli(capsys, "run", str(case))
    assert code == 2 and "[E751]" in err, err


def test_small_aliases_are_still_read(capsys, tmp_path):
    case = write(tmp_path / "case.yaml", CASE_HEAD + "标签: [&t 甲, *t]\n事实:\n  正常经营时长: 8 个月\n")
    code, _, _ = cli(capsys, "run", str(case))
    assert code == 0


def test_a_bad_file_does_not_stop_the_others_in_test(capsys, tmp_path):
    suite = tmp_path / "suite"
    suite.mkdir()
    (suite / "a_good.yaml").write_text((EXAMPLES / "graduate_startup.yaml").read_text(encoding="utf-8"),
                                       encoding="utf-8")
    write(suite / "b_deep.yaml", CASE_HEAD + "事实: " + "[" * 1000 + "]" * 1000 + "\n预期: {}\n")
    write(suite / "c_bomb.yaml", CASE_HEAD + "预期:\n  一次性创业补贴: {结论: 待定, 待定事实: " + ALIAS_BOMB + "}\n")
    with open(suite / "d_big.yaml", "w", encoding="utf-8") as f:  # over the 2 MB limit
        f.write("说明: |\n")
        f.write(("  " + "x" * 1000 + "\n") * 2200)
    code, out, err = cli(capsys, "test", str(suite))
    text = out + err
    assert code != 3 and "1 通过" in text and "3 个文件无法读取" in text, text
    assert "[E750]" in text and "[E751]" in text and "[E003]" in text


def test_reading_a_device_is_bounded(capsys):
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero on this system")
    for verb in ("run", "check"):
        code, _, err = cli(capsys, verb, "/dev/zero")
        # refused before any read as not a regular file (E805); the read itself is bounded too (E003)
        assert code == 2 and "[E805]" in err, err


@pytest.mark.parametrize("value", ["1" * 4301 + " 年", "1" * 31 + " 年"])
def test_long_digit_strings_in_cases_are_refused(capsys, tmp_path, value):
    case = write(tmp_path / "case.yaml", CASE_HEAD + f"事实:\n  毕业时长: {value}\n")
    code, _, err = cli(capsys, "run", str(case))
    assert code == 2
    assert_reported(err, at(case, "111"), "E705", "位数字", "上限 30 位")


def test_long_digit_strings_in_expected_amounts_are_refused(capsys, tmp_path):
    case = write(tmp_path / "case.yaml", CASE_HEAD + "事实:\n  正常经营时长: 8 个月\n预期:\n"
                 f"  一次性创业补贴: {{结论: 符合, 金额: {'9' * 5000} 元}}\n")
    code, out, err = cli(capsys, "test", str(case))
    assert code == 2 and "[E705]" in out + err and "上限 30 位" in out + err


def test_long_number_literals_in_policies_are_refused_quickly(capsys, tmp_path):
    path = write(tmp_path / "a.policy", CLAUSE + FACTS + STARTUP.replace("则 3000 元", "则 " + "3" * 200_000 + " 元"))
    code, _, err = cli(capsys, "check", str(path))
    assert code == 1
    assert_reported(err, at(path, "333"), "E104", "数字过长", "上限 30 位")


def test_a_thirty_digit_amount_is_still_exact():
    # at the limit the arithmetic is exact and rounds to 分 四舍五入 once (no 28-digit context)
    assert str(to_decimal(Fraction(10**26) + Fraction(1, 3), 2)) == "100000000000000000000000000.33"
    assert str(to_decimal(Fraction(10**29 * 1000 + 5, 1000), 2)) == "100000000000000000000000000000.01"
    # just below a half 分, with more digits than the old context kept: rounds down
    below_half = Fraction(5 * 10**40 - 1, 10**43)
    assert str(to_decimal(below_half, 2)) == "0.00"
    assert str(to_decimal(-Fraction(1, 200), 2)) == "-0.01"


def test_huge_case_amount_runs(capsys, tmp_path):
    case = write(tmp_path / "case.yaml", CASE_HEAD + "事实:\n  正常经营时长: 8 个月\n历史:\n"
                 f"  - {{待遇: 一次性创业补贴, 日期: 2022-01-01, 金额: 1{'0' * 26} 元}}\n")
    code, _, _ = cli(capsys, "run", str(case))
    assert code == 0


def chain_policy(links: int) -> str:
    terms = ["术语 「T0」 依据「初次创办企业或个体工商户，正常经营 6 个月」 指 「正常经营时长」 满 6 个月。"]
    terms += [f"术语 「T{i}」 依据「初次创办企业或个体工商户，正常经营 6 个月」 指 「T{i - 1}」 且 「正常经营时长」 满 6 个月。"
              for i in range(1, links)]
    return (CLAUSE + "事实 「正常经营时长」：个人 时长(个月)。\n" + "\n".join(terms) + "\n"
            + STARTUP.replace("「初次创办企业或个体工商户」 且 「正常经营时长」 满 6 个月", f"「T{links - 1}」"))


def test_a_term_chain_too_deep_to_evaluate_is_a_check_error(capsys, tmp_path):
    path = write(tmp_path / "a.policy", chain_policy(200))
    code, _, err = cli(capsys, "check", str(path))
    assert code == 1 and len(errors_and_warnings(err)) == 1, err
    assert_reported(err, at(path, "「T100」", nth=0), "E105", "超过上限 200 层")
    case = write(tmp_path / "case.yaml", CASE_HEAD + "事实:\n  正常经营时长: 8 个月\n")
    assert cli(capsys, "run", "-p", str(path), str(case))[0] == 2


def test_a_term_chain_within_the_limit_runs(capsys, tmp_path):
    path = write(tmp_path / "a.policy", chain_policy(90))
    case = write(tmp_path / "case.yaml", CASE_HEAD + "事实:\n  正常经营时长: 8 个月\n")
    code, out, _ = cli(capsys, "run", "-p", str(path), "--json", str(case))
    assert code == 0 and "符合" in out


def test_many_diagnostics_are_counted_beyond_the_first_hundred(capsys, tmp_path):
    path = write(tmp_path / "a.policy", CLAUSE + "事实 。\n" * 300)
    code, _, err = cli(capsys, "check", str(path))
    assert code == 1
    assert err.count("[E101]") + err.count("[E103]") == 100
    assert "还有 200 条诊断未显示（共 300 条）" in err
    code, out, _ = cli(capsys, "check", "--json", str(path))
    assert len(json.loads(out)["diagnostics"]) == 300


# ── crashes in messages and reports ──────────────────────────────────────────────────────────


@pytest.mark.parametrize("body", ["事实: {身份]}", "事实: {身份: [高校毕业生], 毕业时长: 3 年\n预期: {}"])
def test_yaml_errors_about_braces_are_told_in_chinese(capsys, tmp_path, body):
    case = write(tmp_path / "case.yaml", CASE_HEAD + body + "\n")
    code, _, err = cli(capsys, "run", str(case))
    assert code == 2 and "[E700]" in err and "「}」" in err


def test_every_yaml_message_template_formats():
    for _, template, _ in _PROBLEMS:
        template.format(*["「x」"] * template.count("{0}"))


def test_official_text_not_in_utf8_is_an_input_error(capsys, tmp_path):
    folder = tmp_path / "policies"
    folder.mkdir()
    write(folder / "a.policy", POLICY)
    official = (REPO / "policies" / "official.txt").read_text(encoding="utf-8")
    (folder / "official.txt").write_bytes(official.encode("gb18030"))
    for argv in (["check", str(folder)], ["diff", str(folder), str(folder), "--no-impact"]):
        code, _, err = cli(capsys, *argv)
        assert code == 2 and "[E002]" in err and "official.txt" in err, err


@pytest.mark.parametrize("name", ["控制字符\\x01\\x1b[31m案例", "换页\\f与退格\\b"])
def test_junit_report_parses_whatever_the_case_name(capsys, tmp_path, name):
    """A 名称 holding a control character is refused (E719 since breaker s22: it would reach the terminal
    as a command); the report still parses and names the case file's case as an error."""
    text = (EXAMPLES / "graduate_startup.yaml").read_text(encoding="utf-8")
    text = text.replace(text.splitlines()[0], f'名称: "{name}"')
    case = write(tmp_path / "case.yaml", text)
    report = tmp_path / "out.xml"
    code, out, err = cli(capsys, "test", str(case), "--junit", str(report))
    assert code == 2 and "E719" in out + err
    root = ET.parse(report).getroot()
    (testcase,) = root.iter("testcase")
    assert [c.tag for c in testcase] == ["error"] and "E719" in testcase[0].text


def test_a_lone_surrogate_in_a_case_is_refused_where_it_is_written(capsys, tmp_path):
    case = write(tmp_path / "case.yaml", CASE_HEAD + '名称: "代理\\ud800字符"\n事实:\n  正常经营时长: 8 个月\n')
    code, out, err = cli(capsys, "test", str(case))
    assert code == 2 and "[E752]" in out + err


# ── fmt keeps each comment where it was written ───────────────────────────────────────────────


def fmt(text: str) -> str:
    from hzdsl.review.fmt import format_text

    out, diags = format_text(text, "t.policy")
    assert not diags, diags
    return out


def test_a_reading_before_an_operand_stays_before_that_operand():
    text = (CLAUSE + FACTS + "事实 「重点人群」：个人 布尔。\n\n待遇 「一次性创业补贴」(补贴)\n"
            "    依据「初次创办企业或个体工商户，正常经营 6 个月，可按规定申领 3000 元的一次性创业补贴」\n"
            "    若 「重点人群」\n        # 读法：“正常经营 6 个月”含满 6 个月当月。\n"
            "        且 「正常经营时长」 满 6 个月\n    则 3000 元，一次性。\n")
    out = fmt(text)
    lines = out.splitlines()
    i = lines.index("        # 读法：“正常经营 6 个月”含满 6 个月当月。")
    assert lines[i - 1].strip() == "若 「重点人群」" and lines[i + 1].strip() == "且 「正常经营时长」 满 6 个月"
    assert fmt(out) == out


def test_a_reading_before_an_exclusion_stays_before_it():
    # another instance: an own-line comment before a 「… 除外」 exclusion
    text = (CLAUSE + FACTS + STARTUP.replace("满 6 个月\n", "满 6 个月，\n        # 读法：已领过的不再发。\n"
                                             "        「初次创办企业或个体工商户」 除外\n"))
    out = fmt(text)
    lines = [x.strip() for x in out.splitlines()]
    i = lines.index("# 读法：已领过的不再发。")
    assert lines[i + 1] == "「初次创办企业或个体工商户」 除外" and fmt(out) == out


@pytest.mark.parametrize("doc", ["灵活就业人员人数", "本次申领中，经本机构推荐就业等服务、在我市企业实现稳定就业并依法连续缴纳"
                                 "社会保险费 3 个月以上的灵活就业人员人数"])
def test_comments_inside_a_declaration_do_not_swap(doc):
    text = (CLAUSE + "事实 「帮助灵活就业人员稳定就业人数」：机构 计数(人)，\n# 甲\n"
            f"    释义 “{doc}”。  # 乙\n")
    out = fmt(text)
    lines = out.splitlines()
    i = next(k for k, x in enumerate(lines) if x.strip() == "# 甲")
    assert lines[i + 1].strip().startswith("释义") and lines[i + 1].endswith("。  # 乙"), out
    assert fmt(out) == out


def _next_code_line(lines: list[str], i: int) -> str | None:
    for x in lines[i + 1:]:
        if x.strip() and not x.strip().startswith("#"):
            return x.strip()
    return None


def _comment_contexts(text: str) -> dict[str, str | None]:
    lines = text.splitlines()
    return {x.strip(): _next_code_line(lines, i) for i, x in enumerate(lines) if x.strip().startswith("#")}


from hypothesis import given, settings, strategies as hst  # noqa: E402

from .test_fmt import HAN, modules  # noqa: E402


@settings(max_examples=150, deadline=None)
@given(modules, hst.lists(hst.tuples(hst.integers(0, 10_000), hst.text(alphabet=HAN, max_size=6)), max_size=5))
def test_own_line_comments_stay_before_the_code_that_followed_them(module, inserts):
    from hzdsl.review.fmt import format_module

    lines = format_module(module).splitlines()
    for i, (at, body) in enumerate(inserts):
        k = at % len(lines)
        indent = lines[k][: len(lines[k]) - len(lines[k].lstrip())]
        lines.insert(k, f"{indent}# 注{i}{body}")
    text = "\n".join(lines) + "\n"
    out = fmt(text)
    assert _comment_contexts(out) == _comment_contexts(text), out
    assert fmt(out) == out


@pytest.mark.parametrize("separator", ["\r", "\u2028", "\x85"])
def test_case_files_count_lines_like_policies(capsys, tmp_path, separator):
    # PyYAML breaks lines at \x85, U+2028, U+2029 too; with line ends unified on read, the line
    # in a case-file diagnostic is the one shown under it, whatever line ends the file has
    text = CASE_HEAD + "# 备注\n事实:\n  正常经营时长: 八个月\n"
    case = write(tmp_path / "case.yaml", text, separator)
    code, _, err = cli(capsys, "run", str(case))
    assert code == 2
    head = next(x for x in err.splitlines() if "[E705]" in x)
    assert head.startswith(f"{case}:4:")
    assert "正常经营时长: 八个月" in err.splitlines()[err.splitlines().index(head) + 1]


def test_a_read_only_policy_is_left_alone_with_a_message(capsys, tmp_path, monkeypatch):
    a = write(tmp_path / "a.policy", MESSY)
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if str(p).endswith("a.policy") and mode == os.W_OK
                        else real_access(p, mode, **kw))  # as if mode 0444 for a non-root user
    code, _, err = cli(capsys, "fmt", str(a))
    assert code == 2 and "[E011]" in err and "只读" in err
    assert a.read_text(encoding="utf-8") == MESSY


def test_a_file_named_twice_is_read_and_counted_once(capsys, tmp_path, monkeypatch):
    # breaker s22: `hzdsl check policies ./policies` said 「50 个文件」 for 25, and `hzdsl fmt --check a a ./a` listed
    # 「需要排版：a」 three times — one file, whichever way its path is written
    import shutil

    from .conftest import POLICIES
    shutil.copytree(POLICIES, tmp_path / "policies")
    monkeypatch.chdir(tmp_path)
    n = len(list((tmp_path / "policies").glob("*.policy")))
    code, out, _ = cli(capsys, "check", "policies", "./policies", "policies/c03.policy")
    assert code == 0 and f"✔ {n} 个文件，" in out
    path = tmp_path / "policies" / "c03.policy"
    path.write_text(path.read_text(encoding="utf-8").replace("\n    若", "\n      若"), encoding="utf-8")
    code, out, _ = cli(capsys, "fmt", "--check", "policies/c03.policy", "policies/c03.policy", "./policies/c03.policy")
    assert code == 1 and out.count("需要排版：") == 1 and "1 个文件，1 个需要排版" in out
