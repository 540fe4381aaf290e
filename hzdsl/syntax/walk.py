"""The one generic traversal of syntax (AST) and IR nodes: `children`, `walk`, `find_all`.

A *node* is any dataclass instance with a `span` field — every class in `hzdsl.syntax.nodes`
and `hzdsl.ir.nodes`. Children are the node-valued fields and the nodes inside tuple-valued
fields, in declaration order, like jinja2's `iter_child_nodes` and sqlglot's `walk` (an IR node's
`origin`, the AST node it was made from, is not a child). Nothing else in hzdsl walks a tree by
hand: to find every reference below an expression, write `find_all(expr, Ref)`.
"""
from __future__ import annotations

import re
from dataclasses import fields, is_dataclass, replace
from typing import Iterator, TypeVar

N = TypeVar("N")

# class → names of its fields other than `span` (computed once per class)
_FIELDS: dict[type, tuple[str, ...]] = {}


_IS_NODE: dict[type, bool] = {}  # class → whether its instances are nodes (computed once per class)


def is_node(x: object) -> bool:
    """True for a dataclass instance carrying a span (an AST or IR node)."""
    cls = type(x)
    known = _IS_NODE.get(cls)
    if known is None:
        known = _IS_NODE[cls] = (is_dataclass(cls) and cls.__name__ != "Span"
                                 and any(f.name == "span" for f in fields(cls)))
    return known


# Field annotations that never hold a node (values, words, enums, types): skipped without a look,
# which makes a walk several times faster. Any other field is looked into.
_LEAF = re.compile(r"^(str|int|bool|float|Decimal|Fraction|T|Unit|Q|Value|Any|Span|dt\.date|frozenset|"
                   r"tuple\[(str|Value|int)\b|[A-Z][A-Za-z]*(Kind|Op|Func))\b")


def _names(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(
            f.name for f in fields(cls)
            if f.name not in ("span", "origin") and not _LEAF.match(str(f.type).replace("'", "")))
    return names


def _kids(node) -> list:
    """The direct child nodes of `node` as a list (the hot loop of every walk: no generator)."""
    names = _FIELDS.get(type(node))
    if names is None:
        names = _names(type(node))
    out = []
    for name in names:
        v = getattr(node, name)
        if v is None:
            continue
        if type(v) is tuple:
            for x in v:
                known = _IS_NODE.get(type(x))
                if known or (known is None and is_node(x)):
                    out.append(x)
        else:
            known = _IS_NODE.get(type(v))
            if known or (known is None and is_node(v)):
                out.append(v)
    return out


def children(node) -> Iterator:
    """The direct child nodes of `node`, in field order (tuples flattened, None skipped)."""
    return iter(_kids(node))


def _roots(node) -> list:
    """A node, or the nodes in a (nested) tuple/list of nodes and Nones."""
    if isinstance(node, (tuple, list)):
        return [r for x in node for r in _roots(x)]
    return [] if node is None else [node]


def walk(node) -> Iterator:
    """`node` and every node below it, depth first, parents before children (pre-order).

    `node` may also be a tuple or list of nodes (Nones skipped): each is walked in turn.
    """
    stack = _roots(node)[::-1]
    extend = stack.extend
    while stack:
        x = stack.pop()
        yield x
        kids = _kids(x)
        if kids:
            kids.reverse()
            extend(kids)


def find_all(node, *types: type[N]) -> Iterator[N]:
    """Every node below `node` (itself included; or below each of a tuple of nodes) that is an
    instance of one of `types`, pre-order."""
    return (x for x in walk(node) if isinstance(x, types))


def map_children(node, fn):
    """A copy of `node` with every child `c` replaced by `fn(c)` (inside tuples too); other fields kept.

    The one way to rebuild a tree (blank spans, reduce names to keys, restore spellings): `fn`
    usually calls the transform recursively, then adjusts the copy with `dataclasses.replace`.
    """
    changes = {}
    for name in _names(type(node)):
        v = getattr(node, name)
        if isinstance(v, tuple):
            if any(is_node(x) for x in v):
                changes[name] = tuple(fn(x) if is_node(x) else x for x in v)
        elif v is not None and is_node(v):
            changes[name] = fn(v)
    return replace(node, **changes) if changes else node


class NodeIndex:
    """Every node below some roots (declarations), walked once, for passes that each want a few classes.

    The checker's passes (dates, invisible characters, numbers, references, depths) used to walk
    the whole program once each; they now share this one walk. `below(root, *types)` and
    `every(*types)` return nodes in pre-order, as `find_all` would.
    """

    def __init__(self, roots):
        self._roots = _roots(list(roots))
        self._below: dict[int, list] = {id(r): list(walk(r)) for r in self._roots}

    def below(self, root, *types: type[N]) -> list[N]:
        """The nodes below `root` (itself included) that are instances of `types`; every node if none given."""
        nodes = self._below.get(id(root))
        if nodes is None:  # not one of the roots: walked now
            nodes = list(walk(root))
        return [x for x in nodes if isinstance(x, types)] if types else nodes

    def every(self, *types: type[N]) -> list[N]:
        """The nodes of `types` below every root, roots in order."""
        return [x for r in self._roots for x in self._below[id(r)] if isinstance(x, types)]
