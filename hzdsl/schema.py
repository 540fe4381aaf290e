"""The data dictionary: every declared fact and parameter, as a table and as JSON Schema."""
from __future__ import annotations

from rich.table import Table

from .check.program import Program
from .render import clause_label

_JSON_TYPES = {"bool": "boolean", "num": "string", "enum": "string", "set": "array", "date": "string", "text": "string"}


def _uses(program: Program) -> dict[str, set[str]]:
    """fact/param key → the clauses whose rules refer to it."""
    from .check.checker import _exprs_of, _refs

    out: dict[str, set[str]] = {}
    for m in program.modules:
        for d in m.decls:
            for e in _exprs_of(d):
                for key in _refs(e):
                    out.setdefault(key, set()).add(d.clause)
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
            clauses = "、".join(clause_label(c) for c in sorted(uses.get(key, ()), key=_clause_order) if c)
            yield kind, d.name.text, getattr(d, "entity", "—"), _type_text(d), info.unit.text, d.doc, clauses


def _clause_order(num: str) -> int:
    digits = "一二三四五六七八九"
    if not num:
        return 0
    if num.startswith("二十"):
        return 20 + (digits.index(num[2]) + 1 if len(num) > 2 else 0)
    if num.startswith("十"):
        return 10 + (digits.index(num[1]) + 1 if len(num) > 1 else 0)
    return digits.index(num) + 1 if num in digits else 99


def schema_table(program: Program) -> Table:
    t = Table(title="数据字典：事实与参数")
    for col in ("种类", "名称", "主体", "类型", "单位", "释义", "使用条款"):
        t.add_column(col)
    for row in rows(program):
        t.add_row(*row)
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
