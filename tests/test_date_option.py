"""`--date` (screen, diff --population) reads a date the way a case file's 评估日期 and a population cell do
(syntax.normalize.DATE_RE): 2023-06-30 or 2023 年 6 月 30 日 — nothing else.

breaker s20: commands/base.date_option used `date.fromisoformat`, which in Python 3.11 also takes the ISO
basic and week forms: `screen --date 20230101` screened at 2023-01-01 and `--date 2023-W01-1` at 2023-01-02
(exit 0), while a case file refuses `评估日期: 20230101` (E704); `--date "2023 年 6 月 30 日"`, which a case
file and a population cell accept, was refused.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from hzdsl.cli import main

REPO = Path(__file__).resolve().parents[1]
POP = "编号,历史已知,身份,毕业时长,初次创办企业或个体工商户,正常经营时长\nA,是,高校毕业生,5 年,是,7 个月\n"


def screen(tmp_path, capsys, date: str):
    (tmp_path / "p.csv").write_text(POP, encoding="utf-8")
    rc = main(["screen", str(tmp_path / "p.csv"), "-p", str(REPO / "policies"), "--date", date,
               "--benefit", "一次性创业补贴", "--json"])
    out, err = capsys.readouterr()
    return rc, out, err


@pytest.mark.parametrize("date", ["20230101", "2023-W01-1", "2023-001", "2023-06-30T00:00"])
def test_iso_forms_a_case_file_refuses_are_refused(tmp_path, capsys, date):
    rc, out, err = screen(tmp_path, capsys, date)
    assert rc == 2, out + err
    assert "无法识别的日期" in err and date in err, err


def test_the_chinese_date_a_case_file_accepts_is_accepted(tmp_path, capsys):
    # 毕业 5 年整 on 2023-06-30 is 毕业 5 年以内 only when the date is read as that day (the row was written so):
    # the same answer as with 2023-06-30, 3000 元 (clause 三), proves the day was read, not only accepted
    rc_iso, iso, _ = screen(tmp_path, capsys, "2023-06-30")
    rc_zh, zh, err = screen(tmp_path, capsys, "2023 年 6 月 30 日")
    assert rc_iso == rc_zh == 0, err
    assert zh == iso and '"金额合计": "3000"' in zh, zh


def test_diff_population_date_is_read_alike(capsys):
    rc = main(["diff", str(REPO / "policies"), str(REPO / "policies"), "--no-prove", "--population",
               str(REPO / "examples" / "population.csv"), "--date", "20230101"])
    assert rc == 2
    assert "无法识别的日期" in capsys.readouterr().err
