"""Next questions: the few facts whose answers would decide the most 待定 benefits, in order.

This is the interview a caseworker conducts. For each fact a 待定 benefit lacks, every plausible
answer is tried (是/否; each member of an enumeration; for quantities, the values just below, at
and above every number the rules compare it with) and the benefits that answer settles
(符合 or 不符合) are counted. Questions are then chosen greedily: first the fact that can settle
the most benefits, then the one that settles the most of those still open, and so on; ties go to
the fact whose answers settle more on average, then to the fact more benefits mention.

When the case gives its past claims but a record lacks a field a limit needs (a 金额, a 职业), the
question names that field of that record (第 1 条历史记录（…）的「金额」), and its answers are tried by
filling the field in (金额: 0 元 and each amount bound of the limits; a fact: its candidate answers,
the claim's own value and a different one) — not by replacing the history that was given.

`next_questions(program, case, decisions)` → list[Question]; nothing here prints.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

from ..check.program import Program
from ..ir import ir_of
from ..runtime.evaluate import Decision, Env, Evaluator
from ..syntax.walk import find_all
from ..units import Q

from .missing import AMOUNT_FIELD, RecordGap, record_gaps, sort_missing

HISTORY_QUESTION = "历史申领记录"


@dataclass(frozen=True)
class Question:
    """One question to ask the applicant.

    key: the fact key (or 历史申领记录 for past claims); name: as the policy writes it; entity: the
    entity it is declared on (个人, 企业 …; "" for the history); type: how to answer (布尔, 时长(个月) …);
    decides: names of the benefits some answer settles, in table order; mean: how many the answers
    settle on average.
    """

    key: str
    name: str
    entity: str
    type: str
    decides: tuple[str, ...]
    mean: Fraction

    def to_json(self) -> dict:
        return {"事实": self.name, "主体": self.entity, "类型": self.type,
                "可确定待遇": list(self.decides), "可确定数": len(self.decides),
                "平均可确定数": float(round(self.mean, 2))}


def _boundaries(program: Program) -> dict[str, list[Any]]:
    """fact key → the values just below, at and above each literal the rules compare it with."""
    from .. import ir

    prog = ir.ir_of(program)
    out: dict[str, list[Any]] = {}
    roots = (*prog.benefits.values(), *prog.terms.values())
    for node in find_all(roots, ir.Compare, ir.Between):
        if isinstance(node, ir.Compare):
            pairs = [(node.left, node.right), (node.right, node.left)]
        else:
            pairs = [(node.value, node.low), (node.value, node.high)]
        for ref, lit in pairs:
            if not isinstance(ref, ir.Ref) or ref.kind != ir.RefKind.FACT:
                continue
            vals = out.setdefault(ref.key, [])
            if isinstance(lit, ir.Date):
                day = lit.value
                vals.extend([day - dt.timedelta(days=1), day, day + dt.timedelta(days=1)])
            elif isinstance(lit, ir.Quantity) and lit.value is not None:
                q = lit.value
                unit = lit.unit
                step = Q(unit.scale, unit.dim) if unit is not None and unit.dim == q.dim else None
                vals.extend([q - step, q, q + step] if step is not None else [q])
    return out


def candidate_answers(program: Program, key: str) -> list[Any]:
    """The answers tried for a fact: every value that can change how a rule reads it."""
    info = program.facts[key]
    kind = info.type.kind
    if kind == "bool":
        return [True, False]
    if kind == "enum":
        return sorted(info.type.choices)
    if kind == "set":
        return [frozenset()] + [frozenset({c}) for c in sorted(info.type.choices)]
    bounds = program.derived("interview.boundaries", _boundaries).get(key, [])
    if kind == "num":
        vals = [v for v in bounds if isinstance(v, Q) and v.dim == info.type.dim and v.value >= 0]
    elif kind == "date":
        vals = [v for v in bounds if isinstance(v, dt.date)]
    else:
        vals = []
    unique = list(dict.fromkeys(vals))  # Q is frozen: equal value and dimension hash alike
    return unique


def _type_text(program: Program, key: str) -> str:
    info = program.facts[key]
    kind = info.type.kind
    if kind == "num":
        return f"数量（{info.unit.text}）" if info.unit.text else "数"
    return {"bool": "是/否", "enum": "取值之一", "set": "可多选", "date": "日期", "text": "文本"}.get(kind, kind)


def _record_answers(program: Program, gap: RecordGap, name: str, decisions: list[Decision], facts: dict) -> list[Any]:
    """Values tried for one missing field of a past claim."""
    from .. import ir

    if name == AMOUNT_FIELD:
        bounds = [r.rule.bound for d in decisions for r in d.limits
                  if isinstance(r.rule, ir.AmountLimit) and r.rule.bound is not None]
        zero = Q(Fraction(0), bounds[0].dim) if bounds else None
        return list(dict.fromkeys([zero, *bounds])) if bounds else []
    key = ir_of(program).fact_named(name)
    if key is None:
        return []
    vals = candidate_answers(program, key)
    if facts.get(key) is not None:
        vals = list(dict.fromkeys([facts[key], *vals]))  # the same as this claim: the record might repeat it
        if program.facts[key].type.kind == "text":
            vals.append(object())  # and a different value, never equal to the claim's
    return vals


def _filled(history: list, gap: RecordGap, name: str, value: Any, program: Program) -> list:
    """The history with one record's missing field filled in."""
    h = history[gap.index - 1]
    if name == AMOUNT_FIELD:
        new = replace(h, amount=value)
    else:
        new = replace(h, fields={**h.fields, ir_of(program).fact_named(name): value})
    return [*history[:gap.index - 1], new, *history[gap.index:]]


def next_questions(program: Program, evaluator: Evaluator, date: dt.date, facts: dict, params: dict,
                   history, decisions: list[Decision], limit: int = 5) -> list[Question]:
    """The questions to ask next about a case, best first (at most `limit`).

    decisions: the case's decisions in scope (those shown to the caseworker); only their 待定
    benefits are considered. facts/params/history: the case's own; the policy's 蕴含 are applied by the
    evaluator. Errors: none; a fact no answer of which settles anything is not asked.
    """
    open_ = [d for d in decisions if d.status == "待定" and d.missing is not None]
    if not open_:
        return []
    prog = ir_of(program)
    compiled = {b.rule.key: b for b in evaluator.benefits}
    wanted: dict[str, list[Decision]] = {}
    fields: dict[str, tuple[RecordGap, str]] = {}  # question key → (record, field) for a past claim's field
    for d in open_:
        m = sort_missing(d.missing, record_gaps(d, history, facts, date))
        for name in m.facts:
            key = prog.fact_named(name)
            if key is not None:
                wanted.setdefault(key, []).append(d)
        for gap in m.records:
            for name in gap.fields:
                key = RecordGap(gap.index, gap.benefit, gap.date, (name,)).text()
                fields[key] = (gap, name)
                wanted.setdefault(key, []).append(d)
        if m.history:
            wanted.setdefault(HISTORY_QUESTION, []).append(d)

    order = {d.rule.key: i for i, d in enumerate(decisions)}
    scored: list[tuple[str, frozenset[str], Fraction]] = []
    for key, ds in wanted.items():
        if key == HISTORY_QUESTION:
            answers = [("history", [])]  # 「无」: no past claims (the common answer, and it settles limits)
        elif key in fields:
            gap, name = fields[key]
            answers = [("history", _filled(history, gap, name, v, program))
                       for v in _record_answers(program, gap, name, ds, facts)]
        else:
            answers = [("fact", v) for v in candidate_answers(program, key)]
        settled: set[str] = set()
        total = 0
        for how, value in answers:
            if how == "fact":
                env = Env(date, {**facts, key: value}, params, history)
            else:
                env = Env(date, facts, params, value)
            for d in ds:
                got = evaluator.decide(compiled[d.rule.key], env)
                if got.status != "待定":
                    settled.add(d.rule.key)
                    total += 1
        if settled:
            scored.append((key, frozenset(settled), Fraction(total, max(len(answers), 1))))

    chosen: list[Question] = []
    covered: set[str] = set()
    pool = list(scored)
    while pool and len(chosen) < limit:
        pool.sort(key=lambda s: (-len(s[1] - covered), -s[2], -len(wanted[s[0]]), s[0]))
        key, settled, mean = pool.pop(0)
        if not settled - covered and chosen:
            break
        covered |= settled
        names = tuple(program.benefits[k].name.text for k in sorted(settled, key=lambda k: order.get(k, 0)))
        if key == HISTORY_QUESTION:
            chosen.append(Question(key, HISTORY_QUESTION, "", "过往申领（待遇、日期…），没有写「无」", names, mean))
        elif key in fields:
            gap, name = fields[key]
            fact = prog.fact_named(name)
            how = "数量（元）" if name == AMOUNT_FIELD else _type_text(program, fact) if fact else "文本"
            chosen.append(Question(key, key, "", how, names, mean))
        else:
            info = program.facts[key]
            chosen.append(Question(key, info.decl.name.text, info.decl.entity, _type_text(program, key), names, mean))
    return chosen



