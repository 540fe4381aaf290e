"""Bad input of every kind gets a Chinese message at file:line:col, a hint, a code, a non-zero exit.

Every test goes through `hzdsl.cli.main`, as a drafter would. Expected positions are found by
searching the fixture text for the offending words, so a test states *where* the fault is, not
what the tool happened to print. Exit codes: 1 for check findings, 2 for input errors.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from hzdsl import __version__
from hzdsl.cases.load import load_cases
from hzdsl.cli import main
from hzdsl.engine import run_case

from hzdsl.loader import load_policies
from hzdsl.runtime.values import HISTORY, Key, KeyKind

from .conftest import REPO

BAD = Path(__file__).resolve().parent / "fixtures" / "bad"

# Case files are checked against the fact declarations and clauses 三 and 四 only, so that these
# tests do not depend on every other clause being correct at every moment.
CORE_POLICIES = ["-p", str(REPO / "policies" / "facts.policy"),
                 "-p", str(REPO / "policies" / "c03.policy"),
                 "-p", str(REPO / "policies" / "c04.policy")]


@pytest.fixture(scope="module")
def core_program():
    loaded = load_policies([CORE_POLICIES[i] for i in (1, 3, 5)])
    assert not loaded.errors, [str(d) for d in loaded.errors]
    return loaded.program


def facts(*names: str) -> frozenset:
    """The keys of facts not given, by name."""
    return frozenset(Key(KeyKind.FACT, name) for name in names)


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert "内部错误" not in out + err
    return code, out, err


def at(path: Path, marker: str, shift: int = 0, nth: int = 0) -> str:
    """`path:line:col` of the nth occurrence of `marker` outside `#` comment lines, moved right by `shift`."""
    text = path.read_text(encoding="utf-8")
    pos, found = -1, -1
    while found < nth:
        pos = text.index(marker, pos + 1)
        line_start = text.rfind("\n", 0, pos) + 1
        if not text[line_start:pos].lstrip().startswith("#"):
            found += 1
    pos += shift
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return f"{path}:{line}:{col}"


def diagnostic_block(err: str, location: str) -> str:
    """The lines of the diagnostic reported at `location` (its head, source line, caret and hint)."""
    lines = err.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(location + ":"))
    block = [lines[start]]
    for line in lines[start + 1:]:
        if line.startswith(("/", "✘")) or ": 错误[" in line or ": 警告[" in line:
            break
        block.append(line)
    return "\n".join(block)


def assert_reported(err: str, location: str, code: str, *words: str) -> str:
    assert location + ":" in err, f"没有在 {location} 报告：\n{err}"
    block = diagnostic_block(err, location)
    assert f"[{code}]" in block, block
    assert "提示：" in block, block
    for w in words:
        assert w in block, f"缺少「{w}」：\n{block}"
    return block


# ── .policy files (hzdsl check → exit 1) ─────────────────────────────────────────────────


def check(capsys, name: str) -> tuple[Path, str]:
    path = BAD / name
    code, out, err = cli(capsys, "check", str(path))
    assert code == 1, (code, err)
    assert "✘" in out
    return path, err


def test_syntax_error(capsys):
    path, err = check(capsys, "syntax_error.policy")
    # the second 则 of "则 则 3000 元" is the token that cannot stand there
    assert_reported(err, at(path, "则 则", shift=2), "E101", "语法错误", "「则」")


def test_unclosed_bracket_before_next_bracket(capsys):
    path, err = check(capsys, "unclosed_bracket.policy")
    block = assert_reported(err, at(path, "「一次性创业补贴(补贴)"), "E103", "「 没有闭合", "」")
    assert "无法识别" not in block


def test_unclosed_bracket_at_end_of_file(capsys):
    path, err = check(capsys, "unclosed_at_end.policy")
    assert_reported(err, at(path, "「正常经营时长 满"), "E103", "「 没有闭合", "补上 」")


def test_unknown_name_with_and_without_near_miss(capsys):
    path, err = check(capsys, "unknown_name.policy")
    near = assert_reported(err, at(path, "「正常经营时常」"), "E201", "未定义的名称「正常经营时常」",
                           "你是不是想写", "「正常经营时长」")
    assert near
    far = assert_reported(err, at(path, "「月亮的背面」"), "E201", "未定义的名称「月亮的背面」")
    assert "你是不是想写" not in far


def test_unit_mismatch_add_money_and_days(capsys):
    path, err = check(capsys, "unit_mismatch.policy")
    assert_reported(err, at(path, "「场地租金」 + 3 天"), "E302", "单位不一致", "元 + 天")


def test_unit_mismatch_compare_money_with_months(capsys):
    path, err = check(capsys, "unit_mismatch.policy")
    assert_reported(err, at(path, "「场地租金」 满 6 个月"), "E302", "元 与 月")


def test_misquote_points_at_the_changed_character(capsys):
    path, err = check(capsys, "misquote.policy")
    # 休 stands where the official text has 体: the error is at that character's column
    block = assert_reported(err, at(path, "休工商户"), "E401", "与原文不符", "休工商户", "体工商户")
    # 初次创办企业或个 (8 characters) match the source; 休 is the 9th character of the quote
    assert "自第 9 个字起" in block


def test_several_errors_in_one_policy_are_all_reported(capsys):
    path, err = check(capsys, "several_errors.policy")
    assert_reported(err, at(path, "若 3000", shift=0), "E101")
    assert_reported(err, at(path, "「正常经营时常」"), "E201", "你是不是想写")
    assert_reported(err, at(path, "「场地租金」 满 12 个月"), "E302")
    assert_reported(err, at(path, "补帖", shift=1), "E401")
    assert_reported(err, at(path, "「场地租金」 + 3 天"), "E302")
    assert err.count("错误[") == 5


def test_check_json_lists_positions(capsys):
    path = BAD / "misquote.policy"
    code, out, _ = cli(capsys, "check", "--json", str(path))
    assert code == 1
    data = json.loads(out)
    assert data["ok"] is False
    [d] = [d for d in data["diagnostics"] if d["code"] == "E401"]
    assert f'{d["file"]}:{d["line"]}:{d["col"]}' == at(path, "休工商户")


# ── case files (hzdsl run → exit 2) ──────────────────────────────────────────────────────


def run_bad(capsys, name: str) -> tuple[Path, str]:
    path = BAD / name
    code, out, err = cli(capsys, "run", str(path), *CORE_POLICIES)
    assert code == 2, (code, out, err)
    assert out == ""  # no table for a case that could not be read
    return path, err


def test_case_unknown_fact_did_you_mean(capsys):
    path, err = run_bad(capsys, "unknown_fact.yaml")
    assert_reported(err, at(path, "正常经营时常"), "E708", "未声明的事实「正常经营时常」",
                    "你是不是想写", "「正常经营时长」")


def test_case_wrong_unit(capsys):
    path, err = run_bad(capsys, "wrong_unit.yaml")
    assert_reported(err, at(path, "6 平方米"), "E706", "「正常经营时长」", "平方米")


def test_case_missing_unit(capsys):
    path, err = run_bad(capsys, "missing_unit.yaml")
    assert_reported(err, at(path, ": 6\n", shift=2), "E706", "缺少单位", "6 个月")


def test_case_enum_value_not_allowed(capsys):
    path, err = run_bad(capsys, "bad_enum.yaml")
    assert_reported(err, at(path, "餐饮"), "E707", "没有“餐饮”这个取值", "“养老”")
    assert_reported(err, at(path, "高校毕业省"), "E707", "你是不是想写", "「高校毕业生」")


def test_case_yaml_unclosed_list_in_chinese(capsys):
    path, err = run_bad(capsys, "unclosed_list.yaml")
    # PyYAML stops at the colon of the next line; the message also names the unclosed 「[」
    open_at = at(path, "[高校毕业生")
    line, col = open_at.rsplit(":", 2)[1:]
    block = assert_reported(err, at(path, ": 3 年"), "E700", "YAML 格式错误", "「]」",
                            f"第 {line} 行第 {col} 列「[」开始的列表")
    assert "expected" not in block


def test_case_yaml_colon_in_value_in_chinese(capsys):
    path, err = run_bad(capsys, "colon_in_value.yaml")
    block = assert_reported(err, at(path, ": 是"), "E700", "YAML 格式错误", "冒号", "加引号")
    assert "mapping values" not in block


def test_case_yaml_unclosed_quote_points_at_opening_quote(capsys, tmp_path):
    path = tmp_path / "quote.yaml"
    path.write_text('评估日期: 2023-06-30\n事实:\n  身份: "高校毕业生\n  毕业时长: 3 年\n', encoding="utf-8")
    code, _, err = cli(capsys, "run", str(path), *CORE_POLICIES)
    assert code == 2
    block = assert_reported(err, at(path, '"高校'), "E700", "引号没有闭合")
    assert "end of stream" not in block


def test_case_yaml_tab_indentation(capsys, tmp_path):
    path = tmp_path / "tab.yaml"
    path.write_text("评估日期: 2023-06-30\n事实:\n\t毕业时长: 3 年\n", encoding="utf-8")
    code, _, err = cli(capsys, "run", str(path), *CORE_POLICIES)
    assert code == 2
    assert_reported(err, at(path, "\t"), "E700", "Tab")


def test_case_without_date(capsys):
    path, err = run_bad(capsys, "no_date.yaml")
    assert_reported(err, at(path, "事实:"), "E703", "缺少「评估日期」", "评估日期: 2023-06-30")


def test_case_unknown_benefit_in_expected_and_history(capsys):
    path, err = run_bad(capsys, "unknown_benefit.yaml")
    assert_reported(err, at(path, "一次性创业补帖"), "E713", "预期中的待遇「一次性创业补帖」未定义",
                    "你是不是想写", "「一次性创业补贴」")
    assert_reported(err, at(path, "个人创业担保贷歀"), "E713", "历史记录中的待遇", "「个人创业担保贷款」")


def test_case_expected_amount_in_a_unit_the_benefit_is_not_paid_in(capsys, tmp_path):
    # 一次性创业补贴 pays 3000 元 (条款三 “可按规定申领 3000 元的一次性创业补贴”): an expectation written in 个月
    # is a unit error of the case file (E706, naming the benefit's unit), not an amount compared with 3000 元
    path = tmp_path / "unit.yaml"
    path.write_text("评估日期: 2023-06-30\n事实: {正常经营时长: 6 个月}\n"
                    "预期:\n  一次性创业补贴:\n    金额: 3000 个月\n", encoding="utf-8")
    code, out, err = cli(capsys, "run", str(path), *CORE_POLICIES)
    assert code == 2, (code, out, err)
    assert_reported(err, at(path, "3000 个月"), "E706", "「一次性创业补贴」", "元", "个月", "3000 元")


def test_case_expected_amount_in_a_convertible_unit_is_accepted(capsys, tmp_path):
    # 0.3 万元 is 3000 元: same dimension as the benefit's payout, so the expectation is read (and holds)
    path = tmp_path / "wan.yaml"
    path.write_text("评估日期: 2023-06-30\n事实: {身份: [高校毕业生], 毕业时长: 1 年, 初次创办企业或个体工商户: 是, "
                    "正常经营时长: 6 个月}\n历史: []\n预期:\n  一次性创业补贴:\n    金额: 0.3 万元\n", encoding="utf-8")
    code, out, err = cli(capsys, "test", str(path), *CORE_POLICIES)
    assert code == 0, (code, out, err)


def test_several_errors_in_one_case_are_all_reported(capsys):
    path, err = run_bad(capsys, "several_errors.yaml")
    assert_reported(err, at(path, "3 天"), "E706")
    assert_reported(err, at(path, "正常经营时常"), "E708", "你是不是想写")
    assert_reported(err, at(path, "餐饮"), "E707")
    assert_reported(err, at(path, "也许"), "E705", "是/否")
    assert "✘ 4 个错误" in err


def test_missing_case_file(capsys, tmp_path):
    path = tmp_path / "没有这个案例.yaml"
    code, _, err = cli(capsys, "run", str(path), *CORE_POLICIES)
    assert code == 2
    assert_reported(err, f"{path}:1:1", "E001", "找不到案例文件")


# ── policy paths ──


def test_missing_policy_file(capsys, tmp_path):
    path = tmp_path / "没有这个.policy"
    code, _, err = cli(capsys, "check", str(path))
    assert code == 2
    assert_reported(err, f"{path}:1:1", "E001", "找不到政策文件")


def test_missing_policy_directory(capsys, tmp_path):
    path = tmp_path / "没有这个目录"
    code, _, err = cli(capsys, "check", str(path))
    assert code == 2
    assert_reported(err, f"{path}:1:1", "E001", "找不到文件或目录")


def test_run_with_missing_policies_option(capsys, tmp_path):
    code, _, err = cli(capsys, "run", str(REPO / "examples" / "graduate_startup.yaml"), "-p", str(tmp_path / "无"))
    assert code == 2
    assert_reported(err, f"{tmp_path / '无'}:1:1", "E001")


# ── files that are not text: binary, huge, not UTF-8 (generated, not kept in git) ──


def binary(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")
    return path


def huge(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    line = "# " + "填充" * 49 + "\n"  # 101 characters, 201 bytes in UTF-8
    path.write_text(line * 11_000, encoding="utf-8")  # 2.2 MB > the 2 MB limit
    assert path.stat().st_size > 2 * 1024 * 1024
    return path


def gbk(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("gbk"))
    return path


def test_binary_case(capsys, tmp_path):
    path = binary(tmp_path, "photo.yaml")
    code, _, err = cli(capsys, "run", str(path), *CORE_POLICIES)
    assert code == 2
    block = assert_reported(err, f"{path}:1:1", "E002", "二进制文件")
    assert "PNG" not in block  # the bytes of a refused file are not echoed


def test_binary_policy(capsys, tmp_path):
    path = binary(tmp_path, "photo.policy")
    code, _, err = cli(capsys, "check", str(path))
    assert code == 2
    assert_reported(err, f"{path}:1:1", "E002", "二进制文件")


def test_huge_case(capsys, tmp_path):
    path = huge(tmp_path, "huge.yaml")
    code, _, err = cli(capsys, "run", str(path), *CORE_POLICIES)
    assert code == 2
    block = assert_reported(err, f"{path}:1:1", "E003", "过大", "上限 2048 KB")
    assert "填充填充" not in block


def test_huge_policy(capsys, tmp_path):
    path = huge(tmp_path, "huge.policy")
    code, _, err = cli(capsys, "check", str(path))
    assert code == 2
    assert_reported(err, f"{path}:1:1", "E003", "过大")


def test_non_utf8_case_points_at_the_first_bad_character(capsys, tmp_path):
    path = gbk(tmp_path, "gbk.yaml", "评估日期: 2023-06-30\n事实:\n  正常经营时长: 8 个月\n")
    code, _, err = cli(capsys, "run", str(path), *CORE_POLICIES)
    assert code == 2
    # GBK bytes are not UTF-8 from the very first character (评)
    assert_reported(err, f"{path}:1:1", "E002", "不是 UTF-8 编码", "另存为 UTF-8")


def test_non_utf8_policy_column_of_bad_byte(capsys, tmp_path):
    path = tmp_path / "mixed.policy"
    # line 2 starts with 6 ASCII/UTF-8 characters, then a GBK-encoded 中: column 7
    path.write_bytes("条款 三 「加大创业资金扶持力度」。\n".encode() + b"# abcd" + "中".encode("gbk") + b"\n")
    code, _, err = cli(capsys, "check", str(path))
    assert code == 2
    assert_reported(err, f"{path}:2:7", "E002", "不是 UTF-8 编码")


# ── the command line itself ──────────────────────────────────────────────────────────────


def test_no_arguments(capsys):
    code, out, err = cli(capsys, )
    assert code == 2
    assert "用法：hzdsl" in out
    for verb in ("check", "run", "schema"):
        assert verb in out
    assert "用法错误：缺少命令" in err and "提示：" in err
    assert "usage:" not in out and "show this help" not in out


def test_unknown_verb_near_miss(capsys):
    code, _, err = cli(capsys, "chek")
    assert code == 2
    assert "无效的命令「chek」" in err
    assert "你是不是想写：check" in err
    assert "invalid choice" not in err and "choose from" not in err


def test_unknown_verb_far(capsys):
    code, _, err = cli(capsys, "frobnicate")
    assert code == 2
    assert "无效的命令「frobnicate」" in err and "提示：" in err
    assert "你是不是想写" not in err


def test_missing_argument(capsys):
    code, _, err = cli(capsys, "run")
    assert code == 2
    assert "缺少参数" in err and "提示：" in err


def test_version(capsys):
    code, out, err = cli(capsys, "--version")
    assert code == 0
    assert out.strip() == f"hzdsl {__version__}"
    assert err == ""


# ── a fact not given: 待定, listing exactly the facts that would decide ──────────────────


MISSING_ONE = """\
评估日期: 2023-06-30
事实:
  身份: [在校大学生]
  初次创办企业或个体工商户: 是
历史: []
"""

MISSING_ALL = """\
评估日期: 2023-06-30
事实: {}
"""


def test_fact_not_given_is_pending_via_engine(core_program, tmp_path):
    path = tmp_path / "missing.yaml"
    path.write_text(MISSING_ONE, encoding="utf-8")
    [case] = load_cases(path, core_program)
    by_name = {d.rule.name: d for d in run_case(core_program, case).decisions}
    # 在校大学生 is 重点人群 whatever 毕业时长 is, so only 正常经营时长 is still open
    d = by_name["一次性创业补贴"]
    assert d.status == "待定"
    assert d.missing.missing == facts("正常经营时长")
    d = by_name["一次性创业社保补贴"]
    assert d.status == "待定"
    assert d.missing.missing == facts("创业后依法缴纳社会保险费时长")


def test_nothing_given_lists_every_deciding_fact(core_program, tmp_path):
    path = tmp_path / "empty.yaml"
    path.write_text(MISSING_ALL, encoding="utf-8")
    [case] = load_cases(path, core_program)
    d = next(d for d in run_case(core_program, case).decisions if d.rule.name == "一次性创业补贴")
    # 重点人群 needs 身份, and for its members 毕业 5 年以内 / 登记失业半年以上 also 毕业时长 and 登记失业时长;
    # the benefit itself needs 初次创办企业或个体工商户 and 正常经营时长, and its 累计不超过 1 次 limit the
    # claim history (no 历史 given). Nothing else.
    assert d.status == "待定"
    assert d.missing.missing == facts("身份", "毕业时长", "登记失业时长", "初次创办企业或个体工商户", "正常经营时长") | {HISTORY}


def test_fact_not_given_is_pending_via_cli_json(capsys, tmp_path):
    path = tmp_path / "missing.yaml"
    path.write_text(MISSING_ONE, encoding="utf-8")
    code, out, _ = cli(capsys, "run", str(path), "--json", *CORE_POLICIES)
    assert code == 0
    by_name = {d["待遇"]: d for d in json.loads(out)["待遇"]}
    assert by_name["一次性创业补贴"]["结论"] == "待定"
    assert by_name["一次性创业补贴"]["待定事实"] == ["正常经营时长"]
    # the amount does not depend on the missing fact: 3000 元 as written in the clause
    assert by_name["一次性创业补贴"]["金额"]["值"] == "3000"


def test_case_duplicate_section_is_reported_not_silently_merged(capsys, tmp_path):
    # YAML would keep only the second 事实 block and drop 身份 without a word
    path = tmp_path / "dup.yaml"
    path.write_text("评估日期: 2023-06-30\n事实:\n  身份: [高校毕业生]\n事实:\n  毕业时长: 3 年\n", encoding="utf-8")
    code, _, err = cli(capsys, "run", str(path), *CORE_POLICIES)
    assert code == 2
    assert_reported(err, f"{path}:4:1", "E709", "「事实」重复出现")


def test_case_non_boolean_answer_has_a_hint(capsys, tmp_path):
    path = tmp_path / "bool.yaml"
    path.write_text("评估日期: 2023-06-30\n事实:\n  初次创办企业或个体工商户: 大概\n", encoding="utf-8")
    code, _, err = cli(capsys, "run", str(path), *CORE_POLICIES)
    assert code == 2
    assert_reported(err, at(path, "大概"), "E705", "是/否", "写 是 或 否")


def test_case_negative_duration(capsys, tmp_path):
    path = tmp_path / "neg.yaml"
    path.write_text("评估日期: 2023-06-30\n事实:\n  毕业时长: -3 年\n", encoding="utf-8")
    code, _, err = cli(capsys, "run", str(path), *CORE_POLICIES)
    assert code == 2
    assert_reported(err, at(path, "-3 年"), "E731", "负数")


def test_case_history_benefit_not_a_single_value_reported_once(capsys, tmp_path):
    path = tmp_path / "hist.yaml"
    path.write_text("评估日期: 2023-06-30\n历史:\n  - {待遇: [甲], 日期: 2023-01-01}\n", encoding="utf-8")
    code, _, err = cli(capsys, "run", str(path), *CORE_POLICIES)
    assert code == 2
    assert_reported(err, at(path, "[甲]"), "E701", "应是单个值")
    assert "None" not in err and "✘ 1 个错误" in err


# ── inputs too deep for a recursive walk: refused with a message, never a crash ──


def long_sum_policy(path: Path, terms: int) -> Path:
    path.write_text("条款 三 「加大创业资金扶持力度」。\n事实 「甲」：个人 金额。\n"
                    "待遇 「乙」(补贴) 依据「初次创办企业或个体工商户」\n    则 "
                    + " + ".join(["「甲」"] * terms) + "。\n", encoding="utf-8")
    return path


def test_too_deep_expression_is_refused_at_its_statement(capsys, tmp_path):
    path = long_sum_policy(tmp_path / "deep.policy", 2000)
    code, _, err = cli(capsys, "check", str(path))
    assert code == 2
    assert_reported(err, at(path, "待遇"), "E020", "嵌套过深", "术语")  # E003 now means only "file too large"


def test_long_but_reasonable_expression_still_evaluates(capsys, tmp_path):
    # 150 terms of 1 元 each: far longer than any clause, still well inside the limit
    policy = long_sum_policy(tmp_path / "long.policy", 150)
    case = tmp_path / "case.yaml"
    case.write_text("评估日期: 2023-06-30\n事实:\n  甲: 1 元\n", encoding="utf-8")
    code, out, _ = cli(capsys, "run", str(case), "-p", str(policy), "--json", "--explain")
    assert code == 0
    assert json.loads(out)["待遇"][0]["金额"]["值"] == "150"


def test_misspelt_claimant_in_history_is_refused(tmp_path, capsys):
    """申领人: 用人单位 would never match 「已由 单位 享受的」; it must be an error, not a silent 符合."""
    case = tmp_path / "claimant.yaml"
    case.write_text("评估日期: 2023-06-30\n事实: {}\n历史:\n"
                    "  - {待遇: 一次性创业补贴, 日期: 2022-01-01, 申领人: 用人单位}\n", encoding="utf-8")
    code = main(["run", str(case)])
    err = capsys.readouterr().err
    assert code == 2
    assert "E716" in err and f"{case}:4:" in err and "提示" in err


def test_enum_values_in_cases_are_width_normalised_like_the_policy(tmp_path):
    """A 取值 written with full-width （） in the policy matches the same value typed with （） or () in a case."""
    policy = tmp_path / "p.policy"
    policy.write_text("条款 二十 「加强组织领导」。\n"
                      "事实 「社区级别」：社区 枚举 取值 “区、县（市）级”、“市级”。\n"
                      "待遇 「奖补」 依据「对市级高质量就业社区（村），市财政给予 2 万元/个的一次性奖补」"
                      " 若 「社区级别」 是 “市级” 则 2 万元。\n", encoding="utf-8")
    program = load_policies([policy]).program
    for written in ("区、县（市）级", "区、县(市)级"):
        case = tmp_path / "c.yaml"
        case.write_text(f"评估日期: 2023-01-01\n事实: {{社区级别: {written}}}\n", encoding="utf-8")
        (loaded_case,) = load_cases(case, program)
        decision = run_case(program, loaded_case).decisions[0]
        assert decision.status == "不符合"


@pytest.mark.parametrize("quote, said, not_said", [
    # 「不」 occurs all over the text: the quote was placed at one of them and compared with 「断扩大…」 (breaker)
    ("不存在的原文", "引文在原文中找不到", "个字起"),
    # a typo in the second character: placed by the quote's end, the official word is 「次」 of 「初次创办」
    ("初欠创办企业或个体工商户，正常经营 6 个月", "引文第 2 个字与原文不符：此处写的是「欠」，原文（第 10 行）是「次」", "个字起"),
])
def test_a_misquote_is_not_placed_by_a_word_found_anywhere(tmp_path, capsys, quote, said, not_said):
    import shutil

    from hzdsl.cli import main as cli_main

    from .conftest import POLICIES

    folder = tmp_path / "p"
    shutil.copytree(POLICIES, folder)
    p = folder / "c03.policy"
    text = p.read_text(encoding="utf-8")
    old = "「初次创办企业或个体工商户，正常经营 6 个月，可按规定申领 3000 元的一次性创业补贴」"
    assert old in text
    p.write_text(text.replace(old, f"「{quote}」", 1), encoding="utf-8")
    assert cli_main(["check", str(p)]) == 1
    err = capsys.readouterr().err
    assert "E401" in err and said in err and not_said not in err, err


@pytest.mark.parametrize("content", ["", "\n\n  \n"])
def test_an_empty_official_text_is_said_once_not_as_every_quote_missing(tmp_path, capsys, content):
    # breaker s22: an emptied official.txt gave one E401 「引文在原文中找不到」 per quote (19 for clause 三 and the
    # facts) and no word about the text itself
    for name in ("c03.policy", "facts.policy"):
        (tmp_path / name).write_text((REPO / "policies" / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "official.txt").write_text(content, encoding="utf-8")
    code = main(["check", str(tmp_path)])
    err = capsys.readouterr().err
    assert code != 0
    assert "E401" not in err
    assert f"{tmp_path / 'official.txt'}:1:1: 错误[E001]: 原文 {tmp_path / 'official.txt'} 是空的" in err


@pytest.mark.parametrize("word,says", [("prove", "hzdsl diff --prove"), ("generate", "hzdsl population generate"),
                                       ("impact", "hzdsl diff 旧 新 --population")])
def test_a_task_named_as_a_verb_points_at_the_command_that_does_it(capsys, word, says):
    """`hzdsl prove` (proofs are `hzdsl diff --prove` / `hzdsl lint`) read 你是不是想写：serve — a near spelling, not the
    task (breaker3 s23); `hzdsl generate` likewise."""
    code, _, err = cli(capsys, word)
    assert code == 2
    assert says in err and "你是不是想写：serve" not in err, err
