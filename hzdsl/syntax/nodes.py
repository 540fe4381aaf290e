"""AST of a .policy file: one small frozen dataclass per construct, each with its source span.

Names (术语、事实、参数、待遇) are kept as written and compared by `key`, their normalised
form without whitespace, so 「毕业 5 年以内高校毕业生」 and 「毕业5年以内高校毕业生」 are one name.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..errors import Span
from ..kinds import LimitKind, ModifierKind


@dataclass(frozen=True)
class Node:
    span: Span


# ── names and quotes ─────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Name(Node):
    """A bracketed name 「…」 as written (without the brackets)."""

    text: str
    key: str  # normalised, whitespace removed: the identity of the name


@dataclass(frozen=True)
class Quote(Node):
    """The words a rule implements: 依据「…」. `key` is what is matched against the source."""

    text: str
    key: str


@dataclass(frozen=True)
class Reading(Node):
    """读法 6 个月、1 人 “理由”：numbers a rule writes that its quotes do not, declared with the reason."""

    numbers: tuple["Quantity", ...]
    reason: str


# ── expressions ──────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Expr(Node):
    pass


@dataclass(frozen=True)
class Ref(Expr):
    """A reference to a fact, parameter or term: 「正常经营时长」."""

    name: Name


@dataclass(frozen=True)
class Quantity(Expr):
    """A number with an optional unit as written: `3000 元`, `6 个月`, `70%`, `半年`."""

    number: Decimal
    unit: str  # "" for a plain number
    text: str  # the literal as written, for messages and formatting


@dataclass(frozen=True)
class Text(Expr):
    """A quoted value “…”: an enumeration member or a text."""

    value: str


@dataclass(frozen=True)
class Date(Expr):
    """A date 2016 年 12 月 31 日; month or day may be the draft's placeholder `*`."""

    year: int
    month: int | None
    day: int | None
    text: str

    @property
    def is_placeholder(self) -> bool:
        return self.month is None or self.day is None


@dataclass(frozen=True)
class Placeholder(Expr):
    """按规定: a value the draft leaves to rules made elsewhere; always 待定."""

    text: str


@dataclass(frozen=True)
class Binary(Expr):
    """Arithmetic: op is one of + - × ÷."""

    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Neg(Expr):
    operand: Expr


@dataclass(frozen=True)
class Excess(Expr):
    """A 超出 B 的部分: the part of 0…A above B — never negative, never more than A."""

    value: Expr
    threshold: Expr


@dataclass(frozen=True)
class Call(Expr):
    """较小值(…) / 较大值(…)."""

    func: str
    args: tuple[Expr, ...]


@dataclass(frozen=True)
class LookupRow(Node):
    keys: tuple[Expr, ...]
    value: Expr


@dataclass(frozen=True)
class Lookup(Expr):
    """按 key：k1 为 v1；k2 为 v2；其他 为 v."""

    key: Expr
    rows: tuple[LookupRow, ...]
    default: Expr | None


@dataclass(frozen=True)
class Compare(Expr):
    """A comparison; `op` is one of >= > <= < == != and `word` the drafter's word (满, 以内 …)."""

    op: str
    word: str
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Between(Expr):
    """X 在 A 至 B 之间 (both ends included)."""

    value: Expr
    low: Expr
    high: Expr


@dataclass(frozen=True)
class Member(Expr):
    """X 属于 “a”、“b” 之一."""

    value: Expr
    options: tuple[Expr, ...]


@dataclass(frozen=True)
class Contains(Expr):
    """S 包含 “a”: a set-valued fact holds a member."""

    collection: Expr
    item: Expr


@dataclass(frozen=True)
class Logic(Expr):
    """且 / 或 over two or more operands; `form` keeps 以下之一 / 以下全部 for formatting."""

    op: str  # "且" | "或"
    operands: tuple[Expr, ...]
    form: str = ""  # "" (infix) | "以下之一" | "以下全部"


@dataclass(frozen=True)
class Not(Expr):
    operand: Expr


# ── declarations ─────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Decl(Node):
    clause: str  # the clause (条款) the declaration stands under; "" before any clause header


@dataclass(frozen=True)
class PartDecl(Decl):
    """部分 一 「…」：a part heading of the document."""

    number: str
    title: Quote


@dataclass(frozen=True)
class ClauseDecl(Decl):
    """条款 三 「…」：opens a clause; later declarations belong to it."""

    number: str
    title: Quote


@dataclass(frozen=True)
class NoteDecl(Decl):
    """说明 依据「…」：declaratory text with no computable content."""

    quotes: tuple[Quote, ...]


@dataclass(frozen=True)
class TypeSpec(Node):
    type: str  # 布尔 数 金额 时长 日期 面积 比率 计数 枚举 集合 文本
    unit: str  # "" when none is written


@dataclass(frozen=True)
class FactDecl(Decl):
    """事实 「…」：主体 类型 [上限 …] [取值 …] [，释义 “…”]."""

    name: Name
    entity: str
    type: TypeSpec
    choices: tuple[Expr, ...]
    doc: str
    # 蕴含 「…」: boolean facts this one being true makes true (and whose falsehood makes it false)
    implies: tuple[Name, ...] = ()
    # 上限 X: the largest value a case may give (the checker converts it to the declared unit)
    upper: Quantity | None = None


@dataclass(frozen=True)
class ParamDecl(Decl):
    """参数 「…」：类型 [上限 …] [，释义 “…”] — an external, dated value supplied with a case."""

    name: Name
    type: TypeSpec
    doc: str
    upper: Quantity | None = None  # 上限 X, as for a fact


@dataclass(frozen=True)
class TermDecl(Decl):
    """术语 「…」 依据「…」 指 …：a named predicate or value."""

    name: Name
    quotes: tuple[Quote, ...]
    body: Expr
    readings: tuple[Reading, ...] = ()


@dataclass(frozen=True)
class Modifier(Node):
    """A qualifier of a payout: 最高不超过 X, 最低 X, 一次性, 期限不超过 X."""

    kind: ModifierKind
    value: Expr | None


@dataclass(frozen=True)
class Outcome(Node):
    """则 …: the payout and its qualifiers. `entitlement` is set for a non-monetary right."""

    payout: Expr | None
    entitlement: str
    modifiers: tuple[Modifier, ...]
    up_to: bool = False  # 则 最高 X：X is the most that can be granted (loans)

    def modifier(self, kind: ModifierKind | str) -> Modifier | None:
        return next((m for m in self.modifiers if m.kind == kind), None)


@dataclass(frozen=True)
class BenefitDecl(Decl):
    """待遇 「…」(类别) 依据「…」 若 … [，… 除外] 则 …。"""

    name: Name
    kind: str
    quotes: tuple[Quote, ...]
    condition: Expr | None
    exclusions: tuple[Expr, ...]
    outcome: Outcome
    readings: tuple[Reading, ...] = ()


@dataclass(frozen=True)
class ExceptionDecl(Decl):
    """例外 「…」 于 「待遇」 依据「…」 若 … 则 …：overrides the benefit's payout."""

    name: Name
    target: Name
    quotes: tuple[Quote, ...]
    condition: Expr
    outcome: Outcome
    readings: tuple[Reading, ...] = ()


@dataclass(frozen=True)
class LimitDecl(Decl):
    """限制 「…」 依据「…」 适用于 「待遇」、…：a rule over the history of past claims.

    kind: a LimitKind — which one the words before the comparison say, by the table of
    hzdsl/limitspec.py (每人每年 / 累计 / 累计「字段」 / 每人每年 金额 … ; 同一「字段」… 不得重复享受).

    The amount kinds bound money already granted: granted = the sum of the 金额 of the counted
    past claims (计入, default the targets; per year: only those dated in the evaluation date's
    calendar year). remaining = bound − granted; remaining ≤ 0 fails the limit, otherwise the
    benefit's final amount (after its own caps and floors) is capped at remaining.
    """

    name: Name
    quotes: tuple[Quote, ...]
    targets: tuple[Name, ...]
    kind: LimitKind
    bound: Quantity | None = None
    cmp_word: str = ""
    field: Name | None = None
    keys: tuple[Name, ...] = ()
    claimant: str = ""
    counted: tuple[Name, ...] = ()  # benefits whose past claims count; () = the targets themselves
    year_word: str = ""  # a kind written in more than one way: its first word as written (每人每年 / 每年), for fmt
    readings: tuple[Reading, ...] = ()

    @property
    def counted_keys(self) -> frozenset[str]:
        return frozenset(t.key for t in (self.counted or self.targets))


@dataclass(frozen=True)
class Comment(Node):
    """A `#` comment, kept so that `fmt` never drops one."""

    text: str


@dataclass(frozen=True)
class LostDecl(Node):
    """A statement lost to a syntax error (already reported): its keyword and, when readable, its name."""

    keyword: str  # 事实 | 参数 | 术语 | 待遇 | 例外 | 限制, or "" when even that is unreadable
    name: Name | None


@dataclass(frozen=True)
class Module(Node):
    """One parsed .policy file."""

    path: str
    decls: tuple[Decl, ...]
    comments: tuple[Comment, ...] = field(default=())
    lost: tuple[LostDecl, ...] = field(default=())  # statements that did not parse
