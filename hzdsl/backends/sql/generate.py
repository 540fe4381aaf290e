"""A synthetic population (and claims history) drawn from the declared facts, in DuckDB, reproducibly.

Every cell is a function of (seed, row, column) through DuckDB's hash(), so the same --seed gives
the same file on any number of threads, and ten million rows stream to Parquet in bounded memory.
The distributions (documented in docs/人群筛查.md):

- every fact is unknown (empty) with probability 5 % — the population exercises 待定;
- 布尔: 是 / 否 with probability 1/2 each — except that a fact implied (蕴含) by one drawn 是 is 是 too:
  nobody is 初次创办 = 是 and 创办 = 否 (screen refuses such rows, E723);
- quantities: with probability 3/10 one of the policy's own boundary values for that dimension (each
  literal of the rules, one step below, one step above: 6 个月, 5 年 ± 1 个月, 50 万元 ± 1 元 …), else
  uniform over whole steps in [0, 2 × the largest literal + 10 steps]; steps are 1 元 / 1 个月 / 1 天 /
  1 人 / 1 平方米, rates 1 BP and at most 10 %; written in base units (61 个月, 3.45%); never above a
  declared 上限 (the bound and one step below it are boundary values too: 366 天, 365 天, 100%, 99.99%);
- plain numbers (a `序数` or unit-less `数` fact: 名次, 第几年): whole numbers, written without a unit (`3`); with
  probability 3/10 one of the policy's unit-less literals written without % (1, 2, 3) ± 1, else uniform over
  0 … the largest such literal + 2 (0 … 5) — never a rate's 1 BP steps (`130%` is no 名次);
- 枚举: uniform over the declared members; 集合: each member present with probability 15 % (无 when none);
- 日期: never after the 评估日期 (an application, a founding, a recognition the row is assessed on has
  happened): with probability 3/10 one of the policy's date literals ± 1 day (2016-12-31, and both ends of a
  draft date 2022 年*月*日) that is not after it, else uniform over 2015-01-01 … 2023-06-30 (the 评估日期);
  文本: one of 甲 乙 丙 (so 同一… repeats occur);
- 评估日期 2023-06-30 for everyone; 历史已知: 是 for 90 %;
- to Parquet the columns are typed (BOOLEAN, DATE, DECIMAL(18, 8) in the base unit — a rate in % — named in
  the header, `毕业时长（月）`), so screening reads them without parsing text; to CSV they are written as a
  person would (是/否, 61 个月, 3.45%);
- parameters (LPR, 最低月工资标准 …) are NOT generated: they are published values, given with --params.
Claims (--history): only for applicants whose 历史已知 is 是 (a record of an unknown history is E920 in
screen); up to three per applicant, each kept with probability 1/4, for a benefit named
by a 限制 (uniform), dated uniformly in 2021-01-01 … 2023-06-18, 申领人 个人 (80 %) or 单位, 金额 one
of 1000 / 2000 / 3000 / 6000 元, and the compared fields drawn like the facts (never unknown).
历史汇总 (--history-form 汇总): the same claims, summed per applicant into the population file's own columns
(hzdsl/ir/summary.py: 历史次数「…」, 历史合计「…」字段, 本年… for the year of 评估日期) — blank where 历史已知 is 否,
0 where nobody claimed; the optional 历史未知条数 columns are left out (every drawn claim gives its fields and 金额).
Screening either form gives the same answers (tests/test_screen_summary.py).
"""
from __future__ import annotations

import datetime as _dt
from fractions import Fraction
from pathlib import Path

from sqlglot import exp

from .atomic import check_target, write_batches
from .expressions import NUM_MAX
from .builders import alias_, and_, cast, or_, select

from ...check.domains import UNRESTRICTED, Domain, domain_of_info
from ...check.program import Program
from ...ir import ir_of
from ...ir import nodes as ir
from ...ir.program import IRProgram
from ...kinds import TypeKind
from ...runtime.units import Q, Unit, UnitError, dim_text, parse_unit, to_decimal

UNKNOWN_P = 0.05
BOUNDARY_P = 0.3
SET_P = 0.15
EVAL_DATE = "2023-06-30"
# every date fact is drawn in [DATE_FROM, EVAL_DATE]: DATE_DAYS days, the 评估日期 included
DATE_FROM = "2015-01-01"
DATE_DAYS = (_dt.date.fromisoformat(EVAL_DATE) - _dt.date.fromisoformat(DATE_FROM)).days + 1
TEXT_POOL = ("甲", "乙", "丙")
CLAIM_SLOTS, CLAIM_P = 3, 0.25
CLAIM_AMOUNTS = (1000, 2000, 3000, 6000)


def _u(seed: int, salt: int, row: exp.Expression | None = None) -> exp.Expression:
    """A uniform number in [0, 1) from (seed, row, salt) — a DOUBLE used only to draw, never as a value.
    `row` defaults to the column i (the row being drawn)."""
    h = exp.Anonymous(this="hash", expressions=[row if row is not None else exp.column("i"), exp.Literal.number(seed),
                                                exp.Literal.number(salt)])
    return exp.Div(this=cast(exp.Mod(this=h, expression=exp.Literal.number(1_000_003)), "DOUBLE"),
                   expression=exp.Literal.number(1_000_003.0))


def _case(cond: exp.Expression, then: exp.Expression, other: exp.Expression | None = None) -> exp.Expression:
    """CASE WHEN cond THEN then [ELSE other] END, built without copying its parts (Case.when copies)."""
    return exp.Case(ifs=[exp.If(this=cond, true=then)], default=other)


def _pick(u: exp.Expression, options: list[exp.Expression]) -> exp.Expression:
    idx = cast(exp.Floor(this=exp.Mul(this=u, expression=exp.Literal.number(len(options)))), "INTEGER")
    c = exp.Case()
    for i, o in enumerate(options):
        # copy=False: Case.when copies the whole CASE by default, quadratic in the options (seconds)
        c = c.when(exp.EQ(this=idx.copy(), expression=exp.Literal.number(i)), o, copy=False)
    return c.else_(options[-1].copy(), copy=False)


# A count limit's bound is a whole number of claims: the IR keeps the int, the checker has required 次
COUNT_DIM = parse_unit("次").dim
# The key of `literals` under which the unit-less literals written without % or BP are kept (1、2、3 of
# 「名次」 在 1 至 3 之间): the values of plain numbers, not rates — a rate's literals are 130%, 50BP.
PLAIN = "plain"
# The key of the date literals (± 1 day are the generated dates' boundary values).
DATES = "dates"


def is_plain(info) -> bool:
    """A `数` fact (or parameter) with no unit — 名次, 第几年: dimensionless and not a rate (%, BP)."""
    return info.type.kind == TypeKind.NUM and not info.type.dim and info.unit.scale == 1


def _plain_text(text: str) -> bool:
    """A unit-less literal as written with no % / BP (`3`, not `130%`)."""
    try:
        return parse_unit(text.lstrip("0123456789., ").strip()).scale == 1
    except UnitError:
        return False


def literals(prog: IRProgram) -> dict:
    """Every number the policy writes, exact and in base units, by dimension: the literals of its rules
    (the IR's `Quantity` nodes, lookup keys and options included), the 取值 of its numeric facts and the
    bounds of its limits; a unit-less literal written without % or BP (a plain number) under PLAIN, not
    under the dimensionless rates; every date literal (and both ends of a draft date) under DATES.
    The boundary values of the generated quantities and dates are drawn around them."""
    out: dict = {}

    def add(q: Q | None, plain: bool = False) -> None:
        if q is not None:
            out.setdefault(PLAIN if plain and not q.dim else q.dim, set()).add(q.value)

    for node in prog.nodes.values():
        if isinstance(node, ir.Quantity):
            add(node.value, _plain_text(node.text))  # None: a literal in an unknown unit (a check error)
        elif isinstance(node, ir.Date):
            out.setdefault(DATES, set()).add(node.value)
        elif isinstance(node, ir.PlaceholderDate):
            out.setdefault(DATES, set()).update((node.low, node.high))
    for fact in prog.facts.values():
        if fact.type.kind == TypeKind.NUM:
            for c in fact.type.choices:
                add(Q(Fraction(c), fact.type.dim), is_plain(fact))
    for lim in prog.limits.values():
        bound = getattr(lim, "bound", None)
        add(Q(Fraction(bound), COUNT_DIM) if isinstance(bound, int) else bound)
    return out


def _step(dim) -> Fraction:
    return Fraction(1, 10000) if dim == () else Fraction(1)  # a rate: 1 BP; a plain number (PLAIN): 1


def _text_of(value: Fraction, dim) -> str:
    if dim == PLAIN:  # a plain number as a person writes it: 3
        return format(to_decimal(value), "f")
    if not dim:
        return format(to_decimal(value * 100), "f") + "%"
    unit = {"月": "个月"}.get(dim_text(dim), dim_text(dim))
    return format(to_decimal(value), "f") + " " + unit


def base_unit_text(dim) -> str:
    """The unit a typed column of this dimension is written in: the base unit, or % for a rate."""
    return "%" if not dim else dim_text(dim)


def _typed_of(value: Fraction, dim) -> exp.Expression:
    return cast(exp.Literal.number(format(to_decimal(value * (100 if dim == () else 1), 8), "f")), "DECIMAL(18, 8)")


def _quantity(seed: int, k: int, dim, lits, typed: bool = False, domain: Domain = UNRESTRICTED,
              declared: Unit | None = None) -> exp.Expression:
    """A quantity of dimension `dim` (or PLAIN: a plain number, whole, no unit) drawn around the policy's
    literals `lits[dim]`, within `domain`; text as written (61 个月, 3.45%, 3) or, `typed`, DECIMAL(18, 8)."""
    step = _step(dim)
    plain = dim == PLAIN
    # only values the case loader accepts (check.domains): never negative; a count whole in its declared unit
    # (a literal 1.5 人 elsewhere in the policy must not make a 计数 fact 0.5 人)
    edges = sorted({v + d for v in lits.get(dim, ()) for d in (-step, 0, step)
                    if v + d >= 0 and (not plain or (v + d).denominator == 1)
                    and (declared is None or not domain.problem(v + d, declared))} | {Fraction(0)})
    if plain:  # 名次 1–3 → 0 … 5: the literals ± 1 and one more, nothing a person would not write
        top = max(edges) + step
    else:
        top = (max(edges) * 2 + 10 * step) if dim else min(max(edges) * 2 + 10 * step, Fraction(1, 10))
    if domain.upper is not None and declared is not None:  # 上限: draw up to it, and the bound itself is an edge
        room = NUM_MAX / (100 if not dim else 1)  # what the typed column holds (a rate is written in %)
        edges = sorted({e for e in edges if e <= domain.upper}
                       | {x for x in (domain.upper, domain.upper - step)
                          if (x >= 0 or domain.upper < 0) and abs(x) <= room and not domain.problem(x, declared)})
        top = min(top, domain.upper)
        if top < 0:  # a negative bound (a plain 数 上限 -8): the bound and one step below it, nothing drawn freely
            if not edges:  # at or below what a column holds: unknown
                return cast(exp.Null(), "DECIMAL(18, 8)" if typed else "VARCHAR")
            return _pick(_u(seed, k * 8 + 4), [_typed_of(v, dim) if typed else exp.Literal.string(_text_of(v, dim))
                                               for v in edges])
    span = int(top / step)
    free_steps = cast(exp.Floor(this=exp.Mul(this=_u(seed, k * 8 + 3), expression=exp.Literal.number(span + 1))),
                          "BIGINT")
    if typed:  # a number in the base unit (a rate in %), DECIMAL(18, 8); the unit goes in the header
        free = cast(free_steps, "DECIMAL(18, 8)") if dim != () else cast(
            exp.Div(this=cast(free_steps, "DECIMAL(18, 4)"), expression=exp.Literal.number(100)), "DECIMAL(18, 8)")
        boundary = _pick(_u(seed, k * 8 + 4), [_typed_of(v, dim) for v in edges])
    elif plain:
        free = cast(free_steps, "VARCHAR")
    elif dim:
        unit = {"月": "个月"}.get(dim_text(dim), dim_text(dim))
        free = exp.DPipe(this=cast(free_steps, "VARCHAR"), expression=exp.Literal.string(" " + unit))
    else:  # rates: whole BP, written as a percentage with two decimals
        pct = exp.Div(this=cast(free_steps, "DECIMAL(18, 4)"), expression=exp.Literal.number(100))
        free = exp.DPipe(this=cast(cast(pct, "DECIMAL(18, 2)"), "VARCHAR"), expression=exp.Literal.string("%"))
    if not typed:
        boundary = _pick(_u(seed, k * 8 + 4), [exp.Literal.string(_text_of(v, dim)) for v in edges])
    return _case(exp.LT(this=_u(seed, k * 8 + 2), expression=exp.Literal.number(BOUNDARY_P)), boundary, free)


def date_edges(lits) -> list[_dt.date]:
    """The boundary values of a generated date: each date literal of the policy (both ends of a draft date)
    ± 1 day, within [DATE_FROM, EVAL_DATE] — a date after the 评估日期 is never drawn."""
    first, last = _dt.date.fromisoformat(DATE_FROM), _dt.date.fromisoformat(EVAL_DATE)
    one = _dt.timedelta(days=1)
    near = {d + k * one for d in lits.get(DATES, ()) for k in (-1, 0, 1)}
    return sorted(d for d in near if first <= d <= last)


def _date(seed: int, k: int, u: exp.Expression, lits, typed: bool) -> exp.Expression:
    """A date ≤ EVAL_DATE: with probability BOUNDARY_P one of `date_edges`, else uniform over the DATE_DAYS days
    from DATE_FROM to EVAL_DATE."""
    days = cast(exp.Floor(this=exp.Mul(this=u, expression=exp.Literal.number(DATE_DAYS))), "INTEGER")
    d = cast(exp.Add(this=cast(exp.Literal.string(DATE_FROM), "DATE"), expression=days), "DATE")
    edges = date_edges(lits)
    if edges:
        d = _case(exp.LT(this=_u(seed, k * 8 + 2), expression=exp.Literal.number(BOUNDARY_P)),
                  _pick(_u(seed, k * 8 + 4), [cast(exp.Literal.string(e.isoformat()), "DATE") for e in edges]), d)
    return d if typed else cast(d, "VARCHAR")


def _value(seed: int, k: int, info, lits, typed: bool = False) -> exp.Expression:
    kind = info.type.kind
    u = _u(seed, k * 8 + 1)
    if typed and kind == "bool":
        return exp.LT(this=u, expression=exp.Literal.number(0.5))
    if kind == "bool":
        return _case(exp.LT(this=u, expression=exp.Literal.number(0.5)), exp.Literal.string("是"), exp.Literal.string("否"))
    if kind == "enum":
        return _pick(u, [exp.Literal.string(c) for c in sorted(info.type.choices)])
    if kind == "set":
        parts = [_case(exp.LT(this=_u(seed, k * 8 + 10 + j), expression=exp.Literal.number(SET_P)),
                       exp.Literal.string(m)) for j, m in enumerate(sorted(info.type.choices))]
        joined = exp.Anonymous(this="concat_ws", expressions=[exp.Literal.string("、"), *parts])
        return _case(exp.EQ(this=joined, expression=exp.Literal.string("")), exp.Literal.string("无"), joined.copy())
    if kind == "date":
        return _date(seed, k, u, lits, typed)
    dim = PLAIN if is_plain(info) else info.type.dim
    if kind == "num" and info.type.choices:  # 取值 5 万元、10 万元: one of the declared values
        return _pick(u, [_typed_of(v, dim) if typed else exp.Literal.string(_text_of(v, dim))
                         for v in sorted(info.type.choices)])
    if kind == "num":
        return _quantity(seed, k, dim, lits, typed, domain_of_info(info), info.unit)
    return _pick(u, [exp.Literal.string(t) for t in TEXT_POOL])


def header(info: ir.Fact, typed: bool) -> str:
    """The column name: the fact's name; a typed quantity column carries its unit, `毕业时长（月）` (a plain
    number has none: `市级职业技能竞赛名次`)."""
    name = info.name.replace(" ", "")
    return f"{name}（{base_unit_text(info.type.dim)}）" if typed and info.type.kind == "num" and not is_plain(info) else name


def population_query(program: Program, n_rows: int, seed: int, typed: bool = False, summary: bool = False) -> exp.Select:
    """typed: BOOLEAN, DATE and DECIMAL(18, 8) columns (for Parquet) instead of the text a person writes.
    One column per declared fact of the program's IR; summary: and the 历史汇总 columns of the claims
    `claims_query` draws for the same seed (`summary_query`)."""
    prog = ir_of(program)
    lits = literals(prog)
    history = _history_known(seed)
    cols = [alias_(exp.DPipe(this=exp.Literal.string("P"), expression=cast(exp.column("i"), "VARCHAR")),
                       "编号", quoted=True),
            alias_(cast(exp.Literal.string(EVAL_DATE), "DATE") if typed else exp.Literal.string(EVAL_DATE),
                   "评估日期", quoted=True),
            alias_(history if typed else _case(history, exp.Literal.string("是"), exp.Literal.string("否")),
                   "历史已知", quoted=True)]
    cells: dict[str, exp.Expression] = {}
    for k, (key, info) in enumerate(prog.facts.items(), start=1):
        value = _value(seed, k * 40, info, lits, typed)
        unknown = exp.LT(this=_u(seed, k * 40 + 7), expression=exp.Literal.number(UNKNOWN_P))
        cells[key] = _case(unknown, exp.Null(), value)
    yes = exp.true() if typed else exp.Literal.string("是")
    implied = prog.implications
    for key, info in prog.facts.items():
        cell = cells[key]
        implied_by = [a for a in implied.get(key, ((), ()))[0] if a in cells]
        if implied_by:  # drawn 是 for a fact implying this one: this one is 是 (never an impossible applicant)
            cell = exp.Case().when(or_(*[exp.EQ(this=cells[a].copy(), expression=yes.copy()) for a in implied_by]),
                                   yes.copy()).else_(cell)
        cols.append(alias_(cell, header(info, typed), quoted=True))
    rng = exp.Table(this=exp.Anonymous(this="range", expressions=[exp.Literal.number(n_rows)]),
                    alias=exp.TableAlias(this=exp.to_identifier("r"), columns=[exp.to_identifier("i")]))
    if not summary:
        return select(*cols).from_(rng, copy=False)
    people = select(*cols, alias_(exp.column("i"), ROW_ORDER)).from_(rng, copy=False)
    return summary_query(prog, people, claims_query(program, n_rows, seed, typed=True), typed)


ROW_ORDER = "__i"


def summary_query(prog: IRProgram, people: exp.Select, claims: exp.Select, typed: bool) -> exp.Select:
    """`people` (with its row number ROW_ORDER) and the 历史汇总 columns of their `claims` (typed claims_query),
    in row order: every Stat a limit of the policies reads but the optional ones (no drawn claim lacks a value)."""
    from ...ir.summary import AMOUNT, Measure, needs
    from ...limitspec import Window

    stats = [(s, h) for s, h in needs(prog, list(prog.benefits)).known.items() if not s.optional]
    year = int(EVAL_DATE[:4])
    aggs, cells = [], []
    for j, (stat, name) in enumerate(stats):
        counted = exp.In(this=exp.column("待遇", quoted=True),
                         expressions=[exp.Literal.string(prog.benefits[k].name) for k in sorted(stat.counted)])
        if stat.window is Window.YEAR:  # everyone's 评估日期 is EVAL_DATE
            counted = and_(counted, exp.EQ(this=exp.Year(this=exp.column("日期", quoted=True)), expression=exp.Literal.number(year)))
        if stat.measure is Measure.COUNT:
            agg, unit = exp.Count(this=exp.Star()), None
        else:
            dim = parse_unit("元").dim if stat.field == AMOUNT else prog.facts[stat.field].type.dim
            column = "金额" if stat.field == AMOUNT else header(prog.facts[stat.field], True)
            agg, unit = exp.Sum(this=exp.column(column, quoted=True)), base_unit_text(dim)
        aggs.append(alias_(exp.Filter(this=agg, expression=exp.Where(this=counted)), f"s{j}"))
        value = exp.func("coalesce", exp.column(f"s{j}", "s"), exp.Literal.number(0))
        if unit is None:
            value = cast(value, "BIGINT")
        elif typed:
            value = cast(value, "DECIMAL(18, 8)")
        else:  # as a person writes it: 36 个月, 3000 元 (no trailing zeros)
            text = exp.func("rtrim", exp.func("rtrim", cast(cast(value, "DECIMAL(38, 8)"), "VARCHAR"), exp.Literal.string("0")),
                            exp.Literal.string("."))
            value = exp.DPipe(this=text, expression=exp.Literal.string(f" {unit}"))
        known = exp.column("历史已知", "p", quoted=True)
        if not typed:
            known = exp.EQ(this=known, expression=exp.Literal.string("是"))
        cells.append(alias_(_case(known, value), f"{name}（{unit}）" if typed and unit else name, quoted=True))
    per_person = select(exp.column("编号", quoted=True), *aggs).from_(claims.subquery("c"), copy=False).group_by(
        exp.column("编号", quoted=True), copy=False)
    q = select(exp.Column(this=exp.Star(), table=exp.to_identifier("p")), *cells)
    q = q.from_(people.subquery("p"), copy=False).join(
        per_person.subquery("s"), on=exp.EQ(this=exp.column("编号", "p", quoted=True), expression=exp.column("编号", "s", quoted=True)),
        join_type="left", copy=False).order_by(exp.column(ROW_ORDER, "p"), copy=False)
    return select(exp.Star(except_=[exp.column(ROW_ORDER)])).from_(q.subquery("o"), copy=False)


HISTORY_KNOWN_P = 0.9


def _history_known(seed: int, row: exp.Expression | None = None) -> exp.Expression:
    """The draw of 历史已知 = 是 for applicant `row` (default: the row drawn)."""
    return exp.LT(this=_u(seed, 1, row), expression=exp.Literal.number(HISTORY_KNOWN_P))


def history_fields(prog: IRProgram) -> list[str]:
    """Facts some 限制 reads from past claims, in the order the limits name them (the claims' columns)."""
    return list(dict.fromkeys(k for lim in prog.limits.values() for k in lim.history_fields if k in prog.facts))


def claims_query(program: Program, n_rows: int, seed: int, typed: bool = False) -> exp.Select:
    """Past claims of the benefits some 限制 counts (named as declared), with the fields limits compare."""
    prog = ir_of(program)
    lits = literals(prog)
    targets = sorted({prog.benefits[k].name for lim in prog.limits.values() for k in lim.counted if k in prog.benefits})
    j = exp.column("i")
    applicant = exp.IntDiv(this=j, expression=exp.Literal.number(CLAIM_SLOTS))
    who = exp.DPipe(this=exp.Literal.string("P"), expression=cast(applicant.copy(), "VARCHAR"))
    days = cast(exp.Floor(this=exp.Mul(this=_u(seed, 9001), expression=exp.Literal.number(899))), "INTEGER")
    cols = [alias_(who, "编号", quoted=True),
            alias_(_pick(_u(seed, 9002), [exp.Literal.string(t) for t in targets]), "待遇", quoted=True),
            alias_(cast(cast(exp.Add(this=cast(exp.Literal.string("2021-01-01"), "DATE"),
                                     expression=days), "DATE"), "DATE" if typed else "VARCHAR"), "日期", quoted=True),
            alias_(_case(exp.LT(this=_u(seed, 9003), expression=exp.Literal.number(0.8)),
                         exp.Literal.string("个人"), exp.Literal.string("单位")), "申领人", quoted=True),
            alias_(_pick(_u(seed, 9004), [cast(exp.Literal.number(a), "DECIMAL(18, 8)") if typed
                                          else exp.Literal.string(f"{a} 元") for a in CLAIM_AMOUNTS]), "金额", quoted=True)]
    for k, key in enumerate(history_fields(prog), start=1):
        info = prog.facts[key]
        cols.append(alias_(_value(seed, 9100 + k * 40, info, lits, typed), header(info, typed), quoted=True))
    rng = exp.Table(this=exp.Anonymous(this="range", expressions=[exp.Literal.number(n_rows * CLAIM_SLOTS)]),
                    alias=exp.TableAlias(this=exp.to_identifier("r"), columns=[exp.to_identifier("i")]))
    # only applicants whose history is known have records: 历史已知 = 否 with records is E920 (screen refuses it)
    drawn = and_(exp.LT(this=_u(seed, 9000), expression=exp.Literal.number(CLAIM_P)), _history_known(seed, applicant))
    return select(*cols).from_(rng, copy=False).where(drawn, copy=False)


def write_query(con, q: exp.Expression, out: str, batch: int = 500_000) -> int:
    """Stream a query's rows to CSV or Parquet (by extension), renamed into place when complete."""
    return write_batches(con.sql(q.sql("duckdb")).to_arrow_reader(batch), out)


# The most persons one file gets: 10 million (benchmarks/screen.py --stream) is about 2 GB of Parquet
# and 20 GB of CSV with the bundled policies' 180 columns. A typo such as --n 99999999999999 would fill
# the disk before anyone noticed (and leave its temporary file behind when killed): refused instead.
MAX_PERSONS = 10_000_000


def check_size(n_rows: int) -> None:
    """Refuse a population size below 0 or above MAX_PERSONS (HzdslError E915), before any work."""
    from ...errors import Diagnostic, HzdslError, Span

    if n_rows < 0 or n_rows > MAX_PERSONS:
        too_many = {"form": "too_many", "limit": MAX_PERSONS} if n_rows >= 0 else {}
        # placed at the option (line 0: no place in a file), as E960 at --memory-limit — not at 「<内置>」 (breaker s22)
        raise HzdslError([Diagnostic.of("E915", Span("--n", 0, 0, 0, 0),
                                     f"写 0 到 {MAX_PERSONS} 之间的人数；更大的人群分几个文件生成"
                                     "（每个文件用不同的 --seed），screen 逐个筛查", count=n_rows, **too_many)])


def generate(program: Program, n_rows: int, seed: int, out: str, history: str | None = None,
             summary: bool = False) -> tuple[int, int]:
    """Write `n_rows` synthetic persons (0 ≤ n_rows ≤ MAX_PERSONS, else E915) to `out`, and their claims to
    `history` when given — or, `summary`, as 历史汇总 columns of `out` itself; returns (persons, claims) written."""
    import duckdb

    from .atomic import check_target

    check_size(n_rows)
    check_target(out, "人群文件")
    if history:
        check_target(history, "申领历史文件")
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = true")
    # Parquet keeps types (BOOLEAN, DATE, DECIMAL in the header's unit): read without parsing text;
    # CSV is what a person writes (是/否, 6 个月, 3.45%)
    typed = Path(out).suffix.lower() == ".parquet"
    people = write_query(con, population_query(program, n_rows, seed, typed, summary), out)
    claims = (write_query(con, claims_query(program, n_rows, seed, Path(history).suffix.lower() == ".parquet"), history)
              if history else 0)
    con.close()
    return people, claims
