"""IR expressions (hzdsl.ir) → sqlglot expressions over one applicant row.

Each expression compiles to an `SqlValue`: the SQL value (NULL = unknown, as Unknown in the scalar
engine), its kind and dimension, and — when missing facts are tracked — its *mask*: BIGINT words
whose bits name what the unknown is missing (see columns.Tokens). A mask is only meaningful where
the value is NULL, exactly as Unknown only exists in place of a value. Three-valued logic is SQL's
own: AND/OR/NOT on NULL are Kleene's, like runtime.values.and3 / or3 / not3.

The input is the IR, never the AST: every reference is an `ir.Ref` the checker resolved (its `kind`
says fact, parameter or term; its `key` finds the column), kinds and dimensions are the IR's types,
literals are the IR's exact values (`ir.Quantity.value`, `ir.Date.value`, a draft date's
`PlaceholderDate.low/high`, a lookup row's and an option list's `values`). Nothing is looked up by name.

The reference for every rule here is hzdsl.runtime.evaluate.Compiler: one method per IR node type,
same order, same reading (placeholder dates, 超出…的部分, lookups, 较小值/较大值).
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Callable

from sqlglot import exp

from .builders import and_, cast, or_

from ...check.domains import domain_of_info
from ...ir import nodes as ir
from ...ir.program import IRProgram
from ...kinds import TypeKind
from ...runtime.units import DIMENSIONLESS, Dim, to_decimal
from ...runtime.values import Key, KeyKind
from .columns import NUM, NUM_WIDE, SCALE, WORD_BITS, CompileError, Layout, Tokens, col, false, num_lit

NUM_MAX = Fraction(10 ** 18 - 1, 10 ** SCALE)  # the largest DECIMAL(18, 8): 9999999999.99999999

Mask = dict[int, exp.Expression]  # word index → BIGINT expression (absent word = 0)

# The comparison words of the language (满 / 以上 → >=, 不超过 / 以内 → <=, 是 → == …) as SQL operators,
# keyed by the IR's CmpOp values
COMPARISONS = {">=": exp.GTE, ">": exp.GT, "<=": exp.LTE, "<": exp.LT, "==": exp.EQ, "!=": exp.NEQ}


def sql_kind(t) -> str:
    """The SQL back-end's kind of an IR type (check.types.T): bool | num | str | date | set | any."""
    return {TypeKind.ENUM: "str", TypeKind.TEXT: "str"}.get(t.kind, str(t.kind))


@dataclass
class SqlValue:
    sql: exp.Expression
    kind: str  # bool | num | str | date | set | any (a placeholder: always NULL)
    dim: Dim | None = None
    mask: Mask | None = None  # None when missing facts are not tracked
    nullable: bool = True


def _paren(e: exp.Expression) -> exp.Expression:
    return e if isinstance(e, (exp.Column, exp.Literal, exp.Paren, exp.Cast, exp.Boolean, exp.Null)) else exp.Paren(this=e)


def is_null(e: exp.Expression) -> exp.Expression:
    return exp.Is(this=_paren(e), expression=exp.Null())


def case(whens: list[tuple[exp.Expression, exp.Expression]], default: exp.Expression | None) -> exp.Expression:
    if not whens:  # e.g. a claims file with a header and no rows: no benefit names to map
        return default if default is not None else exp.Null()
    c = exp.Case()
    for cond, val in whens:
        c = c.when(cond, val, copy=False)
    return c.else_(default, copy=False) if default is not None else c


def any_null(values: list[SqlValue]) -> exp.Expression | None:
    conds = [is_null(v.sql) for v in values if v.nullable]
    return or_(*conds) if conds else None


def constant(e: ir.Expr) -> Fraction | None:
    """The exact value (Fraction, base units) of an arithmetic expression of literals only, else None."""
    if isinstance(e, ir.Quantity):
        return e.value.value if e.value is not None else None
    if isinstance(e, ir.Neg):
        v = constant(e.operand)
        return None if v is None else -v
    if isinstance(e, ir.Arith) and e.op in (ir.ArithOp.ADD, ir.ArithOp.SUB, ir.ArithOp.MUL):
        a, b = constant(e.left), constant(e.right)
        if a is None or b is None:
            return None
        return a + b if e.op == ir.ArithOp.ADD else a - b if e.op == ir.ArithOp.SUB else a * b
    return None


class MaskOps:
    """Bitmask algebra for missing-fact sets; every method returns None when masks are not tracked."""

    def __init__(self, tokens: Tokens, track: bool):
        self.tokens, self.track = tokens, track

    def const(self, key: Key) -> Mask | None:
        if not self.track:
            return None
        w, b = divmod(self.tokens.bit(key), WORD_BITS)
        return {w: exp.Literal.number(1 << b)}

    def empty(self) -> Mask | None:
        return {} if self.track else None

    def union(self, *masks: Mask | None) -> Mask | None:
        if not self.track:
            return None
        out: Mask = {}
        for m in masks:
            for w, e in (m or {}).items():
                out[w] = exp.BitwiseOr(this=_paren(out[w]), expression=_paren(e)) if w in out else e
        return out

    def when_null(self, v: SqlValue) -> Mask | None:
        """v's mask where v is NULL, else nothing (what merge_unknowns keeps of one operand)."""
        if not self.track:
            return None
        if not v.nullable or not v.mask:
            return {}
        return {w: case([(is_null(v.sql), e)], exp.Literal.number(0)) for w, e in v.mask.items()}

    def merged(self, values: list[SqlValue]) -> Mask | None:
        return self.union(*(self.when_null(v) for v in values))

    def choose(self, branches: list[tuple[exp.Expression, Mask | None]], default: Mask | None) -> Mask | None:
        if not self.track:
            return None
        words = sorted({w for _, m in branches for w in (m or {})} | set(default or {}))
        zero = exp.Literal.number(0)
        return {w: case([(c, (m or {}).get(w, zero)) for c, m in branches], (default or {}).get(w, zero))
                for w in words}


class ExprCompiler:
    """Compiles the IR expressions of one program; `term_ref(key)` gives a term's value (a column of an
    earlier stage) for an `ir.Ref` of kind TERM."""

    def __init__(self, program: IRProgram, layout: Layout, masks: MaskOps,
                 term_ref: Callable[[str], SqlValue], where: str,
                 hoist: Callable[[exp.Expression], exp.Expression] | None = None):
        self.p, self.lay, self.m = program, layout, masks
        self.term_ref = term_ref
        self.where = where  # the rule being compiled, for error messages
        # hoist(e) → a column computed once before this rule (None: inline); used for the operands of a
        # product, which mul_columns / mul_const read three or four times (nested products multiplied that)
        self.hoist = hoist or (lambda e: e)
        # per product: TRUE where it overflowed DECIMAL(18, 8) (NULL from TRY_CAST although both operands are
        # known). The assembler reports such a row as E918 only where the benefit's answer needs the value;
        # a row the rule does not pay (a huge 人数 of an ineligible firm) is screened as usual
        self.overflows: list[exp.Expression] = []
        # id(± sql) → (leaves, its flag, the sql itself: an id is only unique while its object lives)
        self._chains: dict[int, tuple[list[exp.Expression], exp.Expression, exp.Expression]] = {}

    def fail(self, code: str, node: ir.Node, hint: str = "", /, form: str = "", **fields) -> CompileError:
        """`code` at `node` in its registry wording (hzdsl.codes), which names the rule: `where` = self.where."""
        return CompileError.of(code, node.span, hint, form=form, where=self.where, **fields)

    def expr(self, e: ir.Expr) -> SqlValue:
        method = getattr(self, "_" + type(e).__name__, None)
        if method is None:
            raise self.fail("E900", e, node=type(e).__name__)
        return method(e)

    # ── lower bounds of unknown payouts (runtime.bounds, node by node) ──
    def low(self, e: ir.Expr) -> exp.Expression | None:
        """SQL for a lower bound of `e` in base units (NULL: none), as runtime.bounds.LowerBounds: a known
        value is its own bound. None when `e` is never numeric or never has a bound while unknown."""
        v = self.expr(e)
        if v.kind != "num":
            return None
        if not v.nullable:
            return v.sql
        inner = self._low_inner(e)
        return v.sql if inner is None else exp.Coalesce(this=_paren(v.sql), expressions=[inner])

    def _low_inner(self, e: ir.Expr) -> exp.Expression | None:
        if isinstance(e, ir.Ref):
            if e.kind == ir.RefKind.TERM:
                return self.low(self.p.terms[e.key].body)
            info = self.p.facts.get(e.key) if e.kind == ir.RefKind.FACT else self.p.params.get(e.key)
            if info is not None and info.type.kind == TypeKind.NUM and domain_of_info(info).nonnegative:
                return num_lit(0)
            return None
        if isinstance(e, ir.Arith) and (e.op == ir.ArithOp.ADD or (
                e.op == ir.ArithOp.MUL and (isinstance(e.left, ir.Quantity) or isinstance(e.right, ir.Quantity)))):
            a, b = self.low(e.left), self.low(e.right)
            if a is None or b is None:
                return None
            zero = num_lit(0)
            # a bound beyond DECIMAL(18, 8) is saturated to its largest value: still a lower bound (the true value
            # is larger), so a known cap decides the payout as in `hzdsl run` (runtime.bounds) instead of E918
            if e.op == ir.ArithOp.ADD:  # both bounds known: an overflowing sum of two is positive iff a is
                total = exp.TryCast(this=exp.Add(this=_paren(a), expression=_paren(b)), to=NUM.copy())
                over = and_(is_null(total.copy()), exp.GT(this=_paren(a.copy()), expression=zero))
                return case([(over, num_lit(NUM_MAX))], total)
            both = and_(exp.GTE(this=_paren(a.copy()), expression=zero), exp.GTE(this=_paren(b.copy()), expression=zero.copy()))
            return case([(both, exp.Coalesce(this=self.mul_columns(a, b), expressions=[num_lit(NUM_MAX)]))],
                        cast(exp.Null(), NUM))
        if isinstance(e, ir.Extreme):
            lows = [self.low(x) for x in e.args]
            if e.func == ir.ExtremeFunc.MAX:  # GREATEST skips NULLs on both engines: the largest bound there is
                have = [x for x in lows if x is not None]
                # ignore_nulls: else sqlglot makes DuckDB's GREATEST NULL as soon as one bound is
                # (tests/test_screen_max_bound.py: DuckDB said 金额待定 where run and Spark say 3000 元)
                return exp.Greatest(this=have[0], expressions=have[1:], ignore_nulls=True) if have else None
            if any(x is None for x in lows):
                return None
            guard = or_(*[is_null(x.copy()) for x in lows])
            return case([(guard, cast(exp.Null(), NUM))], exp.Least(this=lows[0], expressions=lows[1:]))
        return None

    # ── leaves ──
    def _Ref(self, e: ir.Ref) -> SqlValue:
        if e.kind == ir.RefKind.FACT:
            kind = sql_kind(e.type)
            mask = self.m.const(Key(KeyKind.FACT, e.name))
            if kind == "set":
                return SqlValue(col(self.lay.any_fact_column(e.key)), "set", None, mask)
            return SqlValue(self._implied(e.key, col(self.lay.fact_col[e.key]), kind), kind, e.type.dim, mask)
        if e.kind == ir.RefKind.PARAM:
            return SqlValue(col(self.lay.param_col[e.key]), sql_kind(e.type), e.type.dim,
                            self.m.const(Key(KeyKind.PARAM, e.name)))
        if e.kind == ir.RefKind.TERM:
            return self.term_ref(e.key)
        raise self.fail("E900", e, form="unresolved", name=e.name)

    def _implied(self, key: str, value: exp.Expression, kind: str) -> exp.Expression:
        """蕴含 as the scalar engine reads it (runtime.evaluate.implications): a boolean fact the row leaves
        NULL is true when a fact implying it is true, false when a fact it implies is false."""
        implied_by, implying = self.p.implications.get(key, ((), ()))
        implied_by = [k for k in implied_by if k in self.lay.fact_col]
        implying = [k for k in implying if k in self.lay.fact_col]
        if kind != "bool" or not (implied_by or implying):
            return value
        case = exp.Case()
        if implied_by:
            case = case.when(exp.or_(*(exp.EQ(this=col(self.lay.fact_col[a]), expression=exp.true())
                                       for a in implied_by)), exp.true())
        if implying:
            case = case.when(exp.or_(*(exp.EQ(this=col(self.lay.fact_col[b]), expression=exp.false())
                                       for b in implying)), exp.false())
        return exp.Coalesce(this=value, expressions=[case])

    def quantity(self, e: ir.Quantity) -> tuple[exp.Expression, Dim]:
        """A literal's exact value (the IR parsed it once) as a DECIMAL(18, 8) literal, and its dimension."""
        q = e.value
        if q is None:  # an unknown unit: a check error, never compiled
            raise self.fail("E900", e, form="unit_unknown", text=e.text)
        if to_decimal(q.value, SCALE) != to_decimal(q.value):
            raise self.fail("E901", e,
                            "SQL 后端以 DECIMAL(18, 8) 精确计算；请改写为可精确表示的数值", text=e.text, scale=SCALE)
        return num_lit(q.value), q.dim

    def _Quantity(self, e: ir.Quantity) -> SqlValue:
        sql, dim = self.quantity(e)
        return SqlValue(sql, "num", dim, self.m.empty(), nullable=False)

    def _Text(self, e: ir.Text) -> SqlValue:
        return SqlValue(exp.Literal.string(e.value), "str", None, self.m.empty(), nullable=False)

    def _Date(self, e: ir.Date) -> SqlValue:
        if e.value is None:  # a date no calendar has (E206): a check error, never compiled
            raise self.fail("E900", e, form="no_date", text=e.text)
        return SqlValue(cast(exp.Literal.string(e.value.isoformat()), "DATE"), "date", None, self.m.empty(),
                        nullable=False)

    def _PlaceholderDate(self, e: ir.PlaceholderDate) -> SqlValue:
        return SqlValue(cast(exp.Null(), "DATE"), "date", None, self.m.const(Key(KeyKind.DRAFT_DATE, e.text)))

    def _Placeholder(self, e: ir.Placeholder) -> SqlValue:
        return SqlValue(cast(exp.Null(), NUM), "any", None, self.m.const(Key(KeyKind.AS_PROVIDED, e.text)))

    # ── arithmetic (NULL propagates as merge_unknowns does) ──
    def _numbers(self, e: ir.Arith, read: Callable[[ir.Expr], SqlValue]
                 ) -> tuple[SqlValue, SqlValue, Mask | None, SqlValue | None]:
        """The two operands of `e` read by `read` (self.expr, or self._operand for a sum compared wide), each
        checked to be a number (E900 not_number), their unknown masks merged as merge_unknowns does; the fourth
        item is the whole node's value when an operand is `any` (如实提供: NULL, unknown, the merged mask), else None."""
        a, b = read(e.left), read(e.right)
        self._need_num(a, e.left)
        self._need_num(b, e.right)
        mask = self.m.merged([a, b])
        unknown = SqlValue(cast(exp.Null(), NUM), "any", None, mask) if "any" in (a.kind, b.kind) else None
        return a, b, mask, unknown

    def _Arith(self, e: ir.Arith) -> SqlValue:
        a, b, mask, unknown = self._numbers(e, self.expr)
        if unknown is not None:
            return unknown
        if e.op in (ir.ArithOp.ADD, ir.ArithOp.SUB):
            # TRY_CAST: a sum beyond DECIMAL(18, 8) (two 10-digit counts) is NULL with its overflow flag, as a
            # product is (E918 only where the row's answer needs it) — a CAST raised for every row (exit 3)
            # One flag per chain of ± (A + 1 元 + 1 元 …, 200 levels deep): NULL at the top while every leaf operand
            # is known — an inner overflow propagates its NULL up. A flag per level re-embedded each level's operands
            # (quadratic SQL; hoisting each level made DuckDB's work grow exponentially with the depth).
            op = exp.Add if e.op == ir.ArithOp.ADD else exp.Sub
            sql = exp.TryCast(this=op(this=_paren(a.sql), expression=_paren(b.sql)), to=NUM.copy())
            leaves = []
            for v in (a, b):
                inner = self._chains.get(id(v.sql))
                if inner is not None and inner[2] is v.sql:  # a ± below: its flag is replaced by this one
                    del self._chains[id(v.sql)]
                    leaves += inner[0]
                    # by identity: Expression.__eq__ compares whole trees
                    self.overflows = [f for f in self.overflows if f is not inner[1]]
                else:
                    leaves.append(v.sql)
            if len(leaves) == 2 and self._literal(e.left) != self._literal(e.right):
                flag = self._edge(e, a.sql if self._literal(e.right) else b.sql)  # one operand ± a literal
            else:
                flag = and_(is_null(sql.copy()), *[exp.Not(this=is_null(x.copy())) for x in leaves])
            if flag is not None:
                self.overflows.append(flag)
            self._chains[id(sql)] = (leaves, flag, sql)
            return SqlValue(sql, "num", self.dim(e), mask, a.nullable or b.nullable)
        if e.op == ir.ArithOp.MUL:
            right, left = constant(e.right), constant(e.left)
            if right is not None:  # × 20 万元/人, × 50%, × (400 元 × 1 人): a constant multiplies fast
                operands = [self.hoist(a.sql)]
                sql = self.mul_const(operands[0], right)
            elif left is not None:
                operands = [self.hoist(b.sql)]
                sql = self.mul_const(operands[0], left)
            else:
                operands = [self.hoist(a.sql), self.hoist(b.sql)]
                sql = self.mul_columns(*operands)
            sql = self.hoist(sql)
            self.overflows.append(and_(is_null(sql.copy()), *[exp.Not(this=is_null(o.copy())) for o in operands]))
            return SqlValue(sql, "num", self.dim(e), mask, a.nullable or b.nullable)
        # ÷: only by a literal whose reciprocal is an exact decimal (DECIMAL ÷ DECIMAL is a DOUBLE on DuckDB)
        if isinstance(e.right, ir.Quantity) and e.right.value is not None:
            q = e.right.value
            if q.value != 0:
                inv = 1 / q.value
                if to_decimal(inv, SCALE) == to_decimal(inv):
                    return SqlValue(self.mul_const(a.sql, inv), "num", self.dim(e), mask, a.nullable)
        raise self.fail("E902", e,
                        "SQL 引擎的小数除法会变为浮点数；请改写为乘以比率")

    @staticmethod
    def _literal(e: ir.Expr) -> bool:
        return isinstance(e, ir.Quantity) and e.value is not None

    @staticmethod
    def _edge(e: ir.Arith, x: exp.Expression) -> exp.Expression | None:
        """The overflow flag of x + c, x − c or c − x (c a literal): whether the known x lies beyond the edge
        where the exact result leaves DECIMAL(18, 8) (|result| > NUM_MAX) — one comparison with a bound worked
        out here, exactly (x and c have at most 8 decimals), instead of testing the TRY_CAST's 128-bit sum
        for NULL per row. NULL when x is unknown: every reader takes a flag through COALESCE(…, FALSE).
        None: no x overflows (c = 0)."""
        c = (e.right if isinstance(e.right, ir.Quantity) else e.left).value.value
        if e.op == ir.ArithOp.ADD or isinstance(e.right, ir.Quantity):  # x + k, k = c or −c
            k = c if e.op == ir.ArithOp.ADD else -c
            above, below = NUM_MAX - k, -NUM_MAX - k  # x > above: too large; x < below: too small
        else:  # c − x
            above, below = c + NUM_MAX, c - NUM_MAX  # x > above: too small; x < below: too large
        edges = ([exp.GT(this=_paren(x.copy()), expression=num_lit(above))] if above < NUM_MAX else []) + \
                ([exp.LT(this=_paren(x.copy()), expression=num_lit(below))] if below > -NUM_MAX else [])
        return or_(*edges) if edges else None

    @staticmethod
    def mul(a: exp.Expression, b: exp.Expression) -> exp.Expression:
        """An exact product on both engines: DECIMAL(18,8) × DECIMAL(19,8) keeps all 16 decimals, then half up to 8."""
        # exp.Cast directly: sqlglot's cast() helper folds a cast of a cast to the same base type
        # TRY_CAST: a product beyond DECIMAL(18, 8) is NULL (as Spark's CAST without ANSI), never an engine
        # error for every row — ExprCompiler.overflows says where, for the rows that need it (E918)
        return exp.TryCast(this=exp.Mul(this=exp.Cast(this=a, to=NUM.copy()), expression=exp.Cast(this=b, to=NUM_WIDE.copy())),
                           to=NUM.copy())

    @classmethod
    def mul_columns(cls, a: exp.Expression, b: exp.Expression) -> exp.Expression:
        """`mul` of two values, in 64-bit decimals when each has at most 4 decimals (money to 分, months,
        rates to the BP): DECIMAL(18, 4) × DECIMAL(18, 4) is exactly DECIMAL(18, 8), the same product
        `mul` rounds to 8 decimals (nothing to round). Other rows take `mul` (a CASE evaluates that
        branch only for them). Measured: 64-bit products are ~100× faster than 128-bit ones on DuckDB."""
        short = exp.DataType.build("DECIMAL(18, 4)")
        a4, b4 = exp.Cast(this=a.copy(), to=short.copy()), exp.Cast(this=b.copy(), to=short.copy())
        # and the product below 10^10 (DuckDB's 64-bit product raises on overflow, for every row — also one the
        # rule never pays): checked in binary floating point with a margin (< 10^9), only to pick the branch
        small = exp.LT(this=exp.Mul(this=exp.Abs(this=exp.Cast(this=a.copy(), to=exp.DataType.build("DOUBLE"))),
                                    expression=exp.Abs(this=exp.Cast(this=b.copy(), to=exp.DataType.build("DOUBLE")))),
                       expression=exp.Literal.number("1e9"))
        fits = and_(exp.EQ(this=a4.copy(), expression=exp.Cast(this=a.copy(), to=NUM.copy())),
                    exp.EQ(this=b4.copy(), expression=exp.Cast(this=b.copy(), to=NUM.copy())), small)
        fast = exp.TryCast(this=exp.Mul(this=a4, expression=b4), to=NUM.copy())  # 10^9 × 10^9 overflows: see `mul`
        return case([(fits, fast)], cls.mul(a, b))

    @classmethod
    def mul_const(cls, a: exp.Expression, value) -> exp.Expression:
        """a × an exact constant, as `mul` rounds it, but in 64-bit decimals where the product fits.

        DuckDB multiplies DECIMAL(18, 8) by a DECIMAL(p, s) literal of minimal type in 64 bits, keeping
        8 + s decimals exactly (then half up to 8, as `mul`): measured 0.02 s against 2.4 s for `mul`'s
        128-bit product on a million rows. It keeps 18 digits, so where |a| could overflow them the row
        takes `mul` instead (a CASE evaluates that branch only for those rows). Spark widens either way.
        """
        from fractions import Fraction

        d = to_decimal(Fraction(value), SCALE)
        if Fraction(d) != Fraction(value) or d == 0:
            return cls.mul(a, num_lit(value))
        text = format(d.normalize(), "f")
        whole, _, frac = text.lstrip("-").partition(".")
        digits, decimals = len(whole.lstrip("0")), len(frac)
        lit = exp.Cast(this=exp.Literal.number(text),
                       to=exp.DataType.build(f"DECIMAL({max(digits + decimals, 1)}, {decimals})"))
        fast = exp.Cast(this=exp.Mul(this=exp.Cast(this=a, to=NUM.copy()), expression=lit), to=NUM.copy())
        # the unscaled product must stay below 10^18: |a| × |value| < 10^(10 − decimals)
        bound = Fraction(10) ** (18 - SCALE - decimals) / abs(Fraction(d))
        if bound >= 10 ** (18 - SCALE):  # every DECIMAL(18, 8) fits
            return fast
        safe = exp.LT(this=exp.Abs(this=exp.Cast(this=a.copy(), to=NUM.copy())),
                      expression=exp.Cast(this=exp.Literal.number(format(to_decimal(bound - Fraction(1, 10 ** SCALE), SCALE), "f")),
                                          to=NUM.copy()))
        return case([(safe, fast)], cls.mul(a.copy(), num_lit(value)))

    def dim(self, e: ir.Expr) -> Dim:
        """The dimension of a numeric expression: its IR type's (the checker inferred it; money is 元, so
        the payout is rounded to 分). An expression the IR did not type as a number is refused, loudly."""
        if e.type.kind != TypeKind.NUM:
            raise self.fail("E900", e, form="not_numeric_type", type=e.type.describe())
        return e.type.dim

    def _need_num(self, v: SqlValue, node: ir.Expr) -> None:
        if v.kind not in {"num", "any"}:
            raise self.fail("E900", node, form="not_number", kind=v.kind)

    def _Neg(self, e: ir.Neg) -> SqlValue:
        a = self.expr(e.operand)
        if a.kind == "any":
            return a
        return SqlValue(cast(exp.Neg(this=_paren(a.sql)), NUM), "num", self.dim(e), a.mask, a.nullable)

    def _read_twice(self, v: SqlValue) -> SqlValue:
        """v read twice — by the NULL guard and the body of 最高/最低/超过部分: hoisted (one evaluation per row,
        as a column of `pre` that the benefit's stage reads; LPR − 150BP as a TRY_CAST of a 128-bit difference:
        1 M rows 30.6 → 24.3 ms for the shared rules' 贴息), unless it is a column or literal already or reads a
        `pre` column itself (a column of the same SELECT is re-inlined by the engine: nothing to share)."""
        if not v.nullable or v.kind != "num" or any(c.name[:1] == "v" and c.name[1:].isdigit()
                                                     for c in v.sql.find_all(exp.Column)):
            return v
        return SqlValue(self.hoist(v.sql), v.kind, v.dim, v.mask, v.nullable)

    def _Excess(self, e: ir.Excess) -> SqlValue:
        a, b = (self._read_twice(self.expr(x)) for x in (e.value, e.threshold))
        mask = self.m.merged([a, b])
        if a.kind == "any" or b.kind == "any":
            return SqlValue(cast(exp.Null(), NUM), "any", None, mask)
        zero = num_lit(0)
        # max(A − max(B, 0), 0): never negative, never more than A (see Compiler._Excess)
        # ignore_nulls: GREATEST as both engines run it (skipping NULLs); without it sqlglot wraps each one for
        # DuckDB in CASE WHEN x IS NULL OR 0 IS NULL … (three CASEs more per row, ~20 % of the shared rules'
        # expression time) — the guard below already makes the whole NULL when A or B is
        body = exp.Greatest(this=exp.Sub(this=_paren(a.sql), expression=exp.Greatest(this=b.sql, expressions=[zero],
                                                                                     ignore_nulls=True)),
                            expressions=[zero], ignore_nulls=True)
        guard = any_null([a, b])
        sql = cast(case([(guard, exp.Null())], body) if guard is not None else body, NUM)
        return SqlValue(sql, "num", self.dim(e), mask, guard is not None)

    def _Extreme(self, e: ir.Extreme) -> SqlValue:
        args = [self._read_twice(self.expr(x)) for x in e.args]
        mask = self.m.merged(args)
        if any(a.kind == "any" for a in args):
            return SqlValue(cast(exp.Null(), NUM), "any", None, mask)
        f = exp.Least if e.func == ir.ExtremeFunc.MIN else exp.Greatest
        body = f(this=args[0].sql, expressions=[a.sql for a in args[1:]], ignore_nulls=True)  # (see _Excess)
        guard = any_null(args)  # LEAST/GREATEST skip NULLs on both engines; Unknown must win instead
        sql = case([(guard, exp.Null())], body) if guard is not None else body
        return SqlValue(cast(sql, NUM), "num", self.dim(e), mask, guard is not None)

    def _Lookup(self, e: ir.Lookup) -> SqlValue:
        key = self.expr(e.key)
        rows: dict = {}  # later rows win, as dict(table) does in the scalar engine
        for row in e.rows:
            value = self.expr(row.value)
            for k, lit in zip(row.keys, row.values):  # the keys' exact values, parsed by the IR
                if lit is None:  # a key in an unknown unit: a check error, never compiled
                    raise self.fail("E900", k, form="lookup_key")
                rows[lit] = (k, value)
        default = self.expr(e.default) if e.default is not None else None
        values = [v for _, v in rows.values()] + ([default] if default else [])
        kinds = {v.kind for v in values} - {"any"}
        if len(kinds) > 1:
            raise self.fail("E900", e, form="lookup")
        kind = kinds.pop() if kinds else "any"
        dim = self.dim(e) if kind == "num" else None
        whens, mwhens = [], []
        for lit, (k, v) in rows.items():
            key_sql = exp.Literal.string(lit) if isinstance(lit, str) else num_lit(lit)
            cond = exp.EQ(this=_paren(key.sql), expression=key_sql)
            whens.append((cond, self._typed(v, kind)))
            mwhens.append((cond, self.m.when_null(v)))
        if default is not None:
            other_sql, other_mask = self._typed(default, kind), self.m.when_null(default)
        else:
            other_sql, other_mask = self._null_of(kind), self._no_row_mask(e, key, set(rows))
        sql = case(whens, other_sql)
        mask = None
        if self.m.track:
            mask = self.m.choose([(is_null(key.sql), key.mask)] + mwhens, other_mask)
        if key.nullable:
            sql = case([(is_null(key.sql), self._null_of(kind))], sql)
        return SqlValue(sql, kind, dim, mask)

    def _no_row_mask(self, e: ir.Lookup, key: SqlValue, covered: set) -> Mask | None:
        """查表无此项：k — for an enumeration key one token per uncovered member; for a number one token
        「查表无此项」 (the scalar engine prints the number into the text; the SQL back-end cannot)."""
        if not self.m.track:
            return None
        choices = None
        if isinstance(e.key, ir.Ref) and e.key.kind == ir.RefKind.FACT:
            t = e.key.type
            if t.kind == TypeKind.ENUM:
                choices = sorted(t.choices - covered)
        if choices is None:
            return self.m.const(Key(KeyKind.LOOKUP_MISS))  # which value: not known here
        return self.m.choose([(exp.EQ(this=_paren(key.sql), expression=exp.Literal.string(c)),
                               self.m.const(Key(KeyKind.LOOKUP_MISS, c))) for c in choices], {})

    @staticmethod
    def _null_of(kind: str) -> exp.Expression:
        return cast(exp.Null(), {"num": NUM, "any": NUM, "bool": "BOOLEAN", "str": "VARCHAR",
                                     "date": "DATE"}.get(kind, NUM))

    def _typed(self, v: SqlValue, kind: str) -> exp.Expression:
        return self._null_of(kind) if v.kind == "any" else v.sql

    # ── comparisons ──
    # ── ± compared in a condition: summed wide, exactly ──
    # 读法 of precision, not of the policy: screening holds a value in DECIMAL(18, 8) (|x| < 10^10), and a sum of two
    # such values may not fit — a payout that does not fit is E918 (screen cannot pay it), but a condition only
    # compares the sum: `「线上次数」 + 「线下次数」 在 1 次 以上` with two 10-digit counts is true in `hzdsl run`.
    # So a ± chain that is an operand of a comparison (or 在…之间) is summed in DECIMAL(30, 8): its leaves are values of
    # DECIMAL(18, 8) (products and terms keep their own overflow flags), so 22 integer digits hold any chain shorter
    # than 10^12 leaves exactly, with no flag; each step is cast back to DECIMAL(30, 8) so Spark's decimal addition
    # (precision + 1, capped at 38 by cutting decimals) never loses a decimal.
    WIDE_SUM = exp.DataType.build("DECIMAL(30, 8)")

    def _operand(self, e: ir.Expr) -> SqlValue:
        if not (isinstance(e, ir.Arith) and e.op in (ir.ArithOp.ADD, ir.ArithOp.SUB)):
            return self.expr(e)
        a, b, mask, unknown = self._numbers(e, self._operand)
        if unknown is not None:
            return unknown
        op = exp.Add if e.op == ir.ArithOp.ADD else exp.Sub
        sql = exp.Cast(this=op(this=exp.Cast(this=_paren(a.sql), to=self.WIDE_SUM.copy()),
                               expression=exp.Cast(this=_paren(b.sql), to=self.WIDE_SUM.copy())), to=self.WIDE_SUM.copy())
        return SqlValue(sql, "num", self.dim(e), mask, a.nullable or b.nullable)

    def _Compare(self, e: ir.Compare) -> SqlValue:
        a, b = self._operand(e.left), self._operand(e.right)
        draft = self.p.through_terms(e.right)
        if isinstance(draft, ir.PlaceholderDate):
            return self._compare_placeholder_date(e.op, a, b, (draft.low, draft.high))
        mask = self.m.merged([a, b])
        if a.kind == "any" or b.kind == "any":
            return SqlValue(cast(exp.Null(), "BOOLEAN"), "bool", None, mask)
        return SqlValue(self._cmp(e.op, a.sql, b.sql), "bool", None, mask, a.nullable or b.nullable)

    @staticmethod
    def _cmp(op: str, x: exp.Expression, y: exp.Expression) -> exp.Expression:
        return COMPARISONS[op](this=_paren(x), expression=_paren(y))


    def _compare_placeholder_date(self, op: str, a: SqlValue, b: SqlValue, span) -> SqlValue:
        """X 在 2022 年*月*日 之前/之后: decided when X lies outside the month/year the draft leaves open."""
        lo, hi = (cast(exp.Literal.string(d.isoformat()), "DATE") for d in span)
        x = a.sql
        if op in {"==", "!="}:
            inside = exp.Between(this=_paren(x), low=lo, high=hi)
            value = case([(is_null(x), exp.Null()), (inside, exp.Null())], exp.Boolean(this=op == "!="))
            undecided = inside
        else:
            at_lo, at_hi = self._cmp(op, x, lo), self._cmp(op, x, hi)
            undecided = exp.NEQ(this=_paren(at_lo), expression=_paren(at_hi))
            value = case([(is_null(x), exp.Null()), (undecided, exp.Null())], at_lo)
        mask = None
        if self.m.track:
            mask = self.m.choose([(is_null(x), self.m.union(a.mask, self.m.when_null(b)))], b.mask)
        return SqlValue(cast(value, "BOOLEAN"), "bool", None, mask)

    def _Between(self, e: ir.Between) -> SqlValue:
        v, lo, hi = self._operand(e.value), self._operand(e.low), self._operand(e.high)
        vals = [v, lo, hi]
        mask = self.m.merged(vals)
        if any(x.kind == "any" for x in vals):
            return SqlValue(cast(exp.Null(), "BOOLEAN"), "bool", None, mask)
        body = and_(exp.LTE(this=_paren(lo.sql), expression=_paren(v.sql)),
                        exp.LTE(this=_paren(v.sql), expression=_paren(hi.sql)))
        guard = any_null(vals)  # a NULL bound must give NULL, not SQL's FALSE from the other side
        sql = case([(guard, exp.Null())], body) if guard is not None else body
        return SqlValue(cast(sql, "BOOLEAN"), "bool", None, mask, guard is not None)

    def _Member(self, e: ir.Member) -> SqlValue:
        v = self.expr(e.value)
        if v.kind == "any":
            return SqlValue(cast(exp.Null(), "BOOLEAN"), "bool", None, v.mask)
        opts = [exp.Literal.string(o.value) if isinstance(o, ir.Text) else self.quantity(o)[0] for o in e.options]
        return SqlValue(exp.In(this=_paren(v.sql), expressions=opts), "bool", None, v.mask, v.nullable)

    def _Contains(self, e: ir.Contains) -> SqlValue:
        if not (isinstance(e.collection, ir.Ref) and e.collection.kind == ir.RefKind.FACT
                and e.collection.key in self.lay.set_cols and isinstance(e.item, ir.Text)):
            raise self.fail("E900", e, form="contains")
        key = e.collection.key
        members = self.lay.set_cols[key]
        mask = self.m.const(Key(KeyKind.FACT, e.collection.name))
        if e.item.value in members:
            return SqlValue(col(members[e.item.value]), "bool", None, mask)
        # not a declared member: false whenever the set is known
        known = col(self.lay.any_fact_column(key))
        return SqlValue(case([(is_null(known), cast(exp.Null(), "BOOLEAN"))], false()), "bool", None, mask)

    def _Logic(self, e: ir.Logic) -> SqlValue:
        ops = [self.expr(x) for x in e.operands]
        for o, x in zip(ops, e.operands):
            if o.kind not in {"bool", "any"}:
                raise self.fail("E900", x, form="logic")
        parts = [cast(exp.Null(), "BOOLEAN") if o.kind == "any" else _paren(o.sql) for o in ops]
        sql = and_(*parts) if e.op == ir.LogicOp.AND else or_(*parts)
        return SqlValue(exp.Paren(this=sql), "bool", None, self.m.merged(ops), any(o.nullable for o in ops))

    def _Not(self, e: ir.Not) -> SqlValue:
        a = self.expr(e.operand)
        sql = cast(exp.Null(), "BOOLEAN") if a.kind == "any" else exp.Not(this=_paren(a.sql))
        return SqlValue(sql, "bool", None, a.mask, a.nullable)


__all__ = ["ExprCompiler", "MaskOps", "SqlValue", "case", "is_null", "any_null", "DIMENSIONLESS"]
