"""hzdsl render：把原文与规则生成为可离线浏览的静态网站。"""
from __future__ import annotations


from .base import EXIT_FINDINGS, EXIT_OK, add_policies_option, console, load_program, output_dir

DEFAULT_OUT = "site"


def register(sub) -> None:
    r = sub.add_parser("render", help="生成静态网站：原文逐段标出引文并链接到规则，待遇、术语、数据字典与手算案例")
    r.add_argument("--out", "-o", default=DEFAULT_OUT, metavar="目录", help=f"输出目录（默认：{DEFAULT_OUT}）")
    add_policies_option(r)
    r.add_argument("--cases", action="append", metavar="路径",
                   help="手算案例文件或目录（默认：当前目录下的 tests/cases 与 examples）")
    r.set_defaults(func=run)


def require_web(verb: str) -> None:
    """render / serve need the [web] extra; without it, say so in Chinese (E951), not a traceback."""
    import importlib.util

    from ..errors import Diagnostic, HzdslError, Span

    needed = ("jinja2", "pygments") + (("starlette", "uvicorn") if verb == "serve" else ())
    missing = [m for m in needed if importlib.util.find_spec(m) is None]
    if missing:
        raise HzdslError([Diagnostic.of("E951", Span("<环境>", 1, 1, 1, 1), "安装网页组件：pip install 'hzdsl[web]'", verb=verb,
                                        missing='、'.join(missing))])


def run(args) -> int:
    require_web("render")
    out = output_dir(args.out, "--out")
    from ..cases.load import load_cases
    from ..review.text_coverage import compute
    from ..errors import HzdslError
    from ..source import load_official
    from ..testing.discover import discover
    from ..web.model import build
    from ..web.site import render_site

    loaded = load_program(args.policies)
    files, _skipped, problems = discover(args.cases)
    if problems and args.cases:
        raise HzdslError(problems)
    cases, unreadable = [], []
    for f in files:
        try:
            cases.extend(load_cases(f, loaded.program, loaded.sources))
        except HzdslError:
            if args.cases:  # named on the command line: a bad case file is an input error
                raise
            unreadable.append(f)  # found by default: it may test policies not rendered here
    official = load_official(loaded.program.official_path)
    site = build(loaded.program, loaded.sources, official, compute(loaded.program, official), cases)
    written = render_site(site, out)
    pages = sum(1 for p in written if p.suffix == ".html")
    console().print(f"✔ 已生成 {pages} 个页面（{len(written)} 个文件）：{out / 'index.html'}\n"
                    f"  原文覆盖率 {site.coverage_total[2]}；{len(site.benefits)} 项待遇，{len(site.terms)} 个术语，"
                    f"{len(cases)} 个手算案例", markup=False)
    if site.disagreeing:  # the pages show them marked ✘ beside the rules' figures: a finding, like hzdsl test's
        console(stderr=True).print(f"✘ {len(site.disagreeing)} 项手算案例的预期与规则不符（页面上标出 ✘），例如 "
                                   f"{site.disagreeing[0]}\n提示：用 hzdsl test 查看并改正案例或规则", markup=False)
    if unreadable:
        console(stderr=True).print(f"注意：跳过 {len(unreadable)} 个不符合这些政策的案例文件（例如 {unreadable[0]}）\n"
                                   "提示：用 hzdsl test 检查它们；或用 --cases 指定要展示的案例", markup=False)
    return EXIT_FINDINGS if site.disagreeing else EXIT_OK
