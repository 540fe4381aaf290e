"""hzdsl run：对案例求值。"""
from __future__ import annotations

import json

from .base import EXIT_OK, add_policies_option, console, load_program


def register(sub) -> None:
    r = sub.add_parser("run", help="对案例求值：可享受哪些待遇、金额、依据与尚缺信息")
    r.add_argument("case", help="案例文件（YAML）")
    add_policies_option(r)
    r.add_argument("--explain", action="store_true", help="逐条解释：条件、取值、条款与原文")
    r.add_argument("--json", action="store_true", help="以 JSON 输出")
    r.add_argument("--eligible-only", action="store_true", help="只显示符合或待定的待遇")
    r.set_defaults(func=run)


def run(args) -> int:
    from ..cases.load import load_cases
    from ..cases.run import run_case
    from ..render import Explainer, plain_table, result_json, table

    loaded = load_program(args.policies)
    cases = load_cases(args.case, loaded.program, loaded.sources)
    results = [run_case(loaded.program, c, explain=args.explain) for c in cases]
    if args.json:
        payload = [result_json(r) for r in results]
        print(json.dumps(payload[0] if len(payload) == 1 else payload, ensure_ascii=False, indent=2))
        return EXIT_OK
    out = console()
    for r in results:
        if out.is_terminal:
            out.print(table(r, loaded.program, show_all=not args.eligible_only))
        else:
            out.print(plain_table(r, show_all=not args.eligible_only), markup=False)
        if args.explain:
            ex = Explainer(loaded.program, r.record or {})
            for d in r.decisions:
                if args.eligible_only and d.status == "不符合":
                    continue
                out.print(ex.benefit(d))
    return EXIT_OK
