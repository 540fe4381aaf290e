"""hzdsl fmt：把政策文件排成唯一的规范版式（保留全部注释与引文原样）。"""
from __future__ import annotations

import difflib
import os
import re
import tempfile
from pathlib import Path

from .base import EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, add_format_option, console, print_diagnostics
from ..errors import Diagnostic, Sources, Span, os_reason, shown_verbatim
from ..loader import case_file_problem, read_text


def register(sub) -> None:
    f = sub.add_parser("fmt", help="按规范版式排版政策文件（无样式选项；保留全部注释与引文）")
    f.add_argument("paths", nargs="*", help="政策文件或目录（默认：所在项目的 policies，从当前目录向上查找；不在项目中时用内置政策）")
    f.add_argument("--check", action="store_true", help="只检查：有文件需要排版时退出码为 1，不写文件")
    f.add_argument("--diff", action="store_true", help="显示排版前后的差异，不写文件；有文件需要排版时退出码为 1")
    add_format_option(f, ["text", "json"])
    f.set_defaults(func=run)


def write_atomically(path: Path, text: str, newline: str = "\n") -> None:
    """Write through a temporary file next to the real file and os.replace it: never a half-written file.

    A symbolic link is followed: the file it points to is rewritten and the link stays a link
    (a shared policy linked into several folders stays one file). A file with other hard links
    is rewritten in place instead: replacing it would leave the other names on the old,
    unformatted text. The file's permission bits are kept. Raises OSError when the folder or
    the file cannot be written.
    """
    target = path.resolve()
    if not os.access(target, os.W_OK):
        raise PermissionError(13, READ_ONLY, str(path))
    if target.stat().st_nlink > 1:
        # os.replace would give this name a new inode and detach it from its other names
        with open(target, "w", encoding="utf-8", newline=newline) as out:
            out.write(text)
        return
    fd, tmp = tempfile.mkstemp(prefix="." + target.name + ".", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as out:
            out.write(text)
        try:
            os.chmod(tmp, target.stat().st_mode & 0o777)
        except OSError:
            pass
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def line_end_of(path: Path) -> str:
    """The line end the file is written with: CRLF when its first line ends so, else LF.

    fmt compares texts with line ends unified (a CRLF file in canonical layout needs no
    formatting) and writes a file back with the line end it had.
    """
    try:
        with open(path, "rb") as f:
            head = f.read(64 * 1024)
    except OSError:
        return "\n"
    first = head.find(b"\n")
    return "\r\n" if first > 0 and head[first - 1 : first] == b"\r" else "\n"


def _lines(text: str) -> list[str]:
    """Lines as the parser counts them (only "\\n" ends a line; \\f or \\v inside a line stay)."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


READ_ONLY = "文件是只读的"  # a file without write permission is left alone, not replaced behind its back


def write_problem(path: Path, err: OSError) -> Diagnostic:
    if err.strerror == READ_ONLY:
        return Diagnostic.of("E011", Span(str(path), 1, 1, 1, 1),
                          "要排版请先给文件写权限（chmod u+w）；只检查不写可用 hzdsl fmt --check", path=path, reason=READ_ONLY)
    reason = os_reason(err)
    return Diagnostic.of("E011", Span(str(path), 1, 1, 1, 1),
                      "检查文件和所在目录的写权限；只检查不写可用 hzdsl fmt --check", path=path, reason=reason)


def run(args) -> int:
    from ..review.fmt import FormatError, format_text, iter_policy_files

    from ..loader import default_policies

    roots = args.paths or [str(default_policies())]
    files, problems = [], []
    for f in iter_policy_files(roots):
        if not f.exists():
            problems.append(Diagnostic.of("E001", Span(str(f), 1, 1, 1, 1), "检查路径是否拼写正确", name=f, what="文件或目录"))
        else:
            files.append(f)
    if not files and not problems:
        problems.append(Diagnostic.of("E001", Span(" ".join(roots), 1, 1, 1, 1), form="no_policy_files"))
    out = console()
    sources = Sources()
    changed: list[str] = []
    diffs: dict[str, str] = {}
    internal = 0  # files whose formatting failed fmt's own self-check (an hzdsl bug)
    for f in files:
        text, problem = read_text(f, "政策文件")
        problem = problem or case_file_problem(f, text)
        if problem:
            problems.append(problem)
            continue
        sources.add(str(f), text)
        try:
            formatted, diags = format_text(text, str(f))
        except FormatError as e:
            console(stderr=True).print(f"hzdsl 内部错误：{e}；文件未改动。\n提示：请附上该文件报告此缺陷", markup=False)
            internal += 1
            continue
        if diags:
            problems.extend(diags)
            continue
        if formatted == text:
            continue
        changed.append(str(f))
        if args.diff and args.format == "json":
            diffs[str(f)] = "".join(difflib.unified_diff(_lines(text), _lines(formatted),
                                                         f"{f}（原文）", f"{f}（排版后）"))
        elif args.diff:
            lines = difflib.unified_diff(_lines(text), _lines(formatted),
                                         f"{f}（原文）", f"{f}（排版后）")
            for line in lines:
                style = "green" if line.startswith("+") else "red" if line.startswith("-") else ""
                # the file's own characters: a control character in a comment is shown, never sent to the terminal
                out.print(shown_verbatim(line.rstrip("\n")), style=style, markup=False, highlight=False)
        elif not args.check:
            try:
                write_atomically(f, formatted, line_end_of(f))
            except OSError as e:  # this file stays as it was; the others are still formatted
                changed.pop()
                problems.append(write_problem(f, e))
    verb = "需要排版" if (args.check or args.diff) else "已排版"
    if args.format == "json":
        import json

        print(json.dumps({"files": len(files), ("needs_format" if verb == "需要排版" else "formatted"): changed,
                          "internal_errors": internal,
                          **({"diffs": diffs} if args.diff else {}),
                          "diagnostics": [d.to_json() for d in problems]}, ensure_ascii=False, indent=2))
    else:
        _report(out, problems, sources, files, changed, verb, args, internal)
    if internal:
        return EXIT_INTERNAL
    if problems:
        return EXIT_INPUT
    if (args.check or args.diff) and changed:
        return EXIT_FINDINGS  # like `diff`: 1 when something would change
    return EXIT_OK


def _report(out, problems, sources, files, changed, verb, args, internal: int) -> None:
    print_diagnostics(problems, sources)
    for name in changed:
        out.print(f"{verb}：{name}", markup=False)
    summary = f"{len(files)} 个文件，{len(changed)} 个{verb}"
    if problems or internal:
        summary += f"，{len(problems) + internal} 个无法排版"
    out.print(("✘ " if (changed and (args.check or args.diff)) or problems or internal else "✔ ") + summary,
              markup=False)
