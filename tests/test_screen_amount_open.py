"""The screen summary says how many rows have their amount 待定 (breaker s20: 创业陪跑空间主办方补贴 符合 104 with a
金额合计 over 99 amounts and nothing said of the 5 open; 待定 rows outside 待定金额范围 likewise), and that the mean is
over the known amounts (已知金额均值) — in the table, `--json` and markdown, on DuckDB and Spark.

By hand, 第八条 见习学员生活补贴: 见习基地 且 按规定发放见习学员生活补助 且 见习时长 满 3 个月 → 最低月工资标准 × 70% ×
见习时长 (at most 6 个月); 80% when 就业见习基地年度评估合格 且 留用率 达到 50% (the exception). 最低月工资标准 2280 元/月.
  A  6 个月, 合格, 留用率 60%           符合 2280 × 80% × 6 = 10944 元
  B  3 个月, 合格, 留用率 40%           符合 2280 × 70% × 3 = 4788 元
  C  6 个月, 合格, 留用率 blank         符合, amount 待定 (70% → 9576 or 80% → 10944)
  D  6 个月, 合格, 60%, wage blank      符合, amount 待定 (no 最低月工资标准)
  E  见习基地 blank, 6 个月, 60%        待定, amount known 10944 (in 待定金额范围)
  F  见习基地 blank, 留用率 blank       待定, amount 待定 (outside the range)
  G  2 个月                             不符合
符合 4, of which 金额待定 2; 金额合计 10944 + 4788 = 15732, 已知金额均值 15732 / 2 = 7866; 待定 2, of which 金额待定 1;
待定金额范围 10944; 不符合 1.
"""
from __future__ import annotations

import json

import pytest

from hzdsl.cli import main

from .test_screen_diff import require_spark

pytest.importorskip("duckdb")

BENEFIT = "见习学员生活补贴"
POP = ("编号,评估日期,见习基地,按规定发放见习学员生活补助,见习时长,就业见习基地年度评估合格,留用率,最低月工资标准\n"
       "A,2023-06-30,是,是,6 个月,是,60%,2280 元/月\n"
       "B,2023-06-30,是,是,3 个月,是,40%,2280 元/月\n"
       "C,2023-06-30,是,是,6 个月,是,,2280 元/月\n"
       "D,2023-06-30,是,是,6 个月,是,60%,\n"
       "E,2023-06-30,,是,6 个月,是,60%,2280 元/月\n"
       "F,2023-06-30,,是,6 个月,是,,2280 元/月\n"
       "G,2023-06-30,是,是,2 个月,是,60%,2280 元/月\n")
EXPECTED = {"符合": 4, "符合金额待定": 2, "不符合": 1, "待定": 2, "待定金额待定": 1, "冲突": 0, "金额合计": "15732",
            "已知金额均值": "7866", "待定金额下限": "10944", "待定金额上限": "10944"}


def _screen(tmp_path, capsys, *extra):
    (tmp_path / "p.csv").write_text(POP, encoding="utf-8")
    capsys.readouterr()
    rc = main(["screen", str(tmp_path / "p.csv"), "--benefit", BENEFIT, *extra])
    out, err = capsys.readouterr()
    assert rc == 0, err
    return out


@pytest.mark.parametrize("engine", ["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def test_the_json_summary_counts_the_open_amounts(tmp_path, capsys, engine):
    if engine == "spark":
        require_spark()
    s, = json.loads(_screen(tmp_path, capsys, "--json", "--engine", engine))["待遇"]
    assert {k: s[k] for k in EXPECTED} == EXPECTED
    assert "金额均值" not in s  # the mean is named for what it is: over the known amounts


def test_markdown_and_table_say_it_too(tmp_path, capsys, monkeypatch):
    out = _screen(tmp_path, capsys, "--format", "markdown")
    head = "| 待遇 | 条款 | 符合 | 符合金额待定 | 不符合 | 待定 | 待定金额待定 | 冲突 | 金额合计 | 已知金额均值 | 待定金额范围 | 单位 |"
    assert head in out
    assert f"| {BENEFIT} | 八 | 4 | 2 | 1 | 2 | 1 | 0 | 15732 | 7866 | 10944 | 元 |" in out
    assert "金额合计与已知金额均值只计金额已知的符合者" in out
    monkeypatch.setenv("COLUMNS", "160")
    out = _screen(tmp_path, capsys)
    header = next(line for line in out.splitlines() if "待遇" in line and "条款" in line)
    # at 160 columns the headers stand whole on one line (breaker s20: 「不符 / 合」, 「待定 / 金额 / 范围」)
    assert all(c in header for c in ("不符合", "符合金额待定", "待定金额待定", "已知金额均值", "待定金额范围")), out
    row = next(line for line in out.splitlines() if BENEFIT in line)
    assert [c.strip() for c in row.strip("│ ").split("│")][2:8] == ["4", "2", "1", "2", "1", "0"], row


def test_a_diff_with_no_population_change_prints_no_empty_table(tmp_path, capsys, monkeypatch):
    """breaker s20: "没有待遇的结论或金额改变" followed by an empty table (header only)."""
    from tests.conftest import POLICIES

    (tmp_path / "p.csv").write_text(POP, encoding="utf-8")
    monkeypatch.setenv("COLUMNS", "160")
    capsys.readouterr()
    assert main(["diff", str(POLICIES), str(POLICIES), "--no-impact", "--no-prove", "--population", str(tmp_path / "p.csv")]) == 0
    out = capsys.readouterr().out
    assert "人群影响" in out and "没有待遇的结论或金额改变" in out
    assert "新增符合" not in out and "┏" not in out, out
