"""A message about a population CSV quotes the line it names (breaker s22).

DuckDB and csv_records end a CSV line at LF, CRLF or a lone CR only; NEL, U+2028 and U+2029 are characters
of a cell. The quoted line was cut where a policy's or a case file's lines are cut (every Unicode line end),
so with such a character in an earlier cell the message named line 4 and showed a piece of line 3."""
from __future__ import annotations

import pytest

from hzdsl.cli import main

pytest.importorskip("duckdb")

HEADER = "编号,评估日期,毕业时长,身份,初次创办企业或个体工商户,创办企业或个体工商户,正常经营时长"
BAD = "C,2023-06-30,2 年,高校毕业生,是,是,5 斤"


@pytest.mark.parametrize("sep", ["\u2028", "\u2029", "\x85"])
def test_the_quoted_line_is_the_named_line(tmp_path, capsys, sep):
    pop = tmp_path / "人群.csv"
    pop.write_text("\n".join([HEADER,
                              f'"A{sep}x",2023-06-30,3 年,高校毕业生,是,是,8 个月',
                              f'B,2023-06-30,2 年,高校毕业生,是,是,5 个月{sep}',
                              BAD]) + "\n", encoding="utf-8")
    code = main(["screen", str(pop), "--benefit", "一次性创业补贴"])
    err = capsys.readouterr().err
    assert code == 2
    # 「5 斤」 starts after 「C,2023-06-30,2 年,高校毕业生,是,是,」: 27 characters → line 4, column 28
    assert f"{pop}:4:28: 错误[E912]" in err
    assert f"    4 | {BAD}\n" in err
