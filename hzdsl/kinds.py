"""The closed vocabularies of hzdsl, as enums every layer can import (this module imports only `limitspec`, the table of limit kinds).

Each is a `StrEnum` whose value is the word used so far (so `status == "符合"`, JSON output and
messages stay as they were), but a misspelt member is an AttributeError, not a silent mismatch.
"""
from __future__ import annotations

from enum import StrEnum

# The limit kinds live with their one table (hzdsl/limitspec.py); re-exported with the other enums.
from .limitspec import LimitKind


class Severity(StrEnum):
    """How bad a diagnostic is: an error stops the verb, a warning does not (unless --strict)."""

    ERROR = "错误"
    WARNING = "警告"


class Status(StrEnum):
    """The decision on one benefit for one case."""

    ELIGIBLE = "符合"
    INELIGIBLE = "不符合"
    PENDING = "待定"  # something that would decide it is unknown (a fact, a parameter, a placeholder)
    CONFLICT = "冲突"  # two exceptions apply with different amounts


class TypeKind(StrEnum):
    """The kind of a static type; `num` types also carry a dimension (their unit)."""

    BOOL = "bool"
    NUM = "num"
    ENUM = "enum"
    SET = "set"
    DATE = "date"
    TEXT = "text"
    ANY = "any"  # a placeholder (按规定): fits everywhere, always 待定 at run time


class ModifierKind(StrEnum):
    """A qualifier of a payout (则 … ，最高不超过 X / 最低 X / 一次性 / 期限不超过 X)."""

    CAP = "cap"
    FLOOR = "floor"
    ONCE = "once"
    TERM_LIMIT = "term_limit"

__all__ = ["Severity", "Status", "TypeKind", "ModifierKind", "LimitKind"]
