"""hzdsl schema：数据字典。"""
from __future__ import annotations

import json

from .base import EXIT_OK, add_format_option, add_format_synonym, add_policies_option, console, load_program


def register(sub) -> None:
    s = sub.add_parser("schema", help="数据字典：全部事实与参数")
    add_policies_option(s)
    add_format_option(s, ["table", "json", "markdown"])
    add_format_synonym(s, "--markdown", "markdown", "同 --format markdown（即 docs/数据字典.md）")
    s.set_defaults(func=run)


def run(args) -> int:
    from ..schema import schema_json, schema_table

    loaded = load_program(args.policies)
    if args.format == "json":
        print(json.dumps(schema_json(loaded.program), ensure_ascii=False, indent=2))
    elif args.format == "markdown":
        from ..schema import schema_markdown

        print(schema_markdown(loaded.program))
    else:
        console().print(schema_table(loaded.program))
    return EXIT_OK
