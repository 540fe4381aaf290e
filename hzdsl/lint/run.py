"""Lint a checked program: static and solver findings, silences applied, sorted by location."""
from __future__ import annotations

import time

from ..check.program import Program
from ..errors import Diagnostic
from ..ir import ir_of
from .findings import STATIC_CODES, LintResult
from .silence import apply, collect
from .static import static_findings


def lint(program: Program, timeout_s: float = 5.0, use_solver: bool = True, diagnostics=()) -> LintResult:
    """All findings of `program`. With use_solver=False only the cheap ones (as `hzdsl check` does):
    then silences of solver codes are not reported as unused. `diagnostics`: the checker's
    diagnostics of the program (its W601 / W603 warnings become findings)."""
    t0 = time.perf_counter()
    silences, errors = collect(program.modules)
    findings = static_findings(ir_of(program), diagnostics)
    if use_solver:
        from .solver import solver_findings

        findings += solver_findings(program, timeout_s)
    findings += apply(findings, silences, None if use_solver else STATIC_CODES)
    for f in findings:  # a witness the engine does not confirm: hzdsl's own fault, never a proof
        if f.witness is not None and not f.verified:
            errors.append(Diagnostic.of("E973", f.span, "这是 hzdsl 自身的错误，请报告", finding_code=f.code,
                                        finding=f.message))
    findings.sort(key=lambda f: (f.span.file, f.span.line, f.span.col, f.code))
    return LintResult(findings, errors, time.perf_counter() - t0)
