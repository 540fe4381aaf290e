"""A case's own 「参数」 override a shared parameter file — also on a date the file has no value for.

params/杭州市参数.yaml says 案例自己写的「参数」优先于本文件, and E711's own hint says 或在案例中直接写该参数; yet
`hzdsl run case.yaml --params FILE` refused a case dated before the file's first 最低月工资标准 (E711) although the case
wrote its own 最低月工资标准 — while `hzdsl screen --params FILE` took the row's own column for the same date
(breaker, session 21). Now the file's value is looked up only for the parameters the case does not give.

By hand (clause 八, 见习学员生活补贴): 评估合格且留用率达到 50% → 80%：3000 元/月 × 80% × 6 个月 = 14400 元.
"""
from __future__ import annotations

import json

from hzdsl.cli import main

FILE = """参数:
  最低月工资标准:
    - {起始: 2021-08-01, 截止: 2023-12-31, 值: 2280 元/月}
"""
CASE = """评估日期: {date}
事实: {{见习基地: 是, 按规定发放见习学员生活补助: 是, 见习时长: 6 个月, 就业见习基地年度评估合格: 是, 留用率: 50%}}
{own}"""


def _run(tmp_path, capsys, date: str, own: str) -> tuple[int, str, str]:
    (tmp_path / "p.yaml").write_text(FILE, encoding="utf-8")
    (tmp_path / "c.yaml").write_text(CASE.format(date=date, own=own), encoding="utf-8")
    capsys.readouterr()
    rc = main(["run", str(tmp_path / "c.yaml"), "--params", str(tmp_path / "p.yaml"), "--benefit", "见习学员生活补贴",
               "--json"])
    out, err = capsys.readouterr()
    return rc, out, err


def _amount(out: str) -> str:
    case = json.loads(out)  # one case: one object
    (b,) = [b for b in case["待遇"] if b["待遇"] == "见习学员生活补贴"]
    return f'{b["结论"]} {b["金额"]["值"]} {b["金额"]["单位"]}'


def test_the_case_own_parameter_is_used_on_a_date_the_file_does_not_cover(tmp_path, capsys):
    rc, out, err = _run(tmp_path, capsys, "2021-07-31", "参数: {最低月工资标准: 3000 元/月}\n")
    assert rc == 0, err
    assert _amount(out) == "符合 14400 元"  # 3000 × 80% × 6


def test_the_case_own_parameter_wins_on_a_date_the_file_covers(tmp_path, capsys):
    rc, out, err = _run(tmp_path, capsys, "2022-06-30", "参数: {最低月工资标准: 3000 元/月}\n")
    assert rc == 0, err
    assert _amount(out) == "符合 14400 元"


def test_without_its_own_value_the_file_value_is_used_or_its_gap_refused(tmp_path, capsys):
    rc, out, err = _run(tmp_path, capsys, "2022-06-30", "")
    assert rc == 0, err
    assert _amount(out) == "符合 10944 元"  # the file's 2280 × 80% × 6
    rc, out, err = _run(tmp_path, capsys, "2021-07-31", "")
    assert rc == 2 and "[E711]" in err and "最低月工资标准" in err and "提示" in err, err
