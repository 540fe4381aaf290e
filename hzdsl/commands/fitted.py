"""A table of one row per benefit fitted to a terminal width without cutting anything: hzdsl screen's summary and
hzdsl diff --population's impact.

Nothing is cropped to 「一次 …」 / 「16…」: a number column is never narrower than its widest unbreakable piece (a
whole number, one end of a 待定 range — which may break after its –). When every column fits at its natural width
with room for the names (NAME_ROOM), one table; else, when the caller gives `parts` (column groups, each led by the
name column), one table per part, rows in the same order; each table's headers wrap at word boundaries to at most
HEADER_LINES lines when narrow, and names wrap at Chinese break points (linebreak.Wrapped) in the room left.
"""
from __future__ import annotations

from rich.cells import cell_len

NAME = "待遇"  # the first column of every table: what the row is about
NAME_ROOM = 32  # cells kept for the name when the columns leave it: 16 characters on one line
# narrow header widths, tried in turn: 4 characters a line (「符合金额」/「待定」), then 2 (「改前」/「金额」/「待定」)
HEADER_WIDTHS = (8, 4)


def _lines(header: str, width: int) -> str:
    """`header` in lines of at most `width` cells, broken between characters (the headers are two-character words)."""
    out, line = [], ""
    for ch in header:
        if line and cell_len(line + ch) > width:
            out.append(line)
            line = ""
        line += ch
    return "\n".join([*out, line])


def _pieces(text: str) -> list[int]:
    """The widths of the unbreakable pieces of a number cell: a whole number, one end of a range (after its –)."""
    return [cell_len(p) for p in text.replace("–", "– ").split()]


def _natural(columns: list[str], rows: list[list[str]]) -> dict[str, int]:
    return {c: max(cell_len(c), *(cell_len(r[j]) for r in rows)) for j, c in enumerate(columns)}


def fits(columns: list[str], rows: list[list[str]], width: int | None) -> bool:
    """Whether the table fits `width` (None: any) at its natural widths — no header wraps — with room for the names:
    a rule at each edge and between columns, one cell of padding after each column but the last."""
    natural = _natural(columns, rows)
    return width is None or sum(natural[c] for c in columns[1:]) + 2 * len(columns) + min(NAME_ROOM, natural[NAME]) <= width


def layout(columns: list[str], rows: list[list[str]], width: int | None, words: frozenset[str]
           ) -> tuple[dict[str, int], dict[str, str], int] | None:
    """For the table of `columns` (NAME first; `rows` hold those columns' texts): each other column's width, each
    header's text, and the padding after each column. None when even the narrowest headers leave the name less
    than its room (the caller splits, or takes the narrowest). `width` None: any (natural widths)."""
    natural = _natural(columns, rows)
    room = min(NAME_ROOM, natural[NAME])
    rest = columns[1:]
    if fits(columns, rows, width):
        return {c: natural[c] for c in rest}, {c: c for c in columns}, 1
    widest = {c: max([0, *(p for r in rows for p in _pieces(r[j]))]) for j, c in enumerate(columns)}
    for head in HEADER_WIDTHS:
        # compact: no padding (the rules keep columns apart); words (条款 三, 单位 万元) keep their natural width
        widths = {c: natural[c] if c in words else max(min(cell_len(c), head), widest[c]) for c in rest}
        if sum(widths.values()) + len(columns) + 1 + room <= width:
            return widths, {c: c if c == NAME else _lines(c, widths[c]) for c in columns}, 0
    return None


def narrowest(columns: list[str], rows: list[list[str]], words: frozenset[str]) -> tuple[dict[str, int], dict[str, str], int]:
    """The narrowest layout: the last of HEADER_WIDTHS (the name takes what is left, at least 8 cells)."""
    head = HEADER_WIDTHS[-1]
    natural = _natural(columns, rows)
    widths = {c: natural[c] if c in words else max([min(cell_len(c), head), *(p for r in rows for p in _pieces(r[j]))])
              for j, c in enumerate(columns) if j}
    return widths, {c: c if c == NAME else _lines(c, widths[c]) for c in columns}, 0


def build(title: str, columns: list[str], rows: list[list[str]], width: int | None, words: frozenset[str]):
    """A rich Table of `columns` and `rows` (their texts, in `columns` order) fitted to `width`."""
    from rich.table import Table

    from ..linebreak import Wrapped

    widths, heads, pad = layout(columns, rows, width, words) or narrowest(columns, rows, words)
    t = Table(title=title, pad_edge=False, collapse_padding=True, padding=(0, pad))
    for c in columns:
        if c == NAME:
            t.add_column(Wrapped(heads[c]), overflow="fold", min_width=8, ratio=1)
        else:
            t.add_column(Wrapped(heads[c]), justify="left" if c in words else "right", overflow="fold", width=widths[c])
    for r in rows:
        t.add_row(*(Wrapped(x) for x in r))
    return t


def fitted(title: str, columns: list[str], rows: list[list[str]], width: int | None, words: frozenset[str],
           parts: list[tuple[str, list[str]]] = (), notes: tuple[str, ...] = ()):
    """The rows as one table when all `columns` fit at their natural widths with room for the names; else one table
    per part ((its title, its columns — NAME first), rows in the same order), each fitted to `width`. `notes`
    follow as paragraphs wrapped at the width (a caption was one line, for the terminal to cut)."""
    from rich.console import Group
    from rich.text import Text

    from ..linebreak import Wrapped

    said = [Wrapped(n) for n in notes if n]
    if not parts or fits(columns, rows, width):
        return Group(build(title, columns, rows, width, words), *said)
    tables = []
    for i, (part_title, part) in enumerate(parts):
        at = [columns.index(c) for c in part]
        if i:
            tables.append(Text(""))
        tables.append(build(part_title, part, [[r[j] for j in at] for r in rows], width, words))
    return Group(*tables, *said)
