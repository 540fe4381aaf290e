"""The language server, driven over stdio by a real LSP client (pytest-lsp), on the repository's
policies and on broken buffers (an unclosed 「, a misquote, a wrong unit, a missing 。).

Buffers are sent to the server and never written to disk: the policies folder is only read.
Expected answers come from the policy files and the official text (read here independently),
never from the server's own output.
"""
from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pygments.token import Name
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from hzdsl.syntax.highlight import HzdslLexer

from .conftest import POLICIES

pytestmark = pytest.mark.asyncio(loop_scope="module")

HZDSL = str(Path(sys.executable).parent / "hzdsl")
C03 = POLICIES / "c03.policy"
C04 = POLICIES / "c04.policy"
FACTS = POLICIES / "facts.policy"


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(server_command=[HZDSL, "lsp"]))
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(lsp.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"), root_uri=POLICIES.as_uri()))
    yield
    await lsp_client.shutdown_session()


# ── helpers ──────────────────────────────────────────────────────────────────────────────

_versions: dict[str, int] = {}


async def _published(client: LanguageClient, uri: str, timeout: float = 30) -> list[lsp.Diagnostic]:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while uri not in client.diagnostics:
        assert loop.time() < deadline, f"no diagnostics for {uri}"
        await asyncio.sleep(0.02)
    return list(client.diagnostics[uri])


async def open_text(client: LanguageClient, path: Path, text: str) -> list[lsp.Diagnostic]:
    """Open (or replace) a buffer with `text` and return the diagnostics published for it."""
    uri = path.as_uri()
    client.diagnostics.pop(uri, None)
    if uri in _versions:
        _versions[uri] += 1
        client.text_document_did_change(lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=_versions[uri]),
            content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)]))
    else:
        _versions[uri] = 1
        client.text_document_did_open(lsp.DidOpenTextDocumentParams(
            text_document=lsp.TextDocumentItem(uri=uri, language_id="hzdsl", version=1, text=text)))
    return await _published(client, uri)


async def restore(client: LanguageClient, path: Path) -> list[lsp.Diagnostic]:
    return await open_text(client, path, path.read_text(encoding="utf-8"))


def position(text: str, needle: str, nth: int = 1, offset: int = 1) -> lsp.Position:
    """The LSP position `offset` characters into the nth occurrence of `needle` in `text`."""
    at = -1
    for _ in range(nth):
        at = text.index(needle, at + 1)
    at += offset
    line = text.count("\n", 0, at)
    col = at - (text.rfind("\n", 0, at) + 1)
    prefix = text[at - col: at]
    return lsp.Position(line=line, character=len(prefix.encode("utf-16-le")) // 2)


def apply(text: str, edits: list[lsp.TextEdit]) -> str:
    lines = text.split("\n")

    def offset(p: lsp.Position) -> int:
        before = sum(len(x) + 1 for x in lines[: p.line])
        units, k, s = 0, 0, lines[p.line] if p.line < len(lines) else ""
        while k < len(s) and units < p.character:
            units += 2 if ord(s[k]) > 0xFFFF else 1
            k += 1
        return before + k

    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(e.range.start)] + e.new_text + text[offset(e.range.end):]
        lines = text.split("\n")
    return text


def errors(diags: list[lsp.Diagnostic]) -> list[lsp.Diagnostic]:
    return [d for d in diags if d.severity == lsp.DiagnosticSeverity.Error]


# ── diagnostics ──────────────────────────────────────────────────────────────────────────


async def test_repository_policy_has_no_errors_and_other_files_resolve(client):
    # c04 uses 「重点人群」, declared in c03: the folder is the context
    text = C04.read_text(encoding="utf-8")
    assert "「重点人群」" in text and "术语 「重点人群」" not in text
    assert errors(await open_text(client, C04, text)) == []


async def test_misquote_in_an_unsaved_buffer(client):
    text = C03.read_text(encoding="utf-8")
    good = "正常经营 6 个月，可按规定申领 3000 元的一次性创业补贴"
    broken = text.replace(good, good.replace("3000", "5000"))
    diags = errors(await open_text(client, C03, broken))
    [d] = diags
    assert d.code == "E401" and d.source == "hzdsl"
    assert d.range.start == position(broken, "5000", offset=0)  # the first character that differs
    # the quick fix writes the official words back (with the official comma ，)
    actions = await client.text_document_code_action_async(lsp.CodeActionParams(
        text_document=lsp.TextDocumentIdentifier(uri=C03.as_uri()), range=d.range,
        context=lsp.CodeActionContext(diagnostics=[d])))
    [fix] = actions
    assert fix.is_preferred and fix.title.startswith("改为条款（三）原文：「初次创办企业或个体工商户，正常经营6个月")
    fixed = apply(broken, fix.edit.changes[C03.as_uri()])
    assert "「初次创办企业或个体工商户，正常经营6个月，可按规定申领3000元的一次性创业补贴」" in fixed
    assert errors(await open_text(client, C03, fixed)) == []
    await restore(client, C03)


async def test_unclosed_bracket(client):
    text = C03.read_text(encoding="utf-8")
    broken = text.replace("且 「正常经营时长」 满 6 个月", "且 「正常经营时长 满 6 个月", 1)
    diags = errors(await open_text(client, C03, broken))
    assert diags and all(d.code.startswith("E1") for d in diags)
    line = position(broken, "「正常经营时长 满").line
    assert any(d.range.start.line == line for d in diags), [(d.code, d.range, d.message) for d in diags]
    assert any("「" in d.message or "括号" in d.message for d in diags)
    await restore(client, C03)


async def test_wrong_unit(client):
    text = C03.read_text(encoding="utf-8")
    broken = text.replace("「正常经营时长」 满 6 个月", "「正常经营时长」 满 6 元", 1)
    diags = errors(await open_text(client, C03, broken))
    assert len(diags) == 1 and diags[0].code.startswith("E3"), [(d.code, d.message) for d in diags]
    assert diags[0].range.start.line == position(broken, "满 6 元").line
    await restore(client, C03)


async def test_an_edit_in_one_file_updates_the_others(client):
    # renaming the term in c03's buffer (unsaved) breaks its uses in c04
    await open_text(client, C04, C04.read_text(encoding="utf-8"))
    client.diagnostics.pop(C04.as_uri(), None)
    text = C03.read_text(encoding="utf-8")
    await open_text(client, C03, text.replace("术语 「重点人群」", "术语 「重点人员」"))
    c04 = errors(await _published(client, C04.as_uri()))
    assert c04 and {d.code for d in c04} == {"E201"} and all("重点人群" in d.message for d in c04)
    client.diagnostics.pop(C04.as_uri(), None)
    await restore(client, C03)
    assert errors(await _published(client, C04.as_uri())) == []


async def test_missing_full_stop_quick_fix(client):
    text = C03.read_text(encoding="utf-8")
    end = "「毕业时长」 在 5 年 以内。"
    broken = text.replace(end, end[:-1], 1)
    # the parser reports the statement's end, where the 。 is missing (one error, nothing else lost)
    [d] = errors(await open_text(client, C03, broken))
    assert d.code == "E103" and d.range.start == position(broken, "以内\n", offset=1)  # its last character
    actions = await client.text_document_code_action_async(lsp.CodeActionParams(
        text_document=lsp.TextDocumentIdentifier(uri=C03.as_uri()), range=d.range,
        context=lsp.CodeActionContext(diagnostics=[d])))
    [fix] = [a for a in actions if "。" in a.title]
    assert apply(broken, fix.edit.changes[C03.as_uri()]) == text
    await restore(client, C03)


async def test_did_you_mean_quick_fix(client):
    text = C03.read_text(encoding="utf-8")
    broken = text.replace("「正常经营时长」 满 6 个月", "「正常经营时常」 满 6 个月", 1)
    [d] = errors(await open_text(client, C03, broken))
    assert d.code == "E201"
    actions = await client.text_document_code_action_async(lsp.CodeActionParams(
        text_document=lsp.TextDocumentIdentifier(uri=C03.as_uri()), range=d.range,
        context=lsp.CodeActionContext(diagnostics=[d])))
    assert actions[0].title.startswith("改为「正常经营时长」") and actions[0].is_preferred
    assert apply(broken, actions[0].edit.changes[C03.as_uri()]) == text
    await restore(client, C03)


# ── hover ────────────────────────────────────────────────────────────────────────────────


async def _hover(client, path: Path, needle: str, nth: int = 1, offset: int = 1) -> str:
    text = path.read_text(encoding="utf-8")
    await open_text(client, path, text)
    h = await client.text_document_hover_async(lsp.HoverParams(
        text_document=lsp.TextDocumentIdentifier(uri=path.as_uri()), position=position(text, needle, nth, offset)))
    assert h is not None, needle
    return h.contents.value


async def test_hover_term_shows_its_definition(client):
    value = await _hover(client, C04, "「重点人群」")
    assert "术语「重点人群」" in value and "条款（三）" in value
    assert "以下之一" in value and "「在校大学生」" in value and "「自主就业退役士兵」" in value


async def test_hover_fact_shows_entity_type_unit_and_doc(client):
    value = await _hover(client, C03, "「正常经营时长」")
    assert "事实「正常经营时长」" in value
    assert "主体：个人" in value and "个月" in value  # the founder's fact (读法 in facts.policy)
    assert "所创办企业或个体工商户正常经营的时长" in value  # its 释义 in facts.policy
    value = await _hover(client, C03, "「企业行业」")
    assert "取值：" in value and "“养老”" in value and "“现代农业”" in value


async def test_hover_fact_shows_its_upper_bound(client):
    """上限 (policies/c08.policy: 留用率 上限 100%), on the declaration and where a rule reads the fact."""
    c08 = POLICIES / "c08.policy"
    for nth in (1, 2):
        value = await _hover(client, c08, "「留用率」", nth)
        assert "事实「留用率」" in value and "- 上限：100%" in value
    value = await _hover(client, c08, "「见习时长」")
    assert "上限" not in value


async def test_hover_parameter_shows_dated_values(client):
    value = await _hover(client, C04, "「LPR」")
    assert "参数「LPR」" in value and "贷款市场报价利率" in value
    assert "3.65%" in value  # given in tests/cases/c04 (e.g. 13_创业基地小微企业贴息.yaml)


async def test_hover_quote_shows_the_official_sentence_and_clause(client):
    value = await _hover(client, C03, "「初次创办企业或个体工商户，正常经营")
    assert "条款（三）" in value
    # the whole sentence of official.txt (line 10, clause 三), from its start to the ；, PDF spaces dropped
    sentence = ("重点人群（本文件重点人群指在校大学生、毕业5年以内高校毕业生、登记失业半年以上人员、就业困难人员、"
                "持证残疾人、自主择业军转干部和自主就业退役士兵）初次创办企业或个体工商户，正常经营6个月，"
                "可按规定申领3000元的一次性创业补贴；")
    assert value.endswith("\n> " + sentence) and "第 10 行" in value


# ── navigation ───────────────────────────────────────────────────────────────────────────


def _lexer_names(name: str) -> list[tuple[str, int, int]]:
    """Every 「name」 token (not a quote) of the policies, found by the Pygments lexer."""
    out = []
    for path in sorted(POLICIES.glob("*.policy")):
        text = path.read_text(encoding="utf-8")
        for pos, tok, value in HzdslLexer().get_tokens_unprocessed(text):
            if tok is Name.Variable and value == name:
                line = text.count("\n", 0, pos)
                out.append((path.as_uri(), line, pos - (text.rfind("\n", 0, pos) + 1)))
    return out


async def test_definition_and_references_across_files(client):
    text = C04.read_text(encoding="utf-8")
    await open_text(client, C04, text)
    where = dict(text_document=lsp.TextDocumentIdentifier(uri=C04.as_uri()), position=position(text, "「重点人群」"))
    [loc] = await client.text_document_definition_async(lsp.DefinitionParams(**where))
    c03 = C03.read_text(encoding="utf-8")
    assert loc.uri == C03.as_uri() and loc.range.start == position(c03, "术语 「重点人群」", offset=3)
    refs = await client.text_document_references_async(lsp.ReferenceParams(
        **where, context=lsp.ReferenceContext(include_declaration=True)))
    got = sorted((r.uri, r.range.start.line, r.range.start.character) for r in refs)
    assert got == sorted(_lexer_names("「重点人群」")) and len(got) > 5


async def test_definition_of_fact_and_benefit(client):
    text = C03.read_text(encoding="utf-8")
    await open_text(client, C03, text)
    [loc] = await client.text_document_definition_async(lsp.DefinitionParams(
        text_document=lsp.TextDocumentIdentifier(uri=C03.as_uri()), position=position(text, "「正常经营时长」")))
    assert loc.uri == FACTS.as_uri()
    facts = FACTS.read_text(encoding="utf-8")
    assert loc.range.start == position(facts, "事实 「正常经营时长」", offset=3)


async def test_rename_term_everywhere(client):
    text = C04.read_text(encoding="utf-8")
    await open_text(client, C04, text)
    edit = await client.text_document_rename_async(lsp.RenameParams(
        text_document=lsp.TextDocumentIdentifier(uri=C04.as_uri()), position=position(text, "「重点人群」"),
        new_name="重点帮扶人群"))
    expected = _lexer_names("「重点人群」")
    got = sorted((uri, e.range.start.line, e.range.start.character) for uri, es in edit.changes.items() for e in es)
    assert got == sorted(expected)
    assert all(e.new_text == "「重点帮扶人群」" for es in edit.changes.values() for e in es)
    # applied to every file, the folder still checks without errors
    renamed = apply(C03.read_text(encoding="utf-8"), edit.changes[C03.as_uri()])
    assert "术语 「重点帮扶人群」" in renamed


async def test_rename_refuses_a_taken_name(client):
    text = C03.read_text(encoding="utf-8")
    await open_text(client, C03, text)
    with pytest.raises(Exception, match="已有名为「在校大学生」的声明"):
        await client.text_document_rename_async(lsp.RenameParams(
            text_document=lsp.TextDocumentIdentifier(uri=C03.as_uri()), position=position(text, "「重点人群」"),
            new_name="在校大学生"))


# ── completion, symbols, formatting ─────────────────────────────────────────────────────


async def _complete(client, path: Path, text: str, pos: lsp.Position) -> list[lsp.CompletionItem]:
    await open_text(client, path, text)
    result = await client.text_document_completion_async(lsp.CompletionParams(
        text_document=lsp.TextDocumentIdentifier(uri=path.as_uri()), position=pos))
    return sorted(result.items, key=lambda i: i.sort_text or i.label)


async def test_completion_names_ranked_did_you_mean(client):
    text = C03.read_text(encoding="utf-8")
    base = "\n术语 「甲」 依据「在校大学生」 指 「正常经营时常"
    items = await _complete(client, C03, text + base, position(text + base, "「正常经营时常", offset=7))
    assert items[0].label == "正常经营时长" and items[0].detail == "事实"
    assert items[0].text_edit.new_text == "正常经营时长」"
    items = await _complete(client, C03, text + "\n术语 「乙」 依据「在校大学生」 指 「重点",
                            lsp.Position(line=text.count("\n") + 1, character=len("术语 「乙」 依据「在校大学生」 指 「重点")))
    assert items[0].label == "重点人群" and items[0].detail == "术语"
    await restore(client, C03)


async def test_completion_units_keywords_and_enum_values(client):
    text = C03.read_text(encoding="utf-8")
    extra = "\n术语 「甲」 依据「在校大学生」 指 「正常经营时长」 满 6 "
    items = await _complete(client, C03, text + extra, lsp.Position(line=text.count("\n") + 1, character=len(extra) - 1))
    assert {"个月", "元", "平方米"} <= {i.label for i in items}
    extra = "\n术语 「甲」 依据「在校大学生」 指 「企业行业」 属于 “"
    items = await _complete(client, C03, text + extra, lsp.Position(line=text.count("\n") + 1, character=len(extra) - 1))
    assert {"养老", "家政服务", "现代农业"} <= {i.label for i in items}
    extra = "\n"
    items = await _complete(client, C03, text + extra, lsp.Position(line=text.count("\n") + 1, character=0))
    assert {"待遇", "术语", "若", "则", "以下之一", "不超过"} <= {i.label for i in items}
    await restore(client, C03)


async def test_document_symbols_outline(client):
    text = C03.read_text(encoding="utf-8")
    await open_text(client, C03, text)
    syms = await client.text_document_document_symbol_async(lsp.DocumentSymbolParams(
        text_document=lsp.TextDocumentIdentifier(uri=C03.as_uri())))
    [clause] = syms
    assert clause.name == "条款 三 「加大创业资金扶持力度」"
    names = [c.name for c in clause.children]
    assert names[0] == "术语 「重点人群」"
    assert {"待遇 「一次性创业补贴」", "待遇 「一次性创业社保补贴」", "待遇 「创业带动就业补贴」", "待遇 「三类企业创业补贴」",
            "术语 「三类企业」"} <= set(names)
    assert len([n for n in names if n.startswith("待遇")]) == text.count("\n待遇 ")


async def test_workspace_symbols(client):
    syms = await client.workspace_symbol_async(lsp.WorkspaceSymbolParams(query="一次性创业"))
    names = {s.name for s in syms}
    assert {"「一次性创业补贴」", "「一次性创业社保补贴」"} <= names
    [s] = [s for s in syms if s.name == "「一次性创业补贴」"]
    assert s.location.uri == C03.as_uri()


async def test_formatting_through_fmt(client):
    text = C03.read_text(encoding="utf-8")  # the repository's policies are fmt-clean (fmt --check in CI)
    messy = text.replace("\n    若 ", "\n若   ").replace("则 3000 元，一次性。", "则 3000 元 ，  一次性 。")
    assert messy != text
    await open_text(client, C03, messy)
    edits = await client.text_document_formatting_async(lsp.DocumentFormattingParams(
        text_document=lsp.TextDocumentIdentifier(uri=C03.as_uri()),
        options=lsp.FormattingOptions(tab_size=4, insert_spaces=True)))
    assert apply(messy, edits) == text
    # a buffer that does not parse is left alone
    await open_text(client, C03, text + "\n待遇 「")
    none = await client.text_document_formatting_async(lsp.DocumentFormattingParams(
        text_document=lsp.TextDocumentIdentifier(uri=C03.as_uri()),
        options=lsp.FormattingOptions(tab_size=4, insert_spaces=True)))
    assert none is not None and len(none) == 0
    await restore(client, C03)


@pytest.mark.parametrize("uri", ["untitled:Untitled-9", (POLICIES / "未保存的新文件.policy").as_uri()],
                         ids=["untitled", "never-saved"])
async def test_closing_a_document_with_no_file_clears_its_diagnostics(client, uri):
    # the client keeps what was last published: a closed untitled buffer (or a new file never saved) kept
    # its errors in the Problems panel for the rest of the session
    client.diagnostics.pop(uri, None)
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(text_document=lsp.TextDocumentItem(
        uri=uri, language_id="hzdsl", version=1, text="术语 「甲」\n    指 「乙」。\n")))
    assert errors(await _published(client, uri))
    client.diagnostics.pop(uri, None)
    client.text_document_did_close(lsp.DidCloseTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=uri)))
    assert await _published(client, uri, timeout=10) == []


async def test_a_file_deleted_on_disk_loses_its_diagnostics(client, tmp_path):
    # a policy file with an error, deleted outside the editor: the server re-read the folder and published
    # for the files left, never for the gone one — its errors stayed in the Problems panel
    (tmp_path / "official.txt").write_text((POLICIES / "official.txt").read_text(encoding="utf-8"), encoding="utf-8")
    gone = tmp_path / "gone.policy"
    gone.write_text("术语 「甲」\n    指 「乙」。\n", encoding="utf-8")
    kept = tmp_path / "kept.policy"
    kept.write_text("事实 「丙」：个人 布尔。\n", encoding="utf-8")
    client.diagnostics.pop(gone.as_uri(), None)
    await open_text(client, kept, kept.read_text(encoding="utf-8"))
    assert errors(await _published(client, gone.as_uri()))  # published for the folder's other file too
    gone.unlink()
    client.diagnostics.pop(gone.as_uri(), None)
    client.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams(changes=[
        lsp.FileEvent(uri=gone.as_uri(), type=lsp.FileChangeType.Deleted)]))
    assert await _published(client, gone.as_uri(), timeout=10) == []


async def test_formatting_a_buffer_that_does_not_parse_says_why(client):
    # Shift+Alt+F on a file with a syntax error did nothing at all: no edit and no word of why
    text = C03.read_text(encoding="utf-8")
    broken = text + "\n待遇 「"
    await open_text(client, C03, broken)
    client.messages.clear()
    none = await client.text_document_formatting_async(lsp.DocumentFormattingParams(
        text_document=lsp.TextDocumentIdentifier(uri=C03.as_uri()),
        options=lsp.FormattingOptions(tab_size=4, insert_spaces=True)))
    assert none is not None and len(none) == 0
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 10
    while not client.messages and loop.time() < deadline:
        await asyncio.sleep(0.02)
    [m] = client.messages
    line = broken.count("\n") + 1  # the unclosed 「 is on the last line
    assert m.type == lsp.MessageType.Warning
    assert m.message.startswith("无法排版：") and f"第 {line} 行" in m.message and "「 没有闭合" in m.message
    await restore(client, C03)


@pytest.mark.parametrize("path,name", [(C04, "「个人创业担保贷款」"), (C04, "「LPR」"), (C04, "「贷款期限」"),
                                       (POLICIES / "c08.policy", "「见习学员生活补贴」")],
                         ids=["benefit-in-limits", "parameter", "history-field", "benefit-in-exception"])
async def test_references_of_benefits_parameters_and_history_fields(client, path, name):
    """A benefit named in 限制 … 适用于 / 例外 … 于, a parameter, and a fact used as a history field
    (累计 「贷款期限」): every 「name」 token of the policies, as the Pygments lexer finds them."""
    text = path.read_text(encoding="utf-8")
    await open_text(client, path, text)
    refs = await client.text_document_references_async(lsp.ReferenceParams(
        text_document=lsp.TextDocumentIdentifier(uri=path.as_uri()), position=position(text, name),
        context=lsp.ReferenceContext(include_declaration=True)))
    got = sorted((r.uri, r.range.start.line, r.range.start.character) for r in refs)
    assert got == sorted(_lexer_names(name)) and len(got) >= 2


async def test_features_keep_working_in_a_broken_buffer(client):
    """An unclosed 「 loses its own statement; the rest of the file still answers."""
    text = C03.read_text(encoding="utf-8")
    broken = text.replace("「正常经营时长」 满 6 个月", "「正常经营时长 满 6 个月", 1)
    assert errors(await open_text(client, C03, broken))
    doc = lsp.TextDocumentIdentifier(uri=C03.as_uri())
    h = await client.text_document_hover_async(lsp.HoverParams(text_document=doc, position=position(broken, "「重点人群」")))
    assert "术语「重点人群」" in h.contents.value
    [loc] = await client.text_document_definition_async(lsp.DefinitionParams(
        text_document=doc, position=position(broken, "且 「符合创业带动就业补贴条件」", offset=3)))
    assert loc.uri == FACTS.as_uri()
    syms = await client.text_document_document_symbol_async(lsp.DocumentSymbolParams(text_document=doc))
    names = [c.name for c in syms[0].children]
    # the parser resynchronises after the next statement (it reports where the 「 is missing its 」)
    assert "待遇 「创业带动就业补贴」" in names and "待遇 「一次性创业补贴」" not in names
    items = await _complete(client, C03, broken, position(broken, "「正常经营时长 满", offset=3))
    assert items[0].label.startswith("正常经营")
    await restore(client, C03)


async def test_navigation_in_a_buffer_with_a_misquote_and_a_wrong_unit(client):
    """Check errors (not syntax errors) keep every statement: references and rename stay complete."""
    text = C03.read_text(encoding="utf-8")
    broken = (text.replace("「正常经营时长」 满 6 个月", "「正常经营时长」 满 6 元", 1)
              .replace("正常经营 6 个月，可按规定申领 3000 元", "正常经营 8 个月，可按规定申领 3000 元", 1))
    assert {d.code for d in errors(await open_text(client, C03, broken))} == {"E302", "E401"}
    doc = lsp.TextDocumentIdentifier(uri=C03.as_uri())
    refs = await client.text_document_references_async(lsp.ReferenceParams(
        text_document=doc, position=position(broken, "「重点人群」"), context=lsp.ReferenceContext(include_declaration=True)))
    assert sorted((r.uri, r.range.start.line, r.range.start.character) for r in refs) == sorted(_lexer_names("「重点人群」"))
    edit = await client.text_document_rename_async(lsp.RenameParams(
        text_document=doc, position=position(broken, "「正常经营时长」"), new_name="正常经营期"))
    # (the case files naming the fact are edited too: tests/test_lsp_case_rename.py)
    assert sum(len(es) for u, es in edit.changes.items() if u.endswith(".policy")) == len(_lexer_names("「正常经营时长」"))
    await restore(client, C03)


async def test_untitled_document_is_checked_on_its_own(client):
    """A new, never-saved buffer has no folder: it is checked alone, against the bundled official text."""
    uri = "untitled:Untitled-1"
    text = "条款 三 「加大创业资金扶持力度」。\n术语 「甲」 依据「在校大学生」 指 「重点人群」。\n"
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(
        text_document=lsp.TextDocumentItem(uri=uri, language_id="hzdsl", version=1, text=text)))
    [d] = errors(await _published(client, uri))
    assert d.code == "E201" and "重点人群" in d.message  # the repository's folder is not its context
    syms = await client.text_document_document_symbol_async(lsp.DocumentSymbolParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri)))
    assert [c.name for c in syms[0].children] == ["术语 「甲」"]


async def test_completion_offers_benefits_where_a_benefit_is_named(client):
    text = C03.read_text(encoding="utf-8")
    extra = "\n例外 「甲」 于 「一次性创业"
    items = await _complete(client, C03, text + extra, lsp.Position(line=text.count("\n") + 1, character=len(extra) - 1))
    assert items[0].label == "一次性创业补贴" and {i.detail for i in items} == {"待遇"}
    extra = "\n限制 「乙」 依据「在校大学生」 适用于 「一次性创业补贴」、「一次性创业社"
    items = await _complete(client, C03, text + extra, lsp.Position(line=text.count("\n") + 1, character=len(extra) - 1))
    assert items[0].label == "一次性创业社保补贴"
    extra = "\n术语 「丙」 依据「在校大学生」 指 「一次性创业"  # in a condition: no benefits (E204)
    items = await _complete(client, C03, text + extra, lsp.Position(line=text.count("\n") + 1, character=len(extra) - 1))
    assert "待遇" not in {i.detail for i in items}
    await restore(client, C03)


async def test_completion_inside_a_quote_offers_the_official_words(client):
    text = C03.read_text(encoding="utf-8")
    extra = "\n待遇 「甲」 依据「在校大学生」、\n    「依法缴纳社会"
    items = await _complete(client, C03, text + extra, lsp.Position(line=text.count("\n") + 2, character=len("    「依法缴纳社会")))
    # official.txt, clause 三: 依法缴纳社会保险费 12 个月，可按规定再申领 5000 元的一次性创业社保补贴；
    labels = [i.label for i in items]
    assert labels[:2] == ["依法缴纳社会保险费12个月", "依法缴纳社会保险费12个月，可按规定再申领5000元的一次性创业社保补贴"]
    assert items[1].detail == "原文 · 条款（三）" and items[1].text_edit.new_text.endswith("补贴」")
    await restore(client, C03)
