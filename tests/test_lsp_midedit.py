"""Mid-edit, one syntax error is one diagnostic: a declaration the parser lost is not "undefined" where it is used.

The parser names the declaration a broken statement held (syntax.parser.Lost) so that the checker does not
report each use of it as E201. It looked for the declaration only at the very start of the statement: a
keyword typed on the line above (待遇 — the drafter starting a new rule) or a stray character before 术语
lost 「重点人群」 without its name, and every use of 「重点人群」 in c03 turned red as 未定义的名称 — four more
errors for one slip, with a did-you-mean pointing at an unrelated fact. Buffers only; nothing is written."""
from __future__ import annotations

import pytest

pytest.importorskip("lsprotocol")

from hzdsl.lsp.workspace import Workspace  # noqa: E402

from .conftest import POLICIES  # noqa: E402

C03 = POLICIES / "c03.policy"
HEAD = "术语 「重点人群」"


@pytest.mark.parametrize("typed", ["待遇\n", "待遇 「新待遇」\n", "x", "𠀀"],
                         ids=["keyword-above", "new-benefit-above", "stray-letter", "stray-astral"])
def test_a_slip_before_a_declaration_is_one_error_and_its_uses_stay_defined(typed):
    text = C03.read_text(encoding="utf-8")
    assert text.count(HEAD) == 1 and text.count("「重点人群」") > 1  # declared once, used below
    path = str(C03.resolve())
    folder = Workspace().folder_of(path)
    folder.set_buffer(path, text.replace(HEAD, typed + HEAD))
    found = [(d.code, d.span.line, d.message) for d in folder.check().loaded.diagnostics if d.is_error]
    assert [c for c, _, _ in found if c == "E201"] == [], found
    assert len(found) == 1 and found[0][0] in ("E101", "E102", "E103"), found
