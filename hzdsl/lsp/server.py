"""The pygls wiring: LSP requests and notifications → the feature modules.

Every document change re-checks the document's policy folder (the open buffers over the files on
disk) and publishes diagnostics for every file of the folder whose diagnostics changed. A request
never raises to the client: an internal error is logged and answered with an empty result.
"""
from __future__ import annotations

import functools
import logging
import traceback
from pathlib import Path

from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcException, JsonRpcInternalError, JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from .. import __version__
from ..review.fmt import FormatError, format_text
from . import actions, case_rename, completion, diagnostics, hover, navigation, symbols
from .official import official_words
from . import params as params_cache
from .positions import Lines, offset_position
from .workspace import UNTITLED, PolicyFolder, Workspace, renamed_texts
from ..frontend import check_sources
from ..syntax.normalize import unify_line_ends

log = logging.getLogger("hzdsl.lsp")
YAML_ENDINGS = (".yaml", ".yml")


class RequestFailed(JsonRpcException):
    """LSP's RequestFailed (-32803): the request was well-formed but cannot be done; the Chinese
    message is for the user (an invalid rename: the editor shows it as it is)."""

    CODE = int(lsp.LSPErrorCodes.RequestFailed)


def unknown_document(name: str) -> JsonRpcInvalidParams:
    """A request about a document the editor never opened and that is not a file on disk."""
    return JsonRpcInvalidParams(f"文档 {name} 没有在编辑器中打开，磁盘上也找不到（或不是普通文件），无法回答")


class HzdslServer(LanguageServer):
    def __init__(self):
        super().__init__("hzdsl", __version__)
        self.policies = Workspace()
        self.published: dict[str, tuple] = {}  # uri → (diagnostics, text) last published
        self.published_in: dict[str, PolicyFolder] = {}  # uri → the folder it was published for

    # ── documents and folders ──
    @staticmethod
    def path_of(uri: str) -> str:
        """The file's absolute path; an unsaved, untitled document keeps its URI as its name."""
        fs = to_fs_path(uri) if uri.startswith("file:") else None
        return str(Path(fs).resolve()) if fs else uri

    def folder_and_snapshot(self, uri: str):
        """The document's folder, checked, and its path. Raises JsonRpcInvalidParams for a document
        neither open nor a regular file on disk (reading it would fail, or block on a named pipe)."""
        path = self.path_of(uri)
        folder = self.policies.folder_of(path)
        if path not in folder.buffers:  # a request on a document never opened: read it from disk
            if uri not in self.workspace.text_documents and not Path(path).is_file():
                raise unknown_document(path)
            doc = self.workspace.get_text_document(uri)
            try:
                source = doc.source
            except (OSError, UnicodeDecodeError):
                raise unknown_document(path) from None
            if source is not None:
                folder.set_buffer(path, source)
        return folder, folder.check(), path

    def lines(self, folder: PolicyFolder, path: str) -> Lines:
        return Lines(folder.text(path) or "")

    def publish(self, folder: PolicyFolder, changed: str = "") -> None:
        """Publish the folder's diagnostics: always for `changed` (the edited file), for the other
        files only when they differ from what was last published."""
        snap = folder.check()
        by_file = snap.diagnostics_by_file()
        current = {_uri(p) for p in by_file}
        for uri in [u for u, f in self.published_in.items() if f is folder and u not in current]:
            # gone from the folder (deleted on disk; an untitled or never-saved buffer closed): the editor
            # keeps the last diagnostics published for it, in the Problems panel for the rest of the session
            self.published.pop(uri, None)
            del self.published_in[uri]
            self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
        for path, diags in by_file.items():
            if not path.endswith(".policy") and path not in folder.buffers:
                continue  # official.txt problems are reported on the policies' quotes
            uri = _uri(path)
            self.published_in[uri] = folder
            key = (tuple(diags), folder.text(path))
            if path != changed and self.published.get(uri) == key:
                continue  # same diagnostics on the same text: nothing to tell the editor
            self.published[uri] = key
            lines = self.lines(folder, path)
            converted = [diagnostics.to_lsp(d, lines, lambda p: self.lines(folder, p), _uri) for d in diags]
            self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=converted))


server = HzdslServer()


def _safe(default):
    """Answer `default` instead of letting an internal error reach the client (it is logged).
    A deliberate LSP error (JsonRpcException: an unknown document, an invalid rename) is the answer."""
    def wrap(fn):
        @functools.wraps(fn)
        def inner(ls: HzdslServer, params):
            try:
                return fn(ls, params)
            except JsonRpcException:
                raise
            except Exception:  # noqa: BLE001 — an editor must keep working; the error is logged
                ls.window_log_message(lsp.LogMessageParams(type=lsp.MessageType.Error,
                                                           message="hzdsl 内部错误：\n" + traceback.format_exc()))
                return default
        return inner
    return wrap


@server.feature(lsp.INITIALIZED)
@_safe(None)
def on_initialized(ls: HzdslServer, params: lsp.InitializedParams):
    """Know the policy folders of the workspace from the start (workspace symbols before any open):
    every folder directly holding .policy files, at the root or one level below it."""
    roots = [to_fs_path(f.uri) for f in ls.workspace.folders.values()] or [ls.workspace.root_path]
    for root in filter(None, roots):
        root = Path(root)
        for holder in sorted({p.parent for pattern in ("*.policy", "*/*.policy") for p in root.glob(pattern)}):
            ls.policies.folder_of(str(holder.resolve() / "x.policy"))


def _yaml_touched(ls: HzdslServer, uri: str) -> bool:
    """A case or parameter file (YAML) opened, edited, saved or closed: not a policy of any folder; the hover's
    dated parameter values are read again (lsp/params.py). True when `uri` is one."""
    if not uri.lower().endswith(YAML_ENDINGS):
        return False
    params_cache.forget()
    return True


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
@_safe(None)
def did_open(ls: HzdslServer, params: lsp.DidOpenTextDocumentParams):
    if _yaml_touched(ls, params.text_document.uri):
        return
    path = ls.path_of(params.text_document.uri)
    folder = ls.policies.folder_of(path)
    folder.set_buffer(path, params.text_document.text)
    ls.publish(folder, path)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
@_safe(None)
def did_change(ls: HzdslServer, params: lsp.DidChangeTextDocumentParams):
    if _yaml_touched(ls, params.text_document.uri):
        return
    doc = ls.workspace.get_text_document(params.text_document.uri)
    path = ls.path_of(params.text_document.uri)
    folder = ls.policies.folder_of(path)
    folder.set_buffer(path, doc.source)
    ls.publish(folder, path)


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
@_safe(None)
def did_close(ls: HzdslServer, params: lsp.DidCloseTextDocumentParams):
    if _yaml_touched(ls, params.text_document.uri):
        return
    path = ls.path_of(params.text_document.uri)
    folder = ls.policies.folder_of(path)
    folder.close_buffer(path)
    ls.publish(folder, path)  # a closed buffer with no file behind it is gone: publish clears it


@server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
@_safe(None)
def did_save(ls: HzdslServer, params: lsp.DidSaveTextDocumentParams):
    _yaml_touched(ls, params.text_document.uri)  # a saved policy was already seen in its didChange


@server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
@_safe(None)
def did_change_watched(ls: HzdslServer, params: lsp.DidChangeWatchedFilesParams):
    touched = [_yaml_touched(ls, c.uri) for c in params.changes]
    if touched and all(touched):
        return  # only case or parameter files: no policy folder changed
    for folder in list(ls.policies.folders.values()):
        folder.disk_changed()
        ls.publish(folder)


@server.feature(lsp.TEXT_DOCUMENT_HOVER)
@_safe(None)
def on_hover(ls: HzdslServer, params: lsp.HoverParams):
    folder, snap, path = ls.folder_and_snapshot(params.text_document.uri)
    lines = ls.lines(folder, path)
    line, col = lines.from_lsp(params.position)
    found = hover.hover_markdown(folder, snap, path, line, col)
    if found is None:
        return None
    text, span = found
    return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=text), range=lines.range(span))


def _occurrence(ls: HzdslServer, uri: str, position: lsp.Position):
    folder, snap, path = ls.folder_and_snapshot(uri)
    line, col = ls.lines(folder, path).from_lsp(position)
    return folder, snap, hover.name_at(snap, path, line, col)


def _uri(path: str) -> str:
    return path if ":" in path.split("/", 1)[0] else (from_fs_path(path) or path)


def _location(ls: HzdslServer, folder: PolicyFolder, occ) -> lsp.Location:
    return lsp.Location(uri=_uri(occ.span.file),
                        range=ls.lines(folder, occ.span.file).range(occ.span))


@server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
@_safe(None)
def on_definition(ls: HzdslServer, params: lsp.DefinitionParams):
    folder, snap, occ = _occurrence(ls, params.text_document.uri, params.position)
    if occ is None:
        return None
    return [_location(ls, folder, o) for o in navigation.definition(snap, occ)] or None


@server.feature(lsp.TEXT_DOCUMENT_REFERENCES)
@_safe(None)
def on_references(ls: HzdslServer, params: lsp.ReferenceParams):
    folder, snap, occ = _occurrence(ls, params.text_document.uri, params.position)
    if occ is None:
        return None
    return [_location(ls, folder, o) for o in navigation.references(snap, occ, params.context.include_declaration)]


@server.feature(lsp.TEXT_DOCUMENT_PREPARE_RENAME)
@_safe(None)
def on_prepare_rename(ls: HzdslServer, params: lsp.PrepareRenameParams):
    folder, snap, occ = _occurrence(ls, params.text_document.uri, params.position)
    if occ is None or occ.kind not in navigation.RENAMABLE:
        return None
    problem = _yaml_unreadable(ls, folder, snap, occ)
    if problem:
        raise RequestFailed(problem)
    return ls.lines(folder, occ.span.file).range(occ.span)


@server.feature(lsp.TEXT_DOCUMENT_RENAME)
@_safe(None)
def on_rename(ls: HzdslServer, params: lsp.RenameParams):
    folder, snap, occ = _occurrence(ls, params.text_document.uri, params.position)
    if occ is None:
        raise RequestFailed("光标处不是「名称」，无法重命名")
    problem = navigation.rename_problem(snap, occ, params.new_name)
    if problem:
        raise RequestFailed(problem)  # the editor shows the Chinese message as it is
    written = params.new_name.strip().removeprefix("「").removesuffix("」")
    new = "「" + written + "」"
    changes: dict[str, list[lsp.TextEdit]] = {}
    for o in navigation.same_name(snap, occ):
        uri = _uri(o.span.file)
        changes.setdefault(uri, []).append(lsp.TextEdit(range=ls.lines(folder, o.span.file).range(o.span), new_text=new))
    for path, text, edits in _yaml_renames(ls, folder, snap, occ, written, new):
        changes[_uri(str(path))] = [lsp.TextEdit(range=lsp.Range(start=offset_position(text, e.start),
                                                                 end=offset_position(text, e.end)), new_text=e.text)
                                    for e in edits]
    return lsp.WorkspaceEdit(changes=changes)


def _yaml_text(ls: HzdslServer, path: Path):
    """A YAML file's text as the editor holds it: its unsaved buffer when open, else the disk."""
    doc = ls.workspace.text_documents.get(_uri(str(path)))
    return (doc.source, None) if doc is not None else case_rename.disk_text(path)


def _yaml_unreadable(ls: HzdslServer, folder: PolicyFolder, snap, occ, names=None) -> str | None:
    """Why the project's YAML files cannot be renamed in (one holding the name is not YAML), or None."""
    if occ.kind not in case_rename.KINDS or folder.root == UNTITLED:
        return None
    decl = next((o for o in navigation.definition(snap, occ)), occ)
    name = folder.text(decl.span.file) or ""
    name = unify_line_ends(name)[decl.span.start:decl.span.end].strip("「」") or occ.key
    return case_rename.unreadable_naming(folder.root.parent, occ.key, name, lambda p: _yaml_text(ls, p), names)


def _yaml_renames(ls: HzdslServer, folder: PolicyFolder, snap, occ, written: str, new: str):
    """(file, text, edits) renaming `occ` in the case and parameter files of the folder's project (the folder
    holding the policy folder, as `hzdsl test` at the project root reads policies/). Raises RequestFailed
    when a file cannot take the rename: one holding the name is not YAML, or the edit would make a file wrong."""
    if occ.kind not in case_rename.KINDS or folder.root == UNTITLED:
        return []
    project = folder.root.parent
    names = case_rename.read_names(project, snap.loaded.program, lambda p: _yaml_text(ls, p))
    problem = _yaml_unreadable(ls, folder, snap, occ, names)
    if problem:
        raise RequestFailed(problem)
    edits = case_rename.rename_edits(names, occ.kind, occ.key, written)
    if edits:
        official = folder.official()
        texts = renamed_texts(folder, [o.span for o in navigation.same_name(snap, occ)], new)
        after = check_sources(texts, official, official.path if official else "official.txt").program
        problem = case_rename.collision(project, names, edits, snap.loaded.program, after, written)
        if problem:
            raise RequestFailed(problem)
    return [(f, names.texts[f], es) for f, es in edits.items()]


@server.feature(lsp.TEXT_DOCUMENT_COMPLETION,
                lsp.CompletionOptions(trigger_characters=["「", "“", " "]))
@_safe(None)
def on_completion(ls: HzdslServer, params: lsp.CompletionParams):
    folder, snap, path = ls.folder_and_snapshot(params.text_document.uri)
    lines = ls.lines(folder, path)
    line, col = lines.from_lsp(params.position)
    official = folder.official()
    items = completion.complete(snap, "\n".join(lines.lines[: line - 1]), lines.line(line - 1), params.position.line,
                                params.position.character, col, official_words(official) if official else None)
    return lsp.CompletionList(is_incomplete=False, items=items)


@server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
@_safe(None)
def on_document_symbol(ls: HzdslServer, params: lsp.DocumentSymbolParams):
    folder, snap, path = ls.folder_and_snapshot(params.text_document.uri)
    return symbols.document_symbols(snap, path, ls.lines(folder, path))


class _LinesOf:
    def __init__(self, ls: HzdslServer, folder: PolicyFolder):
        self.ls, self.folder = ls, folder

    def __call__(self, path: str) -> Lines:
        return self.ls.lines(self.folder, path)

    @staticmethod
    def uri(path: str) -> str:
        return _uri(path)


@server.feature(lsp.WORKSPACE_SYMBOL)
@_safe(None)
def on_workspace_symbol(ls: HzdslServer, params: lsp.WorkspaceSymbolParams):
    out = []
    for folder in ls.policies.folders.values():
        out += symbols.workspace_symbols(folder.check(), params.query, _LinesOf(ls, folder))
    return out


def _tell(ls: HzdslServer, message: str) -> None:
    """A short notice for the user (window/showMessage): why a request did nothing."""
    ls.window_show_message(lsp.ShowMessageParams(type=lsp.MessageType.Warning, message=message))


@server.feature(lsp.TEXT_DOCUMENT_FORMATTING)
@_safe(None)
def on_formatting(ls: HzdslServer, params: lsp.DocumentFormattingParams):
    folder, _snap, path = ls.folder_and_snapshot(params.text_document.uri)
    text = folder.text(path) or ""
    try:
        out, problems = format_text(text, path)
    except FormatError as e:
        _tell(ls, f"无法排版：{e}（格式化会改变含义或注释，文件未改动）")
        return None  # fmt refuses when it cannot keep the meaning and the comments
    if out is None or problems:
        # a file that does not parse is left as it is; without a word, Shift+Alt+F seemed to do nothing
        first = problems[0] if problems else None
        where = f"第 {first.span.line} 行：{first.message}" if first is not None else ""
        more = f"等 {len(problems)} 处" if len(problems) > 1 else ""
        _tell(ls, f"无法排版：文件有语法错误（{where}{more}），改正后再排版")
        return []
    if out == text:
        return []
    lines = Lines(text)
    return [lsp.TextEdit(range=lsp.Range(start=lsp.Position(line=0, character=0), end=lines.end()), new_text=out)]


@server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION,
                lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]))
@_safe(None)
def on_code_action(ls: HzdslServer, params: lsp.CodeActionParams):
    folder, snap, path = ls.folder_and_snapshot(params.text_document.uri)
    return actions.code_actions(folder, snap, path, params.text_document.uri, folder.text(path) or "",
                                list(params.context.diagnostics))


class _AnsweredOnPurpose(logging.Filter):
    """Drop pygls's log record (with its traceback) of a request answered with a deliberate LSP error:
    the Chinese message went to the user already, and VS Code shows the server's stderr in its output
    panel. Any other exception is still logged."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, JsonRpcException) or isinstance(exc, JsonRpcInternalError)


def main() -> int:
    """Serve over stdio until the client exits."""
    logging.getLogger("pygls.protocol.json_rpc").addFilter(_AnsweredOnPurpose())
    server.start_io()
    return 0
