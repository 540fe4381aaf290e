"""A name written with the policy language's brackets gets a hint that says so (breaker s22).

Names are bracketed in a policy (「毕业时长」); a case file's keys, a history's 待遇 and --benefit take them
bare. Written 「毕业时长」 there, the did-you-mean offered 「你是不是想写：「毕业时长」」 — the very text written,
so the drafter could not see what was wrong. The hint now names the brackets."""
from __future__ import annotations

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
    case = tmp_path / "c.yaml"
    case.write_text("评估日期: 2023-06-30\n事实:\n  「毕业时长」: 3 年\n"
                    "历史:\n  - {待遇: 「一次性创业补贴」, 日期: 2022-01-01}\n"
                    "预期:\n  「一次性创业补贴」: 不符合\n", encoding="utf-8")
    code, out = cli(capsys, "test", str(case))
    assert code == 2
    assert out.count("提示：名称两边不加「」：写 一次性创业补贴") == 2 and "提示：名称两边不加「」：写 毕业时长" in out
    assert "你是不是想写：「毕业时长」" not in out and "你是不是想写：「一次性创业补贴」" not in out


def test_a_history_file_and_benefit_option_with_brackets(tmp_path, capsys):
    pytest.importorskip("duckdb")
    pop = tmp_path / "p.csv"
    pop.write_text("编号,评估日期,毕业时长\nA,2023-06-30,3 年\n", encoding="utf-8")
    hist = tmp_path / "h.csv"
    hist.write_text("编号,待遇,日期\nA,「一次性创业补贴」,2022-01-01\n", encoding="utf-8")
    code, out = cli(capsys, "screen", str(pop), "--history", str(hist), "--benefit", "一次性创业补贴")
    assert code == 2 and "提示：名称两边不加「」：写 一次性创业补贴" in out
    code, out = cli(capsys, "screen", str(pop), "--benefit", "「一次性创业补贴」")
    assert code == 2 and "提示：名称两边不加「」：写 一次性创业补贴；" in out
