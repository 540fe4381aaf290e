"""Render test runs: per-case PASS/FAIL lines with a readable diff, a summary, coverage, JSON, JUnit XML."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from rich.text import Text

from ..errors import Sources, render_plain, shown_line
from ..render import amount_text, note_text
from .rule_coverage import FAILED, HELD, OPEN, Coverage, coverage_json
from .runner import ERROR, FAIL, INTERNAL, PASS, CaseRun, Summary

MARK = {PASS: ("✔ 通过", "green"), FAIL: ("✘ 失败", "bold red"), ERROR: ("✘ 错误", "bold red"),
        INTERNAL: ("✘ 内部错误", "bold magenta")}


def _decision(run: CaseRun, benefit_text: str):
    if run.result is None:
        return None
    return next((d for d in run.result.decisions if d.rule.name == benefit_text), None)


def case_lines(run: CaseRun, sources: Sources | None, verbose: bool = False) -> list[Text]:
    mark, style = MARK[run.outcome]
    head = Text()
    head.append(mark, style=style)
    head.append(f"  {shown_line(run.path)}:{run.line}  {shown_line(run.name)}")  # a file's name may hold ESC
    if run.outcome == PASS and not verbose:
        return [head]
    out = [head]
    if run.message:
        out.append(Text(f"    {run.message}", style="yellow"))
    for d in run.diagnostics:
        for line in render_plain(d, sources).splitlines():
            out.append(Text("    " + line, style="red"))
    by_benefit: dict[str, list] = {}
    for m in run.mismatches:
        by_benefit.setdefault(m.benefit, []).append(m)
    for benefit, ms in by_benefit.items():
        out.append(Text(f"    「{benefit}」", style="bold"))
        for m in ms:
            out.append(Text(f"      {m.field}：", style=""))
            out.append(Text(f"        - 预期  {m.expected}", style="green"))
            out.append(Text(f"        + 实际  {m.actual}", style="red"))
        d = _decision(run, benefit)
        if d is not None:
            why = note_text(d)
            summary = f"实际结果：{d.status}，金额 {amount_text(d)}" + (f"；{why}" if why else "")
            out.append(Text(f"      {summary}", style="dim"))
    return out


def passes_line(passed: list[CaseRun]) -> str:
    """The passing cases in one line: how many, in how many files (hzdsl test -v lists each)."""
    files = {r.path for r in passed}
    return f"✔ {len(passed)} 个案例通过（{len(files)} 个文件；加 -v 逐个列出）"


def summary_line(s: Summary) -> Text:
    n = len(s.runs)
    parts = [f"{n} 个案例", f"{s.count(PASS)} 通过", f"{s.count(FAIL)} 失败"]
    errors = [r for r in s.runs if r.outcome == ERROR]
    files = sum(1 for r in errors if r.case is None)  # a whole file refused; else one case of a list (runner.run_file)
    if files:
        parts.append(f"{files} 个文件无法读取")
    if len(errors) > files:
        parts.append(f"{len(errors) - files} 个案例无法读取")
    if s.count(INTERNAL):
        parts.append(f"{s.count(INTERNAL)} 个内部错误")
    if s.deselected:
        parts.append(f"{s.deselected} 个未选中（-k）")
    if s.skipped_files:
        parts.append(f"跳过 {len(s.skipped_files)} 个没有预期的文件")
    text = "，".join(parts[:1]) + "：" + "，".join(parts[1:]) + f"；用时 {s.seconds:.2f} 秒"
    return Text(("✔ " if s.ok else "✘ ") + text, style="bold green" if s.ok else "bold red")


def coverage_lines(cov: Coverage, min_percent: float | None, show_all: bool = True) -> list[Text]:
    out = [Text("规则覆盖（条件是否在案例中既成立过、又不成立过）", style="bold")]
    for g in cov.groups:
        if not show_all and all(s.both_ways or s.excluded for s in g.sites):
            continue
        head = Text(f"  {g.owner}" + (f"  条款（{g.clause}）" if g.clause else ""), style="bold")
        if g.statuses:
            head.append("  结论：" + " ".join(
                f"{k}{'✔' if v else '✘'}" for k, v in g.statuses.items() if k in {"符合", "不符合", "待定"}),
                style="dim")
        out.append(head)
        for s in g.sites:
            if s.excluded:
                mark, style = "·", "dim"
            else:
                mark, style = ("✔", "green") if s.both_ways else ("✘", "red")
            line = Text(f"    {mark} {s.text}", style=style)
            line.append(f"    成立 {s.seen[HELD]} · 不成立 {s.seen[FAILED]} · 待定 {s.seen[OPEN]}", style="dim")
            if s.excluded:
                line.append("（含占位，无法判定，不计入）", style="dim")
            out.append(line)
    counted = cov.counted
    both = sum(s.both_ways for s in counted)
    ok = min_percent is None or cov.percent >= min_percent
    tail = Text(f"条件覆盖率 {cov.percent:.1f}%（{both}/{len(counted)} 个条件双向覆盖，{cov.cases} 个案例）",
                style="bold green" if ok else "bold red")
    if min_percent is not None:
        tail.append(f"；要求 ≥ {min_percent:g}%" + ("" if ok else "，未达到"))
    out.append(tail)
    if cov.gaps:
        out.append(Text(f"未双向覆盖的条件（{len(cov.gaps)} 个）：", style="bold"))
        for s in cov.gaps:
            out.append(Text(f"  {s.where}  {s.owner}  {s.text} — {s.gap()}", style="yellow"))
    undecidable = [s for s in cov.sites if s.excluded]
    if undecidable:
        out.append(Text(f"含占位、无法判定的条件（{len(undecidable)} 个，不计入覆盖率）：", style="dim"))
        for s in undecidable:
            out.append(Text(f"  {s.where}  {s.owner}  {s.text}", style="dim"))
    return out


def run_json(run: CaseRun) -> dict[str, Any]:
    out: dict[str, Any] = {"文件": run.path, "案例": run.name, "行": run.line, "结果": run.outcome,
                           "用时秒": round(run.seconds, 4)}
    if run.mismatches:
        out["差异"] = [{"待遇": m.benefit, "项目": m.field, "预期": m.expected, "实际": m.actual}
                     for m in run.mismatches]
    if run.message:
        out["说明"] = run.message
    if run.diagnostics:
        out["诊断"] = [d.to_json() for d in run.diagnostics]
    return out


def summary_json(s: Summary, cov: Coverage | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "通过": s.ok,
        "汇总": {"案例": len(s.runs), "通过": s.count(PASS), "失败": s.count(FAIL), "错误": s.count(ERROR),
               "内部错误": s.count(INTERNAL), "未选中": s.deselected,
               "跳过的文件": [str(p) for p in s.skipped_files], "用时秒": round(s.seconds, 3)},
        "案例": [run_json(r) for r in s.runs],
    }
    if cov is not None:
        out["覆盖"] = coverage_json(cov)
    return out


# XML 1.0 cannot hold C0 control characters other than tab and line ends, nor U+FFFE/U+FFFF or lone
# surrogates — not even escaped. A case name may contain any of them (YAML "\x01"); they are shown as
# their escape text (\x01), so the report always parses and the reader still sees what was there.
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return _XML_BAD.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)


def junit_xml(s: Summary) -> bytes:
    """JUnit XML, one <testsuite> per case file, for CI systems that display test results."""
    root = ET.Element("testsuites", name="hzdsl test", tests=str(len(s.runs)),
                      failures=str(s.count(FAIL)), errors=str(s.count(ERROR) + s.count(INTERNAL)),
                      time=f"{s.seconds:.3f}")
    suites: dict[str, ET.Element] = {}
    for r in s.runs:
        suite = suites.get(r.path)
        if suite is None:
            suite = suites[r.path] = ET.SubElement(root, "testsuite", name=r.path)
        tc = ET.SubElement(suite, "testcase", classname=r.path, name=r.name, file=r.path, line=str(r.line),
                           time=f"{r.seconds:.4f}")
        if r.outcome == FAIL:
            body = "\n".join(f"「{m.benefit}」{m.field}：预期 {m.expected}，实际 {m.actual}" for m in r.mismatches)
            f = ET.SubElement(tc, "failure", message=r.message or f"{len(r.mismatches)} 处与预期不符", type="不符")
            f.text = body or r.message
        elif r.outcome in {ERROR, INTERNAL}:
            e = ET.SubElement(tc, "error", message=r.message or r.outcome, type=r.outcome)
            e.text = "\n".join(render_plain(d) for d in r.diagnostics) or r.message
    for suite in suites.values():
        cases = list(suite)
        suite.set("tests", str(len(cases)))
        suite.set("failures", str(sum(1 for c in cases if c.find("failure") is not None)))
        suite.set("errors", str(sum(1 for c in cases if c.find("error") is not None)))
    for el in root.iter():  # every name, message and body, in one place
        for k, v in el.attrib.items():
            el.set(k, xml_safe(v))
        if el.text:
            el.text = xml_safe(el.text)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
