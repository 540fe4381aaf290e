"""hzdsl serve：案例求值网页与 JSON 接口（默认只在本机 127.0.0.1 监听）。"""
from __future__ import annotations

import ipaddress
import socket

from .base import EXIT_OK, add_policies_option, console, load_program, positive_int_option
from .render import require_web


def _port(text: str) -> int:
    import argparse

    if not text.isdigit() or not 0 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"端口应是 0 到 65535 之间的整数，这里是「{text}」")
    return int(text)


def register(sub) -> None:
    s = sub.add_parser("serve", help="启动案例求值网页与 JSON 接口（/api/run、/api/explain、/api/schema）")
    s.add_argument("--host", default="127.0.0.1", help="监听地址（默认：127.0.0.1，仅本机可访问）")
    s.add_argument("--port", type=_port, default=8000, help="端口（默认：8000）")
    s.add_argument("--max-body", type=positive_int_option, default=None, metavar="字节", help="请求体上限（默认：64 KB）")
    add_policies_option(s)
    s.set_defaults(func=run)


def bind(host: str, port: int) -> socket.socket:
    """A listening socket, or E955 in Chinese when the address is taken or not ours."""
    from ..errors import Diagnostic, HzdslError, Span, os_reason

    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
        return sock
    except OSError as e:
        # a host name or address that does not resolve: getaddrinfo's words are English (Name or service not
        # known) and its codes are not errnos, so os_reason cannot word them
        reason = ("找不到这个地址（--host 应是本机的 IP 地址或主机名，如 127.0.0.1、0.0.0.0、localhost）"
                  if isinstance(e, socket.gaierror) else os_reason(e))
        raise HzdslError([Diagnostic.of("E955", Span("<网络>", 1, 1, 1, 1),
                                     "换一个端口（--port），或检查地址（--host）是否属于本机", host=host, port=port,
                                     reason=reason)]) from None


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def run(args) -> int:
    require_web("serve")
    import uvicorn

    from ..web.app import MAX_BODY, create_app

    loaded = load_program(args.policies)
    app = create_app(loaded, args.max_body or MAX_BODY)
    sock = bind(args.host, args.port)
    host, port = sock.getsockname()[:2]
    out = console(stderr=True)
    out.print(f"✔ hzdsl serve：http://{host}:{port}/ （接口说明：/openapi.json；Ctrl+C 结束）", markup=False)
    if not is_loopback(args.host):
        out.print(f"注意：正在 {args.host} 上监听，其他机器也能访问；没有身份验证。", markup=False)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    server.run(sockets=[sock])
    return EXIT_OK
