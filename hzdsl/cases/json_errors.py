"""Python's English JSON errors, told in Chinese (E724), for a request body its sender declared as JSON.

A case file is YAML, and JSON is (nearly) YAML, so a JSON body is read by the YAML reader; but when it
fails, its sender wrote JSON, not YAML, and must be told what is wrong in JSON's terms (breaker s22).
`json.JSONDecodeError` has a closed set of messages (`msg`) and the place (`lineno`, `colno`).
"""
from __future__ import annotations

import json

from ..errors import Diagnostic, Span

_KEY_HINT = '键要用英文双引号，如 {"评估日期": "2023-06-30"}；最后一项后不能写逗号'
_COMMA_HINT = "各项之间用英文逗号「,」分隔；检查上一项的引号与括号是否成对"

# json's message (its start) → (what it means to a sender, hint)
_PROBLEMS: dict[str, tuple[str, str]] = {
    "Expecting value": ("此处应是一个值", "值是 \"文字\"、数、true、false、null、[…] 或 {…}；最后一项后不能写逗号"),
    "Expecting property name enclosed in double quotes": ("此处应是双引号括起的键", _KEY_HINT),
    "Expecting ':' delimiter": ("此处应是冒号「:」", '键与值之间写英文冒号，如 "评估日期": "2023-06-30"'),
    "Expecting ',' delimiter": ("此处应是逗号「,」", _COMMA_HINT),
    "Unterminated string starting at": ("字符串没有闭合（缺少结尾的双引号）", "给这个字符串补上结尾的英文双引号「\"」"),
    "Invalid control character at": ("字符串中有未转义的控制字符", "字符串中的换行写成 \\n，Tab 写成 \\t"),
    "Invalid \\uXXXX escape": ("\\u 转义后应是四位十六进制数字", "直接写出这个字，或写成 \\u 加四位十六进制数字"),
    "Invalid \\escape": ("字符串中有无法识别的转义", "反斜杠写成 \\\\；JSON 只认 \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX"),
    "Extra data": ("JSON 值结束后还有多余的内容", "请求体只能是一个 JSON 对象：删去结尾多余的部分"),
    "Illegal trailing comma": ("「}」或「]」前多了逗号", "删去最后一项后的逗号"),  # Python 3.13's wording
}


def json_diagnostic(e: json.JSONDecodeError, path: str) -> Diagnostic:
    """One E724 for a JSON syntax error, placed where the JSON reader stopped."""
    span = Span(path, e.lineno, e.colno, e.lineno, e.colno + 1)
    for start, (problem, hint) in _PROBLEMS.items():
        if e.msg.startswith(start):
            return Diagnostic.of("E724", span, hint, problem=problem)
    # not one we know: say so in Chinese, keeping the reader's words for whoever debugs it
    return Diagnostic.of("E724", span, "检查这一处的引号、逗号与括号", form="unknown", problem=e.msg)
