"""hzdsl test：运行带预期结果的案例，逐案报告通过/失败与差异；--coverage 报告规则覆盖。"""
from __future__ import annotations

import json

from .base import (EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, add_format_option, add_policies_option, console,
                    load_program, output_file, print_diagnostics)
from ..errors import Diagnostic, HzdslError, Span, os_reason


def register(sub) -> None:
    t = sub.add_parser("test", help="运行案例并与手工推算的预期比较；--coverage 报告规则覆盖")
    t.add_argument("paths", nargs="*", help="案例文件或目录（默认：tests/cases 与 examples）")
    add_policies_option(t)
    t.add_argument("-k", dest="keywords", action="append", metavar="关键词",
                   help="只运行「文件::案例名」或标签中含该关键词的案例；可写多次（任一匹配即选中）")
    add_format_option(t, ["table", "json"])
    t.add_argument("--junit", metavar="文件", help="另写一份 JUnit XML 结果，供 CI 展示")
    t.add_argument("--coverage", action="store_true", help="报告规则覆盖：每项待遇、每个条件是否成立与不成立都测到")
    t.add_argument("--min-coverage", type=float, metavar="百分比",
                   help="条件覆盖率低于此值（如 95）时以退出码 1 结束；隐含 --coverage")
    t.add_argument("--verbose", "-v", action="store_true", help="通过的案例也列出细节；覆盖报告列出全部规则")
    t.set_defaults(func=run)


def run(args) -> int:
    from ..testing.rule_coverage import measure
    from ..testing.discover import discover
    from ..testing.report import case_lines, coverage_lines, junit_xml, passes_line, summary_json, summary_line
    from ..testing.runner import ERROR, INTERNAL, PASS, run_all

    if args.min_coverage is not None and not 0 <= args.min_coverage <= 100:
        from .base import UsageError

        raise UsageError("--min-coverage 应在 0 到 100 之间")
    want_coverage = args.coverage or args.min_coverage is not None
    junit = output_file(args.junit, "--junit", "JUnit 结果文件")  # before the run, not after it
    files, skipped, problems = discover(args.paths)
    if problems:
        raise HzdslError(problems)
    loaded = load_program(args.policies)
    from .base import not_an_input

    not_an_input(junit, "--junit", [("案例文件", f) for f in files] + [("政策文件", f) for f in loaded.files])
    summary = run_all(files, loaded.program, loaded.sources, args.keywords, explain=want_coverage)
    summary.skipped_files = skipped
    cov = measure(loaded.program, summary.runs) if want_coverage else None

    if junit is not None:
        try:
            junit.write_bytes(junit_xml(summary))
        except OSError as e:
            print_diagnostics([Diagnostic.of("E806", Span(args.junit, 1, 1, 1, 1),
                                          "检查文件和所在目录的写权限，或换一个路径（--junit）", what="JUnit 文件", path=args.junit,
                                          reason=os_reason(e))], None)
            return EXIT_INPUT
    if args.format == "json":
        print(json.dumps(summary_json(summary, cov), ensure_ascii=False, indent=2))
    else:
        from ..linebreak import fit

        out = console()
        # failures first (with their diffs), then the passes: one line each with -v, else a count
        failed = [r for r in summary.runs if r.outcome != PASS]
        passed = [r for r in summary.runs if r.outcome == PASS]
        if args.verbose:
            for r in passed:
                for line in case_lines(r, loaded.sources, True):
                    out.print(fit(line))
        for r in failed:
            for line in case_lines(r, loaded.sources, args.verbose):
                out.print(fit(line))
        if passed and not args.verbose:
            out.print(passes_line(passed), markup=False)
        if cov is not None:
            out.print()
            for line in coverage_lines(cov, args.min_coverage, show_all=True):
                out.print(fit(line))
        out.print(fit(summary_line(summary)))
        if not summary.runs:
            # why: -k chose none, or the paths hold no case file at all (a folder of other files said only 没有运行)
            why = "：-k 没有选中任何案例" if args.keywords else "" if skipped else "：所给路径中没有案例文件（.yaml、.yml）"
            console(stderr=True).print("没有运行任何案例" + why, markup=False)

    if any(r.outcome == INTERNAL for r in summary.runs):
        return EXIT_INTERNAL
    if any(r.outcome == ERROR for r in summary.runs):
        return EXIT_INPUT
    if not summary.ok:
        return EXIT_FINDINGS
    if cov is not None and args.min_coverage is not None and cov.percent < args.min_coverage:
        return EXIT_FINDINGS
    return EXIT_OK
