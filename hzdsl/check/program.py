"""The checked program: every declaration indexed by name, every name resolved, every type known."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..units import Q, Unit
from ..syntax import nodes as n
from .types import T


@dataclass(frozen=True)
class FactInfo:
    decl: n.FactDecl
    type: T
    unit: Unit  # the declared unit: case values are read in it and shown in it
    upper: Q | None = None  # 上限 (base units), checked against the declared unit


@dataclass(frozen=True)
class ParamInfo:
    decl: n.ParamDecl
    type: T
    unit: Unit
    upper: Q | None = None  # 上限 (base units)


@dataclass
class Program:
    modules: list[n.Module] = field(default_factory=list)
    facts: dict[str, FactInfo] = field(default_factory=dict)
    params: dict[str, ParamInfo] = field(default_factory=dict)
    terms: dict[str, n.TermDecl] = field(default_factory=dict)
    term_types: dict[str, T] = field(default_factory=dict)
    benefits: dict[str, n.BenefitDecl] = field(default_factory=dict)
    exceptions: dict[str, list[n.ExceptionDecl]] = field(default_factory=dict)
    limits: list[n.LimitDecl] = field(default_factory=list)
    limits_for: dict[str, list[n.LimitDecl]] = field(default_factory=dict)
    clauses: dict[str, n.ClauseDecl] = field(default_factory=dict)
    parts: dict[str, n.PartDecl] = field(default_factory=dict)
    notes: list[n.NoteDecl] = field(default_factory=list)
    # every quote with the compact-text offset where it was found (-1 when not found)
    quote_hits: list[tuple[n.Quote, str, int]] = field(default_factory=list)
    official_path: str = ""
    # the type the checker inferred for each expression, by id() of the AST node; only the IR
    # builder reads it (the IR then carries the type on every node)
    expr_types: dict[int, T] = field(default_factory=dict, repr=False, compare=False)
    _derived: dict = field(default_factory=dict, repr=False, compare=False)

    def derived(self, name: str, build):
        """Data computed from this program once and reused (the compiled evaluator, test strategies)."""
        if name not in self._derived:
            self._derived[name] = build(self)
        return self._derived[name]

    def kind_of(self, key: str) -> str:
        if key in self.facts:
            return "事实"
        if key in self.params:
            return "参数"
        if key in self.terms:
            return "术语"
        if key in self.benefits:
            return "待遇"
        return ""

    def all_names(self) -> list[str]:
        return [*self.facts, *self.params, *self.terms]
