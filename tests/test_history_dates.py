"""A past claim dated after the case's 评估日期 is an input error (E720 in case files, E721 in screening).

读法（docs/案例格式.md「历史」, docs/诊断代码.md E720）：历史是评估日期当日及以前已发生的申领；评估日期之后
的申领那一天还不存在，计入“每人每年”“累计”或“已享受”都不对，静默丢弃又会藏起写错的日期。所以报错。
"""
from __future__ import annotations

import textwrap

import pytest

from hzdsl.cases.load import load_cases
from hzdsl.errors import HzdslError

CASE = """\
评估日期: 2023-06-30
事实:
  符合条件的劳动者: 是
  贷款类别: 个人
  贷款期限: 1 年
历史:
  - {{待遇: 个人创业担保贷款, 日期: 2020-05-01, 贷款期限: 1 年}}
  - {{待遇: 个人创业担保贷款, 日期: {when}, 贷款期限: 1 年}}
预期:
  个人创业担保贷款: 符合
"""


def _load(tmp_path, program, when):
    f = tmp_path / "case.yaml"
    f.write_text(CASE.format(when=when), encoding="utf-8")
    return load_cases(f, program)


def test_a_record_after_the_evaluation_date_is_refused_where_it_is_written(tmp_path, program):
    with pytest.raises(HzdslError) as e:
        _load(tmp_path, program, "2023-07-01")  # one day after 评估日期
    d = next(x for x in e.value.diagnostics if x.code == "E720")
    assert d.span.line == 8 and "2023-07-01" in d.message and "2023-06-30" in d.message
    assert d.hint


def test_a_record_on_the_evaluation_date_is_past(tmp_path, program):
    (case,) = _load(tmp_path, program, "2023-06-30")
    assert [h.date.isoformat() for h in case.history] == ["2020-05-01", "2023-06-30"]


def test_the_command_exits_2_with_a_located_chinese_message(tmp_path, program):
    import subprocess
    import sys

    f = tmp_path / "case.yaml"
    f.write_text(CASE.format(when="2024-01-01"), encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "hzdsl", "test", str(f)], capture_output=True, text=True)
    assert p.returncode == 2, p.stdout + p.stderr
    out = p.stdout + p.stderr
    assert "E720" in out and "case.yaml:8:" in out and "提示" in out and "Traceback" not in out


def test_a_case_list_checks_each_case_against_its_own_date(tmp_path, program):
    f = tmp_path / "cases.yaml"
    f.write_text(textwrap.dedent("""\
        事实: {符合条件的劳动者: 是, 贷款类别: 个人, 贷款期限: 1 年}
        历史:
          - {待遇: 个人创业担保贷款, 日期: 2023-03-01, 贷款期限: 1 年}
        案例:
          - 名称: 评估日期在记录之后
            评估日期: 2023-06-30
            预期: {个人创业担保贷款: 符合}
          - 名称: 评估日期在记录之前
            评估日期: 2023-01-31
            预期: {个人创业担保贷款: 符合}
        """), encoding="utf-8")
    with pytest.raises(HzdslError) as e:
        load_cases(f, program)
    assert [d.code for d in e.value.diagnostics].count("E720") == 1


def test_every_problem_of_one_history_record_is_reported_at_once(tmp_path, program):
    # breaker s22: after E720 (a late date), E713 (an undefined benefit) or E716 (a claimant) the rest of the record was
    # not read — its 金额 in 元/月 and its misspelt field came to light only in the next run (errors are collected)
    path = tmp_path / "case.yaml"
    path.write_text("评估日期: 2023-06-30\n事实: {身份: [高校毕业生]}\n历史:\n"
                    "  - {待遇: 一次性创业补贴, 日期: 2024-01-01, 金额: 3000 元/月}\n"
                    "  - {待遇: 一次性创业补帖, 日期: 2022-01-01, 职叶: 电工}\n"
                    "  - {待遇: 职业培训补贴, 日期: 2022-01-01, 申领人: 公司, 证书等级: 十级}\n", encoding="utf-8")
    with pytest.raises(HzdslError) as e:
        load_cases(path, program)
    got = sorted((d.span.line, d.code) for d in e.value.diagnostics)
    assert (4, "E720") in got and (4, "E706") in got
    assert (5, "E713") in got and (5, "E708") in got
    assert (6, "E716") in got and len([x for x in got if x[0] == 6]) == 2
