"""Who applies: applicant kinds (个人, 企业, 基地 …) derived from the entities facts are declared on.

A fact is declared on an entity (`事实 「正常经营时长」：企业 …`). A benefit concerns the kinds of
applicant whose facts its rules read (through its terms, exceptions and limits); a case concerns the
kinds it names under 「申请人」, or else the kinds of the facts it gives. A benefit is shown for a case
when the two share a kind — a graduate who runs a business sees the benefits of 个人 and of 企业, never
those of 高校 or 社区.
"""
from __future__ import annotations

from ..check.program import Program


def entity_kinds(program: Program) -> list[str]:
    """Every entity facts are declared on, in first-declared order (e.g. ['个人', '企业', …])."""
    seen: dict[str, None] = {}
    for info in program.facts.values():
        seen.setdefault(info.decl.entity, None)
    return list(seen)


def _benefit_kinds(program: Program) -> dict[str, frozenset[str]]:
    from ..ir import ir_of

    prog = ir_of(program)
    return {key: frozenset(prog.facts[k].entity for k in prog.deps[key].facts if k in prog.facts)
            for key in prog.benefits}


def benefit_kinds(program: Program) -> dict[str, frozenset[str]]:
    """benefit key → the applicant kinds whose facts its rules read (empty: reads no fact)."""
    return program.derived("interview.benefit_kinds", _benefit_kinds)


def case_kinds(program: Program, facts: dict, declared: tuple[str, ...] = ()) -> frozenset[str]:
    """The kinds a case concerns: its 「申请人」 when given, else the entities of the facts it gives.

    A case that gives no fact and names no applicant concerns every kind (nothing is hidden).
    """
    if declared:
        return frozenset(declared)
    return frozenset(program.facts[k].decl.entity for k in facts if k in program.facts)


def concerns(kinds_of_benefit: frozenset[str], kinds_of_case: frozenset[str]) -> bool:
    """Whether a benefit is shown for a case: they share a kind, or either side is unrestricted."""
    return not kinds_of_benefit or not kinds_of_case or bool(kinds_of_benefit & kinds_of_case)
