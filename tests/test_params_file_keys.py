"""A parameter file has one section, 「参数」: any other top-level key is E702 naming it (with 你是不是想写
for a near miss), for `run --params`, a case's 「参数文件」 and `screen --params` alike. Before, 「事实: {}」
or a misspelt 「参数表」 beside 「参数」 was ignored without a word (as a case file's unknown keys are not)."""
from __future__ import annotations

import pytest

from hzdsl.cli import main

from .conftest import EXAMPLES

CASE = EXAMPLES / "graduate_startup.yaml"


@pytest.mark.parametrize("extra, hint", [("事实: {身份: [高校毕业生]}\n", "事实、历史写在案例文件中"),
                                         ("参数表: {LPR: 3.45%}\n", "你是不是想写：「参数」")], ids=["事实", "参数表"])
def test_a_second_top_level_key_is_named(tmp_path, capsys, extra, hint):
    params = tmp_path / "p.yaml"
    params.write_text("参数:\n  LPR: 3.45%\n" + extra, encoding="utf-8")
    key = extra.split(":")[0]
    assert main(["run", str(CASE), "--params", str(params)]) == 2
    err = capsys.readouterr().err
    assert "E702" in err and f"参数文件中没有「{key}」这一项" in err and hint in err and "p.yaml:3:1" in err
    case = tmp_path / "c.yaml"
    case.write_text(CASE.read_text(encoding="utf-8") + "参数文件: p.yaml\n", encoding="utf-8")
    assert main(["run", str(case)]) == 2
    assert f"参数文件中没有「{key}」这一项" in capsys.readouterr().err
    pytest.importorskip("duckdb")
    pop = tmp_path / "pop.csv"
    pop.write_text("编号,毕业时长\nA,3 年\n", encoding="utf-8")
    assert main(["screen", str(pop), "--params", str(params)]) == 2
    assert f"参数文件中没有「{key}」这一项" in capsys.readouterr().err


def test_the_bundled_parameter_file_has_only_its_section(capsys):
    assert main(["run", str(CASE), "--params", str(EXAMPLES.parent / "params" / "杭州市参数.yaml")]) == 0


# ── a parameter the screened benefits do not read (robust s22) ──
# 读法：hzdsl screen 只读所筛待遇用到的参数；参数文件中其他参数的值不用，说一次（W929，指在参数文件中该参数的那一行），
# 它按日期生效的值也不按各行的评估日期检查——以前 `--benefit 一次性创业补贴`（不读 LPR）的人群在 2018 年的行上报
# E711「参数「LPR」在…没有生效的值」，整个筛查不做。读它的待遇照旧：E711 仍然报。
PARAMS = EXAMPLES.parent / "params" / "杭州市参数.yaml"  # 「  LPR:」 is its line 11, the name at column 3
POP_2018 = "编号,评估日期,身份,毕业时长,初次创办企业或个体工商户,正常经营时长\nA,2018-01-01,高校毕业生,2 年,是,8\n"


def _screen(tmp_path, capsys, params, *benefit):
    import json

    pytest.importorskip("duckdb")
    pop = tmp_path / "pop.csv"
    pop.write_text(POP_2018, encoding="utf-8")
    rc = main(["screen", str(pop), "--params", str(params), *[x for b in benefit for x in ("--benefit", b)], "--json"])
    out, err = capsys.readouterr()
    return rc, (json.loads(out) if rc == 0 else None), err


def test_a_dated_parameter_the_screen_does_not_read_is_a_warning_not_e711(tmp_path, capsys):
    rc, payload, err = _screen(tmp_path, capsys, PARAMS, "一次性创业补贴")
    assert rc == 0, err
    assert "E711" not in err, err
    assert "杭州市参数.yaml:11:3: 警告[W929]: 参数「LPR」没有被所筛查的待遇读到，参数文件中它的值未使用" in err, err
    assert "个人创业担保贷款全额贴息" in err  # the hint names a benefit that reads it
    assert payload["人数"] == 1 and [w["代码"] for w in payload["警告"]] == ["W929"]
    assert payload["警告"][0]["行"] == 11


def test_a_parameter_a_screened_benefit_reads_still_needs_a_value_in_force(tmp_path, capsys):
    rc, _, err = _screen(tmp_path, capsys, PARAMS, "个人创业担保贷款全额贴息")
    assert rc == 2 and "E711" in err and "参数「LPR」在第 2 行的评估日期 2018-01-01 没有生效的值" in err, err
    assert "W929" not in err, err


def test_an_undated_parameter_nothing_screened_reads(tmp_path, capsys):
    q = tmp_path / "q.yaml"
    q.write_text("参数:\n  最低生活保障标准: 1000 元/月\n  LPR: 3.45%\n", encoding="utf-8")
    rc, payload, err = _screen(tmp_path, capsys, q, "贴息")  # every 贴息 benefit reads LPR; none 最低生活保障标准
    assert rc == 0, err
    assert "q.yaml:2:3: 警告[W929]: 参数「最低生活保障标准」没有被所筛查的待遇读到" in err, err
    assert "「LPR」没有被" not in err and [w["行"] for w in payload["警告"]] == [2], err
