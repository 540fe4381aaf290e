"""Render a semantic diff and its impact: rich terminal text, Markdown for a PR comment, JSON."""
from __future__ import annotations

from rich.console import Group
from rich.text import Text

from .diff import Change, DeclDiff, SemanticDiff
from .impact import Impact

STATUS_STYLE = {"新增": "green", "删除": "red", "变更": "yellow", "重命名": "cyan"}
CONTEXT = 10  # characters of unchanged quote kept on each side of an edit


def summary_line(diff: SemanticDiff, impact: Impact | None) -> str:
    parts = []
    for status in ("变更", "新增", "删除", "重命名"):
        k = diff.count("待遇", status)
        if k:
            parts.append(f"{k} 项待遇{status}")
    others = [d for d in diff.decls if d.kind != "待遇"]
    if others:
        by_kind: dict[str, int] = {}
        for d in others:
            by_kind[d.kind] = by_kind.get(d.kind, 0) + 1
        parts.append("其他 " + "、".join(f"{k} {v} 处" for k, v in by_kind.items()) + "改动")
    head = "，".join(parts) if parts else "无语义变更"
    if impact is not None and impact.total:
        head += f"；{impact.total} 个案例中 {impact.changed_cases} 个结果改变"
    return head


def _clip(ops: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Elide long unchanged stretches of a quote, keeping a little context around each edit."""
    out = []
    for i, (op, text) in enumerate(ops):
        if op == "=" and len(text) > 2 * CONTEXT + 1:
            first, last = i == 0, i == len(ops) - 1
            if first:
                text = "…" + text[-CONTEXT:]
            elif last:
                text = text[:CONTEXT] + "…"
            else:
                text = text[:CONTEXT] + "…" + text[-CONTEXT:]
        out.append((op, text))
    return out


def change_plain(c: Change) -> str:
    if c.words is not None:
        return f"{c.what}：" + "".join(t if op == "=" else f"[-{t}-]" if op == "-" else f"{{+{t}+}}"
                                     for op, t in _clip(c.words))
    if c.action == "变更":
        return f"{c.what}：{c.old} → {c.new}" if (c.old or c.new) else f"{c.what}：已改动"
    return f"{c.what} {c.action}：{c.new if c.action == '新增' else c.old}"


def decl_title(d: DeclDiff) -> str:
    where = f"条款（{d.clause}）· " if d.clause else ""
    return f"{where}{d.kind}{d.name}：{d.status}"


# ── terminal ──


def terminal(old: str, new: str, diff: SemanticDiff, impact: Impact | None, reformatted: list[str]) -> Group:
    parts: list = [Text(f"hzdsl 语义差异：{old} → {new}", style="bold"), Text(summary_line(diff, impact), style="bold")]
    if diff.is_empty:
        note = "无语义变更"
        if reformatted:
            note += f"（{len(reformatted)} 个文件仅排版、注释或空白不同：{'、'.join(reformatted)}）"
        parts.append(Text(note, style="green"))
    for d in diff.decls:
        parts.append(Text(""))
        parts.append(Text(decl_title(d), style="bold " + STATUS_STYLE.get(d.status, "")))
        for c in d.changes:
            parts.append(_change_text(c))
        if d.affects:
            parts.append(Text("    影响待遇：" + "、".join(f"「{x}」" for x in d.affects), style="dim"))
    if impact is not None:
        parts.extend(_impact_text(impact))
    return Group(*parts)


def _change_text(c: Change) -> Text:
    t = Text("    ")
    if c.words is not None:
        t.append(f"{c.what}：")
        for op, text in _clip(c.words):
            if op == "=":
                t.append(text)
            else:  # markers as well as colour: the output may be piped or read without colour
                t.append(f"[-{text}-]" if op == "-" else f"{{+{text}+}}", style="red" if op == "-" else "bold green")
        return t
    style = {"新增": "green", "删除": "red"}.get(c.action, "")
    if c.action == "变更" and (c.old or c.new):
        t.append(f"{c.what}：")
        t.append(c.old, style="red")
        t.append(" → ")
        t.append(c.new, style="green")
    else:
        t.append(change_plain(c), style=style)
    return t


def _impact_text(impact: Impact) -> list:
    out: list = [Text("")]
    if impact.note:
        out.append(Text(impact.note, style="yellow"))
    out.append(Text(f"案例影响：{impact.total} 个案例中 {impact.changed_cases} 个结果改变", style="bold"))
    for c in impact.changes:
        out.append(Text(f"    {c.case}（{c.file}）「{c.benefit}」：{c.before} → {c.after}"))
    for f in impact.unreadable:
        out.append(Text(f"    未运行（在某一版本下无法读取）：{f}", style="yellow"))
    for e in impact.examples:
        out.append(Text(f"区分案例「{e.benefit}」：{e.before} → {e.after}", style="bold"))
        facts = "，".join(f"{k} = {v}" for k, v in e.facts.items()) or "（不需要任何事实）"
        out.append(Text(f"    {facts}" + (f"；{e.history}" if e.history else "") + f"（评估日期 {e.date}）"))
    if impact.searched:
        out.append(Text("未找到区分案例（规则改动未改变任何可判定的结果，或需要历史记录等更多信息）："
                        + "、".join(f"「{x}」" for x in impact.searched), style="dim"))
    return out


# ── markdown ──


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_change(c: Change) -> str:
    if c.words is not None:
        body = "".join(t if op == "=" else f"~~{t}~~" if op == "-" else f"**{t}**" for op, t in _clip(c.words))
        return f"- {c.what}：{_md(body)}"
    if c.action == "变更" and (c.old or c.new):
        return f"- {c.what}：`{_md(c.old)}` → `{_md(c.new)}`"
    if c.action == "变更":
        return f"- {c.what}：已改动"
    return f"- {c.what} {c.action}：`{_md(c.new if c.action == '新增' else c.old)}`"


def markdown(old: str, new: str, diff: SemanticDiff, impact: Impact | None, reformatted: list[str]) -> str:
    lines = [f"### hzdsl 语义差异：`{old}` → `{new}`", "", f"**{summary_line(diff, impact)}**", ""]
    if diff.is_empty:
        note = "无语义变更"
        if reformatted:
            note += f"（{len(reformatted)} 个文件仅排版、注释或空白不同）"
        lines += [note, ""]
    for d in diff.decls:
        lines += ["<details>", f"<summary>{_md(decl_title(d))}</summary>", ""]
        lines += [_md_change(c) for c in d.changes]
        if d.affects:
            lines.append("- 影响待遇：" + "、".join(f"「{x}」" for x in d.affects))
        lines += ["", "</details>", ""]
    if impact is not None:
        if impact.note:
            lines += [f"> {impact.note}", ""]
        if impact.changes:
            lines += ["<details>", f"<summary>结果改变的案例（{impact.changed_cases} / {impact.total}）</summary>", "",
                      "| 案例 | 待遇 | 原结果 | 新结果 |", "|---|---|---|---|"]
            lines += [f"| {_md(c.case)}<br>`{_md(c.file)}` | {_md(c.benefit)} | {_md(c.before)} | {_md(c.after)} |"
                      for c in impact.changes]
            lines += ["", "</details>", ""]
        if impact.examples:
            lines += ["<details>", f"<summary>区分案例（{len(impact.examples)}）：新旧版本给出不同结论的最小事实组合</summary>", ""]
            for e in impact.examples:
                facts = "，".join(f"{k} = {v}" for k, v in e.facts.items()) or "（不需要任何事实）"
                lines.append(f"- 「{_md(e.benefit)}」：{_md(e.before)} → {_md(e.after)}；{_md(facts)}"
                             + (f"；{_md(e.history)}" if e.history else "") + f"（评估日期 {e.date}）")
            lines += ["", "</details>", ""]
        if impact.unreadable:
            lines += [f"> 未运行 {len(impact.unreadable)} 个案例文件（在某一版本下无法读取）：" +
                      "、".join(f"`{f}`" for f in impact.unreadable), ""]
    return "\n".join(lines).rstrip() + "\n"


def to_json(old: str, new: str, diff: SemanticDiff, impact: Impact | None, reformatted: list[str]) -> dict:
    return {"旧": old, "新": new, "摘要": summary_line(diff, impact), "无语义变更": diff.is_empty,
            "仅排版的文件": reformatted, "声明": [d.to_json() for d in diff.decls],
            "影响": impact.to_json() if impact is not None else None}
