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
