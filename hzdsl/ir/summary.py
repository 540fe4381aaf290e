"""历史汇总: the claim history in a second, per-applicant form — columns of the population file itself.

The claims file (`--history`, 明细) is the general form: one row per past claim. Every 限制 but one
kind reads the claims only through per-applicant numbers (history.py's aggregates), and an applicant's
office can state those numbers directly — as OpenFisca's model takes the loan history, already summed
per person. One column per number the selected benefits need (`Stat`), named in Chinese from the limit
(window, counted benefits, measure, field) so the name says what to count:

    历史次数「个人创业担保贷款、企业吸纳就业创业担保贷款」          past claims of those benefits
    本年历史次数「…」                                              … dated in the row's 评估日期's year
    历史合计「个人创业担保贷款、企业吸纳就业创业担保贷款」贷款期限  the field summed over those claims
    历史合计「就业创业服务补贴」金额                               the 金额 granted by them
    历史未知条数「…」贷款期限                                      how many of them lack the field (optional)

# 读法（docs/人群筛查.md「历史汇总」）:
- 「本年」是该行评估日期所在的公历年，从 1 月 1 日数到评估日期（申领历史只列评估日期及以前的申领，E721）。
- 「历史合计」只合计已知的值；有几条记录缺该值，写在「历史未知条数」列——没有这一列即每条记录的值都已知（0 条）。
  这样汇总与明细给出同一个结论：已知部分已超限即不符合，缺值时待定并列出「历史记录中的「贷款期限」」，与
  `hzdsl run` 对缺字段记录的读法相同。空格子不表示 0：历史已知的行每列都要写（没有就写 0），历史未知的行
  （「历史已知」为“否”）每列都留空。
- 「同一…不得重复享受」比较本次与每条过去记录的字段值（同一职业、同一证书），不是一个人一个数：汇总写不出，
  汇总形式下这条限制按历史未知读（CompiledQuery.summary_form：待定或不符合，W924）；要判断须给申领历史明细（--history）。

Layer: the IR (what a limit reads, as `deps` says what a benefit reads); the SQL back-end reads a Stat into its
query's aggregate column g<i> (backends/sql/history.py, query.CompiledQuery.summary_form), `hzdsl schema
--history-summary` lists the headers, `population generate --history-form 汇总` writes them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from ..limitspec import Aggregate, Window
from ..syntax.normalize import compact, normalize
from . import nodes as ir
from .program import IRProgram


class Measure(StrEnum):
    """What a summary column counts over the counted past claims in its window."""

    COUNT = "次数"  # how many claims
    SUM = "合计"  # a field (or 金额) summed over the claims that give it
    UNKNOWN = "未知条数"  # how many claims lack that field (or 金额)


AMOUNT = "金额"  # the field word of the money granted (a claim's 金额; no fact)
YEAR_WORD = "本年"
BRACKETS = ("「", "」")
SEPARATOR = "、"


@dataclass(frozen=True)
class Stat:
    """One per-applicant number: `measure` over the past claims of `counted` (benefit keys) in `window`;
    `field`: the summed fact key, AMOUNT for 金额, None for a count of claims."""

    measure: Measure
    window: Window
    counted: frozenset[str]
    field: str | None = None

    @property
    def optional(self) -> bool:
        """An UNKNOWN column may be left out of the file: then every counted claim gives the value (0 lack it)."""
        return self.measure is Measure.UNKNOWN


def stats_of(lim: ir.Limit) -> list[Stat] | None:
    """The numbers a limit reads (history.py's aggregates, the same meaning); None: a limit a per-applicant
    number cannot state (同一…不得重复享受 compares each past claim's fields with this claim's)."""
    spec = lim.spec
    counted = frozenset(lim.counted)
    if spec.aggregate is Aggregate.COUNT:
        return [Stat(Measure.COUNT, spec.window, counted)]
    if spec.aggregate is Aggregate.FIELD_SUM:
        return [Stat(Measure.SUM, spec.window, counted, lim.field), Stat(Measure.UNKNOWN, spec.window, counted, lim.field)]
    if spec.aggregate is Aggregate.AMOUNT:
        return [Stat(Measure.SUM, spec.window, counted, AMOUNT), Stat(Measure.UNKNOWN, spec.window, counted, AMOUNT)]
    return None


def header(prog: IRProgram, stat: Stat) -> str:
    """The column name of a Stat: 〔本年〕历史<measure>「<counted benefits, in declaration order>」〔field〕."""
    order = {k: i for i, k in enumerate(prog.benefits)}
    names = SEPARATOR.join(prog.benefits[k].name if k in prog.benefits else k
                           for k in sorted(stat.counted, key=lambda k: (order.get(k, len(order)), k)))
    field = "" if stat.field is None else AMOUNT if stat.field == AMOUNT else prog.facts[stat.field].name
    return f"{YEAR_WORD if stat.window is Window.YEAR else ''}历史{stat.measure.value}{BRACKETS[0]}{names}{BRACKETS[1]}{field}"


HEADER = re.compile(r"^\s*(本年)?\s*历史\s*(次数|合计|未知条数)\s*「(.*)」\s*([^（）()]*?)\s*(?:[（(]\s*([^（）()]+?)\s*[）)])?\s*$")


@dataclass(frozen=True)
class Parsed:
    """A header read as a summary column: its window, measure, the benefit names written, the field word,
    and the unit written in the header (`历史合计「…」贷款期限（月）`) or None."""

    window: Window
    measure: Measure
    names: tuple[str, ...]
    field: str
    unit: str | None


def parse(column: str) -> Parsed | None:
    """A population column header → Parsed, when it is written as a summary column (None: it is not)."""
    m = HEADER.match(normalize(column))
    if m is None:
        return None
    names = tuple(n.strip() for n in m.group(3).split(SEPARATOR))
    return Parsed(Window.YEAR if m.group(1) else Window.ALL, Measure(m.group(2)), names, m.group(4).strip(), m.group(5))


def resolve(prog: IRProgram, parsed: Parsed) -> tuple[Stat | None, str | None]:
    """A Parsed header → (its Stat, None), or (None, the benefit or field it names that the policies lack)."""
    benefits = {compact(b.name): k for k, b in prog.benefits.items()}
    counted = _names(list(parsed.names), benefits)
    if counted is None:  # the first part no way of joining the parts makes a benefit of
        return None, next((n for n in parsed.names if compact(n) not in benefits), SEPARATOR.join(parsed.names))
    if parsed.measure is Measure.COUNT:
        field = None
        if parsed.field:
            return None, parsed.field
    elif compact(parsed.field) == AMOUNT:
        field = AMOUNT
    else:
        facts = {compact(f.name): k for k, f in prog.facts.items()}
        field = facts.get(compact(parsed.field))
        if field is None:
            return None, parsed.field or "（缺少字段名）"
    return Stat(parsed.measure, parsed.window, frozenset(counted), field), None


def _names(parts: list[str], benefits: dict[str, str]) -> list[str] | None:
    """The benefit keys the 、-separated `parts` name — a benefit's own name may hold a 、, so adjacent parts are
    joined back where that makes a declared name (the longest first); None when no way does."""
    if not parts:
        return []
    for j in range(len(parts), 0, -1):
        key = compact(SEPARATOR.join(parts[:j]))
        if key in benefits:
            rest = _names(parts[j:], benefits)
            if rest is not None:
                return [benefits[key], *rest]
    return None


@dataclass(frozen=True)
class Needs:
    """What the selected benefits need of the history in summary form: each Stat with its header, the
    limits no summary can state (with the benefits they bind), and every Stat any limit of the policies reads
    (a summary column of an unselected benefit is accepted and left unread, as a fact column is)."""

    stats: dict[Stat, str]  # Stat → header, in the order the limits are declared
    refused: list[ir.Limit]
    known: dict[Stat, str]

    @property
    def required(self) -> list[Stat]:
        return [s for s in self.stats if not s.optional]


def needs(prog: IRProgram, keys: list[str]) -> Needs:
    """The summary columns screening the benefits `keys` reads (Needs)."""
    stats: dict[Stat, str] = {}
    known: dict[Stat, str] = {}
    refused: list[ir.Limit] = []
    selected = {lim.key for k in keys for lim in prog.benefits[k].limits}
    for lim in prog.limits.values():
        bound = lim.key in selected
        found = stats_of(lim)
        if found is None:
            if bound:
                refused.append(lim)
            continue
        for s in found:
            known.setdefault(s, header(prog, s))
            if bound:
                stats.setdefault(s, known[s])
    return Needs(stats, refused, known)


def within(part: Stat, whole: Stat) -> bool:
    """Every claim `part` counts is one `whole` counts: its benefits among whole's, its window inside whole's
    (the year of the 评估日期 is part of all the history)."""
    return part.counted <= whole.counted and (part.window is whole.window or whole.window is Window.ALL)


def bounds(stats: list[Stat]) -> list[tuple[Stat, Stat, Stat | None]]:
    """What one applicant's summary numbers must satisfy among themselves, as (part, count, unknown): for a
    COUNT / UNKNOWN `part` within a COUNT `count`: part ≤ count; for a SUM `part` within `count`: a total
    above 0 needs a claim that gives the value — count − unknown ≥ 1, `unknown` being the part's own
    UNKNOWN column when `count` counts exactly its claims (else None: count ≥ 1). Numbers the claims rows
    could never give (历史次数 1 with 历史未知条数 2; 历史次数 0 with 历史合计 5 年) are refused (E928)."""
    out = []
    counts = [c for c in stats if c.measure is Measure.COUNT]
    for c in counts:
        for s in stats:
            if s is c or not within(s, c):
                continue
            if s.measure is Measure.SUM:
                same = Stat(Measure.UNKNOWN, s.window, s.counted, s.field)
                exact = s.counted == c.counted and s.window is c.window and same in stats
                out.append((s, c, same if exact else None))
            else:
                out.append((s, c, None))
    return out


__all__ = ["within", "bounds", "Measure", "Stat", "AMOUNT", "stats_of", "header", "parse", "resolve", "Needs", "needs", "Parsed"]
