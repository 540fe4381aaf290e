"""The data dictionary: every declared fact and parameter, as a table and as JSON Schema."""
from __future__ import annotations

from rich.table import Table

from . import ir
from .check.program import Program
from .ir import clause_order, ir_of
from .render import clause_label
from .syntax.walk import find_all

_JSON_TYPES = {"bool": "boolean", "num": "string", "enum": "string", "set": "array", "date": "string", "text": "string"}


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


def schema_json(program: Program) -> dict:
    """A JSON Schema for the 事实 and 参数 sections of a case file."""
    def prop(info, name):
        kind = info.type.kind
        p: dict = {"type": _JSON_TYPES[kind], "description": info.decl.doc or name, "x-hzdsl-type": info.decl.type.type}
        if info.unit.text:
            p["x-hzdsl-unit"] = info.unit.text
        if kind == "enum":
            p["enum"] = sorted(info.type.choices)
        if kind == "set":
            p["items"] = {"type": "string", "enum": sorted(info.type.choices)}
            p["uniqueItems"] = True
        if kind == "date":
            p["format"] = "date"
        if kind == "num":
            p["pattern"] = r"^-?\d+(\.\d+)?\s*\S*$"
        if hasattr(info.decl, "entity"):
            p["x-hzdsl-entity"] = info.decl.entity
        return p

    facts = {i.decl.name.text: prop(i, i.decl.name.text) for i in program.facts.values() if i}
    params = {i.decl.name.text: prop(i, i.decl.name.text) for i in program.params.values() if i}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "hzdsl 案例文件",
        "type": "object",
        "required": ["评估日期"],
        "properties": {
            "名称": {"type": "string"},
            "说明": {"type": "string"},
            "评估日期": {"type": "string", "format": "date"},
            "事实": {"type": "object", "properties": facts, "additionalProperties": False},
            "参数": {"type": "object", "properties": params, "additionalProperties": False},
            "历史": {"type": "array", "items": {"type": "object", "required": ["待遇", "日期"]}},
            "预期": {"type": "object"},
        },
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
