"""Units and quantities with exact rational arithmetic.

A unit is a dimension (base units with integer exponents) and a scale to those base units:
万元 = 10000 元, 年 = 12 个月, 半年 = 6 个月, % = 1/100, BP = 1/10000. 月 and 天 are different
base units: the document never says how many days a month has, so they do not convert.

Values are held as `fractions.Fraction` in base units, so 50 元/人·半年 or 1/2 of an amount stay
exact; Decimal is used at the edges (reading literals, printing), and money is rounded once, at
the payout, to 分 with 四舍五入 (ROUND_HALF_UP) — see `round_money`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from functools import lru_cache

# atom → (base unit, scale). The base units: 元 月 天 平方米 人 次 个 家.
ATOMS: dict[str, tuple[str, Fraction]] = {
    "元": ("元", Fraction(1)),
    "万元": ("元", Fraction(10000)),
    "个月": ("月", Fraction(1)),
    "月": ("月", Fraction(1)),
    "半年": ("月", Fraction(6)),
    "年": ("月", Fraction(12)),
    "周岁": ("月", Fraction(12)),
    "岁": ("月", Fraction(12)),
    "天": ("天", Fraction(1)),
    "日": ("天", Fraction(1)),
    "平方米": ("平方米", Fraction(1)),
    "人": ("人", Fraction(1)),
    "名": ("人", Fraction(1)),
    "人次": ("人次", Fraction(1)),
    "次": ("次", Fraction(1)),
    "个": ("个", Fraction(1)),
    "家": ("家", Fraction(1)),
}
SCALARS = {"%": Fraction(1, 100), "BP": Fraction(1, 10000)}
_ATOM_RE = re.compile("|".join(sorted(map(re.escape, ATOMS), key=len, reverse=True)))
_SEP_RE = re.compile(r"[/·・⋅]")

Dim = tuple[tuple[str, int], ...]  # sorted (base, exponent) pairs, exponents non-zero
DIMENSIONLESS: Dim = ()


class UnitError(ValueError):
    """A unit word hzdsl does not know; `part` is the word (E303 / E706 name it).

    Built by ValueError's own constructor (args = (part,)) and worded only when printed: parse_unit
    raises it about a thousand times per check of the policies (number binding tries words as
    units), so a Python __init__ that formats a message sits on the warm check's path."""

    @property
    def part(self) -> str:
        return self.args[0]

    def __str__(self) -> str:
        return f"不认识的单位「{self.part}」"


def _dim(d: dict[str, int]) -> Dim:
    return tuple(sorted((k, v) for k, v in d.items() if v))


@dataclass(frozen=True)
class Unit:
    dim: Dim
    scale: Fraction
    text: str

    def __str__(self) -> str:
        return self.text


PERCENT = Unit(DIMENSIONLESS, SCALARS["%"], "%")

NONE = Unit(DIMENSIONLESS, Fraction(1), "")


@lru_cache(maxsize=512)  # pure, and called on every evaluation of a limit or a literal: memoise
def parse_unit(text: str) -> Unit:
    """Parse a unit as written: 元, 万元, 个月, %, 元/平方米·天, 元/人/天, 元/人·月 …

    Everything after the first separator is in the denominator: 元/人·月 = 元 ÷ (人 × 月),
    and 元/人/天 = 元 ÷ 人 ÷ 天 — the document writes both for the same thing.
    """
    text = text.strip()
    if not text:
        return NONE
    if text in SCALARS:
        return Unit(DIMENSIONLESS, SCALARS[text], text)
    parts = _SEP_RE.split(text)
    dims: dict[str, int] = {}
    scale = Fraction(1)
    for i, part in enumerate(parts):
        if part not in ATOMS:
            raise UnitError(part)
        base, factor = ATOMS[part]
        sign = 1 if i == 0 else -1
        dims[base] = dims.get(base, 0) + sign
        scale = scale * factor if sign > 0 else scale / factor
    return Unit(_dim(dims), scale, text)


def dim_mul(a: Dim, b: Dim, sign: int = 1) -> Dim:
    d = dict(a)
    for k, v in b:
        d[k] = d.get(k, 0) + sign * v
    return _dim(d)


def dim_text(dim: Dim) -> str:
    """A readable name for a dimension: 元, 月, 元/平方米·天, 无量纲 …"""
    if not dim:
        return "无单位"
    num = [k if v == 1 else f"{k}^{v}" for k, v in dim if v > 0]
    den = [k if v == -1 else f"{k}^{-v}" for k, v in dim if v < 0]
    top = "·".join(num) or "1"
    return top + ("/" + "·".join(den) if den else "")


def conversion_hint(dim: Dim, unit: str) -> str:
    """What a value of dimension `dim` (declared in `unit`) may be written in — the hint of a wrong unit. One
    sentence about 年 and 月 for every dimension sent a count or an amount to durations (breaker s22)."""
    if dim == (("月", 1),):
        return "年与月可以换算（1 年 = 12 个月，半年 = 6 个月）；月与天不能"
    if dim == (("元", 1),):
        return "金额写 元 或 万元（1 万元 = 10000 元）"
    if dim == (("天", 1),):
        return "天数写 天；天与月、年不能换算"
    return f"写成 {unit}" if unit else "写成不带单位的数"


# Preferred display unit per dimension.
_DISPLAY = {
    (("元", 1),): "元",
    (("月", 1),): "个月",
    (("天", 1),): "天",
    (("平方米", 1),): "平方米",
    (("人", 1),): "人",
    (("次", 1),): "次",
    (("个", 1),): "个",
    (("家", 1),): "家",
    DIMENSIONLESS: "",
}


@dataclass(frozen=True)
class Q:
    """A quantity: an exact value in base units and its dimension."""

    value: Fraction
    dim: Dim = DIMENSIONLESS

    @staticmethod
    def of(number: Decimal | int | str | Fraction, unit: Unit | str = NONE) -> "Q":
        if isinstance(unit, str):
            unit = parse_unit(unit)
        return Q(Fraction(number) * unit.scale, unit.dim)

    def same_dim(self, other: "Q") -> bool:
        return self.dim == other.dim

    def __add__(self, o: "Q") -> "Q":
        return Q(self.value + o.value, self.dim)

    def __sub__(self, o: "Q") -> "Q":
        return Q(self.value - o.value, self.dim)

    def __mul__(self, o: "Q") -> "Q":
        return Q(self.value * o.value, dim_mul(self.dim, o.dim))

    def __truediv__(self, o: "Q") -> "Q":
        return Q(self.value / o.value, dim_mul(self.dim, o.dim, -1))

    def __neg__(self) -> "Q":
        return Q(-self.value, self.dim)

    def in_unit(self, unit: Unit) -> Fraction:
        return self.value / unit.scale


def terminates(value: Fraction) -> bool:
    """Whether `value` has a terminating decimal expansion (its denominator has no prime but 2 and 5): a case
    file, a CSV cell or DECIMAL can write it exactly (1/4 → 0.25 yes; 1/3 no)."""
    d = value.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1


def to_decimal(value: Fraction, places: int | None = None) -> Decimal:
    """Exact Fraction → Decimal; rounds half up to `places` when given or when not terminating."""
    # Exact for any size: the context holds every digit of the numerator plus the places asked for
    # (the default 28 digits made 10^26 元 fail to round to 分).
    digits = (abs(value.numerator).bit_length() + value.denominator.bit_length()) * 31 // 100 + 2
    with localcontext() as ctx:
        ctx.prec = max(28, digits + (places or 4) + 2)
        return _to_decimal(value, places)


def _to_decimal(value: Fraction, places: int | None) -> Decimal:
    num = Decimal(value.numerator)
    den = Decimal(value.denominator)
    if places is not None:
        # rounded in exact integers (half up = away from zero), so no digit is ever rounded twice
        scaled = abs(value) * 10**places
        whole = int(scaled + Fraction(1, 2))
        return Decimal(f"{'-' if value < 0 and whole else ''}{whole}E-{places}")
    d = value.denominator
    while d % 2 == 0:
        d //= 2
    while d % 5 == 0:
        d //= 5
    if d == 1:
        return (num / den).normalize() if den != 1 else num
    return (num / den).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


_MONEY_DIM: Dim = (("元", 1),)
_HALF = Fraction(1, 2)


def round_money(q: Q) -> Q:
    """The one money rounding rule: to 分 (0.01 元), 四舍五入 (half away from zero). Applied to payouts in 元.

    Exact integer arithmetic, for any size (the same result as `to_decimal(v, 2)`, without a
    Decimal context): an amount already in whole 分 is returned as it is.
    """
    if q.dim != _MONEY_DIM:
        return q
    v = q.value
    if 100 % v.denominator == 0:
        return q
    whole = int(abs(v) * 100 + _HALF)
    return Q(Fraction(-whole if v < 0 else whole, 100), q.dim)


def _plain(d: Decimal) -> str:
    s = format(d, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def shown_unit(q: Q, unit: Unit | None) -> Unit | None:
    """The unit a payout is shown in: `unit` (the one the drafter wrote) when it fits q's dimension;
    else, for a dimensionless payout, % — a dimensionless payout is a rate (贴息: E306 keeps money
    benefits in 元, and 权利/资格 are durations or words), and "0" or "1.5" without % would be read
    as a plain number; else None (format_q picks a natural unit)."""
    if unit is not None and unit.text and unit.dim == q.dim:
        return unit
    return PERCENT if not q.dim else None


def format_q(q: Q, unit: Unit | None = None) -> str:
    """Show a quantity, in `unit` when given (the unit the drafter wrote), else a natural one."""
    if unit is not None and unit.dim == q.dim and unit.text:
        v = q.in_unit(unit)
        sep = "" if unit.text in SCALARS else " "
        return _plain(to_decimal(v)) + sep + unit.text
    if unit is not None and not unit.dim and not unit.text and not q.dim:
        # declared without a unit (a plain 数, or a 序数 such as 「场地租金补贴年度」): a number, never a percentage (0.5 is not 50%)
        return _plain(to_decimal(q.value))
    if not q.dim:
        # dimensionless: show rates as percentages when below 1, plain numbers otherwise
        if 0 < abs(q.value) < 1:
            return _plain(to_decimal(q.value * 100)) + "%"
        return _plain(to_decimal(q.value))
    text = _DISPLAY.get(q.dim)
    if text is None:
        return _plain(to_decimal(q.value)) + " " + dim_text(q.dim)
    if text == "元":
        return _plain(to_decimal(q.value, 2)) + " 元"
    return _plain(to_decimal(q.value)) + " " + text
