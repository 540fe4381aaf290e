"""E911 (a header problem in a population file) points at the header cell, not at 1:1 (breaker s20).

Columns are worked out by hand: in `编号,评估日期,毕业时长（月）,创办经营实体,X` the 5th name starts at
character 2 + 1 + 4 + 1 + 7 + 1 + 6 + 1 + 1 = 24 of line 1. A Parquet file has no lines: its column
number (5) is given, and the message names the column."""
from __future__ import annotations

import pytest

from hzdsl.cli import main

pytest.importorskip("duckdb")

HEAD = "编号,评估日期,毕业时长（月）,创办经营实体,"


def _screen(capsys, path) -> str:
    assert main(["screen", str(path)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "提示" in err
    return err


@pytest.mark.parametrize("fifth, form", [("毕业时长（元）", "列「毕业时长（元）」列名中的单位「元」不对"),
                                         ("毕业时长", "列「毕业时长」重复"),
                                         ("毕业时常", "列「毕业时常」不是已声明的事实或参数")])
def test_a_bad_header_cell_is_pointed_at_in_a_csv(tmp_path, capsys, fifth, form):
    pop = tmp_path / "p.csv"
    head = HEAD if fifth == "毕业时长" else HEAD.replace("毕业时长（月）", "见习时长（月）")  # as wide: 7 characters
    pop.write_text(f"{head}{fifth}\nA,2023-06-30,6,是,3\n", encoding="utf-8")
    err = _screen(capsys, pop)
    assert f"p.csv:1:24: 错误[E911]: {form}" in err, err
    assert " " * 43 + "^" * len(fifth) in err  # the caret under the 5th name (display width: CJK = 2)


def test_a_duplicate_names_the_first_column_too(tmp_path, capsys):
    pop = tmp_path / "p.csv"
    pop.write_text(f"{HEAD}毕业时长\nA,2023-06-30,6,是,3\n", encoding="utf-8")
    err = _screen(capsys, pop)
    assert "第一次出现：" in err and "p.csv:1:9" in err  # 毕业时长（月） starts at character 2 + 1 + 4 + 1 + 1 = 9


def test_a_bad_header_in_parquet_gives_the_column_number(tmp_path, capsys):
    import pyarrow as pa
    import pyarrow.parquet as pq

    pop = tmp_path / "p.parquet"
    pq.write_table(pa.table({"编号": ["A"], "评估日期": ["2023-06-30"], "毕业时长（月）": [6],
                             "创办经营实体": [True], "毕业时长（元）": [3]}), pop)
    err = _screen(capsys, pop)
    assert "p.parquet:1:5: 错误[E911]: 列「毕业时长（元）」" in err, err
