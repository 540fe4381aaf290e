"""Every hand-worked case file under tests/cases and examples/ gives its expected results."""
from __future__ import annotations

import pytest

from hzdsl.cases.compare import compare, describe
from hzdsl.cases.load import load_cases
from hzdsl.engine import run_case

from .conftest import CASES, EXAMPLES

CASE_FILES = sorted(CASES.rglob("*.yaml")) + sorted(EXAMPLES.glob("*.yaml"))


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: str(p.relative_to(p.parent.parent)))
def test_case_file(path, program):
    cases = load_cases(path, program)
    assert cases, f"{path} 中没有案例"
    for case in cases:
        assert case.expected, f"{path}「{case.name}」没有写预期结果"
        problems = compare(case, run_case(program, case))
        assert not problems, f"{path}「{case.name}」\n" + "\n".join(describe(m) for m in problems)
