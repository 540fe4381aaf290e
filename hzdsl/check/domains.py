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
- 序数（第几：名次、第几年）: 整数，不小于 0，不带单位 —— “第 2.5 名”“第 1.5 年”不是名次、年度，是录入错误
  （breaker s22：名次 2.5 曾得出“前三名资助 符合 2000 元”）。序数不是计数：计数回答“多少”（人数、次数，带单位），
  序数回答“哪一个”，两个名次相加没有意义，名次也没有计数的单位（“名”是人，“年”是时长）。第 0 名、第 0 年不由
  类型拒绝，由规则中的条件判断（不“在 1 至 3 之间”即不符合），与改为序数之前相同。
- 数（无单位的一般数）: 不加限制 —— 由规则中的条件判断。
- 逐事实的上限（`上限` 子句）: 类型只给下限；原文与释义另给上限的事实在声明中写 `上限 X`，超出即录入错误
  （案例 E732，人群文件 E912，人群生成只在上限之内取值）。本政策的两处：「留用率」是“见习期满后被见习训练基地
  正式录（聘）用的见习学员”的占比，按定义不超过 100%；「本期租金补贴天数」属于“第 1年”“第 2、3 年”中的一个
  补贴年度（每期不跨年度，见 policies/c05.policy 的读法），至多 366 天。读法写在两个事实的声明旁。
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ..units import Q, Unit

# the declared type words whose values cannot be negative even without a unit
NONNEGATIVE_WORDS = {"计数", "序数", "比率", "金额", "时长", "面积"}
# the declared type words whose values are whole numbers in the declared unit
WHOLE_WORDS = {"计数", "序数"}


@dataclass(frozen=True)
class Domain:
    """The values a declared numeric type admits: `whole` — integers in the declared unit;
    `nonnegative` — not below zero; `upper` — not above this value (base units; the declaration's
    `上限`, written as `upper_text`), None when the declaration gives none."""

    whole: bool = False
    nonnegative: bool = False
    upper: Fraction | None = None
    upper_text: str = ""
    ordinal: bool = False  # a 序数 (第几): its hints say so rather than 计数

    def whole_hint(self, what: str, unit: Unit, count_unit: str = "人") -> str:
        """The hint of a value that is not whole (E730, E912): what the fact is and how a value is written."""
        return HINTS["不是序数" if self.ordinal else "不是整数"].format(what=what, unit=unit.text or count_unit)

    def problem(self, value: Fraction, unit: Unit) -> str | None:
        """Why `value` (base units) is outside the domain, as a Chinese phrase (a key of HINTS); None when
        inside. `unit` is the declared unit: a count is whole in it (计数(人): whole people)."""
        if self.nonnegative and value < 0:
            return "是负数"
        if self.whole and (value / unit.scale).denominator != 1:
            return "不是整数"
        if self.upper is not None and value > self.upper:
            return "超过上限"
        return None


UNRESTRICTED = Domain()


def domain_of(type_word: str, unit: Unit, upper: Q | None = None, upper_text: str = "") -> Domain:
    """The domain of a fact or parameter declared `type_word` (布尔、数、金额、时长、比率、计数…) in `unit`,
    with its `上限` (a `Q` in base units, and the bound as written) when it declares one."""
    return Domain(whole=type_word in WHOLE_WORDS, ordinal=type_word == "序数",
                  nonnegative=type_word in NONNEGATIVE_WORDS or bool(unit.dim),
                  upper=upper.value if upper is not None else None, upper_text=upper_text)


def domain_of_info(info) -> Domain:
    """The domain of a `FactInfo` / `ParamInfo` (hzdsl.check.program) or an IR `Fact` / `Param` (whose
    `origin` is the declaration); both carry the checked `upper`."""
    decl = getattr(info, "decl", None) or getattr(info, "origin", None)
    spec = getattr(decl, "type", None)
    upper = getattr(info, "upper", None)
    written = getattr(decl, "upper", None)
    return domain_of(getattr(spec, "type", ""), info.unit, upper, written.text if upper is not None and written else "")


HINTS = {
    "是负数": "{what}不能为负：人数、次数、比率、金额、时长、面积都不小于 0",
    "不是整数": "{what}是计数，按整数计（如 3 {unit}）；不知道就不写这个事实",
    "不是序数": "{what}是序数（第几），按整数计（第 3 名、第 3 年写 3）；不知道就不写这个事实",
    "超过上限": "{what}的声明写明上限 {upper}（原文或释义所定）；改正录入错误，不知道就不写这个值",
}
