"""The front end from memory (check_sources) and the one generic traversal (children / walk / find_all)."""
from __future__ import annotations

from hzdsl.frontend import check_sources
from hzdsl.syntax import nodes as n
from hzdsl.syntax.walk import children, find_all, walk

from .conftest import POLICIES

OFFICIAL = (POLICIES / "official.txt").read_text(encoding="utf-8")


def _corpus() -> dict[str, str]:
    return {str(f): f.read_text(encoding="utf-8") for f in sorted(POLICIES.glob("*.policy"))}


def test_check_sources_matches_the_disk_loader(loaded):
    mem = check_sources(_corpus(), OFFICIAL, str(POLICIES / "official.txt"))
    assert [d.to_json() for d in mem.diagnostics] == [d.to_json() for d in loaded.diagnostics]
    assert list(mem.program.benefits) == list(loaded.program.benefits)
    assert mem.program.modules == loaded.program.modules


def test_check_sources_reads_unsaved_buffers_only(tmp_path):
    # the buffer's name does not exist on disk: nothing is read from it
    name = str(tmp_path / "未保存.policy")
    text = "条款 三 「加大创业资金扶持力度」。\n\n待遇 「补贴」(补贴)\n    依据「可按规定申领 3000 元的一次性创业补贴」\n    若 「未声明」\n    则 3000 元。\n"
    result = check_sources({name: text}, OFFICIAL)
    codes = [(d.code, d.span.file, d.span.line) for d in result.errors]
    assert codes == [("E201", name, 5)]
    assert result.sources.line(name, 5).strip().startswith("若")


def test_check_sources_checks_quotes_against_the_given_text():
    text = "条款 三 「加大创业资金扶持力度」。\n"
    assert not check_sources({"a.policy": text}, OFFICIAL).errors
    wrong = check_sources({"a.policy": text}, "（三）别的条款。\n", "old:official.txt")
    assert [d.code for d in wrong.errors] == ["E401"]


def test_walk_visits_every_reference_including_lookup_rows(program):
    # a lookup row's key and value are children too (one old walker skipped rows)
    lookups = [x for d in program.benefits.values() for x in find_all(d, n.Lookup)]
    assert lookups, "the corpus has lookups"
    for lk in lookups:
        below = list(walk(lk))
        for row in lk.rows:
            assert row in below and row.value in below and all(k in below for k in row.keys)


def test_children_in_field_order_and_walk_is_preorder():
    s = n.Span("x", 1, 1, 1, 1)
    a, b = n.Ref(s, n.Name(s, "甲", "甲")), n.Ref(s, n.Name(s, "乙", "乙"))
    tree = n.Logic(s, "且", (a, n.Not(s, b)))
    assert list(children(tree)) == [a, tree.operands[1]]
    assert [type(x).__name__ for x in walk(tree)] == ["Logic", "Ref", "Name", "Not", "Ref", "Name"]
    assert [r.name.key for r in find_all(tree, n.Ref)] == ["甲", "乙"]
