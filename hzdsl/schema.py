"""The data dictionary: every declared fact and parameter, as a table and as JSON Schema."""
from __future__ import annotations

from rich.table import Table

from . import ir
from .check.program import Program
from .ir import clause_order, ir_of
from .render import clause_label
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
    t = decl.type.type + (f"({decl.type.unit})" if decl.type.unit else "")
    choices = getattr(decl, "choices", ())
    if choices:
        from .syntax.printer import literal

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


# A date as the case loader reads it (syntax.normalize.DATE_PATTERN, as cases/load.py reads it): 2023-06-30 or 2023 年 6 月 30 日; months 1–12,
# days 1–31 (a day a month lacks, 2 月 30 日, is the loader's E704).
DATE_PATTERN = (r"^\s*\d{4}\s*(-|年)\s*(0?[1-9]|1[0-2])\s*(-|月)\s*(0?[1-9]|[12]\d|3[01])\s*日?\s*$")
DATE = {"type": "string", "pattern": DATE_PATTERN}


def _value_schema(info) -> dict:
    """What the case loader accepts for one fact or parameter (cases/load.py `typed`), as JSON Schema:
    the words it reads as 是/否, a quantity as it parses one (a unit where one is required, no minus sign
    where the value domain refuses negatives, no decimals for a count, 半年 for a duration), dates in
    both spellings. A unit's name and a 取值 list (5 万元、10 万元 — equal to 50000 元) are left to the loader.
    Before, 布尔 was "type: boolean" — every documented `是`/`否` failed validation — and
    dates had format "date", which refuses 2023 年 6 月 30 日."""
    from .cases.load import COUNT_BASES
    from .syntax.normalize import FALSE_WORDS, TRUE_WORDS
    from .check.domains import domain_of_info
    from .units import parse_unit

    kind = info.type.kind
    if kind == "bool":
        return {"type": ["boolean", "string"], "enum": [True, False, *sorted(TRUE_WORDS), *sorted(FALSE_WORDS)]}
    if kind == "enum":
        return {"type": "string", "enum": sorted(info.type.choices)}
    if kind == "set":
        return {"type": "array", "items": {"type": "string", "enum": sorted(info.type.choices)}, "uniqueItems": True}
    if kind == "date":
        return dict(DATE)
    if kind != "num":
        return {"type": "string"}
    domain = domain_of_info(info)
    unit = info.unit
    bases = {b for b, _ in unit.dim}
    bare = (not unit.dim or (bases <= COUNT_BASES and len(unit.dim) == 1)) and unit.text not in {"%", "BP"}
    number = ("" if domain.nonnegative else "-?") + r"\d+" + ("" if domain.whole else r"(\.\d+)?")
    unit_word = r"\s*[^\d\s.\-]\S*"  # a unit starts with a word, not a digit or '-' (2023-06-30 is no amount)
    words = f"({unit_word})?" if bare else unit_word
    halves = parse_unit("个月").dim == unit.dim  # 半年 is a quantity of months (年与月可换算; 天 is not)
    alternatives = f"{number}{words}" + ("|半年" if halves else "")
    out: dict = {"type": "string", "pattern": rf"^\s*({alternatives})\s*$"}
    if bare:  # a plain JSON number is read as a number in the declared unit
        out["type"] = ["number", "string"]
        if domain.nonnegative:
            out["minimum"] = 0
        if domain.whole:
            out["multipleOf"] = 1
    return out


def schema_json(program: Program) -> dict:
    """A JSON Schema of a case file: the keys the loader reads, and for 事实 and 参数 what it accepts for each
    declared name (`_value_schema`); a dated parameter is a list of {起始, 值[, 截止, 来源]}."""
    def prop(info, name):
        p: dict = {**_value_schema(info), "description": info.decl.doc or name, "x-hzdsl-type": info.decl.type.type}
        if info.unit.text:
            p["x-hzdsl-unit"] = info.unit.text
        if hasattr(info.decl, "entity"):
            p["x-hzdsl-entity"] = info.decl.entity
        return p

    def dated(info, name):
        item = {"type": "object", "required": ["起始", "值"], "additionalProperties": False,
                "properties": {"起始": DATE, "截止": DATE, "值": _value_schema(info), "来源": {"type": "string"}}}
        return {"anyOf": [prop(info, name), {"type": "array", "items": item}], "description": info.decl.doc or name}

    facts = {i.decl.name.text: prop(i, i.decl.name.text) for i in program.facts.values() if i}
    params = {i.decl.name.text: dated(i, i.decl.name.text) for i in program.params.values() if i}
    case = {
        "名称": {"type": "string"},
        "说明": {"type": "string"},
        "评估日期": DATE,
        "申请人": {"type": ["string", "array"]},
        "事实": {"type": "object", "properties": facts, "additionalProperties": False},
        "参数": {"type": "object", "properties": params, "additionalProperties": False},
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
