"""Latency of the language server: after an edit in one file, diagnostics for the whole folder.

    python benchmarks/lsp_latency.py [--edits 30] [--file c03.policy] [--policies DIR]

Figures (target from issue 12 in brackets):
  * in-process   — `PolicyFolder.check()` after an edit of one buffer, plus turning the changed
                   files' diagnostics into LSP diagnostics (what `publish` does before writing), warm:
                   the other files' parses are reused                                  [< 100 ms];
                   shown split into the one parse and the check of the folder, and beside it a
                   check of the folder with nothing reused (every file parsed again);
  * over stdio   — a real `hzdsl lsp` process: time from sending `textDocument/didChange` until
                   the client has received `publishDiagnostics` for the edited file, warm (after a
                   first open and a few edits);                                         [< 100 ms]
  * cold open    — the first `didOpen` of the session (reads and parses the whole folder).

Each edit alternates between two texts that differ in one rule (a number), so every edit is a
real change and the diagnostics stay the same. Medians and the 90th percentile are printed.
Speed is measured here, never asserted in tests.
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from lsprotocol import types as lsp  # noqa: E402
from pygls.lsp.client import LanguageClient  # noqa: E402

from hzdsl.frontend import check_sources  # noqa: E402
from hzdsl.lsp.diagnostics import to_lsp  # noqa: E402
from hzdsl.lsp.positions import Lines  # noqa: E402
from hzdsl.lsp.workspace import PolicyFolder  # noqa: E402
from hzdsl.syntax.build import parse_module  # noqa: E402


def _variants(text: str) -> tuple[str, str]:
    """Two versions of a policy: as it is, and with one 「name」 misspelt (one more error). Each edit
    is a real change, and the diagnostics received show which version the server has checked."""
    for old, new in (("「正常经营时长」", "「正常经营时常」"), ("「重点人群」", "「重点人员」")):
        if old in text:
            return text, text.replace(old, new, 1)
    return text, text + "\n术语 「」 依据「」 指 「未定义」。\n"


def _stats(name: str, xs: list[float]) -> str:
    xs = sorted(xs)
    p90 = xs[min(len(xs) - 1, int(0.9 * len(xs)))]
    return f"{name:<44} median {statistics.median(xs) * 1000:7.1f} ms   p90 {p90 * 1000:7.1f} ms   (n={len(xs)})"


def in_process(root: Path, target: Path, edits: int) -> None:
    folder = PolicyFolder(root.resolve())
    path = str(target.resolve())
    a, b = _variants(target.read_text(encoding="utf-8"))
    folder.set_buffer(path, a)
    folder.check()  # cold: every file parsed once
    totals, parses, checks = [], [], []
    published: dict[str, tuple] = {}
    for i in range(edits + 3):
        text = b if i % 2 == 0 else a
        t0 = time.perf_counter()
        folder.set_buffer(path, text)
        snap = folder.check()
        for f, diags in snap.diagnostics_by_file().items():  # as HzdslServer.publish does
            key = (tuple(diags), folder.text(f))
            if f != path and published.get(f) == key:
                continue
            published[f] = key
            lines = Lines(folder.text(f) or "")
            [to_lsp(d, lines) for d in diags]
        t1 = time.perf_counter()
        parse_module(text, path)
        t2 = time.perf_counter()
        if i >= 3:  # warm-up edits are not counted
            totals.append(t1 - t0)
            parses.append(t2 - t1)
            checks.append((t1 - t0) - (t2 - t1))
    texts = {f: folder.text(f) for f in folder.files()}
    official = folder.official()
    full = []
    for _ in range(5):
        t0 = time.perf_counter()
        check_sources(texts, official)
        full.append(time.perf_counter() - t0)
    print(f"folder {root} — {len(texts)} files, edited {target.name}")
    print(_stats("in-process: edit → folder diagnostics", totals))
    print(_stats("  of which: parse of the edited file", parses))
    print(_stats("  of which: check of the folder + convert", checks))
    print(_stats("  no reuse: parse + check of every file", full))


async def over_stdio(root: Path, target: Path, edits: int) -> None:
    client = LanguageClient("hzdsl-bench", "1")
    got: dict[str, asyncio.Event] = {}
    counts: list[int] = []

    @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def _on_diagnostics(params: lsp.PublishDiagnosticsParams):
        if params.uri in got:
            counts.append(sum(d.severity == lsp.DiagnosticSeverity.Error for d in params.diagnostics))
            got[params.uri].set()

    hzdsl = str(Path(sys.executable).parent / "hzdsl")
    await client.start_io(hzdsl, "lsp")
    await client.initialize_async(lsp.InitializeParams(capabilities=lsp.ClientCapabilities(),
                                                       root_uri=root.resolve().as_uri()))
    client.initialized(lsp.InitializedParams())
    uri = target.resolve().as_uri()
    a, b = _variants(target.read_text(encoding="utf-8"))
    got[uri] = asyncio.Event()
    t0 = time.perf_counter()
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(
        text_document=lsp.TextDocumentItem(uri=uri, language_id="hzdsl", version=1, text=a)))
    await got[uri].wait()
    cold = time.perf_counter() - t0
    times = []
    for i in range(edits + 3):
        got[uri] = asyncio.Event()
        t0 = time.perf_counter()
        client.text_document_did_change(lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=i + 2),
            content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=b if i % 2 == 0 else a)]))
        await got[uri].wait()
        if i >= 3:
            times.append(time.perf_counter() - t0)
    # every answer is for the version just sent: the misspelt version has one more error
    assert counts[1:] == [counts[0] + (1 if i % 2 == 0 else 0) for i in range(len(counts) - 1)], counts
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    print(f"{'over stdio: cold didOpen → diagnostics':<44} {cold * 1000:7.1f} ms")
    print(_stats("over stdio: didChange → publishDiagnostics", times))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--edits", type=int, default=30)
    ap.add_argument("--file", default="c03.policy")
    ap.add_argument("--policies", default=str(REPO / "policies"))
    args = ap.parse_args()
    root = Path(args.policies)
    target = root / args.file
    in_process(root, target, args.edits)
    asyncio.run(over_stdio(root, target, args.edits))


if __name__ == "__main__":
    main()
