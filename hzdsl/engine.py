"""The public facade for scripts and tests: compile a checked program, run a case.

Nothing inside hzdsl imports this module (it sits at the top of the layers, beside the verbs);
the implementations live in `hzdsl.runtime.evaluate` (evaluator_for) and `hzdsl.cases.run`
(run_case, CaseResult).
"""
from __future__ import annotations

from .cases.run import CaseResult, run_case
from .runtime.evaluate import Decision, Env, Evaluator, evaluator_for

__all__ = ["CaseResult", "run_case", "evaluator_for", "Decision", "Env", "Evaluator"]
