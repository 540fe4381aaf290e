"""W604 on a payout that is a negative number says so (breaker s22): `则 -3000 元` was worded 「金额含减法，可能为负」 —
there is no subtraction, and it is negative for certain. Subtractions keep their wording."""
from __future__ import annotations

import shutil

from hzdsl.cli import main

from .conftest import REPO

POLICY = """条款 三 「加大创业资金扶持力度」。

事实 「甲」：个人 布尔。
事实 「乙」：个人 金额(元)。

待遇 「一次性创业补贴」(补贴)
    依据「初次创办企业或个体工商户，正常经营 6 个月，可按规定申领 3000 元的一次性创业补贴」
    若 「甲」
    则 {payout}，一次性。
"""


def check(tmp_path, capsys, payout):
    shutil.copy(REPO / "policies" / "official.txt", tmp_path / "official.txt")
    (tmp_path / "t.policy").write_text(POLICY.format(payout=payout), encoding="utf-8")
    code = main(["check", str(tmp_path)])
    out, err = capsys.readouterr()
    return code, out + err, tmp_path / "t.policy"


def test_a_negative_number(tmp_path, capsys):
    code, out, f = check(tmp_path, capsys, "-3000 元")
    # the payout starts after 「    则 」: line 9, column 7
    assert f"{f}:9:7: 警告[W604]: 「一次性创业补贴」的金额是负数（-3000 元），负的金额不是给付" in out
    assert "含减法" not in out


def test_a_subtraction_keeps_its_words(tmp_path, capsys):
    code, out, f = check(tmp_path, capsys, "3000 元 - 「乙」")
    assert f"{f}:9:7: 警告[W604]: 「一次性创业补贴」的金额含减法，可能为负，却没有写下限" in out
