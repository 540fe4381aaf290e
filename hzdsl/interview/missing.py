"""Sort what a 待定 result is missing into what the applicant can answer and what they cannot.

An `Unknown` names facts not given (the applicant can supply them), the claim history
(「历史申领记录」, also the applicant's), parameters (参数「LPR」 — set by the authorities, supplied by a
parameter file) and placeholders of the draft (按规定, 2022 年*月*日 — 政策待定, no one can answer them
until the policy is final). This is the one place that knows how those names are written.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..render_words import key_words
from ..runtime.values import KeyKind, Unknown


@dataclass(frozen=True)
class Missing:
    """What an Unknown lacks, sorted by who can supply it.

    facts: display names of facts not given (the applicant's); history: whether the claim history
    is lacking (the applicant's); params: parameter names (the authorities'); placeholders: the
    draft's open values (政策待定).
    """

    facts: tuple[str, ...] = ()
    history: bool = False
    params: tuple[str, ...] = ()
    placeholders: tuple[str, ...] = ()

    @property
    def askable(self) -> int:
        """How many things the applicant would have to answer."""
        return len(self.facts) + int(self.history)

    @property
    def open(self) -> int:
        """How many things no applicant can answer (parameters and the draft's placeholders)."""
        return len(self.params) + len(self.placeholders)


def sort_missing(u: Unknown | None) -> Missing:
    if u is None:
        return Missing()
    facts, params, history, open_ = [], [], False, []
    for m in u.missing:
        if m.kind in (KeyKind.HISTORY, KeyKind.HISTORY_FIELD):
            history = True
        elif m.kind == KeyKind.PARAM:
            params.append(m.subject)
        elif m.kind == KeyKind.FACT:
            facts.append(m.subject)
        else:
            open_.append(m)
    placeholders = sorted(set(key_words(u.placeholders)) | set(key_words(open_)))
    return Missing(tuple(sorted(facts)), history, tuple(sorted(params)), tuple(placeholders))
