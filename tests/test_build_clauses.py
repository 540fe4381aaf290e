"""Every declaration stands under the clause header (条款) before it — also when parsing had to
resynchronise statement by statement after a syntax error (the builder carries the clause in force
from one statement to the next, hzdsl/syntax/build.py `_Builder.clause`)."""
from hzdsl.syntax import nodes as n
from hzdsl.syntax.build import parse_module

TEXT = """\
事实 「前言」：个人 布尔。
条款 一 「强化就业优先导向的宏观调控」。
事实 「甲」：个人 布尔。
事实 「乙」：个人 布尔 多余。
条款 二 「强化就业优先导向的宏观调控」。
事实 「丙」：个人 布尔。
条款 三 「强化就业优先导向的宏观调控」。
事实 「丁」：个人 布尔。
"""


def _clauses(text: str) -> dict[str, str]:
    module, _ = parse_module(text, "c.policy")
    return {(d.name.text if hasattr(d, "name") else "条款" + d.number): d.clause for d in module.decls}


def test_each_declaration_under_the_header_before_it():
    # worked out from the text: 前言 precedes every header; 甲 follows 一, 丙 follows 二, 丁 follows 三
    assert _clauses(TEXT.replace(" 多余", "")) == {
        "前言": "", "条款一": "一", "甲": "一", "乙": "一", "条款二": "二", "丙": "二", "条款三": "三", "丁": "三"}


def test_clause_carries_over_when_parsing_resynchronises():
    module, diags = parse_module(TEXT, "c.policy")
    assert [d.code for d in diags] and all(isinstance(d, n.Decl) for d in module.decls)  # 乙 is refused
    assert _clauses(TEXT) == {"前言": "", "条款一": "一", "甲": "一", "条款二": "二", "丙": "二", "条款三": "三", "丁": "三"}
