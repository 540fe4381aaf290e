"""Render a semantic diff and its impact: rich terminal text, Markdown for a PR comment, JSON."""
from __future__ import annotations

from dataclasses import dataclass, field

from rich.console import Group
from rich.text import Text

from ..errors import Diagnostic
from .diff import Change, DeclDiff, SemanticDiff
from .impact import Impact
from .official_diff import OfficialChange

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


def _clip(ops: list[tuple[str, str]], context: int = CONTEXT) -> list[tuple[str, str]]:
    """Elide long unchanged stretches of a quote, keeping a little context around each edit."""
    CONTEXT = context
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


def terminal(old: str, new: str, diff: SemanticDiff, impact: Impact | None, reformatted: list[str],
             review: "Review | None" = None) -> Group:
    parts: list = [Text(f"hzdsl 语义差异：{old} → {new}", style="bold"), Text(summary_line(diff, impact), style="bold")]
    review = review or Review(reformatted=reformatted)
    for label, diags in review.broken:
        errors = [d for d in diags if d.is_error]
        parts.append(Text(f"✘ 版本 {label} 未通过 hzdsl check（{len(errors)} 个错误）：差异与案例影响不完整", style="bold red"))
    if review.official:
        parts.append(Text(f"原文（official.txt）变更：{len(review.official)} 处", style="bold"))
        for c in review.official:
            t = Text(f"    第 {c.line} 行：" if c.action != "删除" else f"    原第 {c.line} 行：")
            ops = c.words if c.words is not None else [("+" if c.action == "新增" else "-", c.new or c.old)]
            for op, text in ops:
                if op == "=":
                    t.append(text)
                else:
                    t.append(f"[-{text}-]" if op == "-" else f"{{+{text}+}}", style="red" if op == "-" else "bold green")
            parts.append(t)
    if diff.is_empty and not review.official and reformatted:  # 无语义变更 is the summary line already
        parts.append(Text(f"{len(reformatted)} 个文件仅排版、注释或空白不同：{'、'.join(reformatted)}", style="green"))
    for d in diff.decls:
        parts.append(Text(""))
        parts.append(Text(decl_title(d), style="bold " + STATUS_STYLE.get(d.status, "")))
        if d.kind == "待遇" and d.quotes:
            parts.append(Text("    依据" + "、".join(f"「{q}」" for q in d.quotes), style="italic cyan"))
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


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_~|[]"} | {"<": "&lt;", ">": "&gt;", "\n": " "})


def _md(text: str) -> str:
    """Prose for Markdown: characters Markdown would read as markup (2022 年*月*日) kept literal."""
    return text.translate(_MD_SPECIAL)


def _code(text: str) -> str:
    """An inline code span (`…`) holding `text` as is; a span cannot hold a line break."""
    text = text.replace("\n", " ").replace("|", "\\|")
    fence = "``" if "`" in text else "`"
    return f"{fence}{text}{fence}"


def _md_change(c: Change) -> str:
    if c.words is not None:
        return f"- {c.what}：{_md_words(c.words)}"
    if c.action == "变更" and (c.old or c.new):
        return f"- {c.what}：{_code(c.old)} → {_code(c.new)}"
    if c.action == "变更":
        return f"- {c.what}：已改动"
    return f"- {c.what} {c.action}：{_code(c.new if c.action == '新增' else c.old)}"


@dataclass
class Review:
    """Everything a review comment shows besides the semantic diff itself.

    official: changed paragraphs of official.txt; broken: (version label, its check diagnostics) for
    each version that does not check; reformatted: files whose text differs with no change of meaning.
    """

    official: list[OfficialChange] = field(default_factory=list)
    broken: list[tuple[str, list[Diagnostic]]] = field(default_factory=list)
    reformatted: list[str] = field(default_factory=list)


MARKER = "<!-- hzdsl-policy-review -->"  # the workflow finds its own comment by this hidden line


def _md_words(ops: list[tuple[str, str]], context: int = CONTEXT) -> str:
    return "".join(_md(t) if op == "=" else f"~~{_md(t)}~~" if op == "-" else f"**{_md(t)}**"
                   for op, t in _clip(ops, context))


def _md_official(review: Review) -> list[str]:
    if not review.official:
        return []
    lines = [f"#### 原文（official.txt）变更：{len(review.official)} 处", "",
             "原文是所有引文的依据：请先核对这些改动是否与正式文件一致。", ""]
    for c in review.official:
        if c.action == "变更":
            lines.append(f"- 第 {c.line} 行：{_md_words(c.words or [], context=40)}")
        elif c.action == "新增":
            lines.append(f"- 第 {c.line} 行 新增：**{_md(c.new)}**")
        else:
            lines.append(f"- 原第 {c.line} 行 删除：~~{_md(c.old)}~~")
    return lines + [""]


def _md_broken(review: Review) -> list[str]:
    lines = []
    for label, diags in review.broken:
        errors = [d for d in diags if d.is_error]
        lines += [f"#### ✘ 版本 `{label}` 未通过 hzdsl check（{len(errors)} 个错误）", "",
                  "出错的声明可能无法比较：下面的差异与案例影响可能不完整。", ""]
        for d in errors[:50]:
            where = f"{d.span.file}:{d.span.line}:{d.span.col}" if d.span.line else d.span.file
            lines.append(f"- {_code(where)} {d.code} {_md(d.message)}" + (f"（提示：{_md(d.hint)}）" if d.hint else ""))
        if len(errors) > 50:
            lines.append(f"- ……另有 {len(errors) - 50} 个错误（运行 hzdsl check 查看全部）")
        lines.append("")
    return lines


def _md_decl(d: DeclDiff, impact: Impact | None) -> list[str]:
    lines = [f"#### {_md(decl_title(d))}", ""]
    if d.kind == "待遇" and d.quotes:
        lines += ["> 依据" + "、".join(f"「{_md(q)}」" for q in d.quotes), ""]
    lines += [_md_change(c) for c in d.changes]
    if d.affects:
        lines.append("- 影响待遇：" + "、".join(f"「{x}」" for x in d.affects))
    if d.kind == "待遇" and d.status in {"新增", "变更", "重命名"} and impact is not None and not impact.note \
            and d.key not in impact.covered:
        lines.append("- ⚠ **没有案例覆盖此待遇**：案例中没有任何一个写出它的预期（请在 tests/cases 中补上手工推算的案例）")
    return lines + [""]


def _md_example(e) -> list[str]:
    facts = "，".join(f"{k} = {v}" for k, v in e.facts.items()) or "（不需要任何事实）"
    lines = [f"- 「{_md(e.benefit)}」：旧版本 {_md(e.before)} → 新版本 **{_md(e.after)}**；{_md(facts)}"
             + (f"；{_md(e.history)}" if e.history else "") + f"（评估日期 {e.date}）"]
    if e.case_yaml:
        lines += ["", "  <details>", "  <summary>完整案例（存为 .yaml 后 hzdsl run / hzdsl test 可直接运行）</summary>", "",
                  "  ```yaml", *("  " + x for x in e.case_yaml.rstrip().splitlines()), "  ```", "", "  </details>", ""]
    return lines


def markdown(old: str, new: str, diff: SemanticDiff, impact: Impact | None, reformatted: list[str],
             review: Review | None = None) -> str:
    """The pull-request comment: broken versions and official-text changes first, then each changed
    declaration open (amounts, conditions, caps, quotes), the case table folded, runnable examples."""
    review = review or Review(reformatted=reformatted)
    head = summary_line(diff, impact)
    if review.official:
        head = f"原文 {len(review.official)} 处变更；" + (head if not diff.is_empty else "规则无语义变更")
    if review.broken:
        head = "✘ " + "、".join(f"版本 {label}" for label, _ in review.broken) + " 未通过 hzdsl check；" + head
    lines = [MARKER, f"### hzdsl 语义差异：`{old}` → `{new}`", "", f"**{_md(head)}**", ""]
    lines += _md_broken(review)
    lines += _md_official(review)
    if diff.is_empty and not review.official and reformatted:  # 无语义变更 is the bold summary already
        lines += [f"{len(reformatted)} 个文件仅排版、注释或空白不同", ""]
    for d in diff.decls:
        lines += _md_decl(d, impact)
    if impact is not None:
        if impact.note:
            lines += [f"> {impact.note}", ""]
        if impact.changes:
            lines += ["<details>", f"<summary>结果改变的案例（{impact.changed_cases} / {impact.total}）</summary>", "",
                      "| 案例 | 待遇 | 原结果 | 新结果 |", "|---|---|---|---|"]
            lines += [f"| {_md(c.case)}<br>{_code(c.file)} | {_md(c.benefit)} | {_md(c.before)} | {_md(c.after)} |"
                      for c in impact.changes]
            lines += ["", "</details>", ""]
        if impact.examples:
            lines += [f"#### 区分案例（{len(impact.examples)}）：新旧版本给出不同结论的最小事实组合", ""]
            for e in impact.examples:
                lines += _md_example(e)
            lines.append("")
        if impact.unreadable:
            lines += [f"> 未运行 {len(impact.unreadable)} 个案例文件（在某一版本下无法读取）：" +
                      "、".join(f"`{f}`" for f in impact.unreadable), ""]
    return "\n".join(lines).rstrip() + "\n"


def to_json(old: str, new: str, diff: SemanticDiff, impact: Impact | None, reformatted: list[str],
            review: Review | None = None) -> dict:
    review = review or Review(reformatted=reformatted)
    return {"旧": old, "新": new, "摘要": summary_line(diff, impact), "无语义变更": diff.is_empty,
            "仅排版的文件": reformatted, "原文变更": [c.to_json() for c in review.official],
            "未通过检查的版本": [{"版本": label, "诊断": [d.to_json() for d in diags]} for label, diags in review.broken],
            "声明": [d.to_json() for d in diff.decls],
            "影响": impact.to_json() if impact is not None else None}
