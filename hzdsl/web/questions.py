"""Which facts to ask next on the case page, and which benefits concern a kind of applicant.

A stand-in until the caseworker view's "next questions" lands (see /work/TEAM-API.md): a fact
decides more the more undecided (待定) benefits list it as missing; ties keep declaration order.
Results come from the engine's own decisions (`Decision.missing`), never re-derived here.
"""
from __future__ import annotations

from ..cases.run import CaseResult
from ..ir.program import IRProgram
from ..runtime.values import KeyKind
from ..syntax.normalize import compact


def kinds(prog: IRProgram) -> list[str]:
    """The kinds of applicant (the entities of the declared facts), in declaration order."""
    seen: dict[str, None] = {}
    for f in prog.facts.values():
        seen.setdefault(f.entity, None)
    return list(seen)


def benefits_of_kind(prog: IRProgram, kind: str) -> list[str]:
    """Benefit keys depending on at least one fact about `kind` (all benefits when kind is "")."""
    if not kind:
        return list(prog.benefits)
    return [b for b, d in prog.deps.items() if any(prog.facts[f].entity == kind for f in d.facts if f in prog.facts)]


def facts_of(prog: IRProgram, benefit_keys: list[str]) -> list[str]:
    """Every fact key the given benefits depend on, in declaration order."""
    wanted: set[str] = set()
    for b in benefit_keys:
        wanted |= prog.deps[b].facts
    return [k for k in prog.facts if k in wanted]


def next_questions(prog: IRProgram, result: CaseResult, benefit_keys: list[str], answered: set[str]) -> list[str]:
    """Fact keys not yet answered, the one blocking the most undecided benefits first."""
    score: dict[str, int] = {}
    wanted = set(benefit_keys)
    for d in result.decisions:
        if d.rule.key not in wanted or d.missing is None:
            continue
        for missing in d.missing.missing:
            if missing.kind != KeyKind.FACT:
                continue  # a parameter, the claim history, a draft date: not a question about the applicant
            key = compact(missing.subject)
            if key in prog.facts and key not in answered:
                score[key] = score.get(key, 0) + 1
    order = {k: i for i, k in enumerate(prog.facts)}
    return sorted(score, key=lambda k: (-score[k], order[k]))
