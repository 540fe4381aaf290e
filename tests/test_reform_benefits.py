"""`hzdsl diff OLD NEW --population P` screens only the benefits whose meaning changed (review.impact.reform_benefits),
so a 历史汇总 file needs only their columns (breaker s20: with the real policies it was always refused, E923 for the
15 summary columns of benefits that did not change); `diff --benefit` narrows it further.

Expected lists are read off the policy text (grep of who uses the changed term/limit/exception), figures by hand.
"""
from __future__ import annotations

import csv
import json
import shutil
from decimal import Decimal

import pytest

from hzdsl.cli import main
from hzdsl.loader import load_policies
from tests.conftest import POLICIES

pytest.importorskip("duckdb")

C03_RULE = ("    若 「重点人群」 且 「初次创办企业或个体工商户」 且 「正常经营时长」 满 6 个月\n", "    若 「重点人群」 且 「正常经营时长」 满 6 个月\n")

# one reform of each kind; each (file, old text, new text) is asserted to occur exactly once
REFORMS = {
    # 条件: 一次性创业补贴 no longer asks 初次创办 (breaker s20's /tmp/brk20/rf)
    "condition": [("c03.policy", *C03_RULE)],
    # 术语: 「三类企业」 without 现代农业 — used by 三类企业创业补贴 (c03) and 高校毕业生三类企业就业补贴 (c08)
    "term": [("c03.policy", "“养老”、“家政服务”、“现代农业” 之一", "“养老”、“家政服务” 之一")],
    # 限制: 3 loans → 2 for the two loans (c04 「创业担保贷款次数」; the 贴息 have their own limit)
    "limit": [("c04.policy", "    依据「贷款次数累计不超过 3 次」\n    适用于 「个人创业担保贷款」、「企业吸纳就业创业担保贷款」：累计 不超过 3 次。",
               "    依据「贷款次数累计不超过 3 次」\n    读法 2 次 “改革草案：贷款次数累计不超过 2 次”\n"
               "    适用于 「个人创业担保贷款」、「企业吸纳就业创业担保贷款」：累计 不超过 2 次。")],
    # 例外: 留用率 达到 40% (was 50%) for the 80% rate of 见习学员生活补贴 (c08)
    "exception": [("c08.policy", "    若 「就业见习基地年度评估合格」 且 「留用率」 达到 50%\n",
                   "    读法 40% “改革草案：留用率达到 40%”\n    若 「就业见习基地年度评估合格」 且 「留用率」 达到 40%\n")],
    # 事实: 初次创办 no longer 蕴含 创办企业或个体工商户 — benefits reading 创办… change for rows where only 初次 is given
    "implies": [("facts.policy", "    蕴含 「创办企业或个体工商户」，\n", "")],
    # text only: a fact's 释义 and a comment — nobody's answer changes
    "text": [("facts.policy", "释义 “自毕业之日起至评估日期的时长”", "释义 “自毕业之日起到评估日期为止的时长”"),
             ("c03.policy", "# 条款（三）加大创业资金扶持力度\n", "# 条款（三）加大创业资金扶持力度（改革草案）\n")],
}


def reformed(tmp_path, kind: str):
    new = tmp_path / f"new-{kind}"
    shutil.copytree(POLICIES, new)
    for name, old, text in REFORMS[kind]:
        path = new / name
        body = path.read_text(encoding="utf-8")
        assert body.count(old) == 1, (kind, old)
        path.write_text(body.replace(old, text), encoding="utf-8")
    return new


def program_of(path):
    loaded = load_policies([path])
    assert not loaded.errors, loaded.errors
    return loaded.program


def names(program, keys):
    return [program.benefits[k].name.text for k in keys]


@pytest.mark.parametrize("kind, expected", [
    ("condition", ["一次性创业补贴"]),
    ("term", ["三类企业创业补贴", "高校毕业生三类企业就业补贴"]),
    ("limit", ["个人创业担保贷款", "企业吸纳就业创业担保贷款"]),
    ("exception", ["见习学员生活补贴"]),
    ("text", []),
])
def test_the_benefits_whose_meaning_changed(tmp_path, kind, expected):
    from hzdsl.review.impact import reform_benefits

    old, new = program_of(POLICIES), program_of(reformed(tmp_path, kind))
    assert names(new, reform_benefits(old, new)) == expected


def test_an_added_or_removed_benefit_is_screened(tmp_path):
    from hzdsl.review.impact import reform_benefits

    new = tmp_path / "new"
    shutil.copytree(POLICIES, new)
    c03 = new / "c03.policy"
    text = c03.read_text(encoding="utf-8")
    start = text.index("待遇 「创业带动就业补贴」")
    end = text.index("术语 「三类企业」")
    c03.write_text(text[:start] + text[end:], encoding="utf-8")  # the reform drops 创业带动就业补贴
    old, new = program_of(POLICIES), program_of(new)
    assert names(old, reform_benefits(old, new)) == ["创业带动就业补贴"]
    assert names(old, reform_benefits(new, old)) == ["创业带动就业补贴"]  # and back: added


def changed(row) -> bool:  # the rows diff --population lists (commands/diff._population_impact)
    return bool(row.gain or row.lose or row.change or row.to_pending or row.from_pending or row.open_before != row.open_after
                or row.before != row.after or row.pending_before != row.pending_after)


# Rows each reform moves (by hand, 评估日期 2024-06-30), added to a generated population so that no kind is vacuous:
CRAFTED = [
    # exception: 留用率 45%, 6 个月 — 70% under OLD (2280 × 70% × 6 = 9576 元), 80% under NEW (10944 元): 金额改变
    {"编号": "X1", "见习基地": "是", "按规定发放见习学员生活补助": "是", "见习时长": "6 个月", "就业见习基地年度评估合格": "是",
     "留用率": "45%", "最低月工资标准": "2280 元/月"},
    # implies: 初次创办 是, 创办 not given — OLD reads 创办 from 初次 (蕴含): 创业带动就业补贴 符合 (按规定); NEW: 待定
    {"编号": "X2", "身份": "高校毕业生", "毕业时长": "2 年", "初次创办企业或个体工商户": "是", "符合创业带动就业补贴条件": "是"},
    # limit: two past loans — the third is allowed under OLD (≤ 3 次), not under NEW (≤ 2 次): 个人创业担保贷款 不再符合
    {"编号": "X3", "身份": "高校毕业生", "毕业时长": "1 年", "贷款类别": "个人", "符合条件的劳动者": "是", "贷款期限": "1 年",
     "贷款合同利率": "3.45%", "LPR": "3.45%"},
]
CRAFTED_CLAIMS = [{"编号": "X3", "待遇": "个人创业担保贷款", "日期": d, "申领人": "个人", "贷款期限": "1 年"}
                  for d in ("2020-03-01", "2022-03-01")]


def _append(path, rows, fill):
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        header, old = reader.fieldnames, list(reader)
    header += [c for c in dict.fromkeys(k for r in rows for k in r) if c not in header]  # 最低月工资标准 (a parameter) is no generated column
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, header)
        w.writeheader()
        w.writerows({c: r.get(c, "") for c in header} for r in old)
        w.writerows({c: r.get(c, fill.get(c, "")) for c in header} for r in rows)


def test_no_benefit_outside_the_list_changes_for_anyone(tmp_path):
    """The five reforms at once, every benefit of both versions screened (claims form, a generated population + the
    rows above): each benefit whose figures move is in reform_benefits' list, and the impact narrowed to the list
    equals the whole one — what makes screening only the list lossless. One screen of all 77 benefits per version
    (the cost of this test), so the reforms go together."""
    from hzdsl.backends.sql.reform import population_impact
    from hzdsl.review.impact import reform_benefits

    new = tmp_path / "new"
    shutil.copytree(POLICIES, new)
    for kind in ("condition", "term", "limit", "exception", "implies"):
        for name, old_text, text in REFORMS[kind]:
            body = (new / name).read_text(encoding="utf-8")
            assert body.count(old_text) == 1, (kind, old_text)
            (new / name).write_text(body.replace(old_text, text), encoding="utf-8")
    pop, hist = tmp_path / "p.csv", tmp_path / "h.csv"
    assert main(["population", "generate", "--n", "300", "--seed", "21", "--out", str(pop), "--history", str(hist)]) == 0
    _append(pop, CRAFTED, {"评估日期": "2024-06-30", "历史已知": "是"})
    _append(hist, CRAFTED_CLAIMS, {})
    old, new = program_of(POLICIES), program_of(new)
    whole = {r.name: r for r in population_impact(old, new, str(pop), str(hist)) if changed(r)}
    # not vacuous: a benefit of every kind of reform moves (the rows above, the generated ones for 条件 and 术语)
    assert {"一次性创业补贴", "三类企业创业补贴", "个人创业担保贷款", "见习学员生活补贴", "创业带动就业补贴"} <= set(whole), sorted(whole)
    listed = reform_benefits(old, new)
    assert set(whole) <= set(names(new, listed)), set(whole) - set(names(new, listed))
    narrow = {r.name: r for r in population_impact(old, new, str(pop), str(hist), benefits=listed) if changed(r)}
    assert narrow == whole


# breaker s20 (/tmp/brk20/rf): 历史汇总 with the one column the changed benefit reads. By hand (第三条, 评估日期
# 2024-06-30, all 毕业 2 年 高校毕业生 = 重点人群, 3000 元 when 正常经营 ≥ 6 个月):
#   A 初次 否, 8 个月, 0 claims:  OLD 不符合 → NEW 符合 3000        新增符合
#   B 初次 blank, 8 个月:         OLD 待定 (3000 known) → NEW 符合  不再待定
#   C 初次 是, 8 个月:            符合 3000 in both
#   D 初次 是, 3 个月:            不符合 in both
#   E 初次 否, 8 个月, 1 claim:   不符合 in both (NEW: paid once already)
#   F 历史已知 否:                OLD 不符合 (初次 否) → NEW 待定 3000 (history unknown)   转为待定
# 改前合计 3000 (C); 改后 9000 (A, B, C); 差额 over A, C, D, E: +3000; 待定 ranges 3000 (B before, F after).
SUMMARY_POP = ("编号,评估日期,历史已知,身份,毕业时长,初次创办企业或个体工商户,正常经营时长,历史次数「一次性创业补贴」\n"
               "A,2024-06-30,是,高校毕业生,2 年,否,8 个月,0\n"
               "B,2024-06-30,是,高校毕业生,2 年,,8 个月,0\n"
               "C,2024-06-30,是,高校毕业生,2 年,是,8 个月,0\n"
               "D,2024-06-30,是,高校毕业生,2 年,是,3 个月,0\n"
               "E,2024-06-30,是,高校毕业生,2 年,否,8 个月,1\n"
               "F,2024-06-30,否,高校毕业生,2 年,否,8 个月,\n")


def test_a_summary_file_needs_only_the_changed_benefits_columns(tmp_path, capsys):
    new = reformed(tmp_path, "condition")
    (tmp_path / "p.csv").write_text(SUMMARY_POP, encoding="utf-8")
    capsys.readouterr()
    rc = main(["diff", str(POLICIES), str(new), "--no-impact", "--no-prove", "--json", "--population", str(tmp_path / "p.csv")])
    out, err = capsys.readouterr()
    assert rc == 0, err  # was 2: E923, the 15 summary columns of benefits the reform does not touch
    p, = json.loads(out)["人群影响"]["待遇"]
    assert p["待遇"] == "一次性创业补贴"
    assert (p["新增符合"], p["不再符合"], p["金额改变"], p["转为待定"], p["不再待定"]) == (1, 0, 0, 1, 1)
    assert (p["改前合计"], p["改后合计"], p["差额"]) == ("3000", "9000", "3000")
    assert (p["改前待定金额下限"], p["改后待定金额上限"]) == ("3000", "3000")


def test_diff_benefit_narrows_the_population_impact(tmp_path, capsys):
    """Two reforms at once (c03 condition + the 三类企业 term): --benefit 三类企业 keeps the two 三类企业 benefits
    (a part of a name selects every name holding it), and a summary file then needs none of 一次性创业补贴's columns."""
    new = tmp_path / "new"
    shutil.copytree(reformed(tmp_path, "term"), new)
    c03 = new / "c03.policy"
    c03.write_text(c03.read_text(encoding="utf-8").replace(*C03_RULE), encoding="utf-8")
    # 三类企业 applicants (no summary column: neither 三类企业 benefit has a history limit). By hand: X (养老, 认定) is
    # 三类企业 in both; Y (现代农业, 认定) no longer — 高校毕业生三类企业就业补贴 and 三类企业创业补贴 are 按规定
    # (amount 待定) — Y is 符合 with the amount open before and 不符合 after: 不再符合 1, 改前金额待定 2 → 改后 1.
    (tmp_path / "p.csv").write_text(
        "编号,评估日期,身份,毕业时长,初次创办企业或个体工商户,企业行业,经行业主管部门认定,带动就业人数,"
        "为带动就业人员连续缴纳社会保险费时长,入职时毕业时长,就业后依法连续缴纳社会保险费时长\n"
        "X,2024-06-30,高校毕业生,2 年,是,养老,是,3 人,12 个月,1 年,12 个月\n"
        "Y,2024-06-30,高校毕业生,2 年,是,现代农业,是,3 人,12 个月,1 年,12 个月\n", encoding="utf-8")
    capsys.readouterr()
    args = ["diff", str(POLICIES), str(new), "--no-impact", "--no-prove", "--json", "--population", str(tmp_path / "p.csv")]
    rc = main([*args, "--benefit", "三类企业"])
    out, err = capsys.readouterr()
    assert rc == 0, err
    rows = {p["待遇"]: p for p in json.loads(out)["人群影响"]["待遇"]}
    assert set(rows) == {"三类企业创业补贴", "高校毕业生三类企业就业补贴"}  # not 一次性创业补贴, which changed too
    for p in rows.values():
        assert (p["新增符合"], p["不再符合"], p["改前金额待定"], p["改后金额待定"]) == (0, 1, 2, 1), p
    rc = main([*args, "--benefit", "三类企业补贴"])  # no name holds it: E807, nothing screened
    out, err = capsys.readouterr()
    assert rc == 2 and "E807" in err and "「三类企业补贴」" in err
    # --json: the refusal as JSON on stdout (breaker s22), no 人群影响
    assert [d["code"] for d in json.loads(out)["diagnostics"]] == ["E807"] and "人群影响" not in json.loads(out)


def test_diff_benefit_without_population_is_a_usage_error(capsys):
    assert main(["diff", str(POLICIES), str(POLICIES), "--benefit", "一次性创业补贴"]) == 2
    assert "--benefit 只与 --population 一起用" in capsys.readouterr().err


def _result(path) -> dict[tuple[str, str], tuple[str, Decimal | None, bool]]:
    with open(path, encoding="utf-8") as f:
        return {(r["编号"], r["待遇"]): (r["结论"], Decimal(r["金额"]) if r["金额"] else None, r["金额待定"] == "true")
                for r in csv.DictReader(f)}


def _impact_of(before: dict, after: dict, benefit: str) -> dict:
    """The reform table's figures of one benefit, counted in plain Python from two `screen --out` files."""
    ids = {i for i, b in [*before, *after] if b == benefit}
    out = dict.fromkeys(["新增符合", "不再符合", "金额改变", "转为待定", "不再待定", "改前金额待定", "改后金额待定"], 0)
    total_o = total_n = diff = Decimal(0)
    for i in ids:
        so, ao, uo = before.get((i, benefit), ("不符合", None, False))
        sn, an, un = after.get((i, benefit), ("不符合", None, False))
        out["新增符合"] += so == "不符合" and sn == "符合"
        out["不再符合"] += so == "符合" and sn == "不符合"
        out["金额改变"] += so == sn == "符合" and ao != an
        open_o, open_n = so in ("待定", "冲突"), sn in ("待定", "冲突")
        out["转为待定"] += not open_o and open_n
        out["不再待定"] += open_o and not open_n
        out["改前金额待定"] += so == "符合" and ao is None
        out["改后金额待定"] += sn == "符合" and an is None
        total_o += ao if so == "符合" and ao is not None else 0
        total_n += an if sn == "符合" and an is not None else 0
        if not open_o and not open_n and not (so == "符合" and ao is None) and not (sn == "符合" and an is None):
            diff += (an if sn == "符合" else 0) - (ao if so == "符合" else 0)
    out.update({"改前合计": total_o, "改后合计": total_n, "差额": diff})
    return out


def test_the_summary_form_reform_table_equals_two_screens(tmp_path, capsys):
    """On the real policies, a generated 历史汇总 population (every summary column), the 条件 and 术语 reforms at once:
    the reform table of each listed benefit equals what two independent `hzdsl screen --out` runs (OLD, NEW) give,
    counted here row by row."""
    new = reformed(tmp_path, "term")
    c03 = new / "c03.policy"
    c03.write_text(c03.read_text(encoding="utf-8").replace(*C03_RULE), encoding="utf-8")
    pop = tmp_path / "s.csv"
    assert main(["population", "generate", "--n", "1500", "--seed", "23", "--out", str(pop), "--history-form", "汇总"]) == 0
    capsys.readouterr()
    assert main(["diff", str(POLICIES), str(new), "--no-impact", "--no-prove", "--json", "--population", str(pop)]) == 0
    table = {p["待遇"]: p for p in json.loads(capsys.readouterr().out)["人群影响"]["待遇"]}
    assert {"一次性创业补贴", "三类企业创业补贴"} <= set(table)  # not vacuous
    picked = [a for b in table for a in ("--benefit", b)]
    for version, out in ((POLICIES, "o.csv"), (new, "n.csv")):
        assert main(["screen", str(pop), "-p", str(version), *picked, "--out", str(tmp_path / out)]) == 0
    capsys.readouterr()
    before, after = _result(tmp_path / "o.csv"), _result(tmp_path / "n.csv")
    for benefit, row in table.items():
        expected = _impact_of(before, after, benefit)
        sums = ("改前合计", "改后合计", "差额")
        if row["改前合计"] is None:  # not money paid (按规定: no unit, every amount open): no 合计 — and none known
            assert all(row[k] is None and expected.pop(k) == 0 for k in sums), (benefit, row, expected)
        got = {k: (Decimal(row[k]) if k in sums else row[k]) for k in expected}
        assert got == expected, benefit
