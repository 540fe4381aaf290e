"""hzdsl source as highlighted HTML: Pygments with the language's own lexer.

The lexer is `hzdsl.syntax.highlight.HzdslLexer` (kept with the grammar, checked against it);
this module only chooses the HTML form and the colours.
"""
from __future__ import annotations

from markupsafe import Markup
from pygments import highlight
from pygments.formatters import HtmlFormatter

from ..syntax.highlight import HzdslLexer

CSS_CLASS = "hz-code"
_LEXER = HzdslLexer()


def highlight_policy(source: str) -> Markup:
    """Policy text (one declaration with its comments) as <div class="hz-code"><pre>…</pre></div>."""
    return Markup(highlight(source, _LEXER, HtmlFormatter(cssclass=CSS_CLASS)))


def stylesheet() -> str:
    """The Pygments colours for highlighted code (written to static/pygments.css)."""
    return HtmlFormatter(cssclass=CSS_CLASS, style="default").get_style_defs(f".{CSS_CLASS}")
