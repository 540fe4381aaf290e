"""A Pygments lexer for `.policy` files (registered as the `pygments.lexers` entry point `hzdsl`).

Shapes: `HzdslLexer().get_tokens(text)` yields (token type, text) pairs covering the input exactly;
it never raises, and characters it does not know become `Error` tokens (an unclosed 「 is one).

Token classes, chosen so rendered pages can tell the parts of a rule apart:

- `Keyword.Declaration` — the words that open a statement (条款 术语 事实 参数 待遇 例外 限制 部分 说明);
- `Keyword` — the other keywords (依据 若 则 指 按规定 一次性 …);
- `Operator.Word` — connectives and comparisons (且 或 非 满 不超过 以内 …);
- `Keyword.Type` — types, entities and benefit kinds (金额 个人 补贴 …);
- `Name.Variable` — a 「name」 (term, fact, parameter, benefit, clause title);
- `String` — a quote of the official text: each 「…」 after 依据 or 说明, and a clause's or part's title;
- `String.Double` — a “text” value; `Number` and `Name.Builtin` (its unit); `Literal.Date`;
- `Comment.Single` — `# …` to the end of the line.

The word lists mirror grammar/hzpolicy.lark; tests/test_highlight.py fails when they drift apart.
Full-width forms (１２, （）, ，：) are accepted as the parser accepts them after normalisation.
"""
from __future__ import annotations

import re

from pygments.lexer import RegexLexer, bygroups, default, include
from pygments.token import (Comment, Error, Keyword, Literal, Name, Number, Operator, Punctuation,
                            String, Whitespace)

DECLARATIONS = ("部分", "条款", "说明", "事实", "参数", "术语", "待遇", "例外", "限制")
KEYWORDS = (
    "取值", "上限", "释义", "蕴含", "依据", "读法", "指", "若", "则", "除外", "享有", "最高不超过", "最高", "最低", "一次性",
    "期限不超过", "于", "适用于", "计入", "每人每年", "累计", "每年", "同一", "已由", "享受的",
    "不得重复享受", "不可重复享受", "以下之一", "以下全部", "在", "至", "之间", "属于", "之一", "包含",
    "超出", "的部分", "按规定", "按", "其他", "为",
)
OPERATOR_WORDS = (
    "或", "且", "非",
    # CMP
    "不超过", "不高于", "不多于", "不低于", "不少于", "不足", "未满", "满", "达到", "超过", "高于",
    "多于", "低于", "少于", "不是", "是",
    # POSTFIX
    "以内", "之内", "以上", "以下", "之前", "之后",
)
TYPES = ("布尔", "数", "金额", "时长", "日期", "面积", "比率", "计数", "序数", "枚举", "集合", "文本")
ENTITIES = ("个人", "用人单位", "企业", "单位", "机构", "基地", "社区", "高校", "家庭", "项目", "银行")
KINDS = ("补贴", "补助", "贷款", "贴息", "奖补", "资助", "权利", "资格", "服务")
FUNCTIONS = ("较小值", "较大值")
UNITS = ("万元", "元", "个月", "半年", "年", "月", "天", "日", "周岁", "岁", "平方米", "人次", "人", "名",
         "次", "个", "家", "%", "％", "BP")

# "金额" is both a type and the limit keyword 金额; it is shown as a type in both places.
_WORD_TOKEN: dict[str, object] = {}
for _words, _tok in ((UNITS, Name.Builtin), (FUNCTIONS, Name.Function), (KINDS, Keyword.Type),
                     (ENTITIES, Keyword.Type), (TYPES, Keyword.Type), (OPERATOR_WORDS, Operator.Word),
                     (KEYWORDS, Keyword), (DECLARATIONS, Keyword.Declaration)):
    for _w in _words:
        _WORD_TOKEN[_w] = _tok

# One alternation, longest word first: Chinese has no word boundaries, so 以下之一 must win over 以下,
# 最高不超过 over 最高, 个人 over the unit 个.
_WORDS_RE = "|".join(re.escape(w) for w in sorted(_WORD_TOKEN, key=len, reverse=True))
_UNIT_RE = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
_DIGITS = "[0-9０-９]"
_SP = "[ \t\u3000]*"


def _word_callback(lexer, match):
    word = match.group(0)
    yield match.start(), _WORD_TOKEN[word], word


class HzdslLexer(RegexLexer):
    """Lexer for hzdsl policy files (杭州市就业创业政策的规则即代码语言)."""

    name = "hzdsl"
    aliases = ["hzdsl", "policy", "hzpolicy"]
    filenames = ["*.policy"]
    mimetypes = ["text/x-hzdsl"]
    url = "https://example.invalid/hzdsl"  # the project has no public home yet
    version_added = ""

    tokens = {
        "common": [
            (r"[ \t\r\n\u3000]+", Whitespace),
            (r"#[^\n]*", Comment.Single),
        ],
        "root": [
            include("common"),
            # 条款 三 / 部分 二: the Chinese numeral is the clause's number
            (rf"(条款|部分)({_SP})([一二三四五六七八九十百零]+)",
             bygroups(Keyword.Declaration, Whitespace, Number), "quotes"),
            (r"(依据|说明)", Keyword, "quotes"),
            (r"「[^「」]*」", Name.Variable),
            (r"“[^“”]*”", String.Double),
            (r'"[^"]*"', String.Double),
            (rf"{_DIGITS}{{4}}{_SP}年{_SP}({_DIGITS}{{1,2}}|\*|＊){_SP}月{_SP}({_DIGITS}{{1,2}}|\*|＊){_SP}日",
             Literal.Date),
            (rf"({_DIGITS}+(?:[.．]{_DIGITS}+)?)({_SP})((?:{_UNIT_RE})(?:[/／·・⋅](?:{_UNIT_RE}))*)?",
             bygroups(Number, Whitespace, Name.Builtin)),
            # a compound unit standing alone, as in a type: 金额(元/平方米·天)
            (rf"(?:{_UNIT_RE})(?:[/／·・⋅](?:{_UNIT_RE}))+", Name.Builtin),
            (_WORDS_RE, _word_callback),
            (r"[+＋\-－×*＊÷/／]|>=|<=|!=|[><=≥≤≠＞＜＝]", Operator),
            (r"[。，,、：:；;（）()]", Punctuation),
            (r"「", Error),  # an unclosed 「 (the name runs to the end of the file)
            (r".", Error),
        ],
        # After 依据 / 说明 / 条款 三: each 「…」 quotes the official text (a clause's title too).
        "quotes": [
            include("common"),
            (r"「[^「」]*」", String),
            (r"、", Punctuation),
            default("#pop"),
        ],
    }


__all__ = ["HzdslLexer"]
