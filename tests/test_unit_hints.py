"""A wrong unit's hint is about the declared dimension (breaker s22): every E706 `unit` (case file) and E912 `unit`
(population file) said 「年与月可以换算；月与天、元与天不能」 — for a count written 3 个月, for a rent written 5 斤."""
from __future__ import annotations

import pytest

from hzdsl.cli import main
from hzdsl.units import conversion_hint, parse_unit


def test_conversion_hint_by_dimension():
    assert conversion_hint(parse_unit("年").dim, "年").startswith("年与月可以换算（1 年 = 12 个月")
    assert conversion_hint(parse_unit("万元").dim, "万元") == "金额写 元 或 万元（1 万元 = 10000 元）"
    assert conversion_hint(parse_unit("人").dim, "人") == "写成 人"


def test_a_count_written_in_months(tmp_path, capsys):
    case = tmp_path / "c.yaml"
    case.write_text("评估日期: 2023-06-30\n事实:\n  带动就业人数: 3 个月\n", encoding="utf-8")
    assert main(["run", str(case)]) == 2
    err = capsys.readouterr().err
    assert "「带动就业人数」的单位应是 人" in err and "提示：写成 人" in err and "年与月" not in err


def test_a_population_count_written_in_months(tmp_path, capsys):
    pytest.importorskip("duckdb")
    pop = tmp_path / "p.csv"
    pop.write_text("编号,评估日期,带动就业人数\nA,2023-06-30,3 个月\n", encoding="utf-8")
    assert main(["screen", str(pop)]) == 2
    err = capsys.readouterr().err
    assert "列「带动就业人数」第 2 行的值「3 个月」单位不对" in err and "提示：写成 人" in err and "年与月" not in err


def test_a_history_cell_error_is_titled_for_the_history_too(tmp_path, capsys):
    """E912 reports the history file's cells as well (日期 2022/01/01); its title spoke of the population file only."""
    pytest.importorskip("duckdb")
    from hzdsl.codes import lookup

    pop = tmp_path / "p.csv"
    pop.write_text("编号,评估日期\nA,2023-06-30\n", encoding="utf-8")
    hist = tmp_path / "h.csv"
    hist.write_text("编号,待遇,日期\nA,一次性创业补贴,2022/01/01\n", encoding="utf-8")
    assert main(["screen", str(pop), "--history", str(hist)]) == 2
    err = capsys.readouterr().err
    assert f"{hist}:2:11: 错误[E912]: 列「日期」第 2 行的值「2022/01/01」不是日期" in err
    assert "申领历史" in lookup("E912").title
