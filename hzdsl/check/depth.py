"""How deep a rule is once its terms are expanded, and the limit on it.

The checker, the evaluator and the back-ends walk an expression recursively and follow a term
reference into the term's own expression. A single statement is limited by the parser
(`MAX_DEPTH` in syntax/build.py), but a chain of terms each defined by the previous one
(「T1」 指 「T0」 且 …, 「T2」 指 「T1」 且 … — 200 links) multiplies that depth and exhausted
Python's stack in `hzdsl run` after `hzdsl check` had said ✔. The depth is computed here,
without recursion, and a rule deeper than `MAX_EXPANDED_DEPTH` is a check error (E105), so
what `check` accepts, `run` can evaluate.
"""
from __future__ import annotations

from ..syntax import nodes as n
from ..syntax.walk import children

# Real rules are < 12 deep expanded. The evaluator spends about three Python frames per level (a
# 160-link chain, depth 320, still ran; 200 links did not); this keeps
# the deepest accepted rule well inside Python's default recursion limit (1000 frames).
MAX_EXPANDED_DEPTH = 200


def _shape(e: n.Expr) -> tuple[int, list[tuple[int, str]]]:
    """(depth of the expression itself, [(depth at which a name is referred to, its key)])."""
    deepest, refs, stack = 0, [], [(e, 1)]
    while stack:
        x, d = stack.pop()
        deepest = max(deepest, d)
        if isinstance(x, n.Ref):
            refs.append((d, x.name.key))
        stack.extend((c, d + 1) for c in children(x) if isinstance(c, (n.Expr, n.LookupRow)))
    return deepest, refs


def expanded_depths(terms: dict[str, n.TermDecl]) -> dict[str, int]:
    """Depth of each term's expression with every term it refers to expanded in place.

    Iterative (terms are visited after the terms they use); a reference that closes a cycle
    counts as depth 0 here — the cycle itself is reported elsewhere (E203).
    """
    shapes = {k: _shape(t.body) for k, t in terms.items()}
    depth: dict[str, int] = {}
    for root in terms:
        if root in depth:
            continue
        stack, on_path = [(root, False)], set()
        while stack:
            key, ready = stack.pop()
            if key in depth:
                continue
            own, refs = shapes[key]
            if not ready:
                on_path.add(key)
                stack.append((key, True))
                stack.extend((r, False) for _, r in refs if r in terms and r not in depth and r not in on_path)
                continue
            on_path.discard(key)
            depth[key] = max([own, *(d + depth.get(r, 0) for d, r in refs if r in terms)])
    return depth


def expr_depth(e: n.Expr, term_depths: dict[str, int]) -> int:
    """Depth of an expression of a rule, with its terms expanded."""
    own, refs = _shape(e)
    return max([own, *(d + term_depths[r] for d, r in refs if r in term_depths)])


def rule_exprs(d: n.BenefitDecl | n.ExceptionDecl):
    """The top-level expressions of a benefit or an exception: condition, exclusions, payout, modifiers."""
    if d.condition is not None:
        yield d.condition
    yield from getattr(d, "exclusions", ())
    if d.outcome.payout is not None:
        yield d.outcome.payout
    for m in d.outcome.modifiers:
        if m.value is not None:
            yield m.value
