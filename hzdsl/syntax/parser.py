"""Parse .policy text into a Lark tree, collecting every syntax error of a file.

The whole file is parsed in one pass. Only when that fails is the file cut into statements at
each top-level 「。」 and every statement parsed on its own, so one mistake yields one message and
parsing resynchronises at the next statement instead of cascading.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from lark import Lark, Tree
from lark.tree import Meta
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from .. import resources
from ..errors import Diagnostic, Span
from .normalize import normalize
from .terminals import display

MAX_SOURCE_CHARS = 2_000_000  # a policy file is tens of kilobytes; refuse absurd inputs early


class _Tree(Tree):
    """Lark's Tree with its `meta` (positions) made with the node, as a plain attribute.

    Lark's `Tree.meta` is a property that makes the Meta on first read; with propagate_positions
    every node's meta is read several times as the parse streams (about 26 000 reads per check of
    the policies), each a Python call. Here it is one attribute read; `_meta` is kept for Lark's
    own copy and pickling."""

    meta = None  # shadows Tree.meta (a property) so that the instance's own attribute is read

    def __init__(self, data: str, children: list, meta: Meta | None = None) -> None:
        self.data = data
        self.children = children
        self._meta = self.meta = Meta() if meta is None else meta


@lru_cache(maxsize=1)
def _lark() -> Lark:
    return Lark.open(
        str(resources.grammar_path()),
        parser="lalr",
        lexer="contextual",
        propagate_positions=True,
        maybe_placeholders=False,
        start=["start", "item"],
        tree_class=_Tree,
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
class Lost:
    """A statement that did not parse: its keyword and, when its head is readable, its name.

    The checker uses it so that one syntax error does not come back as "「…」未定义" wherever the
    lost declaration is referred to, nor as "declared but unused" for what only it used.
    """

    keyword: str  # 事实 | 参数 | 术语 | 待遇 | 例外 | 限制 | "" (head unreadable)
    name_offset: int  # file offset of the name's 「, or -1
    name: str  # the name as written, brackets included, or ""


@dataclass(frozen=True)
class ParseResult:
    trees: list[ParsedChunk]
    comments: list[tuple[int, int, int, str]]  # offset, line, col, text
    diagnostics: list[Diagnostic]
    lost: list[Lost] = field(default_factory=list)


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
    lost: list[Lost] = []
    pending = list(split_statements(norm))
    pending.reverse()
    while pending:
        chunk, problem = pending.pop()
        if problem:
            opener, at, closer = problem
            diagnostics.append(Diagnostic.of("E103", _span_at(path, chunk, at), f"在名称或引文末尾补上 {closer}",
                                             form="unclosed", ch=opener))
            lost.extend(_lost(chunk))
            continue
        try:
            trees.append(ParsedChunk(_lark().parse(chunk.text, start="start"), chunk))
        except UnexpectedInput as err:
            diagnostics.append(_diagnose(err, chunk, path))
            lost.extend(_lost(chunk))
            cut = _next_declaration(err, chunk)
            if cut is not None:  # a missing 「。」: the next declaration is read on its own
                pending.append((cut, None))
    return ParseResult(trees, comments, diagnostics, lost)


# Keywords that begin a declaration. A declaration keyword met where 「。」 could end the statement
# means the 「。」 is missing: the error is the previous statement's, and the next one is sound.
DECL_KEYWORDS = {"KW_FACT": "事实", "KW_PARAM": "参数", "KW_TERM": "术语", "KW_BENEFIT": "待遇",
                 "KW_EXCEPTION": "例外", "KW_LIMIT": "限制", "KW_CLAUSE": "条款", "KW_PART": "部分",
                 "KW_NOTE": "说明"}
# A declaration's head — its keyword and, when readable, its 「name」 — outside brackets, quotes and comments
# (those are skipped whole: a keyword inside 「…」 is a name's words, not a head).
_HEADS = re.compile(r'(?P<skip>「[^」]*(?:」|\Z)|“[^”]*(?:”|\Z)|"[^"]*(?:"|\Z)|#[^\n]*)'
                    r"|(?P<kw>事实|参数|术语|待遇|例外|限制)\s*(?P<name>「[^「」\n]*」)?")


def _lost(chunk: Chunk) -> list[Lost]:
    """Every declaration the broken statement held. Not only one at its start: a keyword typed on the line
    above (待遇 — a rule being started) or a stray character before 术语 left the declaration after it
    unnamed, and each use of that name became "未定义" (one slip, many errors)."""
    found = [Lost(m.group("kw"), chunk.offset + m.start("name") if m.group("name") else -1, m.group("name") or "")
             for m in _HEADS.finditer(chunk.text) if m.group("kw")]
    return found or [Lost("", -1, "")]


def _missing_end(err: UnexpectedInput) -> bool:
    return (isinstance(err, UnexpectedToken) and err.token.type in DECL_KEYWORDS
            and "_END" in (err.accepts or err.expected or ()))


def _next_declaration(err: UnexpectedInput, chunk: Chunk) -> Chunk | None:
    """The rest of `chunk` from the declaration keyword that follows a missing 「。」, as a chunk."""
    if not _missing_end(err) or not err.token.start_pos:
        return None
    k = err.token.start_pos
    before = chunk.text[:k]
    nl = before.count("\n")
    line = chunk.line + nl
    col = k - before.rfind("\n") if nl else chunk.col + k
    return Chunk(chunk.text[k:], chunk.offset + k, line, col)


# What closes each opener the hand-written scanners below must skip over, exactly as the grammar's
# NAME and TEXT terminals do: inside 「…」, “…” and "…", `#` and 「。」 are text.
OPENERS = {"「": "」", "“": "”", '"': '"'}


# An opener up to its closer (or the end of the text, when unclosed) or a comment: scanned in C by
# `finditer`, which finds the same comments as the character loop of `_find_comments_slowly`.
_BRACKETED_OR_COMMENT = re.compile("|".join(f"{re.escape(o)}[^{re.escape(c)}]*(?:{re.escape(c)}|\\Z)"
                                            for o, c in OPENERS.items()) + r"|#[^\n]*")


def find_comments(norm: str):
    """Yield (offset, line, col, text) for each `#` comment outside brackets and quotation marks."""
    line, line_start, last = 1, 0, 0
    for m in _BRACKETED_OR_COMMENT.finditer(norm):
        i = m.start()
        if norm[i] != "#":
            continue
        newlines = norm.count("\n", last, i)
        if newlines:
            line += newlines
            line_start = norm.rfind("\n", last, i) + 1
        last = i
        yield i, line, i - line_start + 1, m.group()


def _find_comments_slowly(norm: str):
    """The reference scanner, one character at a time (tests/test_robust.py checks `find_comments` against it)."""
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
        elif ch in OPENERS:
            closer = OPENERS[ch]
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
    of the line. `problem` is (opener, offset-in-chunk, closer) for an unclosed bracket.
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
        elif ch in OPENERS:
            closer, opened_at = OPENERS[ch], i
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
        which = next(o for o, c in OPENERS.items() if c == closer)
        yield Chunk(rest, start, start_line, start_col), (which, opened_at - start, closer)
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
    at_end = isinstance(err, UnexpectedEOF) or (isinstance(err, UnexpectedToken) and err.token.type == "$END")
    if at_end or _missing_end(err):
        # The same slip — a statement not closed by 「。」 — reads the same whether the next thing is
        # the end of the file or the next declaration, and is placed on the statement it belongs to.
        stop = len(chunk.text) if at_end else err.token.start_pos
        offset = len(_strip_comments(chunk.text[:stop]).rstrip())
        names = set(getattr(err, "accepts", None) or getattr(err, "expected", ()) or ())
        at = _span_at(path, chunk, max(offset - 1, 0))
        if "_END" in names:
            return Diagnostic.of("E103", at, "每条声明以「。」结尾；在这条声明的末尾补上「。」", form="no_end")
        expected = _expected_text(names)
        hint = "每条声明以「。」结尾；检查是否漏写了条件、金额或「。」"
        if expected:
            return Diagnostic.of("E103", at, hint, form="incomplete_expected", expected=expected)
        return Diagnostic.of("E103", at, hint, form="incomplete")
    if isinstance(err, UnexpectedToken) and err.token.type == "KW_THEN" and "KW_EXCEPT" in (err.accepts or ()):
        # 若 A，B 则 …: after a comma the grammar reads「，B 除外」, so the parser only stops at 则.
        # The slip is the comma; say so there, in the words the hint uses.
        comma = _last_comma(chunk.text, err.token.start_pos)
        if comma is not None:
            return Diagnostic.of("E101", _span_at(path, chunk, comma), _hint_for(",", ()), form="comma")
    if isinstance(err, UnexpectedToken):
        tok = err.token
        offset = tok.start_pos if tok.start_pos is not None else 0
        expected = _expected_text(err.accepts or err.expected)
        return Diagnostic.of(
            "E101",
            _span_at(path, chunk, offset, max(len(str(tok)), 1)),
            _hint_for(str(tok), err.accepts or err.expected, tok.type), token=tok, expected=expected,
        )
    if isinstance(err, UnexpectedCharacters):
        offset = err.pos_in_stream
        ch = chunk.text[offset] if offset < len(chunk.text) else ""
        if ch in _CLOSERS:
            # A name or text fails to lex only when another opener comes before its closer.
            closer = _CLOSERS[ch]
            return Diagnostic.of(
                "E103",
                _span_at(path, chunk, offset),
                f"在名称或文本末尾补上 {closer}；名称和文本里不能再嵌套 {ch}", ch=ch, closer=closer,
            )
        allowed = _expected_text(err.allowed or ())
        return Diagnostic.of(
            "E102",
            _span_at(path, chunk, offset),
            _hint_for(ch, err.allowed or ()), form="" if allowed else "bare", ch=ch,
            **({"allowed": allowed} if allowed else {}),
        )
    return Diagnostic.of("E101", _span_at(path, chunk, 0), form="parser", reason=err)


def _last_comma(text: str, stop: int) -> int | None:
    """Offset of the last 「,」 before `stop` outside brackets, quotation marks and comments."""
    closer, found, i = "", None, 0
    while i < stop:
        ch = text[i]
        if closer:
            closer = "" if ch == closer else closer
        elif ch in OPENERS:
            closer = OPENERS[ch]
        elif ch == "#":
            nl = text.find("\n", i)
            i = stop if nl < 0 else nl
            continue
        elif ch == ",":
            found = i
        i += 1
    return found


def _strip_comments(text: str) -> str:
    """`text` with each comment blanked out (same length), so trailing comments are not "the end"."""
    out = list(text)
    for off, _, _, body in find_comments(text):
        out[off : off + len(body)] = " " * len(body)
    return "".join(out)


def _hint_for(found: str, expected, found_type: str = "") -> str:
    expected = set(expected or ())
    if found_type.startswith("KW_") or found_type in {"CMP", "POSTFIX", "UNIT", "TYPE", "ENTITY"}:
        return f"「{found}」是关键词，不能用在这里；参见 docs/语言参考.md 中该语句的写法"
    if found and "\u4e00" <= found[0] <= "\u9fff" and "NAME" in expected:
        return "名称要写在角括号里，如「正常经营时长」；关键词（若、则、且 …）写在括号外"
    if "_END" in expected and "CMP" in expected and found.isalpha():
        # mid-condition, a word the language does not have (大于等于, 个越 for 个月, and): the end of the
        # statement is one thing allowed here among many, and 「声明以「。」结尾」 alone sent the drafter
        # looking for a missing 。 (breaker s22)
        return (f"「{found}」不是这里能写的词：比较写 满、不少于、超过、不超过、低于 等（或数后加 以上、以内），"
                "单位紧跟数字（个月、年、天、元、万元、人），条件之间用「且」「或」；声明以「。」结尾")
    if "_END" in expected and found == ".":
        # 6.5.5 个月, or an ASCII full stop for 。: say both, the number first
        return "数字只写一个小数点（如 6.5）；声明以中文句号「。」结尾，不用「.」"
    if "_END" in expected:
        return "声明以「。」结尾"
    if found in {",", "，"}:
        return "条件之间用「且」「或」连接，不用逗号；逗号只用于「除外」和金额的限定（最高不超过 …）"
    return "参见 docs/语言参考.md 中该语句的写法"
