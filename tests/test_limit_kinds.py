"""Every limit kind is handled in each place that switches on the kind (issue 8 point 5).

A new `LimitKind` member must be added to every per-kind table listed in docs/architecture.md
("A new limit kind"); this test fails, naming the table, when one is missed, and checks that the
policies exercise every kind (so the differential tests of the back-ends cover them all).
"""
from __future__ import annotations

import pytest

from hzdsl import ir
from hzdsl.kinds import LimitKind
from hzdsl.loader import load_policies
from hzdsl.review.diff import LIMIT_LABELS
from hzdsl.review.fmt import limit_rule_text

from .conftest import POLICIES


@pytest.fixture(scope="module")
def limits():
    loaded = load_policies([POLICIES])
    assert not loaded.errors
    return list(loaded.ir.limits.values())


@pytest.mark.parametrize("kind", list(LimitKind))
def test_each_kind_has_its_variant_and_labels(kind):
    assert ir.LIMIT_VARIANTS[kind].kind == kind, "ir/nodes.py LIMIT_VARIANTS"
    assert LIMIT_LABELS.get(kind), "review/diff.py LIMIT_LABELS"


@pytest.mark.parametrize("kind", list(LimitKind))
def test_each_kind_is_used_by_the_policies_and_printed_back(kind, limits):
    of_kind = [lim for lim in limits if lim.kind == kind]
    assert of_kind, f"no limit of kind {kind} in policies/: the back-ends' differential tests would not see it"
    for lim in of_kind:
        assert isinstance(lim, ir.LIMIT_VARIANTS[kind])
        with open(lim.span.file, encoding="utf-8") as f:
            source = f.read()
        text = limit_rule_text(lim.origin, source)  # fmt prints the rule back as it is written
        assert " ".join(text.split()) in " ".join(source.split()), (lim.id, text)
