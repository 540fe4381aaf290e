"""hzdsl schema：数据字典。"""
from __future__ import annotations

import json

from .base import (EXIT_OK, UsageError, add_format_option, add_format_synonym, add_policies_option, console,
                   load_program)


def register(sub) -> None:
    s = sub.add_parser("schema", help="数据字典：全部事实与参数")
    add_policies_option(s)
    add_format_option(s, ["table", "json", "markdown"])
    add_format_synonym(s, "--markdown", "markdown", "同 --format markdown（即 docs/数据字典.md）")
    s.add_argument("--history-summary", action="store_true",
                   help="列出人群文件可代替申领历史明细的历史汇总列（hzdsl screen；见 docs/人群筛查.md「历史汇总」）")
    s.add_argument("--benefit", action="append", metavar="待遇",
                   help="与 --history-summary 同用：只列这些待遇所需的列（写法同 hzdsl screen --benefit；可重复）")
    s.set_defaults(func=run)


def run(args) -> int:
    from ..schema import schema_json, schema_table

    loaded = load_program(args.policies)
    if args.benefit and not args.history_summary:
        raise UsageError("--benefit 只与 --history-summary 同用")
    if args.history_summary:
        return _history_summary(loaded.program, args)
    if args.format == "json":
        print(json.dumps(schema_json(loaded.program), ensure_ascii=False, indent=2))
    elif args.format == "markdown":
        from ..schema import schema_markdown

        print(schema_markdown(loaded.program))
    else:
        console().print(schema_table(loaded.program))
    return EXIT_OK


def _history_summary(program, args) -> int:
    from ..schema import history_summary, history_summary_markdown, history_summary_table
    from .base import benefit_keys

    benefits = None
    if args.benefit:  # as hzdsl screen --benefit (check.select)
        benefits = benefit_keys({k: b.name.text for k, b in program.benefits.items()}, args.benefit,
                                "hzdsl schema 列出全部待遇")
    data = history_summary(program, benefits)
    if args.format == "json":
        print(json.dumps(data, ensure_ascii=False, indent=2))
    elif args.format == "markdown":
        print(history_summary_markdown(data))
    else:
        out = console()
        out.print(history_summary_table(data))
        for r in data["不能汇总的限制"]:
            out.print(f"不能汇总：限制「{r['限制']}」（" + "、".join(f"「{b}」" for b in r["待遇"])
                      + "）比较每条过去记录的字段，筛查这些待遇须给申领历史明细 --history", markup=False)
    return EXIT_OK
