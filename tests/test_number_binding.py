"""The rule agrees with the words it cites (issue 9, point 4), checked by `hzdsl check` itself.

The official text (policies/official.txt, clause 三): “初次创办企业或个体工商户，正常经营 6 个月，可按规定
申领 3000 元的一次性创业补贴” — so 3000 元 and 6 个月 are bound; 5000 元 or 12 个月 under that quote are
not. tests/test_numbers.py keeps the other direction: every number of the text is used by a rule.
"""
from __future__ import annotations

import textwrap

import pytest

from hzdsl.cli import main
from hzdsl.loader import load_policies
from hzdsl.syntax.build import parse_module

Q3 = "初次创办企业或个体工商户，正常经营 6 个月，可按规定申领 3000 元的一次性创业补贴"
HEAD = """事实 「正常经营时长」：个人 时长(个月)。
事实 「见习时长」：个人 时长(个月)。
条款 三 「加大创业资金扶持力度」。
"""


def _codes(tmp_path, body, head=HEAD):
    path = tmp_path / "t.policy"
    path.write_text(head + textwrap.dedent(body), encoding="utf-8")
    return [(d.code, d.span.line, d.message) for d in load_policies([path]).diagnostics]


def _only(codes, code):
    return [(line, msg) for c, line, msg in codes if c == code]


def test_an_amount_its_quote_does_not_say_is_reported(tmp_path):
    codes = _codes(tmp_path, f"""待遇 「一次性创业补贴」(补贴) 依据「{Q3}」
        若 「正常经营时长」 满 6 个月 则 5000 元，一次性。
    """)
    assert [line for line, _ in _only(codes, "E210")] == [5]
    assert "5000 元" in _only(codes, "E210")[0][1]


def test_a_threshold_its_quote_does_not_say_is_reported(tmp_path):
    codes = _codes(tmp_path, f"""待遇 「一次性创业补贴」(补贴) 依据「{Q3}」
        若 「正常经营时长」 满 12 个月 则 3000 元，一次性。
    """)
    assert [msg.split("写的 ")[1].split(" 不在")[0] for _, msg in _only(codes, "E210")] == ["12 个月"]


def test_the_numbers_of_the_quote_are_bound(tmp_path):
    codes = _codes(tmp_path, f"""待遇 「一次性创业补贴」(补贴) 依据「{Q3}」
        若 「正常经营时长」 满 6 个月 则 3000 元，一次性。
    """)
    assert not [c for c, *_ in codes if c.startswith("E") or c in {"W605", "W606", "W607", "E210"}]


def test_a_reading_declares_a_number_with_its_reason(tmp_path):
    codes = _codes(tmp_path, f"""待遇 「一次性创业补贴」(补贴) 依据「{Q3}」
        读法 7 个月 “（示例）满 6 个月的次月起申领”
        若 「正常经营时长」 满 7 个月 则 3000 元，一次性。
    """)
    assert not _only(codes, "E210") and not _only(codes, "W607")


def test_a_reading_of_a_number_the_rule_does_not_write_is_stale(tmp_path):
    codes = _codes(tmp_path, f"""待遇 「一次性创业补贴」(补贴) 依据「{Q3}」
        读法 6 个月 “引文中已有”、
        若 「正常经营时长」 满 6 个月 则 3000 元，一次性。
    """.replace("”、", "”"))
    assert [line for line, _ in _only(codes, "W607")] == [5]


def test_a_digit_is_matched_as_a_number_not_as_a_substring(tmp_path):
    # 「…500 元…800 元」 does not contain the number 0
    head = HEAD.replace("条款 三 「加大创业资金扶持力度」。", "条款 十五 「加大职业培训补贴力度」。")
    codes = _codes(tmp_path, """待遇 「赛前训练补贴」(补贴)
        依据「职业技能竞赛组织单位可根据取得职业资格证书（职业技能等级证书）的人数及等级享受一次赛前训练补贴，其中初级、中级每人 500 元，高级及以上每人 800 元」
        若 「见习时长」 满 1 个月 则 0 元。
    """, head)
    assert sorted(msg.split("写的 ")[1].split(" 不在")[0] for _, msg in _only(codes, "E210")) == ["0 元", "1 个月"]


def test_a_quote_from_another_clause_is_a_warning(tmp_path):
    # 见习 sentences are clause 八's; the benefit stands under clause 三
    codes = _codes(tmp_path, """待遇 「见习补贴」(补贴)
        依据「见习基地按规定发放见习学员生活补助的，可按当地最低月工资标准的 70%申领见习学员生活补贴」
        则 3000 元 × 70%。
    """)
    assert [line for line, _ in _only(codes, "W605")] == [5]
    assert "（八）" in _only(codes, "W605")[0][1]


def test_a_short_quote_found_in_many_places_is_ambiguous(tmp_path):
    codes = _codes(tmp_path, """术语 「重点人群」 依据「重点人群」 指 「正常经营时长」 满 6 个月。
    """)
    assert [line for line, _ in _only(codes, "W606")] == [4]


def test_a_subsidy_paid_in_months_is_an_error(tmp_path):
    codes = _codes(tmp_path, f"""待遇 「一次性创业补贴」(补贴) 依据「{Q3}」
        若 「正常经营时长」 满 6 个月 则 6 个月。
    """)
    assert [line for line, _ in _only(codes, "E306")] == [5]


def test_a_right_may_be_a_duration(tmp_path):
    head = HEAD.replace("条款 三 「加大创业资金扶持力度」。", "条款 八 「促进高校毕业生就业」。")
    codes = _codes(tmp_path, """待遇 「就业见习」(权利)
        依据「参加 3-6 个月见习训练」
        若 「见习时长」 满 3 个月 则 6 个月。
    """, head)
    assert not _only(codes, "E306")


def test_readings_survive_fmt(tmp_path):
    text = HEAD.replace("。\n", "。\n\n") + f"""待遇 「一次性创业补贴」(补贴)
    依据「{Q3}」
    读法 7 个月、1 人 “示例”
    若 「正常经营时长」 满 7 个月
    则 3000 元，一次性。
"""
    module, diags = parse_module(text, "t.policy")
    assert not diags
    (reading,) = module.decls[-1].readings
    assert [q.text for q in reading.numbers] == ["7 个月", "1 人"] and reading.reason == "示例"
    path = tmp_path / "t.policy"
    path.write_text(text, encoding="utf-8")
    assert main(["fmt", "--check", str(path)]) == 0


def test_the_bundled_policies_bind_every_number(loaded):
    assert not [str(d) for d in loaded.diagnostics if d.code in {"W605", "W606", "W607", "E210", "E306"}]


def test_check_fails_on_an_unbound_number(tmp_path, capsys):
    # issue 9 point 4: `则 5000 元` under a quote saying 3000 元 fails `hzdsl check` itself (exit 1, a finding)
    path = tmp_path / "t.policy"
    path.write_text(HEAD + f"待遇 「一次性创业补贴」(补贴) 依据「{Q3}」 若 「正常经营时长」 满 6 个月 则 5000 元。\n",
                    encoding="utf-8")
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr()
    assert "E210" in out.out + out.err and "5000 元" in out.out + out.err
    path.write_text(HEAD + f"待遇 「一次性创业补贴」(补贴) 依据「{Q3}」 若 「正常经营时长」 满 6 个月 则 3000 元。\n",
                    encoding="utf-8")
    assert main(["check", str(path)]) == 0


@pytest.mark.parametrize("date,why", [("2023 年 2 月 30 日", "2 月只有 28 天"), ("2022 年 13 月 * 日", "没有 13 月"),
                                      ("0000 年 * 月 * 日", "年份 0 不存在"), ("2022 年 0 月 5 日", "没有 0 月"),
                                      ("2022 年 * 月 40 日", "最多 31 天"), ("2024 年 2 月 29 日", ""),
                                      # Gregorian leap years: 1900 is not one (a century), 2000 is (÷ 400)
                                      ("1900 年 2 月 29 日", "2 月只有 28 天"), ("2000 年 2 月 29 日", ""),
                                      ("2022 年 4 月 31 日", "4 月只有 30 天"), ("2022 年 11 月 31 日", "11 月只有 30 天"),
                                      ("2022 年 12 月 31 日", "")])
def test_dates_that_do_not_exist_are_check_errors(tmp_path, date, why):
    head = HEAD.replace("条款 三 「加大创业资金扶持力度」。", "条款 二十三 「施行日期」。")
    codes = _codes(tmp_path, f"""术语 「施行日期」 依据「本意见自 2022 年*月*日起施行」 指 {date}。
    """, head)
    found = _only(codes, "E206")
    assert ([why in msg for _, msg in found] == [True]) if why else not found


# ── second instances of each kind (issue 9 point 4), worked from the official text ──

Q8 = "见习基地按规定发放见习学员生活补助的，可按当地最低月工资标准的 70%申领见习学员生活补贴"
HEAD8 = """参数 「最低月工资标准」：金额(元/月)。
事实 「见习时长」：个人 时长(个月)。
条款 八 「促进高校毕业生就业」。
"""


def test_a_rate_its_quote_does_not_say_is_an_error(tmp_path):
    # the quote says 70%; 60% is in no quote of the rule
    codes = _codes(tmp_path, f"""待遇 「见习学员生活补贴」(补贴) 依据「{Q8}」
        则 「最低月工资标准」 × 60% × 「见习时长」。
    """, HEAD8)
    assert [msg.split("写的 ")[1].split(" 不在")[0] for _, msg in _only(codes, "E210")] == ["60%"]
    codes = _codes(tmp_path, f"""待遇 「见习学员生活补贴」(补贴) 依据「{Q8}」
        则 「最低月工资标准」 × 70% × 「见习时长」。
    """, HEAD8)
    assert not _only(codes, "E210")


def test_a_limit_count_its_quote_does_not_say_is_an_error(tmp_path):
    # 「贷款次数累计不超过 3 次」: 4 次 is not bound; 3 次 is
    head = """事实 「符合条件的劳动者」：个人 布尔。
条款 四 「支持创业担保贷款发展」。
待遇 「个人创业担保贷款」(贷款) 依据「符合条件的劳动者，可申请最高 50 万元个人创业担保贷款」
    若 「符合条件的劳动者」 则 最高 50 万元。
"""
    for n, bad in ((4, ["4 次"]), (3, [])):
        codes = _codes(tmp_path, f"""限制 「创业担保贷款次数」 依据「贷款次数累计不超过 3 次」
            适用于 「个人创业担保贷款」：累计 不超过 {n} 次。
        """, head)
        assert [msg.split("写的 ")[1].split(" 不在")[0] for _, msg in _only(codes, "E210")] == bad


def test_a_word_its_quote_does_not_say_is_an_error(tmp_path):
    # 半年 is matched as the word written: the clause-三 quote says 6 个月, not 半年
    codes = _codes(tmp_path, f"""待遇 「一次性创业补贴」(补贴) 依据「{Q3}」
        若 「正常经营时长」 满 半年 则 3000 元，一次性。
    """)
    assert [msg.split("写的 ")[1].split(" 不在")[0] for _, msg in _only(codes, "E210")] == ["半年"]


def test_a_misquoted_rule_is_not_bound_against_its_wrong_quote(tmp_path):
    # one mistake, one error: the misquote is E401; the rule's 3000 元 is not also E210
    codes = _codes(tmp_path, f"""待遇 「一次性创业补贴」(补贴) 依据「{Q3.replace("3000", "5000")}」
        若 「正常经营时长」 满 6 个月 则 3000 元，一次性。
    """)
    assert [c for c, *_ in codes if c.startswith("E")] == ["E401"]


def test_a_quote_from_another_clause_is_a_warning_second_instance(tmp_path):
    # a clause-四 rule citing clause 三's 社保补贴 sentence
    head = HEAD.replace("条款 三 「加大创业资金扶持力度」。", "条款 四 「支持创业担保贷款发展」。")
    codes = _codes(tmp_path, """待遇 「一次性创业社保补贴」(补贴)
        依据「依法缴纳社会保险费 12 个月，可按规定再申领 5000 元的一次性创业社保补贴」
        若 「正常经营时长」 满 12 个月 则 5000 元。
    """, head)
    assert [line for line, _ in _only(codes, "W605")] == [5]
    assert "（三）" in _only(codes, "W605")[0][1] and "（四）" in _only(codes, "W605")[0][1]


def test_a_short_quote_found_in_many_places_is_ambiguous_second_instance(tmp_path):
    # 「就业困难人员」: 6 characters, 17 places in the official text (grep -o 就业困难人员 official.txt | wc -l)
    head = HEAD.replace("条款 三 「加大创业资金扶持力度」。", "条款 九 「加强就业困难人员就业援助」。")
    codes = _codes(tmp_path, """事实 「身份」：个人 集合 取值 “就业困难人员”。
    术语 「援助对象」 依据「就业困难人员」 指 「身份」 包含 “就业困难人员”。
    """.replace("\n    ", "\n"), head)
    assert [line for line, _ in _only(codes, "W606")] == [5]
    assert "17 次" in _only(codes, "W606")[0][1]


def test_a_money_benefit_paid_in_years_through_a_term_is_an_error(tmp_path):
    # 补助 is money: a payout naming a term that is 3 年 is a duration, not 元
    head = HEAD.replace("条款 三 「加大创业资金扶持力度」。", "条款 五 「支持创业平台建设」。")
    codes = _codes(tmp_path, """术语 「补贴期限」 依据「补贴标准最高 3 元/平方米·天，期限不超过 3 年」 指 3 年。
    待遇 「场地租金补助」(补助) 依据「补贴标准最高 3 元/平方米·天，期限不超过 3 年」 则 「补贴期限」。
    """.replace("\n    ", "\n"), head)
    assert [line for line, _ in _only(codes, "E306")] == [5]
    assert "年" in _only(codes, "E306")[0][1]


# ── a number is bound in its unit's dimension (6 年 is not 「6 个月」) ──

def _term(tmp_path, clause: str, quote: str, value: str):
    head = HEAD.replace("条款 三 「加大创业资金扶持力度」。", clause)
    return _codes(tmp_path, f"术语 「标准」 依据「{quote}」 指 {value}。\n", head)


def test_a_number_in_another_unit_than_its_quote_is_an_error(tmp_path):
    codes = _codes(tmp_path, f"""待遇 「一次性创业补贴」(补贴) 依据「{Q3}」
        若 「正常经营时长」 满 6 年 则 3000 元，一次性。
    """)
    ((line, msg),) = _only(codes, "E210")
    assert line == 5 and "写的 6 年" in msg and "引文中是 6 个月，单位不同" in msg
    loan = "条款 四 「支持创业担保贷款发展」。"
    assert [m for _, m in _only(_term(tmp_path, loan, "贷款次数累计不超过 3 次", "3 年"), "E210")]
    assert not _only(_term(tmp_path, loan, "贷款次数累计不超过 3 次", "3 次"), "E210")


def test_the_units_the_text_writes_in_words_or_per_head_are_bound(tmp_path):
    loan = "条款 四 「支持创业担保贷款发展」。"
    rate = "创业担保贷款利率不超过合同约定的贷款市场报价利率（以下简称 LPR）加 50 个基点（以下简称 BP）"
    assert not _only(_term(tmp_path, loan, rate, "50BP"), "E210")  # 50 个基点 is 50BP
    assert _only(_term(tmp_path, loan, rate, "50 个月"), "E210")
    # 「每人 500 元」 is a rate per head: 500 元/人
    training = "条款 十五 「加大职业培训补贴力度」。"
    quote = "其中初级、中级每人 500 元，高级及以上每人 800 元"
    assert not _only(_term(tmp_path, training, quote, "500 元/人"), "E210")
    assert _only(_term(tmp_path, training, quote, "500 元/天"), "E210")


def test_a_number_in_a_comparison_wrong_in_its_unit_is_one_error(tmp_path):
    # 满 6 元 against a duration is E302; that its 6 元 is not the quote's 6 个月 is the same mistake
    codes = _codes(tmp_path, f"""待遇 「一次性创业补贴」(补贴) 依据「{Q3}」
        若 「正常经营时长」 满 6 元 则 3000 元，一次性。
    """)
    assert [c for c, *_ in codes if c.startswith("E")] == ["E302"]
