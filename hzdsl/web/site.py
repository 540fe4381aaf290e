"""`hzdsl render`: the site model through Jinja2 templates to static files that work from file://.

Every page is a template of hzdsl/web/templates; static files (CSS, the search script) are copied
from hzdsl/web/static. Both are package data, found with importlib.resources, so a built wheel
renders the same site as a source checkout. Links are relative (no server needed): a page under
clause/ or benefit/ reaches the root with "../".
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from ..errors import Diagnostic, HzdslError, Span, os_reason
from .highlight import highlight_policy, stylesheet
from .model import FRONT, Site, safe

STATIC_FILES = ("style.css", "search.js")


def href(path: str, anchor: str = "", root: str = "") -> str:
    """A relative link: path from the site root, percent-encoded (Chinese file names and ids)."""
    out = root + quote(path, safe="/")
    if anchor:
        out += "#" + quote(anchor, safe="-_")
    return out


class Linker:
    """Addresses of names (术语 / 事实 / 参数 / 待遇) for the plain-Chinese lines of a page."""

    def __init__(self, site: Site):
        self.terms = {k: (t.decl.page, t.decl.anchor) for k, t in site.terms.items()}
        self.benefits = {b.decl.key: (b.decl.page, b.decl.anchor) for b in site.benefits}
        self.facts = {(r.kind, r.key): ("dictionary.html", r.anchor) for r in site.dictionary}

    def target(self, ref: tuple[str, str] | None) -> tuple[str, str] | None:
        if ref is None:
            return None
        kind, key = ref
        if kind == "术语":
            return self.terms.get(key)
        if kind == "待遇":
            return self.benefits.get(key)
        return self.facts.get((kind, key))


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("hzdsl.web", "templates"),
        autoescape=select_autoescape(["html", "js"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["href"] = href
    env.filters["code"] = highlight_policy
    return env


def render_site(site: Site, out: Path) -> list[Path]:
    """Write every page of the site under `out`; returns the files written (HTML, CSS, JS).

    Raises HzdslError E950 (exit 2) when the folder or a file in it cannot be written (a file where a
    sub-folder goes, a folder named like a page, no permission, a full disk), naming the path and the
    reason in Chinese — not an internal error halfway through the site."""
    _prepare(out)
    try:
        return _write_site(site, out)
    except OSError as e:
        where = Path(e.filename) if e.filename else out
        raise HzdslError([Diagnostic.of("E950", Span(str(out), 1, 1, 1, 1),
                                     "换一个空目录（--out），或移走其中与网站同名的文件和目录（index.html、clause/、"
                                     "benefit/、static/ 等）", form="write", where=where, reason=os_reason(e))]) from None


def _write_site(site: Site, out: Path) -> list[Path]:
    env = environment()
    linker = Linker(site)
    common = {"site": site, "link": linker, "FRONT": FRONT}
    written: list[Path] = []

    def page(template: str, path: str, **ctx) -> None:
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        root = "../" * path.count("/")
        html = env.get_template(template).render(**common, root=root, here=path, **ctx)
        target.write_text(html, encoding="utf-8")
        written.append(target)

    page("index.html", "index.html")
    page("benefits.html", "benefits.html")
    page("dictionary.html", "dictionary.html")
    for c in site.clauses:
        page("clause.html", c.page, clause=c)
    for b in site.benefits:
        page("benefit.html", b.decl.page, b=b)
    page("search-index.js", "static/search-index.js")
    static = resources.files("hzdsl.web").joinpath("static")
    for name in STATIC_FILES:
        target = out / "static" / name
        target.write_bytes(static.joinpath(name).read_bytes())
        written.append(target)
    (out / "static" / "pygments.css").write_text(stylesheet(), encoding="utf-8")
    written.append(out / "static" / "pygments.css")
    return written


def _prepare(out: Path) -> None:
    """The output folder must be a folder we can write into; refuse anything else with E950."""
    span = Span(str(out), 1, 1, 1, 1)
    if out.exists() and not out.is_dir():
        raise HzdslError([Diagnostic.of("E950", span,
                                     "用 --out 指定一个目录（不存在时会自动创建）", form="not_dir", out=out)])
    try:
        (out / "static").mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise HzdslError([Diagnostic.of("E950", span,
                                     "检查目录权限，或用 --out 指定另一个目录", form="mkdir", out=out, reason=os_reason(e))]) from None


__all__ = ["render_site", "href", "safe", "environment"]
