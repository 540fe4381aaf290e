"""Parse .policy text into a Lark tree, collecting every syntax error of a file.

The whole file is parsed in one pass. Only when that fails is the file cut into statements at
each top-level 「。」 and every statement parsed on its own, so one mistake yields one message and
parsing resynchronises at the next statement instead of cascading.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from lark import Lark, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from .. import resources
from ..errors import Diagnostic, Span
from .normalize import normalize
from .terminals import display

MAX_SOURCE_CHARS = 2_000_000  # a policy file is tens of kilobytes; refuse absurd inputs early


@lru_cache(maxsize=1)
def _lark() -> Lark:
    return Lark.open(
        str(resources.grammar_path()),
        parser="lalr",
        lexer="contextual",
        propagate_positions=True,
        maybe_placeholders=False,
        start=["start", "item"],
        cache=True,
    )


@lru_cache(maxsize=1)
def _patterns() -> dict[str, str]:
    return {t.name: t.pattern.value for t in _lark().terminals if t.pattern.type == "str"}


@dataclass(frozen=True)
class Chunk:
    """A statement's text and where it starts in the file (0-based offset, 1-based line/col)."""

    text: str
    offset: int
    line: int
    col: int


@dataclass(frozen=True)
class ParsedChunk:
    tree: Tree
    chunk: Chunk


@dataclass(frozen=True)
class ParseResult:
    trees: list[ParsedChunk]
    comments: list[tuple[int, int, int, str]]  # offset, line, col, text
    diagnostics: list[Diagnostic]


def parse_text(text: str, path: str) -> ParseResult:
    """Parse a whole file; `text` is the original (un-normalised) source."""
    norm = normalize(text)
    comments = list(find_comments(norm))
    try:
        tree = _lark().parse(norm, start="start")
        return ParseResult([ParsedChunk(tree, Chunk(norm, 0, 1, 1))], comments, [])
    except UnexpectedInput:
        pass
    trees: list[ParsedChunk] = []
    diagnostics: list[Diagnostic] = []
    for chunk, problem in split_statements(norm):
        if problem:
            diagnostics.append(Diagnostic("E103", problem[0], _span_at(path, chunk, problem[1]), problem[2]))
            continue
        try:
            trees.append(ParsedChunk(_lark().parse(chunk.text, start="start"), chunk))
        except UnexpectedInput as err:
            diagnostics.append(_diagnose(err, chunk, path))
    return ParseResult(trees, comments, diagnostics)


def find_comments(norm: str):
    """Yield (offset, line, col, text) for each `#` comment outside brackets and quotation marks."""
    closer = ""
    line, line_start = 1, 0
    i, n = 0, len(norm)
    while i < n:
        ch = norm[i]
        if ch == "\n":
            line, line_start = line + 1, i + 1
        elif closer:
            if ch == closer:
                closer = ""
        elif ch == "「":
            closer = "」"
        elif ch == "“":
            closer = "”"
        elif ch == "#":
            end = norm.find("\n", i)
            end = n if end < 0 else end
            yield i, line, i - line_start + 1, norm[i:end]
            i = end
            continue
        i += 1


def split_statements(norm: str):
    """Yield (chunk, problem) for each statement ending in a top-level 「。」.

    Brackets 「」 and quotation marks “” may span lines and contain 「。」; comments run to the end
    of the line. `problem` is (message, offset-in-chunk, hint) for an unclosed bracket.
    """
    start = 0
    i = 0
    n = len(norm)
    line, col = 1, 1
    start_line, start_col = 1, 1
    closer = ""
    opened_at = 0
    while i < n:
        ch = norm[i]
        if closer:
            if ch == closer:
                closer = ""
        elif ch == "#":
            while i < n and norm[i] != "\n":
                i += 1
                col += 1
            continue
        elif ch == "「":
            closer, opened_at = "」", i
        elif ch == "“":
            closer, opened_at = "”", i
        elif ch == "。":
            yield Chunk(norm[start : i + 1], start, start_line, start_col), None
            start = i + 1
            start_line, start_col = (line, col + 1)
        if ch == "\n":
            line, col = line + 1, 1
        else:
            col += 1
        i += 1
        if start == i:
            start_line, start_col = line, col
    rest = norm[start:]
    if closer:
        which = "「" if closer == "」" else "“"
        yield Chunk(rest, start, start_line, start_col), (
            f"{which} 没有闭合",
            opened_at - start,
            f"在名称或引文末尾补上 {closer}",
        )
    elif rest.strip() and any(not part.lstrip().startswith("#") for part in rest.splitlines() if part.strip()):
        yield Chunk(rest, start, start_line, start_col), None


def _span_at(path: str, chunk: Chunk, offset: int, length: int = 1) -> Span:
    before = chunk.text[:offset]
    nl = before.count("\n")
    if nl:
        line = chunk.line + nl
        col = offset - before.rfind("\n")
    else:
        line = chunk.line
        col = chunk.col + offset
    return Span(path, line, col, line, col + length, chunk.offset + offset, chunk.offset + offset + length)


def _expected_text(names) -> str:
    pats = _patterns()
    shown = sorted({display(n, pats) for n in names if n not in {"WS", "COMMENT"}})
    if len(shown) > 8:
        shown = shown[:8] + ["…"]
    return "、".join(shown)


_CLOSERS = {"「": "」", "“": "”"}


def _diagnose(err: UnexpectedInput, chunk: Chunk, path: str) -> Diagnostic:
    if isinstance(err, UnexpectedEOF) or (
        isinstance(err, UnexpectedToken) and err.token.type == "$END"
    ):
        offset = len(chunk.text.rstrip())
        expected = _expected_text(getattr(err, "expected", ()) or ())
        return Diagnostic(
            "E103",
            "声明不完整" + (f"，此处期望：{expected}" if expected else ""),
            _span_at(path, chunk, max(offset - 1, 0)),
            "每条声明以「。」结尾；检查是否漏写了条件、金额或「。」",
        )
    if isinstance(err, UnexpectedToken):
        tok = err.token
        offset = tok.start_pos if tok.start_pos is not None else 0
        expected = _expected_text(err.accepts or err.expected)
        return Diagnostic(
            "E101",
            f"语法错误：此处不应出现「{tok}」，期望：{expected}",
            _span_at(path, chunk, offset, max(len(str(tok)), 1)),
            _hint_for(str(tok), err.accepts or err.expected, tok.type),
        )
    if isinstance(err, UnexpectedCharacters):
        offset = err.pos_in_stream
        ch = chunk.text[offset] if offset < len(chunk.text) else ""
        if ch in _CLOSERS:
            # A name or text fails to lex only when another opener comes before its closer.
            closer = _CLOSERS[ch]
            return Diagnostic(
                "E103",
                f"{ch} 没有闭合：在下一个 {ch} 之前缺少 {closer}",
                _span_at(path, chunk, offset),
                f"在名称或文本末尾补上 {closer}；名称和文本里不能再嵌套 {ch}",
            )
        allowed = _expected_text(err.allowed or ())
        return Diagnostic(
            "E102",
            f"无法识别「{ch}」" + (f"，此处期望：{allowed}" if allowed else ""),
            _span_at(path, chunk, offset),
            _hint_for(ch, err.allowed or ()),
        )
    return Diagnostic("E101", f"语法错误：{err}", _span_at(path, chunk, 0))


def _hint_for(found: str, expected, found_type: str = "") -> str:
    expected = set(expected or ())
    if found_type.startswith("KW_") or found_type in {"CMP", "POSTFIX", "UNIT", "TYPE", "ENTITY"}:
        return f"「{found}」是关键词，不能用在这里；参见 docs/语言参考.md 中该语句的写法"
    if found and "\u4e00" <= found[0] <= "\u9fff" and "NAME" in expected:
        return "名称要写在角括号里，如「正常经营时长」；关键词（若、则、且 …）写在括号外"
    if "_END" in expected:
        return "声明以「。」结尾"
    if found in {",", "，"}:
        return "条件之间用「且」「或」连接，不用逗号；逗号只用于「除外」和金额的限定（最高不超过 …）"
    return "参见 docs/语言参考.md 中该语句的写法"
