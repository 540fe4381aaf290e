"""The one generic traversal of syntax (AST) and IR nodes: `children`, `walk`, `find_all`.

A *node* is any dataclass instance with a `span` field — every class in `hzdsl.syntax.nodes`
and `hzdsl.ir.nodes`. Children are the node-valued fields and the nodes inside tuple-valued
fields, in declaration order (like jinja2's `iter_child_nodes`, sqlglot's `walk`). Nothing else
in hzdsl walks a tree by hand: to find every reference below an expression, write
`find_all(expr, Ref)`.
"""
from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import Iterator, TypeVar

N = TypeVar("N")

# class → names of its fields other than `span` (computed once per class)
_FIELDS: dict[type, tuple[str, ...]] = {}


def is_node(x: object) -> bool:
    """True for a dataclass instance carrying a span (an AST or IR node)."""
    return is_dataclass(x) and not isinstance(x, type) and hasattr(x, "span") and type(x).__name__ != "Span"


def _names(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in fields(cls) if f.name != "span")
    return names


def children(node) -> Iterator:
    """The direct child nodes of `node`, in field order (tuples flattened, None skipped)."""
    for name in _names(type(node)):
        v = getattr(node, name)
        if isinstance(v, tuple):
            for x in v:
                if is_node(x):
                    yield x
        elif v is not None and is_node(v):
            yield v


def walk(node) -> Iterator:
    """`node` and every node below it, depth first, parents before children (pre-order)."""
    stack = [node]
    while stack:
        x = stack.pop()
        yield x
        stack.extend(reversed(list(children(x))))


def find_all(node, *types: type[N]) -> Iterator[N]:
    """Every node below `node` (itself included) that is an instance of one of `types`, pre-order."""
    for x in walk(node):
        if isinstance(x, types):
            yield x
