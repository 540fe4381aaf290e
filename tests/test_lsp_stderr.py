"""A refusal the server answers on purpose (an invalid rename, a document it cannot read) leaves no Python
traceback in its log: VS Code shows the server's stderr in its output panel, and pygls logged each such
answer with logger.exception — "Traceback … hzdsl.lsp.server.RequestFailed: 已有名为…" for a rename the user
was already told was taken. A real internal error still goes to the log (and to the client: 内部错误)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .conftest import POLICIES

HZDSL = str(Path(sys.executable).parent / "hzdsl")


def _frame(msg: dict) -> bytes:
    body = json.dumps(msg, ensure_ascii=False).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def _messages(data: bytes) -> list[dict]:
    out = []
    while data:
        head, _, rest = data.partition(b"\r\n\r\n")
        size = int([h for h in head.split(b"\r\n") if h.lower().startswith(b"content-length:")][0].split(b":")[1])
        out.append(json.loads(rest[:size]))
        data = rest[size:]
    return out


def test_a_refused_rename_leaves_no_traceback_in_the_server_log():
    c03 = (POLICIES / "c03.policy").resolve()
    text = c03.read_text(encoding="utf-8")
    line = text.split("\n").index("术语 「在校大学生」")
    uri = c03.as_uri()
    messages = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "rootUri": POLICIES.as_uri(),
                                                                         "capabilities": {}}},
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "hzdsl", "version": 1, "text": text}}},
        {"jsonrpc": "2.0", "id": 2, "method": "textDocument/rename", "params": {
            "textDocument": {"uri": uri}, "position": {"line": line, "character": 5}, "newName": "重点人群"}},
        {"jsonrpc": "2.0", "id": 3, "method": "textDocument/hover", "params": {
            "textDocument": {"uri": (POLICIES / "无此文件.policy").as_uri()}, "position": {"line": 0, "character": 0}}},
        {"jsonrpc": "2.0", "id": 4, "method": "shutdown"},
        {"jsonrpc": "2.0", "method": "exit"},
    ]
    done = subprocess.run([HZDSL, "lsp"], input=b"".join(_frame(m) for m in messages), capture_output=True,
                          timeout=120, env=os.environ.copy())
    answers = {m.get("id"): m for m in _messages(done.stdout) if "id" in m}
    assert answers[2]["error"]["message"] == "已有名为「重点人群」的声明"  # both answered, in Chinese
    assert "没有在编辑器中打开" in answers[3]["error"]["message"]
    err = done.stderr.decode("utf-8", errors="replace")
    assert "Traceback" not in err and "RequestFailed" not in err, err
