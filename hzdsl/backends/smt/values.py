"""Symbolic values and the universe of inputs shared by the programs being compared.

A symbolic value `SV` is a pair (known, value): `known` is a z3 Bool that holds exactly when the
scalar evaluator would produce a value rather than `Unknown`, and `value` (a z3 Bool, Real or Int,
or for a set a dict member → Bool) is what that value is when known. The three-valued logic of
`hzdsl.runtime.values` is expressed with these pairs, so a fact that is not given, a parameter not
supplied, 按规定 and a draft date are all `known = False`.

Sorts: booleans → Bool; quantities → Real in base units (元, 月, 天 …, as `Q.value`); dates → Int
(proleptic ordinal); enumeration members and texts → Int ids of an interned string table; sets →
one Bool per declared member. The evaluation date enters only through its calendar year (history
limits per year), so it is an Int year; a witness uses 6 月 30 日 of that year.

# 读法：计数 facts (人、次、个、家) and 序数 facts (名次、第几年) are whole numbers; proofs are over whole numbers.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import z3

from ...check.domains import UNRESTRICTED, Domain, domain_of_info
from ...ir.program import IRProgram
from ...units import Dim

COUNT_BASES = {"人", "次", "个", "家", "人次"}
DATE_MIN, DATE_MAX = dt.date(1950, 1, 1).toordinal(), dt.date(2100, 12, 31).toordinal()
YEAR_MIN, YEAR_MAX = 2000, 2100
MONEY_DIM: Dim = (("元", 1),)


def real(f: Fraction | int, ctx: z3.Context | None = None) -> z3.ArithRef:
    """An exact rational constant, in `ctx` (a universe's own context; see `Universe`)."""
    f = Fraction(f)
    return z3.RealVal(f"{f.numerator}/{f.denominator}", ctx)


@dataclass(frozen=True)
class SV:
    """A symbolic value: `value` means something only where `known` holds."""

    known: Any  # z3 BoolRef
    value: Any  # z3 BoolRef | ArithRef | dict[str, BoolRef] (sets)
    kind: str  # bool | num | date | enum | text | set | any
    dim: Dim = ()

    @staticmethod
    def unknown(ctx: z3.Context, kind: str = "any") -> "SV":
        return SV(z3.BoolVal(False, ctx), z3.RealVal(0, ctx) if kind != "bool" else z3.BoolVal(False, ctx), kind)


@dataclass
class InputVar:
    """One fact or parameter of the applicant: whether the case gives it, and its value."""

    key: str
    name: str  # as written, for the case file
    is_param: bool
    kind: str
    dim: Dim
    unit: Any  # runtime Unit: values are written in it
    known: Any
    value: Any
    choices: tuple = ()
    # id of each IR program that reads it → (its declared 上限 in base units or None, the 上限 as written)
    uppers: dict = field(default_factory=dict)
    upper_constraint: Any = None  # the universe's bound on the value: the loosest 上限 of those programs

    def diverges(self) -> bool:
        """The programs that read this input declare different 上限 (one may declare none)."""
        return len({u for u, _ in self.uppers.values()}) > 1


@dataclass
class Slot:
    """One past claim of the bounded history."""

    present: Any
    benefit: Any  # Int id of the benefit key (interned string)
    year: Any
    claimant: Any  # Int id of 个人 / 单位 / …
    amount_known: Any
    amount: Any
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # fact key → (known, value)


class Universe:
    """The inputs of one applicant, shared by every program encoded against it (old and new).

    Every term of a universe lives in its own z3 `Context` (`ctx`). In z3's shared main context the
    terms are hash-consed across everything a process ever built, so the same query's internal term
    ids — and with them the solver's search, its time, even which model it returns — depended on what
    had been encoded before (tests/test_prove_determinism.py: the same query did different work after
    other benefits were encoded). In its own context a proof is a function of its input alone."""

    def __init__(self, history_slots: int = 0):
        self.ctx = z3.Context()
        self.T, self.F = z3.BoolVal(True, self.ctx), z3.BoolVal(False, self.ctx)
        self.strings: dict[str, int] = {}
        self.words: set[str] = set()  # the texts the policy writes (witness texts use them, see witness._text)
        self.inputs: dict[tuple[str, bool], InputVar] = {}
        self.implied: set[tuple[str, str]] = set()  # 蕴含 pairs already constrained
        self.products: dict[tuple[int, int], object] = {}  # (id x, id y) → the variable naming x × y
        self.definitions: set[int] = set()  # ids of the constraints `var == x × y`
        self.constraints: list = []
        self.year = z3.Int("评估年度", self.ctx)
        self.constraints.append(z3.And(self.year >= YEAR_MIN, self.year <= YEAR_MAX))
        self.history_known = z3.Bool("历史已给出", self.ctx)
        self.slots: list[Slot] = []
        self.history_used = False
        self.ensure_slots(history_slots)

    # strings (enumeration members, texts, benefit keys, claimants, dimensions)
    def sid(self, s: str) -> int:
        if s not in self.strings:
            self.strings[s] = len(self.strings) + 1
        return self.strings[s]

    def word(self, s: str) -> int:
        """The id of a text the policy writes (“…” in a comparison, a lookup row, 属于 … 之一)."""
        self.words.add(s)
        return self.sid(s)

    def string_of(self, i: int) -> str | None:
        for s, j in self.strings.items():
            if j == i:
                return s
        return None

    # facts and parameters
    def input(self, program: IRProgram, key: str) -> InputVar:
        is_param = key not in program.facts
        info = program.params[key] if is_param else program.facts[key]
        kind = str(info.type.kind)
        slot = (key, is_param)
        var = self.inputs.get(slot)
        domain = domain_of_info(info)
        if var is not None and var.kind == kind and var.dim == info.type.dim:
            self._upper(var, program, domain)
            return var
        tag = ("参数" if is_param else "事实") + ":" + key + ("" if var is None else ":" + kind)
        known = z3.Bool("已知:" + tag, self.ctx)
        choices = tuple(sorted(info.type.choices, key=str))
        value = self._value_var(tag, kind, choices)
        var = InputVar(key, info.name, is_param, kind, info.type.dim, info.unit, known, value, choices)
        self._domain(var, domain)
        self._upper(var, program, domain)
        self.inputs[slot] = var
        return var

    def _upper(self, var: InputVar, program: IRProgram, domain: Domain) -> None:
        """Record the 上限 `program` declares for `var`, and bound the value by the loosest one any program
        reading it declares (none when one declares none): a value only one version's case loader accepts
        is an applicant of the comparison — the other version refuses the case (E732; see `valid`)."""
        if var.kind != "num" or id(program) in var.uppers:
            return
        var.uppers[id(program)] = (domain.upper, domain.upper_text)
        if var.upper_constraint is not None:  # replaced by the bound over every program seen so far
            self.constraints[:] = [c for c in self.constraints if not c.eq(var.upper_constraint)]
            var.upper_constraint = None
        uppers = [u for u, _ in var.uppers.values()]
        if None not in uppers:  # 上限: above it the case loader refuses the value (E732)
            var.upper_constraint = var.value <= real(max(uppers), self.ctx)
            self.constraints.append(var.upper_constraint)

    def valid(self, program: IRProgram):
        """The case loader accepts the applicant's values under `program`: every value given is within the
        上限 `program` declares, where the programs of this universe declare different ones (elsewhere the
        universe's own bound says it). True when they all agree."""
        out = []
        for var in self.inputs.values():
            upper, _ = var.uppers.get(id(program), (None, ""))
            if var.diverges() and upper is not None:
                out.append(z3.Implies(var.known, var.value <= real(upper, self.ctx)))
        return z3.And(out, self.ctx) if out else self.T

    def _value_var(self, tag: str, kind: str, choices: tuple):
        if kind == "bool":
            return z3.Bool(tag, self.ctx)
        if kind == "num":
            return z3.Real(tag, self.ctx)
        if kind == "set":
            return {c: z3.Bool(f"{tag}∋{c}", self.ctx) for c in choices}
        return z3.Int(tag, self.ctx)  # date, enum, text

    def _domain(self, var: InputVar, domain: Domain = UNRESTRICTED) -> None:
        c = self.constraints
        v = var.value
        if var.kind == "num":
            # the case loader refuses values outside the declared type's domain (check.domains: E730/E731)
            if var.dim or domain.nonnegative:
                c.append(v >= 0)  # a negative duration, amount, area, count or rate
            bases = {b for b, _ in var.dim}
            if domain.whole or (var.dim and bases <= COUNT_BASES and len(var.dim) == 1 and var.dim[0][1] == 1):
                c.append(z3.IsInt(v / real(var.unit.scale, self.ctx)) if domain.whole else z3.IsInt(v))
            if var.choices:
                c.append(z3.Or([v == real(Fraction(x), self.ctx) for x in var.choices]))
            # the 上限 (E732) is per program: `_upper`
        elif var.kind == "enum":
            c.append(z3.Or([v == self.sid(x) for x in var.choices]) if var.choices else self.T)
        elif var.kind == "date":
            c.append(z3.And(v >= DATE_MIN, v <= DATE_MAX))
        elif var.kind == "text":
            c.append(v >= 0)

    def product(self, x, y):
        """x × y. A product of two non-constants (人数 × 每人标准) is non-linear, which z3 often cannot
        decide; it is named by a fresh variable defined by `var == x × y`. The definition is one of
        `definitions`: `solve` first tries a query without them (a linear relaxation: any proof of
        impossibility there holds a fortiori), and only then with them. Sign facts that follow from
        the operands' domains (both ≥ 0 ⇒ product ≥ 0; one 0 ⇒ product 0) are kept in the relaxation."""
        x_const = z3.is_rational_value(z3.simplify(x)) or z3.is_int_value(z3.simplify(x))
        y_const = z3.is_rational_value(z3.simplify(y)) or z3.is_int_value(z3.simplify(y))
        if x_const or y_const:
            return x * y
        key = (x.get_id(), y.get_id())
        if key in self.products:
            return self.products[key]
        v = z3.Real(f"积{len(self.products)}", self.ctx)
        self.products[key] = v
        definition = v == x * y
        self.definitions.add(definition.get_id())
        self.constraints += [definition,
                             z3.Implies(z3.And(x >= 0, y >= 0), v >= 0),
                             z3.Implies(z3.Or(x == 0, y == 0), v == 0)]
        return v

    def relaxed(self) -> list:
        """The constraints without the definitions of non-linear products (see `product`)."""
        return [c for c in self.constraints if c.get_id() not in self.definitions]

    def implication(self, a: InputVar, b: InputVar) -> None:
        """蕴含 「甲」 ⇒ 「乙」: no applicant has 甲 true and 乙 false (such a case contradicts the
        policy's own definitions; a witness must be an applicant who can exist)."""
        if (a.key, b.key) in self.implied:
            return
        self.implied.add((a.key, b.key))
        self.constraints.append(z3.Not(z3.And(a.known, a.value, b.known, z3.Not(b.value))))

    def sv(self, var: InputVar) -> SV:
        kind = "enum" if var.kind == "text" else var.kind
        return SV(var.known, var.value, kind, var.dim)

    # history
    def ensure_slots(self, n: int) -> None:
        while len(self.slots) < n:
            i = len(self.slots)
            ctx = self.ctx
            s = Slot(z3.Bool(f"历史{i}:有", ctx), z3.Int(f"历史{i}:待遇", ctx), z3.Int(f"历史{i}:年度", ctx),
                     z3.Int(f"历史{i}:申领人", ctx), z3.Bool(f"历史{i}:金额已知", ctx), z3.Real(f"历史{i}:金额", ctx))
            c = self.constraints
            c += [s.year >= YEAR_MIN, s.year <= self.year, s.amount >= 0, s.benefit >= 0, s.claimant >= 0]
            if i > 0:  # entries fill the slots in order: no two equivalent orderings to search
                c.append(z3.Implies(s.present, self.slots[i - 1].present))
            self.slots.append(s)

    def slot_field(self, slot: Slot, var: InputVar) -> tuple[Any, Any]:
        """The value of fact `var` recorded in a past claim (职业、等级、贷款期限 …)."""
        if var.key not in slot.fields:
            i = self.slots.index(slot)
            tag = f"历史{i}:{var.key}"
            value = self._value_var(tag, var.kind, var.choices)
            known = z3.Bool("已知:" + tag, self.ctx)
            shadow = InputVar(var.key, var.name, False, var.kind, var.dim, var.unit, known, value, var.choices)
            self._domain(shadow)
            slot.fields[var.key] = (known, value)
        return slot.fields[var.key]
