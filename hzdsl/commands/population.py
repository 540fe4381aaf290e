"""hzdsl population generate：按声明的事实生成合成人群（及申领历史），分布见 docs/人群筛查.md。"""
from __future__ import annotations

from .base import EXIT_OK, UsageError, add_policies_option, console, load_program, output_file, require_extra, same_file


def register(sub) -> None:
    p = sub.add_parser("population", help="合成人群：按声明的事实生成可复现的人群文件（用于 screen 与基准）")
    verbs = p.add_subparsers(dest="population_verb", metavar="子命令")
    g = verbs.add_parser("generate", help="生成人群文件（CSV 或 Parquet）")
    g.add_argument("--n", type=int, required=True, help="人数（0 到 1000 万）")
    g.add_argument("--seed", type=int, default=0, help="随机种子（同一种子得到同一文件）")
    g.add_argument("--out", required=True, help="输出文件（.csv 或 .parquet，原子写入）")
    g.add_argument("--history", help="同时生成申领历史文件（.csv 或 .parquet）")
    g.add_argument("--history-form", choices=["明细", "汇总"], default="明细",
                   help="申领历史的形式：明细（--history 文件，每条申领一行；默认）或 汇总（人群文件中的历史汇总列，"
                        "见 hzdsl schema --history-summary）")
    add_policies_option(g)
    g.set_defaults(func=run)
    p.set_defaults(func=lambda args: (_ for _ in ()).throw(UsageError("缺少子命令：hzdsl population generate …")))


def run(args) -> int:
    require_extra("population generate", "screen")
    from ..backends.sql.generate import check_size, generate

    check_size(args.n)  # E915 before any work: a typo in --n must not fill the disk
    out = output_file(args.out, "--out", "人群文件")
    history = output_file(args.history, "--history", "申领历史文件")
    if history is not None and same_file(out, history):
        raise UsageError(f"--out 与 --history 是同一个文件（{args.out}），后写的会覆盖先写的")
    summary = args.history_form == "汇总"
    if summary and history is not None:
        raise UsageError("--history-form 汇总 把历史写进人群文件（--out）的历史汇总列，不另写 --history 文件；两者只选其一")
    program = load_program(args.policies).program
    people, claims = generate(program, args.n, args.seed, args.out, args.history, summary)
    msg = f"已生成 {people} 人 → {args.out}"
    if args.history:
        msg += f"；申领历史 {claims} 条 → {args.history}"
    console(stderr=True).print(msg, markup=False)
    return EXIT_OK
