"""The IR: the checked program with every name resolved, every expression typed, every literal
parsed once, and a stable id on every declaration and node.

Built by `hzdsl.ir.build.build_ir` from a checked `hzdsl.check.program.Program`; read by the
evaluator, the back-ends (SQL, SMT), the language server, render, diff and the test tools.
Walk it with `hzdsl.syntax.walk` (`children` / `walk` / `find_all`): `origin` (the AST node
the IR node was made from, for printing it as the drafter wrote it) is never walked into.

Stable ids: a declaration's id is `<条款>/<kind>:<name key>` (`三/待遇:一次性创业补贴`,
`事实:正常经营时长` for declarations outside a clause); a node's id is its declaration's id
followed by the field path from the declaration (`三/待遇:一次性创业补贴/condition/operands/2/left`).
No file name, line or offset enters an id, so ids survive reformatting and moving a rule to
another file.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ..check.types import T
from ..errors import Span
from ..kinds import LimitKind, ModifierKind, TypeKind
from ..limitspec import SPEC, SPECS, Aggregate, LimitSpec, Window
from ..units import Q, Unit

Value = Any  # bool | Q | str | frozenset[str] | datetime.date (see hzdsl.runtime.values)


def _origin():
    return field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Node:
    """Every IR node: where it was written and its stable id."""

    span: Span
    id: str


# ── expressions ──────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Expr(Node):
    """An expression: its static type (kind, dimension) and, where one is known, its display unit."""

    type: T
    unit: Unit | None


class RefKind(StrEnum):
    """What a reference resolves to."""

    FACT = "事实"
    PARAM = "参数"
    TERM = "术语"
    UNRESOLVED = "未定义"  # only in a program with check errors


@dataclass(frozen=True)
class Ref(Expr):
    """A resolved reference: `key` is the declaration's name key, `decl_id` its stable id."""

    kind: RefKind
    key: str
    name: str  # as written at the declaration
    decl_id: str
    origin: Any = _origin()


@dataclass(frozen=True)
class Quantity(Expr):
    """A number with its unit, parsed once: `value` is exact (Fraction in base units)."""

    value: Q | None  # None only when the unit is unknown (a check error)
    text: str
    origin: Any = _origin()


@dataclass(frozen=True)
class Text(Expr):
    """A quoted value “…”: an enumeration member or a text."""

    value: str
    origin: Any = _origin()


@dataclass(frozen=True)
class Date(Expr):
    """A calendar date written in full."""

    value: dt.date
    text: str
    origin: Any = _origin()


@dataclass(frozen=True)
class PlaceholderDate(Expr):
    """A draft date such as 2022 年*月*日: some day in [low, high] (its year is known, the rest is not)."""

    low: dt.date
    high: dt.date
    text: str
    origin: Any = _origin()


@dataclass(frozen=True)
class Placeholder(Expr):
    """按规定: a value set elsewhere; always 待定."""

    text: str
    origin: Any = _origin()


class ArithOp(StrEnum):
    ADD = "+"
    SUB = "-"
    MUL = "×"
    DIV = "÷"


@dataclass(frozen=True)
class Arith(Expr):
    """left op right, on quantities (units multiply and divide; + and − need one dimension)."""

    op: ArithOp
    left: Expr
    right: Expr
    origin: Any = _origin()


@dataclass(frozen=True)
class Neg(Expr):
    """−operand."""

    operand: Expr
    origin: Any = _origin()


@dataclass(frozen=True)
class Excess(Expr):
    """value 超出 threshold 的部分: the part of 0…value above threshold (never negative, never > value)."""

    value: Expr
    threshold: Expr
    origin: Any = _origin()


class ExtremeFunc(StrEnum):
    MIN = "较小值"
    MAX = "较大值"


@dataclass(frozen=True)
class Extreme(Expr):
    """较小值(…) / 较大值(…)."""

    func: ExtremeFunc
    args: tuple[Expr, ...]
    origin: Any = _origin()


@dataclass(frozen=True)
class LookupRow(Node):
    """k1、k2 为 v: `keys` as written and `values`, their exact values (str, or Fraction in base units)."""

    keys: tuple[Expr, ...]
    values: tuple[Value, ...]
    value: Expr
    origin: Any = _origin()


@dataclass(frozen=True)
class Lookup(Expr):
    """按 key：rows；其他 为 default. No row and no default → 待定 (a lookup miss)."""

    key: Expr
    rows: tuple[LookupRow, ...]
    default: Expr | None
    origin: Any = _origin()


class CmpOp(StrEnum):
    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"
    EQ = "=="
    NE = "!="


@dataclass(frozen=True)
class Compare(Expr):
    """left op right; `word` is the drafter's word (满, 以内, 是 …)."""

    op: CmpOp
    word: str
    left: Expr
    right: Expr
    origin: Any = _origin()


@dataclass(frozen=True)
class Between(Expr):
    """value 在 low 至 high 之间 (both ends included)."""

    value: Expr
    low: Expr
    high: Expr
    origin: Any = _origin()


@dataclass(frozen=True)
class Member(Expr):
    """value 属于 options 之一; `values` are the options' exact values."""

    value: Expr
    options: tuple[Expr, ...]
    values: frozenset
    origin: Any = _origin()


@dataclass(frozen=True)
class Contains(Expr):
    """collection 包含 item (a set-valued fact holds a member)."""

    collection: Expr
    item: Expr
    origin: Any = _origin()


class LogicOp(StrEnum):
    AND = "且"
    OR = "或"


@dataclass(frozen=True)
class Logic(Expr):
    """且 / 或 over operands (three-valued); `form` keeps 以下之一 / 以下全部 as written."""

    op: LogicOp
    operands: tuple[Expr, ...]
    form: str
    origin: Any = _origin()


@dataclass(frozen=True)
class Not(Expr):
    """非 operand (three-valued)."""

    operand: Expr
    origin: Any = _origin()


# ── declarations ─────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Decl(Node):
    """A declaration: its name key, its name as written, and the clause it stands under."""

    key: str
    name: str
    clause: str


@dataclass(frozen=True)
class Fact(Decl):
    """事实: an input about the applicant; case values are read in `unit`."""

    entity: str
    type: T
    unit: Unit
    doc: str
    origin: Any = _origin()
    implies: tuple[str, ...] = ()  # 蕴含: keys of boolean facts this one being true makes true
    upper: Q | None = None  # 上限 (base units): no case or population value above it


@dataclass(frozen=True)
class Param(Decl):
    """参数: an external, dated value supplied with a case, never invented."""

    type: T
    unit: Unit
    doc: str
    origin: Any = _origin()
    upper: Q | None = None  # 上限 (base units)


@dataclass(frozen=True)
class Term(Decl):
    """术语: a named predicate or value."""

    quotes: tuple[str, ...]
    body: Expr
    origin: Any = _origin()

    @property
    def type(self) -> T:
        return self.body.type


@dataclass(frozen=True)
class Modifier(Node):
    """A qualifier of a payout: 最高不超过 X (cap), 最低 X (floor), 一次性 (once), 期限不超过 X."""

    kind: ModifierKind
    value: Expr | None
    origin: Any = _origin()


@dataclass(frozen=True)
class Outcome(Node):
    """则 …: the payout (None for a right), its qualifiers, and the unit the amount is shown in."""

    payout: Expr | None
    entitlement: str
    modifiers: tuple[Modifier, ...]
    up_to: bool
    display_unit: Unit | None
    origin: Any = _origin()

    def modifier(self, kind: ModifierKind) -> Modifier | None:
        return next((m for m in self.modifiers if m.kind == kind), None)


@dataclass(frozen=True)
class ExceptionRule(Decl):
    """例外 … 于 「待遇」: when `condition` holds, `outcome` replaces the benefit's."""

    target: str  # the benefit's key
    quotes: tuple[str, ...]
    condition: Expr
    outcome: Outcome
    origin: Any = _origin()


@dataclass(frozen=True)
class Limit(Decl):
    """限制: a rule over the claim history, applying to `targets` and counting past claims of `counted`.

    The classes below are one per *aggregate* (hzdsl/limitspec.py); each kind of the table is a
    subclass of its aggregate's class, made from its entry (`LIMIT_VARIANTS`). Read what a limit
    means from `spec` (`.aggregate`, `.window`), never from its class name."""

    quotes: tuple[str, ...]
    targets: tuple[str, ...]
    counted: frozenset[str]
    origin: Any = _origin()

    kind = None  # set by each variant (a LimitKind)

    @property
    def spec(self) -> LimitSpec:
        """The kind's entry in the table of limit kinds."""
        return SPEC[self.kind]

    @property
    def per_year(self) -> bool:
        """Only the past claims dated in the evaluation date's calendar year count."""
        return self.spec.window is Window.YEAR

    @property
    def history_fields(self) -> tuple[str, ...]:
        """The facts this limit reads from the case and from each past claim."""
        return ()


@dataclass(frozen=True)
class CountLimit(Limit):
    """… 不超过 `bound` 次: counted past claims in the window, plus this one, ≤ bound."""

    bound: int = 0


@dataclass(frozen=True)
class SumLimit(Limit):
    """累计「field」不超过 bound: the case's field plus that of every counted past claim ≤ bound."""

    field: str = ""
    bound: Q | None = None

    @property
    def history_fields(self) -> tuple[str, ...]:
        return (self.field,)


@dataclass(frozen=True)
class AmountLimit(Limit):
    """… 金额 不超过 bound 元: money granted by the counted past claims in the window; the remainder
    caps the payout."""

    bound: Q | None = None


@dataclass(frozen=True)
class RepeatLimit(Limit):
    """同一「fields」… 不得重复享受: no counted past claim (by `claimant`, when given) with the same values."""

    fields: tuple[str, ...] = ()
    claimant: str = ""

    @property
    def history_fields(self) -> tuple[str, ...]:
        return self.fields


AGGREGATE_CLASSES: dict[Aggregate, type[Limit]] = {
    Aggregate.COUNT: CountLimit, Aggregate.FIELD_SUM: SumLimit, Aggregate.AMOUNT: AmountLimit,
    Aggregate.NO_REPEAT: RepeatLimit,
}


def _variant(spec: LimitSpec) -> type[Limit]:
    """The IR class of one kind: its aggregate's class, named and documented by the table."""
    # `spec` and `per_year` as plain class attributes: read per claim by every back-end, they cost no lookup
    cls = type(spec.variant, (AGGREGATE_CLASSES[spec.aggregate],),
               {"kind": spec.kind, "spec": spec, "per_year": spec.window is Window.YEAR,
                "__doc__": spec.doc, "__module__": __name__, "__qualname__": spec.variant})
    return cls


LIMIT_VARIANTS: dict[LimitKind, type[Limit]] = {spec.kind: _variant(spec) for spec in SPECS}
# The named variants of today's table, for readers that name one (tests); code reads `spec`.
PerYearCount, TotalCount, TotalSum = (LIMIT_VARIANTS[LimitKind.PER_YEAR_COUNT], LIMIT_VARIANTS[LimitKind.TOTAL_COUNT],
                                      LIMIT_VARIANTS[LimitKind.TOTAL_SUM])
NoRepeat, PerYearAmount, TotalAmount = (LIMIT_VARIANTS[LimitKind.NO_REPEAT], LIMIT_VARIANTS[LimitKind.PER_YEAR_AMOUNT],
                                        LIMIT_VARIANTS[LimitKind.TOTAL_AMOUNT])


@dataclass(frozen=True)
class Benefit(Decl):
    """待遇: condition, exclusions (除外), outcome, and the exceptions and limits that apply to it."""

    kind_word: str  # 补贴 / 贷款 … as written in parentheses
    quotes: tuple[str, ...]
    condition: Expr | None
    exclusions: tuple[Expr, ...]
    outcome: Outcome
    exceptions: tuple[ExceptionRule, ...]
    limits: tuple[Limit, ...]
    origin: Any = _origin()


@dataclass(frozen=True)
class Deps:
    """What a benefit depends on, transitively through its terms, exceptions and limits (name keys).

    `history_fields` are facts also read from past claims; `limits` are limit keys; `history`
    is True when any limit reads the claim history.
    """

    facts: frozenset[str]
    params: frozenset[str]
    terms: frozenset[str]
    history_fields: frozenset[str]
    limits: frozenset[str]
    history: bool

    @property
    def names(self) -> frozenset[str]:
        """Facts, parameters and terms together."""
        return self.facts | self.params | self.terms


@dataclass(frozen=True)
class Clause:
    """条款 N 「title」 (number as written in Chinese numerals; `order` its numeric value)."""

    number: str
    title: str
    order: int
    span: Span
