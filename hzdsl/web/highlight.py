"""hzdsl source as highlighted HTML, with Pygments.

The lexer for the policy language belongs to the editor work (hzdsl's Pygments lexer, registered
under the alias `hzdsl`); until it is installed, code is shown plain (Pygments' TextLexer), never
with a second copy of the language's lexer here.
"""
from __future__ import annotations

from functools import lru_cache

from markupsafe import Markup
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import TextLexer, get_lexer_by_name
from pygments.util import ClassNotFound

CSS_CLASS = "hz-code"


@lru_cache(maxsize=1)
def policy_lexer() -> Lexer:
    """The hzdsl lexer when one is registered with Pygments, else plain text."""
    try:
        return get_lexer_by_name("hzdsl")
    except ClassNotFound:
        return TextLexer()


def has_policy_lexer() -> bool:
    return not isinstance(policy_lexer(), TextLexer)


def highlight_policy(source: str) -> Markup:
    """One declaration (or any policy text) as a <div class="hz-code"><pre>…</pre></div> block."""
    html = highlight(source, policy_lexer(), HtmlFormatter(cssclass=CSS_CLASS, nowrap=False))
    return Markup(html)


def stylesheet() -> str:
    """The Pygments colours for highlighted code (written to static/pygments.css)."""
    return HtmlFormatter(cssclass=CSS_CLASS, style="default").get_style_defs(f".{CSS_CLASS}")
