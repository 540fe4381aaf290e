"""The two sides of a diff: policy texts read from a file, a folder, or a git revision.

A revision is read with `git ls-tree` / `git show REV:./path`, so nothing is checked out and the
working tree is never touched. Either side is then parsed and checked like `hzdsl check` does.
"""
from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..check.program import Program
from ..errors import Diagnostic, HzdslError, Span
from ..frontend import check_sources
from ..loader import broken_link, case_file_problem, decode_text, find_official, policy_files, read_text
from ..syntax import nodes as n

OFFICIAL = "official.txt"


@dataclass
class Version:
    label: str  # what the user named: a path or a revision
    files: dict[str, str]  # policy path (relative to the policies folder) → text
    official: str | None = None  # official.txt of that version, when there is one
    modules: list[n.Module] = field(default_factory=list)
    program: Program | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # read from the file system: the file names diagnostics show (path → shown name, official.txt's
    # name); a revision's files are shown as git names them, REV:path
    shown: dict[str, str] = field(default_factory=dict)
    official_name: str | None = None
    sources: Any = None  # errors.Sources of the checked texts (diagnostics print their lines)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]


def _git(args: list[str], cwd: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)


def is_revision(spec: str) -> bool:
    try:
        return _git(["rev-parse", "--verify", "--quiet", spec + "^{commit}"]).returncode == 0
    except OSError:  # git not installed
        return False


def from_path(spec: str) -> Version:
    root = Path(spec)
    files, diags = policy_files([root])
    texts: dict[str, str] = {}
    shown: dict[str, str] = {}
    for f in files:
        text, problem = read_text(f, "政策文件")
        problem = problem or case_file_problem(f, text)
        if problem:
            diags.append(problem)
            continue
        rel = str(f.relative_to(root)) if root.is_dir() else f.name
        texts[rel], shown[rel] = text, str(f)
    if diags:
        raise HzdslError(diags)
    # whatever stands as official.txt is read or refused (a pipe, a folder: E805/E001), as in hzdsl check —
    # never skipped, which would leave this version's quotes unchecked
    official = find_official([root])
    official_text, problem = read_text(official, "原文")
    if problem:
        raise HzdslError([problem])
    return Version(spec, texts, official_text, shown=shown, official_name=str(official))


def from_revision(rev: str, folder: str) -> Version:
    """Every policy file of `folder` at revision `rev`, selected and decoded exactly as `from_path` reads
    the working tree: any *.policy below the folder whatever its name (paths listed NUL-separated, so a
    Chinese or spaced name is not quoted away), bytes through the one decoder (UTF-8 with or without
    BOM, line ends unified; a file that is not UTF-8 is a diagnostic, never silently replaced)."""
    listed = _git(["ls-tree", "-r", "-z", "--name-only", rev, "--", "./" + folder.strip("/") + "/"])
    if listed.returncode != 0:
        raise HzdslError([Diagnostic.of("E001", Span(rev, 1, 1, 1, 1), form="revision_unlisted", rev=rev,
                                        folder=folder, reason=listed.stderr.decode(errors='replace').strip())])
    texts: dict[str, str] = {}
    problems: list[Diagnostic] = []
    official = None
    base = folder.strip("/") + "/"
    for rel in listed.stdout.decode("utf-8", errors="surrogateescape").split("\0"):  # relative to the cwd
        if not rel:
            continue
        inner = rel[len(base):] if rel.startswith(base) else rel
        if not (rel.endswith(".policy") or inner == OFFICIAL):
            continue
        shown = _git(["show", f"{rev}:./{rel}"])
        if shown.returncode != 0:
            problems.append(Diagnostic.of("E010", Span(f"{rev}:{rel}", 1, 1, 1, 1), form="revision", rev=rev, rel=rel,
                                          reason=shown.stderr.decode(errors='replace').strip()))
            continue
        text, problem = decode_text(shown.stdout, f"{rev}:{rel}", "政策文件" if inner != OFFICIAL else "原文")
        if problem is not None:
            problems.append(problem)
        elif inner == OFFICIAL:
            official = text
        else:
            texts[inner] = text
    if problems:
        raise HzdslError(problems)
    if not texts:
        raise HzdslError([Diagnostic.of("E001", Span(rev, 1, 1, 1, 1),
                                     "用 --dir 指定政策目录（相对于当前目录）", form="no_policy_files_in_revision", rev=rev,
                                     folder=folder)])
    return Version(rev, texts, official)


def resolve(spec: str | None, folder: str = "policies") -> Version:
    """A path if it exists, else a git revision; None is the working tree's policy folder."""
    if spec is None:
        return from_path(folder)
    if Path(spec).exists():
        return from_path(spec)
    if is_revision(spec):
        return from_revision(spec, folder)
    hint = "写政策目录、政策文件，或 git 版本（如 main、HEAD~1、提交号）"
    why = broken_link(Path(spec))  # a link to nothing, or a loop: say so, not only 「no such path or revision」
    if why:
        hint = f"「{spec}」是一个符号链接，{why}：改正链接，或直接写政策目录"
    raise HzdslError([Diagnostic.of("E001", Span(spec, 1, 1, 1, 1), hint, form="not_path_nor_revision", spec=spec)])


def load(version: Version) -> Version:
    """Parse and check a version in place (quotes are checked against that version's official text)."""
    texts = {version.shown.get(path, f"{version.label}:{path}"): text.replace("\r\n", "\n")
             for path, text in sorted(version.files.items())}
    loaded = check_sources(texts, version.official, version.official_name or f"{version.label}:{OFFICIAL}")
    version.modules, version.program, version.diagnostics = loaded.program.modules, loaded.program, loaded.diagnostics
    version.sources = loaded.sources
    return version
