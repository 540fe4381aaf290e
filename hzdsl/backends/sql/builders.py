"""sqlglot builders without defensive copies: the compiler builds each tree once, so copying every
subtree at every step (sqlglot's default) only costs time — it was most of a screen's run time."""
from __future__ import annotations

from functools import partial

from sqlglot import exp

and_ = partial(exp.and_, copy=False)
or_ = partial(exp.or_, copy=False)
alias_ = partial(exp.alias_, copy=False)
cast = partial(exp.cast, copy=False)


def select(*expressions) -> exp.Select:
    return exp.Select().select(*expressions, copy=False)
