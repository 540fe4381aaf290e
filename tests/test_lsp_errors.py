"""The language server's answers to requests it cannot serve: an LSP error with a Chinese message
for the user, never an internal error logged with a traceback, never Python's exception text.

- a request about a document neither open in the editor nor a regular file on disk → InvalidParams;
- an invalid rename (a taken name, an empty name, no name under the cursor) → RequestFailed
  (-32803, the LSP code whose message the editor shows as it is).
"""
from __future__ import annotations

import os

import pytest
from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcException
from pytest_lsp import LanguageClient

from .test_lsp import C03, client  # noqa: F401 — the server fixture: `hzdsl lsp` started over stdio

pytestmark = pytest.mark.asyncio(loop_scope="module")

INVALID_PARAMS, REQUEST_FAILED = -32602, -32803


def _no_internal_error(client: LanguageClient) -> None:
    said = [m.message for m in client.log_messages] + [m.message for m in client.messages]
    assert not [m for m in said if "内部错误" in m or "Traceback" in m or "Error in server" in m], said


def _position(text: str, needle: str) -> lsp.Position:
    at = text.index(needle) + 1
    return lsp.Position(line=text.count("\n", 0, at), character=at - (text.rfind("\n", 0, at) + 1))


def _where(uri: str, pos: lsp.Position) -> dict:
    return {"text_document": lsp.TextDocumentIdentifier(uri=uri), "position": pos}


async def test_definition_in_a_document_neither_open_nor_on_disk_is_invalid_params(client, tmp_path):
    uri = (tmp_path / "无此文件.policy").as_uri()
    with pytest.raises(JsonRpcException) as err:
        await client.text_document_definition_async(lsp.DefinitionParams(**_where(uri, lsp.Position(line=0, character=1))))
    assert err.value.code == INVALID_PARAMS
    assert "没有在编辑器中打开" in err.value.message and "无此文件.policy" in err.value.message
    assert "Error" not in err.value.message
    _no_internal_error(client)


@pytest.mark.parametrize("request_name", ["text_document_hover_async", "text_document_references_async",
                                          "text_document_document_symbol_async"])
async def test_other_requests_about_an_unknown_document_say_the_same(client, tmp_path, request_name):
    uri = (tmp_path / "gone.policy").as_uri()
    params = {"text_document_hover_async": lambda: lsp.HoverParams(**_where(uri, lsp.Position(line=0, character=0))),
              "text_document_references_async": lambda: lsp.ReferenceParams(
                  **_where(uri, lsp.Position(line=0, character=0)), context=lsp.ReferenceContext(include_declaration=True)),
              "text_document_document_symbol_async": lambda: lsp.DocumentSymbolParams(
                  text_document=lsp.TextDocumentIdentifier(uri=uri))}[request_name]()
    with pytest.raises(JsonRpcException) as err:
        await getattr(client, request_name)(params)
    assert err.value.code == INVALID_PARAMS and "没有在编辑器中打开" in err.value.message
    _no_internal_error(client)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
async def test_a_named_pipe_is_not_read_as_a_document(client, tmp_path):
    fifo = tmp_path / "pipe.policy"
    os.mkfifo(fifo)
    with pytest.raises(JsonRpcException) as err:  # reading it would block the server for ever
        await client.text_document_definition_async(lsp.DefinitionParams(**_where(fifo.as_uri(), lsp.Position(line=0, character=0))))
    assert err.value.code == INVALID_PARAMS
    _no_internal_error(client)


def _open(client: LanguageClient) -> str:
    text = C03.read_text(encoding="utf-8")
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(
        text_document=lsp.TextDocumentItem(uri=C03.as_uri(), language_id="hzdsl", version=1, text=text)))
    return text


@pytest.mark.parametrize("new_name, message", [
    ("在校大学生", "已有名为「在校大学生」的声明"),
    ("  ", "新名称不能为空，也不能含「」或换行"),
    ("甲「乙」", "新名称不能为空，也不能含「」或换行"),
    # every line end hzdsl reads (syntax.normalize.unify_line_ends), not only LF: a name with a CR or
    # U+2028 pasted into the rename box was written into every occurrence
    ("甲\r乙", "新名称不能为空，也不能含「」或换行"),
    ("甲\u2028乙", "新名称不能为空，也不能含「」或换行"),
    ("甲\x85乙", "新名称不能为空，也不能含「」或换行"),
])
async def test_an_invalid_rename_answers_request_failed_in_chinese(client, new_name, message):
    text = _open(client)
    with pytest.raises(JsonRpcException) as err:
        await client.text_document_rename_async(lsp.RenameParams(
            **_where(C03.as_uri(), _position(text, "「重点人群」")), new_name=new_name))
    assert err.value.code == REQUEST_FAILED
    assert err.value.message == message  # the whole message: no "ValueError", no Python tuple
    _no_internal_error(client)


async def test_rename_where_there_is_no_name_says_so(client):
    text = _open(client)
    with pytest.raises(JsonRpcException) as err:
        await client.text_document_rename_async(lsp.RenameParams(
            **_where(C03.as_uri(), _position(text, "\n条款 三")), new_name="甲"))
    assert err.value.code == REQUEST_FAILED and err.value.message == "光标处不是「名称」，无法重命名"
    _no_internal_error(client)
