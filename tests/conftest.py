"""Shared fixtures: the repository's policies, loaded and checked once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

from hzdsl.loader import load_policies

REPO = Path(__file__).resolve().parent.parent
POLICIES = REPO / "policies"
CASES = REPO / "tests" / "cases"
EXAMPLES = REPO / "examples"


@pytest.fixture(scope="session")
def loaded():
    result = load_policies([POLICIES])
    assert not result.errors, [str(d) for d in result.errors]
    return result


@pytest.fixture(scope="session")
def program(loaded):
    return loaded.program
