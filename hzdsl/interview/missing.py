"""Sort what a 待定 result is missing into what the applicant can answer and what they cannot.

An `Unknown` names facts not given (the applicant can supply them), the claim history
(「历史申领记录」, also the applicant's), fields a given past claim lacks (历史记录中的「金额」 — the
applicant can look them up, record by record), parameters (参数「LPR」 — set by the authorities,
supplied by a parameter file) and placeholders of the draft (按规定, 2022 年*月*日 — 政策待定, no one
can answer them until the policy is final). This is the one place that knows how those names are written.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import ir
from ..render_words import key_words
from ..runtime.values import KeyKind, Unknown
from ..units import Q

PARAM_PREFIX = "参数"
AMOUNT_FIELD = "金额"  # the field an amount limit reads from each past claim (runtime.limits)


@dataclass(frozen=True)
class RecordGap:
    """Fields one past claim of the case lacks that a 待定 limit needs.

    index: the record's place in the case's 历史 list, from 1; benefit: the benefit it claimed (as
    the case names it); date: its date; fields: the fields it lacks, as the policy writes them
    (「职业」, 金额).
    """

    index: int
    benefit: str
    date: dt.date
    fields: tuple[str, ...]

    def record_text(self) -> str:
        """第 1 条历史记录（职工学徒培训补贴，2023-01-10）"""
        return f"第 {self.index} 条历史记录（{self.benefit}，{self.date}）"

    def text(self) -> str:
        """第 1 条历史记录（职工学徒培训补贴，2023-01-10）的「金额」"""
        return self.record_text() + "的" + "、".join(f"「{f}」" for f in self.fields)


@dataclass(frozen=True)
class Missing:
    """What an Unknown lacks, sorted by who can supply it.

    facts: display names of facts not given (the applicant's); history: whether the claim history
    is lacking (the applicant's) — as a whole, or in fields of records not pinned down in `records`;
    records: the past claims given whose fields are missing (the applicant's); params: parameter
    names (the authorities'); placeholders: the draft's open values (政策待定).
    """

    facts: tuple[str, ...] = ()
    history: bool = False
    params: tuple[str, ...] = ()
    placeholders: tuple[str, ...] = ()
    records: tuple[RecordGap, ...] = ()

    @property
    def askable(self) -> int:
        """How many things the applicant would have to answer."""
        return len(self.facts) + int(self.history) + sum(len(r.fields) for r in self.records)

    @property
    def open(self) -> int:
        """How many things no applicant can answer (parameters and the draft's placeholders)."""
        return len(self.params) + len(self.placeholders)

    def asks(self) -> list[str]:
        """What to ask the applicant, as the 需要 column words it: facts in 「」, then each record's
        missing fields, then 历史申领记录 when the history itself is lacking."""
        return ([f"「{f}」" for f in self.facts] + [r.text() for r in self.records]
                + (["历史申领记录"] if self.history else []))


def sort_missing(u: Unknown | None, records: tuple[RecordGap, ...] = ()) -> Missing:
    """Sort `u`'s keys by who can supply them. `records`: the gaps `record_gaps` found in the
    case's history; the 历史记录中的「字段」 keys they account for are asked record by record
    instead of as 历史申领记录."""
    if u is None:
        return Missing()
    facts, params, history, open_ = [], [], False, []
    pinned = {f for r in records for f in r.fields}
    for m in u.missing:
        if m.kind == KeyKind.HISTORY_FIELD and m.subject in pinned:
            continue
        if m.kind in (KeyKind.HISTORY, KeyKind.HISTORY_FIELD):
            history = True
        elif m.kind == KeyKind.PARAM:
            params.append(m.subject)
        elif m.kind == KeyKind.FACT:
            facts.append(m.subject)
        else:
            open_.append(m)
    placeholders = sorted(set(key_words(u.placeholders)) | set(key_words(open_)))
    used = records if any(r.fields for r in records) else ()
    return Missing(tuple(sorted(facts)), history, tuple(sorted(params)), tuple(placeholders), used)


def _field_keys(lim: ir.Limit) -> dict[str, str]:
    """A limit's history fields: name as written (the subject of its HISTORY_FIELD keys) → fact key."""
    if isinstance(lim, ir.RepeatLimit):
        return dict(zip((k.text for k in lim.origin.keys), lim.fields))
    if isinstance(lim, ir.SumLimit):
        return {lim.origin.field.text: lim.field}
    return {}


def _payload(v):
    return v.value if isinstance(v, Q) else v


def _counted(lim: ir.Limit, h, facts: dict, date: dt.date) -> bool:
    """Whether the limit reads past claim `h` at all (runtime.limits chooses records the same way)."""
    if h.benefit not in lim.counted:
        return False
    if lim.per_year and h.date.year != date.year:
        return False
    if isinstance(lim, ir.RepeatLimit):
        if lim.claimant and h.claimant != lim.claimant:
            return False
        # a record known to differ on one field cannot repeat this claim: its other fields do not matter
        return not any(facts.get(k) is not None and h.fields.get(k) is not None
                       and _payload(facts[k]) != _payload(h.fields[k]) for k in lim.fields)
    return True


def record_gaps(decision, history, facts: dict, date: dt.date) -> tuple[RecordGap, ...]:
    """Which given past claims lack which fields that the decision's 待定 limits need.

    decision: a `runtime.evaluate.Decision`; history: the case's 历史 (list of HistoryEntry, or None
    when not given — then there is nothing to point at); facts / date: the case's own. Each gap names
    the record by its place in the list, benefit and date. Records are chosen as `runtime.limits`
    chooses them: counted benefits, the evaluation year for 每人每年 limits, the claimant and records
    that could repeat the claim for 不可重复享受.
    """
    if not history:
        return ()
    found: dict[int, list[str]] = {}
    for r in decision.limits:
        if not isinstance(r.ok, Unknown) or r.rule is None:
            continue
        wanted = {m.subject for m in r.ok.missing if m.kind == KeyKind.HISTORY_FIELD}
        if not wanted:
            continue
        lim, keys = r.rule, _field_keys(r.rule)
        for i, h in enumerate(history, 1):
            if not _counted(lim, h, facts, date):
                continue
            for name in sorted(wanted):
                if name == AMOUNT_FIELD and isinstance(lim, ir.AmountLimit):
                    lacks = h.amount is None
                else:
                    lacks = name in keys and h.fields.get(keys[name]) is None
                if lacks and name not in found.setdefault(i, []):
                    found[i].append(name)
    return tuple(RecordGap(i, history[i - 1].benefit, history[i - 1].date, tuple(fields))
                 for i, fields in sorted(found.items()) if fields)
