"""hzdsl diff: semantic changes in plain words, case impact, distinguishing examples, git revisions.

The policies here are small transcriptions of clauses 三 and 四 written for the test (quotes verified
against policies/official.txt like any policy); the expected outcomes are worked out by hand in the
comments of each test.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from fractions import Fraction

import pytest

from hzdsl.cli import main
from hzdsl.review.diff import diff_modules, word_diff
from hzdsl.review.fmt import format_text
from hzdsl.review.impact import analyse
from hzdsl.review.report import markdown, summary_line
from hzdsl.review.versions import load, resolve

from .conftest import POLICIES

BASE = """事实 「身份」：个人 集合 取值 “高校毕业生”、“就业困难人员”。
事实 「初次创办企业或个体工商户」：个人 布尔。
事实 「正常经营时长」：企业 时长(个月)。
事实 「创业后依法缴纳社会保险费时长」：个人 时长(个月)。
事实 「杭州市户籍」：个人 布尔。
事实 「小微企业」：企业 布尔。
事实 「吸纳就业人数」：企业 计数(人)。

条款 三 「加大创业资金扶持力度」。

术语 「重点人群」
    依据「重点人群」
    指 「身份」 包含 “高校毕业生” 或 「身份」 包含 “就业困难人员”。

待遇 「一次性创业补贴」(补贴)
    依据「初次创办企业或个体工商户，正常经营 6 个月，可按规定申领 3000 元的一次性创业补贴」
    若 「重点人群」 且 「初次创办企业或个体工商户」 且 「正常经营时长」 满 6 个月
    则 3000 元，一次性。

待遇 「一次性创业社保补贴」(补贴)
    依据「依法缴纳社会保险费 12 个月，可按规定再申领 5000 元的一次性创业社保补贴」
    若 「重点人群」 且 「初次创办企业或个体工商户」 且 「创业后依法缴纳社会保险费时长」 满 12 个月
    则 5000 元，一次性。

条款 四 「支持创业担保贷款发展」。

待遇 「企业吸纳就业创业担保贷款」(贷款)
    依据「符合条件的小微企业，可申请最高 300 万元企业吸纳就业创业担保贷款，贷款额度按“企业吸纳重点人群和登记失业半年以内人员就业总数×20 万元”计算」
    若 「小微企业」
    则 最高 「吸纳就业人数」 × 20 万元/人，最高不超过 300 万元。

限制 「创业担保贷款次数」
    依据「贷款次数累计不超过 3 次」
    适用于 「企业吸纳就业创业担保贷款」：累计 不超过 3 次。
"""

# Hand-worked: 高校毕业生 (重点人群), 初次创办, 经营 8 个月 ≥ 6 → 一次性创业补贴 符合 3000 元;
# 社保 8 个月 < 12 → 社保补贴 不符合; no 小微企业 fact → the loan is 待定.
CASES = """案例:
  - 名称: 毕业生创业 8 个月
    评估日期: 2023-06-30
    事实:
      身份: [高校毕业生]
      初次创办企业或个体工商户: 是
      正常经营时长: 8 个月
      创业后依法缴纳社会保险费时长: 8 个月
  - 名称: 非重点人群
    评估日期: 2023-06-30
    事实:
      身份: []
      初次创办企业或个体工商户: 是
      正常经营时长: 8 个月
"""


def _version(tmp_path, name: str, text: str):
    folder = tmp_path / name
    folder.mkdir()
    (folder / "p.policy").write_text(text, encoding="utf-8")
    shutil.copy(POLICIES / "official.txt", folder / "official.txt")
    return folder


def _diff(tmp_path, new_text: str, old_text: str = BASE):
    old = load(resolve(str(_version(tmp_path, "old", old_text))))
    new = load(resolve(str(_version(tmp_path, "new", new_text))))
    assert not old.errors and not new.errors, [d.message for d in old.errors + new.errors]
    return old, new, diff_modules(old.modules, new.modules, new.program, old.program)


def draft(text: str, *edits: tuple[str, str, str, str]) -> str:
    """`text` with each edit (old, new, end of the edited rule's quote, the new number): the draft's number is
    not in the quote, so the draft declares it a 读法 after that quote (else the version fails check: E210)."""
    for old, new, quote_end, number in edits:
        assert old in text and quote_end in text
        text = text.replace(old, new).replace(quote_end, quote_end + f"\n    读法 {number} “修订草案的数，原文尚未改”", 1)
    return text


Q3_END = "可按规定申领 3000 元的一次性创业补贴」"
LOAN_END = "×20 万元”计算」"
COUNT_END = "依据「贷款次数累计不超过 3 次」"


def amount(text: str, yuan: int) -> str:
    """BASE with 一次性创业补贴 paying `yuan` 元 instead of 3000 元."""
    return draft(text, ("则 3000 元，一次性。", f"则 {yuan} 元，一次性。", Q3_END, f"{yuan} 元"))


def _changes(sem, name):
    d = next(x for x in sem.decls if x.name == f"「{name}」")
    return d, [(c.what, c.action, c.old, c.new) for c in d.changes]


def test_amount_change(tmp_path):
    _, _, sem = _diff(tmp_path, amount(BASE, 5000))
    d, changes = _changes(sem, "一次性创业补贴")
    assert (d.kind, d.status, d.clause) == ("待遇", "变更", "三")
    assert changes == [("金额", "变更", "3000 元", "5000 元")]
    assert len(sem.decls) == 1


def test_condition_added_and_removed(tmp_path):
    added = BASE.replace("满 6 个月\n", "满 6 个月 且 「杭州市户籍」\n")
    _, _, sem = _diff(tmp_path, added)
    assert _changes(sem, "一次性创业补贴")[1] == [("条件", "新增", "", "「杭州市户籍」")]
    other = tmp_path / "back"
    other.mkdir()
    _, _, back = _diff(other, BASE, old_text=added)
    assert _changes(back, "一次性创业补贴")[1] == [("条件", "删除", "「杭州市户籍」", "")]


def test_threshold_change_reads_as_one_change(tmp_path):
    _, _, sem = _diff(tmp_path, draft(BASE, ("「正常经营时长」 满 6 个月", "「正常经营时长」 满 12 个月", Q3_END, "12 个月")))
    assert _changes(sem, "一次性创业补贴")[1] == [
        ("条件", "变更", "「正常经营时长」 满 6 个月", "「正常经营时长」 满 12 个月")]


def test_cap_and_count_changes(tmp_path):
    new = draft(BASE, ("最高不超过 300 万元", "最高不超过 500 万元", LOAN_END, "500 万元"),
                ("累计 不超过 3 次", "累计 不超过 5 次", COUNT_END, "5 次"))
    _, _, sem = _diff(tmp_path, new)
    assert _changes(sem, "企业吸纳就业创业担保贷款")[1] == [("上限", "变更", "最高不超过 300 万元", "最高不超过 500 万元")]
    assert _changes(sem, "创业担保贷款次数")[1] == [("累计次数", "变更", "累计 不超过 3 次", "累计 不超过 5 次")]


def test_quote_change_is_a_word_diff(tmp_path):
    new = BASE.replace("可按规定申领 3000 元的一次性创业补贴」", "可按规定申领 3000 元」")
    _, _, sem = _diff(tmp_path, new)
    d = next(x for x in sem.decls if x.name == "「一次性创业补贴」")
    (c,) = d.changes
    assert (c.what, c.action) == ("依据", "变更")
    assert c.words == [("=", "初次创办企业或个体工商户，正常经营6个月，可按规定申领3000元"), ("-", "的一次性创业补贴")]
    md = markdown("旧", "新", sem, None, [])
    assert "~~的一次性创业补贴~~" in md


def test_word_diff_keeps_numbers_whole():
    assert word_diff("最高300万元", "最高500万元") == [("=", "最高"), ("-", "300"), ("+", "500"), ("=", "万元")]


def test_benefit_added_and_removed(tmp_path):
    start = BASE.index("待遇 「一次性创业社保补贴」")
    end = BASE.index("条款 四")
    without = BASE[:start] + BASE[end:]
    _, _, removed = _diff(tmp_path, without)
    d = next(x for x in removed.decls if x.name == "「一次性创业社保补贴」")
    assert d.status == "删除" and ("金额", "删除", "5000 元", "") in [(c.what, c.action, c.old, c.new) for c in d.changes]
    other = tmp_path / "second"
    other.mkdir()
    _, _, added = _diff(other, BASE, old_text=without)
    assert [(x.kind, x.name, x.status) for x in added.decls] == [("待遇", "「一次性创业社保补贴」", "新增")]
    assert summary_line(added, None) == "1 项待遇新增"


ADDED_CASES = """案例:
  - 名称: 社保时长未给
    评估日期: 2023-06-30
    事实:
      身份: [高校毕业生]
      初次创办企业或个体工商户: 是
  - 名称: 社保满 12 个月
    评估日期: 2023-06-30
    事实:
      身份: [就业困难人员]
      初次创办企业或个体工商户: 是
      创业后依法缴纳社会保险费时长: 12 个月
"""


def test_added_benefit_changes_only_cases_that_can_claim_it(tmp_path):
    start, end = BASE.index("待遇 「一次性创业社保补贴」"), BASE.index("条款 四")
    old, new, _ = _diff(tmp_path, BASE, old_text=BASE[:start] + BASE[end:])
    (tmp_path / "c.yaml").write_text(ADDED_CASES, encoding="utf-8")
    impact = analyse(old.program, new.program, [str(tmp_path / "c.yaml")], search=False)
    # 社保时长未给: 重点人群 and 初次创办 hold, the duration is unknown → 待定 under the new rule: not a change.
    # 社保满 12 个月: 就业困难人员 is 重点人群, 12 ≥ 12 → 符合 5000 元, which the old version did not grant.
    assert [(c.case, c.before, c.after) for c in impact.changes] == [("社保满 12 个月", "（无此待遇）", "符合 5000 元")]
    assert (impact.total, impact.changed_cases) == (2, 1)


def test_pure_reformat_is_no_semantic_change(tmp_path, capsys):
    formatted, _ = format_text(BASE, "p.policy")
    respaced = formatted.replace("「正常经营时长」", "「正常经营 时长」").replace("6 个月，可按规定", "6 个月，\n可按规定")
    new = "# 只加了注释、换了排版\n" + respaced
    _, _, sem = _diff(tmp_path, new)
    assert sem.is_empty
    assert main(["diff", str(tmp_path / "old"), str(tmp_path / "new"), "--no-impact"]) == 0
    assert "无语义变更" in capsys.readouterr().out
    assert main(["diff", str(tmp_path / "old"), str(tmp_path / "new"), "--no-impact", "--exit-code"]) == 0


def test_reordered_conditions_are_no_change(tmp_path):
    new = BASE.replace("若 「重点人群」 且 「初次创办企业或个体工商户」 且 「正常经营时长」 满 6 个月",
                       "若 「正常经营时长」 满 6 个月 且 「重点人群」 且 「初次创办企业或个体工商户」")
    _, _, sem = _diff(tmp_path, new)
    assert sem.is_empty


def _cases(tmp_path):
    folder = tmp_path / "cases"
    folder.mkdir(exist_ok=True)
    (folder / "c.yaml").write_text(CASES, encoding="utf-8")
    return [str(folder)]


def test_change_without_impact_on_cases(tmp_path):
    # the loan cap: neither case gives 小微企业, so the loan stays 待定 under both versions
    old, new, _ = _diff(tmp_path, draft(BASE, ("最高不超过 300 万元", "最高不超过 500 万元", LOAN_END, "500 万元")))
    impact = analyse(old.program, new.program, _cases(tmp_path))
    assert (impact.total, impact.changed_cases, impact.changes, impact.unreadable) == (2, 0, [], [])
    # a distinguishing example still exists: 20 万元/人 × 20 人 = 400 万元, capped at 300 万元 before, not after
    (ex,) = impact.examples
    # 20 万元/人 × p is capped at 300 万元 before and at 500 万元 after: they differ once p × 20 > 300
    assert set(ex.facts) == {"小微企业", "吸纳就业人数"}
    people = int(ex.facts["吸纳就业人数"].split()[0])
    assert people * 20 > 300
    assert (ex.before, ex.after) == ("符合 最高 300 万元", f"符合 最高 {min(people * 20, 500)} 万元")


def test_change_with_impact_and_distinguishing_example(tmp_path):
    old, new, _ = _diff(tmp_path, draft(BASE, ("「正常经营时长」 满 6 个月", "「正常经营时长」 满 12 个月", Q3_END, "12 个月")))
    impact = analyse(old.program, new.program, _cases(tmp_path))
    # 毕业生创业 8 个月: 8 ≥ 6 but 8 < 12 → 符合 3000 元 before, 不符合 after; 非重点人群 不符合 under both
    assert impact.total == 2 and impact.changed_cases == 1
    assert [(c.case, c.benefit, c.before, c.after) for c in impact.changes] == [
        ("毕业生创业 8 个月", "一次性创业补贴", "符合 3000 元", "不符合")]
    (ex,) = impact.examples
    # the smallest decisive fact set: the old rule needs all three conditions known and true to say 符合;
    # then any 经营时长 from 6 to 11 个月, or 12 个月 and more with the amounts equal — so 6 ≤ 时长 < 12.
    assert set(ex.facts) == {"身份", "初次创办企业或个体工商户", "正常经营时长"}
    months = Fraction(ex.facts["正常经营时长"].split()[0])
    assert 6 <= months < 12
    assert (ex.before, ex.after) == ("符合 3000 元", "不符合")


def test_markdown_summary_and_details(tmp_path):
    old, new, sem = _diff(tmp_path, amount(BASE, 5000))
    impact = analyse(old.program, new.program, _cases(tmp_path))
    md = markdown("main", "工作区", sem, impact, [])
    # 毕业生创业 8 个月 is 符合 under both, 3000 元 → 5000 元; 非重点人群 stays 不符合
    assert "**1 项待遇变更；2 个案例中 1 个结果改变**" in md
    assert "<details>" in md and "- 金额：`3000 元` → `5000 元`" in md
    assert "| 符合 3000 元 | 符合 5000 元 |" in md


def _git(repo, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=repo,
                   check=True, capture_output=True)


def test_diff_between_git_revisions(tmp_path, monkeypatch, capsys):
    repo = tmp_path / "repo"
    (repo / "policies").mkdir(parents=True)
    shutil.copy(POLICIES / "official.txt", repo / "policies" / "official.txt")
    (repo / "policies" / "p.policy").write_text(BASE, encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "one")
    (repo / "policies" / "p.policy").write_text(amount(BASE, 5000), encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "two")
    (repo / "policies" / "p.policy").write_text(amount(BASE, 6000), encoding="utf-8")
    monkeypatch.chdir(repo)
    assert main(["diff", "HEAD~1", "HEAD", "--json", "--no-impact"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["摘要"] == "1 项待遇变更"
    assert out["声明"][0]["变更"] == [{"项目": "金额", "变动": "变更", "原": "3000 元", "新": "5000 元"}]
    assert main(["diff", "HEAD", "--json", "--no-impact"]) == 0  # a revision against the working tree
    out = json.loads(capsys.readouterr().out)
    assert out["声明"][0]["变更"][0]["新"] == "6000 元"
    assert main(["diff", "HEAD", "HEAD", "--no-impact"]) == 0
    assert "无语义变更" in capsys.readouterr().out


def test_unknown_version_is_an_input_error(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["diff", "没有这个版本", "--no-impact"]) == 2
    err = capsys.readouterr().err
    assert "既不是文件或目录，也不是 git 版本" in err and "Traceback" not in err


@pytest.mark.parametrize("fmt", [["--format", "markdown"], ["--json"], []])
def test_diff_of_the_repository_against_itself(fmt, capsys):
    assert main(["diff", str(POLICIES), str(POLICIES), "--no-impact", *fmt]) == 0
    assert "无语义变更" in capsys.readouterr().out


# 读法: a lookup's rows (its keys are distinct literals, E202), the keys of one row, the options of 属于…之一, and
# a 限制's 适用于 / 计入 benefits and 同一「字段」 fields are sets — written in another order they mean the same, as
# 且 / 或 operands do (breaker s22: each reorder was a 变更, and `--exit-code` failed a PR that only reordered).
@pytest.mark.parametrize("file, old, new", [
    ("c15.policy", "“三级” 为 2000 元；\n        “二级” 为 2500 元；", "“二级” 为 2500 元；\n        “三级” 为 2000 元；"),
    ("c05.policy", "2、3 为 0.5 元/平方米·天", "3、2 为 0.5 元/平方米·天"),
    ("c15.policy", "属于 “五级”、“四级”、“三级”、“二级”、“一级” 之一", "属于 “一级”、“四级”、“三级”、“二级”、“五级” 之一"),
    ("c15.policy", "适用于 「特种作业操作证书项目补贴」、「培训合格证书项目补贴」、「创业培训补贴」：",
     "适用于 「创业培训补贴」、「培训合格证书项目补贴」、「特种作业操作证书项目补贴」："),
    ("c15.policy", "计入 「用人单位职业培训补贴」、「职业培训补贴」、「赛前训练补贴」：",
     "计入 「赛前训练补贴」、「职业培训补贴」、「用人单位职业培训补贴」："),
    ("c15.policy", "同一「职业」 同一「证书等级」 不可重复享受", "同一「证书等级」 同一「职业」 不可重复享受"),
])
def test_a_set_written_in_another_order_is_no_change(tmp_path, capsys, file, old, new):
    shutil.copytree(POLICIES, tmp_path / "old")
    shutil.copytree(POLICIES, tmp_path / "new")
    text = (tmp_path / "new" / file).read_text(encoding="utf-8")
    assert text.count(old) == 1
    (tmp_path / "new" / file).write_text(text.replace(old, new), encoding="utf-8")
    o, n = load(resolve(str(tmp_path / "old"))), load(resolve(str(tmp_path / "new")))
    assert not o.errors and not n.errors
    assert diff_modules(o.modules, n.modules, n.program, o.program).is_empty
    capsys.readouterr()
    assert main(["diff", str(tmp_path / "old"), str(tmp_path / "new"), "--no-impact", "--no-prove", "--exit-code"]) == 0
    assert "无语义变更" in capsys.readouterr().out


def test_a_lookup_row_moved_to_another_value_is_still_a_change(tmp_path):
    # the set reading must not hide a real edit: “四级” moved from the 500 元 row to the 800 元 row
    shutil.copytree(POLICIES, tmp_path / "old")
    shutil.copytree(POLICIES, tmp_path / "new")
    path = tmp_path / "new" / "c15.policy"
    text = path.read_text(encoding="utf-8")
    old = "“五级”、“四级” 为 500 元；“三级”、“二级”、“一级” 为 800 元"
    assert text.count(old) == 1
    path.write_text(text.replace(old, "“五级” 为 500 元；“四级”、“三级”、“二级”、“一级” 为 800 元"), encoding="utf-8")
    o, n = load(resolve(str(tmp_path / "old"))), load(resolve(str(tmp_path / "new")))
    assert not diff_modules(o.modules, n.modules, n.program, o.program).is_empty
