"""Scientific notation is named as such, in a case file and in a population file (breaker s22).

`1e3` matches the quantity pattern as the number 1 and the unit 「e3」: a case said 「不认识的单位「e3」」 with the
hint 「应为 人 或可换算的单位」, screen said 「单位不对，应为 人」 with a hint about 年 and 月 — for a count. Neither
reader takes the notation (读法 unchanged: the values accepted are what `hzdsl schema --json` describes); the
message now says what it is and how to write it."""
from __future__ import annotations

import pytest

from hzdsl.cli import main


def cli(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "内部错误" not in out + err
    return code, out + err


@pytest.mark.parametrize("value", ["1e3", "2.5E-2", "1e+400"])
def test_a_case_value_in_scientific_notation(tmp_path, capsys, value):
    case = tmp_path / "c.yaml"
    case.write_text(f"评估日期: 2023-06-30\n事实:\n  带动就业人数: {value}\n", encoding="utf-8")
    code, out = cli(capsys, "run", str(case))
    assert code == 2
    # the value of line 3 starts after 「  带动就业人数: 」: column 11
    assert f"{case}:3:11: 错误[E705]: 「带动就业人数」的值「{value}」是科学计数法" in out
    assert "写成 1000" in out and "不认识的单位" not in out


def test_an_expected_amount_in_scientific_notation(tmp_path, capsys):
    case = tmp_path / "c.yaml"
    case.write_text("评估日期: 2023-06-30\n预期:\n  一次性创业补贴: {结论: 待定, 金额: 3e3}\n", encoding="utf-8")
    code, out = cli(capsys, "test", str(case))
    assert code == 2
    assert "金额「3e3」是科学计数法" in out


def test_a_population_cell_in_scientific_notation(tmp_path, capsys):
    pytest.importorskip("duckdb")
    pop = tmp_path / "p.csv"
    pop.write_text("编号,评估日期,带动就业人数\nA,2023-06-30,3 人\nB,2023-06-30,1E+3\n", encoding="utf-8")
    code, out = cli(capsys, "screen", str(pop), "--benefit", "创业带动就业补贴")
    assert code == 2
    assert f"{pop}:3:14: 错误[E912]: 列「带动就业人数」第 3 行的值「1E+3」是科学计数法" in out
    assert "年与月" not in out


def test_a_wrong_unit_beside_an_exponent_is_still_a_wrong_unit(tmp_path, capsys):
    pytest.importorskip("duckdb")
    pop = tmp_path / "p.csv"
    pop.write_text("编号,评估日期,毕业时长,带动就业人数\nA,2023-06-30,3 斤,1e3\n", encoding="utf-8")
    code, out = cli(capsys, "screen", str(pop))
    assert code == 2
    assert "列「毕业时长」第 2 行的值「3 斤」单位不对" in out and "列「带动就业人数」第 2 行的值「1e3」是科学计数法" in out
