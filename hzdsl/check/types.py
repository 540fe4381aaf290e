"""Static types of the language and the declared types of facts and parameters."""
from __future__ import annotations

from dataclasses import dataclass

from ..kinds import TypeKind
from ..units import DIMENSIONLESS, Dim, Unit, dim_text, parse_unit


@dataclass(frozen=True)
class T:
    """A static type: its kind, and for numbers the dimension (unit) and for enums/sets the members."""

    kind: TypeKind
    dim: Dim = DIMENSIONLESS
    choices: frozenset = frozenset()

    def describe(self) -> str:
        return {
            "bool": "布尔（成立/不成立）",
            "enum": "枚举",
            "set": "集合",
            "date": "日期",
            "text": "文本",
            "any": "待定值",
        }.get(self.kind) or f"数量（{dim_text(self.dim)}）"


BOOL = T(TypeKind.BOOL)
DATE = T(TypeKind.DATE)
TEXT = T(TypeKind.TEXT)
ANY = T(TypeKind.ANY)

# Declared type word → (kind, default unit). A unit written in parentheses overrides the default.
TYPE_WORDS = {
    "布尔": (TypeKind.BOOL, ""),
    "数": (TypeKind.NUM, ""),
    "金额": (TypeKind.NUM, "元"),
    "时长": (TypeKind.NUM, "个月"),
    "日期": (TypeKind.DATE, ""),
    "面积": (TypeKind.NUM, "平方米"),
    "比率": (TypeKind.NUM, "%"),
    "计数": (TypeKind.NUM, "人"),
    "序数": (TypeKind.NUM, ""),  # 第几（名次、第几年）: a whole number without a unit (check.domains)
    "枚举": (TypeKind.ENUM, ""),
    "集合": (TypeKind.SET, ""),
    "文本": (TypeKind.TEXT, ""),
}


def declared_unit(type_word: str, unit_text: str) -> Unit:
    kind, default = TYPE_WORDS[type_word]
    return parse_unit(unit_text or default)


def num(dim: Dim) -> T:
    return T(TypeKind.NUM, dim)
