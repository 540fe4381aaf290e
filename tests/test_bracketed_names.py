"""A declared name written with the policy language's brackets 「」 is that name, in every input (polish s22).

Names are bracketed in a policy and in docs/数据字典.md (「毕业时长」). Written so as a case file's key, a
history's 待遇, a CSV column or --benefit, it was refused (E708, E713, E911, E913, E807) with the hint 名称两边不加「」
— while docs/诊断代码.md (E911) said a column may carry them. # 读法：「」 quote a declared name, as in the policy
itself: 「毕业时长」 is 毕业时长 (one pair around the whole name; other quotation marks “” "" still get the hint)."""
from __future__ import annotations

import csv
import io

import pytest

from hzdsl.check.checker import did_you_mean
from hzdsl.cli import main


def cli(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out + err


def test_did_you_mean_names_the_brackets():
    names = {"毕业时长": 1, "入职时毕业时长": 2}
    assert did_you_mean("「毕业时长」", names) == "名称两边不加「」：写 毕业时长"
    assert did_you_mean("“毕业时长”", names) == "名称两边不加“”：写 毕业时长"
    # not a declared name inside the brackets: the usual close matches
    assert did_you_mean("「毕业时间」", names).startswith("你是不是想写：")
    assert did_you_mean("毕业时常", names).startswith("你是不是想写：「毕业时长」")


def test_a_case_file_with_bracketed_names(tmp_path, capsys):
    """By hand: one earlier claim of 一次性创业补贴 and its 限领一次 limit → 不符合 whatever the other facts."""
    case = tmp_path / "c.yaml"
    case.write_text("评估日期: 2023-06-30\n事实:\n  「毕业时长」: 3 年\n"
                    "历史:\n  - {待遇: 「一次性创业补贴」, 日期: 2022-01-01}\n"
                    "预期:\n  「一次性创业补贴」: 不符合\n", encoding="utf-8")
    code, out = cli(capsys, "test", str(case))
    assert code == 0, out
    assert "名称两边不加" not in out


def test_bracketed_keys_read_as_the_bare_names(tmp_path, program):
    from hzdsl.cases.load import load_cases

    case = tmp_path / "c.yaml"
    case.write_text("评估日期: 2023-06-30\n事实:\n  「毕业时长」: 3 年\n  「 身份 」: [高校毕业生]\n"
                    "参数:\n  「LPR」: 3.45%\n"
                    "历史:\n  - {待遇: 职业培训补贴, 日期: 2022-01-05, 「证书等级」: 三级}\n"
                    "预期:\n  「一次性创业补贴」: {结论: 待定, 待定事实: [「正常经营时长」, 初次创办企业或个体工商户]}\n",
                    encoding="utf-8")
    [c] = load_cases(case, program)
    assert set(c.facts) == {"毕业时长", "身份"}
    assert c.facts["毕业时长"].value == 36  # 3 年 in 月, the base unit of 时长
    assert "LPR" in c.params
    assert set(c.history[0].fields) == {"证书等级"}
    [e] = c.expected
    assert e.benefit == "一次性创业补贴" and e.missing == frozenset({"正常经营时长", "初次创办企业或个体工商户"})


def test_a_name_with_and_without_brackets_is_one_key_written_twice(tmp_path, capsys):
    case = tmp_path / "c.yaml"
    case.write_text("评估日期: 2023-06-30\n事实:\n  毕业时长: 3 年\n  「毕业时长」: 4 年\n", encoding="utf-8")
    code, out = cli(capsys, "run", str(case))
    assert code == 2 and "E709" in out and f"{case}:4:3" in out


def test_other_quotation_marks_still_get_the_hint(tmp_path, capsys):
    case = tmp_path / "c.yaml"
    case.write_text("评估日期: 2023-06-30\n事实:\n  “毕业时长”: 3 年\n", encoding="utf-8")
    code, out = cli(capsys, "run", str(case))
    assert code == 2 and "提示：名称两边不加“”：写 毕业时长" in out


def test_population_and_history_files_and_benefit_option_with_brackets(tmp_path, capsys):
    """The same persons with and without brackets: the same results, line for line."""
    pytest.importorskip("duckdb")
    for name, fact, benefit in (("bare", "毕业时长", "一次性创业补贴"), ("bracketed", "「毕业时长」", "「一次性创业补贴」")):
        (tmp_path / f"p_{name}.csv").write_text(f"编号,评估日期,{fact},「身份」\nA,2023-06-30,3 年,高校毕业生\n"
                                                "B,2023-06-30,3 年,高校毕业生\n", encoding="utf-8")
        (tmp_path / f"h_{name}.csv").write_text(f"编号,待遇,日期\nA,{benefit},2022-01-01\n", encoding="utf-8")
        code, out = cli(capsys, "screen", str(tmp_path / f"p_{name}.csv"), "--history", str(tmp_path / f"h_{name}.csv"),
                        "--benefit", benefit, "--out", str(tmp_path / f"o_{name}.csv"))
        assert code == 0, out
    bare = (tmp_path / "o_bare.csv").read_text(encoding="utf-8")
    assert bare == (tmp_path / "o_bracketed.csv").read_text(encoding="utf-8")
    # by hand: A claimed it in 2022 (限领一次) → 不符合; B's 正常经营时长 … are not given → 待定
    rows = {r["编号"]: r["结论"] for r in csv.DictReader(io.StringIO(bare))}
    assert rows == {"A": "不符合", "B": "待定"}
