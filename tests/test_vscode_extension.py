"""The VS Code extension (editors/vscode): its grammar agrees with the language, its snapshot and
assertion tests pass, and the extension packages with vsce.

The Node tests are marked `node`; they skip only when npm is absent outside CI (under CI=true a
missing npm is a failure). `npm ci` runs once per session when node_modules is missing.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import zipfile

import pytest

from hzdsl.syntax import highlight

from .conftest import REPO
from .test_highlight import _grammar_words

EXT = REPO / "editors" / "vscode"
GRAMMAR = EXT / "syntaxes" / "hzdsl.tmLanguage.json"


def _grammar() -> dict:
    return json.loads(GRAMMAR.read_text(encoding="utf-8"))


def _onig_to_python(pattern: str) -> str:
    return pattern.replace(r"\x{3000}", "\u3000")


def test_grammar_words_cover_the_language():
    """Every keyword, comparison, type, entity, kind, function and unit of grammar/hzpolicy.lark is
    coloured by the TextMate grammar's word rule with the intended scope."""
    words = _grammar()["repository"]["words"]
    rx = re.compile(_onig_to_python(words["match"]))
    scope_of_group = {int(k): v["name"] for k, v in words["captures"].items()}
    expected = {"keyword": {"keyword.control.hzdsl", "keyword.operator.word.hzdsl",
                            "keyword.other.declaration.hzdsl", "keyword.other.citation.hzdsl", "storage.type.hzdsl"},
                "CMP": {"keyword.operator.word.hzdsl"}, "POSTFIX": {"keyword.operator.word.hzdsl"},
                "ENTITY": {"storage.type.hzdsl"}, "TYPE": {"storage.type.hzdsl"}, "KIND": {"storage.type.hzdsl"},
                "FUNC": {"support.function.hzdsl"}, "KW_NO_REPEAT": {"keyword.control.hzdsl"},
                "UNIT": {"keyword.other.unit.hzdsl"}}
    for kind, found in _grammar_words().items():
        for word in found:
            m = rx.match(word)
            assert m and m.group(0) == word, (kind, word)
            [group] = [i for i, g in enumerate(m.groups(), 1) if g is not None]
            assert scope_of_group[group] in expected[kind], (kind, word, scope_of_group[group])


def test_grammar_and_pygments_lexer_share_the_word_lists():
    rx = re.compile(_onig_to_python(_grammar()["repository"]["words"]["match"]))
    for word in highlight._WORD_TOKEN:
        m = rx.match(word)
        assert m and m.group(0) == word, word


def test_language_configuration():
    conf = json.loads((EXT / "language-configuration.json").read_text(encoding="utf-8"))
    assert conf["comments"] == {"lineComment": "#"}
    for pair in (["「", "」"], ["“", "”"], ["（", "）"]):
        assert pair in conf["brackets"]
        assert {"open": pair[0], "close": pair[1]} in [{k: p[k] for k in ("open", "close")}
                                                      for p in conf["autoClosingPairs"]]
    pkg = json.loads((EXT / "package.json").read_text(encoding="utf-8"))
    [lang] = pkg["contributes"]["languages"]
    assert lang["extensions"] == [".policy"]
    assert pkg["contributes"]["grammars"][0]["scopeName"] == _grammar()["scopeName"] == "source.hzdsl"
    assert 'args: ["lsp"]' in (EXT / "extension.js").read_text(encoding="utf-8")


# ── through Node ─────────────────────────────────────────────────────────────────────────


@pytest.fixture(scope="session")
def npm() -> str:
    exe = shutil.which("npm")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("npm 不可用：CI 中必须安装 nodejs 与 npm（见 .ci/run）")
        pytest.skip("npm 不可用（本地可跳过；CI 中不跳过）")
    if not (EXT / "node_modules" / ".bin" / "vsce").exists():
        done = subprocess.run([exe, "ci", "--no-audit", "--no-fund"], cwd=EXT, capture_output=True,
                              text=True, timeout=600)
        assert done.returncode == 0, done.stdout + done.stderr
    return exe


def _npx(npm: str, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    npx = str(shutil.which("npx") or os.path.join(os.path.dirname(npm), "npx"))
    return subprocess.run([npx, "--no-install", *args], cwd=EXT, capture_output=True, text=True, timeout=timeout)


@pytest.mark.node
def test_grammar_assertion_tests(npm):
    """Hand-written scope assertions (editors/vscode/tests/*.policy)."""
    files = sorted(str(p.relative_to(EXT)) for p in (EXT / "tests").glob("*.policy"))
    assert len(files) >= 2
    done = _npx(npm, "vscode-tmgrammar-test", "-g", "syntaxes/hzdsl.tmLanguage.json", *files)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("run successfuly") == len(files), done.stdout


@pytest.mark.node
def test_grammar_snapshots(npm):
    """Whole policies tokenised as recorded (editors/vscode/tests/snap/*.snap)."""
    files = sorted(str(p.relative_to(EXT)) for p in (EXT / "tests" / "snap").glob("*.policy"))
    assert files and all((EXT / (f + ".snap")).exists() for f in files)
    done = _npx(npm, "vscode-tmgrammar-snap", "-g", "syntaxes/hzdsl.tmLanguage.json", *files)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.node
def test_extension_packages_with_vsce(npm, tmp_path):
    out = tmp_path / "hzdsl.vsix"
    done = _npx(npm, "@vscode/vsce", "package", "--out", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    names = set(zipfile.ZipFile(out).namelist())
    for needed in ("extension/package.json", "extension/extension.js", "extension/language-configuration.json",
                   "extension/syntaxes/hzdsl.tmLanguage.json", "extension/node_modules/vscode-languageclient/node.js"):
        assert needed in names, needed
    assert not any(n.startswith("extension/tests/") for n in names)


@pytest.mark.node
def test_client_script_parses_and_finds_the_language_client(npm):
    node = shutil.which("node") or shutil.which("nodejs")
    assert node, "node 不可用"
    done = subprocess.run([node, "--check", "extension.js"], cwd=EXT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    done = subprocess.run([node, "-e", "console.log(require.resolve('vscode-languageclient/node'))"], cwd=EXT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "vscode-languageclient" in done.stdout, done.stderr


# A stand-in for VS Code and vscode-languageclient: activate() runs under Node with a LanguageClient whose
# start() fails as it does when the command is not on PATH (spawn … ENOENT), and records what the user is shown.
_STUB_HARNESS = r"""
const Module = require("module");
const shown = [];
const vscode = {
  workspace: {getConfiguration: () => ({get: () => process.env.HZDSL_COMMAND || undefined}),
              createFileSystemWatcher: () => ({dispose() {}})},
  window: {showErrorMessage: (msg, ...items) => { shown.push({msg, items}); return Promise.resolve(undefined); }},
  commands: {executeCommand: () => Promise.resolve()},
};
class LanguageClient {
  constructor(id, name, server) { this.server = server; }
  start() { return Promise.reject(new Error(`Launching server using command ${this.server.command} failed.`)); }
  stop() { return Promise.resolve(); }
  dispose() {}
}
const stubs = {"vscode": vscode, "vscode-languageclient/node": {LanguageClient, TransportKind: {stdio: 0}}};
const load = Module._load;
Module._load = function (request, ...rest) { return request in stubs ? stubs[request] : load.call(this, request, ...rest); };
const ext = require(process.argv[2]);
Promise.resolve(ext.activate({subscriptions: []}))
  .then(() => ({settled: "resolved"}), (e) => ({settled: "rejected: " + e}))
  .then((r) => { console.log(JSON.stringify({...r, shown})); });
"""


def test_a_server_that_does_not_start_is_explained_in_chinese(tmp_path):
    """`hzdsl` not on PATH (the first thing a newcomer meets): the client library's own notice is English
    ("couldn't create connection to server"); the extension says in Chinese what to install or set, and
    its activation does not fail with an unhandled rejection."""
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("node 不可用")
        pytest.skip("node 不可用")
    harness = tmp_path / "harness.js"
    harness.write_text(_STUB_HARNESS, encoding="utf-8")
    done = subprocess.run([node, str(harness), str(EXT / "extension.js")], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "HZDSL_COMMAND": "/无此目录/hzdsl"})
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["settled"] == "resolved"
    [notice] = result["shown"]
    assert "/无此目录/hzdsl" in notice["msg"] and "hzdsl.server.command" in notice["msg"]
    assert "pip install" in notice["msg"] and re.search(r"[\u4e00-\u9fff]{4}", notice["msg"])
    assert notice["items"] == ["打开设置"]
