"""hzdsl check：解析并检查政策文件。"""
from __future__ import annotations

import json

from .base import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, add_format_option, console, print_diagnostics
from ..codes import Category
from ..loader import Loaded, load_policies


def register(sub) -> None:
    c = sub.add_parser("check", help="解析并检查政策文件：名称、类型与单位、引文核对")
    c.add_argument("paths", nargs="*", help="政策文件或目录（默认：所在项目的 policies，从当前目录向上查找；不在项目中时用内置政策）")
    add_format_option(c, ["text", "json", "github", "sarif"])
    c.add_argument("--strict", action="store_true", help="警告也视为未通过")
    c.set_defaults(func=run)


def summary(loaded: Loaded, diagnostics=None) -> str:
    diagnostics = loaded.diagnostics if diagnostics is None else diagnostics
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    p = loaded.program
    context = f"（连同作上下文的 {len(loaded.context)} 个）" if loaded.context else ""
    return (f"{len(loaded.files)} 个文件{context}，{len(p.clauses)} 个条款，{len(p.benefits)} 项待遇，{len(p.terms)} 个术语，"
            f"{len(p.facts)} 个事实，{len(p.params)} 个参数；{errors} 个错误，{warnings} 个警告")


def with_lint(loaded: Loaded) -> list:
    """The diagnostics with the cheap lint checks of a clean program: facts, terms and parameters no
    benefit uses (W660–W662), `# 忽略` comments applied to them and to W601 / W603 (and checked:
    E970–E972). The solver-backed checks are `hzdsl lint`'s."""
    if loaded.errors or loaded.context_errors or not loaded.files:
        return loaded.diagnostics
    from ..lint.findings import CHECKER_CODES
    from ..lint.run import lint

    result = lint(loaded.program, use_solver=False, diagnostics=loaded.diagnostics)
    kept = [d for d in loaded.diagnostics if d.code not in CHECKER_CODES]
    return kept + result.errors + [f.diagnostic() for f in result.open]


def context_note(loaded: Loaded) -> str:
    from pathlib import Path

    names = sorted((Path(f).name for f in loaded.context), key=lambda n: (n != "facts.policy", n))
    shown = "、".join(names[:3]) + ("等" if len(names) > 3 else "")
    note = (f"注意：同目录的其他 {len(loaded.context)} 个政策文件（{shown}）作为上下文一并读入，"
            "名称可以声明在那里；只报告所给文件的问题")
    if loaded.context_errors:
        folder = Path(loaded.context[0]).parent
        note += f"\n  上下文文件中另有 {loaded.context_errors} 个错误：运行 hzdsl check {folder} 查看"
    return note


def run(args) -> int:
    # 读法: a policy file named alone is checked with the other .policy files of its folder as
    # context (its names are declared in facts.policy and other clauses, as the editor sees them);
    # only the named files' problems are reported (docs/语言参考.md)
    loaded = load_policies(args.paths or None, context=True)
    others = set(loaded.context)
    diagnostics = [d for d in with_lint(loaded) if d.span.file not in others]
    failed = any(d.is_error for d in diagnostics)
    if args.format == "json":
        print(json.dumps({"diagnostics": [d.to_json() for d in diagnostics],
                          "ok": not failed}, ensure_ascii=False, indent=2))
    elif args.format == "github":
        from ..diagnostic_formats import github

        print(github(diagnostics), end="")
        print_diagnostics(diagnostics, loaded.sources)  # the log keeps the readable form too (stderr)
        console(stderr=True).print(("✔ " if not failed else "✘ ") + summary(loaded, diagnostics), markup=False)
    elif args.format == "sarif":
        from .. import __version__
        from ..diagnostic_formats import sarif

        print(json.dumps(sarif(diagnostics, __version__), ensure_ascii=False, indent=2))
    else:
        print_diagnostics(diagnostics, loaded.sources)
        if loaded.context:
            console(stderr=True).print(context_note(loaded), markup=False)
        console().print(("✔ " if not failed else "✘ ") + summary(loaded, diagnostics), markup=False)
    if not loaded.files or any(d.category == Category.INPUT for d in loaded.errors):
        return EXIT_INPUT  # a path that is missing or not a readable text is an input error (registry: INPUT)
    if failed or (args.strict and diagnostics):
        return EXIT_FINDINGS
    return EXIT_OK
