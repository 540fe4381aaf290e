"""Diagnostics: collected, positioned, rendered with the offending line highlighted.

Every error the toolchain reports to a user is a `Diagnostic` with a code (documented in
docs/诊断代码.md), a Chinese message, a hint, and a source span. Passes collect diagnostics
instead of stopping at the first one; `HzdslError` carries a batch of them to the CLI.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .kinds import Severity

# The registry (hzdsl.codes, ~300 entries) is imported when a diagnostic is first made, not with this
# module: checking policies that have no finding never needs it, and every `hzdsl` start would
# otherwise load it (a fifth of hzdsl's source read by `import hzdsl.loader`).


@dataclass(frozen=True)
class Span:
    """A region of a source file: 1-based line and column, and 0-based character offsets."""

    file: str
    line: int
    col: int
    end_line: int
    end_col: int
    start: int = 0
    end: int = 0

    def __str__(self) -> str:
        # line 0: no place in a file (NO_SPAN, a command-line option such as --spark-master): the name alone
        return self.file if self.line == 0 else f"{self.file}:{self.line}:{self.col}"


NO_SPAN = Span("<内置>", 0, 0, 0, 0)


@dataclass(frozen=True)
class Related:
    """Another place a diagnostic points at (where a duplicate was first defined, …)."""

    span: Span
    message: str = ""


@dataclass(frozen=True)
class Diagnostic:
    """A positioned problem report. `severity` defaults to the code's (hzdsl.codes registry)."""

    code: str
    message: str
    span: Span = NO_SPAN
    hint: str = ""
    severity: Severity | None = None
    related: tuple[Related, ...] = ()

    def __post_init__(self):
        if self.severity is None:
            from .codes import lookup

            entry = lookup(self.code)
            object.__setattr__(self, "severity", entry.severity if entry else Severity.ERROR)

    @classmethod
    def of(cls, code: str, span: Span = NO_SPAN, hint: str = "", /, related: tuple[Related, ...] = (),
           form: str = "", **fields) -> "Diagnostic":
        """A diagnostic whose message is the registry template of `code` (or its named `form`,
        hzdsl.codes), filled with `fields`; other places it points at go in `related`."""
        from .codes import message

        return cls(code, message(code, form, **fields), span, hint, related=related)

    @property
    def is_error(self) -> bool:
        return self.severity == Severity.ERROR

    @property
    def category(self) -> Category:
        """INPUT (exit 2) or FINDING (exit 1), from the registry (unregistered: FINDING)."""
        from .codes import Category, lookup

        entry = lookup(self.code)
        return entry.category if entry else Category.FINDING

    def to_json(self) -> dict:
        """The diagnostic for JSON output, its text as written — no pictures, no \\u escapes (see JSON_KEEPS_C1)."""
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
            "file": self.span.file,
            "line": self.span.line,
            "col": self.span.col,
            "end_line": self.span.end_line,
            "end_col": self.span.end_col,
        } | ({"related": [{"file": r.span.file, "line": r.span.line, "col": r.span.col, "end_line": r.span.end_line,
                           "end_col": r.span.end_col, "message": r.message} for r in self.related]}
             if self.related else {})


class HzdslError(Exception):
    """A batch of diagnostics that stops the current command."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("; ".join(d.message for d in diagnostics))
        self.diagnostics = list(diagnostics)


# The operating system's reasons in the user's language: strerror is English ("Permission denied"), and every
# message that quotes an OSError goes through os_reason so that a Chinese line never ends in English.
_OS_REASONS = {
    "EACCES": "权限不足", "EPERM": "不允许的操作（权限不足）", "ENOENT": "路径不存在", "EISDIR": "路径是目录",
    "ENOTDIR": "路径中有一段不是目录", "EEXIST": "已有同名的文件或目录", "ENOSPC": "磁盘空间不足",
    "EDQUOT": "超出磁盘配额", "EROFS": "文件系统只读", "ENAMETOOLONG": "路径过长", "ELOOP": "符号链接循环",
    "EMFILE": "打开的文件过多", "ENFILE": "打开的文件过多", "EBUSY": "文件正被占用", "ETXTBSY": "文件正被占用",
    "EIO": "读写出错（设备或磁盘故障）", "EFBIG": "文件过大", "EXDEV": "不能跨文件系统移动",
    "EADDRINUSE": "地址已被占用", "EADDRNOTAVAIL": "地址不属于本机", "EAFNOSUPPORT": "不支持该地址类型",
    "ENODEV": "设备不存在", "ENXIO": "设备不存在", "EINVAL": "参数无效",
    "ECONNREFUSED": "拒绝连接（该端口没有服务在监听）", "EHOSTUNREACH": "主机不可达", "ENETUNREACH": "网络不可达",
    "ETIMEDOUT": "连接超时", "ECONNRESET": "连接被对方重置",
}


def os_reason(err: OSError) -> str:
    """Why an operating-system call failed, in Chinese (e.g. EACCES → 权限不足); an error without a known
    errno keeps its own text with the number, so nothing is hidden."""
    import errno as _errno

    name = _errno.errorcode.get(err.errno or 0, "")
    if name in _OS_REASONS:
        return _OS_REASONS[name]
    text = err.strerror or str(err) or type(err).__name__
    return f"{text}（{name}）" if name else text


@dataclass
class Sources:
    """Source texts by file name, so diagnostics can quote the line they point at.

    A line is what the parser counts as one: text between two "\\n" (line ends are unified on
    the way in). Each text is split once, on first use, so quoting n lines costs O(n), not O(n·size).
    """

    texts: dict[str, str] = field(default_factory=dict)
    _lines: dict[str, list[str]] = field(default_factory=dict, repr=False, compare=False)

    def add(self, name: str, text: str) -> None:
        """`text` as read (line ends already unified by hzdsl.loader.read_text or check_sources)."""
        self.texts[name] = text
        self._lines.pop(name, None)

    def line(self, name: str, line: int) -> str | None:
        lines = self._lines.get(name)
        if lines is None:
            text = self.texts.get(name)
            if text is None:
                return None
            lines = self._lines[name] = text.split("\n")
        return lines[line - 1] if 1 <= line <= len(lines) else None


# How a character of a quoted source line is shown: a tab as one space and other control
# characters as their visible pictures (␌ for \f …), so that every shown character has a known
# width and the caret lands under the column the diagnostic names.
_SHOWN = {c: " " if c == 9 else chr(0x2400 + c) for c in range(32)}
_SHOWN[0x7F] = "\u2421"
# C1 controls (U+0080–U+009F) have no pictures, and reach a terminal as commands too (U+009B is CSI, ESC [ in one
# character; U+0085 breaks the line): shown as the escape JSON allows for them, \u009b — six cells, so a caret
# is placed by the shown text of what precedes it (render_plain), not by character count.
_SHOWN.update({c: f"\\u{c:04x}" for c in range(0x80, 0xA0)})

# JSON_KEEPS_C1 — the pictures and escapes above are for the terminal only. JSON output (--json, the API, SARIF)
# carries what the user wrote: json.dumps escapes C0 controls itself (\u001b; JSON forbids them raw) and writes a
# C1 control as the character. That is valid JSON (RFC 8259 §7 requires escapes only below U+0020; Python's strict
# json.loads accepts it) and lossless: a consumer reads back the very value the case holds. A picture or a literal
# "\u009b" text in a JSON string would change the value; an escaped U+009B would be the same value, so nothing is
# gained for a program — a person reading JSON in a terminal reads it through a viewer. tests/test_control_chars.py
# (test_json_keeps_a_c1_control_raw_and_reads_back_to_the_value_written) keeps the round trip.


def _shown(text: str) -> str:
    return text.translate(_SHOWN)


# A message or hint quotes what the user wrote (a CSV cell, a case value): a control character in it
# (ESC of "\x1b[2J", a NUL) would reach the terminal as a command — clear the screen, retitle the
# window — or vanish. Shown as its picture like the quoted line; a hint keeps its own line breaks
# (E801's example YAML), a message is one line.
_SHOWN_KEEP_NL = {c: v for c, v in _SHOWN.items() if c != 10}


def _said(text: str, keep_lines: bool = False) -> str:
    return text.translate(_SHOWN_KEEP_NL if keep_lines else _SHOWN)


# Lines of a file printed as they are (fmt --diff): a tab and the line break are layout, not commands, and stay;
# every other control character is shown as its picture, as in a message (breaker s22: ESC of a comment's
# "\x1b]0;…" retitled the terminal through fmt --diff).
_SHOWN_VERBATIM = {c: v for c, v in _SHOWN_KEEP_NL.items() if c != 9}


def shown_line(text: str) -> str:
    """One line of what the user named for the terminal (a case named after its file, a path): every control
    character as its picture or \\u escape, as in a message. A file's name may hold ESC or CSI."""
    return text.translate(_SHOWN)


def shown_verbatim(text: str) -> str:
    """`text` (lines of a file) for the terminal: control characters other than tab and line feed as pictures (C1
    ones, which have none, as \\u0085 …)."""
    return text.translate(_SHOWN_VERBATIM)


def render_plain(diag: Diagnostic, sources: Sources | None = None) -> str:
    """Render one diagnostic as plain text: location, message, the source line, a caret, the related
    places (`label：file:line:col`), a hint.

    The caret is placed by display cells, not characters: a CJK character is two cells wide,
    a control character is shown as its one-cell picture.
    """
    from rich.cells import cell_len  # only when a diagnostic is shown (rich's tables load with it)

    head = _said(f"{diag.span}: {diag.severity}[{diag.code}]: {diag.message}")
    out = [head]
    line = sources.line(diag.span.file, diag.span.line) if sources else None
    if line is not None:
        src = _shown(line)
        col = max(diag.span.col, 1)
        prefix = _shown(line[: col - 1])  # a column counts characters of the line; a C1 control shows as six
        width = 1
        if diag.span.end_line == diag.span.line and diag.span.end_col > col:
            width = cell_len(_shown(line[col - 1 : diag.span.end_col - 1]))
        gutter = f"{diag.span.line:>5} | "
        out.append(gutter + src)
        out.append(" " * (len(gutter) - 2) + "| " + " " * cell_len(prefix) + "^" * max(width, 1))
    for r in diag.related:  # the other places it points at, each on its own line (a terminal makes them links)
        out.append(_said(f"  {r.message or '相关位置'}：{r.span}"))
    if diag.hint:
        out.append(f"  提示：{_said(diag.hint, keep_lines=True)}")
    return "\n".join(out)
