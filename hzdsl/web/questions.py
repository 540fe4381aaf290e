"""The case page's choice of applicant: which kinds there are, which benefits and facts concern one.

Nothing is decided here that `hzdsl run` decides differently: who a benefit concerns is
`hzdsl.interview.applicant` (the entities of the facts its rules read), and the questions to ask
next are `hzdsl.interview.questions.next_questions`, reached through `caseview.case_view` — the
page shows what `run` lists, in that order.
"""
from __future__ import annotations

from ..check.program import Program
from ..interview.applicant import benefit_kinds, case_kinds, concerns, entity_kinds


def kinds(program: Program) -> list[str]:
    """The kinds of applicant (the entities of the declared facts), in declaration order."""
    return entity_kinds(program)


def benefits_of_kind(program: Program, kind: str) -> list[str]:
    """Benefit keys `run` shows to an applicant of `kind` (all benefits when kind is "")."""
    if not kind:
        return list(program.benefits)
    wanted = frozenset({kind})
    return [b for b, ks in benefit_kinds(program).items() if concerns(ks, wanted)]


def facts_of(program: Program, benefit_keys: list[str]) -> list[str]:
    """Every fact key the given benefits depend on, in declaration order (the page's questions)."""
    from ..ir import ir_of

    deps = ir_of(program).deps
    wanted: set[str] = set()
    for b in benefit_keys:
        wanted |= deps[b].facts
    return [k for k in program.facts if k in wanted]


def applicant(program: Program, kind: str, facts: dict, declared: tuple[str, ...]) -> tuple[str, ...]:
    """Who the page's case concerns: the case's own 申请人 when it names one; else the kind chosen on
    the page together with the entities of the facts answered — what `run` infers from the facts
    alone, plus the choice (so a case with no answer yet is already about that kind)."""
    if declared or not kind:
        return declared
    return tuple(sorted(case_kinds(program, facts) | {kind}))
