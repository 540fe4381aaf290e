"""Runtime values and three-valued logic.

A value is a bool, a quantity `Q`, a str (enumeration member or text), a frozenset of str (a set
fact), a `datetime.date`, or `Unknown`. A fact the case does not give is Unknown — never 0, never
false — and Unknown records *what* would decide it, as keys: which facts, parameters or history
(`missing`), and which placeholders of the draft (按规定, 2022 年*月*日), lookup misses or
divisions by zero (`placeholders`). Logic is Kleene's: 且 is false as soon as one side is false,
或 true as soon as one side is true; otherwise unknowns propagate with the union of what is missing.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class KeyKind(StrEnum):
    """What an Unknown is about."""

    FACT = "事实"  # subject: the fact's name as declared
    PARAM = "参数"  # subject: the parameter's name
    HISTORY = "历史"  # the claim history as a whole was not given
    HISTORY_FIELD = "历史字段"  # subject: a field the past claims lack (a fact's name, or 金额)
    DRAFT_DATE = "待定日期"  # subject: the draft date as written (2022 年*月*日)
    AS_PROVIDED = "按规定"  # subject: the placeholder as written
    DIVISION_BY_ZERO = "除数为零"
    LOOKUP_MISS = "查表无此项"  # subject: the value no row has
    NEGATIVE_AMOUNT = "金额为负"  # no subject: the payout came out below 0 and the policy has no 最低 (W604)
    CONTRADICTION = "金额矛盾"  # subject: which bounds of the payout contradict each other (E305)


class Key:
    """What an Unknown is about: a kind (KeyKind) and a subject (a name, a placeholder's text).

    A value, not words: equal to another Key of the same kind and subject, never to a string, and
    not ordered. How a key reads — and the order keys are listed in — is `hzdsl.render_words`
    (`key_word`, `key_text`, `sorted_keys`). Immutable; its hash is computed once (keys are
    hashed on the evaluator's hottest path, the union of what is missing).
    """

    __slots__ = ("kind", "subject", "_hash")
    kind: KeyKind
    subject: str

    def __init__(self, kind: KeyKind, subject: str = ""):
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "subject", subject)
        object.__setattr__(self, "_hash", hash((kind, subject)))

    def __setattr__(self, name, value):
        raise AttributeError("Key is immutable")

    def __eq__(self, other) -> bool:
        return other.__class__ is Key and self.kind is other.kind and self.subject == other.subject

    def __hash__(self) -> int:
        return self._hash

    def __repr__(self) -> str:
        return f"Key({self.kind.name}, {self.subject!r})"

    def __reduce__(self):
        return Key, (self.kind, self.subject)


@dataclass(frozen=True)
class Unknown:
    missing: frozenset[Key] = frozenset()  # facts / parameters / history not given
    placeholders: frozenset[Key] = frozenset()  # placeholders of the draft, lookup misses, ÷0

    def __or__(self, other: "Unknown") -> "Unknown":
        if other.missing <= self.missing and other.placeholders <= self.placeholders:
            return self  # nothing new: no allocation (merging is the evaluator's hottest path)
        if self.missing <= other.missing and self.placeholders <= other.placeholders:
            return other
        return Unknown(self.missing | other.missing, self.placeholders | other.placeholders)

    def __bool__(self) -> bool:  # guard: an Unknown must never be used as a truth value
        raise TypeError("Unknown used as a truth value")


HISTORY = Key(KeyKind.HISTORY)


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
