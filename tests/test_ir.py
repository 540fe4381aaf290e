"""The IR: every reference resolved, every expression typed, literals exact, stable ids, one dependency analysis."""
from __future__ import annotations

from dataclasses import fields
from fractions import Fraction

import pytest

from hzdsl import ir
from hzdsl.frontend import check_sources
from hzdsl.ir import ir_of
from hzdsl.kinds import LimitKind, TypeKind
from hzdsl.syntax.walk import find_all, walk

from .conftest import POLICIES

OFFICIAL = (POLICIES / "official.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def prog(program):
    return ir_of(program)


def test_every_reference_is_resolved_to_its_declaration(prog):
    refs = [r for b in (*prog.benefits.values(), *prog.terms.values()) for r in find_all(b, ir.Ref)]
    assert len(refs) > 300
    for r in refs:
        assert r.kind != ir.RefKind.UNRESOLVED, r
        target = prog.node(r.decl_id)
        assert isinstance(target, {"事实": ir.Fact, "参数": ir.Param, "术语": ir.Term}[r.kind]) and target.key == r.key


def test_every_expression_is_typed_and_literals_are_exact(prog):
    b = prog.benefits["个人创业担保贷款"]
    cap = b.outcome.payout  # 则 最高不超过 50 万元 (the most that can be lent)
    assert b.outcome.up_to
    assert isinstance(cap, ir.Quantity) and cap.value.value == Fraction(500000) and cap.value.dim == (("元", 1),)
    assert cap.type.kind == TypeKind.NUM and cap.unit.text == "万元"
    for node in walk(list(prog.benefits.values())):
        if isinstance(node, ir.Expr):
            assert node.type.kind in TypeKind, node.id
    # 贷款合同利率 不超过 LPR + 50BP: a comparison of two rates, both dimensionless
    term = prog.terms["贷款利率合规"].body
    assert isinstance(term, ir.Compare) and term.op == ir.CmpOp.LE
    assert term.right.type.kind == TypeKind.NUM and term.right.type.dim == ()
    assert term.right.right.value.value == Fraction(50, 10000)  # 50BP exactly


def test_dependencies_worked_out_from_clause_four(prog):
    # 个人创业担保贷款 ← 个人创业担保贷款借款人 (贷款类别 是 个人 且 符合条件的劳动者), nothing else; limited by
    # 贷款次数累计不超过 3 次 and 累计「贷款期限」不超过 3 年, which read the claim history.
    d = prog.deps["个人创业担保贷款"]
    # (符合条件的劳动者 is a fact: facts.policy)
    assert d.terms == {"个人创业担保贷款借款人"}
    assert d.facts == {"贷款类别", "符合条件的劳动者", "贷款期限"}
    assert d.history_fields == {"贷款期限"}
    assert d.limits == {"创业担保贷款次数", "创业担保贷款期限"}
    assert d.history
    # 一次性创业补贴 (clause 三) reads the history only through its 限领一次 count (no field of past
    # claims); 重点人群 is reached through a term
    d3 = prog.deps["一次性创业补贴"]
    assert "重点人群" in d3.terms and "正常经营时长" in d3.facts and "身份" in d3.facts
    assert d3.history and d3.limits == {"一次性创业补贴限领一次"} and not d3.history_fields and not d3.params
    # 贷款利率合规 reads the parameter LPR
    assert "LPR" in prog.term_deps["贷款利率合规"].params
    assert "个人创业担保贷款全额贴息" in prog.users_of("LPR")


def test_limits_are_a_closed_set_of_variants(prog):
    kinds = {lim.kind for lim in prog.limits.values()}
    assert kinds <= set(LimitKind)
    for lim in prog.limits.values():
        assert type(lim) is ir.LIMIT_VARIANTS[lim.kind]
    count = prog.limits["创业担保贷款次数"]
    assert isinstance(count, ir.TotalCount) and count.bound == 3
    assert count.targets == ("个人创业担保贷款", "企业吸纳就业创业担保贷款")
    assert isinstance(prog.limits["创业担保贷款期限"], ir.TotalSum) and prog.limits["创业担保贷款期限"].field == "贷款期限"


def _ids_and_shapes(prog):
    """Every id with its node stripped of positions (spans) — what must not move."""
    def shape(x):
        return type(x).__name__, tuple((f.name, getattr(x, f.name)) for f in fields(x)
                                       if f.name not in {"span", "origin"} and not ir.nodes.Node.__dataclass_fields__.get(f.name)
                                       and not isinstance(getattr(x, f.name), (tuple, ir.Node)))
    return {i: shape(x) for i, x in prog.nodes.items()}


def _corpus():
    return {f.name: f.read_text(encoding="utf-8") for f in sorted(POLICIES.glob("*.policy"))}


def test_ids_survive_reformatting_reordering_and_moving_files():
    base = check_sources(_corpus(), OFFICIAL)
    assert not base.errors
    texts = _corpus()
    # reformat c03: extra blank lines and comments, and re-indent; move c04 to another folder and name
    texts["c03.policy"] = texts["c03.policy"].replace("\n\n", "\n\n# 注\n\n\n").replace("\n    ", "\n        ")
    texts["另一目录/第四条.policy"] = texts.pop("c04.policy")
    # and swap two benefits of clause 三 (declaration order inside the clause)
    c = texts["c03.policy"]
    i, j = c.index("待遇 「一次性创业补贴」"), c.index("待遇 「一次性创业社保补贴」")
    k = c.index("待遇 「创业带动就业补贴」")
    texts["c03.policy"] = c[:i] + c[j:k] + c[i:j] + c[k:]
    moved = check_sources(texts, OFFICIAL)
    assert not moved.errors, moved.errors[:3]
    a, b = ir_of(base.program), ir_of(moved.program)
    assert set(a.nodes) == set(b.nodes)
    assert _ids_and_shapes(a) == _ids_and_shapes(b)
    assert a.nodes["三/待遇:一次性创业补贴/condition"].span != b.nodes["三/待遇:一次性创业补贴/condition"].span


def test_ids_name_clause_declaration_and_path(prog):
    b = prog.benefits["一次性创业补贴"]
    assert b.id == "三/待遇:一次性创业补贴"
    assert b.condition.id == "三/待遇:一次性创业补贴/condition"
    assert b.condition.operands[2].id == "三/待遇:一次性创业补贴/condition/operands/2"
    assert prog.facts["正常经营时长"].id == "事实:正常经营时长"
    assert len(prog.nodes) == len({id(x) for x in prog.nodes.values()})  # one node per id


def test_ir_of_a_program_with_errors_does_not_raise():
    text = "条款 三 「加大创业资金扶持力度」。\n\n待遇 「补贴」(补贴)\n    依据「一次性创业补贴」\n    若 「未声明」\n    则 3000 元。\n"
    loaded = check_sources({"a.policy": text}, OFFICIAL)
    assert loaded.errors
    p = ir_of(loaded.program)
    cond = p.benefits["补贴"].condition
    assert cond.kind == ir.RefKind.UNRESOLVED and cond.decl_id == ""


def test_clause_order_is_numeric():
    assert sorted(["十二", "三", "二十三", "十", "", "二十"], key=ir.clause_order) == ["", "三", "十", "十二", "二十", "二十三"]
