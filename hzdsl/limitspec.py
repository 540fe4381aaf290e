"""The limit kinds (限制 …) as data: ONE entry per kind in `SPECS`, read by every stage.

A limit is an *aggregate* over the counted past claims, taken over a *window* of time, compared
with the bound (≤ — the checker refuses other comparison words, E502):

=================  =========================================================================
aggregate          what is summed over the counted past claims, and what this claim adds
=================  =========================================================================
COUNT              one per claim; this claim adds 1; holds when past + 1 ≤ N (bound in 次)
FIELD_SUM          a field of each claim (「贷款期限」); this claim adds its own value; holds when
                   the total ≤ B (bound in the field's unit)
AMOUNT             the 金额 granted; this claim adds nothing yet: holds while granted < B (元),
                   and the remainder B − granted caps the payout
NO_REPEAT          equality on every named field (同一「职业」 同一「证书等级」, by a claimant when
                   written): fails when a counted claim equals this one
=================  =========================================================================

window: ALL (every past claim) or YEAR (the claims dated in the evaluation date's calendar year).

How known and unknown history decide an aggregate is written once per aggregate, in each back-end
(runtime/limits.py — the reference —, backends/sql/history.py, backends/smt/limits.py), never per
kind: an unknown value is at its lowest or its highest, and the limit is decided only when both
agree (the rules are in runtime/limits.py's docstring). A new kind that combines an existing
aggregate, window and wording is one entry below (plus its keyword line in docs/语言参考.md and a
use in policies/ so the differential tests see it); a new aggregate or window is a language change
that each back-end must implement.

The grammar reads a bounded limit as a run of words before the comparison (grammar/hzpolicy.lark:
`limit_word+ CMP quantity`); `PHRASES` says which kind a run of words is (a 「name」 in it is the
`FIELD`). Layer: bottom (imports nothing of hzdsl), so syntax, check, ir, runtime, back-ends,
render and review all read it.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class LimitKind(StrEnum):
    """A rule over the history of past claims (限制 …): one member per entry of `SPECS`."""

    PER_YEAR_COUNT = "per_year_count"  # 每人每年不超过 N 次
    TOTAL_COUNT = "total_count"  # 累计不超过 N 次
    TOTAL_SUM = "total_sum"  # 累计「字段」不超过 Q
    NO_REPEAT = "no_repeat"  # 同一「字段」… 不得重复享受
    PER_YEAR_AMOUNT = "per_year_amount"  # 每人每年 / 每年 金额 不超过 Q 元
    TOTAL_AMOUNT = "total_amount"  # 累计 金额 不超过 Q 元


class Aggregate(StrEnum):
    """What a limit aggregates over the counted past claims (see the module's table)."""

    COUNT = "count"
    FIELD_SUM = "field_sum"
    AMOUNT = "amount"
    NO_REPEAT = "no_repeat"


class Window(StrEnum):
    """Which past claims a limit reads: all of them, or those of the evaluation date's calendar year."""

    ALL = "all"
    YEAR = "year"


# How a window is said where a finding is worded (render_words.limit_words / quota_note).
SCOPE_WORDS = {Window.ALL: "累计", Window.YEAR: "本年"}

FIELD = "「」"  # in a phrase: the place of the summed field's 「name」


@dataclass(frozen=True)
class LimitSpec:
    """One limit kind: its words, its meaning (aggregate × window) and its labels.

    `phrases`: the words before the comparison word, as written (FIELD for a 「name」); the first is
    how fmt prints a rule built without its words. NO_REPEAT has its own shape in the grammar
    (同一「…」 … 已由 X 享受的 不得重复享受) and no phrase. `variant`: the IR class name; `label`: how
    `hzdsl diff` names a change of it; `plain`: how the rendered site names it.
    """

    kind: LimitKind
    variant: str
    aggregate: Aggregate
    window: Window
    phrases: tuple[tuple[str, ...], ...]
    label: str
    plain: str
    doc: str

    @property
    def per_year(self) -> bool:
        return self.window is Window.YEAR


SPECS: tuple[LimitSpec, ...] = (
    LimitSpec(LimitKind.PER_YEAR_COUNT, "PerYearCount", Aggregate.COUNT, Window.YEAR,
              (("每人每年",),), "每年次数", "每人每年次数上限",
              "每人每年不超过 `bound` 次: past claims dated in the evaluation year, plus this one, ≤ bound."),
    LimitSpec(LimitKind.TOTAL_COUNT, "TotalCount", Aggregate.COUNT, Window.ALL,
              (("累计",),), "累计次数", "累计次数上限",
              "累计不超过 `bound` 次: all past claims, plus this one, ≤ bound."),
    LimitSpec(LimitKind.TOTAL_SUM, "TotalSum", Aggregate.FIELD_SUM, Window.ALL,
              (("累计", FIELD),), "累计额度", "累计数量上限",
              "累计「field」不超过 bound: the case's field plus that of every past claim ≤ bound."),
    LimitSpec(LimitKind.NO_REPEAT, "NoRepeat", Aggregate.NO_REPEAT, Window.ALL,
              (), "不得重复", "不得重复享受",
              "同一「fields」… 不得重复享受: no past claim (by `claimant`, when given) with the same values."),
    LimitSpec(LimitKind.PER_YEAR_AMOUNT, "PerYearAmount", Aggregate.AMOUNT, Window.YEAR,
              (("每人每年", "金额"), ("每年", "金额")), "每年金额", "每年金额上限",
              "每人每年 / 每年 金额 不超过 bound 元: money granted this year; the remainder caps the payout."),
    LimitSpec(LimitKind.TOTAL_AMOUNT, "TotalAmount", Aggregate.AMOUNT, Window.ALL,
              (("累计", "金额"),), "累计金额", "累计金额上限",
              "累计 金额 不超过 bound 元: money granted ever; the remainder caps the payout."),
)

SPEC: dict[str, LimitSpec] = {s.kind: s for s in SPECS}  # by LimitKind (a str)
PHRASES: dict[tuple[str, ...], LimitSpec] = {p: s for s in SPECS for p in s.phrases}
NO_REPEAT_SPEC: LimitSpec = next(s for s in SPECS if s.aggregate is Aggregate.NO_REPEAT)


def spec_of(kind: str) -> LimitSpec:
    """The entry of a LimitKind (KeyError for an unknown kind)."""
    return SPEC[kind]


def phrase_text(phrase: tuple[str, ...]) -> str:
    """A phrase as a drafter writes it, a field shown as 「…」: 「累计「…」」."""
    return " ".join("「…」" if w == FIELD else w for w in phrase)


__all__ = ["LimitKind", "Aggregate", "Window", "LimitSpec", "SPECS", "SPEC", "PHRASES", "NO_REPEAT_SPEC", "FIELD",
           "SCOPE_WORDS", "spec_of", "phrase_text"]
