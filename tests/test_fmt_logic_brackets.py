"""fmt keeps — and writes — the brackets around a 且 chain inside 或 (breaker s22).

且 binds tighter than 或, so `「A」 或 (「B」 且 「C」)` and `「A」 或 「B」 且 「C」` mean the same; but 语言参考 tells
drafters “拿不准时加圆括号”, and fmt dropped the brackets a drafter wrote — the reviewer then read the classic trap
「A 或 B」且 C. The printer now brackets every 且 chain under 或 (the bundled c08/c09 gained them in five places);
the parsed meaning is unchanged, which the last test checks on the tree itself."""
from __future__ import annotations

from hzdsl.review.fmt import format_text

RULE = """事实 「甲」：个人 布尔。
事实 「乙」：个人 布尔。
事实 「丙」：个人 布尔。

待遇 「补」(补贴)
    依据「0」
    若 {cond}
    则 1000 元，一次性。
"""
BRACKETED = "「甲」 或 (「乙」 且 「丙」)"


def _condition(text: str) -> str:
    return next(line.strip()[2:] for line in text.splitlines() if line.strip().startswith("若 "))


def test_the_brackets_a_drafter_wrote_are_kept():
    out, diags = format_text(RULE.format(cond=BRACKETED), "t.policy")
    assert not diags
    assert _condition(out) == BRACKETED
    assert format_text(out, "t.policy")[0] == out


def test_an_unbracketed_mix_gets_the_brackets_of_its_meaning():
    out, _ = format_text(RULE.format(cond="「甲」 或 「乙」 且 「丙」"), "t.policy")
    assert _condition(out) == BRACKETED
    out, _ = format_text(RULE.format(cond="「乙」 且 「丙」 或 「甲」"), "t.policy")
    assert _condition(out) == "(「乙」 且 「丙」) 或 「甲」"


def test_brackets_that_change_the_meaning_stay_and_none_are_added_elsewhere():
    for cond in ["(「甲」 或 「乙」) 且 「丙」", "「甲」 且 「乙」 且 「丙」", "「甲」 或 「乙」 或 「丙」"]:
        assert _condition(format_text(RULE.format(cond=cond), "t.policy")[0]) == cond


def test_the_meaning_is_unchanged():
    """Both spellings parse to the same tree: 或 over 「甲」 and (且 over 「乙」, 「丙」)."""
    shapes = {_logic_shape(RULE.format(cond=c)) for c in ["「甲」 或 「乙」 且 「丙」", BRACKETED]}
    assert shapes == {("或", ("甲", ("且", ("乙", "丙"))))}


def _logic_shape(text: str):
    from hzdsl.syntax import nodes as n
    from hzdsl.syntax.build import parse_module

    module, diags = parse_module(text, "t.policy")
    assert not diags
    benefit = next(d for d in module.decls if isinstance(d, n.BenefitDecl))

    def shape(e):
        if isinstance(e, n.Logic):
            return (e.op, tuple(shape(x) for x in e.operands))
        assert isinstance(e, n.Ref), e
        return e.name.text
    return shape(benefit.condition)
