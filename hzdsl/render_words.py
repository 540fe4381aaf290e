"""The words for what the evaluator's results are about: missing facts, parameters, history, placeholders.

Runtime results carry `runtime.values.Key`s (a kind and a subject), never text; this module is
the one place that says how a key reads, what a history limit found (`limit_words`, `quota_note`)
and why a payout contradicts itself (`contradiction_words`). It sits just above `runtime`, below the back-ends, so
the SQL back-end's report words its missing-fact column exactly as `hzdsl run` does, and
`hzdsl.render` builds every other wording on it.
"""
from __future__ import annotations

from typing import Iterable

from .limitspec import SCOPE_WORDS, Window, spec_of
from .runtime.limits import (MONEY, AmountFound, CountFound, CoveredFound, LimitResult, NoRepeatFound, RepeatFound, SumBound,
                             SumFound)
from .runtime.semantics import Contradiction
from .runtime.values import Key, KeyKind, Unknown
from .units import NONE, Q, format_q

# How each kind reads: the form case files (`待定事实`), JSON output and the caseworker view use.
_WORDS = {
    KeyKind.FACT: "{}",
    KeyKind.PARAM: "参数「{}」",
    KeyKind.HISTORY: "历史申领记录",
    KeyKind.HISTORY_FIELD: "历史记录中的「{}」",
    KeyKind.DRAFT_DATE: "日期 {} 尚未确定",
    KeyKind.AS_PROVIDED: "{}",
    KeyKind.DIVISION_BY_ZERO: "除数为 0",
    KeyKind.LOOKUP_MISS: "查表无此项：{}",
    KeyKind.NEGATIVE_AMOUNT: "金额为负：政策没有写下限（最低）{}",
    KeyKind.CONTRADICTION: "{}",  # SQL's one token (backends/sql/query.CONTRADICTION_KEY); the engine's: contradiction_words
}


def key_word(k: Key) -> str:
    """A key as words: a fact by its bare name, 参数「LPR」, 历史申领记录, 日期 2022 年*月*日 尚未确定 …"""
    if k.kind == KeyKind.LOOKUP_MISS and k.subject != "":  # the value itself: worded as values are
        return _WORDS[k.kind].format(subject_words(k.subject))
    if k.kind == KeyKind.LOOKUP_MISS and not k.subject:
        return "查表无此项"  # the SQL back-end knows that no row matched, not which value
    if k.kind == KeyKind.CONTRADICTION and isinstance(k.subject, Contradiction):
        return contradiction_words(k.subject)  # the engine's: the floor and the cap (SQL's is one token)
    return _WORDS[k.kind].format(k.subject)


def subject_words(v) -> str:
    """A key's subject as words: names and texts as they are; the value no lookup row has
    (KeyKind.LOOKUP_MISS: a quantity or an enumeration member) as the engine words values —
    a quantity by `units.format_q` (1.5, 24 个月) — never a Python repr. A dimensionless value is a plain
    number here (0.5, not 50%): tables are looked up by counts and ranks (「场地租金补贴年度」), and the key
    does not carry the looked-up expression's unit."""
    if isinstance(v, Q) and not v.dim:
        return format_q(v, NONE)
    return format_q(v) if isinstance(v, Q) else str(v)


def key_text(k: Key) -> str:
    """How a drafter reads one thing an Unknown is about: a fact in 「」, the others as `key_word`."""
    return f"「{k.subject}」" if k.kind == KeyKind.FACT else key_word(k)


def sorted_keys(keys: Iterable[Key]) -> list[Key]:
    """Keys in the order they are listed everywhere: by their words."""
    return sorted(keys, key=key_word)


def key_words(keys: Iterable[Key]) -> list[str]:
    """The words of `keys`, in listing order."""
    return sorted(key_word(k) for k in keys)


def unknown_text(u: Unknown) -> str:
    """What an Unknown lacks, as one line: the missing (facts in 「」) then the placeholders."""
    parts = [key_text(m) for m in sorted_keys(u.missing)]
    parts += key_words(u.placeholders)
    return "、".join(parts)


# ── history limits: what a limit found (runtime.limits' findings are data; these are their words) ──


def _value_word(v) -> str:
    return format_q(v) if isinstance(v, Q) else str(v)


def limit_words(res: LimitResult) -> str:
    """What a history limit found, in words: counts, totals and grants against the bound as written
    (「上限 3 年」), the equal past claim, and for a 待定 what is still missing (尚缺：…)."""
    f, ok, bound = res.found, res.ok, getattr(res.limit, "bound", None)
    missing = "、".join(key_words(ok.missing)) if isinstance(ok, Unknown) else ""
    if isinstance(f, CountFound):
        scope = f"{f.year} 年内" if f.year is not None else "累计"
        return f"{scope}已享受 {f.past} 次，本次为第 {f.past + 1} 次，上限 {f.bound} 次"
    if isinstance(f, SumFound):
        shown = format_q(f.total, f.unit)
        return {SumBound.EXACT: f"累计（含本次）{shown}，上限 {bound.text}",
                SumBound.AT_LEAST: f"累计（已知部分）{shown}，已超过上限 {bound.text}",
                SumBound.AT_MOST: f"累计（含本次）至多 {shown}，上限 {bound.text}",
                SumBound.OPEN: f"累计（已知部分）{shown}；尚缺：{missing}"}[f.how]
    if isinstance(f, AmountFound):
        scope = SCOPE_WORDS[Window.YEAR if f.per_year else Window.ALL]
        done = f"{scope}已享受 {format_q(f.granted, MONEY)}"
        if f.known_part:
            return f"{done}（已知部分）；尚缺：{missing}"
        if ok is False:
            return f"{done}，已达上限 {bound.text}"
        return f"{done}，上限 {bound.text}，{scope}剩余额度 {format_q(res.remaining, MONEY)}"
    if isinstance(f, RepeatFound):
        return f"{f.date} 已由{f.claimant or '申请人'}享受过同一" + "、".join(
            f"{name}（{_value_word(v)}）" for name, v in f.values)
    if isinstance(f, CoveredFound):
        return ("历史记录已覆盖" + "、".join(f"「{name}」" for name in f.fields)
                + f"的全部 {f.values} 种取值：不论本次是哪一种，都已享受过")
    if isinstance(f, NoRepeatFound):
        return f"{f.open_records} 条历史记录可能重复，尚缺：{missing}" if f.open_records else "历史记录中没有重复"
    return f"尚缺：{missing}"


def quota_note(res: LimitResult) -> str:
    """How an explanation says that an amount limit capped the payout (or, still open, bounds it)."""
    scope = SCOPE_WORDS[spec_of(res.limit.kind).window]
    if res.remaining is None and res.at_most is not None:
        return (f"{scope}剩余额度至多 {format_q(res.at_most, MONEY)}，所示金额是上限：未知的已领金额可能用去额度"
                f"（限制「{res.limit.name.text}」待定）")
    return f"按{scope}剩余额度 {format_q(res.remaining, MONEY)}封顶（限制「{res.limit.name.text}」）"


def contradiction_words(c: Contradiction) -> str:
    """A payout whose floor is above its cap (冲突), in words."""
    return f"下限 {format_q(c.floor)} 高于上限 {format_q(c.cap)}，金额无法同时满足"
