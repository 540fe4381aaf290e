"""Invariants a correct program and engine keep on every case — checked by the property tests.

Each check takes the program, a case and the engine's result, and returns the violations it
found as readable sentences (empty: the invariant holds). Where an invariant restates a number of
the official text (50 万元, 3 次 …), the number is written here from the text — not read from the
policies — so a policy that drifts from the text is caught; the generic checks use the policies'
own declarations and so hold the engine to them, whatever clauses are added later.
"""
from __future__ import annotations

import dataclasses
import random
from fractions import Fraction

from .. import ir
from ..cases.load import Case
from ..ir import ir_of
from ..kinds import ModifierKind, TypeKind
from ..limitspec import SPECS, Aggregate, Window, spec_of
from ..check.checker import check_modules
from ..check.program import Program
from ..cases.run import CaseResult
from ..runtime.evaluate import evaluator_for
from ..runtime.evaluate import Decision, Env
from ..units import Q, format_q, parse_unit, round_money
from ..render_words import key_words
from ..runtime.values import KeyKind, Unknown
from ..source import load_official
from ..syntax import nodes as n
from ..syntax.normalize import compact
from ..syntax.walk import find_all

# ── caps ──────────────────────────────────────────────────────────────────────────────────────


def _value(program: Program, e: ir.Expr, case: Case):
    """Evaluate a cap expression (IR) in the case's environment (literals without the evaluator)."""
    if isinstance(e, ir.Quantity):
        return e.value
    cache = program.__dict__.setdefault("_invariant_exprs", {})
    f = cache.get(e.id)
    if f is None:
        f = cache[e.id] = evaluator_for(program).compiler.expr(e)
    return f(Env(case.date, case.facts, case.params, case.history))


def _outcome(d: Decision) -> ir.Outcome:
    """The outcome that decided the amount: the applying exception's, else the benefit's (IR)."""
    return d.exception.outcome if d.exception is not None else d.rule.outcome


def cap_violations(program: Program, case: Case, result: CaseResult) -> list[str]:
    """Every 最高不超过 modifier and every 最高 X payout bounds the amount (after rounding to 分)."""
    out = []
    for d in result.decisions:
        if d.amount is None:
            continue
        o = _outcome(d)
        bounds = [m.value for m in o.modifiers if m.kind == ModifierKind.CAP and m.value is not None]
        if o.up_to and o.payout is not None:
            bounds.append(o.payout)
        for e in bounds:
            cap = _value(program, e, case)
            if isinstance(cap, Q) and cap.dim == d.amount.dim and d.amount.value > round_money(cap).value:
                out.append(f"「{d.rule.name}」金额 {format_q(d.amount)} 超过上限 {format_q(cap)}")
    return out


# Caps stated in the official text: (the words a benefit cites, the caps in any of the units a
# drafter may compute the amount in). A cap applies when the amount has its dimension.
NAMED_CAPS: list[tuple[str, tuple[str, ...]]] = [
    ("最高 50 万元个人创业担保贷款", ("500000 元",)),
    ("最高 300 万元企业吸纳就业创业担保贷款", ("3000000 元",)),
    ("给予每年 5 或 10 万元主办方补贴", ("100000 元",)),
    # 50 平方米 × 3 元/平方米·天 = 150 元/天; outside the space 100 平方米 × 1 元/平方米·天 = 100 元/天
    ("可申领 50 平方米以内场地租金补贴", ("150 元/天", "3 元/平方米·天")),
    ("补贴标准最高 3 元/平方米·天", ("150 元/天", "3 元/平方米·天")),
    ("可享受 100平方米以内场地租金补贴", ("100 元/天", "1 元/平方米·天")),
    ("每人每年最高不超过 6000 元", ("6000 元", "6000 元/人")),
    ("实习学徒可按每人每年不高于 3000 元给予补贴", ("3000 元", "3000 元/人")),
    ("特种作业操作证书项目补贴标准最高不超过650 元/人/个", ("650 元", "650 元/人", "650 元/人/个")),
    # 100 元/人/天 × 20 天 = 2000 元 per person
    ("100 元/人/天，最高不超过 20 天", ("2000 元", "2000 元/人", "100 元/人/天")),
    ("最高不超过 10 万元", ("100000 元",)),
    ("给予每年不超过 2000 元的补贴", ("2000 元",)),
    ("可享受每人 200-2000 元的创业培训补贴", ("2000 元", "2000 元/人")),
    ("按每人 500-1000 元的标准享受资助", ("1000 元/人",)),
]


def _cites(b: n.BenefitDecl, phrase: str) -> bool:
    key = compact(phrase)
    return any(key in q.key for q in b.quotes)


def named_caps_for(program: Program) -> dict[str, list[tuple[str, list[Q]]]]:
    """benefit key → [(phrase, caps)] for every benefit citing a phrase of NAMED_CAPS."""
    cached = program.__dict__.get("_named_caps")
    if cached is not None:
        return cached
    out: dict[str, list] = program.__dict__.setdefault("_named_caps", {})
    for key, b in program.benefits.items():
        for phrase, caps in NAMED_CAPS:
            if _cites(b, phrase):
                out.setdefault(key, []).append((phrase, [Q.of(*c.split(" ", 1)) for c in caps]))
    return out


def named_cap_violations(program: Program, case: Case, result: CaseResult) -> list[str]:
    table = named_caps_for(program)
    out = []
    for d in result.decisions:
        if d.amount is None:
            continue
        for phrase, caps in table.get(d.rule.key, []):
            for cap in caps:
                if cap.dim == d.amount.dim and d.amount.value > cap.value:
                    out.append(f"「{d.rule.name}」金额 {format_q(d.amount)} 超过原文「{phrase}」的上限 {format_q(cap)}")
    return out


# ── history limits ────────────────────────────────────────────────────────────────────────────


def counted_keys(lim: n.LimitDecl) -> set[str]:
    """The benefits whose past claims count against a limit: 计入 … when written, else its targets."""
    counted = getattr(lim, "counted", None)
    return {c.key for c in counted} if counted else {t.key for t in lim.targets}


def _in_window(lim: n.LimitDecl, h, case: Case) -> bool:
    """Whether a past claim is in the limit's window (limitspec.Window): always, or the case's year."""
    return spec_of(lim.kind).window is Window.ALL or h.date.year == case.date.year


def limit_breached(lim: n.LimitDecl, case: Case) -> bool | None:
    """An independent reading of a 限制 on this case: True breached, False within, None undecidable.
    Read per aggregate × window of the kind's entry in hzdsl/limitspec.py, never per kind."""
    if case.history is None:
        return None
    aggregate = spec_of(lim.kind).aggregate
    past = [h for h in case.history if h.benefit in counted_keys(lim) and _in_window(lim, h, case)]
    if aggregate is Aggregate.COUNT:
        return len(past) + 1 > Q.of(lim.bound.number, parse_unit(lim.bound.unit)).value
    if aggregate is Aggregate.FIELD_SUM:
        key = lim.field.key
        if key not in case.facts or any(key not in h.fields for h in past):
            return None
        total = case.facts[key].value + sum((h.fields[key].value for h in past), Fraction(0))
        return total > Q.of(lim.bound.number, parse_unit(lim.bound.unit)).value
    if aggregate is Aggregate.AMOUNT:
        granted = granted_amount(lim, case)
        return None if granted is None else granted >= Q.of(lim.bound.number, parse_unit(lim.bound.unit)).value
    keys = [k.key for k in lim.keys]
    if any(k not in case.facts for k in keys):
        return None
    claims = [h for h in past if not lim.claimant or h.claimant == lim.claimant]
    return any(all(h.fields.get(k) == case.facts[k] for k in keys) for h in claims)


AMOUNT_KINDS = {spec.kind for spec in SPECS if spec.aggregate is Aggregate.AMOUNT}  # the kinds that cap money


def _is_amount(lim: n.LimitDecl) -> bool:
    return spec_of(lim.kind).aggregate is Aggregate.AMOUNT


def granted_amount(lim: n.LimitDecl, case: Case) -> Fraction | None:
    """元 already granted by the claims an amount limit counts (in its window); None if unknown."""
    if case.history is None:
        return None
    past = [h for h in case.history if h.benefit in counted_keys(lim) and _in_window(lim, h, case)]
    if any(getattr(h, "amount", None) is None for h in past):
        return None
    return sum((h.amount.value for h in past), Fraction(0))


def limit_violations(program: Program, case: Case, result: CaseResult) -> list[str]:
    """Generic over every 限制: a claim that breaches one is never granted (nor left 待定); under an
    amount limit that holds, no target is paid more than the remaining quota."""
    out = []
    by_key = {d.rule.key: d for d in result.decisions}
    for lim in program.limits:
        if _is_amount(lim) and limit_breached(lim, case) is False:
            remaining = Q.of(lim.bound.number, parse_unit(lim.bound.unit)).value - granted_amount(lim, case)
            for t in lim.targets:
                d = by_key.get(t.key)
                if d is not None and d.amount is not None and d.amount.dim == (("元", 1),) and d.amount.value > remaining:
                    out.append(f"「{t.text}」金额 {format_q(d.amount)} 超过限制「{lim.name.text}」的剩余额度 "
                               f"{format_q(Q(remaining, d.amount.dim))}")
        if limit_breached(lim, case) is not True:
            continue
        for t in lim.targets:
            d = by_key.get(t.key)
            if d is not None and d.status != "不符合":
                out.append(f"「{t.text}」违反限制「{lim.name.text}」却是{d.status}")
    return out


# Limits stated in the official text, by the words the 限制 cites; the bound is the text's.
NAMED_LIMITS = {
    "每人每年可享受不超过 3 次": ("per_year_count", 3),
    "贷款次数累计不超过 3 次": ("total_count", 3),
    "贷款期限累计不超过 3 年": ("total_sum", 36),  # months
    "同一职业（项目）同一等级不可重复享受": ("no_repeat", None),
    "同一证书单位已享受补贴的，个人不得重复享受补贴": ("no_repeat_by_employer", None),
    "每人每年最高不超过 6000 元": ("per_year_amount", 6000),
    "每人每年不高于 3000 元": ("per_year_amount", 3000),
    "给予每年不超过 2000 元的补贴": ("per_year_amount", 2000),
    "最高不超过 10 万元": ("total_amount", 100000),
}


def named_limits(program: Program) -> dict[str, list[n.LimitDecl]]:
    cached = program.__dict__.get("_named_limits")
    if cached is not None:
        return cached
    out: dict[str, list[n.LimitDecl]] = program.__dict__.setdefault("_named_limits", {})
    for lim in program.limits:
        for phrase, (kind, _) in NAMED_LIMITS.items():
            # one quote may carry two limits (期限 … 且 次数 …): the kind tells which is meant
            want = "no_repeat" if kind.startswith("no_repeat") else kind
            if lim.kind != want or (kind == "no_repeat_by_employer") != bool(lim.claimant):
                continue
            if any(compact(phrase) in q.key for q in lim.quotes):
                out.setdefault(phrase, []).append(lim)
    return out


def named_limit_violations(program: Program, case: Case, result: CaseResult) -> list[str]:
    """The text's own numbers: ≤ 3 training subsidies a year, ≤ 3 loans, ≤ 3 years of loans,
    never the same occupation and level twice, never a certificate the employer already claimed."""
    if case.history is None:
        return []
    by_key = {d.rule.key: d for d in result.decisions}
    out = []
    for phrase, lims in named_limits(program).items():
        kind, bound = NAMED_LIMITS[phrase]
        for lim in lims:
            past = [h for h in case.history if h.benefit in counted_keys(lim)]
            if kind == "per_year_count":
                own = [h for h in past if h.claimant == "个人" and h.date.year == case.date.year]
                breached = len(own) >= bound
            elif kind == "total_count":
                breached = len(past) >= bound
            elif kind == "total_sum":
                key = lim.field.key if lim.field else ""
                if key not in case.facts or any(key not in h.fields for h in past):
                    continue
                months = case.facts[key].value + sum((h.fields[key].value for h in past), Fraction(0))
                breached = months > bound
            elif kind in AMOUNT_KINDS:
                granted = granted_amount(lim, case)
                if granted is None:
                    continue
                breached = granted >= bound
            else:
                keys = [k.key for k in lim.keys]
                if not keys or any(k not in case.facts for k in keys):
                    continue
                claims = past if kind == "no_repeat" else [h for h in past if h.claimant != "个人"]
                breached = any(all(h.fields.get(k) == case.facts[k] for k in keys) for h in claims)
            if not breached:
                continue
            for t in lim.targets:
                d = by_key.get(t.key)
                if d is not None and d.status in {"符合", "冲突"}:
                    out.append(f"「{t.text}」违反原文「{phrase}」却是{d.status}")
    return out


# ── interest subsidies ────────────────────────────────────────────────────────────────────────

CONTRACT_RATE, LPR = "贷款合同利率", "LPR"
RATE_MARGIN = Fraction(50, 10000)  # 50BP, from the text: 利率不超过 … LPR 加 50 个基点


def interest_violations(program: Program, case: Case, result: CaseResult) -> list[str]:
    """A 贴息 never exceeds the interest due (rate ≤ contract rate), and is never granted when the
    contract rate is above LPR + 50BP."""
    rate = case.facts.get(CONTRACT_RATE)
    lpr = case.params.get(LPR)
    out = []
    for d in result.decisions:
        if d.rule.kind_word != "贴息":
            continue
        if rate is not None and d.amount is not None and d.amount.value > rate.value:
            out.append(f"「{d.rule.name}」贴息率 {format_q(d.amount)} 高于合同利率 {format_q(rate)}")
        if rate is not None and lpr is not None and rate.value > lpr.value + RATE_MARGIN and d.status != "不符合":
            out.append(f"「{d.rule.name}」合同利率 {format_q(rate)} 高于 LPR + 50BP 却是{d.status}")
    return out


# ── monotonicity ──────────────────────────────────────────────────────────────────────────────

_UP = {">=": 1, ">": 1, "<=": -1, "<": -1}


def _occurrences(e: ir.Expr, prog: ir.IRProgram, polarity: int, out: dict, seen: tuple = ()) -> None:
    """Record for each fact the directions in which raising it can move the condition (IR, resolved).

    +1: only ever in `fact ≥ const` under an even number of 非 (raising it can only help);
    0: anywhere else (arithmetic, equality, between, under both polarities …).
    """
    if isinstance(e, ir.Logic):
        for x in e.operands:
            _occurrences(x, prog, polarity, out, seen)
        return
    if isinstance(e, ir.Not):
        _occurrences(e.operand, prog, -polarity, out, seen)
        return
    if isinstance(e, ir.Ref):
        if e.kind == ir.RefKind.TERM and e.key not in seen:
            _occurrences(prog.terms[e.key].body, prog, polarity, out, seen + (e.key,))
        elif e.kind == ir.RefKind.FACT:
            out.setdefault(e.key, set()).add(0)
        return
    if isinstance(e, ir.Compare) and e.op in _UP:
        for side, sign in ((e.left, 1), (e.right, -1)):
            if isinstance(side, ir.Ref) and side.kind == ir.RefKind.FACT:
                other = e.right if sign == 1 else e.left
                if not any(True for _ in find_all(other, ir.Ref)):
                    out.setdefault(side.key, set()).add(_UP[e.op] * sign * polarity)
                    continue
            _occurrences_any(side, prog, out, seen)
        return
    _occurrences_any(e, prog, out, seen)


def _occurrences_any(e: ir.Expr, prog: ir.IRProgram, out: dict, seen: tuple) -> None:
    for r in find_all(e, ir.Ref):
        if r.kind == ir.RefKind.FACT:
            out.setdefault(r.key, set()).add(0)
        elif r.kind == ir.RefKind.TERM and r.key not in seen:
            _occurrences_any(prog.terms[r.key].body, prog, out, seen + (r.key,))


def monotone_facts(program: Program) -> dict[str, list[str]]:
    """benefit key → numeric facts that the text makes “the more, the better” for eligibility:
    raising one never turns 符合 into 不符合 (e.g. 正常经营时长 for 一次性创业补贴)."""
    prog = ir_of(program)
    limit_fields = {f for lim in prog.limits.values() for f in lim.history_fields}
    out = {}
    for key, b in prog.benefits.items():
        occ: dict[str, set] = {}
        if b.condition is not None:
            _occurrences(b.condition, prog, 1, occ)
        for x in b.exclusions:
            _occurrences(x, prog, -1, occ)
        for x in b.exceptions:
            _occurrences_any(x.condition, prog, occ, ())
        facts = [f for f, dirs in occ.items() if dirs == {1} and f not in limit_fields
                 and prog.facts[f].type.kind == TypeKind.NUM]
        if facts:
            out[key] = sorted(facts)
    return out


# ── information ───────────────────────────────────────────────────────────────────────────────


def _decided(d: Decision) -> bool:
    return d.status in {"符合", "不符合", "冲突"}


def information_violations(partial: CaseResult, full: CaseResult) -> list[str]:
    """A result decided on less information stands when more is given (same status and amount)."""
    out = []
    full_by = {d.rule.key: d for d in full.decisions}
    for d in partial.decisions:
        f = full_by[d.rule.key]
        if _decided(d) and d.status != f.status:
            out.append(f"「{d.rule.name}」信息不全时为{d.status}，补足信息后变为{f.status}")
        elif d.status == "符合" and d.amount is not None and f.amount is not None and d.amount != f.amount:
            out.append(f"「{d.rule.name}」补足信息后金额由 {format_q(d.amount)} 变为 {format_q(f.amount)}")
    return out


def supply_missing(program: Program, partial: Case, full: Case, d: Decision) -> Case:
    """The partial case with exactly the facts (parameters, history) its 待定 decision asked for."""
    keys = d.missing.missing if d.missing is not None else frozenset()
    facts, params, history = dict(partial.facts), dict(partial.params), partial.history
    for k in keys:
        name = compact(k.subject)
        if k.kind == KeyKind.PARAM:
            if name in full.params:
                params[name] = full.params[name]
        elif k.kind == KeyKind.HISTORY:
            history = full.history
        elif k.kind == KeyKind.FACT and name in full.facts:
            facts[name] = full.facts[name]
    return dataclasses.replace(partial, facts=facts, params=params, history=history)


def only_placeholders(d: Decision) -> bool:
    return d.missing is not None and not d.missing.missing and bool(d.missing.placeholders)


# ── order independence ────────────────────────────────────────────────────────────────────────


def permuted_program(program: Program, seed: int) -> Program:
    """The same policies with files and declarations within each file in another order."""
    rng = random.Random(seed)
    modules = []
    for m in program.modules:
        decls = list(m.decls)
        rng.shuffle(decls)
        modules.append(dataclasses.replace(m, decls=tuple(decls)))
    rng.shuffle(modules)
    official = load_official(program.official_path) if program.official_path else None
    permuted, diags = check_modules(modules, official)
    errors = [d for d in diags if d.is_error]
    if errors:
        raise AssertionError("重排后检查出错：" + "; ".join(d.message for d in errors))
    return permuted


def decision_key(d: Decision) -> tuple:
    missing = (tuple(key_words(d.missing.missing)), tuple(key_words(d.missing.placeholders))) if d.missing is not None else None
    amount = (d.amount.value, d.amount.dim) if d.amount is not None else None
    unknown = tuple(key_words(d.amount_unknown.missing | d.amount_unknown.placeholders)) if isinstance(
        d.amount_unknown, Unknown) else None
    return d.status, amount, unknown, missing


def decisions_by_benefit(result: CaseResult) -> dict[str, tuple]:
    return {d.rule.key: decision_key(d) for d in result.decisions}
