"""Every limit kind is ONE entry of the table in hzdsl/limitspec.py, and every stage reads it (issue 8).

The grammar reads the words before a limit's comparison word and the table says which kind they
make; the IR variant is made from the entry; the scalar runtime, SQL and z3 interpret its aggregate
× window; fmt, diff and the site word it from the entry. These tests fail when the table and a stage
drift apart, and check that the policies exercise every kind (so the differential tests of the
back-ends cover them all).
"""
from __future__ import annotations

import pytest

from hzdsl import ir
from hzdsl.kinds import LimitKind
from hzdsl.limitspec import FIELD, PHRASES, SPEC, SPECS, Aggregate, Window, spec_of
from hzdsl.loader import load_policies
from hzdsl.review.diff import LIMIT_LABELS
from hzdsl.review.fmt import limit_rule_text
from hzdsl.syntax.build import parse_module
from hzdsl.web.plain import LIMIT_KINDS as PLAIN

from .conftest import POLICIES


@pytest.fixture(scope="module")
def limits():
    loaded = load_policies([POLICIES])
    assert not loaded.errors
    return list(loaded.ir.limits.values())


def test_one_entry_per_kind_and_one_kind_per_phrase():
    assert [s.kind for s in SPECS] == list(LimitKind), "limitspec.SPECS: one entry per LimitKind, in order"
    phrases = [p for s in SPECS for p in s.phrases]
    assert len(phrases) == len(set(phrases)) == len(PHRASES), "two kinds written the same way"
    assert sum(s.aggregate is Aggregate.NO_REPEAT for s in SPECS) == 1  # its own shape in the grammar
    assert all(s.phrases for s in SPECS if s.aggregate is not Aggregate.NO_REPEAT)


@pytest.mark.parametrize("kind", list(LimitKind))
def test_each_kind_has_its_variant_and_labels(kind):
    spec = spec_of(kind)
    cls = ir.LIMIT_VARIANTS[kind]
    assert cls.kind == kind and cls.__name__ == spec.variant, "ir/nodes.py LIMIT_VARIANTS"
    assert issubclass(cls, ir.AGGREGATE_CLASSES[spec.aggregate])
    assert LIMIT_LABELS.get(kind) == spec.label and PLAIN.get(kind) == spec.plain


def _limit_source(words: str) -> str:
    return ("条款 三 「x」。\n事实 「期限」：个人 时长(个月)。\n待遇 「甲」 依据「y」 则 1 元。\n"
            f"限制 「乙」 依据「y」 适用于 「甲」：{words}。\n")


@pytest.mark.parametrize("spec,phrase", [(s, p) for s in SPECS for p in s.phrases])
def test_each_phrase_parses_to_its_kind_and_prints_back(spec, phrase):
    """The grammar is table-driven: every phrase of the table parses to that kind, and fmt prints it back."""
    written = " ".join("「期限」" if w == FIELD else w for w in phrase) + " 不超过 3 次"
    module, diags = parse_module(_limit_source(written), "t.policy")
    assert not diags, diags
    (lim,) = [d for d in module.decls if d.__class__.__name__ == "LimitDecl"]
    assert lim.kind == spec.kind
    assert (lim.field is not None) == (FIELD in phrase)
    assert limit_rule_text(lim) == written


def test_an_unknown_phrase_is_e106_at_its_words():
    """每年 不超过 3 次 (每年 without 金额) is no kind of the table: E106 at 7:13, naming the words and
    listing what may be written; the statement is dropped, nothing else is built from it."""
    text = "条款 三 「x」。\n待遇 「甲」 依据「y」 则 1 元。\n\n\n\n限制 「乙」 依据「y」\n    适用于 「甲」：每年 不超过 3 次。\n"
    module, diags = parse_module(text, "t.policy")
    (d,) = diags
    assert (d.code, d.span.line, d.span.col, d.span.end_col) == ("E106", 7, 13, 15)
    assert "「每年 …」" in d.message
    assert "每人每年 不超过" in d.hint and "每年 金额 不超过" in d.hint and "不得重复享受" in d.hint
    assert not [x for x in module.decls if x.__class__.__name__ == "LimitDecl"]


def test_windows_and_aggregates_read_from_the_entry(limits):
    """What a limit means comes from its entry: the per-year window and the aggregate's class."""
    for lim in limits:
        assert lim.per_year == (SPEC[lim.kind].window is Window.YEAR)
        assert isinstance(lim, ir.AGGREGATE_CLASSES[SPEC[lim.kind].aggregate])


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
