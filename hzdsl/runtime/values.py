"""Runtime values and three-valued logic.

A value is a bool, a quantity `Q`, a str (enumeration member or text), a frozenset of str (a set
fact), a `datetime.date`, or `Unknown`. A fact the case does not give is Unknown — never 0, never
false — and Unknown records which facts, and which placeholders of the draft (按规定, 2022 年*月*日),
would decide it. Logic is Kleene's: 且 is false as soon as one side is false, 或 true as soon as one
side is true; otherwise unknowns propagate with the union of what is missing.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Unknown:
    missing: frozenset[str] = frozenset()  # names of facts / parameters / 历史申领记录 not given
    placeholders: frozenset[str] = frozenset()  # placeholders of the draft that leave it open

    def __or__(self, other: "Unknown") -> "Unknown":
        if other.missing <= self.missing and other.placeholders <= self.placeholders:
            return self  # nothing new: no allocation (merging is the evaluator's hottest path)
        if self.missing <= other.missing and self.placeholders <= other.placeholders:
            return other
        return Unknown(self.missing | other.missing, self.placeholders | other.placeholders)

    def __bool__(self) -> bool:  # guard: an Unknown must never be used as a truth value
        raise TypeError("Unknown used as a truth value")


HISTORY = "历史申领记录"


_NOTHING = Unknown()


def merge_unknowns(values) -> Unknown:
    out = _NOTHING
    for v in values:
        if isinstance(v, Unknown):
            out = v if out is _NOTHING else out | v
    return out


def and3(values) -> bool | Unknown:
    unknowns = []
    for v in values:
        if v is False:
            return False
        if isinstance(v, Unknown):
            unknowns.append(v)
    return merge_unknowns(unknowns) if unknowns else True


def or3(values) -> bool | Unknown:
    unknowns = []
    for v in values:
        if v is True:
            return True
        if isinstance(v, Unknown):
            unknowns.append(v)
    return merge_unknowns(unknowns) if unknowns else False


def not3(v) -> bool | Unknown:
    return v if isinstance(v, Unknown) else not v
