"""Where each name is declared and used: the occurrences of facts, parameters, terms and benefits.

`occurrences(prog)` reads the IR only: declarations (their 「name」 from `origin`), the resolved
references (`ir.Ref`, every expression of every term, benefit and exception), and the places a
benefit or a history field is named outside an expression (例外 … 于 「待遇」, 限制 … 适用于 / 计入 /
同一 / 累计). The language server answers go-to-definition, references, rename and outline from it.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import Span
from ..syntax.walk import find_all
from . import nodes as ir
from .program import IRProgram


@dataclass(frozen=True)
class Occurrence:
    """One 「name」 in the source: what it names (`kind`: 事实 参数 术语 待遇 例外 限制, or 未定义),
    its name key, the span of the bracketed name, and whether it is the declaration itself."""

    key: str
    kind: str
    span: Span
    is_decl: bool
    decl_id: str  # the stable id of the declaration named ("" when unresolved)


def _decl_name_span(decl: ir.Decl) -> Span | None:
    name = getattr(decl.origin, "name", None)
    return name.span if name is not None else None


def occurrences(prog: IRProgram) -> list[Occurrence]:
    """Every occurrence of a declared or referenced name in `prog`, declarations first."""
    out: list[Occurrence] = []
    benefit_ids = {k: b.id for k, b in prog.benefits.items()}
    fact_ids = {k: f.id for k, f in prog.facts.items()}
    kinds = (("事实", prog.facts), ("参数", prog.params), ("术语", prog.terms), ("待遇", prog.benefits),
             ("限制", prog.limits))
    for kind, table in kinds:
        for d in table.values():
            span = _decl_name_span(d)
            if span is not None:
                out.append(Occurrence(d.origin.name.key, kind, span, True, d.id))
    rules: list[ir.Decl] = [*prog.terms.values()]
    for b in prog.benefits.values():
        rules.append(b)
        for x in b.exceptions:
            rules.append(x)
            out.append(Occurrence(x.key, "例外", x.origin.name.span, True, x.id))
            out.append(Occurrence(b.key, "待遇", x.origin.target.span, False, b.id))
    for r in rules:
        for e in prog.exprs_of(r):
            for ref in find_all(e, ir.Ref):
                known = ref.kind != ir.RefKind.UNRESOLVED
                out.append(Occurrence(ref.key, str(ref.kind) if known else "未定义", ref.span, False,
                                      ref.decl_id if known else ""))
    for lim in prog.limits.values():
        d = lim.origin
        for name in (*d.targets, *d.counted):
            out.append(Occurrence(name.key, "待遇" if name.key in benefit_ids else "未定义", name.span, False,
                                  benefit_ids.get(name.key, "")))
        for name in (*d.keys, *([d.field] if d.field is not None else [])):
            out.append(Occurrence(name.key, "事实" if name.key in fact_ids else "未定义", name.span, False,
                                  fact_ids.get(name.key, "")))
    return out
