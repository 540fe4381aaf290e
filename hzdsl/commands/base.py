"""What every verb shares: exit codes, consoles, diagnostics output, loading the policies.

Verbs import these from here (not from `hzdsl.cli`, which sits above the verbs and imports them:
the layers contract in pyproject.toml forbids the way back).
"""
from __future__ import annotations

import argparse
import os

from rich.console import Console
from rich.text import Text

from ..errors import Diagnostic, HzdslError, Sources, render_plain
from ..loader import Loaded, load_policies

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


class UsageError(Exception):
    """A wrong command line: reported in Chinese with a hint, exit 2."""


def console(stderr: bool = False) -> Console:
    """Colours only on a terminal; when piped, no colour and no truncation to 80 columns."""
    c = Console(stderr=stderr, highlight=False, soft_wrap=True)
    if not c.is_terminal:
        c = Console(stderr=stderr, highlight=False, soft_wrap=True, width=400, no_color=True)
    return c


# Shown per file; the rest are counted. Past a few dozen, more messages about one file do not help a
# drafter (the first ones are the ones to fix), and printing 50,000 of them took minutes.
MAX_SHOWN_PER_FILE = 100


def print_diagnostics(diags: list[Diagnostic], sources: Sources | None, as_json: bool = False) -> None:
    if as_json:
        return
    err = console(stderr=True)
    shown: dict[str, int] = {}
    for d in diags:
        n = shown[d.span.file] = shown.get(d.span.file, 0) + 1
        if n <= MAX_SHOWN_PER_FILE:
            err.print(Text(render_plain(d, sources), style="red" if d.is_error else "yellow"))
    for file, n in shown.items():
        if n > MAX_SHOWN_PER_FILE:
            err.print(f"{file}：还有 {n - MAX_SHOWN_PER_FILE} 条诊断未显示（共 {n} 条）\n"
                      "  提示：先改正上面几处，往往后面的也随之消失；用 --json 可查看全部", markup=False)


def load_program(paths: list[str] | None) -> Loaded:
    """Load policies for a verb that needs a correct program: any error stops the command."""
    loaded = load_policies(paths or None)
    if loaded.errors:
        raise HzdslError(loaded.errors) from None
    return loaded


def add_policies_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--policies", "-p", action="append", metavar="路径",
                        help="政策文件或目录（默认：所在项目的 policies，从当前目录向上查找；不在项目中时用内置政策）")


FORMAT_HELP = {"table": "表格（终端）", "tsv": "制表符分隔（仅数据）", "csv": "逗号分隔（仅数据）", "json": "JSON",
               "markdown": "Markdown（PR 评论）", "github": "GitHub Actions 注解", "sarif": "SARIF（代码扫描）",
               "text": "文本"}


def add_format_option(parser: argparse.ArgumentParser, choices: list[str], default: str | None = None) -> None:
    """The same `--format` on every verb (`--json` is kept as a synonym of `--format json`)."""
    default = default or choices[0]
    parser.add_argument("--format", choices=choices, default=default, metavar="格式",
                        help="输出格式：" + "、".join(f"{c}（{FORMAT_HELP.get(c, c)}）" for c in choices)
                             + f"；默认 {default}")
    if "json" in choices:
        parser.add_argument("--json", dest="format", action="store_const", const="json",
                            help="同 --format json")


def wide_console() -> Console:
    """A console for tables and trees that wrap (never crop): the terminal's width, or $COLUMNS / 120
    columns when piped, colours only on a terminal."""
    c = Console(highlight=False)
    if not c.is_terminal:
        width = int(os.environ["COLUMNS"]) if os.environ.get("COLUMNS", "").isdigit() else 120
        c = Console(highlight=False, width=width, no_color=True)
    return c
