"""The largest change of amount when z3's optimiser gives up (money rounded to 分 together with a yearly quota
over the history): a climb by satisfiability queries (backends/smt/compare._climb), exact when the next 分 up
is proven impossible. Breaker-style find (s22): c19 with its cap and yearly quota lowered 2000 → 1500 元 said
"最大减少：0.01 元（至少；未能在时限内求出最大值）" — the first model's decrease, no use to a reviewer.

By hand, c19 「企业用工和失业动态监测补贴」 pays 核定金额 x capped at C and at what remains of the yearly quota
C − h (h = paid this year, eligible while h < C). Old C = 2000, new C = 1500 元; for an applicant both
accept (h < 1500): old − new = min(x, 2000 − h) − min(x, 1500 − h) ≤ 500, and = 500 once x ≥ 2000 − h (no
history, 核定 2000 元: 2000 → 1500). Nobody gets more. So: largest decrease exactly 500 元, no increase.
"""
from __future__ import annotations

from fractions import Fraction

import pytest

pytest.importorskip("z3")

from hzdsl.backends.smt.compare import compare_benefit  # noqa: E402

from .conftest import edited_policies  # noqa: E402
from .test_prove import _optimiser_gives_up_on_rounding  # noqa: E402

KEY = "企业用工和失业动态监测补贴"


def lowered(tmp_path) -> tuple:
    reading = "\n    读法 1500 元 “测试：额度调低”"
    pairs = (("「按服务量核定的监测补贴金额」，最高不超过 2000 元。", "「按服务量核定的监测补贴金额」，最高不超过 1500 元。"),
             ("每年 金额 不超过 2000 元。", "每年 金额 不超过 1500 元。"),
             ("给予每年不超过 2000 元的补贴」\n    若", "给予每年不超过 2000 元的补贴」" + reading + "\n    若"),
             ("依据「给予每年不超过 2000 元的补贴」\n", "依据「给予每年不超过 2000 元的补贴」" + reading + "\n"))
    return edited_policies(tmp_path, "c19.policy", pairs)


def test_the_largest_decrease_is_found_and_proven_when_the_optimiser_gives_up(tmp_path, monkeypatch):
    from hzdsl.review.impact import outcome_text

    _optimiser_gives_up_on_rounding(monkeypatch)
    old, new = lowered(tmp_path)
    v = compare_benefit(old, new, KEY, timeout_s=20)
    assert v.verdict == "收紧", (v.verdict, v.note)
    up, down = v.amounts
    assert up.value is None and up.exact
    assert (down.value, down.exact, down.unbounded) == (Fraction(500), True, False)
    w = down.witness
    assert w is not None and w.verified, w and w.note
    old_amount, new_amount = (d.amount.value for d in w.decisions)
    assert old_amount - new_amount == 500 and [outcome_text(d) for d in w.decisions][1].startswith("符合")
