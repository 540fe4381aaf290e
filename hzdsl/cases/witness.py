"""Run a case given as a dict (the YAML of a case file, e.g. a solver's witness) through the case
loader and the scalar engine: proof that the text itself is a runnable case with that outcome."""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..check.program import Program
from ..errors import HzdslError
from ..runtime.evaluate import Decision, Env, Evaluator
from .load import load_cases


@dataclass
class Ran:
    """What the scalar engine answers on the case (None and the loader's message when it does not load)."""

    decision: Decision | None
    error: str = ""
    refused: bool = False  # the loader refused a value above its declared 上限 (E732), and only that


def case_text(case: dict) -> str:
    return yaml.safe_dump(case, allow_unicode=True, sort_keys=False, default_flow_style=False)


def run_case(program: Program, case: dict, key: str) -> Ran:
    """Benefit `key` decided on the case read back from its text (a `结果` key is ignored)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "见证案例.yaml"
        path.write_text(case_text({k: v for k, v in case.items() if k != "结果"}), encoding="utf-8")
        try:
            cases = load_cases(path, program)
        except HzdslError as e:
            return Ran(None, "；".join(d.message for d in e.diagnostics),
                       refused=bool(e.diagnostics) and all(d.code == "E732" for d in e.diagnostics))
    c = cases[0]
    ev = program.derived("evaluator", Evaluator)
    b = ev.benefit(key)
    if b is None:
        return Ran(None, "无此待遇")
    return Ran(ev.decide(b, Env(c.date, c.facts, c.params, c.history)))
