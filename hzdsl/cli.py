"""The `hzdsl` command line: thin verbs over the library, rendered with rich.

Exit codes: 0 ok; 1 findings (check errors, failing cases); 2 usage or input error (bad
arguments, unreadable or invalid case or policy files); 3 an internal error of hzdsl itself.
"""
from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import signal
import sys
from pathlib import Path

from rich.cells import cell_len

from .commands.base import (EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, UsageError,  # noqa: F401 (re-exported)
                            add_format_option, add_policies_option, console, load_program,
                            print_diagnostics, wide_console)
from .errors import HzdslError, Sources
from .loader import READ_ERROR_CODES, Loaded, read_text  # noqa: F401 (Loaded re-exported for older imports)




def wrap_cells(text: str, width: int) -> list[str]:
    """Wrap text to `width` display cells (a CJK character is 2 cells) where Chinese text may break
    (hzdsl.linebreak: not before 」）、，。, not after 「（, a bracketed 「…」/（…） kept whole when it
    fits), at spaces, never inside an ASCII word (unless it alone is wider than the line)."""
    from .linebreak import break_lines

    return [line for para in text.splitlines() or [""] for line in break_lines(para, width)]


# Default metavars in Chinese (argparse would show PATHS, OUT, SPARK_MASTER …): by the option's dest.
METAVARS = {"paths": "路径", "old": "旧版本", "new": "新版本", "dir": "目录", "cases": "路径", "population": "人群文件",
            "history": "历史文件", "date": "日期", "params": "参数文件", "spark_master": "地址", "out": "文件",
            "benefit": "待遇", "host": "地址", "port": "端口", "n": "人数", "seed": "种子", "junit": "文件",
            "max_body": "字节", "timeout": "秒"}


class _Formatter(argparse.HelpFormatter):
    """argparse's help, laid out in display cells so Chinese help text lines up in columns; metavars
    argparse would derive from option names (PATHS, OUT …) are Chinese words (METAVARS)."""

    def _get_default_metavar_for_optional(self, action):
        return METAVARS.get(action.dest, "值")

    def _get_default_metavar_for_positional(self, action):
        return METAVARS.get(action.dest, action.dest)

    def __init__(self, prog, indent_increment=2, max_help_position=30, width=None):
        super().__init__(prog, indent_increment, max_help_position, width)

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)

    def _split_lines(self, text, width):
        return wrap_cells(self._whitespace_matcher.sub(" ", text).strip(), width)

    def _fill_text(self, text, width, indent):
        return "\n".join(indent + line for line in wrap_cells(text, width - len(indent)))

    def _format_action(self, action):
        help_position = min(self._action_max_length + 2, self._max_help_position)
        help_width = max(self._width - help_position, 11)
        action_width = help_position - self._current_indent - 2
        header = self._format_action_invocation(action)
        if not action.help:
            parts = [" " * self._current_indent + header + "\n"]
        elif cell_len(header) <= action_width:
            pad = " " * (action_width - cell_len(header))
            parts = [" " * self._current_indent + header + pad + "  "]
            lines = self._split_lines(self._expand_help(action), help_width)
            parts.append(lines[0] + "\n" if lines else "\n")
            parts.extend(" " * help_position + line + "\n" for line in lines[1:])
        else:
            parts = [" " * self._current_indent + header + "\n"]
            lines = self._split_lines(self._expand_help(action), help_width)
            parts.extend(" " * help_position + line + "\n" for line in lines)
        if action.help and not parts[-1].endswith("\n"):
            parts.append("\n")
        for sub in self._iter_indented_subactions(action):
            parts.append(self._format_action(sub))
        return "".join(parts)

    def add_argument(self, action):
        # measure invocations in cells, so the help column starts where the widest one ends
        super().add_argument(action)
        if action.help is not argparse.SUPPRESS:
            invocations = [self._format_action_invocation(action)]
            for sub in self._iter_indented_subactions(action):
                invocations.append(self._format_action_invocation(sub))
            widest = max(cell_len(i) for i in invocations) + self._current_indent
            self._action_max_length = max(self._action_max_length, widest)


class _Parser(argparse.ArgumentParser):
    """argparse with Chinese help and errors, and exit code 2."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False  # re-added below with a Chinese help text
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def error(self, message: str):
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    from .commands import COMMANDS  # the verbs: one module each (hzdsl/commands/__init__.py)

    p = _Parser(prog="hzdsl", description="杭州市就业创业政策的规则即代码工具（hzdsl）")
    p.set_defaults(root_parser=p)  # for `hzdsl completion`, which reads the whole command line
    p.add_argument("--version", action="store_true", help="显示版本")
    sub = p.add_subparsers(dest="verb", metavar="命令", parser_class=_Parser)
    for module in COMMANDS:
        module.register(sub)
    return p


INTERRUPTED = "已中断（Ctrl-C）"  # also the usual end of serve and lsp: no "not finished" here


class _CtrlC:
    """Notes whether the user pressed Ctrl-C while main() runs. DuckDB turns the KeyboardInterrupt raised
    inside its query into its own exception (RuntimeError 'Query interrupted', InterruptException); any
    exception after Ctrl-C is the interruption, not an hzdsl defect (exit 3 before, breaker3 s23). The
    process's handler is put back on leaving (main() is also called in-process, by tests)."""

    def __init__(self):
        self.pressed = False
        self.before = None

    def __enter__(self):
        try:
            self.before = signal.getsignal(signal.SIGINT)
            if self.before is signal.default_int_handler:  # not when SIGINT is ignored or someone else's
                signal.signal(signal.SIGINT, self._handle)
        except ValueError:  # not the main thread: signals are not ours to handle
            self.before = None
        return self

    def _handle(self, signum, frame):
        self.pressed = True
        signal.default_int_handler(signum, frame)

    def __exit__(self, *exc):
        if self.before is signal.default_int_handler:
            signal.signal(signal.SIGINT, self.before)
        return False


def _interrupted_query(e: BaseException) -> bool:
    """DuckDB's own report of a query stopped by Ctrl-C. While a query runs, DuckDB may take SIGINT itself (its
    handler, not Python's), so _CtrlC never hears of it and only this exception tells (seen at random in CI:
    exit 3 'hzdsl 内部错误：RuntimeError: Query interrupted'). Matched by name and text: the CLI does not
    import DuckDB (an extra)."""
    return type(e).__name__ == "InterruptException" or (isinstance(e, RuntimeError) and str(e) == "Query interrupted")


def main(argv: list[str] | None = None) -> int:
    with _CtrlC() as ctrl_c:
        return _main(argv, ctrl_c)


def _main(argv: list[str] | None, ctrl_c: _CtrlC) -> int:
    parser = build_parser()
    args = None
    try:
        args = parser.parse_args(argv)
        if args.version:
            from . import __version__

            print(f"hzdsl {__version__}")
            return EXIT_OK
        if not getattr(args, "func", None):
            parser.print_help()
            console(stderr=True).print("用法错误：缺少命令\n提示：例如 hzdsl check policies；"
                                       "运行 hzdsl 命令 --help 查看该命令的用法", markup=False)
            return EXIT_INPUT
        return args.func(args)
    except UsageError as e:
        console(stderr=True).print(f"用法错误：{_translate(str(e))}\n提示：{_usage_hint(str(e), _verb(parser, argv))}",
                                   markup=False)
        return EXIT_INPUT
    except HzdslError as e:
        if getattr(args, "format", None) == "json":
            # a JSON reader (run --json in a pipeline) gets the refusal as JSON too, in check --json's shape —
            # before, stdout was empty and only the terminal text said why (breaker s22)
            print(json.dumps({"diagnostics": [d.to_json() for d in e.diagnostics], "ok": False},
                             ensure_ascii=False, indent=2))
        print_diagnostics(e.diagnostics, _sources_of(e))
        n_err = sum(1 for d in e.diagnostics if d.is_error)
        console(stderr=True).print(f"✘ {n_err} 个错误", markup=False)
        return EXIT_INPUT
    except KeyboardInterrupt:
        console(stderr=True).print(INTERRUPTED, markup=False)
        return 130
    except BrokenPipeError:  # `hzdsl … | head`: the reader left; stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as e:  # an hzdsl bug: say so plainly, keep the traceback for developers only
        if ctrl_c.pressed or _interrupted_query(e):  # the library's form of the user's Ctrl-C (see _CtrlC)
            console(stderr=True).print(INTERRUPTED, markup=False)
            return 130
        if os.environ.get("HZDSL_DEBUG"):
            raise
        console(stderr=True).print(f"hzdsl 内部错误：{type(e).__name__}: {e}\n"
                                   "提示：这是 hzdsl 的缺陷，请附上命令与输入文件报告；设置 HZDSL_DEBUG=1 可查看调用栈",
                                   markup=False)
        return EXIT_INTERNAL


def _sources_of(e: HzdslError) -> Sources:
    """Read the files named by the diagnostics so the messages can show the offending line."""
    s = Sources()
    for d in e.diagnostics:
        f = d.span.file
        if d.code in READ_ERROR_CODES or d.code in OUTPUT_CODES:
            continue  # a file refused as binary, non-UTF-8 or too large is not shown, nor an output path
        if f not in s.texts and Path(f).is_file():
            text, problem = read_text(Path(f), table=d.code in TABLE_CODES)
            if problem is None:
                s.add(f, text)
    return s


# about an output path (it is not an input: its old content is not quoted back, e.g. render --out /etc/passwd)
OUTPUT_CODES = frozenset({"E806", "E950"})
# about a cell, row or header of a population or history CSV: its lines are the CSV readers' lines (read_text table)
TABLE_CODES = frozenset({"E721", "E723", "E910", "E911", "E912", "E913", "E916", "E919", "E920", "W921", "E925",
                         "E926", "E927", "E928"})

_INVALID_CHOICE = re.compile(r"invalid choice: '?([^'\s]*)'? \(choose from (.*)\)")


def _verb(parser: argparse.ArgumentParser, argv: list[str] | None) -> str:
    """The verb of a command line (`hzdsl population generate`), '' when none is recognisable."""
    words = [a for a in (sys.argv[1:] if argv is None else argv) if not a.startswith("-")]
    sub = next((a for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None)
    verb: list[str] = []
    while sub is not None and words and words[0] in sub.choices:
        verb.append(words[0])
        child = sub.choices[words.pop(0)]
        sub = next((a for a in child._actions if isinstance(a, argparse._SubParsersAction)), None)
    return " ".join(verb)


# tasks a newcomer types as a verb, with the command that does them: a near spelling of a verb is no answer
# (`hzdsl prove` read 你是不是想写：serve, breaker3 s23)
TASK_VERBS = {
    "prove": "证明改动请用 hzdsl diff --prove 旧 新（或 hzdsl diff 旧 新 的证明一节）；检查一个版本用 hzdsl lint",
    "proof": "证明改动请用 hzdsl diff --prove 旧 新（或 hzdsl diff 旧 新 的证明一节）；检查一个版本用 hzdsl lint",
    "generate": "生成合成人群用 hzdsl population generate --n 人数 --out 文件",
    "impact": "改革对人群的影响用 hzdsl diff 旧 新 --population 人群文件",
}


def _usage_hint(msg: str, verb: str = "") -> str:
    """Suggest the nearest verb or option value for an invalid choice; point at the verb's own help."""
    help_cmd = f"hzdsl {verb} --help" if verb else "hzdsl --help"
    m = _INVALID_CHOICE.search(msg)
    if m and not verb and m.group(1).lower() in TASK_VERBS:
        return f"{TASK_VERBS[m.group(1).lower()]}；运行 {help_cmd} 查看用法"
    if m:
        choices = [c.strip(" '") for c in m.group(2).split(",")]
        close = difflib.get_close_matches(m.group(1), choices, n=1, cutoff=0.5)
        if close:
            return f"你是不是想写：{close[0]}？运行 {help_cmd} 查看用法"
    return f"运行 {help_cmd} 查看用法"


def _translate(msg: str) -> str:
    m = _INVALID_CHOICE.search(msg)
    if m:
        choices = "、".join(c.strip(" '") for c in m.group(2).split(","))
        what = "命令" if msg.startswith("argument 命令") else "取值"
        return f"无效的{what}「{m.group(1)}」（可用：{choices}）"
    msg = re.sub(r"^argument ([^:]+): ", r"参数 \1：", msg)
    msg = re.sub(r"invalid (int|float) value: '?([^']*)'?",
                 lambda m: f"「{m.group(2)}」不是{'整数' if m.group(1) == 'int' else '数'}", msg)
    msg = re.sub(r"the following arguments are required: (.*)", r"缺少参数：\1", msg)
    return (msg.replace("the following arguments are required", "缺少参数")
               .replace("unrecognized arguments", "无法识别的参数")
               .replace("invalid choice", "无效的命令")
               .replace("expected one argument", "需要一个值"))


def entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry()
