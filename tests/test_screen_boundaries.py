"""DuckDB against the scalar engine on cases aimed at each benefit's own boundaries.

tests/test_screen_diff.py's population is drawn over all 77 benefits at once, with facts often left
out: it catches 满 / 以上 (>=) compiled as >, but not 不超过 / 以内 (<=) compiled as < — measured: 0 of
its cases told them apart, because a case at a <= boundary almost never has every other condition of
that benefit met. Here every benefit gets cases of its own with every fact it depends on given
(`CaseFactory.cases(full=True, focus=(benefit,))`: literals of the policy, one step either side),
so one wrong comparison word changes some decision. Expected values are the scalar engine's
(the reference), never the SQL back-end's own output.
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings

from hzdsl.backends.sql import compile_program, expressions
from hzdsl.testing.strategies import factory

from .test_screen_diff import COLLECT, compiled, mismatches, representable  # noqa: F401

pytest.importorskip("duckdb")

PER_BENEFIT = 8


@pytest.fixture(scope="module")
def focused(program, compiled):
    """PER_BENEFIT derandomised cases per benefit, every fact that benefit depends on given."""
    f = factory(program)
    drawn = []
    for key in program.benefits:
        @settings(COLLECT, max_examples=PER_BENEFIT)
        @given(f.cases(full=True, focus=(key,)))
        def collect(case):
            if representable(program, compiled.layout, case):
                drawn.append(case)

        collect()
    assert len(drawn) > 4 * len(program.benefits)
    return drawn


def test_duckdb_agrees_on_every_benefit_s_own_boundaries(program, compiled, focused):
    bad = mismatches(program, compiled, focused)
    assert not bad, "\n".join(bad[:20])


@pytest.mark.parametrize("word, planted", [("<=", "<"), (">=", ">"), ("==", "!=")])
def test_a_wrong_comparison_word_is_caught(program, focused, monkeypatch, word, planted):
    """不超过 / 以内 as <, 满 / 以上 as >, 是 as 不是: each planted slip must change some decision."""
    monkeypatch.setitem(expressions.COMPARISONS, word, dict(expressions.COMPARISONS)[planted])
    bad = mismatches(program, compile_program(program, track_missing=True), focused)
    assert bad, f"the planted {word} → {planted} slip went unnoticed"
