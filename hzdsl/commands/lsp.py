"""hzdsl lsp：语言服务器（标准输入输出上的 LSP），供编辑器实时检查政策文件。"""
from __future__ import annotations

import sys

from .base import EXIT_INPUT, console


def register(sub) -> None:
    c = sub.add_parser("lsp", help="启动语言服务器（LSP，经标准输入输出），供 VS Code 等编辑器使用")
    c.add_argument("--stdio", action="store_true", help="经标准输入输出通信（默认，也是唯一方式；编辑器常会加上此参数）")
    c.set_defaults(func=run)


def run(args) -> int:
    try:
        from ..lsp.server import main
    except ImportError as e:  # the optional extra is not installed
        console(stderr=True).print(f"错误：语言服务器需要可选依赖 pygls（{e.name or e}）\n"
                                   "  提示：pip install 'hzdsl[lsp]'", markup=False)
        return EXIT_INPUT
    if sys.stdin.isatty():
        # typed in a terminal, the server waited in silence for an editor that never came (it looked hung)
        console(stderr=True).print("hzdsl lsp 是供编辑器使用的语言服务器：它经标准输入输出与编辑器（如 editors/vscode 的"
                                   " VS Code 扩展）通信，在终端中不会有任何输出。\n"
                                   "  检查政策请用 hzdsl check；按 Ctrl+C（或 Ctrl+D）退出。", markup=False)
    sys.stdout.flush()
    return main()
