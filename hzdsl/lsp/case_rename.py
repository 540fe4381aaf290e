"""Rename in the project's YAML files: the case files `hzdsl test` reads and the parameter files.

A rename that edited only the .policy files left every case naming the old name — `hzdsl test` then failed
with E708 / E713. The places are the case loader's own (`cases.load.NameUse`: a 事实 key, a 历史 record's
待遇 and fields, a 预期 key, a 参数 key, an item of 待定事实), so a 名称, 说明, 算式 or comment holding the same
words is never touched. Each edit replaces only the name inside its YAML scalar: comments, quotes, 「」 and
layout stay byte for byte; a new name that cannot be written plain there is written double-quoted.

Files: `testing.discover` over the project's tests/cases and examples (tests and examples alike), the
parameter files in params/, and every parameter file a case names (参数文件). The project is the folder
holding the policy folder (as `hzdsl test` run at the project root reads policies/).
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..check.program import Program
from ..cases.load import NameUse, cases_from_text, parameter_names
from ..errors import Diagnostic, HzdslError
from ..loader import read_text
from ..syntax.normalize import bare_name
from ..testing.discover import DEFAULT_DIRS, discover

KINDS = frozenset({"事实", "参数", "待遇"})  # what case and parameter files name (terms, limits, exceptions: never)
PARAM_DIR = "params"  # --params files: params/杭州市参数.yaml
YAML_SUFFIXES = ("*.yaml", "*.yml")


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
    unreadable: dict[Path, Diagnostic]

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
    """(case files as `hzdsl test` finds them — tests and examples alike —, parameter files in params/)."""
    roots = [str(project / d) for d in DEFAULT_DIRS if (project / d).is_dir()]
    tests, examples, _ = discover(roots) if roots else ([], [], [])
    params = project / PARAM_DIR
    param_files = sorted({f for pattern in YAML_SUFFIXES for f in params.rglob(pattern)}) if params.is_dir() else []
    return [Path(f).resolve() for f in (*tests, *examples)], [f.resolve() for f in param_files if f.is_file()]


def read_names(project: Path, program: Program,
               text_of: Callable[[Path], tuple[str | None, Diagnostic | None]] = disk_text) -> YamlNames:
    """Read every YAML file of `project` with the case loader, recording where it names a declaration.
    `text_of(path)`: the text to read (an editor's unsaved buffer, else the disk)."""
    case_files, param_files = project_yaml(project)
    out = YamlNames({}, {}, {})
    named_params: list[Path] = []
    for f in case_files:
        text, problem = text_of(f)
        if problem is not None or text is None:
            out.unreadable[f] = problem
            continue
        names: list[NameUse] = []
        try:
            cases_from_text(text, str(f), program, names=names)
        except HzdslError as e:
            if not names and any(d.code in ("E700", "E750", "E751", "E752") for d in e.diagnostics):
                out.unreadable[f] = e.diagnostics[0]  # not YAML: where it names what is unknown
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
            out.unreadable[f] = problem
            continue
        names = []
        try:
            parameter_names(text, str(f), program, names)
        except HzdslError as e:
            out.unreadable[f] = e.diagnostics[0]
            continue
        out.texts[f] = text
        out.uses[f] = _unique(names)
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
    new_value = value[:at] + new_name + value[at + len(inner):] if at >= 0 else new_name
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


def applied(text: str, edits: list[Edit]) -> str:
    for e in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[:e.start] + e.text + text[e.end:]
    return text
