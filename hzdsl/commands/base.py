"""What every verb shares: exit codes, consoles, diagnostics output, loading the policies.

Verbs import these from here (not from `hzdsl.cli`, which sits above the verbs and imports them:
the layers contract in pyproject.toml forbids the way back).
"""
from __future__ import annotations

import argparse
import os
import stat
from pathlib import Path

from rich.console import Console
from rich.text import Text

from ..errors import Diagnostic, HzdslError, Sources, Span, render_plain
from ..loader import Loaded, load_policies

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


class UsageError(Exception):
    """A wrong command line: reported in Chinese with a hint, exit 2."""


def console(stderr: bool = False) -> Console:
    """Colours only on a terminal; when piped, no colour and no truncation to 80 columns: views fitted
    with `linebreak.fit` wrap at $COLUMNS when it is set, else lines stay whole (400 columns)."""
    c = Console(stderr=stderr, highlight=False, soft_wrap=True)
    if not c.is_terminal:
        width = int(os.environ["COLUMNS"]) if os.environ.get("COLUMNS", "").isdigit() else 400
        c = Console(stderr=stderr, highlight=False, soft_wrap=True, width=width, no_color=True)
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


def notes_json(diags: list[Diagnostic]) -> list[dict]:
    """Diagnostics inside a verb's JSON result (screen's 「警告」 and 「未筛查」, run's 「警告」): one shape for all."""
    return [{"代码": d.code, "信息": d.message, "文件": d.span.file, "行": d.span.line, "提示": d.hint} for d in diags]


def load_program(paths: list[str] | None) -> Loaded:
    """Load policies for a verb that needs a correct program: any error stops the command."""
    loaded = load_policies(paths or None)
    if loaded.errors:
        raise HzdslError(loaded.errors + unread_note(paths, loaded.errors)) from None
    return loaded


def unread_note(paths: list[str] | None, errors: list[Diagnostic]) -> list[Diagnostic]:
    """W620, once, when names are undefined (E201) in a program read from policy files named one by
    one whose folder holds other policy files: the names are probably declared there."""
    from ..loader import unread_siblings

    if not any(d.code == "E201" for d in errors):
        return []
    siblings = unread_siblings(paths)
    if not siblings:
        return []
    names = sorted((p.name for p in siblings), key=lambda n: (n != "facts.policy", n))
    shown = "、".join(names[:3]) + ("等" if len(names) > 3 else "")
    folder = siblings[0].parent
    return [Diagnostic.of("W620", Span(str(folder), 1, 1, 1, 1),
                       f"用 -p {folder} 读入整个政策目录；单独检查一个文件用 hzdsl check（它会连同同目录的文件一起读）", count=len(siblings),
                       shown=shown)]


def add_policies_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--policies", "-p", action="append", metavar="路径",
                        help="政策文件或目录（默认：所在项目的 policies，从当前目录向上查找；不在项目中时用内置政策）")


FORMAT_HELP = {"table": "表格（终端）", "tsv": "制表符分隔（仅数据）", "csv": "逗号分隔（仅数据）", "json": "JSON",
               "markdown": "Markdown（PR 评论）", "github": "GitHub Actions 注解", "sarif": "SARIF（代码扫描）",
               "text": "文本"}


class _OneFormat(argparse.Action):
    """Stores the output format, refusing a second, different one (`--json --markdown`,
    `--format table --json`): argparse would silently keep the last, so one request was dropped."""

    def __init__(self, option_strings, dest, const=None, nargs=None, **kwargs):
        super().__init__(option_strings, dest, nargs=0 if const is not None else nargs, const=const, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None):
        value = self.const if self.const is not None else values
        given = getattr(namespace, "_format_given", None)
        if given is not None and given[1] != value:
            parser.error(f"{given[0]} 与 {option_string} 冲突：只能选一种输出格式")
        namespace._format_given = (option_string if self.const is not None else f"{option_string} {value}", value)
        setattr(namespace, self.dest, value)


def add_format_option(parser: argparse.ArgumentParser, choices: list[str], default: str | None = None) -> None:
    """The same `--format` on every verb (`--json` is kept as a synonym of `--format json`); two
    different formats on one command line are a usage error."""
    default = default or choices[0]
    parser.add_argument("--format", choices=choices, default=default, metavar="格式", action=_OneFormat,
                        help="输出格式：" + "、".join(f"{c}（{FORMAT_HELP.get(c, c)}）" for c in choices)
                             + f"；默认 {default}")
    if "json" in choices:
        add_format_synonym(parser, "--json", "json")


def add_format_synonym(parser: argparse.ArgumentParser, flag: str, value: str, help: str | None = None) -> None:
    """A short flag for one `--format` value (`--json`, `schema --markdown`), conflicting like `--format`."""
    parser.add_argument(flag, dest="format", action=_OneFormat, const=value, help=help or f"同 --format {value}")


def conflicts(args, *pairs: tuple[str, str, bool]) -> None:
    """Refuse options that contradict each other (exit 2): each pair is (option, other, both given)."""
    for a, b, both in pairs:
        if both:
            raise UsageError(f"{a} 与 {b} 不能同时使用")


def wide_console() -> Console:
    """A console for tables and trees that wrap (never crop): the terminal's width, or $COLUMNS / 120
    columns when piped, colours only on a terminal."""
    c = Console(highlight=False)
    if not c.is_terminal:
        width = int(os.environ["COLUMNS"]) if os.environ.get("COLUMNS", "").isdigit() else 120
        c = Console(highlight=False, width=width, no_color=True)
    return c


# The modules each optional extra of pyproject.toml brings (import names, not distribution names).
EXTRA_MODULES = {"screen": ("duckdb", "sqlglot", "pyarrow"), "spark": ("pyspark",), "prove": ("z3",)}


def require_extra(verb: str, extra: str, hint: str = "") -> None:
    """Before a verb uses an optional extra: E740 (exit 2) naming the missing modules and the pip line when
    it is not installed. Without it a plain `pip install -e .` ended `hzdsl screen` in "内部错误：
    ModuleNotFoundError" (exit 3, reported as hzdsl's own defect) — breaker s20."""
    import importlib.util

    missing = [m for m in EXTRA_MODULES[extra] if importlib.util.find_spec(m) is None]
    if missing:
        raise HzdslError([Diagnostic.of("E740", Span("<环境>", 1, 1, 1, 1), f"安装：pip install 'hzdsl[{extra}]'{hint}",
                                        verb=verb, missing="、".join(missing))])


def output_file(value: str | None, option: str, what: str = "输出文件") -> Path | None:
    """Check an output file option (`--out`, `--junit`, `--history` …) before any work is done.

    Returns the path (None when the option was not given). Raises HzdslError E806 (exit 2) when the
    path is empty (it would name the current directory), an existing directory or special file, or
    when its folder is missing or not writable — never a traceback, never a write somewhere else.
    """
    if value is None:
        return None
    span = Span(value.strip() or option, 1, 1, 1, 1)

    def refuse(form: str, hint: str, **fields) -> HzdslError:
        return HzdslError([Diagnostic.of("E806", span, hint, form=form, option=option, **fields)])

    example = f"{option} 结果/文件名"
    if not value.strip():
        raise refuse("empty", f"写上文件路径，如 {example}", what=what)
    path = Path(value)
    if path.is_dir():
        raise refuse("is_dir", f"在目录后写上文件名，如 {option} {path / '文件名'}", value=value, what=what)
    if path.exists() and not stat.S_ISREG(path.stat().st_mode):
        raise refuse("not_regular", f"换一个普通文件的路径，如 {example}", value=value)
    folder = path.parent
    if not folder.is_dir():
        raise refuse("no_folder", f"先创建目录（mkdir -p {folder}），或换一个路径", folder=folder, what=what, value=value)
    if not os.access(folder, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise refuse("not_writable", "检查文件和所在目录的写权限，或换一个路径", value=value)
    return path


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (also through links, when both exist)."""
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False


def not_an_input(out: Path | None, option: str, inputs: list[tuple[str, str | Path | None]]) -> None:
    """Refuse (UsageError, exit 2, before any work) an output path that is one of the command's inputs:
    `screen pop.csv --out pop.csv` replaced the population with its results, `test --junit 案例.yaml`
    a case file with XML. inputs: (what it is, path) pairs; None paths are skipped."""
    if out is None:
        return
    for what, path in inputs:
        if path is not None and same_file(out, Path(path)):
            raise UsageError(f"{option} {out} 就是{what}：写出结果会覆盖输入（原文件将丢失）")


def output_dir(value: str, option: str, what: str = "输出目录") -> Path:
    """Check an output folder option (render --out): an empty value is refused (E950) instead of
    quietly meaning the current directory; the folder itself is created by the verb."""
    if not value.strip():
        raise HzdslError([Diagnostic.of("E950", Span(option, 1, 1, 1, 1),
                                     f"写上目录路径，如 {option} site（不存在时会自动创建）", option=option, what=what)])
    return Path(value)


def seconds_option(text: str) -> float:
    """argparse type of a solver time limit (lint --timeout, diff --prove-timeout), in seconds: a finite number
    above 0. 0, a negative number, nan or inf is a usage error — before, -1 ran every query with no time and
    reported each as "未能在 -1 秒内判定" (exit 1), 0 silently meant the default, and nan ended in exit 3."""
    import math

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"「{text}」不是数") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"时限应是大于 0 的秒数，这里是「{text}」")
    return value


def positive_int_option(text: str) -> int:
    """argparse type of a size or count that must be at least 1 (serve --max-body): 0 or a negative number is a
    usage error, not a silent default or a server that refuses every request."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"「{text}」不是整数") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"应是大于 0 的整数，这里是「{text}」")
    return value


def memory_limit_option(text: str) -> str:
    """--memory-limit of screen and diff --population: DuckDB's memory limit as a size with its unit (512MB, 2GB)."""
    import argparse
    import re

    if not re.fullmatch(r"\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)", text.strip(), re.IGNORECASE):
        raise argparse.ArgumentTypeError(f"内存上限须为数量加单位，如 512MB、2GB：{text}")
    return text.strip()


def date_option(text: str, option: str):
    """A date given on the command line, read as a case file's 评估日期 and a population cell are
    (syntax.normalize.DATE_RE: `2023-06-30` or `2023 年 6 月 30 日`); anything else is a usage error.
    Not `date.fromisoformat`: it also takes 20230101 and the ISO week 2023-W01-1 (breaker s20)."""
    import datetime as dt

    from ..syntax.normalize import DATE_RE, value_text

    m = DATE_RE.match(value_text(text))
    try:
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        pass
    raise UsageError(f"argument {option}: 无法识别的日期「{text}」，写成 2023-06-30 或 2023 年 6 月 30 日")


def _benefit_selection(names: dict[str, str], parts: list[str], hint_tail: str) -> tuple[list[str], list[Diagnostic]]:
    """(the keys `--benefit` parts select, E807 for each part that selects none) — check.select run once."""
    from ..check.checker import did_you_mean
    from ..check.select import select

    keys, unmatched = select(parts, names)
    out = []
    for b in unmatched:
        close = did_you_mean(b, list(names.values()))
        hint = close + "？" if close.startswith("你是不是想写") else close + "；" if close else ""
        out.append(Diagnostic.of("E807", Span("--benefit", 1, 1, 1, 1),
                                 hint + "写待遇的全称（只选这一项）或名称中的一段文字（选名称含它的每一项）；" + hint_tail,
                                 benefit=b))
    return keys, out


def benefit_problems(names: dict[str, str], parts: list[str], hint_tail: str = "hzdsl run 案例文件 --all 列出全部待遇"
                     ) -> list[Diagnostic]:
    """E807 for each `--benefit` part that selects no benefit of `names` (key → name as written) — the one
    matching rule of run, screen and diff (check.select, its 读法)."""
    return _benefit_selection(names, parts, hint_tail)[1]


def benefit_keys(names: dict[str, str], parts: list[str], hint_tail: str) -> list[str]:
    """The keys `--benefit` parts select (check.select, once); E807 (HzdslError) when a part selects none."""
    keys, problems = _benefit_selection(names, parts, hint_tail)
    if problems:
        raise HzdslError(problems)
    return keys
