"""PyYAML's English error messages, told in Chinese for drafters, positioned where the fault is.

PyYAML reports a `problem` (what it met) at `problem_mark` and often a `context` (what it was in
the middle of) at `context_mark`. Both are translated; the context's position goes into the
message, because the fault is often there (a `[` never closed, a quote never closed).
"""
from __future__ import annotations

import re

import yaml

from ..errors import Diagnostic, Related, Span

GENERIC_HINT = "检查缩进（用空格，不用 Tab）、冒号后的空格和引号是否成对"

# PyYAML token names as they appear in messages → what a drafter calls them.
_TOKENS = {
    "<block end>": "缩进结束",
    "<block mapping start>": "新的一组“键: 值”",
    "<block sequence start>": "新的列表",
    "<scalar>": "一个值",
    "<stream end>": "文件结尾",
    "<document start>": "文档开始标记 ---",
    "?": "一个“键: 值”",
    "-": "列表项「-」",
    "\\t": "Tab 字符",
    "\\n": "换行",
}

# (problem pattern, message template, hint). `{0}` is the first group, rendered by `_token`.
_PROBLEMS: list[tuple[re.Pattern, str, str]] = [
    (re.compile(r"expected ',' or '\]', but got (.+)"),
     "列表中此处应是「,」或「]」，却遇到了{0}",
     "检查「[」是否用「]」闭合；列表各项之间用英文逗号「,」分隔"),
    (re.compile(r"expected ',' or '\}', but got (.+)"),
     "映射中此处应是「,」或「}}」，却遇到了{0}",
     "检查「{」是否用「}」闭合；各项之间用英文逗号「,」分隔"),
    (re.compile(r"mapping values are not allowed here"),
     "此处不能再出现“键: 值”的冒号",
     "一行只写一个“键: 值”，冒号后留一个空格；值里有冒号时给整个值加引号，如 \"9:30\"；也检查上一行的缩进"),
    (re.compile(r"found character (.+) that cannot start any token"),
     "{0}不能出现在这里",
     "缩进只能用空格，不能用 Tab；以 @ ` 等符号开头的值要加引号"),
    (re.compile(r"expected <block end>, but found (.+)"),
     "缩进不一致：此处遇到了{0}",
     "同一层的键要左对齐，下一层比上一层多缩进两个空格；列表项「-」和“键: 值”不能混在同一层"),
    (re.compile(r"found unexpected end of stream"),
     "引号没有闭合，直到文件结尾",
     "给值补上配对的引号"),
    (re.compile(r"could not find expected ':'"),
     "这一行缺少“键: 值”的冒号",
     "写成“键: 值”，冒号后留一个空格"),
    (re.compile(r"found undefined alias (.+)"),
     "引用了未定义的锚点{0}",
     "以 * 或 & 开头的值要加引号"),
    (re.compile(r"expected alphabetic or numeric character, but found (.+)"),
     "锚点或别名（& 或 *）后应是字母或数字，这里是{0}",
     "以 * 或 & 开头的值要加引号"),
    (re.compile(r"found unknown escape character (.+)"),
     "双引号里有无法识别的转义{0}",
     "双引号里的反斜杠要写成 \\\\，或改用单引号"),
    (re.compile(r"expected the node content, but found (.+)"),
     "此处应是一个值，却遇到了{0}",
     "以 ] } , 等符号开头的值要加引号"),
    (re.compile(r"but found another document|expected a single document in the stream"
                r"|found unexpected document separator"),
     "一个案例文件只能有一个 YAML 文档，这里多了一个 ---",
     "一个文件里的多个案例写在「案例:」列表中"),
    (re.compile(r"expected a comment or a line break, but found (.+)"),
     "此处应换行（或写 # 注释），却遇到了{0}",
     "| 或 > 后面不能再写文字；值里以 # 开头的部分前要有空格，或给整个值加引号"),
    (re.compile(r"expected '<document start>', but found (.+)"),
     "此处应是新的一组“键: 值”，却遇到了{0}",
     "检查这一行的缩进与冒号；以 % 开头的行要加引号"),
    (re.compile(r"mapping keys are not allowed here"),
     "此处不能开始新的键",
     "「?」开头的值要加引号；检查这一行的缩进"),
    (re.compile(r"sequence entries are not allowed here"),
     "此处不能写列表项「-」",
     "列表项「-」要另起一行，并比它所属的键多缩进；值里的「- 」要加引号"),
    (re.compile(r"found undefined tag handle (.+)|found non-specific tag|expected URI|while parsing a tag"),
     "无法识别以「!」开头的标记",
     "以 ! 开头的值要加引号，如 \"!重要\""),
    (re.compile(r"expected ' ', but found (.+)"),
     "此处应有一个空格，却遇到了{0}",
     "以 ! 或 % 开头的值要加引号"),
    (re.compile(r"invalid indentation or unclosed '\[' or '\{'"),
     "缩进不对，或「[」「{{」没有闭合",
     "检查「[」「{」是否闭合；多行的列表写成每行一个「- 项」"),
    (re.compile(r"expected (?:chomping or indentation indicators|indentation indicator)"),
     "「|」或「>」后只能写缩进数字（1–9）或 + -",
     "多行文字写成 说明: | 后换行，下一行起缩进书写"),
    (re.compile(r"found duplicate anchor (.+)"),
     "锚点{0}定义了两次",
     "以 & 开头的值要加引号"),
    (re.compile(r"expected escape sequence of \d+ hexadecimal numbers, but found (.+)"),
     "双引号里的 \\x、\\u 转义后应是十六进制数字，这里是{0}",
     "双引号里的反斜杠要写成 \\\\，或改用单引号"),
    (re.compile(r"expected a digit(?: or '.'| or ' ')?, but found (.+)|expected '!', but found|expected '>', but found"
                r"|found duplicate YAML directive|found incompatible YAML document|duplicate tag handle"),
     "以 % 开头的 YAML 指令写得不对",
     "案例文件不需要 %YAML 之类的指令：删去这一行，或给以 % 开头的值加引号"),
]

# Characters YAML refuses anywhere in the file (reader errors): named for the drafter.
_CONTROL_NAMES = {0x07: "响铃符 BEL", 0x08: "退格符 BS", 0x0B: "垂直制表符 VT", 0x0C: "换页符 FF",
                  0x1B: "转义符 ESC", 0x7F: "删除符 DEL", 0xFFFE: "非字符 U+FFFE", 0xFFFF: "非字符 U+FFFF"}

_CONTEXTS = {
    "while parsing a flow sequence": "「[」开始的列表",
    "while parsing a flow mapping": "「{」开始的映射",
    "while scanning a quoted scalar": "引号开始的值",
    "while scanning a double-quoted scalar": "双引号开始的值",
    "while scanning a single-quoted scalar": "单引号开始的值",
    "while parsing a block collection": "这个列表",
    "while scanning a simple key": "这个键",
}


def _token(raw: str) -> str:
    body = raw.strip()
    if len(body) >= 2 and body[0] == body[-1] == "'":
        body = body[1:-1]
    return _TOKENS.get(body) or f"「{body}」"


def _reader_diagnostic(e: yaml.reader.ReaderError, path: str, text: str | None) -> Diagnostic:
    """A character YAML refuses (a control character, U+FFFE …): where it is and what it is."""
    code = e.character if isinstance(e.character, int) else ord(e.character)
    name = _CONTROL_NAMES.get(code) or ("控制字符" if code < 0x20 or 0x7F <= code < 0xA0 else "不允许的字符")
    line, col = 1, 1
    if text is not None and 0 <= e.position <= len(text):
        line = text.count("\n", 0, e.position) + 1
        col = e.position - (text.rfind("\n", 0, e.position) + 1) + 1
    return Diagnostic.of("E700", Span(path, line, col, line, col + 1),
                      "删去这个字符（常见于从网页、Word 或终端复制的文字）；确需时在双引号中写转义，如 \"\\x07\"", name=name, codepoint=code,
                      form="character")


def yaml_diagnostic(e: yaml.YAMLError, path: str, text: str | None = None) -> Diagnostic:
    """One diagnostic (code E700) for a YAML syntax error, in Chinese. `text` (the file's text)
    places errors PyYAML gives only as a character offset (a refused control character)."""
    if isinstance(e, yaml.reader.ReaderError):
        return _reader_diagnostic(e, path, text)
    problem = getattr(e, "problem", None) or str(e)
    context = getattr(e, "context", None) or ""
    pmark = getattr(e, "problem_mark", None)
    cmark = getattr(e, "context_mark", None)
    form, hint, raw = "unknown", GENERIC_HINT, problem
    for pattern, template, problem_hint in _PROBLEMS:
        m = pattern.search(problem)
        if m:
            # _PROBLEMS is the table of PyYAML's problems in Chinese (str.format templates: a literal brace
            # is written doubled, "}}"); the registry's E700 template puts it in its sentence
            form, problem, hint = "", template.format(*(_token(g) for g in m.groups())), problem_hint
            break
    else:  # not one we know: say so in Chinese, keeping PyYAML's words for whoever debugs it
        problem = problem.strip()
    # An unclosed quote is found only at the end of the file; the opening quote is the place to fix.
    mark = cmark if "end of stream" in raw and cmark is not None else (pmark or cmark)
    where = _CONTEXTS.get(context)
    related: tuple[Related, ...] = ()
    fields = {"problem": problem}
    if where and cmark is not None and mark is not cmark:
        form += "_in" if form else "in"
        fields.update(line=cmark.line + 1, col=cmark.column + 1, where=where)
        at = (cmark.line + 1, cmark.column + 1)
        related = (Related(Span(path, *at, at[0], at[1] + 1), f"{where}的开头"),)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return Diagnostic.of("E700", Span(path, line, col, line, col + 1), hint, related=related, form=form, **fields)


# a key followed by the Chinese input method's colon 「：」 (事实：, 评估日期：2023-06-30): PyYAML reads the line as a plain
# value and complains a line or two later, about something else (breaker s22)
_FULL_WIDTH_KEY = re.compile(r"^(\s*)(?:-\s+)?([^\s:：#\"'{}\[\],&*!|>%@`][^:：#\"'{}\[\],]*?)\s*：")
FULL_WIDTH_HINT = "YAML 的键后写英文冒号「:」并留一个空格，如「事实: …」「评估日期: 2023-06-30」"


def full_width_key(text: str, line: int) -> tuple[int, int, str] | None:
    """(line, column of the 「：」, key) of the last line at or before `line` (1-based) that starts with a key and a
    full-width colon, indented no deeper than line `line` (deeper lines are the prose of a 说明: | block); or None."""
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return None
    depth = len(lines[line - 1]) - len(lines[line - 1].lstrip())
    for n in range(line, 0, -1):
        m = _FULL_WIDTH_KEY.match(lines[n - 1])
        if m and len(m.group(1)) <= depth:
            return n, m.end(), m.group(2)
    return None


def full_width_diagnostic(d: Diagnostic, path: str, text: str | None) -> Diagnostic:
    """`d` (an E700) told as the full-width colon that caused it, at that colon — or `d` itself."""
    found = full_width_key(text, d.span.line) if text else None
    if found is None:
        return d
    line, col, key = found
    return Diagnostic.of("E700", Span(path, line, col, line, col + 1), FULL_WIDTH_HINT, form="full_width_colon",
                         line=line, key=key)
