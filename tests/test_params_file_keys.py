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
