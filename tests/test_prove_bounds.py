"""`diff --prove` proves a change of a fact's 上限 — the bound alone, every rule the same (breaker s21: such a
change came out "没有规则改变、新增或删除的待遇，无需证明", though the diff itself listed 「影响待遇」).

By hand, on the repository's c05: 「本期租金补贴天数」 is declared 上限 366 天 and read by both 场地租金补贴
(面积 × 标准 × 天数). Lowered to 365 天, an applicant with 366 天 who qualified before is refused by the
new version's case loader (E732 录入错误) and can no longer claim with that value: nobody is better off,
that applicant is worse off — 收紧 (读法 in backends/smt/compare.py: a refused applicant ranks with 不符合).
Raised to 400 天, an applicant with, say, 367 天 was refused before and qualifies now — 放宽. Between the two
bounds the amounts of applicants both versions accept do not change.
"""
from __future__ import annotations

import re
import shutil

import pytest

pytest.importorskip("z3")

from hzdsl.cli import main  # noqa: E402

from .conftest import POLICIES  # noqa: E402

LINE = "「本期租金补贴天数」：个人 时长(天) 上限 366 天"
BENEFITS = ("创业陪跑空间内场地租金补贴", "创业陪跑空间外场地租金补贴")


def bound_changed(tmp_path, upper: str) -> str:
    new = tmp_path / "new"
    shutil.copytree(POLICIES, new)
    text = (new / "c05.policy").read_text(encoding="utf-8")
    assert text.count(LINE) == 1
    (new / "c05.policy").write_text(text.replace(LINE, LINE.replace("366 天", upper)), encoding="utf-8")
    return str(new)


def proofs_section(tmp_path, capsys, upper: str) -> str:
    code = main(["diff", str(POLICIES), bound_changed(tmp_path, upper), "--prove", "--no-impact"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "上限：366 天 → " + upper in out  # the diff lists the change …
    return out[out.index("证明（z3）"):]  # … and the proof section proves it


def days(line: str) -> float:
    return float(re.search(r"本期租金补贴天数 = ([0-9.]+) 天", line).group(1))


def test_a_lowered_upper_bound_of_a_fact_is_proven_tighter(tmp_path, capsys):
    section = proofs_section(tmp_path, capsys, "365 天")
    assert "无需证明" not in section
    lines = section.splitlines()
    for name in BENEFITS:
        i = lines.index(next(x for x in lines if x.startswith(f"待遇「{name}」")))
        assert lines[i].startswith(f"待遇「{name}」：收紧（已证明"), lines[i]
        witness, case = lines[i + 1], lines[i + 2]
        assert witness.startswith("  更不利的申请人：符合"), witness
        # accepted by the old version only: 365 < days ≤ 366, and a plausible witness (whole days) has 366
        assert days(case) == 366, case
        assert "→ 录入错误（「本期租金补贴天数」的值「366 天」超过上限 365 天）（已由解释器验证）" in witness


def test_a_raised_upper_bound_of_a_fact_is_proven_wider(tmp_path, capsys):
    section = proofs_section(tmp_path, capsys, "400 天")
    lines = section.splitlines()
    for name in BENEFITS:
        i = lines.index(next(x for x in lines if x.startswith(f"待遇「{name}」")))
        assert lines[i].startswith(f"待遇「{name}」：放宽（已证明"), lines[i]
        witness, case = lines[i + 1], lines[i + 2]
        value = days(case)
        assert 366 < value <= 400 and value == int(value), case
        assert witness.startswith(f"  更有利的申请人：录入错误（「本期租金补贴天数」的值「{value:g} 天」超过上限 366 天） → 符合"), \
            witness
        assert witness.endswith("（已由解释器验证）"), witness


def test_the_universe_admits_the_loosest_bound_and_each_version_its_own(program, tmp_path):
    """Values.Universe: one version alone keeps its 上限 as a hard bound (lint, single benefits); two versions
    with different 上限 admit the looser, and `valid` tells which version accepts the value."""
    import z3

    from hzdsl.backends.smt.values import Universe, real
    from hzdsl.ir import ir_of
    from hzdsl.loader import load_policies

    from pathlib import Path

    old = ir_of(program)
    new = ir_of(load_policies(sorted(Path(bound_changed(tmp_path, "365 天")).glob("*.policy"))).program)
    key = "本期租金补贴天数"

    def possible(u, *goal) -> bool:
        s = z3.Solver(ctx=u.ctx)
        s.add(*u.constraints, *goal)
        return s.check() == z3.sat

    alone = Universe()
    v = alone.input(new, key)
    assert possible(alone, v.value == real(365, alone.ctx)) and not possible(alone, v.value == real(366, alone.ctx))
    both = Universe()
    v = both.input(old, key)
    assert both.input(new, key) is v
    at = v.value == real(366, both.ctx)
    assert possible(both, v.known, at) and not possible(both, v.value == real(367, both.ctx))
    assert possible(both, v.known, at, both.valid(old)) and not possible(both, v.known, at, both.valid(new))
    assert possible(both, z3.Not(v.known), at, both.valid(new))  # a value not given is never refused
