"""Run case files against a program: one `CaseRun` per case (or per file that could not be loaded)."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from ..cases.compare import Mismatch, compare
from ..cases.load import Case, CaseFileError, load_cases
from ..check.program import Program
from ..cases.run import CaseResult, run_case
from ..errors import Diagnostic, HzdslError, Sources, Span

PASS, FAIL, ERROR, INTERNAL = "通过", "失败", "错误", "内部错误"


@dataclass
class CaseRun:
    path: str
    name: str
    outcome: str  # 通过 | 失败 | 错误 (the file could not be loaded) | 内部错误 (hzdsl raised)
    case: Case | None = None
    result: CaseResult | None = None
    mismatches: list[Mismatch] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    message: str = ""
    seconds: float = 0.0

    @property
    def ident(self) -> str:
        return f"{self.path}::{self.name}"

    @property
    def line(self) -> int:
        return self.case.span.line if self.case is not None else 1


@dataclass
class Summary:
    runs: list[CaseRun]
    seconds: float
    skipped_files: list[Path] = field(default_factory=list)
    deselected: int = 0

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.runs if r.outcome == outcome)

    @property
    def ok(self) -> bool:
        return bool(self.runs) and all(r.outcome == PASS for r in self.runs)


def matches(run_ident: str, tags: tuple[str, ...], keywords: list[str] | None) -> bool:
    """-k: a case is selected when any keyword occurs (case-insensitively) in file::name or a tag."""
    if not keywords:
        return True
    hay = [run_ident.lower(), *(t.lower() for t in tags)]
    return any(k.lower() in h for k in keywords for h in hay)


def run_file(path: Path, program: Program, sources: Sources, keywords: list[str] | None = None,
             explain: bool = False) -> tuple[list[CaseRun], int]:
    """Run every selected case of one file; returns the runs and how many cases -k deselected."""
    name = str(path)
    bad: dict[int, list[Diagnostic]] = {}
    try:
        cases = load_cases(path, program, sources)
    except HzdslError as e:
        # a slip inside one case of a 案例: list makes that case ✘ 错误 and the others still run (breaker s22: the
        # whole file was refused, hiding its other results); a problem outside every case refuses the file
        by_case = e.by_case() if isinstance(e, CaseFileError) and e.cases else None
        if by_case is None:
            if keywords and not matches(name, (), keywords):
                return [], 0
            return [CaseRun(name, path.stem, ERROR, diagnostics=e.diagnostics, message="案例文件无法读取")], 0
        cases, bad = e.cases, by_case
    runs, deselected = [], 0
    for i, case in enumerate(cases):
        if not matches(f"{name}::{case.name}", case.tags, keywords):
            deselected += 1
            continue
        if i in bad:
            runs.append(CaseRun(name, case.name, ERROR, case, diagnostics=bad[i], message="案例无法读取"))
            continue
        runs.append(run_one(case, program, explain))
    if not cases:
        runs.append(CaseRun(name, path.stem, ERROR, message="文件中没有案例",
                            diagnostics=[Diagnostic.of("E701", Span(name, 1, 1, 1, 1), form="no_cases")]))
    return runs, deselected


def run_one(case: Case, program: Program, explain: bool = False) -> CaseRun:
    start = time.perf_counter()
    if not case.expected:
        return CaseRun(case.path, case.name, FAIL, case, message="没有写「预期」：无法判断通过与否",
                       diagnostics=[Diagnostic.of("E715", case.span,
                                               "写出按原文手工推算的结论与金额，例如 预期: {一次性创业补贴: 符合}")])
    try:
        result = run_case(program, case, explain=explain)
        mismatches = compare(case, result)
    except Exception as e:  # an hzdsl bug: report it against this case and go on with the others
        return CaseRun(case.path, case.name, INTERNAL, case, message=f"{type(e).__name__}: {e}",
                       seconds=time.perf_counter() - start)
    return CaseRun(case.path, case.name, FAIL if mismatches else PASS, case, result, mismatches,
                   seconds=time.perf_counter() - start)


def run_all(files: list[Path], program: Program, sources: Sources, keywords: list[str] | None = None,
            explain: bool = False) -> Summary:
    start = time.perf_counter()
    runs: list[CaseRun] = []
    deselected = 0
    for f in files:
        r, d = run_file(f, program, sources, keywords, explain)
        runs.extend(r)
        deselected += d
    return Summary(runs, time.perf_counter() - start, deselected=deselected)
