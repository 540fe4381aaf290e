"""The closed vocabularies of hzdsl, as enums every layer can import (this module imports nothing).

Each is a `StrEnum` whose value is the word used so far (so `status == "符合"`, JSON output and
messages stay as they were), but a misspelt member is an AttributeError, not a silent mismatch.
"""
from __future__ import annotations

from enum import StrEnum


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


class LimitKind(StrEnum):
    """A rule over the history of past claims (限制 …). See hzdsl.ir.nodes for the variants."""

    PER_YEAR_COUNT = "per_year_count"  # 每人每年不超过 N 次
    TOTAL_COUNT = "total_count"  # 累计不超过 N 次
    TOTAL_SUM = "total_sum"  # 累计「字段」不超过 Q
    NO_REPEAT = "no_repeat"  # 同一「字段」… 不得重复享受
    PER_YEAR_AMOUNT = "per_year_amount"  # 每人每年 / 每年 金额 不超过 Q 元
    TOTAL_AMOUNT = "total_amount"  # 累计 金额 不超过 Q 元
