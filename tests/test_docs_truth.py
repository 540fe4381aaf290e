"""The docs tell the truth: the tutorial's exercise, followed to the letter, lands in policies/; E202 says
which file and what to do; facts.policy says where facts live; official-text amendments are described."""
from __future__ import annotations

import re
import shutil

from hzdsl.ir import clause_order, ir_of
from hzdsl.loader import load_policies

from .conftest import REPO

DOCS = REPO / "docs"
TUTORIAL = (DOCS / "教程.md").read_text(encoding="utf-8")


def tutorial_policy() -> str:
    (block,) = re.findall(r"新建 `练习/导师.policy`：\n\n```policy\n(.*?)```", TUTORIAL, re.S)
    return block


def test_tutorial_exercise_copied_into_policies_gets_e202_naming_the_file(tmp_path):
    policies = tmp_path / "policies"
    shutil.copytree(REPO / "policies", policies)
    (policies / "导师.policy").write_text(tutorial_policy(), encoding="utf-8")
    errors = load_policies([policies]).errors
    clause = [d for d in errors if d.code == "E202" and "条款 六" in d.message]
    assert clause, [str(d) for d in errors]
    assert "policies/c06.policy" in clause[0].message.replace(str(tmp_path) + "/", "")
    assert "c06.policy" in clause[0].hint and "删去" in clause[0].hint and "写进" in clause[0].hint


def test_tutorial_step_8_followed_to_the_letter_checks(tmp_path):
    """Step 8: drop the 条款 line, drop every declaration E202 reports as already defined, append the
    rest to c06.policy; then `hzdsl check` passes."""
    policies = tmp_path / "policies"
    shutil.copytree(REPO / "policies", policies)
    text = tutorial_policy()
    text = re.sub(r"^条款 六 「[^」]*」。\n", "", text, flags=re.M)  # step 1
    probe = policies / "导师.policy"
    probe.write_text("条款 六 「强化创业导师服务」。\n" + text, encoding="utf-8")
    dup_names = {m.group(1) for d in load_policies([policies]).errors if d.code == "E202"
                 for m in [re.search(r"名称「(.+?)」重复定义", d.message)] if m}
    probe.unlink()
    assert dup_names  # the repository already has this sentence
    blocks = re.split(r"\n(?=\S)", text)  # step 2: one declaration per block (continuation lines indented)
    kept = [b for b in blocks if not any(f"「{name}」" in b.split("\n")[0] for name in dup_names)]
    c06 = policies / "c06.policy"
    c06.write_text(c06.read_text(encoding="utf-8") + "\n" + "\n".join(kept), encoding="utf-8")  # step 3
    loaded = load_policies([policies])
    assert not loaded.errors, [str(d) for d in loaded.errors]


def test_facts_policy_says_where_facts_live(program):
    header = (REPO / "policies" / "facts.policy").read_text(encoding="utf-8").split("\n\n")[0]
    assert "条款（三）（四）" in header and "最先用到" in header and "c08.policy" in header and "c19.policy" in header
    prog = ir_of(program)
    used: dict[str, set[str]] = {}
    for key, b in prog.benefits.items():
        for f in prog.deps[key].facts:
            used.setdefault(f, set()).add(b.clause)
    for key, info in program.facts.items():
        where = info.decl.span.file
        clauses = used.get(key, set())
        if where.endswith("facts.policy"):
            # 条款（三）（四）'s facts, or a person's basic facts
            assert clauses & {"三", "四"} or key in {"身份", "性别", "年龄"}, (key, clauses)
        else:
            # declared in the clause file that first uses it
            assert not clauses or info.decl.clause == min(clauses, key=clause_order), (key, where, clauses)
    assert program.params["最低月工资标准"].decl.span.file.endswith("c08.policy")
    assert program.params["最低生活保障标准"].decl.span.file.endswith("c19.policy")
    assert program.params["LPR"].decl.span.file.endswith("facts.policy")


def test_docs_say_how_to_amend_the_official_text():
    section = TUTORIAL.split("## 原文本身改了怎么办")[1]
    for step in ("official.txt", "E401", "依据", "hzdsl test", "原文（official.txt）变更"):
        assert step in section


def _block_after(marker: str, lang: str) -> str:
    """The first ```lang block after `marker` in the tutorial (the text a reader copies or compares)."""
    (block,) = re.findall(re.escape(marker) + r".*?```" + lang + r"\n(.*?)```", TUTORIAL, re.S)[:1]
    return block


def test_tutorial_steps_2_to_7_work_as_printed(tmp_path, monkeypatch, capsys):
    """Steps 2–7 to the letter, in a fresh exercise folder: the rule checks clean (the ✔ line the tutorial
    prints), the misquote gives the E401 line it prints, the hand-worked case runs to 2900 元 and passes
    `hzdsl test`, and coverage shows the （六） line it prints. Before, step 3 failed: the rule wrote
    「在 1 次 以上」 with no `读法 1 次` (E210), so check exited 1 and run/test exited 2."""
    from hzdsl.cli import main

    def said() -> str:
        return "".join(capsys.readouterr())

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "200")
    ex = tmp_path / "练习"
    ex.mkdir()  # mkdir 练习 && cp policies/official.txt 练习/
    shutil.copy(REPO / "policies" / "official.txt", ex / "official.txt")
    policy = tutorial_policy()
    (ex / "导师.policy").write_text(policy, encoding="utf-8")

    wrong = policy.replace("1000 元/次申领补贴」", "1000 元/次领取补贴」")
    assert wrong != policy
    (tmp_path / "误写").mkdir()
    shutil.copy(ex / "official.txt", tmp_path / "误写" / "official.txt")
    (tmp_path / "误写" / "导师.policy").write_text(wrong, encoding="utf-8")
    assert main(["check", "误写"]) == 1
    printed = _block_after("假如把引文中的“申领”误写成了“领取”", "text").splitlines()[0]
    assert printed.replace("练习/", "误写/") in said()

    assert main(["check", "练习"]) == 0
    assert _block_after("照原文改正后", "text").strip() in said()

    (ex / "导师.yaml").write_text(_block_after("新建 `练习/导师.yaml`", "yaml"), encoding="utf-8")
    assert main(["run", "练习/导师.yaml", "-p", "练习", "--explain"]) == 0
    tree_head = _block_after("hzdsl run 练习/导师.yaml -p 练习 --explain", "text").splitlines()[0]
    assert tree_head == "创业导师服务补贴  条款（六）  符合  2900 元"  # 3 × 300 + 2 × 1000, worked by hand
    assert tree_head in said()

    assert main(["test", "练习/导师.yaml", "-p", "练习"]) == 0
    assert _block_after("hzdsl test 练习/导师.yaml -p 练习", "text").splitlines()[0] in said()

    assert main(["coverage", "练习"]) == 0
    line = _block_after("hzdsl coverage 练习", "text").splitlines()[0]
    assert line in said()


def _good_examples():
    """The ```policy blocks of the pages that teach how to write rules (not the error-code page, whose
    examples show errors on purpose)."""
    import pytest

    for page in ("语言参考.md", "教程.md"):
        text = (DOCS / page).read_text(encoding="utf-8")
        for m in re.finditer(r"^```policy[ \t]*\n(.*?)^```", text, re.S | re.M):
            yield pytest.param(m.group(1), id=f"{page}:{text[: m.start()].count(chr(10)) + 2}")


QUOTE_CODES = {"E401", "E210"}  # a quote not in the text, a number not in its quote


def test_every_example_a_drafter_copies_quotes_the_text_and_its_numbers():
    """A drafter copies these examples: each quote must be in official.txt and each number a rule writes in
    its quote (or a 读法). Before: 语言参考.md's 读法 example named clause 十六 「加强技能人才激励」 (not the
    text's title, E401), and the 查表, 贷款 and 除外 examples wrote numbers their quotes do not hold (E210)
    — tests/test_docs.py only parses the examples."""
    from hzdsl.frontend import check_sources

    official = (REPO / "policies" / "official.txt").read_text(encoding="utf-8")
    bad, examples = [], list(_good_examples())
    for p in examples:
        (code,) = p.values
        loaded = check_sources({f"{p.id}.policy": code}, official)
        bad += [f"{p.id}: {d.code} {d.message}" for d in loaded.diagnostics if d.code in QUOTE_CODES]
    assert len(examples) >= 20
    assert not bad, "\n".join(bad)
