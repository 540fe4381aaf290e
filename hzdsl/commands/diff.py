"""hzdsl diff：两个版本政策的语义差异（文件、目录或 git 版本），以及对案例的影响。"""
from __future__ import annotations

import json
from pathlib import Path

from .base import (EXIT_FINDINGS, EXIT_OK, UsageError, add_format_option, conflicts, console, date_option,
                   memory_limit_option, print_diagnostics, require_extra, seconds_option)

DEFAULT_CASES = ["tests/cases", "examples"]


def register(sub) -> None:
    d = sub.add_parser("diff", help="语义差异：哪项待遇、哪个金额、哪个条件变了，哪些案例结果改变")
    d.add_argument("old", metavar="旧版本", help="旧版本：政策目录、政策文件或 git 版本（如 main）")
    d.add_argument("new", nargs="?", metavar="新版本", help="新版本（默认：工作区中的政策目录）")
    d.add_argument("--dir", help="git 版本中政策所在目录（相对于当前目录；默认为所在项目的 policies，"
                                 "从当前目录向上查找，与 git 查找仓库的方式相同）")
    d.add_argument("--cases", action="append", help="用于影响分析的案例文件或目录（默认 tests/cases 与 examples）")
    d.add_argument("--no-impact", action="store_true", help="不运行案例、不搜索区分案例")
    add_format_option(d, ["table", "markdown", "json"])
    d.add_argument("--prove", action="store_true",
                   help="用 z3 证明每项改变的待遇：等价、收紧、放宽或不可比（附见证案例）；默认在时间预算内自动证明")
    d.add_argument("--no-prove", action="store_true", help="不做 z3 证明")
    d.add_argument("--prove-timeout", type=seconds_option, default=None, metavar="秒",
                   help="每项待遇的证明时限（其全部求解合计，按 z3 的工作量计、不按墙钟；默认：--prove 时 20 秒，自动证明时 5 秒）")
    d.add_argument("--exit-code", action="store_true", help="有语义变更时退出码为 1")
    d.add_argument("--population", help="人群文件（CSV/Parquet）：两版政策各筛查一次，按待遇统计新增/不再符合/金额改变人数与总金额")
    d.add_argument("--history", help="人群的申领历史文件（与 --population 一起用）")
    d.add_argument("--date", help="人群的评估日期（默认今天；人群文件的「评估日期」列优先）")
    d.add_argument("--memory-limit", type=memory_limit_option,
                   help="DuckDB 内存上限（与 --population 一起用；同 hzdsl screen --memory-limit，如 1GB）")
    d.add_argument("--benefit", action="append", metavar="待遇",
                   help="人群影响只看这些待遇（与 --population 一起用；写法同 hzdsl screen --benefit；可写多次）。"
                        "默认即只筛查含义改变的待遇，所以历史汇总形式的人群文件只需要它们的历史汇总列")
    d.set_defaults(func=run)


def run(args) -> int:
    from ..review import report
    from ..review.diff import diff_modules
    from ..review.impact import Impact, analyse
    from ..review.versions import load, resolve

    from ..project import POLICY_DIR, project_path

    conflicts(args, ("--prove", "--no-prove", args.prove and args.no_prove),
              ("--prove-timeout", "--no-prove", args.prove_timeout is not None and args.no_prove),
              ("--cases", "--no-impact", bool(args.cases) and args.no_impact))
    for option, value in (("--history", args.history), ("--date", args.date), ("--benefit", args.benefit),
                          ("--memory-limit", args.memory_limit)):
        if value is not None and not args.population:
            raise UsageError(f"{option} 只与 --population 一起用（人群影响分析）")
    if args.date is not None:
        date_option(args.date, "--date")
    if args.population:
        require_extra("diff --population", "screen")
    if args.prove:  # asked for by name: no proof is not an answer (the default diff goes on without z3)
        require_extra("diff --prove", "prove")
    if args.dir is None:
        args.dir = str(project_path(POLICY_DIR) or POLICY_DIR)
    old = load(resolve(args.old, args.dir))
    new = load(resolve(args.new, args.dir))
    from ..review.official_diff import official_changes
    from ..review.report import Review

    review = Review(official=official_changes(old.official, new.official))
    for v in (old, new):  # a version that does not check is still diffed as far as it goes, and fails
        if v.errors:
            review.broken.append((v.label, v.errors))
            print_diagnostics(v.errors, v.sources)  # located in the files as the user named them, with the line
            console(stderr=True).print(f"✘ 版本 {v.label} 未通过 hzdsl check（{len(v.errors)} 个错误）", markup=False)
    sem = diff_modules(old.modules, new.modules, new.program, old.program)
    # files whose text differs although nothing means anything different (only said when the diff is empty)
    reformatted = sorted(p for p in set(old.files) & set(new.files) if old.files[p] != new.files[p]) \
        if sem.is_empty else []
    review.reformatted = reformatted
    impact = None
    if not args.no_impact:
        if old.errors or new.errors:
            impact = Impact(note="有版本未通过 hzdsl check，未运行案例影响分析")
        else:
            from ..testing.discover import default_roots

            paths = args.cases or [str(p) for p in default_roots()]
            impact = analyse(old.program, new.program, paths, search=not sem.is_empty)
    proofs = _proofs(args, old, new, sem)
    old_label, new_label = old.label, (new.label if args.new else f"工作区 {args.dir}")
    warned: list = []  # W921 of the claims file (--history): said on stderr and in the JSON, as screen does
    # a version that does not check has no population impact: said, and the rest of the diff printed (breaker s21: the
    # workflow's PR comment was EMPTY — the E201 of the broken version raised before any output)
    skipped = bool(args.population) and bool(old.errors or new.errors)
    people = _population_impact(args, old, new, warned) if args.population and not skipped else None
    if warned:
        print_diagnostics(warned, None)
    if args.format == "json":
        data = report.to_json(old_label, new_label, sem, impact, reformatted, review)
        if proofs is not None:
            data["证明"] = proofs.to_json()
        if skipped:
            data["人群影响"] = {"人群文件": args.population, "说明": POPULATION_SKIPPED}
        if people is not None:
            data["人群影响"] = {"人群文件": args.population, "待遇": [p.to_json() for p in people]}
            if warned:
                data["人群影响"]["警告"] = [{"代码": d.code, "信息": d.message, "文件": d.span.file, "行": d.span.line,
                                          "提示": d.hint} for d in warned]
        print(json.dumps(data, ensure_ascii=False, indent=2))
    elif args.format == "markdown":
        print(report.markdown(old_label, new_label, sem, impact, reformatted, review), end="")
        if proofs is not None:
            from ..review.proofs import markdown as proofs_markdown
            print(proofs_markdown(proofs, new.program, old.program), end="")
        if skipped:
            print(f"\n### 人群影响（`{args.population}`）\n\n{POPULATION_SKIPPED}。\n")
        if people is not None:
            print(_population_markdown(args.population, people))
    else:
        from ..linebreak import fit

        console().print(fit(report.terminal(old_label, new_label, sem, impact, reformatted, review)))
        if proofs is not None:
            from ..review.proofs import lines
            console().print("\n证明（z3）", markup=False)
            for line in lines(proofs, new.program, old.program):
                console().print(line, markup=False)
        if skipped:
            console().print(f"人群影响（{args.population}）：{POPULATION_SKIPPED}", markup=False)
        if people is not None:
            out = console()
            out.print(_population_table(args.population, people, out.width))
    if review.broken:
        return EXIT_FINDINGS  # a version that does not check is a failure, whatever the diff says
    if args.exit_code and not (sem.is_empty and not review.official):
        return EXIT_FINDINGS
    return EXIT_OK


AUTO_BUDGET_S = 30.0  # without --prove, proofs run by default only while they stay this fast


def _proofs(args, old, new, sem):
    """z3 verdicts for the changed benefits: always with --prove; by default within a time budget."""
    if args.no_prove or sem.is_empty or old.errors or new.errors:
        return None
    from ..review.proofs import prove

    paths = args.cases or [p for p in DEFAULT_CASES if Path(p).exists()]
    if args.prove:
        return prove(old.program, new.program, args.prove_timeout or 20.0, None, paths)
    try:
        import z3  # noqa: F401
    except ImportError:
        return None  # the [prove] extra is optional: without it the default diff says nothing of proofs
    return prove(old.program, new.program, args.prove_timeout or 5.0, AUTO_BUDGET_S, paths)


POPULATION_SKIPPED = "有版本未通过 hzdsl check，未计算人群影响"
POPULATION_COLUMNS = ["待遇", "新增符合", "不再符合", "金额改变", "转为待定", "不再待定", "改前金额待定", "改后金额待定",
                      "改前合计", "改后合计", "差额", "改前待定金额范围", "改后待定金额范围", "单位"]
# 读法 (see backends/sql/reform.py): 待定 is no gain, loss nor saving; 差额 counts only applicants known in both
POPULATION_NOTE = ("转为待定/不再待定：一个版本有结论、另一个版本待定（或冲突）的人数，不计入新增或不再符合；"
                   "金额待定：符合但金额待定的人数，不计入合计；差额只计两版结论与金额都确定的申请人；"
                   "待定金额范围：该版本中结论待定、金额已知的申请人每人可得金额的最小–最大值（与 hzdsl screen 相同）")


def _population_impact(args, old, new, warnings: list):
    """Both versions screened on the same population (hzdsl screen's SQL back-end); only changed benefits.
    `warnings` receives the claims file's warnings (W921)."""
    from ..backends.sql.reform import population_impact
    from ..errors import HzdslError

    if old.errors or new.errors:
        raise HzdslError([*old.errors, *new.errors][:5])
    date = date_option(args.date, "--date") if args.date else None
    rows = population_impact(old.program, new.program, args.population, args.history, date, warnings=warnings,
                             benefits=_screened(args, old.program, new.program), memory_limit=args.memory_limit)
    return [r for r in rows if r.gain or r.lose or r.change or r.to_pending or r.from_pending
            or r.open_before != r.open_after or r.before != r.after or r.pending_before != r.pending_after]


def _screened(args, old, new) -> list[str]:
    """The benefits the population is screened on: those whose meaning changed (review.impact.reform_benefits —
    the others cannot change anyone's figures), narrowed by --benefit (E807 for a part neither version has)."""
    from ..review.impact import reform_benefits

    keys = reform_benefits(old, new)
    if not args.benefit:
        return keys
    from .base import benefit_keys

    names = {**{k: b.name.text for k, b in old.benefits.items()}, **{k: b.name.text for k, b in new.benefits.items()}}
    chosen = set(benefit_keys(names, args.benefit, "hzdsl schema 列出全部待遇"))
    return [k for k in keys if k in chosen]


def _range(low, high) -> str:
    """A 待定 amount range as screen shows it: one number when both ends agree; empty when there is none."""
    if low is None:
        return ""
    return low if low == high else f"{low}–{high}"


def _population_rows(people):
    for p in people:
        j = p.to_json()
        j["改前待定金额范围"] = _range(j["改前待定金额下限"], j["改前待定金额上限"])
        j["改后待定金额范围"] = _range(j["改后待定金额下限"], j["改后待定金额上限"])
        yield ["" if j.get(c) is None else j[c] for c in POPULATION_COLUMNS]  # a rate has no 合计


# narrow terminals: the counts, then the money (robust s22: at COLUMNS=80 the one table of 14 columns cut every
# name to 「一…」 and 改前合计 117000 to 「1…」; at 160 the names still read 「一次性创 …」)
POPULATION_PARTS = [("人数", POPULATION_COLUMNS[:8]), ("金额（待遇与上表同序）", [POPULATION_COLUMNS[0], *POPULATION_COLUMNS[8:]])]


def _population_table(path, people, width: int | None = None):
    """The impact for a terminal `width` cells wide (None: any): one table, or two when narrow (commands/fitted.py);
    no name or number is cut."""
    from rich.text import Text

    from .fitted import fitted

    if not people:  # one line, not a title over an empty table (breaker s20)
        return Text(f"人群影响（{path}）：没有待遇的结论或金额改变")
    title = f"人群影响（{path}）"
    rows = [[str(x) for x in row] for row in _population_rows(people)]
    return fitted(title, POPULATION_COLUMNS, rows, width, frozenset({"待遇", "单位"}),
                  [(f"{title}：{t}" if not i else t, cols) for i, (t, cols) in enumerate(POPULATION_PARTS)],
                  (POPULATION_NOTE,))


def _population_markdown(path, people) -> str:
    lines = ["", f"### 人群影响（`{path}`）", ""]
    if not people:
        return "\n".join(lines + ["没有待遇的结论或金额改变。", ""])
    lines += ["| " + " | ".join(POPULATION_COLUMNS) + " |", "|" + "|".join("---" for _ in POPULATION_COLUMNS) + "|"]
    lines += ["| " + " | ".join(str(x) for x in row) + " |" for row in _population_rows(people)]
    return "\n".join(lines + ["", POPULATION_NOTE + "。", ""])
