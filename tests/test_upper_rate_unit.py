"""A 比率's 上限 says its unit: `上限 1` on a rate is refused (E221), as a bare rate is in a case file (E706) and in a
population cell or column (E912) — `0.0415` may be the fraction (4.15%) or the percentage itself.

Before, `事实 「留用率」：基地 比率 上限 1` checked clean and meant 1 = 100%; `上限 50`, a drafter's 50%, meant 5000% —
a bound that never refuses anything (breaker, session 21). Units that say it (100%, 10000BP) keep their meaning.
"""
from __future__ import annotations

import shutil

import pytest

from .test_upper_bounds import CLAUSE, POLICIES, _at, _block, _run


def _check(tmp_path, capsys, decl: str):
    folder = tmp_path / "p"
    folder.mkdir()
    shutil.copy(POLICIES / "official.txt", folder / "official.txt")
    text = CLAUSE + decl + "\n"
    (folder / "p.policy").write_text(text, encoding="utf-8")
    return folder, text, _run(capsys, "check", folder)


@pytest.mark.parametrize("decl, bound, hint", [
    ("事实 「甲」：基地 比率 上限 1。", "1", "写明单位：1 若是小数，即 100%；若已按 % 计，写 1%"),
    ("事实 「甲」：基地 比率 上限 50，释义 “占比”。", "50", "写明单位：50 若是小数，即 5000%；若已按 % 计，写 50%"),
    ("参数 「甲」：比率 上限 0.5。", "0.5", "写明单位：0.5 若是小数，即 50%；若已按 % 计，写 0.5%"),
])
def test_a_rate_bound_without_a_unit_is_refused(tmp_path, capsys, decl, bound, hint):
    folder, text, (status, out, err) = _check(tmp_path, capsys, decl)
    line, col = _at(text, bound, nth=text[:text.index("上限")].count(bound))
    block = _block(err, f"{folder / 'p.policy'}:{line}:{col}:", "E221")
    assert status == 1
    assert f"「甲」的上限 {bound} 没有写单位" in block.splitlines()[0], block
    assert hint in block, block


@pytest.mark.parametrize("decl", ["事实 「甲」：基地 比率 上限 100%。", "事实 「甲」：基地 比率 上限 10000BP。",
                                  "事实 「甲」：基地 数 上限 3。", "事实 「甲」：个人 计数(人) 上限 6 人。"])
def test_a_bound_that_says_its_unit_or_needs_none_is_accepted(tmp_path, capsys, decl):
    assert _check(tmp_path, capsys, decl)[2][0] == 0
