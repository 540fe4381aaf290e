"""Diagnostics for machines: GitHub Actions workflow commands (annotations on the changed lines) and
SARIF 2.1.0 (GitHub code scanning and other tools).

Columns are 1-based characters of the line; every character of the policy text is in the Basic
Multilingual Plane, so they equal the UTF-16 code units SARIF counts by default.
"""
from __future__ import annotations

from .errors import Diagnostic


def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def github(diags: list[Diagnostic]) -> str:
    """One `::error` / `::warning` workflow command per diagnostic (message, then 提示 on its own line)."""
    lines = []
    for d in diags:
        level = "error" if d.is_error else "warning"
        props = []
        if d.span.line > 0:
            props = [f"file={_escape_property(d.span.file)}", f"line={d.span.line}", f"col={d.span.col}"]
            if d.span.end_line >= d.span.line:
                props += [f"endLine={d.span.end_line}", f"endColumn={d.span.end_col}"]
        props.append(f"title={_escape_property(d.code)}")
        text = d.message + "".join(f"\n{r.message or '相关位置'}：{r.span}" for r in d.related) + (
            f"\n提示：{d.hint}" if d.hint else "")
        lines.append(f"::{level} {','.join(props)}::{_escape_data(text)}")
    return "\n".join(lines) + ("\n" if lines else "")


def sarif(diags: list[Diagnostic], version: str) -> dict:
    """A SARIF 2.1.0 log with one run of hzdsl; one rule per diagnostic code that occurs."""
    rules = {}
    results = []
    for d in diags:
        rules.setdefault(d.code, {"id": d.code, "shortDescription": {"text": d.code},
                                  "helpUri": "https://github.com/hzdsl/hzdsl/blob/main/docs/诊断代码.md"})
        result = {"ruleId": d.code, "level": "error" if d.is_error else "warning",
                  "message": {"text": d.message + (f"\n提示：{d.hint}" if d.hint else "")}}
        if d.span.line > 0:
            region = {"startLine": d.span.line, "startColumn": d.span.col}
            if d.span.end_line >= d.span.line:
                region.update(endLine=d.span.end_line, endColumn=max(d.span.end_col, 1))
            result["locations"] = [{"physicalLocation": {"artifactLocation": {"uri": d.span.file.replace("\\", "/")},
                                                         "region": region}}]
        related = [r for r in d.related if r.span.line > 0]
        if related:
            result["relatedLocations"] = [
                {"id": i, "message": {"text": r.message or "相关位置"},
                 "physicalLocation": {"artifactLocation": {"uri": r.span.file.replace("\\", "/")},
                                      "region": {"startLine": r.span.line, "startColumn": max(r.span.col, 1)}}}
                for i, r in enumerate(related)]
        results.append(result)
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "hzdsl", "version": version, "rules": list(rules.values())}},
                  "results": results}],
    }
