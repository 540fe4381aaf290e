"""hzdsl coverage：原文有多少已转写为规则，逐条款列出。"""
from __future__ import annotations

import argparse
import json
from decimal import Decimal, InvalidOperation

from rich.cells import cell_len

from .base import EXIT_FINDINGS, EXIT_OK, add_format_option, console, load_program

SHOWN_CHARS = 60  # a long uncovered passage is cut in the table; --json and --full give it whole


def _min_percent(text: str) -> Decimal:
    try:
        value = Decimal(text.rstrip("%"))
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"--min 需要 0 到 100 之间的百分数，这里是「{text}」") from None
    if not (0 <= value <= 100):
        raise argparse.ArgumentTypeError(f"--min 需要 0 到 100 之间的百分数，这里是「{text}」")
    return value


def register(sub) -> None:
    c = sub.add_parser("coverage", help="原文覆盖率：每个条款有多少原文已被规则引用，列出未覆盖的段落")
    c.add_argument("paths", nargs="*", help="政策文件或目录（默认：所在项目的 policies，从当前目录向上查找；不在项目中时用内置政策）")
    add_format_option(c, ["table", "json"])
    c.add_argument("--min", type=_min_percent, metavar="N", help="合计覆盖率低于 N%% 时以退出码 1 结束")
    c.add_argument("--full", action="store_true", help="完整显示未覆盖的段落（默认截断过长的段落）")
    c.add_argument("--summary", action="store_true", help="只显示各段的比例，不列未覆盖的段落")
    c.set_defaults(func=run)


def run(args) -> int:
    from ..review.text_coverage import compute, percent, to_json
    from ..source import load_official

    loaded = load_program(args.paths or None)
    cov = compute(loaded.program, load_official(loaded.program.official_path))
    if args.format == "json":
        print(json.dumps(to_json(cov), ensure_ascii=False, indent=2))
    else:
        _print(cov, full=args.full, summary=args.summary)
    if args.min is not None and cov.share * 100 < args.min:
        if not args.format == "json":
            console(stderr=True).print(f"✘ 合计覆盖率 {percent(cov.share)} 低于要求的 {args.min}%", markup=False)
        return EXIT_FINDINGS
    return EXIT_OK


def _print(cov, full: bool, summary: bool) -> None:
    from ..review.text_coverage import percent

    out = console()
    out.print(f"原文覆盖率：{cov.official_path}（按字计，不计标点；标题与落款单列，不计入合计）", markup=False)
    for s in cov.segments:
        note = ""
        if s.excluded:
            note = "（不计入合计）"
        elif s.segment.kind in {"clause", "part"} and not s.declared:
            note = "未转写"
        style = "green" if s.covered == s.total else ("red" if s.covered == 0 else "yellow")
        label = s.label + " " * max(0, 12 - cell_len(s.label))  # pad by display cells: CJK is 2 wide
        out.print(f"{label}{s.covered:>5}/{s.total:<5}{percent(s.share):>7}  {note}".rstrip(),
                  style=style, markup=False, highlight=False)
        if summary or s.covered == 0:
            continue  # an untouched segment is all uncovered; listing it again says nothing new
        for p in s.uncovered:
            text = p.text if full or len(p.text) <= SHOWN_CHARS else p.text[:SHOWN_CHARS] + f"…（共 {len(p.text)} 字）"
            out.print(f"    未覆盖 第 {p.line} 行：{text}", markup=False, highlight=False)
    out.print(f"合计（不含标题与落款）：{cov.covered}/{cov.total} 字，{percent(cov.share)}", markup=False)
