"""Unit tests of the policy language: normalisation, names, units, rounding, three-valued logic,
comparison words, lookups, exceptions and conflicts, limits over history, draft placeholders.

Small policies are written inline; their quotes are real words of policies/official.txt (the
checker verifies them). Every expected value is worked out by hand in a comment beside it.
"""
from __future__ import annotations

from fractions import Fraction

import pytest

from hzdsl import resources
from hzdsl.cases.load import load_cases
from hzdsl.check.checker import check_modules
from hzdsl.engine import run_case
from hzdsl.runtime.units import Q, parse_unit, round_money
from hzdsl.runtime.values import HISTORY, Key, KeyKind, Unknown, and3, not3, or3
from hzdsl.source import load_official
from hzdsl.syntax.build import parse_module
from hzdsl.syntax.normalize import compact, normalize

CLAUSE = "条款 三 「加大创业资金扶持力度」。\n"


def official():
    return load_official(str(resources.official_text_path()))


def diagnose(text: str, path: str = "内联.policy"):
    module, syntax = parse_module(text, path)
    program, checked = check_modules([module], official())
    return program, syntax + checked


def compile_policy(text: str):
    program, diags = diagnose(text)
    errors = [str(d) for d in diags if d.is_error]
    assert not errors, errors
    return program


def errors_of(text: str) -> list:
    return [d for d in diagnose(text)[1] if d.is_error]


def decide(program, tmp_path, case_yaml: str) -> dict:
    """Run one case written in YAML; return the decisions by benefit name."""
    path = tmp_path / "案例.yaml"
    path.write_text(case_yaml, encoding="utf-8")
    [case] = load_cases(path, program)
    return {d.rule.name: d for d in run_case(program, case).decisions}


def yuan(text: str) -> Q:
    return Q.of(text, "元")


# ── normalisation ────────────────────────────────────────────────────────────────────────


def test_normalize_folds_full_width_and_keeps_length():
    text = "，：；（）％１２\u3000"
    assert normalize(text) == ",:;()%12 "
    assert len(normalize(text)) == len(text)


def test_normalize_keeps_chinese_punctuation_of_the_language():
    # 「」 “” 、 。 carry meaning in the grammar and must survive as they are
    for ch in "「」“”、。":
        assert normalize(ch) == ch


@pytest.mark.parametrize("text", ["毕业 5年以内", "ｍ²", "㎡", "①②", "１／２", "ＬＰＲ－１５０ＢＰ", "… ——"])
def test_normalize_never_changes_length(text):
    # characters whose NFKC form is longer than one character (㎡ → m2, ① → 1) are kept as they are
    assert len(normalize(text)) == len(text)


HALF = CLAUSE + """\
事实 「正常经营时长」: 企业 时长(个月), 释义 "所创办企业正常经营的时长"。
事实 「证书等级」: 个人 枚举 取值 “五级”、“四级”。
事实 「补贴基数」: 个人 金额。
待遇 「一次性创业补贴」(补贴)
    依据「初次创办企业或个体工商户，正常经营 6 个月，可按规定申领 3000 元的一次性创业补贴」
    读法 50%、100 元、1000 元、1500 元、12 万元 “测试用数，非原文”
    若 「正常经营时长」 满 6 个月 且 (「补贴基数」 × 50% 超过 100 元)
    则 按 「证书等级」: “五级” 为 1000 元; “四级” 为 1500 元, 最高不超过 12 万元。
"""

_FULL = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "%": "％", " ": "\u3000",
         **{str(i): chr(ord("０") + i) for i in range(10)}}


def to_full_width(text: str) -> str:
    """Write the structure of a policy in full-width forms; names, quotes and texts stay as written."""
    out, closer = [], ""
    for ch in text:
        if closer:
            closer = "" if ch == closer else closer
            out.append(ch)
            continue
        if ch in "「“\"":
            closer = {"「": "」", "“": "”", '"': '"'}[ch]
        out.append(ch if ch in "「“\"" else _FULL.get(ch, ch))
    return "".join(out)


def test_full_width_policy_parses_to_the_same_ast():
    full = to_full_width(HALF)
    assert full != HALF and "（" in full and "６" in full and "\u3000" in full and "；" in full
    a, diags_a = parse_module(HALF, "p.policy")
    b, diags_b = parse_module(full, "p.policy")
    assert not diags_a and not diags_b
    assert a == b  # same length after normalisation, so even the spans agree


def test_full_width_policy_checks_clean():
    compile_policy(to_full_width(HALF))


# ── names ────────────────────────────────────────────────────────────────────────────────


def test_names_compare_without_whitespace_and_width():
    assert compact("毕业 5 年以内高校毕业生") == compact("毕业5年以内高校毕业生") == compact("毕业\u3000５\u3000年以内高校毕业生")


def test_reference_written_with_other_spacing_resolves(tmp_path):
    program = compile_policy(CLAUSE + """\
事实 「毕业时长」：个人 时长(年)。
术语 「毕业 5 年以内高校毕业生」 依据「毕业 5 年以内高校毕业生」 指 「毕业时长」 在 5 年 以内。
待遇 「一次性创业补贴」(补贴)
    依据「可按规定申领 3000 元的一次性创业补贴」
    若 「毕业5年以内高校毕业生」 且 「毕业　５　年以内高校毕业生」
    则 3000 元。
""")
    d = decide(program, tmp_path, "评估日期: 2023-06-30\n事实:\n  毕 业 时 长: 3 年\n")
    assert d["一次性创业补贴"].status == "符合"


# ── units ────────────────────────────────────────────────────────────────────────────────


def test_wan_yuan_is_ten_thousand_yuan():
    assert Q.of(1, "万元") == Q.of(10000, "元")
    assert Q.of("0.5", "万元") == Q.of(5000, "元")


def test_year_month_half_year_convert():
    assert Q.of(1, "年") == Q.of(12, "个月")
    assert Q.of(1, "半年") == Q.of(6, "个月")
    assert Q.of(3, "年") == Q.of(6, "半年")


def test_percent_and_basis_points():
    assert Q.of(70, "%").value == Fraction(7, 10)
    assert Q.of(150, "BP").value == Fraction(15, 1000)  # 150 BP = 1.5 %
    assert Q.of(50, "BP") == Q.of("0.5", "%")


def test_area_rate_times_area_times_days_is_yuan():
    # 3 元/平方米·天 × 50 平方米 × 30 天 = 4500 元
    total = Q.of(3, "元/平方米·天") * Q.of(50, "平方米") * Q.of(30, "天")
    assert total == Q.of(4500, "元")


def test_per_person_month_rates():
    # 400 元/人·月 × 3 人 × 6 个月 = 7200 元
    assert Q.of(400, "元/人·月") * Q.of(3, "人") * Q.of(6, "个月") == Q.of(7200, "元")
    # 50 元/人·半年 for 1 人 over 1 年 (two half-years) = 100 元
    assert Q.of(50, "元/人·半年") * Q.of(1, "人") * Q.of(1, "年") == Q.of(100, "元")
    # the document writes 元/人/天 for the same kind of rate as 元/人·天
    assert parse_unit("元/人/天").dim == parse_unit("元/人·天").dim


def test_month_and_day_do_not_convert():
    assert parse_unit("个月").dim != parse_unit("天").dim
    assert parse_unit("年").dim == parse_unit("月").dim


SITE = """条款 五 「支持创业平台建设」。
事实 「补贴标准」：企业 金额(元/平方米·天)。
事实 「租赁面积」：企业 面积。
事实 「租赁天数」：企业 时长(天)。
事实 「租赁时长」：企业 时长(个月)。
"""


def test_compound_units_in_a_payout(tmp_path):
    program = compile_policy(SITE + """\
待遇 「场地租金补贴」(补贴)
    依据「补贴标准最高 3 元/平方米·天」
    读法 50 平方米、1 万元 “测试用数，非原文”
    若 「租赁面积」 不超过 50 平方米
    则 「补贴标准」 × 「租赁面积」 × 「租赁天数」，最高不超过 1 万元。
""")
    case = "评估日期: 2023-06-30\n事实:\n  补贴标准: 3 元/平方米·天\n  租赁面积: {a} 平方米\n  租赁天数: {d} 天\n"
    # 3 × 50 × 30 = 4500 元, under the 1 万元 cap
    d = decide(program, tmp_path, case.format(a=50, d=30))["场地租金补贴"]
    assert d.status == "符合" and d.amount == yuan("4500")
    # 3 × 40 × 100 = 12000 元, capped at 1 万元 = 10000 元
    d = decide(program, tmp_path, case.format(a=40, d=100))["场地租金补贴"]
    assert d.amount == yuan("10000")


def test_missing_factor_leaves_a_rate_not_money():
    # 元/平方米·天 × 平方米 = 元/天: it cannot be capped in 元
    errs = errors_of(SITE + """\
待遇 「场地租金补贴」(补贴) 依据「补贴标准最高 3 元/平方米·天」 读法 1 万元 “测试用数，非原文”
    则 「补贴标准」 × 「租赁面积」，最高不超过 1 万元。
""")
    assert [d.code for d in errs] == ["E302"]


def test_month_compared_with_days_is_an_error():
    errs = errors_of(SITE + """\
待遇 「场地租金补贴」(补贴) 依据「期限不超过 3 年」 读法 30 天、1 元 “测试用数，非原文” 若 「租赁时长」 满 30 天 则 1 元。
""")
    assert [d.code for d in errs] == ["E302"]
    assert "月" in errs[0].message and "天" in errs[0].message


def test_year_compared_with_months_is_fine(tmp_path):
    program = compile_policy(SITE + """\
待遇 「场地租金补贴」(补贴) 依据「期限不超过 3 年」 读法 1 元 “测试用数，非原文” 若 「租赁时长」 不超过 3 年 则 1 元。
""")
    # 36 个月 = 3 年: 不超过 holds; 37 个月 does not
    case = "评估日期: 2023-06-30\n事实:\n  租赁时长: {m} 个月\n"
    assert decide(program, tmp_path, case.format(m=36))["场地租金补贴"].status == "符合"
    assert decide(program, tmp_path, case.format(m=37))["场地租金补贴"].status == "不符合"


# ── money rounding: to 分, half up, on exact values ─────────────────────────────────────


@pytest.mark.parametrize("value, rounded", [
    ("0.005", "0.01"),   # half a 分 rounds up
    ("0.004", "0.00"),
    ("2.675", "2.68"),   # exact: the float 2.675 is 2.67499… and would round down
    ("2.665", "2.67"),
    ("1000", "1000.00"),
])
def test_round_money_half_up(value, rounded):
    assert round_money(yuan(value)).value == Fraction(rounded)


def test_round_money_of_thirds():
    # 100 元 ÷ 3 = 33.333… → 33.33; 200 元 ÷ 3 = 66.666… → 66.67
    assert round_money(Q(Fraction(100, 3), parse_unit("元").dim)).value == Fraction("33.33")
    assert round_money(Q(Fraction(200, 3), parse_unit("元").dim)).value == Fraction("66.67")


def test_float_would_have_been_wrong():
    # why Fractions: with binary floats the same rounding gives 2.67
    assert round(2.675, 2) == 2.67


def test_payout_rounded_at_the_end(tmp_path):
    program = compile_policy(CLAUSE + """\
事实 「补贴基数」：个人 金额。
待遇 「一次性创业补贴」(补贴) 依据「可按规定申领 3000 元的一次性创业补贴」 读法 0.5% “测试用数，非原文” 则 「补贴基数」 × 0.5%。
""")
    # 1001 元 × 0.5% = 5.005 元 → 5.01 元
    d = decide(program, tmp_path, "评估日期: 2023-06-30\n事实:\n  补贴基数: 1001 元\n")["一次性创业补贴"]
    assert d.amount == yuan("5.01")
    # 1000.9 元 × 0.5% = 5.0045 元 → 5.00 元 (rounded once, not 5.0045 → 5.005 → 5.01)
    d = decide(program, tmp_path, "评估日期: 2023-06-30\n事实:\n  补贴基数: 1000.9 元\n")["一次性创业补贴"]
    assert d.amount == yuan("5.00")


# ── three-valued logic ───────────────────────────────────────────────────────────────────


U = Unknown(frozenset({"乙"}))


def test_kleene_and():
    assert and3([False, U]) is False
    assert and3([U, False]) is False
    assert and3([True, U]) == U
    assert and3([True, True]) is True


def test_kleene_or():
    assert or3([True, U]) is True
    assert or3([U, True]) is True
    assert or3([False, U]) == U
    assert or3([False, False]) is False


def test_kleene_not_and_union_of_missing():
    assert not3(U) == U
    assert and3([U, Unknown(frozenset({"丙"}))]).missing == frozenset({"乙", "丙"})


def test_unknown_is_never_a_truth_value():
    with pytest.raises(TypeError):
        bool(U)


LOGIC = CLAUSE + """\
事实 「甲」：个人 布尔。
事实 「乙」：个人 布尔。
待遇 「且」(补贴) 依据「可按规定申领 3000 元的一次性创业补贴」 若 「甲」 且 「乙」 则 3000 元。
待遇 「或」(补贴) 依据「可按规定申领 3000 元的一次性创业补贴」 若 「甲」 或 「乙」 则 3000 元。
待遇 「非」(补贴) 依据「可按规定申领 3000 元的一次性创业补贴」 若 非 「乙」 则 3000 元。
"""


@pytest.mark.parametrize("jia, expected", [
    # 乙 is never given
    ("否", {"且": "不符合", "或": "待定", "非": "待定"}),
    ("是", {"且": "待定", "或": "符合", "非": "待定"}),
])
def test_kleene_in_rules(tmp_path, jia, expected):
    program = compile_policy(LOGIC)
    d = decide(program, tmp_path, f"评估日期: 2023-06-30\n事实:\n  甲: {jia}\n")
    assert {k: d[k].status for k in expected} == expected
    for k, status in expected.items():
        if status == "待定":
            assert d[k].missing.missing == frozenset({Key(KeyKind.FACT, "乙")})


# ── comparison words ─────────────────────────────────────────────────────────────────────

WORDS = CLAUSE + """\
事实 「正常经营时长」：企业 时长(个月)。
待遇 「满」(补贴) 依据「正常经营 6 个月，可按规定申领 3000 元」 若 「正常经营时长」 满 6 个月 则 3000 元。
待遇 「以上」(补贴) 依据「正常经营 6 个月，可按规定申领 3000 元」 若 「正常经营时长」 在 6 个月 以上 则 3000 元。
待遇 「以内」(补贴) 依据「正常经营 6 个月，可按规定申领 3000 元」 若 「正常经营时长」 在 6 个月 以内 则 3000 元。
待遇 「超过」(补贴) 依据「正常经营 6 个月，可按规定申领 3000 元」 若 「正常经营时长」 超过 6 个月 则 3000 元。
待遇 「不足」(补贴) 依据「正常经营 6 个月，可按规定申领 3000 元」 若 「正常经营时长」 不足 6 个月 则 3000 元。
待遇 「不超过」(补贴) 依据「正常经营 6 个月，可按规定申领 3000 元」 若 「正常经营时长」 不超过 6 个月 则 3000 元。
待遇 「之间」(补贴) 依据「正常经营 6 个月，可按规定申领 3000 元」 读法 1 年 “测试用数，非原文” 若 「正常经营时长」 在 6 个月 至 1 年 之间 则 3000 元。
"""

Y, N = "符合", "不符合"


@pytest.mark.parametrize("value, expected", [
    # 满 / 以上 / 以内 / 不超过 / 之间 include the bound (民法典 第一千二百五十九条); 超过 / 不足 exclude it
    ("5 个月", {"满": N, "以上": N, "以内": Y, "超过": N, "不足": Y, "不超过": Y, "之间": N}),
    ("6 个月", {"满": Y, "以上": Y, "以内": Y, "超过": N, "不足": N, "不超过": Y, "之间": Y}),
    ("半年", {"满": Y, "以上": Y, "以内": Y, "超过": N, "不足": N, "不超过": Y, "之间": Y}),
    ("7 个月", {"满": Y, "以上": Y, "以内": N, "超过": Y, "不足": N, "不超过": N, "之间": Y}),
    ("1 年", {"满": Y, "以上": Y, "以内": N, "超过": Y, "不足": N, "不超过": N, "之间": Y}),
    ("13 个月", {"满": Y, "以上": Y, "以内": N, "超过": Y, "不足": N, "不超过": N, "之间": N}),
])
def test_comparison_words(tmp_path, value, expected):
    program = compile_policy(WORDS)
    d = decide(program, tmp_path, f"评估日期: 2023-06-30\n事实:\n  正常经营时长: {value}\n")
    assert {k: d[k].status for k in expected} == expected


# ── lookups ──────────────────────────────────────────────────────────────────────────────

LEVELS = """条款 十五 「加大职业培训补贴力度」。
事实 「证书等级」：个人 枚举 取值 “五级”、“四级”、“三级”、“二级”、“一级”、“专项”。
"""
QUOTE_LEVELS = ("「职业资格证书（职业技能等级证书）的补贴标准为五级 1000 元、四级 1500 元、三级 2000 元、"
                "二级 2500 元、一级 3000 元，专项职业能力证书的补贴标准为 800 元」")
TABLE = "“五级” 为 1000 元；“四级” 为 1500 元；“三级” 为 2000 元；“二级” 为 2500 元；“一级” 为 3000 元"


@pytest.mark.parametrize("level, amount", [("五级", "1000"), ("三级", "2000"), ("一级", "3000"), ("专项", "800")])
def test_lookup_with_otherwise(tmp_path, level, amount):
    program = compile_policy(LEVELS + f"""\
待遇 「职业培训补贴」(补贴) 依据{QUOTE_LEVELS}
    则 按 「证书等级」：{TABLE}；其他 为 800 元。
""")
    d = decide(program, tmp_path, f"评估日期: 2023-06-30\n事实:\n  证书等级: {level}\n")["职业培训补贴"]
    assert d.amount == yuan(amount)


def test_lookup_rows_with_several_keys(tmp_path):
    program = compile_policy(LEVELS + """\
待遇 「赛前训练补贴」(补贴) 依据「其中初级、中级每人 500 元，高级及以上每人 800 元」 读法 0 元 “其他等级没有这项补贴”
    则 按 「证书等级」：“五级”、“四级” 为 500 元；“三级”、“二级”、“一级” 为 800 元；其他 为 0 元。
""")
    case = "评估日期: 2023-06-30\n事实:\n  证书等级: {}\n"
    assert decide(program, tmp_path, case.format("四级"))["赛前训练补贴"].amount == yuan("500")
    assert decide(program, tmp_path, case.format("二级"))["赛前训练补贴"].amount == yuan("800")


def test_lookup_not_covering_every_value_warns_and_leaves_amount_open(tmp_path):
    text = LEVELS + f"待遇 「职业培训补贴」(补贴) 依据{QUOTE_LEVELS} 则 按 「证书等级」：{TABLE}。\n"
    program, diags = diagnose(text)
    assert not [d for d in diags if d.is_error]
    assert [d.code for d in diags if not d.is_error] == ["W603"]
    assert "“专项”" in next(d for d in diags if d.code == "W603").message
    d = decide(program, tmp_path, "评估日期: 2023-06-30\n事实:\n  证书等级: 专项\n")["职业培训补贴"]
    assert d.amount is None and d.amount_unknown is not None


def test_lookup_key_not_a_declared_value_is_an_error():
    errs = errors_of(LEVELS + f"待遇 「职业培训补贴」(补贴) 依据{QUOTE_LEVELS} 读法 1 元、0 元 “测试用数，非原文” 则 按 「证书等级」：“六级” 为 1 元；其他 为 0 元。\n")
    assert [d.code for d in errs] == ["E304"]


# ── exceptions and conflicts ─────────────────────────────────────────────────────────────

TRAINEE = """条款 八 「促进高校毕业生就业」。
参数 「最低月工资标准」：金额。
事实 「年度评估合格」：机构 布尔。
事实 「留用率」：机构 比率。
待遇 「见习学员生活补贴」(补贴)
    依据「可按当地最低月工资标准的 70%申领见习学员生活补贴」
    则 「最低月工资标准」 × 70%。
例外 「示范标准」 于 「见习学员生活补贴」
    依据「其中就业见习基地年度评估合格且留用率达到 50%的，标准提高至 80%」
    若 「年度评估合格」 且 「留用率」 达到 50%
    则 「最低月工资标准」 × 80%。
"""
# A second, invented exception on the same benefit: both apply at a 留用率 of 60% or more.
SECOND = """例外 「另一标准」 于 「见习学员生活补贴」
    依据「标准提高至 80%」
    读法 60%{reading} “虚构的第二条例外，非原文”
    若 「留用率」 达到 60%
    则 「最低月工资标准」 × {rate}。
"""
TRAINEE_CASE = "评估日期: 2023-06-30\n参数:\n  最低月工资标准: 2280 元\n事实:\n{facts}"


def test_base_rule_without_exception(tmp_path):
    program = compile_policy(TRAINEE)
    d = decide(program, tmp_path, TRAINEE_CASE.format(facts="  年度评估合格: 否\n  留用率: 60%\n"))["见习学员生活补贴"]
    # 2280 × 70% = 1596 元
    assert d.status == "符合" and d.amount == yuan("1596") and d.exception is None


def test_exception_overrides_the_payout(tmp_path):
    program = compile_policy(TRAINEE)
    d = decide(program, tmp_path, TRAINEE_CASE.format(facts="  年度评估合格: 是\n  留用率: 50%\n"))["见习学员生活补贴"]
    # 留用率 50% 达到 50%: 2280 × 80% = 1824 元
    assert d.status == "符合" and d.amount == yuan("1824")
    assert d.exception is not None and d.exception.name == "示范标准"


def test_exception_that_may_apply_leaves_the_amount_open(tmp_path):
    program = compile_policy(TRAINEE)
    d = decide(program, tmp_path, TRAINEE_CASE.format(facts="  留用率: 55%\n"))["见习学员生活补贴"]
    # 1596 or 1824 depending on 年度评估合格, which is not given
    assert d.amount is None
    assert d.amount_unknown.missing == frozenset({Key(KeyKind.FACT, "年度评估合格")})


def test_two_exceptions_with_different_amounts_conflict(tmp_path):
    program = compile_policy(TRAINEE + SECOND.format(rate="90%", reading="、90%"))
    d = decide(program, tmp_path, TRAINEE_CASE.format(facts="  年度评估合格: 是\n  留用率: 65%\n"))["见习学员生活补贴"]
    # 示范标准 gives 1824 元, 另一标准 gives 2280 × 90% = 2052 元: a conflict, never a silent pick
    assert d.status == "冲突"
    assert {e.name for e in d.conflicts} == {"示范标准", "另一标准"}


def test_two_exceptions_with_the_same_amount_agree(tmp_path):
    program = compile_policy(TRAINEE + SECOND.format(rate="80%", reading=""))
    d = decide(program, tmp_path, TRAINEE_CASE.format(facts="  年度评估合格: 是\n  留用率: 65%\n"))["见习学员生活补贴"]
    assert d.status == "符合" and d.amount == yuan("1824") and not d.conflicts


def test_only_one_exception_applies_no_conflict(tmp_path):
    program = compile_policy(TRAINEE + SECOND.format(rate="90%", reading="、90%"))
    d = decide(program, tmp_path, TRAINEE_CASE.format(facts="  年度评估合格: 否\n  留用率: 65%\n"))["见习学员生活补贴"]
    # only 另一标准 applies: 2280 × 90% = 2052 元
    assert d.status == "符合" and d.amount == yuan("2052")


def test_exception_on_unknown_benefit_is_an_error():
    errs = errors_of(TRAINEE.replace("于 「见习学员生活补贴」", "于 「见习学员生活补助」"))
    assert [d.code for d in errs] == ["E201"]
    assert "你是不是想写" in errs[0].hint


# ── limits over the history of past claims ───────────────────────────────────────────────

LIMITS = """条款 十五 「加大职业培训补贴力度」。
事实 「取得证书」：个人 布尔。
事实 「职业」：个人 文本。
事实 「证书等级」：个人 枚举 取值 “五级”、“四级”、“三级”、“二级”、“一级”。
事实 「证书编号」：个人 文本。
待遇 「职业培训补贴」(补贴)
    依据「可按规定享受全额培训补贴」
    读法 1000 元 “测试用金额（即五级证书的标准），非原文”
    若 「取得证书」
    则 1000 元。
限制 「每年次数」 依据「原则上每人每年可享受不超过 3 次」
    适用于 「职业培训补贴」：每人每年 不超过 3 次。
限制 「同一职业同一等级」 依据「同一职业（项目）同一等级不可重复享受」
    适用于 「职业培训补贴」：同一「职业」 同一「证书等级」 不可重复享受。
限制 「同一证书」 依据「同一证书单位已享受补贴的，个人不得重复享受补贴」
    适用于 「职业培训补贴」：同一「证书编号」 已由 单位 享受的 不得重复享受。
条款 四 「支持创业担保贷款发展」。
事实 「符合条件的劳动者」：个人 布尔。
事实 「贷款期限」：个人 时长(年)。
待遇 「个人创业担保贷款」(贷款)
    依据「符合条件的劳动者，可申请最高 50 万元个人创业担保贷款」
    若 「符合条件的劳动者」
    则 最高不超过 50 万元。
限制 「贷款次数」 依据「贷款次数累计不超过 3 次」
    适用于 「个人创业担保贷款」：累计 不超过 3 次。
限制 「贷款期限」 依据「贷款期限累计不超过 3 年」
    适用于 「个人创业担保贷款」：累计 「贷款期限」 不超过 3 年。
"""

TRAINING = """评估日期: 2023-06-30
事实:
  取得证书: 是
  职业: 电工
  证书等级: 四级
  证书编号: Z-2023-001
  符合条件的劳动者: 是
  贷款期限: {term}
历史:
{history}"""


def limits_case(program, tmp_path, history: str, term: str = "1 年") -> dict:
    return decide(program, tmp_path, TRAINING.format(history=history or "  []", term=term))


def limit_results(d) -> dict:
    return {r.limit.name.text: r.ok for r in d.limits}


@pytest.fixture(scope="module")
def limits_program():
    return compile_policy(LIMITS)


def test_no_history_given_is_pending(limits_program, tmp_path):
    text = TRAINING.format(history="", term="1 年").replace("历史:\n", "")
    d = decide(limits_program, tmp_path, text)["职业培训补贴"]
    assert d.status == "待定" and d.missing.missing == frozenset({HISTORY})


def test_empty_history_passes_every_limit(limits_program, tmp_path):
    d = limits_case(limits_program, tmp_path, "")
    assert d["职业培训补贴"].status == "符合" and d["职业培训补贴"].amount == yuan("1000")
    assert d["个人创业担保贷款"].status == "符合"


def test_per_year_count(limits_program, tmp_path):
    three_this_year = "".join(f"  - {{待遇: 职业培训补贴, 日期: 2023-0{m}-01, 职业: 工种{m}}}\n" for m in (1, 2, 3))
    d = limits_case(limits_program, tmp_path, three_this_year)["职业培训补贴"]
    # three claims in 2023 already: this would be the 4th, above 3 per year
    assert d.status == "不符合" and limit_results(d)["每年次数"] is False
    two_now_two_before = ("  - {待遇: 职业培训补贴, 日期: 2022-05-01, 职业: 甲}\n"
                          "  - {待遇: 职业培训补贴, 日期: 2022-06-01, 职业: 乙}\n"
                          "  - {待遇: 职业培训补贴, 日期: 2023-01-01, 职业: 丙}\n"
                          "  - {待遇: 职业培训补贴, 日期: 2023-02-01, 职业: 丁}\n")
    d = limits_case(limits_program, tmp_path, two_now_two_before)["职业培训补贴"]
    # only the two of 2023 count: this is the 3rd in 2023, allowed
    assert d.status == "符合"


def test_no_repeat_same_occupation_same_level(limits_program, tmp_path):
    same = "  - {待遇: 职业培训补贴, 日期: 2021-03-01, 职业: 电工, 证书等级: 四级}\n"
    d = limits_case(limits_program, tmp_path, same)["职业培训补贴"]
    assert d.status == "不符合" and limit_results(d)["同一职业同一等级"] is False
    other_level = "  - {待遇: 职业培训补贴, 日期: 2021-03-01, 职业: 电工, 证书等级: 五级}\n"
    assert limits_case(limits_program, tmp_path, other_level)["职业培训补贴"].status == "符合"


def test_no_repeat_of_a_certificate_already_claimed_by_the_employer(limits_program, tmp_path):
    by_employer = "  - {待遇: 职业培训补贴, 日期: 2023-01-10, 申领人: 单位, 证书编号: Z-2023-001}\n"
    d = limits_case(limits_program, tmp_path, by_employer)["职业培训补贴"]
    assert d.status == "不符合" and limit_results(d)["同一证书"] is False
    # the same certificate claimed before by the person (not the employer) is not this limit's concern
    by_person = "  - {待遇: 职业培训补贴, 日期: 2023-01-10, 申领人: 个人, 证书编号: Z-2023-001}\n"
    d = limits_case(limits_program, tmp_path, by_person)["职业培训补贴"]
    assert limit_results(d)["同一证书"] is True


def test_cumulative_count(limits_program, tmp_path):
    loan = "  - {{待遇: 个人创业担保贷款, 日期: 20{y}-01-01, 贷款期限: 6 个月}}\n"
    d = limits_case(limits_program, tmp_path, "".join(loan.format(y=y) for y in (19, 20, 21)), term="6 个月")
    # three loans already: a 4th exceeds 累计 3 次 (期限 3 × 6 + 6 = 24 个月 ≤ 3 年 is fine)
    assert d["个人创业担保贷款"].status == "不符合"
    assert limit_results(d["个人创业担保贷款"]) == {"贷款次数": False, "贷款期限": True}
    d = limits_case(limits_program, tmp_path, "".join(loan.format(y=y) for y in (20, 21)), term="6 个月")
    assert d["个人创业担保贷款"].status == "符合"


@pytest.mark.parametrize("past, now, ok", [
    (["1 年", "1 年"], "1 年", True),        # 3 年 = 3 年: 不超过 includes the bound
    (["1 年", "1 年"], "2 年", False),       # 4 年 > 3 年
    (["18 个月", "6 个月"], "1 年", True),   # 18 + 6 + 12 = 36 个月 = 3 年
    (["18 个月", "6 个月"], "13 个月", False),  # 37 个月
])
def test_cumulative_sum(limits_program, tmp_path, past, now, ok):
    history = "".join(f"  - {{待遇: 个人创业担保贷款, 日期: 202{i}-01-01, 贷款期限: {t}}}\n" for i, t in enumerate(past))
    d = limits_case(limits_program, tmp_path, history, term=now)["个人创业担保贷款"]
    assert limit_results(d)["贷款期限"] is ok
    assert d.status == ("符合" if ok else "不符合")


def test_limits_on_other_benefits_ignore_unrelated_history(limits_program, tmp_path):
    loans = "".join(f"  - {{待遇: 个人创业担保贷款, 日期: 2023-0{m}-01, 贷款期限: 1 个月}}\n" for m in (1, 2, 3))
    # three loans this year do not count towards the training subsidy's 3 per year
    assert limits_case(limits_program, tmp_path, loans)["职业培训补贴"].status == "符合"


# ── placeholders of the draft ────────────────────────────────────────────────────────────

DRAFT = """条款 九 「加强就业困难人员就业援助」。
事实 「认定日期」：个人 日期。
事实 「就业困难人员」：个人 布尔。
待遇 「社会保险补贴」(补贴)
    依据「2022 年*月*日后认定的就业困难人员」
    若 「就业困难人员」 且 「认定日期」 在 2022 年*月*日 之后
    则 按规定。
"""


def test_draft_date_placeholder_is_pending(tmp_path):
    program = compile_policy(DRAFT)
    d = decide(program, tmp_path, "评估日期: 2023-06-30\n事实:\n  就业困难人员: 是\n  认定日期: 2022-06-01\n")
    d = d["社会保险补贴"]
    # a day of 2022 may be before or after the commencement date, which the draft leaves open
    assert d.status == "待定"
    assert d.missing.missing == frozenset()
    assert d.missing.placeholders == frozenset({Key(KeyKind.DRAFT_DATE, "2022 年*月*日")})


def test_per_rule_amount_is_pending_even_when_eligible(tmp_path):
    program = compile_policy(DRAFT)
    d = decide(program, tmp_path, "评估日期: 2023-06-30\n事实:\n  就业困难人员: 是\n  认定日期: 2023-03-01\n")
    d = d["社会保险补贴"]
    # 2023-03-01 is after every day of 2022: eligible; the amount is 按规定, set elsewhere
    assert d.status == "符合"
    assert d.amount is None and Key(KeyKind.AS_PROVIDED, "按规定") in d.amount_unknown.placeholders


def test_excess_never_exceeds_the_whole_value(tmp_path):
    """「合同利率」 超出 (「LPR」 - 150BP) 的部分 with LPR 1.2 %: the threshold is −0.3 %, yet the part
    above it is at most the whole rate (hand: the span 0…4 % lies wholly above −0.3 % → 4 %).
    With LPR 3.65 % the threshold is 2.15 % and the part is 4 % − 2.15 % = 1.85 %."""
    program = compile_policy(
        "条款 四 「支持创业担保贷款发展」。\n"
        "事实 「合同利率」：个人 比率。\n"
        "参数 「LPR」：比率。\n"
        "待遇 「贴息」 依据「对其他人员按合同约定的 LPR-150BP 以上部分给予贴息」\n"
        "    则 「合同利率」 超出 (「LPR」 - 150BP) 的部分。\n")
    for lpr, expected in (("1.2%", Fraction(4, 100)), ("3.65%", Fraction(185, 10000))):
        d = decide(program, tmp_path, f"评估日期: 2023-01-01\n事实: {{合同利率: 4%}}\n参数: {{LPR: {lpr}}}\n")["贴息"]
        assert d.amount == Q(expected, ())
