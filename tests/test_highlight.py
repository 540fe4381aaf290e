"""The Pygments lexer: agrees with the grammar's word lists and with the parser on the real policies."""
from __future__ import annotations

import dataclasses
import re

import pytest
from lark import Lark
from pygments.lexers import get_lexer_by_name, get_lexer_for_filename
from pygments.token import Comment, Error, Keyword, Literal, Name, Number, Operator, Punctuation, String

from hzdsl import resources
from hzdsl.syntax import nodes as n
from hzdsl.syntax.highlight import HzdslLexer

from .conftest import POLICIES

POLICY_FILES = sorted(POLICIES.glob("*.policy"))


def _tokens(text: str) -> list[tuple[int, object, str]]:
    return list(HzdslLexer().get_tokens_unprocessed(text))


def _grammar_words() -> dict[str, set[str]]:
    """Every keyword of the grammar: string terminals (KW_*) and the words of the word-class regexes."""
    lark = Lark.open(str(resources.grammar_path()), parser="lalr", lexer="contextual", start="start")
    words: dict[str, set[str]] = {}
    for t in lark.terminals:
        if t.name.startswith("KW_") and t.pattern.type == "str":
            words.setdefault("keyword", set()).add(t.pattern.value)
        elif t.name in {"CMP", "POSTFIX", "ENTITY", "TYPE", "KIND", "FUNC", "KW_NO_REPEAT", "UNIT"}:
            value = t.pattern.value
            if t.name == "UNIT":
                value = value.split(")")[0].lstrip("(")  # the first group lists the simple units
            if t.name == "KW_NO_REPEAT":
                words.setdefault(t.name, set()).update({"不可重复享受", "不得重复享受"})
                continue
            alternatives = {w for w in value.split("|") if re.fullmatch(r"\w+|%", w)}
            words.setdefault(t.name, set()).update(alternatives)
    return words


@pytest.mark.parametrize("kind", ["keyword", "CMP", "POSTFIX", "ENTITY", "TYPE", "KIND", "FUNC",
                                  "KW_NO_REPEAT", "UNIT"])
def test_every_grammar_word_is_highlighted(kind):
    expected = {
        "keyword": (Keyword, Operator.Word), "CMP": (Operator.Word,), "POSTFIX": (Operator.Word,),
        "ENTITY": (Keyword.Type,), "TYPE": (Keyword.Type,), "KIND": (Keyword.Type,),
        "FUNC": (Name.Function,), "KW_NO_REPEAT": (Keyword,), "UNIT": (Name.Builtin,),
    }[kind]
    words = _grammar_words()[kind]
    assert len(words) >= 2
    for word in sorted(words):
        toks = [(t, v) for _, t, v in _tokens(word) if v.strip()]
        assert len(toks) == 1 and toks[0][1] == word, (word, toks)
        # 金额 is both a type and the limit keyword; 半年 a unit and a quantity on its own
        if word in {"金额"}:
            continue
        assert any(toks[0][0] in e for e in expected), (word, toks[0][0])


def _quotes(node, out: list):
    if isinstance(node, n.Quote):
        out.append(node)
    elif dataclasses.is_dataclass(node):
        for f in dataclasses.fields(node):
            _quotes(getattr(node, f.name), out)
    elif isinstance(node, (tuple, list)):
        for x in node:
            _quotes(x, out)
    return out


@pytest.mark.parametrize("path", POLICY_FILES, ids=lambda p: p.name)
def test_policy_tokens_cover_the_text_and_quotes_match_the_parser(path, loaded):
    text = path.read_text(encoding="utf-8")
    toks = _tokens(text)
    assert "".join(v for _, _, v in toks) == text
    assert [v for _, t, v in toks if t in Error] == []
    [module] = [m for m in loaded.program.modules if m.path.endswith(path.name)]
    quote_starts = {q.span.start for q in _quotes(module, [])}
    string_starts = {pos for pos, t, _ in toks if t is String}
    assert string_starts == quote_starts
    assert quote_starts or path.name == "facts.policy"
    # every other 「name」 is a name: terms, facts, parameters, benefits
    names = [v for _, t, v in toks if t is Name.Variable]
    assert all(v.startswith("「") and v.endswith("」") for v in names)


def test_a_rule_reads_as_its_parts():
    text = "待遇 「甲」(补贴) 依据「正常经营 6 个月」、「乙」 若 「正常经营时长」 满 6 个月 且 「X」 在 １２ 元/平方米·天 以内 则 3000 元，一次性。"
    got = [(t, v) for _, t, v in _tokens(text) if v.strip()]
    assert got[:4] == [(Keyword.Declaration, "待遇"), (Name.Variable, "「甲」"), (Punctuation, "("),
                       (Keyword.Type, "补贴")]
    assert (String, "「正常经营 6 个月」") in got and (String, "「乙」") in got
    assert (Name.Variable, "「正常经营时长」") in got
    assert (Number, "１２") in got and (Name.Builtin, "元/平方米·天") in got
    assert (Operator.Word, "满") in got and (Operator.Word, "以内") in got
    assert (Keyword, "一次性") in got


def test_longest_keyword_wins():
    got = [(t, v) for _, t, v in _tokens("以下之一 最高不超过 个人 每人每年 按规定") if v.strip()]
    assert [v for _, v in got] == ["以下之一", "最高不超过", "个人", "每人每年", "按规定"]


def test_dates_texts_comments_and_clause_numbers():
    got = [(t, v) for _, t, v in _tokens("条款 二十三 「题」。# 注释\n「日」 在 2022 年*月*日 之前 且 「身份」 包含 “在校大学生”") if v.strip()]
    assert got[:3] == [(Keyword.Declaration, "条款"), (Number, "二十三"), (String, "「题」")]
    assert (Comment.Single, "# 注释") in got
    assert (Literal.Date, "2022 年*月*日") in got
    assert (String.Double, "“在校大学生”") in got


def test_broken_input_never_raises():
    for text in ["待遇 「未闭合 若 「甲」 满 6 个月。", "」」「", "\x00\ufffd", "依据", "条款", "1.", "“未闭合"]:
        toks = _tokens(text)
        assert "".join(v for _, _, v in toks) == text
    assert any(t in Error for _, t, _ in _tokens("待遇 「未闭合 若"))


def test_registered_as_a_pygments_entry_point():
    assert isinstance(get_lexer_by_name("hzdsl"), HzdslLexer)
    assert isinstance(get_lexer_for_filename("c03.policy"), HzdslLexer)
