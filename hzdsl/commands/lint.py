"""hzdsl lint：用求解器检查政策中的死规则、可能的冲突、负数或超出上限的给付、查表缺项、不起作用的限制、
未被用到的事实与术语；每条发现给出位置、见证案例（如有）和忽略方法。"""
from __future__ import annotations

import json

from .base import (EXIT_FINDINGS, EXIT_OK, add_format_option, conflicts, console, load_program, print_diagnostics,
                   require_extra, seconds_option)


def register(sub) -> None:
    c = sub.add_parser("lint", help="用求解器检查死规则、冲突、负数给付、查表缺项、不起作用的限制、未用到的声明")
    c.add_argument("paths", nargs="*", help="政策文件或目录（默认：所在项目的 policies，从当前目录向上查找；不在项目中时用内置政策）")
    c.add_argument("--timeout", type=seconds_option, default=None, metavar="秒", help="每次求解的时限（按 z3 的工作量计，不按墙钟；默认 5 秒）")
    c.add_argument("--no-solver", action="store_true", help="只做不需要求解器的检查（与 hzdsl check 相同）")
    c.add_argument("--strict", action="store_true", help="未能在时限内判定（W664）也视为未通过")
    add_format_option(c, ["text", "json"])
    c.set_defaults(func=run)


def _witness_line(case: dict) -> str:
    from ..review.proofs import _case_line

    result = case.get("结果")
    return _case_line(case) + (f" → 解释器结果：{result}" if result else "")


def run(args) -> int:
    from ..lint.run import lint

    conflicts(args, ("--timeout", "--no-solver", args.timeout is not None and args.no_solver))
    if not args.no_solver:
        require_extra("lint", "prove", "；或用 hzdsl lint --no-solver 只做不需要求解器的检查")
    loaded = load_program(args.paths)
    result = lint(loaded.program, 5.0 if args.timeout is None else args.timeout, use_solver=not args.no_solver, diagnostics=loaded.diagnostics)
    if args.format == "json":
        print(json.dumps({"findings": [f.to_json() for f in result.findings],
                          "errors": [d.to_json() for d in result.errors],
                          "seconds": round(result.seconds, 3)}, ensure_ascii=False, indent=2))
    else:
        print_diagnostics(result.errors, loaded.sources)
        out = console()
        print_diagnostics([f.diagnostic() for f in result.open], loaded.sources)
        for f in result.open:
            if f.witness is not None:
                tag = "已由解释器验证" if f.verified else "未通过解释器验证"
                out.print(f"{f.span}: 见证案例（{tag}）：{_witness_line(f.witness)}", markup=False)
        if result.silenced:
            out.print(f"已忽略 {len(result.silenced)} 条：", markup=False)
            for f in result.silenced:
                out.print(f"  {f.span}: {f.code} {f.message} —— 理由：{f.silenced}", markup=False)
        mark = "✔ " if not (result.open if args.strict else result.failing) and not result.errors else "✘ "
        out.print(f"{mark}lint：{len(result.open)} 条发现，{len(result.silenced)} 条已忽略，"
                  f"{len(result.errors)} 个错误；用时 {result.seconds:.1f} 秒", markup=False)
    failing = result.open if args.strict else result.failing
    return EXIT_FINDINGS if failing or result.errors else EXIT_OK
