"""`diff --prove` bounds an amount change with parameter values from the case corpus (docs/审阅指南.md: 参数取案例库中的值)
and now says which (breaker, session 19: "最大减少：1368" named neither 最低月工资标准's value nor the unit; run
from another folder, the same change said 无上界 without a word on why).

# 读法：界限只在所取的参数值下成立；一个按日期公布的参数有多个值，案例库中第一个给出的值（文件按名排序）并无特别，
# 所以必须写出所取的值与出处；案例库没有给出的参数，求解器可取任意值，也照样写出。

By hand, 第八条 见习学员生活补贴 = 最低月工资标准 × 70% × 见习时长 (3–6 个月), 80% when 评估合格 且 留用率 达到 50%.
Changing 达到 50% to 超过 50% takes 留用率 = 50% from 80% to 70%: the largest decrease is at 6 个月,
2280 元/月 × (80% − 70%) × 6 = 1368 元.
"""
from __future__ import annotations

import json
import shutil

import pytest

pytest.importorskip("z3")

from hzdsl.cli import main  # noqa: E402

from .conftest import POLICIES  # noqa: E402

BENEFIT = "见习学员生活补贴"
CASE = """名称: 参数的来源
评估日期: 2023-06-30
参数:
  最低月工资标准: 2280 元/月
"""


def changed(tmp_path):
    """The repository's policies, and a copy where c08's 达到 50% reads 超过 50%."""
    new = tmp_path / "new"
    shutil.copytree(POLICIES, new)
    text = (new / "c08.policy").read_text(encoding="utf-8")
    line = "「留用率」 达到 50%"
    assert text.count(line) == 1
    (new / "c08.policy").write_text(text.replace(line, "「留用率」 超过 50%"), encoding="utf-8")
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "最低工资.yaml").write_text(CASE, encoding="utf-8")
    return str(POLICIES), str(new), str(cases)


def test_the_bound_says_the_parameter_value_and_where_it_came_from(tmp_path, capsys):
    old, new, cases = changed(tmp_path)
    code = main(["diff", old, new, "--prove", "--prove-timeout", "120", "--cases", cases])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "最大减少：1368 元" in out, out
    assert f"金额界限所取参数：「最低月工资标准」= 2280 元/月（取自 {cases}/最低工资.yaml）" in out, out


def test_the_json_carries_the_assumed_values(tmp_path, capsys):
    old, new, cases = changed(tmp_path)
    code = main(["diff", old, new, "--prove", "--prove-timeout", "120", "--cases", cases, "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    v = next(v for v in data["证明"]["结论"] if v["待遇"] == BENEFIT)
    assert v["金额界限所取参数"] == [{"参数": "最低月工资标准", "取值": "2280 元/月", "来源": f"{cases}/最低工资.yaml"}]
    assert {"方向": "减少", "最大值": "1368"}.items() <= v["金额变化"][1].items()


def test_a_parameter_no_case_gives_is_named_as_free(program):
    from hzdsl.review.proofs import _assumed

    (a, unit), = _assumed(program, BENEFIT, {})
    assert a.text(unit) == "「最低月工资标准」未给定（可取任意值）"
    assert _assumed(program, "一次性创业补贴", {}) == []  # 3000 元: no parameter, nothing to say
