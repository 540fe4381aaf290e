"""hzdsl lint: seeded dead rules, always-true conditions, conflicts, negative payouts, caps below
floors, lookup gaps, unused declarations — each found, each witness run through the scalar engine;
silencing comments with reasons; and the repository's policies lint clean (real findings silenced
with reasons in the policy files)."""
from __future__ import annotations

import pytest

pytest.importorskip("z3")

from hzdsl.cli import main  # noqa: E402
from hzdsl.lint.run import lint  # noqa: E402

from .conftest import POLICIES, inline_program  # noqa: E402

HEAD = """事实 「初次创办企业或个体工商户」：个人 布尔。
事实 「正常经营时长」：企业 时长(个月)。
事实 「企业行业」：企业 枚举 取值 “养老”、“家政服务”、“其他”。
事实 「带动就业人数」：企业 计数(人)。
事实 「年度评估合格」：企业 布尔。
条款 三 「加大创业资金扶持力度」。
"""
QUOTE = "初次创办企业或个体工商户，正常经营 6 个月，可按规定申领 3000 元的一次性创业补贴"


def benefit(cond: str, payout: str, name: str = "一次性创业补贴", reading: str = "") -> str:
    """A benefit under QUOTE; `reading` declares the numbers the test invents (they are not in QUOTE: E210)."""
    reading = f"\n    读法 {reading} “测试用数，非原文”" if reading else ""
    return f"""
待遇 「{name}」(补贴)
    依据「{QUOTE}」{reading}
    若 {cond}
    则 {payout}。
"""


def codes(tmp_path, text: str):
    from hzdsl.loader import load_policies

    program = inline_program(tmp_path, HEAD + text)
    result = lint(program, timeout_s=20, diagnostics=load_policies([tmp_path / "inline.policy"]).diagnostics)
    return result, [(f.code, f.span.line) for f in result.open]


def test_dead_rule_and_always_true_condition(tmp_path):
    text = benefit("「正常经营时长」 满 6 个月 且 「正常经营时长」 不足 3 个月 且 「初次创办企业或个体工商户」", "3000 元",
                   reading="3 个月")
    text += benefit("「初次创办企业或个体工商户」 或 非 「初次创办企业或个体工商户」", "3000 元", "另一补贴")
    result, found = codes(tmp_path, text + "术语 「未用」 依据「重点人群」 指 「企业行业」 是 “养老”。\n")
    got = {c for c, _ in found}
    assert "W650" in got  # ≥ 6 and < 3 months: nobody
    assert "W651" in got  # A 或 非 A: never false
    assert "W661" in got  # 未用 is used by no benefit
    # 带动就业人数 and 年度评估合格 are referred to nowhere (the checker's W601); 企业行业 only by the
    # unused term, so no benefit reads it (W660)
    names = lambda code: {f.message.split("「")[1].split("」")[0] for f in result.open if f.code == code}  # noqa: E731
    assert names("W601") == {"带动就业人数", "年度评估合格"}
    assert names("W660") == {"企业行业"}


def test_conflicting_exceptions_with_a_verified_witness(tmp_path):
    text = benefit("「初次创办企业或个体工商户」", "3000 元") + f"""
例外 「行业加码」 于 「一次性创业补贴」 依据「{QUOTE}」 读法 4000 元 “测试用数，非原文” 若 「企业行业」 是 “养老” 则 4000 元。
例外 「评估加码」 于 「一次性创业补贴」 依据「{QUOTE}」 读法 5000 元 “测试用数，非原文” 若 「年度评估合格」 则 5000 元。
"""
    result, found = codes(tmp_path, text)
    (f,) = [f for f in result.open if f.code == "W654"]
    assert f.verified and f.witness["结果"].startswith("冲突")
    facts = f.witness["事实"]
    assert facts["企业行业"] == "养老" and facts["年度评估合格"] == "是" and facts["初次创办企业或个体工商户"] == "是"


def test_negative_payout_floor_above_cap_and_lookup_gap(tmp_path):
    text = benefit("「初次创办企业或个体工商户」", "「带动就业人数」 × 1000 元/人 - 5000 元", reading="1000 元/人、5000 元")
    # the floor depends on the case: a constant floor above a constant cap is already the checker's E305
    text += benefit("「初次创办企业或个体工商户」", "「带动就业人数」 × 1000 元/人，最低 「带动就业人数」 × 1500 元/人，最高不超过 2000 元",
                    "另一补贴", reading="1000 元/人、1500 元/人、2000 元")
    text += benefit("「年度评估合格」", "按 「企业行业」：“养老” 为 1000 元；“家政服务” 为 2000 元", "第三补贴",
                    reading="1000 元、2000 元")
    result, found = codes(tmp_path, text)
    by = {}
    for f in result.open:
        by.setdefault(f.code, []).append(f)
    (neg,) = by["W655"]
    # 0–4 people give −5000 … −1000 元: never granted — the engine answers 待定 on the witness
    assert neg.verified and neg.witness["结果"] == "待定"
    assert neg.witness["事实"]["初次创办企业或个体工商户"] == "是"
    assert int(neg.witness["事实"]["带动就业人数"].split()[0]) <= 4
    # 2 or more people: floor n × 1500 ≥ 3000 above the cap 2000 — W657, and the engine answers 冲突
    # (never an amount above the cap, so the payout never exceeds its cap: no W656)
    (w657,) = by["W657"]
    assert w657.verified and w657.witness["结果"] == "冲突"
    assert int(w657.witness["事实"]["带动就业人数"].split()[0]) >= 2
    assert "W656" not in by
    # the table misses “其他”: the checker's W603, listed by lint with the others
    (gap,) = by["W603"]
    assert "“其他”" in gap.message


def test_a_rule_only_an_impossible_applicant_meets_is_dead(tmp_path):
    """初次创办 ⇒ 创办 (蕴含): 「初次创办 且 非 创办」 holds for nobody who can exist — a case giving
    初次 是 and 创办 否 contradicts the definition; with 创办 left out the engine fills it 是."""
    text = HEAD.replace("事实 「初次创办企业或个体工商户」：个人 布尔。",
                        "事实 「初次创办企业或个体工商户」：个人 布尔，蕴含 「创办企业或个体工商户」。\n"
                        "事实 「创办企业或个体工商户」：个人 布尔。")
    (tmp_path / "inline.policy").write_text(text + benefit(
        "「初次创办企业或个体工商户」 且 非 「创办企业或个体工商户」", "3000 元"), encoding="utf-8")
    from hzdsl.loader import load_policies

    loaded = load_policies([tmp_path / "inline.policy"])
    assert not loaded.errors
    result = lint(loaded.program, timeout_s=20, diagnostics=loaded.diagnostics)
    assert "W650" in {f.code for f in result.open}, [(f.code, f.witness) for f in result.open]


SERVICE = """事实 「民办人力资源服务机构」：单位 布尔。
事实 「帮助灵活就业人员稳定就业人数」：单位 计数(人)。
条款 十八 「支持人力资源服务机构」。
待遇 「就业创业服务补贴」(补贴)
    依据「民办人力资源服务机构为灵活就业人员提供推荐就业等服务，帮助其在我市企业实现稳定就业并依法连续缴纳社会保险费 3 个月以上的，可申领一次性 500 元/人的就业创业服务补贴，最高不超过 10 万元」{reading}
    若 「民办人力资源服务机构」
    则 {payout}。
限制 「服务补贴次数」
    依据「贷款次数累计不超过 3 次」
    适用于 「就业创业服务补贴」：累计 不超过 3 次。
限制 「服务补贴累计额度」
    依据「最高不超过 10 万元」
    适用于 「就业创业服务补贴」：累计 金额 不超过 10 万元。
"""


def _lint_text(tmp_path, text):
    from hzdsl.loader import load_policies

    (tmp_path / "inline.policy").write_text(text, encoding="utf-8")
    loaded = load_policies([tmp_path / "inline.policy"])
    assert not loaded.errors, [str(d) for d in loaded.errors]
    return lint(loaded.program, timeout_s=20, diagnostics=loaded.diagnostics)


def test_a_cumulative_cap_above_the_largest_possible_sum_never_binds(tmp_path):
    """500 元 a claim, at most 3 claims (its own 累计 不超过 3 次): the past claims sum to at most
    1500 元, so 10 万元 − 1500 元 = 98500 元 always remains, above the 500 元 of this claim — the
    amount limit can neither refuse nor cap anyone (W659). The count limit does bind (a 4th claim)."""
    result = _lint_text(tmp_path, SERVICE.format(payout="500 元", reading="\n    读法 500 元 “‘500 元/人’：只算一人”"))
    w659 = [f for f in result.open if f.code == "W659"]
    assert [f.message.split("「")[1].split("」")[0] for f in w659] == ["服务补贴累计额度"], [f.message for f in w659]
    assert "至多 3 次，每次至多 500 元" in w659[0].message


def test_a_cumulative_cap_the_history_can_reach_is_no_finding(tmp_path):
    """人数 × 500 元/人, at most 10 万元 a claim: three past claims can sum to 30 万元 (≥ 10 万元), so the
    amount limit can refuse or cap a claim: no W659."""
    result = _lint_text(tmp_path, SERVICE.format(payout="「帮助灵活就业人员稳定就业人数」 × 500 元/人，最高不超过 10 万元", reading=""))
    assert "W659" not in {f.code for f in result.open}, [f.message for f in result.open if f.code == "W659"]


def test_a_count_cap_larger_than_the_history_can_reach_never_binds(tmp_path):
    """Two benefits, each limited to 1 claim ever by its own 累计 不超过 1 次, share 累计 不超过 3 次.
    Deciding 甲: its own limit leaves no past 甲 claim, and 乙's own limit at most 1 past 乙 claim, so
    1 + 1 ≤ 3 — the shared limit can never refuse anyone (W659, once per benefit). Without the
    history reasoning 乙 could have any number of past claims and the shared limit would bind."""
    one = """待遇 「{b}」(资格)
    依据「其中杭州市生源可延期 1 次」
    若 「见习对象」
    则 享有 “见习期满可延期 1 次”。
限制 「{b}次数」
    依据「其中杭州市生源可延期 1 次」
    适用于 「{b}」：累计 不超过 1 次。
"""
    result = _lint_text(tmp_path, "事实 「见习对象」：个人 布尔。\n条款 八 「促进高校毕业生就业」。\n"
                        + one.format(b="见习延期甲") + one.format(b="见习延期乙") + """限制 「见习延期合计」
    依据「贷款次数累计不超过 3 次」
    适用于 「见习延期甲」、「见习延期乙」：累计 不超过 3 次。
""")
    w659 = sorted(f.message for f in result.open if f.code == "W659")
    assert len(w659) == 2 and all(m.startswith("限制「见习延期合计」") for m in w659), w659
    assert "「见习延期乙」至多 1 次" in w659[0]


C16_HEAD = """事实 「按规定直接培养或输送培养高技能人才的单位」：单位 布尔。
事实 「培养高技能人才人数」：单位 计数(人)。
事实 「高技能人才每人资助标准」：单位 金额(元/人)。
条款 十六 「完善职业培训激励机制」。
待遇 「高技能人才培养资助」(资助)
    依据「用人单位、培训机构按规定直接培养或输送培养高技能人才的，可根据培养人数和技能等级，按每人 500-1000 元的标准享受资助」
    若 「按规定直接培养或输送培养高技能人才的单位」
    则 「培养高技能人才人数」 × 「高技能人才每人资助标准」，
        最低 {floor}，
        最高不超过 「培养高技能人才人数」 × 1000 元/人。
"""


def test_a_product_of_two_inputs_is_proven_through_its_linear_relaxation(tmp_path):
    """c16: n × s (人数 × 每人标准) is non-linear. With the product named by a free variable, the
    floor n × 500 ≤ the cap n × 1000 (n ≥ 0) and max(min(p, n × 1000), n × 500) ≤ n × 1000 whatever
    p is: the payout never exceeds its cap (no W656, no W657) and nothing runs out of time (W664) —
    before, this query timed out and c16 silenced its W664."""
    result = _lint_text(tmp_path, C16_HEAD.format(floor="「培养高技能人才人数」 × 500 元/人"))
    got = {f.code for f in result.findings}
    assert not got & {"W656", "W657", "W664"}, [(f.code, f.message) for f in result.findings]


def test_a_product_that_can_break_a_bound_still_gets_a_verified_witness(tmp_path):
    """The floor n × s exceeds the cap n × 1000 when s > 1000 元/人 and n ≥ 1: W657 — the relaxation
    proves nothing here, and the witness (from the full, non-linear query) is run by the engine: 冲突."""
    result = _lint_text(tmp_path, C16_HEAD.format(floor="「培养高技能人才人数」 × 「高技能人才每人资助标准」"))
    (f,) = [f for f in result.open if f.code == "W657"]
    assert f.verified and f.witness["结果"] == "冲突", f.witness
    assert int(f.witness["事实"]["培养高技能人才人数"].split()[0]) >= 1
    assert float(f.witness["事实"]["高技能人才每人资助标准"].split()[0]) > 1000


def test_silencing_with_a_reason_and_errors(tmp_path):
    text = """# 忽略 W601：供案例录入时核对，不参与计算
事实 「备用」：个人 布尔。
# 忽略 W601
事实 「备用二」：个人 布尔。
# 忽略 W999：无
事实 「备用三」：个人 布尔。
# 忽略 W650：没有这条发现
""" + benefit("「初次创办企业或个体工商户」 且 「正常经营时长」 满 6 个月 且 「企业行业」 是 “养老” 且 「带动就业人数」 满 1 人 且 「年度评估合格」", "3000 元",
                   reading="1 人")
    result, found = codes(tmp_path, text)
    silenced = [(f.code, f.silenced) for f in result.silenced]
    assert silenced == [("W601", "供案例录入时核对，不参与计算")]
    assert sorted(d.code for d in result.errors) == ["E970", "E971"]
    assert [c for c, _ in found].count("W663") == 1  # the W650 silence matches nothing


def test_cli_lists_silenced_findings_and_exit_codes(tmp_path, capsys):
    (tmp_path / "a.policy").write_text(HEAD + "# 忽略 W601：保留\n事实 「备用」：个人 布尔。\n" + benefit(
        "「初次创办企业或个体工商户」 且 「正常经营时长」 满 6 个月 且 「企业行业」 是 “养老” 且 「带动就业人数」 满 1 人 且 「年度评估合格」",
        "3000 元", reading="1 人"), encoding="utf-8")
    assert main(["lint", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "已忽略 1 条" in out and "理由：保留" in out
    (tmp_path / "a.policy").write_text(HEAD + benefit("「正常经营时长」 满 6 个月 且 「正常经营时长」 不足 3 个月", "3000 元", reading="3 个月"),
                                       encoding="utf-8")
    assert main(["lint", str(tmp_path)]) == 1


def test_repository_policies_lint_clean():
    """Every real finding on the repository's policies is fixed or silenced with a reason."""
    from hzdsl.loader import load_policies

    loaded = load_policies([POLICIES])
    result = lint(loaded.program, timeout_s=20)
    assert not result.errors
    # W664 (out of time) depends on the machine and never fails lint; everything else must be clean
    assert [(f.code, f.message) for f in result.failing] == []
    assert all(f.silenced for f in result.silenced)


def test_check_shows_the_cheap_lint_warnings_and_honours_silences(tmp_path, capsys):
    import shutil

    shutil.copy(POLICIES / "official.txt", tmp_path / "official.txt")
    (tmp_path / "a.policy").write_text(HEAD + "术语 「未用」 依据「重点人群」 指 「企业行业」 是 “养老”。\n"
                                       + "# 忽略 W601：只供录入核对\n事实 「备用」：个人 布尔。\n"
                                       + benefit("「初次创办企业或个体工商户」 且 「正常经营时长」 满 6 个月 且 「带动就业人数」 满 1 人 且 「年度评估合格」",
                                                 "3000 元", reading="1 人"), encoding="utf-8")
    assert main(["check", str(tmp_path)]) == 0  # warnings only
    err = capsys.readouterr().err
    assert "W661" in err and "W660" in err  # 未用 and 企业行业 (read only by 未用)
    assert "备用" not in err  # its W601 is silenced with a reason
