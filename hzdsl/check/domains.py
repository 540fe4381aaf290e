"""Value domains of facts and parameters: which values a case may give for a declared type.

A case value is read by its declared type (hzdsl.cases.load, and the population reader of
`hzdsl screen` in hzdsl.backends.sql.ingest); a value outside the type's domain is a typing slip,
not a fact, and is refused with a located diagnostic (E730 not a whole number, E731 negative), never
computed with. The SMT encoding may assume the same domain (hzdsl.backends.smt), and the population
generator draws only from it.

# 读法（每种类型的取值范围）:
- 计数（人、次、个、人次…）: 人数、次数按整数计，不小于 0 —— “0.5 人”不是人数。以声明的单位计：
  `计数(人)` 的值是整人数。
- 比率: 不小于 0（合同利率、LPR、留用率等都是非负的比例；类型本身不限于 100%，占比的上限见下）。
- 金额、时长（含以周岁计的年龄）、面积，以及任何带单位的数量: 不小于 0。
- 数（无单位的一般数，如名次、第几年）: 不加限制 —— 政策没有给出它们的范围，由规则中的条件判断。
- 逐事实的上限（issue 11 第 7 点，已决定、未实现）: 类型只给下限。原文与释义另给上限的事实——「留用率」是
  “被正式录（聘）用的见习学员占比”，按定义不超过 100%；「本期租金补贴天数」“限于同一个补贴年度之内”，至多 366 天——
  超出即录入错误。本语言还不能逐事实写上限，run 与 screen 目前都接受这些值；提议的写法是事实声明中的一个可选子句
  `上限 100%`（check、run、screen 与人群生成同读 Domain 的上限），尚待实现。
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ..units import Unit

# the declared type words whose values cannot be negative even without a unit
_NONNEGATIVE_WORDS = {"计数", "比率", "金额", "时长", "面积"}


@dataclass(frozen=True)
class Domain:
    """The values a declared numeric type admits: `whole` — integers in the declared unit;
    `nonnegative` — not below zero."""

    whole: bool = False
    nonnegative: bool = False

    def problem(self, value: Fraction, unit: Unit) -> str | None:
        """Why `value` (base units) is outside the domain, as a Chinese phrase; None when inside.
        `unit` is the declared unit: a count is whole in it (计数(人): whole people)."""
        if self.nonnegative and value < 0:
            return "是负数"
        if self.whole and (value / unit.scale).denominator != 1:
            return "不是整数"
        return None


UNRESTRICTED = Domain()


def domain_of(type_word: str, unit: Unit) -> Domain:
    """The domain of a fact or parameter declared `type_word` (布尔、数、金额、时长、比率、计数…) in `unit`."""
    return Domain(whole=type_word == "计数",
                  nonnegative=type_word in _NONNEGATIVE_WORDS or bool(unit.dim))


def domain_of_info(info) -> Domain:
    """The domain of a `FactInfo` / `ParamInfo` (hzdsl.check.program) or an IR `Fact` / `Param` (whose
    `origin` is the declaration)."""
    decl = getattr(info, "decl", None) or getattr(info, "origin", None)
    spec = getattr(decl, "type", None)
    return domain_of(getattr(spec, "type", ""), info.unit)


HINTS = {
    "是负数": "{what}不能为负：人数、次数、比率、金额、时长、面积都不小于 0",
    "不是整数": "{what}是计数，按整数计（如 3 {unit}）；不知道就不写这个事实",
}
