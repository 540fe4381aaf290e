"""hzdsl run：对案例求值。"""
from __future__ import annotations

import json

from .base import (EXIT_OK, benefit_problems, UsageError, add_format_option, add_policies_option, conflicts, load_program,
                   notes_json, print_diagnostics, wide_console)


def register(sub) -> None:
    r = sub.add_parser("run", help="对案例求值：可享受哪些待遇、金额、依据与尚缺信息")
    r.add_argument("case", metavar="案例文件", help="案例文件（YAML，见 docs/案例格式.md）")
    add_policies_option(r)
    r.add_argument("--explain", action="store_true", help="逐条解释：条件、取值、条款与原文")
    add_format_option(r, ["table", "tsv", "csv", "json"])
    r.add_argument("--all", action="store_true", help="显示全部待遇（含表中折叠的待定、不符合的、面向其他申请人的）")
    r.add_argument("--benefit", "-b", action="append", metavar="待遇",
                   help="只显示这些待遇：写全称只选这一项，写名称中的一段文字选名称含它的每一项；可写多次")
    r.add_argument("--clause", "-c", action="append", metavar="条款", help="只显示该条款（如 三 或 3）的待遇；可写多次")
    r.add_argument("--params", action="append", metavar="文件",
                   help="参数文件（YAML，多个案例共用的 LPR、最低工资标准等）；案例自带的参数优先")
    r.add_argument("--questions", type=int, default=5, metavar="N", help="列出下一步最值得问的 N 个事实（默认 5；0 不列）")
    r.add_argument("--eligible-only", action="store_true", help="（旧选项，同默认视图）")
    r.set_defaults(func=run)


def run(args) -> int:
    from ..caseview import case_view, delimited, terminal, view_json
    from ..cases.load import load_cases
    from ..cases.run import run_case
    from ..linebreak import fit
    from ..render import Explainer
    from rich.text import Text

    conflicts(args, (f"--format {args.format}", "--explain", args.explain and args.format in ("tsv", "csv")),
              ("--all", "--eligible-only", args.all and args.eligible_only))
    if args.questions < 0:
        raise UsageError(f"argument --questions: 问题个数不能为负（{args.questions}）")
    loaded = load_program(args.policies)
    program = loaded.program
    check_filters(program, args.benefit or [], args.clause or [])
    warnings: list = []  # W929: a parameter of --params no shown benefit reads (cases.params_read)
    cases = load_cases(args.case, program, loaded.sources, param_files=args.params,
                       reported=shown_benefits(program, args.benefit or [], args.clause or []), warnings=warnings)
    print_diagnostics(warnings, loaded.sources)  # on stderr; the run itself stands (exit 0)
    views = [case_view(program, run_case(program, c, explain=args.explain), show_all=args.all,
                       benefits=args.benefit, clauses=args.clause, questions=args.questions) for c in cases]
    if args.format == "json":
        # --explain: each 待遇 has its 解释; the W929 about what a case read, as screen's 「警告」 (also on stderr)
        payload = [{**view_json(program, v, explain=args.explain),
                    **({"警告": notes_json(v.result.case.warnings)} if v.result.case.warnings else {})} for v in views]
        print(json.dumps(payload[0] if len(payload) == 1 else payload, ensure_ascii=False, indent=2))
        return EXIT_OK
    if args.format in ("tsv", "csv"):
        print(delimited(views, "\t" if args.format == "tsv" else ","), end="")
        return EXIT_OK
    out = wide_console()
    for v in views:
        out.print(terminal(v))
        if args.explain:
            ex = Explainer(program, v.result.record or {})
            for d in v.table_rows:  # only what the table shows; the folded 待定 on request
                out.print(fit(ex.benefit(d)))  # tree lines wrap like the table's cells
            if v.folded:
                out.print(fit(Text(f"其余 {len(v.folded)} 项待定的逐条解释未显示（加 --all 或 --benefit 待遇 查看）",
                                   overflow="fold")))
    return EXIT_OK


def check_filters(program, benefits: list[str], clauses: list[str]) -> None:
    """--benefit / --clause that select nothing are input errors (E807), not an empty table that
    reads as "nothing applies"."""
    from ..caseview import clause_number
    from ..errors import Diagnostic, HzdslError, Span

    problems = benefit_problems({k: b.name.text for k, b in program.benefits.items()}, benefits)
    for c in clauses:
        if clause_number(c) not in program.clauses:
            problems.append(Diagnostic.of("E807", Span("--clause", 1, 1, 1, 1),
                                       "条款写成 三 或 3；政策中的条款：" + "、".join(program.clauses), form="clause", clause=c))
    if problems:
        raise HzdslError(problems)


def shown_benefits(program, benefits: list[str], clauses: list[str]) -> list[str] | None:
    """The keys of the benefits run shows when filtered by --benefit / --clause (as caseview.build_view selects
    them: both filters hold); None without a filter — every benefit is evaluated and may be shown."""
    from ..caseview import clause_number
    from ..check.select import select

    if not benefits and not clauses:
        return None
    keys = list(program.benefits)
    if benefits:
        chosen = set(select(benefits, {k: b.name.text for k, b in program.benefits.items()})[0])
        keys = [k for k in keys if k in chosen]
    if clauses:
        wanted = {clause_number(c) for c in clauses}
        keys = [k for k in keys if program.benefits[k].clause in wanted]
    return keys
