"""A case's expected amount is compared with its prefix: 最高 (a loan ceiling) and 至多 (the most an
open amount limit leaves) say what the amount IS, so an expectation that gets them wrong is a failing
case, not a pass.

Before, `cases/load.py expected_amount` cut the prefix off and compare() looked only at the number:
`金额: 最高 3000 元` passed for 一次性创业补贴 (paid: 3000 元), `金额: 50 万元` passed for 个人创业担保贷款
(a ceiling: 最高 50 万元), and a drafter turning 「则 最高 50 万元」 into 「则 50 万元」 (a payment) broke no case.

Expected values by hand from the official text (policies/official.txt):
* 第三条 “正常经营 6 个月，可按规定申领 3000 元的一次性创业补贴” — a payment of 3000 元;
* 第四条 “符合条件的劳动者，可申请最高 50 万元个人创业担保贷款” — a ceiling, 最高 50 万元;
* 第十三条 “职工学徒 … 60% … 每人每年最高不超过 6000 元”: 5000 元 × 60% = 3000 元; this year 5000 元
  known + one record without 金额 → the quota left is at most 6000 − 5000 = 1000 元 → 待定, 至多 1000 元
  (the reading of tests/cases/c13/06_额度待定时金额至多剩余.yaml).
"""
from __future__ import annotations

import re

import pytest

from hzdsl.cli import main

from .conftest import REPO

STARTUP = """评估日期: 2023-06-30
历史: []
事实: {身份: [高校毕业生], 毕业时长: 3 年, 初次创办企业或个体工商户: 是, 正常经营时长: 8 个月}
预期:
  一次性创业补贴: {结论: 符合, 金额: %s}
"""

LOAN = """评估日期: 2023-06-30
历史: []
事实: {符合条件的劳动者: 是, 贷款类别: 个人, 贷款期限: 3 年}
预期:
  个人创业担保贷款: {结论: 符合, 金额: %s}
"""

APPRENTICE = """评估日期: 2023-06-30
事实: {企业开展新型学徒制培训: 是, 学徒类别: 职工学徒, 企业支付给培训机构的学徒培训费用: 5000 元}
历史:
  - {待遇: 职工学徒培训补贴, 日期: 2023-01-10}
  - {待遇: 职工学徒培训补贴, 日期: 2023-02-10, 金额: 5000 元}
预期:
  职工学徒培训补贴: {结论: 待定, 金额: %s}
"""


def _test(tmp_path, capsys, text: str) -> tuple[int, str]:
    f = tmp_path / "case.yaml"
    f.write_text(text, encoding="utf-8")
    capsys.readouterr()
    rc = main(["test", str(f), "-p", str(REPO / "policies")])
    out, err = capsys.readouterr()
    return rc, out + err


@pytest.mark.parametrize("template, amount", [
    (STARTUP, "3000 元"), (STARTUP, "0.3 万元"),
    (LOAN, "最高 50 万元"), (LOAN, "最高 500000 元"),
    (APPRENTICE, "至多 1000 元"),
])
def test_the_right_prefix_passes(tmp_path, capsys, template, amount):
    rc, out = _test(tmp_path, capsys, template % amount)
    assert rc == 0, out


@pytest.mark.parametrize("template, amount, actual", [
    (STARTUP, "最高 3000 元", "3000 元"),      # a payment expected as a ceiling
    (STARTUP, "至多 3000 元", "3000 元"),      # a known amount expected as an open quota's bound
    (LOAN, "50 万元", "最高 50 万元"),          # a ceiling expected as a payment
    (LOAN, "至多 50 万元", "最高 50 万元"),
    (APPRENTICE, "1000 元", "至多 1000 元"),   # an open quota's bound expected as a known amount
    (APPRENTICE, "最高 1000 元", "至多 1000 元"),
])
def test_a_wrong_prefix_is_a_failing_case(tmp_path, capsys, template, amount, actual):
    rc, out = _test(tmp_path, capsys, template % amount)
    assert rc == 1, out
    assert re.search(rf"- 预期\s+{amount}\n\s*\+ 实际\s+{actual}\n", out), out
