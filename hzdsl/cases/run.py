"""Run one case: a checked program and a case in, one decision per benefit out (the explanation
record too when asked for). `hzdsl.engine` is the public facade over this."""
from __future__ import annotations

from dataclasses import dataclass

from ..check.program import Program
from ..runtime.evaluate import Decision, Env, evaluator_for
from .load import Case


@dataclass
class CaseResult:
    """A case, its decisions (one per benefit, in declaration order) and the explanation record
    (None unless asked for: node → value, for render's explanation tree)."""

    case: Case
    decisions: list[Decision]
    record: dict | None


def run_case(program: Program, case: Case, explain: bool = False) -> CaseResult:
    ev = evaluator_for(program)
    env = Env(case.date, case.facts, case.params, case.history, record={} if explain else None)
    return CaseResult(case, ev.decide_all(env), env.record)
