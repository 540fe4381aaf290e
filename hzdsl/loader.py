"""Read policy files from disk, then run the front end from memory (`hzdsl.frontend.check_sources`).

Reading refuses what is not a policy text — a missing path, a binary file, a file too large —
with a positioned message instead of a traceback.
"""
from __future__ import annotations

import errno
import os
import re
import stat
from functools import lru_cache
from pathlib import Path

from . import resources
from .errors import Diagnostic, Span, os_reason
from .frontend import Loaded, check_sources
from .check.manifest import check_manifest
from .source import OfficialText
from .syntax.normalize import unify_line_ends

__all__ = ["Loaded", "load_policies", "read_text", "case_file_problem", "policy_files", "find_official", "READ_ERROR_CODES"]

MAX_FILE_BYTES = 2 * 1024 * 1024
# Codes of read_text's refusals (missing, binary or non-UTF-8, too large): input errors, exit 2.
# E020 (nested too deep) is also not shown: the statement is too long to quote.
READ_ERROR_CODES = frozenset({"E001", "E002", "E003", "E010", "E020", "E804", "E805"})
OFFICIAL_NAME = "official.txt"


def read_text(path: Path, what: str = "文件", table: bool = False) -> tuple[str | None, Diagnostic | None]:
    """Read a UTF-8 text file; on failure return a diagnostic pointing at it.

    At most MAX_FILE_BYTES + 1 bytes are ever read, whatever the file claims to be: a device or an
    endless stream (`/dev/zero`, a FIFO that keeps writing) is refused as too large, not read until
    memory runs out. The text comes back through `decode_text`: BOM dropped, line ends unified —
    for a `table` (a CSV read by DuckDB) only CRLF and CR, the line ends its readers know.
    """
    name = str(path)
    span = Span(name, 1, 1, 1, 1)
    try:
        if not path.exists():
            why = broken_link(path)
            hint = f"这是一个符号链接，{why}：改正链接，或删去它" if why else "检查路径是否拼写正确"
            return None, Diagnostic.of("E001", span, hint, what=what, name=name)
        if path.is_dir():
            return None, Diagnostic.of("E001", span, form="is_dir", name=name, what=what)
        kind = _not_regular(path.stat().st_mode)
        if kind:
            # opening a named pipe blocks until someone writes to it (hzdsl hung for ever), and a
            # device never ends: only regular files are read
            hint = (f"先把内容存成普通的{what}（例如 cat {name} > 副本{path.suffix}），再把该文件交给 hzdsl"
                    if stat.S_ISFIFO(path.stat().st_mode) else f"这里需要一个普通的{what}；是否选错了路径？")
            return None, Diagnostic.of("E805", span, hint, name=name, kind=kind)
        with open(path, "rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        return None, Diagnostic.of("E010", span,
                                "检查文件权限，或文件是否正被其他程序占用", what=what, name=name, reason=os_reason(e))
    if len(data) > MAX_FILE_BYTES:
        size = path.stat().st_size  # 0 for a device or a pipe: then only "more than the limit" is known
        hint = "政策文件和案例文件通常只有几十 KB；是否选错了文件？"
        if size > MAX_FILE_BYTES:
            return None, Diagnostic.of("E003", span, hint, what=what, kb=size // 1024,
                                       limit_kb=MAX_FILE_BYTES // 1024, name=name)
        return None, Diagnostic.of("E003", span, hint, form="not_regular", what=what, limit_kb=MAX_FILE_BYTES // 1024,
                                   name=name)
    return decode_text(data, name, what, table)


def broken_link(path: Path) -> str | None:
    """Why the symbolic link `path` leads nowhere (它指向的 X 不存在, 符号链接循环 …), or None when it is no
    broken link — so that a message names the link, not a missing file the user never wrote."""
    if not path.is_symlink():
        return None
    try:
        path.resolve(strict=True)
    except RuntimeError:  # Python < 3.13: a loop
        return "符号链接循环"
    except OSError as e:
        if e.errno != errno.ENOENT:
            return os_reason(e)
    else:
        return None
    return f"它指向的 {os.readlink(path)} 不存在"


def _not_regular(mode: int) -> str:
    """What a non-regular file is, in words ('' for a regular file)."""
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISFIFO(mode):
        return "命名管道（FIFO）"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    if stat.S_ISSOCK(mode):
        return "套接字"
    return "特殊文件"


def decode_text(data: bytes, name: str, what: str = "文件", table: bool = False) -> tuple[str | None, Diagnostic | None]:
    """Bytes → text, the one way every source is read (files, git revisions): UTF-8 with or without
    a BOM, NUL bytes refused as binary, every line end (CRLF, CR, U+2028 …) unified to "\\n".

    A `table` (a population or history CSV) is split where DuckDB and csv_records split it: at LF, CRLF
    and a lone CR only — NEL, U+2028 and U+2029 are characters of a cell there, and counting them as
    line ends quoted a wrong line under a right line number (breaker s22)."""
    span = Span(name, 1, 1, 1, 1)
    if b"\x00" in data:
        return None, Diagnostic.of("E002", span, "请选择 UTF-8 编码的文本文件", name=name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        # the column counts the characters before the bad byte on its line (they decoded fine)
        line_start = data.rfind(b"\n", 0, e.start) + 1
        col = len(data[line_start : e.start].decode("utf-8-sig", errors="replace")) + 1
        return None, Diagnostic.of("E002", Span(name, line, col, line, col + 1),
                                "请把文件另存为 UTF-8 编码（常见的是 GBK/GB18030 编码的文件）", form="not_utf8", name=name,
                                byte=e.start + 1)
    return (re.sub(r"\r\n?", "\n", text) if table else unify_line_ends(text)), None


def policy_files(paths: list[Path]) -> tuple[list[Path], list[Diagnostic]]:
    files: list[Path] = []
    diags: list[Diagnostic] = []
    for p in paths:
        if p.is_dir():
            found = sorted(p.rglob("*.policy"))
            if not found:
                diags.append(Diagnostic.of("E001", Span(str(p), 1, 1, 1, 1), form="no_policy_files_in", path=p))
            files.extend(found)
        elif p.exists() or p.suffix == ".policy":
            files.append(p)
        else:
            diags.append(Diagnostic.of("E001", Span(str(p), 1, 1, 1, 1), "检查路径是否拼写正确", name=p, what="文件或目录"))
    return unique_paths(files), diags


def unique_paths(paths):
    """`paths` without repeats — one file, however its path is written (policies and ./policies, a folder and a file
    in it): `check policies ./policies` counted 50 files for 25, `fmt` listed one file once per spelling (breaker s22).
    The first spelling is kept."""
    seen: set = set()
    out = []
    for p in paths:
        try:
            key = Path(p).resolve()
        except (OSError, RuntimeError):  # a symlink loop: its own spelling is its identity
            key = p
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def find_official(paths: list[Path]) -> Path:
    """The official text next to the policies being checked, else the one shipped with hzdsl.

    Anything named official.txt there counts — also a folder, a named pipe, a device or a broken link —
    so that read_official refuses it by name (E001/E805) instead of the shipped text being checked
    against in its place without a word."""
    for p in paths:
        folder = p if p.is_dir() else p.parent
        for candidate in (folder / OFFICIAL_NAME, folder.parent / "policies" / OFFICIAL_NAME):
            if candidate.exists() or candidate.is_symlink():
                return candidate
    return resources.official_text_path()


def read_official(path: Path) -> tuple[OfficialText | None, Diagnostic | None]:
    """The official text at `path`, read the one way every source is read (`read_text`: a regular file
    only, at most MAX_FILE_BYTES, UTF-8 with the bad byte's position, line ends unified); a problem comes
    back as (None, diagnostic) — E001 missing or a folder, E805 a pipe or device, E002 not UTF-8, E003
    too large — never an exception. Built texts are cached by content (`_official_from`)."""
    text, problem = read_text(path, "原文")
    if problem is not None:
        return None, problem
    if not text.strip():  # said once, not as every quote 「在原文中找不到」 (breaker s22)
        return None, Diagnostic.of("E001", Span(str(path), 1, 1, 1, 1),
                                   "official.txt 放政策原文全文，每条引文逐字对照它；从来源恢复它（见 official.manifest.json）",
                                   form="empty_official", name=path)
    return _official_from(text, str(path)), None


@lru_cache(maxsize=8)
def _official_from(text: str, name: str) -> OfficialText:
    return OfficialText.from_text(text, name)


# The keys a case file (docs/案例格式.md) starts with; no policy statement starts with `词:`.
_CASE_KEY = re.compile(r"^(?:-\s*)?[\"']?(名称|评估日期|事实|参数|参数文件|预期|历史|申请人|案例|说明|日期)[\"']?\s*[:：]\s")
YAML_SUFFIXES = (".yaml", ".yml")


def case_file_problem(path: Path, text: str) -> Diagnostic | None:
    """E804 for a case file given where a policy file is expected (`hzdsl check 案例.yaml`): said
    once, with the verbs that take case files, instead of the grammar's complaints about its keys.
    A `.yaml`/`.yml` name, or a first statement line that is a case file's `键: 值`, marks it."""
    first = next((line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")), "")
    if path.suffix.lower() not in YAML_SUFFIXES and not _CASE_KEY.match(first + " "):
        return None
    return Diagnostic.of("E804", Span(str(path), 1, 1, 1, 1),
                      f"对案例求值用 hzdsl run {path}，核对预期结果用 hzdsl test {path}；"
                      "政策文件（.policy）在 policies 目录中，hzdsl check policies 检查它们", path=path)


def default_policies() -> Path:
    """The policies of the project the user stands in (found upwards, as git does), else the bundled ones."""
    from .project import POLICY_DIR, project_path

    return project_path(POLICY_DIR) or resources.policies_dir()


def context_files(roots: list[Path], files: list[Path]) -> list[Path]:
    """The other .policy files of the folders of policy files named one by one (not of folders
    given whole): the project the named files belong to, as the language server reads it."""
    given = {f.resolve() for f in files}
    out: list[Path] = []
    for folder in dict.fromkeys(r.parent for r in roots if r.suffix == ".policy" and r.is_file()):
        out.extend(p for p in sorted(folder.glob("*.policy")) if p.resolve() not in given and p not in out)
    return out


def load_policies(paths: list[str | Path] | None = None, context: bool = False) -> Loaded:
    """Parse and check policies (default: the bundled ones). Never raises on bad input.

    context: policy files named one by one are checked together with the other .policy files of
    their folder (`context_files`); only the named files' diagnostics are kept (the others are
    counted in `Loaded.context_errors`). `hzdsl check` does this; verbs that run a program do not.
    """
    roots = [Path(p) for p in (paths or [default_policies()])]
    files, diags = policy_files(roots)
    extra = context_files(roots, files) if context else []
    texts: dict[str, str | Diagnostic] = {}
    for f in [*files, *extra]:
        text, problem = read_text(f, "政策文件")
        texts[str(f)] = problem or (text is not None and case_file_problem(f, text)) or text
    official_path = find_official(roots)
    official, problem = read_official(official_path)
    if problem is not None:  # reported after the files' problems, before the checker's findings
        texts[str(official_path)] = problem
    loaded = check_sources(texts, official)
    loaded.diagnostics[:0] = [*diags, *check_manifest(official)]  # the text itself first: quotes rest on it
    loaded.files = [str(f) for f in files]
    if extra:
        loaded.context = [str(f) for f in extra]
        others = set(loaded.context)
        loaded.context_errors = sum(1 for d in loaded.diagnostics if d.is_error and d.span.file in others)
        loaded.diagnostics = [d for d in loaded.diagnostics if d.span.file not in others]
    return loaded


def unread_siblings(paths: list[str | Path] | None) -> list[Path]:
    """For a program loaded from policy files named one by one: the other .policy files of their
    folders, which were not read (names used in the named files may be declared there)."""
    roots = [Path(p) for p in paths or []]
    files = [r for r in roots if r.suffix == ".policy" and r.is_file()]
    return context_files(files, files) if files and len(files) == len(roots) else []
