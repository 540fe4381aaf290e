"""Width normalisation that keeps every character offset.

Full-width and half-width forms must read alike (`，` `,`, `１２` `12`, U+3000 and a space), so
text is NFKC-normalised before lexing. NFKC is applied one character at a time and only where it
yields exactly one character: the normalised text then has the same length as the source, so
every span the parser reports is also a span in the original text (used for quotes and messages).
"""
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable

# Every way a line can end, read as one "\n": CRLF (Windows), a lone CR (classic Mac), NEL and the
# Unicode line and paragraph separators (pasted from Word). Decided once, where text enters
# (hzdsl.loader.read_text, parse_module, Sources), so the parser, the positions, the line shown
# under a diagnostic and fmt all count the same lines. \v and \f are not line ends: they stay
# characters (shown, and refused outside quotes, where they are).
_LINE_END = re.compile("\r\n?|[\x85\u2028\u2029]")


class _FoldTable(dict):
    """str.translate table filled on first sight of each character (translate runs in C)."""

    def __missing__(self, code: int) -> int:
        folded = unicodedata.normalize("NFKC", chr(code))
        self[code] = value = ord(folded) if len(folded) == 1 else code
        return value


_TABLE = _FoldTable()


def normalize(text: str) -> str:
    """Return `text` with full-width forms folded; same length as the input."""
    if text.isascii():
        return text
    return text.translate(_TABLE)


def fold_word(text: str) -> str:
    """A value compared with the policy's words (a 取值, a 文本 fact, a history field), read as policy
    text is: width-folded, without surrounding whitespace. The one reading of such values — the case
    loader (cases.load) and population screening (backends.sql.ingest) both call it."""
    return normalize(text).strip()


def compact(text: str) -> str:
    """Normalised text without any whitespace: the form in which quotes are compared."""
    return "".join(normalize(text).split())


def bare_name(text: str) -> str:
    """A declared name as an input writes it, without the one pair of 「」 around the whole of it, if any.

    # 读法（polish s22）：「」 quote a name in the policy and in docs/数据字典.md; written so in a case file's key, a
    CSV column, a history's 待遇 or --benefit they still quote that name — 「毕业时长」 is 毕业时长. Only 「」 around
    the whole (「甲」「乙」 and 历史次数「…」 are not one bracketed name); “” and "" quote texts, not names."""
    t = text.strip()
    if len(t) > 2 and t[0] == "「" and t[-1] == "」" and "「" not in t[1:-1] and "」" not in t[1:-1]:
        return t[1:-1]
    return text


def name_key(text: str) -> str:
    """The key a declared name written in an input is compared by: `compact` of its `bare_name`."""
    return compact(bare_name(text))


def unify_line_ends(text: str) -> str:
    """`text` with every line end (CRLF, CR, NEL, U+2028, U+2029) written as "\\n"."""
    if "\r" not in text and (text.isascii() or not any(c in text for c in "\x85\u2028\u2029")):
        return text
    return _LINE_END.sub("\n", text)


# A number as written — in a policy or a case file — has at most this many digits. The largest
# amount in the document is 8 digits (5000 万元 in 元); conversion of a long digit string to an exact
# number is super-linear, and Python refuses int(str) beyond 4300 digits, so a limit decided here
# keeps both readers fast and crash-free (E104 in a policy, E705 in a case file).
MAX_NUMBER_DIGITS = 30


def too_many_digits(number: str) -> bool:
    """Whether the written number `number` ("12.5", "-3") has more than MAX_NUMBER_DIGITS digits."""
    return len(number) > MAX_NUMBER_DIGITS and sum(c.isdigit() for c in number) > MAX_NUMBER_DIGITS


# A "unit" that is the exponent of scientific notation: 1e3 matches QUANTITY_PATTERN as 1 and 「e3」, and
# was reported as an unknown unit with a hint about 年 and 月 (breaker s22). Neither reader takes the
# notation (a count of 1e3 人 is written 1000 人); both name it (E705 / E912 form exponent).
EXPONENT_UNIT = re.compile(r"[eE][+-]?[0-9]+")
EXPONENT_HINT = "不用科学计数法：写出全部数字，如 1e3 写成 1000、2.5E-2 写成 0.025"


# ── cell values: one reading for case files (cases.load) and population files (backends.sql.ingest) ──
# A quantity or a date as a caseworker writes it, after `value_text`: 6 个月, 0.5 年, 4.15%, 2023-06-30,
# 2023 年 6 月 30 日. The digits are ASCII: full-width ones (６个月) are folded by `value_text` first.
QUANTITY_PATTERN = r"^\s*(-?[0-9]+(?:\.[0-9]+)?)\s*(\S*)\s*$"
DATE_PATTERN = r"^\s*([0-9]{4})\s*(?:-|年)\s*([0-9]{1,2})\s*(?:-|月)\s*([0-9]{1,2})\s*日?\s*$"


def no_such_day(year: int, month: int) -> str:
    """Why a date written in DATE_PATTERN's form names no day (2023-02-30: 「2023 年 2 月只有 28 天」) — the hint of a
    case file's E704 and a population cell's E912, where 「写成 2023-06-30」 would repeat the form used (breaker s22)."""
    import calendar
    import datetime as dt

    if not 1 <= month <= 12:
        return "月份应是 1 到 12"
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        return f"年份应是 {dt.MINYEAR} 到 {dt.MAXYEAR}"
    return f"{year} 年 {month} 月只有 {calendar.monthrange(year, month)[1]} 天"


def date_hint(value) -> str:
    """The hint for a cell that is no date: why the day does not exist when the form is right, else the form."""
    m = re.match(DATE_PATTERN, value_text(str(value)))
    return no_such_day(int(m.group(1)), int(m.group(2))) if m else "写成 2023-06-30 或 2023 年 6 月 30 日"
QUANTITY_RE = re.compile(QUANTITY_PATTERN)
DATE_RE = re.compile(DATE_PATTERN)
# a unit that stands alone as a quantity, as in the policy language (「登记失业半年以上」): 半年 = 1 半年
ALONE_UNITS = frozenset({"半年"})
# characters `value_text` leaves as they are (NFKC keeps printable ASCII and the CJK unified ideographs):
# a cell made only of these needs no Python, unless it is a lone unit or has surrounding whitespace
# (the characters themselves, not \u escapes: the pattern also runs in DuckDB, whose RE2 has no \u)
STABLE_CELL = "^[!-~\u4e00-\u9fff](?:[ -~\u4e00-\u9fff]*[!-~\u4e00-\u9fff])?$"


def value_text(text: str) -> str:
    """A quantity or date cell as read (QUANTITY_PATTERN / DATE_PATTERN are matched against this):
    width-folded (`２年` → `2年`, U+3000 → space), trimmed, a lone 半年 as `1 半年`. The one reading —
    the case loader calls it per value, population screening on each distinct value that is not
    STABLE_CELL (the rest are unchanged by it) and matches the same patterns in SQL."""
    body = normalize(text).strip()
    return "1 " + body if body in ALONE_UNITS else body



# how people write a quantity that QUANTITY_PATTERN does not read: Excel's thousands separators (3,000 元; NFKC has
# folded ， to ,) and a duration in years and months (1年6个月, 3 年半)
_THOUSANDS = re.compile(r"^\s*([0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?)\s*(\S*)\s*$")
_YEARS_MONTHS = re.compile(r"^\s*([0-9]+)\s*(?:周岁|年)\s*(?:([0-9]+)\s*个?月|(半))\s*$")


def written_quantity_hint(text: str, in_months: bool) -> str | None:
    """The value in the form it is read, for a quantity written as people write it (breaker s22) — the hint of a case
    file's E705/E706 and a population cell's E912; None for anything else. `in_months`: the declared unit counts
    months (年 and 月 convert), so 1年6个月 can be written 18 个月."""
    t = value_text(text)
    m = _THOUSANDS.match(t)
    if m:
        plain = f"{m.group(1).replace(',', '')} {m.group(2)}".strip()
        return f"不写千位分隔符：写成「{plain}」"
    m = _YEARS_MONTHS.match(t) if in_months else None
    if m:
        months = int(m.group(1)) * 12 + (6 if m.group(3) else int(m.group(2)))
        return f"年与月合写成一个数：「{str(text).strip()}」即 {months} 个月，写成「{months} 个月」"
    return None

# ── 集合 cells: the members of a set are separated by any of these (population files: ingest splits on them);
# so no declared member may hold one (the checker's E110), and a name holding the first, 、, reads as two in a
# list of names (W630: 待定事实, 历史汇总 headers 历史次数「A、B」).
SET_SEPARATORS = "、;；|"


def separators_in(text: str) -> list[str]:
    """The set separators `text` holds, as written or after width folding (｜ folds to |), in order."""
    folded = normalize(text)
    return [c for c in SET_SEPARATORS if c in text or c in folded]


# ── 布尔 cells: one reading for case files, population files and the schema ──
# The words read as 是 / 否, after `fold_word` (width-folded, trimmed: " 是 ", ｔｒｕｅ). 1 / 0 as spreadsheets
# write them (读法: a 是否 column exported from a spreadsheet is 1/0; no other number is a 布尔). Nothing else:
# yes/no, Y/N, T/F, 对/不是 are refused everywhere, never guessed.
TRUE_WORDS = frozenset({"是", "真", "成立", "有", "true", "True", "TRUE", "1"})
FALSE_WORDS = frozenset({"否", "假", "不成立", "无", "false", "False", "FALSE", "0"})


def bool_text(text: str) -> bool | None:
    """A 布尔 cell as read: True / False, or None when it is none of TRUE_WORDS / FALSE_WORDS (after
    fold_word). The one reading — the case loader calls it per value, population screening on each
    distinct cell that is not literally one of the words, and the schema describes the same set."""
    word = fold_word(text)
    return True if word in TRUE_WORDS else False if word in FALSE_WORDS else None


# ── patterns over text as written (hzdsl schema --json) ──
# The readers above match their patterns against `normalize(text)`; a JSON Schema validator sees the text as
# written. `raw_pattern` turns a pattern over folded text into one over written text that matches exactly
# the same texts: each character it names becomes the class of every character `normalize` reads as it
# (６ ⁶ 𝟔 for 6, U+3000 and U+00A0 for a space, the compatibility ideograph 年 for 年).

@functools.cache
def _written_forms() -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    """(folded character → every character written for it but itself, the characters read as whitespace).
    One pass over Unicode (≈ 0.4 s, once): NFKC changes only characters that have a decomposition."""
    forms: dict[str, set[str]] = {}
    spaces = set()
    decomposition = unicodedata.decomposition
    for point in range(0x110000):
        c = chr(point)
        folded = normalize(c) if decomposition(c) else c
        if folded != c:
            forms.setdefault(folded, set()).add(c)
        if folded.isspace():
            spaces.add(c)
    return {k: frozenset(v) for k, v in forms.items()}, frozenset(spaces)


def written_as(chars: Iterable[str], keep: Callable[[str], bool] = lambda c: True) -> list[str]:
    """Every character `normalize` reads as one of `chars` (themselves included when they fold to
    themselves), those `keep` accepts, sorted."""
    forms, _ = _written_forms()
    out = set()
    for ch in chars:
        if normalize(ch) == ch:
            out.add(ch)
        out |= forms.get(ch, frozenset())
    return sorted(c for c in out if keep(c))


def _class(chars: Iterable[str]) -> str:
    """A regex character class of `chars`, valid for Python `re` and ECMA-262 (JSON Schema): what does not
    print — spaces, controls — is written \\uXXXX (all such characters are in the BMP)."""
    body = []
    for c in chars:
        if c in "\\]^-[":
            body.append("\\" + c)
        elif c.isprintable() and not c.isspace():
            body.append(c)
        else:
            body.append(f"\\u{ord(c):04x}")
    return "[" + "".join(body) + "]"


def raw_pattern(pattern: str, keep: Callable[[str], bool] = lambda c: True) -> str:
    """A pattern over folded text → the pattern over text as written that matches it exactly when `pattern`
    matches `normalize(text)`. `pattern` may use literal characters, `\\s`, `\\.` `\\-` (escaped literals),
    classes of literals and ASCII ranges (`[0-9]`, `[12]`), groups (`(`, `(?:`, `(?=`, `(?!`), `|`, `?`,
    `*`, `+`, `{m,n}`, `^`, `$`. `keep`: the written characters allowed at all (a reader that refuses
    invisible characters passes its test)."""
    _, spaces = _written_forms()
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            nxt = pattern[i + 1]
            if nxt == "s":
                out.append(_class(sorted(c for c in spaces if keep(c))))
            elif nxt == "d":
                raise ValueError("write [0-9]: \\d means other digits in Python than in ECMA-262")
            else:
                out.append(_class(written_as(nxt, keep)))
            i += 2
        elif c == "[":
            end = pattern.index("]", i + 1)
            body, members = pattern[i + 1:end], []
            j = 0
            while j < len(body):
                if j + 2 < len(body) and body[j + 1] == "-":
                    members += [chr(x) for x in range(ord(body[j]), ord(body[j + 2]) + 1)]
                    j += 3
                else:
                    members.append(body[j])
                    j += 1
            out.append(_class(written_as(members, keep)))
            i = end + 1
        elif c == "(" and pattern.startswith("(?", i):
            out.append(pattern[i:i + 3])
            i += 3
        elif c == "{":
            end = pattern.index("}", i)
            out.append(pattern[i:end + 1])
            i = end + 1
        elif c in "()|?*+^$":
            out.append(c)
            i += 1
        else:
            out.append(_class(written_as(c, keep)))
            i += 1
    return "".join(out)
