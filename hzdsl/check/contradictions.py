"""Contradictions in a policy set, found at check time (issue 9, point 6).

- Two declarations of one name: a second 限制 under a name another 限制 already uses, or a second
  例外 of one benefit under a name already used for that benefit, is E202, as for 待遇, 术语, 事实
  and 参数 (checked by the collector). A pasted copy would otherwise act silently: two exceptions
  conflict at run time, the stricter of two limits wins.
- A floor above a cap of the same payout, both written as constants (最低 6000 元，最高不超过 5000 元):
  E305. The amount cannot satisfy both.
- A payout that can go below 0 — it subtracts (减, 负号) and has no 最低: W604, since a negative
  amount is never a grant (at run time such a result is 待定, 金额为负; a floor above a cap known only
  at run time is 冲突 — runtime, SQL and SMT back-ends alike, lint's W655/W657 give witnesses).
"""
from __future__ import annotations

from ..errors import Diagnostic, Related
from ..kinds import ModifierKind
from ..syntax import nodes as n
from ..syntax.walk import children
from ..units import Q, UnitError, format_q, parse_unit
from .program import Program


def find_contradictions(program: Program) -> list[Diagnostic]:
    """Every contradiction of the checked program, in source order."""
    return [*_duplicate_names(program), *_bounds(program)]


def _duplicate_names(program: Program) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    # 例外 and 限制 are named but never referred to in formulas: their names form tables of their
    # own (a 限制 may share its name with the 事实 it sums: 限制「贷款期限」 over 事实「贷款期限」);
    # an exception's name is unique among the exceptions of its benefit (its id is under it)
    taken: dict[tuple[str, str], tuple[str, n.Name]] = {}
    parts: dict[str, n.PartDecl] = {}
    for m in program.modules:
        for d in m.decls:
            if isinstance(d, n.PartDecl):
                if d.number in parts:
                    out.append(Diagnostic.of("E202", d.span, "同一部分只声明一次：删去这一行，或改正部分的序号",
                                             related=(Related(parts[d.number].span, "首次声明"),), form="part",
                                             number=d.number))
                parts.setdefault(d.number, d)
            if not isinstance(d, (n.ExceptionDecl, n.LimitDecl)):
                continue
            kind = "例外" if isinstance(d, n.ExceptionDecl) else "限制"
            slot = (d.target.key if isinstance(d, n.ExceptionDecl) else "限制", d.name.key)
            first = taken.get(slot)
            if first is not None:
                out.append(Diagnostic.of("E202", d.name.span, "每个名称只定义一次——要改规则就改原来那一条，不要另贴一条",
                                         related=(Related(first[1].span, f"首次定义（{first[0]}）"),), form="kind",
                                         name=d.name.text, kind=kind))
                continue
            taken[slot] = (kind, d.name)
    return out


def _constant(e: n.Expr | None, program: Program) -> Q | None:
    """The value of a literal quantity (possibly named by a term), else None."""
    seen = set()
    while isinstance(e, n.Ref) and e.name.key in program.terms and e.name.key not in seen:
        seen.add(e.name.key)
        e = program.terms[e.name.key].body
    if not isinstance(e, n.Quantity):
        return None
    try:
        return Q.of(e.number, parse_unit(e.unit))
    except (UnitError, ValueError, ArithmeticError):
        return None  # reported by the unit checker


def _outcomes(program: Program):
    for b in program.benefits.values():
        yield b, b.outcome
    for excs in program.exceptions.values():
        for x in excs:
            yield x, x.outcome


def _bounds(program: Program) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for d, o in _outcomes(program):
        caps = [(m, _constant(m.value, program)) for m in o.modifiers if m.kind == ModifierKind.CAP]
        floors = [(m, _constant(m.value, program)) for m in o.modifiers if m.kind == ModifierKind.FLOOR]
        for fm, fv in floors:
            for cm, cv in caps:
                if fv is not None and cv is not None and fv.dim == cv.dim and fv.value > cv.value:
                    out.append(Diagnostic.of(
                        "E305", fm.span, "核对原文，改正下限或上限中的一个", related=(Related(cm.span, "上限"),),
                        name=d.name.text, floor=format_q(fv), cap=format_q(cv)))
        constant = _constant(o.payout.operand, program) if isinstance(o.payout, n.Neg) else None
        if constant is not None and constant.value > 0 and not floors:
            constant = Q(-constant.value, constant.dim)
            # 则 -3000 元: no subtraction to blame, and certainly negative — worded as what it is (breaker s22)
            out.append(Diagnostic.of(
                "W604", o.payout.span, "核对原文：给付的金额是正数；原文是扣减时写成 A − B，并加「，最低 0 元」",
                form="constant", name=d.name.text, amount=format_q(constant)))
        elif o.payout is not None and not floors and _subtracts(o.payout, program, set()):
            out.append(Diagnostic.of(
                "W604", o.payout.span,
                "负的金额不是给付：若原文的意思是“不足时不给”，加「，最低 0 元」", name=d.name.text))
    return out


def _subtracts(e, program: Program, seen: set[str]) -> bool:
    """Whether an expression subtracts or negates anywhere (following terms). 超出…的部分 never goes
    below 0, so what is inside it does not count."""
    if isinstance(e, n.Binary) and e.op == "-":
        return True
    if isinstance(e, n.Neg):
        return True
    if isinstance(e, n.Excess):
        return False
    if isinstance(e, n.Ref):
        key = e.name.key
        if key in program.terms and key not in seen:
            seen.add(key)
            return _subtracts(program.terms[key].body, program, seen)
        return False
    return any(_subtracts(c, program, seen) for c in children(e))

