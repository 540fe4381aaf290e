"""The data dictionary: every declared fact and parameter, as a table and as JSON Schema."""
from __future__ import annotations

import copy
import functools
import json
import re
from fractions import Fraction

from rich.table import Table

from . import ir
from .check.invisible import shows
from .check.program import Program
from .units import terminates
from .ir import clause_order, ir_of
from .render import clause_label
from .syntax.normalize import MAX_NUMBER_DIGITS
from .syntax.walk import find_all

def _uses(program: Program) -> dict[str, set[str]]:
    """fact/param key → the clauses whose rules refer to it (directly, or as a history field of a limit)."""
    prog = ir_of(program)
    out: dict[str, set[str]] = {}
    rules = [*prog.terms.values(), *(x for b in prog.benefits.values() for x in (b, *b.exceptions))]
    for d in rules:
        for r in find_all(tuple(prog.exprs_of(d)), ir.Ref):
            out.setdefault(r.key, set()).add(d.clause)
    for lim in prog.limits.values():  # 累计「字段」 and 同一「字段」 read facts from the history too
        for key in lim.history_fields:
            out.setdefault(key, set()).add(lim.clause)
    return out


def _type_text(decl) -> str:
    from .syntax.printer import literal

    t = decl.type.type + (f"({decl.type.unit})" if decl.type.unit else "")
    if getattr(decl, "upper", None) is not None:  # 上限 100%: values above it are refused (E732)
        t += " 上限 " + literal(decl.upper)
    choices = getattr(decl, "choices", ())
    if choices:
        t += " 取值 " + "、".join(literal(c) for c in choices)
    return t


def rows(program: Program):
    uses = _uses(program)
    for kind, table in (("事实", program.facts), ("参数", program.params)):
        for key, info in table.items():
            if info is None:
                continue
            d = info.decl
            clauses = "、".join(clause_label(c) for c in sorted(uses.get(key, ()), key=clause_order) if c)
            yield kind, d.name.text, getattr(d, "entity", "—"), _type_text(d), info.unit.text, d.doc, clauses


def schema_table(program: Program) -> Table:
    """The data dictionary for a terminal: cells wrap at Chinese break points (linebreak.Wrapped), never
    cut to 「符合 …」 at narrow widths."""
    from .linebreak import Wrapped

    t = Table(title="数据字典：事实与参数")
    for col in ("种类", "名称", "主体", "类型", "单位", "释义", "使用条款"):
        # a clause label （二十三） is 10 cells: narrower and it would be cut like 「（五」 / 「）」
        t.add_column(col, overflow="fold", min_width=10 if col == "使用条款" else None)
    for row in rows(program):
        t.add_row(*(Wrapped(x or "") for x in row))
    return t


# ── what the case loader accepts, as patterns over the text as written ──
# Built from the loader's own definitions (syntax.normalize: DATE_PATTERN, QUANTITY_PATTERN's number, ALONE_UNITS,
# TRUE_WORDS / FALSE_WORDS, fold_word's trimming; units.ATOMS / SCALARS and the separators parse_unit splits on;
# check.domains) by `normalize.raw_pattern`, which makes each character match every way of writing it that the
# loader folds to it (２０２３, U+3000) — and no character that does not show (the loader's E719).
# tests/test_schema_json.py checks, fact by fact, that the schema accepts a value exactly when the loader does.

def _raw(pattern: str) -> str:
    from .syntax.normalize import raw_pattern

    return raw_pattern(pattern, shows)


_META = set("\\^$.|?*+()[]{}-")


def _lit(text: str) -> str:
    """`text` as literal characters of a pattern for `raw_pattern`."""
    return "".join("\\" + c if c in _META else c for c in text)


def _ecma_literal(text: str) -> str:
    """`text` as literal characters of a pattern read by Python's re and ECMAScript alike: only the syntax
    characters escaped (ECMAScript's Unicode mode, which editors try first, refuses an escaped 「-」 or letter)."""
    return "".join("\\" + c if c in "\\^$.|?*+()[]{}/" else c for c in text)


def _words(words) -> str:
    """A value `fold_word` reads as one of `words`: any of them, written in any width, with whitespace around."""
    return _raw(r"^\s*(?:" + "|".join(_lit(w) for w in sorted(words, key=lambda w: (-len(w), w))) + r")\s*$")


# the calendar: dt.date(y, m, d) of the loader exists (year 1–9999, the month's days, 2 月 29 日 in a leap year)
_SEP_YEAR, _SEP_MONTH = r"\s*(?:-|年)\s*", r"\s*(?:-|月)\s*"
_LEAP = r"(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
_CALENDAR = (r"\s*(?:(?!0000)[0-9]{4}" + _SEP_YEAR + r"(?:(?:0?[13578]|1[02])" + _SEP_MONTH
             + r"(?:0?[1-9]|[12][0-9]|3[01])|(?:0?[469]|11)" + _SEP_MONTH + r"(?:0?[1-9]|[12][0-9]|30)|0?2" + _SEP_MONTH
             + r"(?:0?[1-9]|1[0-9]|2[0-8]))|" + _LEAP + _SEP_YEAR + r"0?2" + _SEP_MONTH + r"29)\s*日?\s*$")


@functools.cache
def date_schema() -> dict:
    """A date as the loader reads it: syntax.normalize.DATE_PATTERN (2023-06-30, 2023 年 6 月 30 日) of a day the
    calendar has (2023-02-30 and 2023-02-29 are refused: E704)."""
    from .syntax.normalize import DATE_PATTERN

    return {"type": "string", "pattern": _raw("^(?=" + _CALENDAR + ")" + DATE_PATTERN[1:])}


def _unit_forms(unit) -> list[tuple[str, Fraction]]:
    """Every unit text parse_unit reads in the dimension of `unit`, as (pattern, its scale ÷ unit's scale).

    parse_unit: a unit is one of SCALARS, or an atom followed by atoms after separators, all of them in the
    denominator (元/人·月 = 元 ÷ 人 ÷ 月). So the first atom's base f and the denominators' bases R satisfy
    dim = f − ΣR: R = f − dim must have no negative count."""
    from itertools import permutations, product

    from .units import ATOMS, SCALARS, _SEP_RE

    dims = dict(unit.dim)
    sep = _SEP_RE.pattern  # a class of the separator characters
    atoms_of: dict[str, list[tuple[str, Fraction]]] = {}
    for atom, (base, scale) in ATOMS.items():
        atoms_of.setdefault(base, []).append((atom, scale))
    out = []
    if not dims:
        out += [(_lit(word), scale / unit.scale) for word, scale in SCALARS.items()]
    positive = [b for b, e in dims.items() if e > 0]
    for first in (positive if positive else atoms_of):
        rest = {b: (1 if b == first else 0) - dims.get(b, 0) for b in {first, *dims}}
        if any(v < 0 for v in rest.values()):
            continue
        bases = [b for b, v in rest.items() for _ in range(v)]
        for order in sorted(set(permutations(bases))):
            for chosen in product(atoms_of[first], *(atoms_of[b] for b in order)):
                (atom, scale), below = chosen[0], chosen[1:]
                for a, sc in below:
                    scale /= sc
                out.append((_lit(atom) + "".join(sep + _lit(a) for a, _ in below), scale / unit.scale))
    return out


def _number(domain, ratio: Fraction, scale: Fraction = Fraction(1)) -> str | None:
    """QUANTITY_PATTERN's number whose value, read in a unit `ratio` times the declared one (whose base-unit
    scale is `scale`), is inside `domain` (check.domains: not negative — though -0 is 0 —, whole in the
    declared unit, not above its 上限); None when no simple pattern says it (a whole count written in a unit of
    an odd ratio, e.g. 月/年: no policy declares one)."""
    if not domain.whole:
        body = r"[0-9]+(?:\.[0-9]+)?"
    elif ratio.denominator == 1:  # x · n whole: the decimals of j/n that end (0, .25, .5, .75 for 年 in 月)
        ends = sorted({_decimals(Fraction(j, ratio.numerator))
                       for j in range(1, ratio.numerator) if terminates(Fraction(j, ratio.numerator))})
        body = r"[0-9]+(?:\.(?:" + "|".join([r"0+", *(e + "0*" for e in ends)]) + "))?"
    elif ratio.numerator == 1 and _power_of_ten(ratio.denominator) is not None:  # % or BP of a count: 300%
        k = _power_of_ten(ratio.denominator)
        body = r"(?:[0-9]*" + "0" * k + r"|0+)(?:\.0+)?"
    else:
        return None
    zero = r"-0+(?:\.0+)?"
    signed = f"(?:{body}|{zero})" if domain.nonnegative else f"-?(?:{body})"
    # too_many_digits: more than MAX_NUMBER_DIGITS digits is refused (E705), wherever the point is
    return r"(?!-?(?:[0-9]\.?){%d})" % (MAX_NUMBER_DIGITS + 1) + _at_most(domain, ratio * scale) + signed


def _at_most(domain, written_scale: Fraction) -> str:
    """A lookahead: the number written in a unit of base-unit scale `written_scale` is not above `domain.upper`
    (the loader's E732), or "" when the domain has no 上限. A number has at most MAX_NUMBER_DIGITS decimals, so
    x ≤ L exactly when x ≤ L cut to that many decimals — a finite bound, compared digit by digit.
    A negative 上限 (allowed on a plain 数) is not said by the pattern: the schema is then looser than the loader."""
    if domain.upper is None or domain.upper < 0:
        return ""
    bound = domain.upper / written_scale
    whole = bound.numerator // bound.denominator
    digits = "".join(str((bound * 10 ** (k + 1)).numerator // (bound * 10 ** (k + 1)).denominator % 10)
                     for k in range(MAX_NUMBER_DIGITS))
    frac = digits.rstrip("0")
    number = r"(?:0*(?:%s)(?:\.[0-9]+)?|0*%s(?:\.(?:%s))?)" % (_below(str(whole)), whole, _up_to(frac))
    # a negative number (the domain decides whether it is allowed) is below any bound ≥ 0
    return r"(?=(?:-[0-9.]*|%s)(?![0-9.]))" % number


def _below(whole: str) -> str:
    """Digits (no leading zero) of the whole numbers below `whole` (a non-empty digit string); "(?!)" for none."""
    alts = [""] if whole != "0" else []  # 0 itself: nothing left after the 0* the caller writes
    alts += [r"[1-9][0-9]{0,%d}" % (len(whole) - 2)] if len(whole) >= 2 else []
    for k, ch in enumerate(whole):
        low = "1" if k == 0 else "0"
        if ch > low:
            alts.append(whole[:k] + "[%s-%s]" % (low, chr(ord(ch) - 1)) + "[0-9]{%d}" % (len(whole) - k - 1))
    return "|".join(alts) if alts else "(?!)"


def _up_to(frac: str) -> str:
    """Digits after the point whose value is at most 0.`frac` (`frac` without trailing zeros)."""
    alts = [frac[:k] + "0*" for k in range(len(frac) + 1)]
    alts += [frac[:k] + "[0-%s][0-9]*" % chr(ord(ch) - 1) for k, ch in enumerate(frac) if ch > "0"]
    return "|".join(alts)


def _decimals(f: Fraction) -> str:
    """The digits after the point of a terminating 0 < f < 1 (1/4 → "25")."""
    k = 0
    while (f * 10 ** k).denominator != 1:
        k += 1
    return str((f * 10 ** k).numerator).zfill(k)



def _power_of_ten(n: int) -> int | None:
    k = 0
    while n % 10 == 0:
        n //= 10
        k += 1
    return k if n == 1 else None


@functools.cache
def _no_invisible() -> str:
    """A text without a character that does not show (check.invisible: the loader's E719), as ranges."""
    points = [p for p in range(0x110000) if not shows(chr(p))]
    ranges, start = [], points[0]
    for prev, p in zip(points, points[1:] + [None]):
        if p != prev + 1:
            ranges.append((start, prev))
            start = p

    def one(p: int) -> str:  # BMP as \uXXXX; beyond it the character itself (no escape both dialects share)
        return f"\\u{p:04x}" if p <= 0xFFFF else chr(p)

    return "^[^" + "".join(one(a) if a == b else f"{one(a)}-{one(b)}" for a, b in ranges) + "]*$"


def _quantity_pattern(unit, domain) -> str:
    """QUANTITY_PATTERN (number, optional whitespace, unit) with the units of the fact's dimension, the
    number inside its domain, a bare number where the loader reads one (counts, plain numbers), and a lone
    半年 (value_text: 1 半年) where it converts."""
    from .syntax.normalize import ALONE_UNITS

    by_ratio: dict[Fraction, list[str]] = {}
    for form, ratio in _unit_forms(unit):
        by_ratio.setdefault(ratio, []).append(form)
    alternatives = []
    for ratio, forms in sorted(by_ratio.items()):
        number = _number(domain, ratio, unit.scale)
        if number is not None:
            alternatives.append(number + r"\s*(?:" + "|".join(sorted(forms, key=lambda f: (-len(f), f))) + ")")
        for alone in ALONE_UNITS:  # 半年 alone = 1 半年
            if _lit(alone) in forms and number is not None and re.fullmatch(number, "1"):
                alternatives.append(_lit(alone))
    if _bare(unit):
        number = _number(domain, Fraction(1), unit.scale)
        if number is not None:
            alternatives.append(number)
    return _raw(r"^\s*(?:" + "|".join(alternatives) + r")\s*$")


def _value_schema(info) -> dict:
    """What the case loader accepts for one fact or parameter (cases/load.py `typed`), as JSON Schema: the
    words of the one 布尔 reader (normalize.bool_text), a quantity as `_quantity` reads one (units of the
    fact's dimension only; inside the value domain), dates the calendar has, 取值 as fold_word reads them.
    A 取值 list of quantities (5 万元、10 万元 — equal to 50000 元) is left to the loader.
    Not expressible, so left open: a JSON number's written form (1e+16, 1.0 for 1 — YAML reads the text)."""
    from .check.domains import domain_of_info

    return copy.deepcopy(_value_schema_of(info.type.kind, info.unit, domain_of_info(info),
                                          frozenset(info.type.choices or ())))


@functools.cache
def _value_schema_of(kind, unit, domain, choices: frozenset) -> dict:
    from .syntax.normalize import FALSE_WORDS, TRUE_WORDS

    if kind == "bool":
        return {"anyOf": [{"type": "boolean"}, {"type": "integer", "enum": [0, 1]},
                          {"type": "string", "pattern": _words(TRUE_WORDS | FALSE_WORDS)}]}
    if kind == "enum":
        return {"type": "string", "pattern": _words(choices)}
    if kind == "set":  # a list (repeats are one member), or an empty value: the empty set
        item = {"type": "string", "pattern": _words(choices)}
        return {"anyOf": [{"type": "array", "items": item}, {"type": "null"}, {"const": ""}]}
    if kind == "date":
        return dict(date_schema())
    if kind != "num":  # 文本: any scalar, read as its text (YAML's 1, true, an empty value), every character showing
        return {"type": ["string", "number", "boolean", "null"], "pattern": _no_invisible()}
    if choices:
        return {"type": ["number", "string"]}  # 取值 of quantities: compared by value, by the loader
    out: dict = {"type": "string", "pattern": _quantity_pattern(unit, domain)}
    if _bare(unit):
        out["type"] = ["number", "string"]  # a plain JSON number is read as a number in the declared unit
        if domain.nonnegative:
            out["minimum"] = 0
        if domain.whole:
            out["multipleOf"] = 1
    return out


def _bare(unit) -> bool:
    """The loader reads a number without a unit in the declared one (cases/load.py `_quantity`): counts and
    plain numbers; not a rate (4.15 or 0.0415?), not an amount or a duration."""
    from .cases.load import COUNT_BASES

    bases = {b for b, _ in unit.dim}
    return (not unit.dim or (bases <= COUNT_BASES and len(unit.dim) == 1)) and unit.text not in {"%", "BP"}


def schema_json(program: Program) -> dict:
    """A JSON Schema of a case file: the keys the loader reads, and for 事实 and 参数 what it accepts for each
    declared name (`_value_schema`); a dated parameter is a list of {起始, 值[, 截止, 来源]}. Value schemas are
    in `$defs`, once per distinct one (85 布尔 facts share one; the patterns spell every width of a digit)."""
    defs: dict[str, dict] = {}
    names: dict[str, str] = {}

    def ref(value: dict, label: str) -> dict:
        key = json.dumps(value, ensure_ascii=False, sort_keys=True)
        if key not in names:  # ASCII names: a reference is a URI fragment (the label is the title)
            names[key] = name = f"v{len(defs) + 1}"
            defs[name] = {"title": label, **value}
        return {"$ref": f"#/$defs/{names[key]}"}

    def value(info) -> dict:
        kind = info.type.kind
        label = info.decl.name.text if kind in {"enum", "set"} or info.type.choices else _type_text(info.decl)
        return ref(_value_schema(info), label)

    def prop(info, name):
        p: dict = {**value(info), "description": info.decl.doc or name, "x-hzdsl-type": info.decl.type.type}
        if info.unit.text:
            p["x-hzdsl-unit"] = info.unit.text
        if hasattr(info.decl, "entity"):
            p["x-hzdsl-entity"] = info.decl.entity
        return p

    date = ref(date_schema(), "日期")

    def dated(info, name):
        item = {"type": "object", "required": ["起始", "值"], "additionalProperties": False,
                "properties": {"起始": date, "截止": date, "值": value(info), "来源": {"type": "string"}}}
        return {"anyOf": [prop(info, name), {"type": "array", "items": item}], "description": info.decl.doc or name}

    facts = {i.decl.name.text: prop(i, i.decl.name.text) for i in program.facts.values() if i}
    params = {i.decl.name.text: dated(i, i.decl.name.text) for i in program.params.values() if i}

    def keys(props: dict) -> dict:
        """A section's keys: each declared name as `properties` and 「name」 — which the loader reads as the name
        (syntax.normalize.bare_name) — as `patternProperties` with the same schema. Patterns, not a second property:
        an editor (VS Code's JSON and YAML language services) validates and describes both spellings but offers
        each name once when completing a key; any other key is still an additional property, flagged."""
        return {"type": "object", "properties": props,
                "patternProperties": {f"^「{_ecma_literal(n)}」$": s for n, s in props.items()},
                "additionalProperties": False}

    case = {
        "名称": {"type": "string"},
        "说明": {"type": "string"},
        "评估日期": date,
        "申请人": {"type": ["string", "array"]},
        "事实": keys(facts),
        "参数": keys(params),
        "参数文件": {"type": ["string", "array"]},
        "历史": {"type": "array", "items": {"type": "object", "required": ["待遇", "日期"]}},
        "预期": {"type": "object"},
        "标签": {"type": "array", "items": {"type": "string"}},
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "hzdsl 案例文件",
        "type": "object",
        "properties": {**case, "案例": {"type": "array", "items": {"type": "object", "properties": case}}},
        # one case needs its date; a file of several (案例:) may give it once for all or in each case
        "anyOf": [{"required": ["评估日期"]}, {"required": ["案例"]}],
        "$defs": defs,
    }


# ── the data-dictionary page (docs/数据字典.md) ──────────────────────────────────────────

MARKDOWN_REGENERATE = "hzdsl schema --markdown > docs/数据字典.md"


def _example(info) -> str:
    """How the value is written in a case file, so the page doubles as a guide to 事实 / 参数."""
    kind = info.type.kind
    if kind == "bool":
        return "是 / 否"
    if kind == "num":
        return f"6 {info.unit.text}".strip() if info.unit.text not in {"%", "BP"} else f"3.65{info.unit.text}"
    if kind == "enum":
        return sorted(info.type.choices)[0] if info.type.choices else ""
    if kind == "set":
        first = sorted(info.type.choices)[:1]
        return "[" + ", ".join(first) + "]"
    if kind == "date":
        return "2023-06-30"
    return "文字"


def _cell(text: str) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def schema_markdown(program: Program) -> str:
    """The data dictionary as a Markdown page; deterministic, so a test can compare it."""
    uses = _uses(program)
    out = [
        "# 数据字典：事实与参数",
        "",
        f"<!-- 本页由 `{MARKDOWN_REGENERATE}` 生成，请勿手工修改；政策中的事实或参数变动后重新生成。 -->",
        "",
        "案例文件的「事实」与「参数」两节只能使用下列名称（见 [案例格式](案例格式.md)）。"
        "“案例写法”一列是值的写法示例；带单位的数量可写同类单位（年与个月可换算）。",
        "",
    ]

    def clauses_of(key: str) -> str:
        return "、".join(clause_label(c) for c in sorted(uses.get(key, ()), key=clause_order) if c) or "—"

    facts = [i for i in program.facts.values() if i]
    out += [f"## 事实（{len(facts)} 个）", ""]
    by_entity: dict[str, list] = {}
    for info in facts:
        by_entity.setdefault(info.decl.entity, []).append(info)
    for entity, infos in by_entity.items():
        out += [f"### 主体：{entity}", "", "| 名称 | 类型 | 单位 | 案例写法 | 释义 | 使用条款 |", "|---|---|---|---|---|---|"]
        for info in infos:
            d = info.decl
            out.append(f"| 「{_cell(d.name.text)}」 | {_cell(_type_text(d))} | {_cell(info.unit.text) or '—'} | "
                       f"`{_cell(_example(info))}` | {_cell(d.doc) or '—'} | {clauses_of(d.name.key)} |")
        out.append("")
    params = [i for i in program.params.values() if i]
    out += [f"## 参数（{len(params)} 个）", "",
            "参数是外部的、按日期生效的取值，由案例提供（可写成带「起始」日期的列表），hzdsl 从不自行假定。", ""]
    if params:
        out += ["| 名称 | 类型 | 单位 | 案例写法 | 释义 | 使用条款 |", "|---|---|---|---|---|---|"]
        for info in params:
            d = info.decl
            out.append(f"| 「{_cell(d.name.text)}」 | {_cell(_type_text(d))} | {_cell(info.unit.text) or '—'} | "
                       f"`{_cell(_example(info))}` | {_cell(d.doc) or '—'} | {clauses_of(d.name.key)} |")
        out.append("")
    return "\n".join(out)


# ── 历史汇总: the history columns a population file may carry instead of a claims file ────────────────

def history_summary(program: Program, benefits: list[str] | None = None) -> dict:
    """The 历史汇总 columns screening `benefits` (name keys; default all) reads (hzdsl/ir/summary.py), as JSON-ready
    data: per column its name, what it counts, its unit, whether it may be left out, the limits that read it;
    and the limits no summary column can state (同一…不得重复享受: give --history for those benefits)."""
    from .ir.summary import AMOUNT, Measure, needs, stats_of
    from .limitspec import Window

    prog = ir_of(program)
    keys = list(prog.benefits) if benefits is None else benefits
    n = needs(prog, keys)
    chosen = {lim.key for k in keys for lim in prog.benefits[k].limits}
    columns = []
    for stat, name in n.stats.items():
        counted = "、".join(f"「{prog.benefits[k].name}」" for k in prog.benefits if k in stat.counted)
        window = "评估日期所在公历年内（截至评估日期）" if stat.window is Window.YEAR else "全部历史中"
        field = AMOUNT if stat.field == AMOUNT else prog.facts[stat.field].name if stat.field else ""
        if stat.measure is Measure.COUNT:
            meaning, unit = f"{window}申领 {counted} 的次数", "次"
        elif stat.measure is Measure.SUM:
            meaning = f"{window}这些申领（{counted}）的「{field}」之和，只合计已知的值"
            unit = "元" if stat.field == AMOUNT else prog.facts[stat.field].unit.text
        else:
            meaning, unit = f"{window}这些申领（{counted}）中缺「{field}」的条数；不写这一列即都已知", "次"
        limits = [lim.name for lim in prog.limits.values() if lim.key in chosen and stat in (stats_of(lim) or [])]
        columns.append({"列名": name, "含义": meaning, "单位": unit, "必需": not stat.optional, "限制": limits})
    refused = [{"限制": lim.name, "条款": lim.clause,
                "待遇": [prog.benefits[t].name for t in lim.targets if t in keys and t in prog.benefits]}
               for lim in n.refused]
    return {"历史汇总列": columns, "不能汇总的限制": refused}


def history_summary_table(data: dict) -> Table:
    from .linebreak import Wrapped

    t = Table(title="历史汇总：人群文件中代替申领历史明细的列（历史已知的行每列必写，没有写 0）")
    for col in ("列名", "含义", "单位", "必需", "限制"):
        t.add_column(col, overflow="fold")
    for c in data["历史汇总列"]:
        t.add_row(*(Wrapped(x) for x in (c["列名"], c["含义"], c["单位"], "是" if c["必需"] else "可不写",
                                          "、".join(f"「{n}」" for n in c["限制"]))))
    return t


def history_summary_markdown(data: dict) -> str:
    out = ["| 列名 | 含义 | 单位 | 必需 | 限制 |", "|---|---|---|---|---|"]
    for c in data["历史汇总列"]:
        out.append(f"| {_cell(c['列名'])} | {_cell(c['含义'])} | {c['单位']} | {'是' if c['必需'] else '可不写'} | "
                   + _cell("、".join(f"「{n}」" for n in c["限制"])) + " |")
    if data["不能汇总的限制"]:
        out += ["", "不能汇总的限制（这些待遇须给申领历史明细 `--history`）："]
        out += [f"- 「{r['限制']}」：" + "、".join(f"「{b}」" for b in r["待遇"]) for r in data["不能汇总的限制"]]
    return "\n".join(out)
