"""The policy folder as the language server sees it: files on disk overlaid by the editor's buffers.

A `PolicyFolder` holds the texts of every `.policy` file under one folder (read from disk once,
re-read when the client reports a change) and the unsaved text of each open document, and checks
them together with `hzdsl.frontend.check_sources` against the folder's official text. Parses are
reused: a file whose text has not changed since the last check is not parsed again, so an edit in
one file costs one parse plus one check of the folder.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Diagnostic
from ..frontend import Loaded, check_sources
from ..ir import IRProgram
from ..ir.names import Occurrence, occurrences
from ..loader import find_official, read_official, read_text
from ..source import OfficialText
from ..syntax.build import parse_module
from ..syntax.normalize import unify_line_ends


@dataclass
class Snapshot:
    """One check of the folder: the result, and what the server derives from it on demand."""

    loaded: Loaded
    _occurrences: list[Occurrence] | None = None

    @property
    def ir(self) -> IRProgram:
        return self.loaded.ir

    @property
    def occurrences(self) -> list[Occurrence]:
        if self._occurrences is None:
            self._occurrences = occurrences(self.ir)
        return self._occurrences

    def diagnostics_by_file(self) -> dict[str, list[Diagnostic]]:
        out: dict[str, list[Diagnostic]] = {f: [] for f in self.loaded.files}
        for d in self.loaded.diagnostics:
            out.setdefault(d.span.file, []).append(d)
        return out


class _ParseCache:
    """parse_module memoised on (path, text): the last parse of each file."""

    def __init__(self):
        self._last: dict[str, tuple[str, object]] = {}
        self.misses = 0

    def __call__(self, text: str, path: str):
        hit = self._last.get(path)
        if hit is not None and hit[0] == text:
            return hit[1]
        self.misses += 1
        result = parse_module(text, path)
        self._last[path] = (text, result)
        return result


UNTITLED = Path("<未保存>")  # the folder of documents that have no file yet: nothing on disk


@dataclass
class PolicyFolder:
    """The `.policy` files directly in `root` and its official text."""

    root: Path
    _disk: dict[str, str | Diagnostic] | None = None
    buffers: dict[str, str] = field(default_factory=dict)
    _official: OfficialText | None = None
    _official_problem: Diagnostic | None = None
    _parse: _ParseCache = field(default_factory=_ParseCache)
    _snapshot: Snapshot | None = None

    def _read_disk(self) -> dict[str, str | Diagnostic]:
        if self._disk is None and self.root == UNTITLED:
            self._disk = {}
        if self._disk is None:
            # the folder's own files, as `hzdsl check FILE` reads a file with (loader.context_files): read
            # recursively, a file opened at the repository root was checked with policies/, tests/fixtures/
            # and editors/ — errors published in files nobody opened, names resolved against any copy
            files = sorted(self.root.glob("*.policy"))
            self._disk = {}
            for f in files:
                text, problem = read_text(f, "政策文件")
                self._disk[str(f)] = text if problem is None else problem
        return self._disk

    def official(self) -> OfficialText | None:
        if self._official is None and self._official_problem is None:
            # read as the CLI reads it: a non-UTF-8 or non-regular official.txt is a diagnostic, not an
            # exception in every request (it was: UnicodeDecodeError → "hzdsl 内部错误" on each keystroke)
            self._official, self._official_problem = read_official(find_official([self.root]))
        return self._official

    def files(self) -> list[str]:
        names = list(self._read_disk())
        names += [b for b in self.buffers if b not in self._disk]
        return names

    def text(self, path: str) -> str | None:
        if path in self.buffers:
            return self.buffers[path]
        value = self._read_disk().get(path)
        return value if isinstance(value, str) else None

    # ── changes reported by the client ──
    def set_buffer(self, path: str, text: str) -> None:
        self.buffers[path] = text
        self._snapshot = None

    def close_buffer(self, path: str) -> None:
        self.buffers.pop(path, None)
        self._disk = None  # the file may have been saved or deleted meanwhile
        self._snapshot = None

    def disk_changed(self) -> None:
        self._disk = None
        self._official = self._official_problem = None
        self._snapshot = None

    # ── the check ──
    def check(self) -> Snapshot:
        """The folder checked as the editor shows it (cached until the next change)."""
        if self._snapshot is None:
            disk = self._read_disk()
            texts: dict[str, str | Diagnostic] = {}
            for path in sorted({*disk, *self.buffers}):
                texts[path] = self.buffers.get(path, disk.get(path))
            official = self.official()
            loaded = check_sources(texts, official, official.path if official else "official.txt", parse=self._parse)
            if self._official_problem is not None:
                loaded.diagnostics.append(self._official_problem)
            self._snapshot = Snapshot(loaded)
        return self._snapshot


def renamed_texts(folder: "PolicyFolder", spans, new_text: str) -> dict[str, str | Diagnostic]:
    """The folder's texts with every span of `spans` (name occurrences) written `new_text` — what the folder
    would be after a rename, to check it before the rename is made. Spans are offsets in the text with its
    line ends unified (syntax.parse_module)."""
    by_file: dict[str, list] = {}
    for sp in spans:
        by_file.setdefault(sp.file, []).append(sp)
    texts: dict[str, str | Diagnostic] = {}
    disk = folder._read_disk()
    for path in sorted({*disk, *folder.buffers}):
        text = folder.buffers.get(path, disk.get(path))
        if isinstance(text, str) and path in by_file:
            text = unify_line_ends(text)
            for sp in sorted(by_file[path], key=lambda s: s.start, reverse=True):
                text = text[:sp.start] + new_text + text[sp.end:]
        texts[path] = text
    return texts


class Workspace:
    """Every policy folder the editor has touched: a document belongs to the folder that holds it."""

    def __init__(self):
        self.folders: dict[Path, PolicyFolder] = {}

    def folder_of(self, path: str) -> PolicyFolder:
        """The folder holding `path`; a document without a file (untitled:…) is checked on its own,
        against the bundled official text."""
        root = Path(path).parent if Path(path).is_absolute() else UNTITLED
        folder = self.folders.get(root)
        if folder is None:
            folder = self.folders[root] = PolicyFolder(root)
        return folder
