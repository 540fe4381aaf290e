"""hzdsl completion：输出 shell 补全脚本（bash、zsh）。

The script is generated from the argument parser itself, so every verb, option and `--format`
choice added later is completed without editing this file.
"""
from __future__ import annotations

import argparse
import shlex

from .base import EXIT_OK

FILE_OPTIONS_HINT = {"路径", "文件", "案例文件", "目录"}


def register(sub) -> None:
    c = sub.add_parser("completion", help="输出 shell 补全脚本：eval \"$(hzdsl completion bash)\"")
    c.add_argument("shell", choices=["bash", "zsh"], metavar="bash|zsh", help="shell 的种类：bash 或 zsh")
    c.set_defaults(func=run)


def _verbs(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:  # argparse keeps sub-parsers here; there is no public accessor
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _words(words) -> str:
    return " ".join(shlex.quote(w) for w in words)


def bash_script(parser: argparse.ArgumentParser) -> str:
    """A bash completion function for `hzdsl`: verbs, each verb's options, choices of `--format`
    and other options with fixed choices, file names elsewhere."""
    verbs = _verbs(parser)
    top = [*verbs, *(o for a in parser._actions for o in a.option_strings)]
    lines = [
        "# hzdsl 的 bash 补全。启用：eval \"$(hzdsl completion bash)\"（可写入 ~/.bashrc）",
        "_hzdsl() {",
        '    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" verb="${COMP_WORDS[1]}"',
        "    if [[ $COMP_CWORD -eq 1 ]]; then",
        f"        COMPREPLY=( $(compgen -W {shlex.quote(_words(top))} -- \"$cur\") )",
        "        return",
        "    fi",
        '    local opts="" choices="" files=""',
        '    case "$verb" in',
    ]
    for name, sub in verbs.items():
        opts = [o for a in sub._actions for o in a.option_strings]
        lines.append(f"        {shlex.quote(name)})")
        lines.append(f"            opts={shlex.quote(_words(opts))}")
        lines.append('            case "$prev" in')
        for a in sub._actions:
            if not a.option_strings:
                continue
            pattern = "|".join(shlex.quote(o) for o in a.option_strings)
            if a.choices:
                lines.append(f"                {pattern}) choices={shlex.quote(_words(map(str, a.choices)))} ;;")
            elif a.nargs != 0 and a.metavar in FILE_OPTIONS_HINT:
                lines.append(f"                {pattern}) files=1 ;;")
        lines.append("            esac")
        positional = [a for a in sub._actions if not a.option_strings and a.choices]
        if positional:
            lines.append(f"            [[ -z $choices && $cur != -* ]] && "
                         f"choices={shlex.quote(_words(map(str, positional[0].choices)))}")
        lines.append("            ;;")
    lines += [
        "    esac",
        '    if [[ -n $choices ]]; then',
        '        COMPREPLY=( $(compgen -W "$choices" -- "$cur") )',
        '    elif [[ -z $files && $cur == -* ]]; then',
        '        COMPREPLY=( $(compgen -W "$opts" -- "$cur") )',
        "    else",
        '        COMPREPLY=( $(compgen -f -- "$cur") )',
        "    fi",
        "}",
        "complete -o filenames -o bashdefault -F _hzdsl hzdsl",
    ]
    return "\n".join(lines) + "\n"


def zsh_script(parser: argparse.ArgumentParser) -> str:
    """zsh runs the bash function through its bashcompinit layer."""
    return ("# hzdsl 的 zsh 补全。启用：eval \"$(hzdsl completion zsh)\"（可写入 ~/.zshrc）\n"
            "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n"
            + bash_script(parser))


def run(args) -> int:
    parser = args.root_parser  # set by hzdsl.cli.build_parser (commands must not import the cli)
    print(bash_script(parser) if args.shell == "bash" else zsh_script(parser), end="")
    return EXIT_OK
