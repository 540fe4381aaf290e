"""The main job: a checked program and a case in, one decision per benefit out."""
from __future__ import annotations

from dataclasses import dataclass
from .cases.load import Case
from .check.program import Program
from .runtime.evaluate import Decision, Env, Evaluator


def evaluator_for(program: Program) -> Evaluator:
    """Compile once per program; every later case reuses the closures."""
    return program.derived("evaluator", Evaluator)


@dataclass
class CaseResult:
    case: Case
    decisions: list[Decision]
    record: dict | None


def run_case(program: Program, case: Case, explain: bool = False) -> CaseResult:
    ev = evaluator_for(program)
    env = Env(case.date, case.facts, case.params, case.history, record={} if explain else None)
    return CaseResult(case, ev.decide_all(env), env.record)
