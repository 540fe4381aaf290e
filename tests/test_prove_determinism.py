"""A proof does the same work whatever the process encoded before it (diff --prove, lint).

Breaker s21: tests/test_prove_params.py::test_the_bound_says_… took 255 s inside the full serial suite and
2–3 s alone. z3's Python API puts every term in one shared main context, where terms are hash-consed across
everything the process ever built: the internal ids of a query's terms — and with them the solver's search
order, its time and the model it returns — depended on which proofs, lint checks and tests ran earlier.
Each `Universe` now has its own z3 context, so a query is a function of its input alone.

The measure is what z3's search did (its decisions, conflicts, propagations …: deterministic, unlike seconds
on a shared machine) and the model it found: the same query, with the same seed, must do exactly the same
search in a fresh process state and after other benefits of both versions were encoded. (Before, on the main
context: after 25 other benefits were encoded the same query made another search — 273 propagations, not
269; 34 arithmetic disequalities, not 24; a cube call more in the second query. Small here; z3's run time on
these formulas is heavy-tailed, so a different search is how a 3 s proof becomes a timeout.)
"""
from __future__ import annotations

import shutil

import pytest

pytest.importorskip("z3")

import z3  # noqa: E402

from hzdsl.backends.smt.compare import _one_side, better, both_paid, encode_pair  # noqa: E402
from hzdsl.backends.smt.solve import _one  # noqa: E402

from .conftest import POLICIES  # noqa: E402

KEY = "见习学员生活补贴"


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    """The repository's policies and a copy where c08's 达到 50% reads 超过 50% (as in test_prove_params)."""
    from hzdsl.loader import load_policies

    root = tmp_path_factory.mktemp("det")
    new = root / "new"
    shutil.copytree(POLICIES, new)
    text = (new / "c08.policy").read_text(encoding="utf-8")
    assert text.count("「留用率」 达到 50%") == 1
    (new / "c08.policy").write_text(text.replace("「留用率」 达到 50%", "「留用率」 超过 50%"), encoding="utf-8")
    old_p = load_policies(sorted(POLICIES.glob("*.policy"))).program
    new_p = load_policies(sorted(new.glob("*.policy"))).program
    return old_p, new_p


def _search(s) -> dict:
    """What a solver did in its search (decisions, conflicts, propagations …): its statistics without the
    time, the memory and two counters that are not per query: allocations (per process) and the resource
    counter (per context, all its queries so far)."""
    st = s.statistics()
    return {k: st.get_key_value(k) for k in st.keys() if k not in {"time", "memory", "max memory", "num allocs", "rlimit count"}}


def _work(old, new) -> tuple:
    """The search z3 did on two queries of the proof (worse off; a smaller amount), and the
    first model's values, from a fresh encoding."""
    u, a, b = encode_pair(old, new, KEY)
    out = []
    for goal in (better(b, a), z3.And(both_paid(a, b), b.amount.value < a.amount.value)):
        s, r = _one(u, goal, "QF_LIRA", 0, 60)
        assert r == z3.sat
        out.append(_search(s))
        if len(out) == 1:
            m = s.model()
            out.append(sorted((str(d), str(m[d])) for d in m.decls()))
    return tuple(map(str, out))


def test_the_same_query_does_the_same_work_after_other_proofs(versions):
    old, new = versions
    first = _work(old, new)
    # what a long test run does in between: encode (and keep alive) other benefits of both versions
    others = [k for k in new.benefits if k != KEY][:25]
    kept = [_one_side(p, k) for k in others for p in (old, new)]
    again = _work(old, new)
    assert again == first
    assert kept  # the other encodings were alive during the second proof

