"""The rule agrees with the words it cites (issue 9, point 4).

- Every number a rule writes (an amount, threshold, rate, count, duration: each quantity literal of
  a 术语, 待遇, 例外 or 限制) appears in one of its 依据 quotes — as a number ("3000 元" in
  「…申领 3000 元的…」), or as the word written ("半年" in 「登记失业半年以上人员」) — or is declared
  a reading of the rule with its reason: `读法 25 周岁 “16-24 岁按周岁计，两端都含”`. Else E210, an
  error: `hzdsl check` fails (exit 1) and the PR workflow annotates the line (it was warning W608, retired).
  A rule whose quote is not in the official text is E401's finding and is not bound.
- A reading that declares a number the rule does not write, or one its quotes already contain, is
  stale: W607.
- A quote found only outside the rule's own clause (a clause-三 benefit citing a clause-八 sentence)
  is W605; a quote of a few characters found in many places of the text says nothing about which
  place is meant: W606.
- A money benefit (补贴、补助、奖补、资助、贷款) whose payout is not in 元 — e.g. paid in 个月 — is
  E306; 贴息 may also be a rate.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from ..errors import Diagnostic, Related
from ..source import OfficialText
from ..syntax import nodes as n
from ..syntax.normalize import compact
from ..syntax.walk import NodeIndex, find_all
from ..units import Unit, UnitError, parse_unit
from .program import Program

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
RULES = (n.TermDecl, n.BenefitDecl, n.ExceptionDecl, n.LimitDecl)
SHORT_QUOTE = 6  # characters: a quote this short …
MANY_PLACES = 3  # … found this many times in the text is ambiguous
MONEY_KINDS = {"补贴", "补助", "奖补", "资助", "贷款"}


def _value(text: str) -> Decimal | None:
    try:
        return Decimal(text).normalize()
    except (InvalidOperation, ValueError):
        return None


def _literals(node, nodes: NodeIndex | None = None) -> list[n.Quantity]:
    """The quantity literals a rule writes — not those of its readings (they declare, not use)."""
    found = nodes.below(node, n.Quantity, n.Reading) if nodes is not None else list(find_all(node, n.Quantity, n.Reading))
    declared = {id(q) for r in found if isinstance(r, n.Reading) for q in find_all(r, n.Quantity)}
    out = [q for q in found if isinstance(q, n.Quantity) and id(q) not in declared]
    return sorted(out, key=lambda q: (q.span.line, q.span.col))


# units the official text spells out in words
_UNIT_WORDS = {"个基点": "BP"}
_COUNT_BASES = {"人", "次", "个", "家", "人次"}


def _unit_after(text: str) -> tuple[Unit | None, str]:
    """The unit written right after a number of a quote: the longest prefix of `text` that is a unit
    (「3000 元的」 → 元, 「70%申领」 → %, 「50 个基点」 → BP); (None, "") when none is (「5 或 10 万元」)."""
    text = text.lstrip()
    for word, unit in _UNIT_WORDS.items():
        if text.startswith(word):
            return parse_unit(unit), word
    for k in range(min(len(text), 10), 0, -1):
        unit = _unit_or_none(text[:k])
        if unit is not None:
            return unit, text[:k]
    return None, ""


@lru_cache(maxsize=2048)
def _unit_or_none(word: str) -> Unit | None:
    """`parse_unit(word)`, or None for a word that is no unit. Memoised, refusals too: `_unit_after`
    tries every prefix of the words after each number of every quote (about a thousand per check),
    and parse_unit's own cache keeps only the units (a refusal is a raised UnitError)."""
    try:
        return parse_unit(word)
    except (UnitError, ValueError):
        return None


def _quoted(d) -> tuple[dict[Decimal, list[tuple[Unit | None, str]]], str]:
    """Each number of the rule's quotes with the units it is written with there, and the quotes' text."""
    text = "".join(q.key for q in d.quotes)
    out: dict[Decimal, list] = {}
    for m in _NUMBER.finditer(text):
        v = _value(m.group())
        if v is not None:
            out.setdefault(v, []).append(_unit_after(text[m.end():m.end() + 12]))
    return out, text


def _unit(lit: n.Quantity) -> Unit | None:
    return _unit_or_none(lit.unit) if lit.unit else None


def _fits(written: Unit, quoted: Unit | None) -> bool:
    """The same number in `written` and in the quote's `quoted` unit says the same thing: the same unit
    (same dimension and scale: 6 年 is not 「6 个月」), a unit the quote does not write (None), or a rate
    per head of the quote's amount (「每人 500 元」 is 500 元/人)."""
    if quoted is None:
        return True
    if written.scale != quoted.scale:
        return False
    if written.dim == quoted.dim:
        return True
    per = dict(written.dim)
    return any(per.get(b) == -1 and tuple((k, e) for k, e in written.dim if k != b) == quoted.dim
               for b in _COUNT_BASES)


def _in_quotes(lit: n.Quantity, numbers: dict, text: str) -> bool:
    if _NUMBER.search(lit.text):  # a number is matched as a number: 0 元 is not in 「500 元」 …
        units = numbers.get(lit.number.normalize())
        if not units:
            return False
        written = _unit(lit)  # … and in its unit: 6 年 is not 「6 个月」
        return written is None or any(_fits(written, unit) for unit, _ in units)
    return bool(compact(lit.text)) and compact(lit.text) in text  # a word: 半年 in 「…半年以上…」


def _same(a: n.Quantity, b: n.Quantity) -> bool:
    return a.number.normalize() == b.number.normalize() and compact(a.unit) == compact(b.unit)


def check_numbers(program: Program, official: OfficialText | None, nodes: NodeIndex | None = None) -> list[Diagnostic]:
    """E210 / W607 for every rule of the program (not for a misquoted rule: E401), W605 / W606 for quotes,
    E306 for money in months.

    `nodes`: the walk of the program's declarations, when the caller (the checker) has it."""
    out: list[Diagnostic] = []
    for m in program.modules:
        for d in m.decls:
            if isinstance(d, RULES) and not _misquoted(d, official):
                out.extend(_bind(d, nodes))
            if isinstance(d, n.BenefitDecl):
                out.extend(_money_unit(d, program))
    if official is not None:
        out.extend(_quote_places(program, official))
    return out


def _misquoted(d, official: OfficialText | None) -> bool:
    """A quote not found in the official text is E401's finding; its numbers say nothing about the rule,
    so the rule is not bound against them (one mistake, one error)."""
    return official is not None and any(q.key and not official.find_all(q.key) for q in d.quotes)


def _bind(d, nodes: NodeIndex | None = None) -> list[Diagnostic]:
    out = []
    numbers, text = _quoted(d)
    readings = [(r, q) for r in d.readings for q in r.numbers]
    used = set()
    for lit in _literals(d, nodes):
        if _in_quotes(lit, numbers, text):
            continue
        declared = next(((r, q) for r, q in readings if _same(q, lit)), None)
        if declared is not None:
            used.add(id(declared[1]))
            continue
        cited = "、".join(f"「{q.text[:20]}{'…' if len(q.text) > 20 else ''}」" for q in d.quotes) or "（无引文）"
        units = [w for _, w in numbers.get(lit.number.normalize(), []) if w] if _NUMBER.search(lit.text) else []
        other_unit = {"form": "other_unit", "number": f"{lit.number.normalize():f}", "unit": units[0]} if units else {}
        out.append(Diagnostic.of(
            "E210", lit.span,
            "照引文改正这个数；若这是对原文的读法（换算、按人计一份等），在依据之后写明："
            f"读法 {lit.text} “理由”", name=d.name.text, literal=lit.text, cited=cited, **other_unit))
    for r, q in readings:
        if id(q) in used:
            continue
        form = "in_quote" if _in_quotes(q, numbers, text) else ""
        out.append(Diagnostic.of("W607", q.span, "删去这条读法，或改正其中的数", form=form, quote=q.text))
    return out


def _money_unit(b: n.BenefitDecl, program: Program) -> list[Diagnostic]:
    if b.kind not in MONEY_KINDS or b.outcome.payout is None:
        return []
    unit = _unit_of(b.outcome.payout, program)
    if unit is None or unit == "元":
        return []
    return [Diagnostic.of("E306", b.outcome.payout.span,
                       "时长、人数等写成条件或期限（期限不超过 6 个月），金额写成元；非金钱的权利用（权利）或（资格）", name=b.name.text, kind=b.kind, unit=unit)]


def _unit_of(e, program: Program) -> str | None:
    """The base unit of a payout written as a literal or a term naming one (else None: typed elsewhere)."""
    seen = set()
    while isinstance(e, n.Ref) and e.name.key in program.terms and e.name.key not in seen:
        seen.add(e.name.key)
        e = program.terms[e.name.key].body
    if isinstance(e, n.Quantity) and e.unit:
        from ..units import UnitError, parse_unit

        try:
            dim = parse_unit(e.unit).dim
        except UnitError:
            return None
        if dim == (("元", 1),):
            return "元"
        return e.unit
    return None


def _quote_places(program: Program, official: OfficialText) -> list[Diagnostic]:
    out = []
    for m in program.modules:
        for d in m.decls:
            if not isinstance(d, RULES) or not d.clause:
                continue
            for q in d.quotes:
                if not q.key:
                    continue
                places = official.find_all(q.key)
                if not places:
                    continue  # E401 reports it
                clauses = {s.id for s in (official.segment_at(p) for p in places) if s is not None}
                if len(q.key) <= SHORT_QUOTE and len(places) >= MANY_PLACES:
                    out.append(Diagnostic.of(
                        "W606", q.span,
                        "引用含有这几个字的整句或分句", quote=q.text, count=len(places)))
                elif d.clause not in clauses and all(_is_clause(s) for s in clauses):
                    where = "、".join(f"（{c}）" for c in sorted(clauses))
                    clause = program.clauses.get(d.clause)
                    out.append(Diagnostic.of(
                        "W605", q.span,
                        "把规则移到所依据的条款之下，或引用本条款的原文", related=(Related(clause.span,
                                                                    "所在条款"),) if clause is not None else (),
                                                                    name=d.name.text, clause=d.clause, where=where))
    return out


def _is_clause(seg_id: str) -> bool:
    return bool(seg_id) and all(c in "一二三四五六七八九十百零" for c in seg_id)
