"""The reviewer's comment (`hzdsl diff --format markdown`): changes open, item and word diffs, official
text first, quotes of every added or changed benefit, uncovered benefits, runnable examples, and a
version that does not check failing loudly."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from hzdsl.cli import main

from .conftest import REPO

C03_CASES = REPO / "tests" / "cases" / "c03"


def version(tmp_path: Path, name: str, edits: dict[str, list[tuple[str, str]]] | None = None) -> Path:
    """A copy of the repository's policies with textual edits {file: [(old, new), …]} applied."""
    folder = tmp_path / name
    shutil.copytree(REPO / "policies", folder)
    for file, pairs in (edits or {}).items():
        p = folder / file
        text = p.read_text(encoding="utf-8")
        for old, new in pairs:
            assert old in text, (file, old)
            text = text.replace(old, new, 1)
        p.write_text(text, encoding="utf-8")
    return folder


def comment(capsys, old: Path, new: Path, *extra: str) -> tuple[int, str, str]:
    cases = [] if "--no-impact" in extra else ["--cases", str(C03_CASES)]  # the two contradict (usage error)
    code = main(["diff", str(old), str(new), "--format", "markdown", *cases, *extra])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


AMOUNT = {"c03.policy": [("    则 3000 元，一次性。", "    则 4000 元，一次性。"),
                          ("可按规定申领 3000 元的一次性创业补贴」\n", "可按规定申领 3000 元的一次性创业补贴」\n    读法 4000 元 “修订草案的数，原文尚未改”\n")]}
DEFINITION = {"c03.policy": [("        「持证残疾人」、「自主择业军转干部」", "        「自主择业军转干部」")]}
THRESHOLD = {"c03.policy": [("「正常经营时长」 满 6 个月", "「正常经营时长」 满 12 个月"),
                             ("可按规定申领 3000 元的一次性创业补贴」\n", "可按规定申领 3000 元的一次性创业补贴」\n    读法 12 个月 “修订草案的数，原文尚未改”\n")]}
OFFICIAL = {
    "official.txt": [("可按规定申领 3000 元的一次性创业补贴", "可按规定申领 5000 元的一次性创业补贴")],
    "c03.policy": [("可按规定申领 3000 元的一次性创业补贴」", "可按规定申领 5000 元的一次性创业补贴」"),
                   ("    则 3000 元，一次性。", "    则 5000 元，一次性。"),
                   # the once-only limit quotes the same sentence
                   ("依据「可按规定申领 3000 元的一次性创业补贴」", "依据「可按规定申领 5000 元的一次性创业补贴」")],
}


def test_changes_are_open_and_the_case_table_folded(tmp_path, capsys):
    code, md, _ = comment(capsys, version(tmp_path, "old"), version(tmp_path, "new", AMOUNT))
    assert code == 0
    assert md.startswith("<!-- hzdsl-policy-review -->\n")
    head = md.index("#### 条款（三）· 待遇「一次性创业补贴」：变更")
    assert "<details>" not in md[:head]  # nothing folded before the change itself
    body = md[head:md.index("<details>", head)]
    assert "- 金额：`3000 元` → `4000 元`" in body
    # the benefit's quote is shown, so the reviewer sees which words it rests on (and that they say 3000)
    assert "、「初次创办企业或个体工商户，正常经营 6 个月，可按规定申领 3000 元的一次性创业补贴」" in body
    assert "> 依据「本文件重点人群指在校大学生、" in body
    # the long case table is the part that is folded
    assert re.search(r"<details>\n<summary>结果改变的案例（\d+ / \d+）</summary>", md)


def test_definition_change_is_an_item_diff(tmp_path, capsys):
    _, md, _ = comment(capsys, version(tmp_path, "old"), version(tmp_path, "new", DEFINITION), "--no-impact")
    assert "#### 条款（三）· 术语「重点人群」：变更" in md
    assert "- 定义（以下之一） 删除：`「持证残疾人」`" in md
    assert "「在校大学生」" not in md.split("术语「重点人群」")[1].split("影响待遇")[0]  # not the whole list again


def test_condition_threshold_change_is_a_word_diff(tmp_path, capsys):
    _, md, _ = comment(capsys, version(tmp_path, "old"), version(tmp_path, "new", THRESHOLD), "--no-impact")
    assert "- 条件：「正常经营时长」 满 ~~6~~**12** 个月" in md


def test_official_text_changes_come_first_as_a_word_diff(tmp_path, capsys):
    code, md, _ = comment(capsys, version(tmp_path, "old"), version(tmp_path, "new", OFFICIAL), "--no-impact")
    assert code == 0
    first = md.index("#### ")
    assert md[first:].startswith("#### 原文（official.txt）变更：1 处")
    assert "可按规定申领 ~~3000~~**5000** 元的一次性创业补贴" in md
    assert "**原文 1 处变更；1 项待遇变更，其他 限制 1 处改动**" in md  # the once-only limit quotes it too
    assert md.index("原文（official.txt）变更") < md.index("待遇「一次性创业补贴」：变更")


def test_official_text_change_alone_is_announced(tmp_path, capsys):
    edits = {"official.txt": [("强化就业优先导向的宏观调控", "强化就业优先导向的宏观调控政策")]}
    old, new = version(tmp_path, "old"), version(tmp_path, "new", edits)
    code, md, _ = comment(capsys, old, new, "--no-impact")
    assert "#### 原文（official.txt）变更：1 处" in md and "宏观调控**政策**" in md
    assert "无语义变更" not in md.split("\n\n")[2]
    assert main(["diff", str(old), str(new), "--no-impact", "--exit-code"]) == 1


NEW_BENEFIT = {"c03.policy": [("    则 3000 元，一次性。", "    则 3000 元，一次性。\n\n"
                               "待遇 「创业带动就业补贴（试行）」(补贴)\n"
                               "    依据「创办企业或个体工商户符合条件的，可按规定申领创业带动就业补贴」\n"
                               "    读法 2000 元 “试行的金额，原文未定”\n"
                               "    若 「创办企业或个体工商户」\n    则 2000 元。")]}


def test_added_benefit_shows_its_quote_and_that_no_case_covers_it(tmp_path, capsys):
    _, md, _ = comment(capsys, version(tmp_path, "old"), version(tmp_path, "new", NEW_BENEFIT))
    section = md.split("#### 条款（三）· 待遇「创业带动就业补贴（试行）」：新增")[1].split("####")[0]
    assert "> 依据「创办企业或个体工商户符合条件的，可按规定申领创业带动就业补贴」" in section
    assert "没有案例覆盖此待遇" in section
    # a changed benefit that cases do cover is not flagged
    _, md, _ = comment(capsys, version(tmp_path, "old2"), version(tmp_path, "new2", AMOUNT))
    assert "没有案例覆盖此待遇" not in md


def yaml_blocks(md: str) -> list[str]:
    return [re.sub(r"^  ", "", b, flags=re.M) for b in re.findall(r"```yaml\n(.*?)\n\s*```", md, re.S)]


@pytest.mark.parametrize("edits", [AMOUNT, DEFINITION, THRESHOLD], ids=["amount", "definition", "threshold"])
def test_every_printed_example_runs_and_gives_the_printed_answers(tmp_path, capsys, edits):
    old, new = version(tmp_path, "old"), version(tmp_path, "new", edits)
    _, md, _ = comment(capsys, old, new)
    blocks = yaml_blocks(md)
    assert blocks, md
    lines = [x for x in md.splitlines() if x.startswith("- 「") and "旧版本" in x]
    assert len(lines) == len(blocks)
    for i, (block, line) in enumerate(zip(blocks, lines)):
        case = tmp_path / f"example{i}.yaml"
        case.write_text(block, encoding="utf-8")
        # the printed 预期 is the new version's answer: hzdsl test passes on the new version …
        assert main(["test", str(case), "-p", str(new)]) == 0, (block, capsys.readouterr().out)
        capsys.readouterr()
        # … and the old version gives the printed old answer
        m = re.match(r"- 「(.+?)」：旧版本 (.+?) → 新版本 \*\*(.+?)\*\*", line)
        benefit, before, after = m.groups()
        for folder, expect in ((old, before), (new, after)):
            assert main(["run", str(case), "-p", str(folder), "--format", "json", "--benefit", benefit]) == 0
            got = next(d for d in json.loads(capsys.readouterr().out)["待遇"] if d["待遇"] == benefit)
            shown = got["结论"] + (f" {got['金额']['显示']}" if got["结论"] == "符合" and got["金额"] else "")
            assert shown == expect, (benefit, folder.name, shown, expect)


def test_a_version_that_does_not_check_fails_loudly(tmp_path, capsys):
    broken = {"c03.policy": [("    则 3000 元，一次性。", "    则 3000 元，一次性。\n待遇 「坏」 依据「可按规定申领 3000 元的一次性创业补贴」"
                                                        " 若 「没有这个事实」 则 3000 元。")]}
    old, new = version(tmp_path, "old"), version(tmp_path, "new", broken)
    code, md, err = comment(capsys, old, new)
    assert code == 1
    assert f"#### ✘ 版本 `{new}` 未通过 hzdsl check（1 个错误）" in md
    assert "E201" in md and "「没有这个事实」" in md and "c03.policy:" in md
    assert md.index("未通过 hzdsl check") < md.index("#### 条款")
    assert "E201" in err and "未通过 hzdsl check" in err
    # located in the file as the user named it, with its line (was: "new:c03.policy:…", no source line)
    at = re.search(r"c03\.policy:(\d+):(\d+)", err)
    assert f"{new / 'c03.policy'}:{at[1]}:{at[2]}" in err and f"`{new / 'c03.policy'}:{at[1]}:" in md
    assert f"{new}:c03.policy" not in err + md
    assert f"{at[1]} | 待遇 「坏」" in err
    code = main(["diff", str(old), str(new), "--format", "json", "--no-impact"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1 and data["未通过检查的版本"][0]["版本"] == str(new)


@pytest.mark.parametrize("width", [50, 60])
def test_terminal_diff_wraps_at_chinese_break_points(tmp_path, capsys, monkeypatch, width):
    # the terminal diff wrapped at spaces only: a word-diff marker [-3000-] could end a line apart from
    # its number's unit, and 」、 began lines; every view now wraps through linebreak.fit
    from rich.cells import cell_len

    monkeypatch.setenv("COLUMNS", str(width))
    edits = {**OFFICIAL, "c03.policy": OFFICIAL["c03.policy"] + DEFINITION["c03.policy"]}
    code = main(["diff", str(version(tmp_path, "old")), str(version(tmp_path, "new", edits)), "--no-impact", "--no-prove"])
    out, err = capsys.readouterr()
    assert code == 0 and "Traceback" not in out + err
    lines = [x.rstrip() for x in out.splitlines() if x.strip()]
    assert max(cell_len(x) for x in lines) <= width
    assert not [x for x in lines if x.lstrip()[0] in "」）、，。："], lines
    # the changed number keeps its markers and its unit on one line
    assert any("[-3000-]{+5000+} 元" in x for x in lines), lines
    # continuation lines keep the four-space indent of their paragraph (hanging indent)
    at = next(i for i, x in enumerate(lines) if x.startswith("    依据"))
    assert lines[at + 1].startswith("    ") and not lines[at + 1].startswith("     ")


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_no_change_is_said_once(tmp_path, capsys, fmt):
    # 「无语义变更」 was printed twice: as the summary line and again as a note (breaker)
    old = version(tmp_path, "old")
    new = version(tmp_path, "new", {"c03.policy": [("    则 3000 元，一次性。", "    则 3000 元，一次性。  # 注释")]})
    assert main(["diff", str(old), str(new), "--no-impact", "--no-prove", "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert out.count("无语义变更") == 1, out
    assert "1 个文件仅排版、注释或空白不同" in out
    assert main(["diff", str(old), str(old), "--no-impact", "--no-prove", "--format", fmt]) == 0
    assert capsys.readouterr().out.count("无语义变更") == 1


def test_printed_examples_use_plausible_rates(tmp_path, capsys):
    # the example search tried every number on a ladder up to 1000 units: the comment read 「LPR = 1000%」
    # for 个人创业担保贷款全额贴息 — runnable, and nonsense to a reviewer. Rates are tried up to 100%.
    edits = {"c03.policy": AMOUNT["c03.policy"] + DEFINITION["c03.policy"]}
    code, md, _ = comment(capsys, version(tmp_path, "old"), version(tmp_path, "new", edits))
    assert code == 0
    rates = re.findall(r"(?:LPR|利率) = ([\d.]+)%", md)
    assert rates and all(float(r) <= 100 for r in rates), rates
