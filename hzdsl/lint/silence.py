"""Inline silencing of lint findings, as Regal's ignore comments:

    # 忽略 W660：该事实供案例录入时核对，不参与计算
    事实 「……」：……。

A comment `# 忽略 <codes>：<理由>` silences those codes for the declaration written right after
it (only comments and blank lines between), or for the declaration it stands inside. Several codes
are separated by 、 or ,. A reason is required (E970); a code that is not a lint warning is an
error (E971); a silence that matches no finding is reported (W663) — except for W664: whether
a check runs out of time depends on the machine. `hzdsl lint` lists every
silenced finding with its reason.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import Diagnostic, Span
from ..syntax import nodes as n
from .findings import CODES, Finding

_SILENCE = re.compile(r"^#\s*忽略\s*((?:[A-Za-z]\d{3}\s*[、,，]?\s*)+)\s*(?:[：:]\s*(.*))?$")


@dataclass
class Silence:
    codes: tuple[str, ...]
    reason: str
    span: Span
    lines: tuple[int, int]  # the declaration's first and last line (file of span)
    used: bool = False


def collect(modules: list[n.Module]) -> tuple[list[Silence], list[Diagnostic]]:
    out, errors = [], []
    for m in modules:
        decls = sorted(m.decls, key=lambda d: d.span.line)
        for c in m.comments:
            match = _SILENCE.match(c.text.strip())
            if not match:
                continue
            codes = tuple(x.upper() for x in re.findall(r"[A-Za-z]\d{3}", match.group(1)))
            reason = (match.group(2) or "").strip()
            bad = [x for x in codes if x not in CODES]
            if bad:
                errors.append(Diagnostic.of("E971", c.span,
                                         "可忽略的代码是 W601、W603 与 W650–W699，见 docs/诊断代码.md", bad='、'.join(bad)))
                continue
            if not reason:
                errors.append(Diagnostic.of("E970", c.span,
                                         "写成 `# 忽略 W660：理由`，说明为什么这条发现不需要修改"))
                continue
            target = _target(decls, c.span.line)
            if target is None:
                errors.append(Diagnostic.of("E972", c.span, "把忽略注释写在它所针对的声明前一行"))
                continue
            out.append(Silence(codes, reason, c.span, (target.span.line, target.span.end_line)))
    return out, errors


def _target(decls: list[n.Decl], line: int) -> n.Decl | None:
    for d in decls:
        if d.span.line <= line <= d.span.end_line:
            return d  # the comment stands inside the declaration
    after = [d for d in decls if d.span.line > line]
    return after[0] if after else None


def apply(findings: list[Finding], silences: list[Silence], checked: set[str] | None = None) -> list[Finding]:
    """Mark the silenced findings; return W663 findings for silences that matched nothing (only for
    silences of codes that were `checked`, when given: `hzdsl check` runs the cheap checks only)."""
    for f in findings:
        for s in silences:
            if f.code in s.codes and f.span.file == s.span.file and s.lines[0] <= f.span.line <= s.lines[1]:
                f.silenced = s.reason
                s.used = True
                break
    return [Finding.of("W663", s.span, "发现已修复时请删去这条忽略注释", codes="、".join(s.codes)) for s in silences
            if not s.used and (checked is None or set(s.codes) <= checked) and "W664" not in s.codes]
