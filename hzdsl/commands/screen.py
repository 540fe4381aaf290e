"""hzdsl screen：对一个人群整体筛查（DuckDB 默认，Spark 可选）：逐人逐项结论与金额，按待遇汇总。"""
from __future__ import annotations

import datetime as dt
import json

from .base import EXIT_INPUT, EXIT_OK, UsageError, print_diagnostics, add_format_option, add_policies_option, conflicts, console, date_option, load_program, memory_limit_option, not_an_input, notes_json, benefit_keys, output_file, require_extra
from .screen_summary import markdown, table


def register(sub) -> None:
    s = sub.add_parser("screen", help="人群筛查：每人每项待遇的结论与金额，按待遇汇总人数与金额（DuckDB / Spark）")
    s.add_argument("population", help="人群文件：CSV、Parquet，或 文件.duckdb:表名（每行一名申请人，列为事实）")
    add_policies_option(s)
    s.add_argument("--history", help="申领历史文件（编号、待遇、日期 …）；不给则历史视为未知")
    s.add_argument("--params", help="参数文件（同 hzdsl run --params：含「参数」一节的 YAML，如 参数: {LPR: 3.45%%}；按日期生效的值按每行的评估日期取）；人群文件中的同名列优先")
    s.add_argument("--date", help="评估日期（默认今天；人群文件的「评估日期」列优先）")
    s.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb", help="计算引擎（默认 duckdb，进程内）")
    s.add_argument("--spark-master", default=None, help="Spark 集群地址（默认 local[*]；只用于 --engine spark）")
    s.add_argument("--out", help="逐人逐项结果写入此文件（.csv 或 .parquet，原子写入）")
    s.add_argument("--missing", action="store_true", help="结果中列出待定所缺的事实")
    s.add_argument("--benefit", action="append", metavar="待遇",
                   help="只筛查这些待遇：写全称只选这一项，写名称中的一段文字选名称含它的每一项（同 hzdsl run；可写多次）")
    s.add_argument("--slices", type=_positive, help="分片数：按编号散列分片，逐片计算、写出、释放（默认按人数×待遇数自动）")
    s.add_argument("--memory-limit", type=memory_limit_option, help="DuckDB 内存上限（如 1GB；超出部分写入临时目录；只用于 --engine duckdb）")
    add_format_option(s, ["table", "json", "markdown"])  # the summary's format, as on every verb
    s.set_defaults(func=run)


def _positive(text: str) -> int:
    import argparse

    if not text.isdigit() or not 1 <= int(text) <= 100_000:
        raise argparse.ArgumentTypeError(f"分片数须为 1 到 100000 的整数：{text}")
    return int(text)


def _date(text: str | None) -> dt.date | None:
    """--date, or None: the pipeline takes today for a file without 评估日期 and refuses a blank cell."""
    return date_option(text, "--date") if text else None


def read_params(program, path: str | None, benefits: list[str] | None = None) -> tuple[dict, list]:
    """参数文件：与 hzdsl run --params 同一读法（含「参数」一节的 YAML，值可为带起始日期的列表；否则 E801）。

    A dated parameter stays a `runtime.dated.Dated` table: each row takes the value in force on its own
    评估日期 (ingest; as `hzdsl run` does per case), and a row on whose date none is in force is E711.
    Returns (the values of the parameters the screened `benefits` read — keys; None: all benefits —, W929 for
    each other parameter the file gives, at its line there).

    # 读法：所筛待遇都不读的参数，参数文件中的值不用，也不按各行的评估日期检查（不报 E711）——它不改变任何结论；
    # 说一次（W929），因为参数名写对了却没有待遇读它，多半是选错了 --benefit 或参数文件（robust s22）。"""
    if not path:
        return {}, []
    from ..cases.load import _Reader
    from ..cases.params_read import params_read, unread_warnings
    from ..errors import HzdslError

    reader = _Reader(program, path)
    out = reader.param_file(path, None, schedules=True)
    if reader.diags:
        raise HzdslError(reader.diags)
    read = params_read(program, benefits)
    warnings = unread_warnings(program, path, reader.param_spans(path), [k for k in out if k not in read])
    return {k: v for k, v in out.items() if k in read}, warnings


def run(args) -> int:
    require_extra("screen", "screen")
    if args.engine == "spark":
        require_extra("screen --engine spark", "spark")
    from ..backends.sql.pipeline import screen

    conflicts(args, ("--spark-master", "--engine duckdb", args.spark_master is not None and args.engine != "spark"),
              # DuckDB's limit: Spark's memory is its own configuration (spark.driver.memory …), never silently unset
              ("--memory-limit", "--engine spark", args.memory_limit is not None and args.engine == "spark"))
    if args.missing and not args.out:
        raise UsageError("--missing 只作用于 --out 写出的逐人逐项结果；请同时给 --out 结果.csv")
    out_path = output_file(args.out, "--out", "结果文件")  # checked before any work: never a traceback at the end
    loaded = load_program(args.policies)
    not_an_input(out_path, "--out", [("人群文件", args.population), ("申领历史文件", args.history), ("参数文件", args.params)]
                 + [("政策文件", f) for f in loaded.files])
    program = loaded.program
    if not program.benefits:  # a folder of 说明/术语 only: nothing to screen (was exit 3 in report.summary_query)
        where = "、".join(str(f) for f in loaded.files) or str(args.policies)
        raise UsageError(f"政策中没有任何「待遇」声明，没有可筛查的待遇（读入的政策文件：{where}）；"
                         f"用 -p 指向含「待遇」的政策目录（默认 policies/）")
    date = _date(args.date)
    benefits = None
    if args.benefit:  # E807 before the population file is even read (not E911 about its columns)
        benefits = benefit_keys({k: b.name.text for k, b in program.benefits.items()}, args.benefit,
                                "hzdsl schema 列出全部待遇")
    params, unread = read_params(program, args.params, benefits)
    out = console()
    err = console(stderr=True)
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
                  TimeElapsedColumn(), console=err, transient=True, disable=not err.is_terminal) as bar:
        tasks: dict[str, int] = {}

        def progress(phase: str, done: int, total: int) -> None:
            if phase not in tasks:
                tasks[phase] = bar.add_task(phase, total=max(total, 1))
            bar.update(tasks[phase], completed=done, total=max(total, 1))

        result = screen(program, args.population, args.history, params, date, args.engine, args.spark_master or "local[*]",
                        args.missing, args.out, benefits, progress, args.memory_limit, args.slices)
    payload = {"人数": result.applicants, "引擎": args.engine, "待遇": [s.to_json() for s in result.summary]}
    if args.out:
        payload["结果文件"] = args.out
    if result.refused:  # E723: impossible applicants, left out of the screen — said, and exit 2
        payload["未筛查"] = notes_json(result.refused)
        print_diagnostics(result.refused, None, as_json=args.format == "json")
    warnings = [*unread, *result.warnings]
    if warnings:  # W929, W921 …: said on stderr, and in the JSON summary; the screen itself stands (exit 0)
        payload["警告"] = notes_json(warnings)
        print_diagnostics(warnings, None)
    if args.format == "json":
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    elif args.format == "markdown":
        print(markdown(payload))
    else:
        out.print(table(payload, out.width))
        if args.out:
            out.print(f"逐人逐项结果已写入 {args.out}", markup=False)
    return EXIT_INPUT if result.refused else EXIT_OK
