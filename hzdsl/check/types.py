"""Static types of the language and the declared types of facts and parameters."""
from __future__ import annotations

from dataclasses import dataclass

from ..runtime.units import DIMENSIONLESS, Dim, Unit, dim_text, parse_unit


@dataclass(frozen=True)
class T:
    """kind: bool | num | enum | set | date | text | any (a placeholder, fits everywhere)."""

    kind: str
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


BOOL = T("bool")
DATE = T("date")
TEXT = T("text")
ANY = T("any")

# Declared type word → (kind, default unit). A unit written in parentheses overrides the default.
TYPE_WORDS = {
    "布尔": ("bool", ""),
    "数": ("num", ""),
    "金额": ("num", "元"),
    "时长": ("num", "个月"),
    "日期": ("date", ""),
    "面积": ("num", "平方米"),
    "比率": ("num", "%"),
    "计数": ("num", "人"),
    "枚举": ("enum", ""),
    "集合": ("set", ""),
    "文本": ("text", ""),
}


def declared_unit(type_word: str, unit_text: str) -> Unit:
    kind, default = TYPE_WORDS[type_word]
    return parse_unit(unit_text or default)


def num(dim: Dim) -> T:
    return T("num", dim)
