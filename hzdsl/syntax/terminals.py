"""Display text for grammar terminals, used when a message lists what was expected."""
from __future__ import annotations

# Terminals defined by a regular expression: a description a drafter understands.
_REGEX_TERMINALS = {
    "NAME": "「名称」",
    "TEXT": "“文本”",
    "DATE": "日期（如 2016 年 12 月 31 日）",
    "NUMBER": "数字",
    "CN_NUM": "中文序号（如 三）",
    "UNIT": "单位（元、个月、平方米、% …）",
    "UNIT_ALONE": "半年",
    "ENTITY": "主体（个人、企业、单位、机构 …）",
    "TYPE": "类型（布尔、金额、时长 …）",
    "KIND": "类别（补贴、贷款、贴息 …）",
    "FUNC": "函数（较小值、较大值）",
    "CMP": "比较词（满、不超过、超过、不足 …）",
    "POSTFIX": "以内 / 以上 / 以下 / 之前 / 之后",
    "KW_NO_REPEAT": "不得重复享受",
    "TIMES": "×",
    "DIV": "÷",
    "_END": "。",
    "$END": "文件结尾",
}

_PUNCT = {
    "COLON": ":", "COMMA": ",", "SEMICOLON": ";", "LPAR": "(", "RPAR": ")",
    "__ANON_0": "、",
}


def display(name: str, patterns: dict[str, str]) -> str:
    """How to show terminal `name` in a message; `patterns` maps string terminals to their text."""
    if name in _REGEX_TERMINALS:
        return _REGEX_TERMINALS[name]
    if name in patterns:
        return "「" + patterns[name] + "」" if not patterns[name].isascii() else patterns[name]
    return _PUNCT.get(name, name)
