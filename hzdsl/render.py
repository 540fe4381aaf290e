"""Render decisions: a rich table, an explanation tree citing clause and words, or JSON."""
from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from . import ir
from .check.program import Program
from .errors import shown_line
from .ir import ir_of
from .runtime.evaluate import Decision
from .runtime.limits import MONEY, LimitResult
from .units import Q, format_q, to_decimal
from .kinds import ModifierKind
from .render_words import (contradiction_words, key_text, key_word, key_words, limit_words, quota_note,  # noqa: F401
                          sorted_keys, unknown_text)
from .runtime.values import KeyKind, Unknown
from .syntax.printer import expr as show_expr
from .syntax.walk import children

class CaseResult(Protocol):
    """What render reads of a case's result (hzdsl.cases.run.CaseResult, which sits above render)."""

    case: Any
    decisions: list[Decision]
    record: dict | None


STATUS_STYLE = {"符合": "bold green", "不符合": "red", "待定": "yellow", "冲突": "bold magenta"}


def clause_label(num: str) -> str:
    return f"（{num}）" if num else ""


def value_text(v: Any, unit=None) -> str:
    if isinstance(v, Unknown):
        return "未知"
    if v is True:
        return "成立"
    if v is False:
        return "不成立"
    if isinstance(v, Q):
        return format_q(v, unit)
    if isinstance(v, frozenset):
        return "、".join(sorted(v)) or "（空）"
    if isinstance(v, dt.date):
        return f"{v.year} 年 {v.month} 月 {v.day} 日"
    return str(v)


def amount_text(d: Decision) -> str:
    if d.status == "不符合":
        return "—"
    if d.rule.outcome.entitlement:
        return d.rule.outcome.entitlement
    if d.amount is not None:
        prefix = "最高 " if d.up_to else "至多 " if d.at_most else ""
        return prefix + format_q(d.amount, d.display_unit)
    if d.amount_unknown is not None:
        return "待定（" + unknown_text(d.amount_unknown) + "）"
    return "—"


def table(result: CaseResult, program: Program, show_all: bool = True) -> Table:
    t = Table(title=f"案例：{shown_line(result.case.name)}（评估日期 {result.case.date}）", show_lines=False)
    t.add_column("待遇")
    t.add_column("条款", justify="center")
    t.add_column("结论", justify="center")
    t.add_column("金额", justify="right")
    t.add_column("说明")
    for d in result.decisions:
        if not show_all and d.status == "不符合":
            continue
        t.add_row(d.rule.name, clause_label(d.rule.clause),
                  Text(d.status, style=STATUS_STYLE.get(d.status, "")), amount_text(d), note_text(d))
    return t


def plain_table(result: CaseResult, show_all: bool = True) -> str:
    """The decision table as tab-separated lines, for pipes and scripts (no box drawing, no truncation)."""
    lines = [f"# 案例：{result.case.name}（评估日期 {result.case.date}）", "待遇\t条款\t结论\t金额\t说明"]
    for d in result.decisions:
        if show_all or d.status != "不符合":
            lines.append("\t".join((d.rule.name, clause_label(d.rule.clause), d.status,
                                    amount_text(d), note_text(d))))
    return "\n".join(lines)


def limit_text(r: LimitResult) -> str:
    """What a history limit found, in words (render_words.limit_words)."""
    return limit_words(r)


def note_text(d: Decision) -> str:
    if d.status == "待定" and d.missing is not None:
        return "需要：" + unknown_text(d.missing)
    if d.status == "冲突" and d.contradiction is not None:
        return contradiction_words(d.contradiction)
    if d.status == "冲突":
        return "例外冲突：" + "、".join(f"「{e.name}」" for e in d.conflicts)
    if d.status == "不符合":
        failed = [r for r in d.limits if r.ok is False]
        if failed:
            return f"限制「{failed[0].limit.name.text}」：{limit_text(failed[0])}"
        if d.exclusions_hit:
            return "属于除外情形：" + show_expr(d.exclusions_hit[0].origin)
        return "条件不成立"
    bits = []
    if d.exception is not None:
        bits.append(f"适用例外「{d.exception.name}」")
    if d.cap_applied is not None:
        bits.append(f"按上限 {show_expr(d.cap_applied.value.origin)} 封顶")
    if d.quota_applied is not None:
        bits.append(quota_note(d.quota_applied))
    once = d.rule.outcome.modifier(ModifierKind.ONCE)
    if once:
        bits.append("一次性")
    term = d.rule.outcome.modifier(ModifierKind.TERM_LIMIT)
    if term:
        bits.append(f"期限不超过 {show_expr(term.value.origin)}")
    return "；".join(bits)


# ── explanation tree ──


class Explainer:
    """The explanation tree of decisions; `record` maps stable IR node ids to the values they took."""

    def __init__(self, program: Program, record: dict[str, Any]):
        self.p = program
        self.ir = ir_of(program)
        self.record = record

    def value(self, e: ir.Expr) -> str:
        if e.id not in self.record:
            return "未求值"
        unit = e.unit if isinstance(e, ir.Ref) and e.kind == ir.RefKind.FACT else None
        return value_text(self.record[e.id], unit)

    def style(self, e: ir.Expr) -> str:
        v = self.record.get(e.id, None)
        return "green" if v is True else "red" if v is False else "yellow" if isinstance(v, Unknown) else ""

    def cond(self, e: ir.Expr, tree: Tree, depth: int = 0) -> None:
        if e.id not in self.record:
            # skipped by short-circuit: the answer was already decided by a sibling
            tree.add(Text(f"· {show_expr(e.origin)}（无需判断）", style="dim"))
            return
        v = self.record[e.id]
        mark = "✔" if v is True else "✘" if v is False else "？" if isinstance(v, Unknown) else "·"
        label = Text(f"{mark} ", style=self.style(e))
        if isinstance(e, ir.Logic):
            head = e.form or ("全部成立" if e.op == ir.LogicOp.AND else "任一成立")
            label.append(f"{head} → {self.value(e)}")
            node = tree.add(label)
            for x in e.operands:
                self.cond(x, node, depth + 1)
            return
        if isinstance(e, ir.Not):
            label.append(f"非 → {self.value(e)}")
            self.cond(e.operand, tree.add(label), depth + 1)
            return
        if isinstance(e, ir.Ref) and e.kind == ir.RefKind.TERM and depth < 12:
            term = self.ir.terms[e.key]
            label.append(f"{show_expr(e.origin)} → {self.value(e)}", style=self.style(e))
            label.append(f"  〔术语，条款{clause_label(term.clause)}〕", style="dim")
            self.cond(term.body, tree.add(label), depth + 1)
            return
        label.append(show_expr(e.origin))
        facts = self.operand_values(e)
        if facts:
            label.append("  其中 " + "，".join(facts), style="dim")
        label.append(f" → {self.value(e)}")
        tree.add(label)

    def operand_values(self, e: ir.Expr) -> list[str]:
        out = []
        for child in children(e):
            if not isinstance(child, ir.Expr):
                continue  # a lookup's rows: only the row taken is evaluated; its value shows as the lookup's
            if isinstance(child, ir.Ref) and child.id in self.record:
                out.append(f"{show_expr(child.origin)} = {self.value(child)}")
            elif not isinstance(child, (ir.Quantity, ir.Text)):
                out.extend(self.operand_values(child))
        return out

    def benefit(self, d: Decision) -> Tree:
        b = d.rule
        head = Text()
        head.append(b.name, style="bold")
        head.append(f"  条款{clause_label(b.clause)}  ")
        head.append(d.status, style=STATUS_STYLE.get(d.status, ""))
        amt = amount_text(d)
        if amt != "—":
            head.append(f"  {amt}")
        tree = Tree(head)
        for q in b.quotes:
            tree.add(Text(f"依据「{q}」", style="italic cyan"))
        if b.condition is not None:
            self.cond(b.condition, tree.add("条件"))
        for x in b.exclusions:
            self.cond(x, tree.add("除外情形（成立则不享受）"))
        for r in d.limits:
            ok = "✔" if r.ok is True else "✘" if r.ok is False else "？"
            tree.add(Text(f"{ok} 限制「{r.limit.name.text}」（条款{clause_label(r.limit.clause)}）：{limit_text(r)}",
                          style="green" if r.ok is True else "red" if r.ok is False else "yellow"))
        if d.status != "不符合" and b.outcome.payout is not None:
            out = d.exception.outcome if d.exception is not None else b.outcome
            node = tree.add(Text(f"金额：{show_expr(out.payout.origin)}" + (f" = {value_text(d.raw_amount, d.display_unit)}" if isinstance(d.raw_amount, Q) else "")))
            if d.exception is not None:
                node.add(Text(f"适用例外「{d.exception.name}」依据「{d.exception.quotes[0]}」", style="cyan"))
            for m in out.modifiers:
                if m.kind == ModifierKind.CAP:
                    hit = "，封顶" if d.cap_applied is m else "，未达上限"
                    node.add(f"最高不超过 {show_expr(m.value.origin)}{hit}")
            if d.quota_applied is not None:
                node.add(Text(quota_note(d.quota_applied), style="cyan"))
            if d.amount_unknown is not None:
                node.add(Text("待定：" + unknown_text(d.amount_unknown), style="yellow"))
            elif d.amount is not None:
                rounded = "（金额按四舍五入保留到分）" if d.amount.dim == MONEY.dim else ""  # a rate is exact
                node.add(Text(f"结果：{amount_text(d)}{rounded}", style="bold"))
        if d.status == "待定" and d.missing is not None:
            tree.add(Text("尚缺：" + unknown_text(d.missing), style="yellow"))
        return tree


# ── JSON ──


def tree_json(t: Tree) -> dict[str, Any]:
    """An explanation tree (Explainer.benefit) as JSON: {文本, 样式, 子项} — `run --json --explain`
    and serve's /api/explain give the same trees."""
    label = t.label if isinstance(t.label, Text) else Text(str(t.label))
    style = str(label.style or "") or next((str(s.style) for s in label.spans if s.style), "")
    return {"文本": label.plain, "样式": style, "子项": [tree_json(c) for c in t.children]}


def q_json(q: Q | None, unit=None) -> dict | None:
    if q is None:
        return None
    return {"值": str(to_decimal(q.value)), "单位": _base_unit(q), "显示": format_q(q, unit)}


def _base_unit(q: Q) -> str:
    from .units import dim_text

    return "" if not q.dim else dim_text(q.dim)


def decision_json(d: Decision) -> dict:
    out: dict[str, Any] = {
        "待遇": d.rule.name,
        "条款": d.rule.clause,
        "类别": d.rule.kind_word,
        "结论": d.status,
        "金额": q_json(d.amount, d.display_unit),
        "最高额": d.up_to,
        "依据": list(d.rule.quotes),
    }
    if d.amount_unknown is not None:
        out["金额待定"] = key_words(d.amount_unknown.missing | d.amount_unknown.placeholders)
    if d.at_most:  # 待定 on an amount limit: the amount is the most its quota can leave
        out["金额至多"] = True
    if d.missing is not None:
        out["待定事实"] = key_words(d.missing.missing)
        out["待定原因"] = key_words(d.missing.placeholders)
    if d.limits:
        out["限制"] = [{"限制": r.limit.name.text, "结果": value_text(r.ok), "说明": limit_text(r)} for r in d.limits]
    if d.exception is not None:
        out["适用例外"] = d.exception.name
    if d.conflicts:
        out["冲突"] = [e.name for e in d.conflicts]
    if d.rule.outcome.entitlement:
        out["权利"] = d.rule.outcome.entitlement
    return out


def result_json(result: CaseResult) -> dict:
    return {
        "案例": result.case.name,
        "文件": result.case.path,
        "评估日期": str(result.case.date),
        "待遇": [decision_json(d) for d in result.decisions],
    }
