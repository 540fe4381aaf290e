"""Cheap lint checks on the IR (also run by `hzdsl check` as warnings): facts, parameters and terms
no benefit uses (W660–W662), with the checker's own W601 (fact never referred to) and W603 (lookup
missing values of its enumeration)."""
from __future__ import annotations

from ..ir.program import IRProgram
from .findings import CHECKER_CODES, Finding

HINT = "在该声明前一行写 `# 忽略 {code}：理由` 可忽略这条发现"


def unused(prog: IRProgram) -> list[Finding]:
    out = []
    used_terms = set().union(*(d.terms for d in prog.deps.values())) if prog.deps else set()
    for code, table, word in (("W660", prog.facts, "事实"), ("W662", prog.params, "参数")):
        for key, decl in table.items():
            if not prog.users_of(key):
                out.append(Finding.of(code, decl.span, "删去它，或在用到它的规则中引用；" + HINT.format(code=code),
                                      subject=f"{word}「{decl.name}」", name=decl.name))
    for key, decl in prog.terms.items():
        if key not in used_terms:
            out.append(Finding.of("W661", decl.span, "删去它，或在待遇的条件中引用；" + HINT.format(code="W661"),
                                  subject=f"术语「{decl.name}」", name=decl.name))
    return out


def checker_findings(diagnostics) -> list[Finding]:
    """The checker's own lint warnings (W601, W603) as findings, so they are listed and silenced alike."""
    return [Finding(d.code, d.message, d.span, d.hint) for d in diagnostics if d.code in CHECKER_CODES]


def static_findings(prog: IRProgram, diagnostics=()) -> list[Finding]:
    found = checker_findings(diagnostics)
    direct = {f.span.line for f in found if f.code == "W601"}
    # a fact no rule refers to at all is already W601; W660 is for facts only unused rules read
    return found + [f for f in unused(prog) if not (f.code == "W660" and f.span.line in direct)]
