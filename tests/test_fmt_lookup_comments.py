"""fmt keeps a comment written above a lookup's 其他 row above that row (breaker s22; the fmt-comment-moved kind).

The default row is anchored at its value, after 「其他 为」; the rule that lets keywords stand between a comment and
its line allowed one keyword only, so the comment moved above the table's FIRST row — where it explains the wrong
row. Found by test_robust's own-line-comment property on a generated 例外; here as a drafter writes it."""
from __future__ import annotations

from hzdsl.review.fmt import format_text

TEXT = """待遇 「甲」(补贴)
    依据「0」
    若 「乙」
    则 按 「等级」：
        “一级” 为 3000 元；
        # 其他等级按 1000 元
        其他 为 1000 元，一次性。
"""


def test_a_comment_above_the_default_row_stays_there():
    out, diags = format_text(TEXT, "t.policy")
    assert not diags
    lines = [x.strip() for x in out.splitlines()]
    i = lines.index("# 其他等级按 1000 元")
    assert lines[i - 1] == "“一级” 为 3000 元；" and lines[i + 1].startswith("其他 为 1000 元")
    assert format_text(out, "t.policy")[0] == out


def test_a_comment_above_a_row_stays_above_it():
    text = TEXT.replace("        # 其他等级按 1000 元\n", "").replace("        “一级”", "        # 一级\n        “一级”")
    out, _ = format_text(text, "t.policy")
    lines = [x.strip() for x in out.splitlines()]
    i = lines.index("# 一级")
    assert lines[i + 1] == "“一级” 为 3000 元；"


def test_a_comment_above_a_bracketed_default_stays_there():
    """The default's value in brackets (其他 为 (非 按规定)): its line is anchored inside the bracket."""
    text = TEXT.replace("其他 为 1000 元", "其他 为 (1000 元 + 0 元)")
    out, _ = format_text(text, "t.policy")
    lines = [x.strip() for x in out.splitlines()]
    i = lines.index("# 其他等级按 1000 元")
    assert lines[i + 1].startswith("其他 为 ")
