"""The words for what the evaluator's results are about: missing facts, parameters, history, placeholders.

Runtime results carry `runtime.values.Key`s (a kind and a subject), never text; this module is
the one place that says how a key reads. It sits just above `runtime`, below the back-ends, so
the SQL back-end's report words its missing-fact column exactly as `hzdsl run` does, and
`hzdsl.render` builds every other wording on it.
"""
from __future__ import annotations

from typing import Iterable

from .runtime.values import Key, KeyKind, Unknown

# How each kind reads: the form case files (`待定事实`), JSON output and the caseworker view use.
_WORDS = {
    KeyKind.FACT: "{}",
    KeyKind.PARAM: "参数「{}」",
    KeyKind.HISTORY: "历史申领记录",
    KeyKind.HISTORY_FIELD: "历史记录中的「{}」",
    KeyKind.DRAFT_DATE: "日期 {} 尚未确定",
    KeyKind.AS_PROVIDED: "{}",
    KeyKind.DIVISION_BY_ZERO: "除数为 0",
    KeyKind.LOOKUP_MISS: "查表无此项：{}",
    KeyKind.NEGATIVE_AMOUNT: "金额为负：政策没有写下限（最低）{}",
    KeyKind.CONTRADICTION: "{}",
}


def key_word(k: Key) -> str:
    """A key as words: a fact by its bare name, 参数「LPR」, 历史申领记录, 日期 2022 年*月*日 尚未确定 …"""
    if k.kind == KeyKind.LOOKUP_MISS and not k.subject:
        return "查表无此项"  # the SQL back-end knows that no row matched, not which value
    return _WORDS[k.kind].format(k.subject)


def key_text(k: Key) -> str:
    """How a drafter reads one thing an Unknown is about: a fact in 「」, the others as `key_word`."""
    return f"「{k.subject}」" if k.kind == KeyKind.FACT else key_word(k)


def sorted_keys(keys: Iterable[Key]) -> list[Key]:
    """Keys in the order they are listed everywhere: by their words."""
    return sorted(keys, key=key_word)


def key_words(keys: Iterable[Key]) -> list[str]:
    """The words of `keys`, in listing order."""
    return sorted(key_word(k) for k in keys)


def unknown_text(u: Unknown) -> str:
    """What an Unknown lacks, as one line: the missing (facts in 「」) then the placeholders."""
    parts = [key_text(m) for m in sorted_keys(u.missing)]
    parts += key_words(u.placeholders)
    return "、".join(parts)
