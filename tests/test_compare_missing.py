"""「待定事实」 in a case is compared by compact name, and a mismatch is reported, never raised.

Fact names may hold full-width brackets （）; the case loader folds them to ASCII, so the engine's
list of missing facts must be folded the same way before comparing.
"""
from __future__ import annotations

from hzdsl.cases.compare import compare
from hzdsl.cases.load import load_cases
from hzdsl.engine import run_case
from hzdsl.loader import load_policies

POLICY = """条款 六 「强化创业导师服务」。
事实 「与创业者（团队）结对」：个人 布尔。
事实 「另一事实」：个人 布尔。
待遇 「结对补贴」(补贴) 依据「可按每名创业者（团队）2000 元的标准申领补贴」 若 「与创业者（团队）结对」 则 2000 元。
"""


def _program(tmp_path):
    (tmp_path / "p.policy").write_text(POLICY, encoding="utf-8")
    loaded = load_policies([tmp_path])
    assert not loaded.errors, [str(d) for d in loaded.errors]
    return loaded.program


def _case(tmp_path, program, missing: str):
    f = tmp_path / "case.yaml"
    f.write_text(f"评估日期: 2023-06-30\n事实: {{}}\n预期:\n  结对补贴: {{结论: 待定, 待定事实: [{missing}]}}\n",
                 encoding="utf-8")
    return load_cases(f, program)[0]


def test_full_width_brackets_match(tmp_path):
    program = _program(tmp_path)
    case = _case(tmp_path, program, "与创业者（团队）结对")
    assert compare(case, run_case(program, case)) == []


def test_wrong_missing_fact_is_a_mismatch_not_an_error(tmp_path):
    program = _program(tmp_path)
    case = _case(tmp_path, program, "另一事实")
    problems = compare(case, run_case(program, case))
    assert [(m.field, m.expected) for m in problems] == [("待定事实", "另一事实")]
    assert "与创业者" in problems[0].actual
