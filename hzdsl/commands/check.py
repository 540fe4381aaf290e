"""hzdsl check：解析并检查政策文件。"""
from __future__ import annotations

import json

from .base import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, console, print_diagnostics
from ..codes import Category
from ..loader import Loaded, load_policies


def register(sub) -> None:
    c = sub.add_parser("check", help="解析并检查政策文件：名称、类型与单位、引文核对")
    c.add_argument("paths", nargs="*", help="政策文件或目录（默认：内置政策）")
    c.add_argument("--json", action="store_true", help="以 JSON 输出诊断")
    c.add_argument("--strict", action="store_true", help="警告也视为未通过")
    c.set_defaults(func=run)


def summary(loaded: Loaded) -> str:
    errors = len(loaded.errors)
    warnings = len(loaded.diagnostics) - errors
    p = loaded.program
    return (f"{len(loaded.files)} 个文件，{len(p.clauses)} 个条款，{len(p.benefits)} 项待遇，{len(p.terms)} 个术语，"
            f"{len(p.facts)} 个事实，{len(p.params)} 个参数；{errors} 个错误，{warnings} 个警告")


def run(args) -> int:
    loaded = load_policies(args.paths or None)
    if args.json:
        print(json.dumps({"diagnostics": [d.to_json() for d in loaded.diagnostics],
                          "ok": not loaded.errors}, ensure_ascii=False, indent=2))
    else:
        print_diagnostics(loaded.diagnostics, loaded.sources)
        console().print(("✔ " if not loaded.errors else "✘ ") + summary(loaded), markup=False)
    if not loaded.files or any(d.category == Category.INPUT for d in loaded.errors):
        return EXIT_INPUT  # a path that is missing or not a readable text is an input error (registry: INPUT)
    if loaded.errors or (args.strict and loaded.diagnostics):
        return EXIT_FINDINGS
    return EXIT_OK
