"""Rename in the project's YAML files: the case files `hzdsl test` reads and the parameter files.

A rename that edited only the .policy files left every case naming the old name — `hzdsl test` then failed
with E708 / E713. The places are the case loader's own (`cases.load.NameUse`: a 事实 key, a 历史 record's
待遇 and fields, a 预期 key, a 参数 key, an item of 待定事实), so a 名称, 说明, 算式 or comment holding the same
words is never touched. Each edit replaces only the name inside its YAML scalar: comments, quotes, 「」 and
layout stay byte for byte; a new name that cannot be written plain there is written double-quoted.

Files: `testing.discover`'s files of the project's tests/cases and examples (tests and examples alike), the
parameter files in params/, and every parameter file a case names (参数文件). The project is the folder
holding the policy folder (as `hzdsl test` run at the project root reads policies/).

Refused, with the reason in Chinese (the server's RequestFailed): a file holding the name that is not YAML
(where it names it cannot be known: `unreadable_naming`, also at prepareRename), and an edit after which a
file reads worse than before — each edited file is read again with the renamed program (`collision`: a case
that already writes the new name, a history field renamed 日期 …).
"""
from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..check.program import Program
from ..cases.load import NameUse, cases_from_text, parameter_names
from ..cases.yaml_load import compose
from ..errors import Diagnostic, HzdslError
from ..loader import read_text
from ..syntax.normalize import bare_name, compact
from ..testing.discover import DEFAULT_DIRS, yaml_files

NOT_YAML = frozenset({"E700", "E750", "E751", "E752"})  # yaml_load: the text does not compose into nodes
KINDS = frozenset({"事实", "参数", "待遇"})  # what case and parameter files name (terms, limits, exceptions: never)
PARAM_DIR = "params"  # --params files: params/杭州市参数.yaml


@dataclass(frozen=True)
class Edit:
    start: int  # character offsets in the file's text
    end: int
    text: str


@dataclass
class YamlNames:
    """Where each YAML file of a project names a declaration, and the files that could not be read."""

    texts: dict[Path, str]
    uses: dict[Path, list[NameUse]]
    unreadable: dict[Path, tuple[Diagnostic, str | None]]  # not YAML (or not readable): why, and its text
    params: set[Path]  # the parameter files (read as --params reads them), the others are case files

    def of(self, kind: str, key: str) -> dict[Path, list[NameUse]]:
        out = {}
        for f, uses in self.uses.items():
            found = [u for u in uses if u.kind == kind and u.key == key]
            if found:
                out[f] = found
        return out


def disk_text(path: Path) -> tuple[str | None, Diagnostic | None]:
    """A file's text as an editor holds it: BOM dropped, line ends as they are (the edits' positions are
    counted in these; `read_text` unifies U+2028 … into line ends an editor does not count)."""
    text, problem = read_text(path, "YAML 文件")
    if problem is not None:
        return None, problem
    try:
        return path.read_bytes().decode("utf-8-sig"), None
    except (OSError, UnicodeDecodeError):  # changed since: read_text's reading stands
        return text, None


def project_yaml(project: Path) -> tuple[list[Path], list[Path]]:
    """(case files as `hzdsl test` finds them — tests and examples alike, so without reading each for 预期 —,
    parameter files in params/); regular files only."""
    case_files = [f for d in DEFAULT_DIRS if (project / d).is_dir() for f in yaml_files(project / d)]
    param_files = yaml_files(project / PARAM_DIR) if (project / PARAM_DIR).is_dir() else []
    unique = lambda files: list(dict.fromkeys(f.resolve() for f in files if f.is_file()))  # noqa: E731
    return unique(case_files), unique(param_files)


def read_names(project: Path, program: Program,
               text_of: Callable[[Path], tuple[str | None, Diagnostic | None]] = disk_text) -> YamlNames:
    """Read every YAML file of `project` with the case loader, recording where it names a declaration.
    `text_of(path)`: the text to read (an editor's unsaved buffer, else the disk)."""
    case_files, param_files = project_yaml(project)
    out = YamlNames({}, {}, {}, set())
    named_params: list[Path] = []
    for f in case_files:
        text, problem = text_of(f)
        if problem is not None or text is None:
            out.unreadable[f] = (problem, None)
            continue
        names: list[NameUse] = []
        try:
            cases_from_text(text, str(f), program, names=names)
        except HzdslError as e:
            if not names and any(d.code in NOT_YAML for d in e.diagnostics):
                out.unreadable[f] = (e.diagnostics[0], text)  # not YAML: where it names what is unknown
                continue
        out.texts[f] = text
        for u in names:  # a case's 参数文件 is read below as a parameter file, from the editor's text
            if Path(u.span.file).resolve() != f:
                named_params.append(Path(u.span.file).resolve())
        out.uses[f] = _unique([u for u in names if Path(u.span.file).resolve() == f])
    for f in sorted(set(param_files) | set(named_params)):
        if f in out.texts:
            continue
        text, problem = text_of(f)
        if problem is not None or text is None:
            out.unreadable[f] = (problem, None)
            continue
        names = []
        try:
            parameter_names(text, str(f), program, names)
        except HzdslError as e:
            out.unreadable[f] = (e.diagnostics[0], text)
            continue
        out.texts[f] = text
        out.uses[f] = _unique(names)
        out.params.add(f)
    return out


def _unique(uses: list[NameUse]) -> list[NameUse]:
    """Each place once: a 案例 file's shared 事实 are read for every case of its list."""
    seen, out = set(), []
    for u in uses:
        if u.span.start not in seen:
            seen.add(u.span.start)
            out.append(u)
    return out


# A plain YAML scalar may hold none of these; conservative — a name needing any of them is written quoted.
_PLAIN_UNSAFE = re.compile(r"[:#,\[\]{}\"'\\\t]|^[-?!&*|>%@`\s]|\s$")


def name_edit(text: str, use: NameUse, new_name: str) -> Edit:
    """The edit writing `new_name` for the name `use` points at in `text`: only the name inside the scalar when
    it can be written there as it is, else the whole scalar double-quoted."""
    start, end = use.span.start, use.span.end
    src = text[start:end]
    value = use.written
    if use.form == "{}":
        inner = bare_name(value).strip()
        at = value.find(inner) if inner else -1
    else:  # 参数「LPR」, 历史记录中的「贷款期限」: the name between the brackets
        lo, hi = value.find("「") + 1, value.rfind("」")
        inner = value[lo:hi].strip() if 0 < lo <= hi else ""
        at = value.find(inner, lo) if inner else -1
    new_value = value[:at] + new_name + value[at + len(inner):] if at >= 0 else use.form.format(new_name)
    if at >= 0 and src == value and not _PLAIN_UNSAFE.search(new_value):
        return Edit(start + at, start + at + len(inner), new_name)  # plain, one line
    if at >= 0 and src == f"'{value}'" and "'" not in value:
        return Edit(start + 1 + at, start + 1 + at + len(inner), new_name.replace("'", "''"))
    if at >= 0 and src == f'"{value}"' and not re.search(r'["\\]', value):
        return Edit(start + 1 + at, start + 1 + at + len(inner), json.dumps(new_name, ensure_ascii=False)[1:-1])
    # escapes, a folded or block scalar, a name that cannot stand plain: the whole scalar, double-quoted
    quoted = json.dumps(new_value, ensure_ascii=False)
    return Edit(start, end, quoted + ("\n" if src.endswith("\n") else ""))


def rename_edits(names: YamlNames, kind: str, key: str, new_name: str) -> dict[Path, list[Edit]]:
    """Per file, the edits renaming declaration `key` of `kind` to `new_name` (as written, without 「」)."""
    return {f: [name_edit(names.texts[f], u, new_name) for u in uses] for f, uses in names.of(kind, key).items()}


def _problems(names: YamlNames, f: Path, text: str, program: Program) -> list[Diagnostic]:
    """What the loader reports in `text` read as file `f` (a case file, or a parameter file)."""
    try:
        if f in names.params:
            return parameter_names(text, str(f), program, [])
        cases_from_text(text, str(f), program)
    except HzdslError as e:
        return list(e.diagnostics)
    return []


def _shown(project: Path, f: Path | str) -> str:
    try:
        return Path(f).resolve().relative_to(project.resolve()).as_posix()
    except ValueError:
        return str(f)


def collision(project: Path, names: YamlNames, edits: dict[Path, list[Edit]], before: Program, after: Program,
              new_name: str) -> str | None:
    """Why the edited YAML files would not read as before (a Chinese message), or None. Each edited file is read
    with the program as it is and, edited, with the program renamed: a problem the edit brings (a record or a case
    that already holds the new name, E709; a history field renamed to 日期 …) refuses the rename."""
    for f, es in edits.items():
        old = Counter(d.code for d in _problems(names, f, names.texts[f], before))
        found = _problems(names, f, applied(names.texts[f], es), after)
        brought = Counter(d.code for d in found) - old
        first = next((d for d in found if d.code in brought), None)
        if first is not None:
            at = first.span
            return (f"重命名为「{new_name}」后，{_shown(project, at.file)}:{at.line}:{at.col} 会出错"
                    f"（{first.code}：{first.message}）；换一个名称，或先改那个文件")
    return None


def unreadable_naming(project: Path, key: str, name: str,
                      text_of: Callable[[Path], tuple[str | None, Diagnostic | None]] = disk_text,
                      names: YamlNames | None = None) -> str | None:
    """A Chinese message when a YAML file of the project holding the words of `key` is not YAML: where it names
    the declaration cannot be known, so a rename would leave it behind. None when there is none. `names`: the
    files already read (read_names), else each file holding the words is composed here."""
    if names is not None:
        broken = [(f, d, text) for f, (d, text) in names.unreadable.items()]
    else:
        broken = []
        for f in [f for files in project_yaml(project) for f in files]:
            text, _ = text_of(f)
            if text is not None and key in compact(text):
                try:
                    compose(text, str(f))
                except HzdslError as e:
                    broken.append((f, e.diagnostics[0], text))
    for f, d, text in broken:
        if text is not None and key in compact(text) and d.code in NOT_YAML:
            return (f"{_shown(project, f)}:{d.span.line}:{d.span.col} 不是有效的 YAML（{d.message}），读不出其中哪些地方"
                    f"指「{name}」，重命名会把它漏掉；先改正这个文件，再重命名")
    return None


def applied(text: str, edits: list[Edit]) -> str:
    for e in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[:e.start] + e.text + text[e.end:]
    return text
