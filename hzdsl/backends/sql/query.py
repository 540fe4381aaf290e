"""Assemble the whole screening query: staged term columns, the history join, one block per benefit.

    WITH base AS (SELECT * FROM pop LEFT JOIN (<claims aggregated per applicant>) ON id = aid),
         s1 AS (SELECT *, <terms with no term dependencies> FROM base),
         s2 AS (SELECT *, <terms over s1's terms> FROM s1), …
         pre AS (SELECT *, <each limit's test and quota, payouts under caps/floors> FROM sN),
         decided AS (SELECT *, <per benefit: eligible, amount, …> FROM pre)
    SELECT id, <per benefit: one TINYINT code (status + flags), amount, mask words> FROM decided

Terms are computed once per applicant as columns (as the scalar engine memoises them per case), so a
term used by twenty benefits is not inlined twenty times; so are limits (the loan limits bind three
benefits) and values a CASE would otherwise repeat. Per benefit the decision follows
runtime.evaluate.Evaluator.decide: eligible = condition 且 非 exclusions 且 limits (Kleene); 不符合 when
false; otherwise the amount (exception outcomes, caps, floors, 分 rounding, remaining quota), 待定
when eligibility is unknown, 冲突 when applying exceptions disagree, else 符合.

Per benefit the result carries ONE small integer `c<i>` (TINYINT) — the status in its two low bits
(0 不符合, 1 符合, 2 待定, 3 冲突) and one bit per flag: 金额待定 (UNKNOWN_BIT), the row needs a value beyond
DECIMAL(18, 8) (OVERFLOW_BIT, E918), the amount is only the most an open amount limit leaves (AT_MOST_BIT)
— and the amount `a<i>` (DECIMAL(18, 8)), except for a benefit whose amount is a constant (则 3000 元,
no cap, floor, exception or quota): its amount is that constant on every row not 不符合, so the row
carries no amount (`BenefitColumns.fixed`). Narrow columns are what DuckDB converts to Arrow fastest
(1 M rows: a DECIMAL column ≈ 5 ms, an INTEGER ≈ 1.5 ms, a TINYINT ≈ 0.6 ms, a BOOLEAN ≈ 1 ms).
Read a result only through `results.py` (`status_of`, `amount_of`, `unknown_of`, … for SQL over the
result; `decode` / `arrow_columns` for an Arrow table): it is the one decoder.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from sqlglot import exp

from .builders import alias_, and_, cast, or_, select

from ...check.program import Program
from ...ir import ir_of
from ...ir import nodes as ir
from ...ir.program import IRProgram
from ...kinds import ModifierKind
from ...runtime.units import Dim, Unit, parse_unit
from ...units import round_money
from .columns import NUM, CompileError, Layout, Tokens, col, false, true
from .expressions import ExprCompiler, MaskOps, SqlValue, _paren, case, is_null
from .history import HIST_KNOWN, HistoryCompiler, LimitSql
from ...ir.summary import Stat
from ...runtime.values import Key, KeyKind

NEGATIVE_KEY = Key(KeyKind.NEGATIVE_AMOUNT)  # the placeholder of a negative amount (runtime.evaluate.NEGATIVE)
# A payout whose known floor is above a known cap: the engine's Key(CONTRADICTION, "下限 … 高于上限 …")
# names the values; SQL carries one fixed token for it (the values are in the row)
CONTRADICTION_TOKEN = "金额上下限矛盾"
CONTRADICTION_KEY = Key(KeyKind.CONTRADICTION, CONTRADICTION_TOKEN)

STATUS = {0: "不符合", 1: "符合", 2: "待定", 3: "冲突"}
STATUS_MASK = 3  # code & 3: the status
UNKNOWN_BIT = 4  # the amount is unknown (金额待定)
OVERFLOW_BIT = 8  # a value this row's answer needs overflowed DECIMAL(18, 8) (E918)
AT_MOST_BIT = 16  # the amount is only the most an open amount limit leaves (至多)
MONEY_DIM = parse_unit("元").dim


@dataclass
class BenefitColumns:
    """Where one benefit's results are in the result table, and how to show its amount.

    Read them through results.py (the one decoder): `code` packs the status and the flags, `amount` is
    None when the amount is `fixed`."""

    key: str
    name: str
    clause: str
    code: str  # column (TINYINT): status in bits 0–1 (STATUS), UNKNOWN_BIT, OVERFLOW_BIT, AT_MOST_BIT
    amount: str | None  # column: amount in base units (NULL: none, unknown, or 不符合); None: `fixed`
    masks: list[str]  # columns: mask words of what would decide a 待定
    dim: Dim | None
    unit: Unit | None  # display unit (the drafter's), None: shown in base units
    amount_masks: list[str] = field(default_factory=list)  # columns: mask words of what an unknown amount waits for (Decision.amount_unknown)
    entitlement: bool = False  # the outcome is a right (享有 “…”), not an amount: its amount is never asked for
    up_to: bool = False  # 则 最高 X: X is the most that can be granted (a loan's ceiling), not an amount paid
    kind: str = ""  # the benefit's 类别 as declared: 补贴, 贷款, …
    at_most: bool = False  # the code can carry AT_MOST_BIT (an amount limit can cap the amount)
    overflow: bool = False  # the code can carry OVERFLOW_BIT (the rule has a product or sum that can overflow)
    unknown: bool = True  # the code can carry UNKNOWN_BIT (False: a fixed amount, never unknown)
    # the amount (base units, exact, ≥ 0, already rounded to 分 when money) of every row that is not 不符合,
    # when the payout is a literal with no cap, floor, exception or quota; None: the row's `amount` column
    fixed: Fraction | None = None

    @property
    def flags(self) -> bool:
        """Whether `code` can carry any bit above the status."""
        return self.unknown or self.overflow or self.at_most


@dataclass
class CompiledQuery:
    select: exp.Select
    benefits: list[BenefitColumns]
    layout: Layout
    tokens: Tokens
    track_missing: bool
    aggregate: exp.Select | None  # the claims aggregation (also inside select); None without limits
    needs_claims: bool
    fact_keys: list[str] = field(default_factory=list)  # facts the query reads (reads_facts), declaration order
    pop: str = "pop"  # the applicant and claims tables it reads (engines register them under these names)
    claims: str = "claims"
    # each history aggregate's column (g<i>) → the per-applicant number it is (summary.Stat; None: no summary
    # column can state it — 同一…不得重复享受)
    stats: dict[str, Stat | None] = field(default_factory=dict)
    summary: bool = False  # the history comes as summary columns of `pop` (历史汇总), not as claims

    def sql(self, dialect: str = "duckdb", pretty: bool = False) -> str:
        return self.select.sql(dialect=dialect, pretty=pretty)

    def summary_form(self) -> "CompiledQuery":
        """The same query over a population that carries each history aggregate itself (历史汇总, hzdsl/ir/summary.py):
        `pop` has a column g<i> per aggregate, in the claims form's meaning (a count, a sum of the known values,
        how many claims lack the value); the base stage reads `pop` alone — no GROUP BY over claims, no join.
        Every other stage is unchanged, so the two forms decide alike wherever the numbers are equal.
        # 读法: an aggregate no summary states (同一…不得重复 compares this claim with each past one; its Stat is
        # None) is a history the file does not give — for that limit alone the applicant's history is unknown, as
        # for a case without 「历史」: each column reading such an aggregate sees 历史已知 as FALSE (the limit is
        # open, the benefit 待定 or 不符合 on its other conditions, 历史申领记录 missing), the aggregate a NULL
        # count it never reaches. The pipeline says so (W924)."""
        unstated = {g for g, s in self.stats.items() if s is None}
        q = self.select.copy()
        stages = [q]  # the final projection (the missing-fact masks) and every stage but the base
        for cte in q.find_all(exp.CTE):
            if cte.alias == "base":
                nulls = [alias_(cast(exp.Null(), "BIGINT"), g) for g in sorted(unstated)]
                cte.set("this", select("*", *nulls).from_(self.pop, copy=False))
            else:
                stages.append(cte.this)
        if not any(cte.alias == "base" for cte in q.find_all(exp.CTE)):  # pragma: no cover — build() writes it
            raise ValueError("no base stage")
        def unknown_history(node: exp.Expression) -> None:
            for h in list(node.find_all(exp.Column)):
                if h.name == HIST_KNOWN:
                    h.replace(exp.false())

        reading = set(unstated)  # the columns that read such an aggregate: the limits' values v<j>
        for stage in reversed(stages) if unstated else []:  # stages run base → final; `stages` is final first
            for item in stage.expressions:
                if any(c.name in reading for c in item.find_all(exp.Column)):
                    if any(c.name in unstated for c in item.find_all(exp.Column)):
                        unknown_history(item)  # the limit's own value
                        reading.add(item.alias_or_name)
                    # the missing-fact sections of those limits: CASE WHEN v<j> IS NULL THEN … NOT h … END
                    for section in list(item.find_all(exp.Case)):
                        if any(c.name in reading for w in section.args.get("ifs") or [] for c in w.this.find_all(exp.Column)):
                            unknown_history(section)
        return CompiledQuery(q, self.benefits, self.layout, self.tokens, self.track_missing, None, False,
                             self.fact_keys, self.pop, self.claims, self.stats, True)


class _Assembler:
    """Builds the query from the IR `prog`; `layout` places its facts and parameters in columns."""

    def __init__(self, prog: IRProgram, layout: Layout, track: bool, pop: str, claims: str):
        self.p = prog
        self.lay = layout
        self.tokens = Tokens()
        self.m = MaskOps(self.tokens, track)
        self.track = track
        self.pop, self.claims = pop, claims
        self.term_cols: dict[str, tuple[int, SqlValue]] = {}  # key → (stage, column value)
        self.contra: dict[int, exp.Expression] = {}  # id(outcome) → its floor-above-cap condition
        self.stages: dict[int, list[tuple[str, exp.Expression]]] = {}
        self.hist = HistoryCompiler(prog, self.lay, self.m)
        self._compiling: list[str] = []
        # values computed once per applicant after the terms, before the decisions: each limit's test (shared
        # by every benefit it applies to) and payouts a cap or floor reads several times (CASE repeats them)
        self.pre: list[tuple[str, exp.Expression]] = []
        self.pre_named: dict[str, str] = {}  # a hoisted expression's SQL → its column
        self.limit_cols: dict[str, LimitSql] = {}  # limit id → its hoisted columns
        self.term_overflows: dict[str, list[exp.Expression]] = {}

    def hoist(self, e: exp.Expression) -> exp.Expression:
        """e as a column of the `pre` stage (a column, literal or cast literal stays as it is)."""
        if isinstance(e, (exp.Column, exp.Literal, exp.Boolean, exp.Null)) or (
                isinstance(e, exp.Cast) and isinstance(e.this, (exp.Literal, exp.Null))):
            return e
        # the same value written twice (two benefits' identical 限制, the same payout under two caps) is
        # one column: DuckDB does not share subexpressions across the columns of a projection
        text = e.sql()
        name = self.pre_named.get(text)
        if name is None:
            name = f"v{len(self.pre)}"
            self.pre.append((name, e))
            self.pre_named[text] = name
        return col(name)

    def limit(self, lim: ir.Limit) -> LimitSql:
        """A limit's test and remaining quota, hoisted: one column each, however many benefits it binds."""
        if lim.id not in self.limit_cols:
            ls = self.hist.limit(lim)
            ok = SqlValue(self.hoist(ls.ok.sql), ls.ok.kind, ls.ok.dim, ls.ok.mask, ls.ok.nullable)
            self.limit_cols[lim.id] = LimitSql(ls.limit, ok, None if ls.remaining is None else self.hoist(ls.remaining))
        return self.limit_cols[lim.id]

    def compiler(self, where: str, deps: list[int], in_rule: bool = True, used: list[str] | None = None) -> ExprCompiler:
        """in_rule: a benefit's or exception's expression (read after every term stage), whose repeated
        operands may be hoisted into the `pre` stage; a term's own body is compiled without hoisting.
        used: collects the keys of the terms the expression reads."""
        def term_ref(key: str) -> SqlValue:
            stage, v = self.term(key)
            deps.append(stage)
            if used is not None:
                used.append(key)
            return v

        return ExprCompiler(self.p, self.lay, self.m, term_ref, where, self.hoist if in_rule else None)

    def term(self, key: str) -> tuple[int, SqlValue]:
        if key in self.term_cols:
            return self.term_cols[key]
        decl = self.p.terms[key]
        if key in self._compiling:
            raise CompileError.of("E900", decl.span, form="term_cycle", name=decl.name)
        self._compiling.append(key)
        deps: list[int] = []
        used: list[str] = []
        tc = self.compiler(f"术语「{decl.name}」", deps, in_rule=False, used=used)
        v = tc.expr(decl.body)
        # where its products overflowed, with those of the terms it reads (ExprCompiler.overflows)
        self.term_overflows[key] = tc.overflows + [o.copy() for k in used for o in self.term_overflows.get(k, [])]
        self._compiling.pop()
        if v.kind == "set":
            raise CompileError.of("E900", decl.span, form="term_set", name=decl.name)
        stage = 1 + max(deps, default=0)
        i = len(self.term_cols)
        name = f"t{i}"
        out = self.stages.setdefault(stage, [])
        out.append((name, v.sql))
        masks = {}
        for w, e in (v.mask or {}).items():
            out.append((f"{name}_m{w}", e))
            masks[w] = col(f"{name}_m{w}")
        ref = SqlValue(col(name), v.kind, v.dim, masks if self.track else None, v.nullable)
        self.term_cols[key] = (stage, ref)
        return stage, ref

    # ── benefits ──
    def outcome(self, c: ExprCompiler, o: ir.Outcome) -> tuple[SqlValue | None, Dim | None, Unit | None]:
        """The payout after caps and floors, rounded to 分 when it is money (Evaluator._payout); the unit
        it is shown in is the IR's `display_unit` (the payout literal's, else the last literal cap's)."""
        unit = o.display_unit
        caps = [m for m in o.modifiers if m.kind == ModifierKind.CAP]
        floors = [m for m in o.modifiers if m.kind == ModifierKind.FLOOR]
        if o.payout is None:
            return None, None, unit
        v = c.expr(o.payout)
        low = c.low(o.payout) if caps else None  # a known cap not above it decides an unknown payout
        dim = v.dim
        if (caps or floors) and v.kind == "num":  # each bound reads v three times (NULL test, comparison, value)
            v = SqlValue(self.hoist(v.sql), v.kind, v.dim, v.mask, v.nullable)
        # a known floor above a known cap: no amount satisfies both (runtime.semantics.payout's
        # Contradiction) — NULL amount and the decision 冲突; never NULL itself
        bounds = {id(m): c.expr(m.value) for m in caps + floors}
        bounds = {i: SqlValue(self.hoist(b.sql), b.kind, b.dim, b.mask, b.nullable) if b.kind == "num" else b
                  for i, b in bounds.items()}
        contra = [and_(exp.Not(this=is_null(bounds[id(f)].sql)), exp.Not(this=is_null(bounds[id(k)].sql)),
                       exp.LT(this=_paren(bounds[id(k)].sql), expression=_paren(bounds[id(f)].sql)))
                  for f in floors for k in caps if bounds[id(f)].kind == "num" and bounds[id(k)].kind == "num"]
        self.contra[id(o)] = or_(*contra) if contra else false()
        for mods, cmp in ((caps, exp.LT), (floors, exp.GT)):
            for m in mods:
                b = bounds[id(m)]
                if dim is None and b.kind == "num":
                    dim = b.dim
                mask = self.m.merged([v, b])
                if v.kind == "any" or b.kind == "any":
                    v = SqlValue(cast(exp.Null(), NUM), "any", dim, mask)
                    continue
                whens = []
                if m.kind == ModifierKind.CAP and low is not None:  # runtime.semantics.payout's `low`
                    # an unknown cap could be below any bound: from it on, no bound decides
                    low = case([(is_null(b.sql), cast(exp.Null(), NUM))], low)
                    whens.append((and_(is_null(v.sql), exp.Not(this=is_null(b.sql)),
                                       exp.LTE(this=_paren(b.sql), expression=_paren(low.copy()))), b.sql))
                guard = or_(is_null(v.sql), is_null(b.sql))
                sql = case(whens + [(guard, cast(exp.Null(), NUM)),
                                    (cmp(this=_paren(b.sql), expression=_paren(v.sql)), b.sql)], v.sql)
                v = SqlValue(self.hoist(sql), "num", dim, mask, True)
        if v.kind == "num" and dim == MONEY_DIM:
            v = SqlValue(cast(exp.Round(this=v.sql, decimals=exp.Literal.number(2)), NUM), "num", dim, v.mask,
                         v.nullable)
        if contra and v.kind == "num":
            # the engine's payout returns the Contradiction alone: the amount waits for nothing else
            mask = self.m.choose([(self.contra[id(o)], self.m.const(CONTRADICTION_KEY))], self.m.when_null(v))
            v = SqlValue(case([(self.contra[id(o)], cast(exp.Null(), NUM))], v.sql), "num", dim, mask, True)
        return v, dim, unit

    def benefit(self, key: str, b: ir.Benefit) -> tuple[BenefitColumns, list[tuple[str, exp.Expression]]]:
        where = f"待遇「{b.name}」"
        deps: list[int] = []
        used: list[str] = []
        c = self.compiler(where, deps, used=used)
        parts: list[SqlValue] = []
        if b.condition is not None:
            parts.append(c.expr(b.condition))
        for x in b.exclusions:
            v = c.expr(x)
            parts.append(SqlValue(exp.Not(this=_paren(v.sql)), "bool", None, v.mask, v.nullable))
        limits = [self.limit(lim) for lim in b.limits]
        parts += [ls.ok for ls in limits]
        for v, src in zip(parts, [b.condition, *b.exclusions]):
            if v.kind not in {"bool", "any"}:
                raise c.fail("E900", src or b, form="condition")
        if parts:
            eligible = exp.Paren(this=and_(*[_paren(v.sql) if v.kind != "any" else cast(exp.Null(), "BOOLEAN")
                                                for v in parts]))
        else:
            eligible = true()
        elig_mask = self.m.merged(parts)

        decided_by = len(c.overflows)  # the condition's products and sums: before the payout's
        base, dim, unit = self.outcome(c, b.outcome)
        # a payout's overflow matters only where the amount stays unknown: a known cap above which the (too
        # large) value lies decides it (outcome's lower bound, saturated) — `hzdsl run` pays that cap too
        payout_overflows = c.overflows[decided_by:]
        overflows = c.overflows[:decided_by]
        base_contra = self.contra.get(id(b.outcome), false())
        excs, contras = [], []
        for x in b.exceptions:
            ec = self.compiler(f"例外「{x.name}」", deps, used=used)
            cond = ec.expr(x.condition)
            out, _, _ = self.outcome(ec, x.outcome)
            excs.append((cond, out))
            overflows += ec.overflows
            contras.append(self.contra.get(id(x.outcome), false()))

        def value_of(out: SqlValue | None) -> exp.Expression:
            return cast(exp.Null(), NUM) if out is None or out.kind == "any" else out.sql

        def unknown_of(out: SqlValue | None) -> exp.Expression:
            if out is None:
                return false()
            return true() if out.kind == "any" else is_null(out.sql)

        applies = [exp.EQ(this=_paren(cond.sql), expression=true()) if cond.kind != "any" else false()
                   for cond, _ in excs]
        amount = case([(a, value_of(o)) for a, (_, o) in zip(applies, excs)], value_of(base)) if excs else value_of(base)
        unknown = case([(a, unknown_of(o)) for a, (_, o) in zip(applies, excs)], unknown_of(base)) if excs else unknown_of(base)
        open_exc = [is_null(cond.sql) if cond.kind != "any" else true() for cond, _ in excs]
        # what an unknown amount waits for (Evaluator._amount): the chosen outcome's unknowns, and
        # those of every exception still open
        def mask_of(out: SqlValue | None):
            return self.m.when_null(out) if out is not None else self.m.empty()

        amount_mask = self.m.union(
            self.m.choose([(a, mask_of(o)) for a, (_, o) in zip(applies, excs)], mask_of(base)),
            *(self.m.when_null(cond) for cond, _ in excs))
        if open_exc:
            is_open = or_(*open_exc)
            amount = case([(is_open, cast(exp.Null(), NUM))], amount)
            unknown = case([(is_open, true())], unknown)
        conflict = false()
        # two applying exceptions differ as the engine's _key does: a contradiction, an unknown amount, a value
        pairs = [and_(applies[i], applies[j], or_(
                     exp.NEQ(this=_paren(contras[i]), expression=_paren(contras[j])),
                     exp.Not(this=exp.NullSafeEQ(this=_paren(value_of(excs[i][1])), expression=_paren(value_of(excs[j][1]))))))
                 for i in range(len(excs)) for j in range(i + 1, len(excs))]
        contra = case([(a, x) for a, x in zip(applies, contras)], base_contra) if excs else base_contra
        if pairs:
            conflict = or_(*pairs)
        # remaining quota of the amount limits that hold caps the final amount (evaluate._apply_quota)
        at_most = None  # the amount is the most an OPEN limit leaves (Decision.at_most: 至多 …)
        if dim == MONEY_DIM:
            for ls in limits:
                if ls.remaining is None:
                    continue
                rem = cast(exp.Round(this=ls.remaining, decimals=exp.Literal.number(2)), NUM)
                # held, or still open: then bound − known grants is the most left (runtime LimitResult.at_most)
                holds = or_(exp.EQ(this=_paren(ls.ok.sql), expression=true()), is_null(ls.ok.sql))
                # open: the amount shown is an upper bound, capped or not (evaluate._apply_quota, 读法 breaker s21)
                known = exp.Not(this=is_null(amount.copy()))
                at_most = case([(and_(is_null(ls.ok.sql.copy()), known), true())], at_most or false())
                amount = case([(and_(holds, exp.LT(this=rem, expression=_paren(amount))), rem)], amount)

        # a constant amount (no exception, no quota left by an amount limit): the row need not carry it
        quota = dim == MONEY_DIM and any(ls.remaining is not None for ls in limits)
        fixed = None if excs or quota or payout_overflows else self.fixed(b, base, dim)

        i = len(self._benefit_names)
        self._benefit_names.append(key)
        # one stage computes eligibility, amount, unknown flag and conflict once; the final
        # projection only reads them (each is used two or three times there)
        e, x, y, k, ct = f"e{i}", f"x{i}", f"y{i}", f"k{i}", f"c{i}"
        self.decision_stage.append((e, eligible))
        if fixed is None:
            self.decision_stage.append((x, cast(amount, NUM)))
        # without exceptions the amount is unknown exactly when it is NULL (按规定, a missing fact, a floor
        # above its cap, a negative remainder all leave it NULL): read the column, not its expression again
        if not excs and base is not None:
            unknown_ref = is_null(col(x))
        else:
            self.decision_stage.append((y, unknown))
            unknown_ref = col(y)
        z = f"z{i}"
        if at_most is not None:
            self.decision_stage.append((z, at_most))
        overflows = overflows + [o.copy() for k in dict.fromkeys(used) for o in self.term_overflows.get(k, [])]
        if overflows:
            self.decision_stage.append((f"o{i}", or_(*overflows) if len(overflows) > 1 else overflows[0]))
        if payout_overflows:
            self.decision_stage.append((f"op{i}", or_(*payout_overflows) if len(payout_overflows) > 1 else payout_overflows[0]))
        clash = [c for c in (conflict, contra) if not (isinstance(c, exp.Boolean) and not c.this)]
        for name, c in zip((k, ct), clash):
            self.decision_stage.append((name, c))
        s, a = f"c{i}", f"a{i}"
        not_eligible = exp.Not(this=col(e))
        # 读法 (docs/语言参考.md §11): a negative amount is never granted — 待定 for want of a 最低
        # (a fixed amount is a literal ≥ 0: never negative, never unknown)
        negative = exp.LT(this=col(x), expression=exp.Literal.number(0)) if fixed is None else None

        def num(v: int) -> exp.Expression:
            return exp.Literal.number(v)

        status = [(is_null(col(e)), num(2))] + ([(negative, num(2))] if negative is not None else [])
        if clash:  # an exception conflict or a floor above a cap: 冲突
            status.append((or_(*[col(name) for name, _ in zip((k, ct), clash)]), num(3)))
        # the code of an eligible (or open) row: status + the flags' bits; a 不符合 row is 0 (no flag)
        parts = [case(status, num(1))]
        if fixed is None:  # UNKNOWN_BIT: a negative amount is 待定 with its amount unknown, else the amount's own
            # (a CASE takes a NULL condition as false: the flag is never NULL, as before)
            parts.append(case([(negative, num(UNKNOWN_BIT)), (unknown_ref, num(UNKNOWN_BIT))], num(0)))
        flags = ([exp.Coalesce(this=col(f"o{i}"), expressions=[false()])] if overflows else []) + \
            ([and_(exp.Coalesce(this=col(f"op{i}"), expressions=[false()]), is_null(col(x)))] if payout_overflows else [])
        if flags:  # OVERFLOW_BIT: a value this row's answer needs went beyond DECIMAL(18, 8): the pipeline says E918
            parts.append(case([(or_(*flags) if len(flags) > 1 else flags[0], num(OVERFLOW_BIT))], num(0)))
        if at_most is not None:  # AT_MOST_BIT, only where an amount limit can cap: most benefits carry no such bit
            parts.append(case([(negative, num(0)), (col(z), num(AT_MOST_BIT))], num(0)))
        packed = parts[0]
        for part in parts[1:]:
            packed = exp.Add(this=packed, expression=part)
        if len(parts) == 1 and len(status) == 1:  # no flag, no 冲突, never negative: the code is the status
            # 0 不符合 (e FALSE), 1 符合 (TRUE), 2 待定 (NULL) — one cast, no CASE (1 M rows: 9.5 → 6.2 ms)
            # (the outer CAST: Spark types COALESCE(TINYINT, 2) as INT; DuckDB drops it as a no-op)
            code = cast(exp.Coalesce(this=cast(col(e), "TINYINT"), expressions=[num(2)]), "TINYINT")
        else:
            code = cast(case([(not_eligible, num(0))], packed), "TINYINT")
        cols = [(s, code)]
        if fixed is None:
            cols.append((a, case([(not_eligible, cast(exp.Null(), NUM)), (negative, cast(exp.Null(), NUM))], col(x))))
        masks = []
        neg_mask = self.m.const(NEGATIVE_KEY) if negative is not None else None
        elig_mask = self.m.union(elig_mask, {w: case([(negative, m)], exp.Literal.number(0))
                                             for w, m in (neg_mask or {}).items()}) if neg_mask else elig_mask
        for w, m in (elig_mask or {}).items():
            masks.append(f"m{i}_{w}")
            cols.append((masks[-1], m))
        # a negative amount is unknown for want of eligibility and a 最低 (evaluate.decide: and3([eligible, NEGATIVE]))
        if elig_mask is not None and negative is not None:
            amount_mask = self.m.choose([(negative, elig_mask)], amount_mask)
        amount_masks = []
        for w, m in (amount_mask or {}).items():
            amount_masks.append(f"n{i}_{w}")
            cols.append((amount_masks[-1], m))
        bc = BenefitColumns(key, b.name, b.clause, s, a if fixed is None else None, masks, dim, unit,
                            amount_masks=amount_masks, entitlement=bool(b.outcome.entitlement), up_to=b.outcome.up_to,
                            kind=b.kind_word, at_most=at_most is not None, overflow=bool(flags), unknown=fixed is None,
                            fixed=fixed)
        return bc, cols

    @staticmethod
    def fixed(b: ir.Benefit, base: SqlValue | None, dim: Dim | None) -> Fraction | None:
        """The amount of every row not 不符合 when it is a constant: the payout is one literal (3000 元,
        50 万元) with no cap or floor — the caller has ruled out exceptions, quotas and contradictions —
        rounded to 分 when money as Evaluator._payout does; None otherwise (or a negative literal, 待定)."""
        o = b.outcome
        if base is None or base.kind != "num" or not isinstance(o.payout, ir.Quantity) or o.payout.value is None:
            return None
        if any(m.kind in (ModifierKind.CAP, ModifierKind.FLOOR) for m in o.modifiers):
            return None
        value = round_money(o.payout.value).value if dim == MONEY_DIM else o.payout.value.value
        return value if value >= 0 else None

    def build(self, keys: list[str]) -> CompiledQuery:
        self._benefit_names: list[str] = []
        self.decision_stage: list[tuple[str, exp.Expression]] = []
        blocks = [self.benefit(k, self.p.benefits[k]) for k in keys]
        agg = self.hist.subquery(self.pop, self.claims)
        base = select("*").from_(self.pop, copy=False)
        if agg is not None:
            base = base.join(alias_(agg.subquery(), "agg", table=True) if False else agg.subquery("agg"),
                             on=exp.EQ(this=col("id", self.pop), expression=col("aid", "agg")), join_type="left")
        q = select("*").from_("base", copy=False).with_("base", as_=base, copy=False)
        prev = "base"
        for stage in sorted(self.stages):
            name = f"s_{stage}"
            body = select(exp.Star(), *[alias_(e, c) for c, e in self.stages[stage]]).from_(prev, copy=False)
            q = q.with_(name, as_=body, copy=False)
            prev = name
        if self.pre:
            body = select(exp.Star(), *[alias_(e, c) for c, e in self.pre]).from_(prev, copy=False)
            q = q.with_("pre", as_=body, copy=False)
            prev = "pre"
        if self.decision_stage:
            body = select(exp.Star(), *[alias_(e, c) for c, e in self.decision_stage]).from_(prev, copy=False)
            q = q.with_("decided", as_=body, copy=False)
            prev = "decided"
        final = [col("id")]
        for _, cols in blocks:
            final += [alias_(e, c) for c, e in cols]
        q = q.select(*final, append=False, copy=False).from_(prev, copy=False)
        used = reads_facts(self.p, keys)
        return CompiledQuery(q, [bc for bc, _ in blocks], self.lay, self.tokens, self.track, agg, agg is not None, used,
                             self.pop, self.claims, dict(self.hist.stats))


def reads_facts(prog: IRProgram, keys: list[str]) -> list[str]:
    """The facts whose columns a query over the benefits `keys` reads, in declaration order: what the IR's
    one dependency analysis says they depend on (through terms, exceptions and limits, history fields
    included), and the facts 蕴含 ties to those (an unknown one is filled from them, as the engine does)."""
    used = set().union(*(prog.deps[k].facts for k in keys))
    for k in list(used):
        implied_by, implying = prog.implications.get(k, ((), ()))
        used.update(implied_by, implying)
    return [k for k in prog.facts if k in used]


def reads_params(prog: IRProgram, keys: list[str]) -> list[str]:
    """The parameters the benefits `keys` read (through terms, exceptions and limits: the IR's dependency analysis),
    in declaration order."""
    used = set().union(*(prog.deps[k].params for k in keys))
    return [k for k in prog.params if k in used]


def compile_program(program: Program, benefits: list[str] | None = None, track_missing: bool = False,
                    pop: str = "pop", claims: str = "claims") -> CompiledQuery:
    """Compile the benefits (default: all, in declaration order) of a checked, error-free program to one
    query over `pop` and `claims`. The query is built from the program's IR (`ir_of(program)`).

    Raises CompileError naming the rule when a construct cannot be compiled — never skips a benefit.
    """
    prog = ir_of(program)
    keys = list(prog.benefits) if benefits is None else benefits
    return _Assembler(prog, Layout.of(program), track_missing, pop, claims).build(keys)
