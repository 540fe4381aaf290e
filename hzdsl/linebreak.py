"""Line breaking for Chinese text in terminal output: where a line may end, measured in display cells.

rich folds a CJK cell anywhere once it is too wide, so 「（三）」 became 「（」 / 「三）」 and a closing 」
started a line; outside tables rich breaks only at spaces, so an explanation line broke between
「毕业 5」 and 「年以内」 and a long Chinese run was cut wherever the terminal ended. Here lines break
between characters as Chinese typesetting does (禁则: no line starts with a closing mark such as
」）、，。 and none ends with an opening 「（), a bracketed unit — 「名称」, （三） — moves to the next line
whole when it fits there, ASCII words and numbers stay whole, and a number stays with the word after
it (「8 个月」, 「3000 元」). A paragraph's leading spaces are its hanging indent: its continuation lines
start there too.

`break_lines` finds the breaks; `Wrapped` is a rich renderable that wraps its Text that way at
whatever width it is given (a table column, a tree branch, the terminal), keeping styles; `fit` makes
any Text, Tree or Group wrap that way — the one wrapping function of every view.
"""
from __future__ import annotations

import re

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.measure import Measurement
from rich.text import Text
from rich.tree import Tree

OPENING = "「『（([【〔《〈“‘"
CLOSING = "」』）)]】〕》〉”’、，。：；！？,.:;!?%…·"
PAIRS = {"「": "」", "『": "』", "（": "）", "(": ")", "【": "】", "〔": "〕", "《": "》", "“": "”"}
_ATOM = re.compile(r"[A-Za-z0-9_\-./|%+=<>{}\[\]~#@$^&*]+|\s+|.", re.S)
# the word-diff markers of `hzdsl diff` ([-删去-] {+新增+}) hold on to the words they mark
_DIFF_OPEN, _DIFF_CLOSE = ("[-", "{+"), ("-]", "+}")
# a narrow continuation indent would leave too little room: below this many cells, continue at column 0
_MIN_ROOM = 12


def _atoms(line: str) -> list[str]:
    """The smallest pieces a line may break between: an ASCII run, a space run, or one character,
    with closing marks glued to what precedes them, opening marks to what follows, and a number to
    the word after it (「8 个」 of 「8 个月」: a number never ends a line apart from its unit)."""
    out: list[str] = []
    glue_next = False
    for tok in _ATOM.findall(line):
        if out and not tok.isspace() and (glue_next or tok[0] in CLOSING or tok.startswith(_DIFF_CLOSE)):
            out[-1] += tok
        elif out and out[-1][-1:].isdigit() and not tok.isspace() and not tok[0].isascii():
            out[-1] += tok  # 「1年」: one unit
        elif (len(out) >= 2 and out[-1].isspace() and out[-2][-1:].isdigit() and not tok.isspace()
              and not tok[0].isascii()):
            out[-2:] = [out[-2] + out[-1] + tok]  # 「3000 元」, 「5 年」: one unit
        elif tok[0].isdigit() and out and out[-1].endswith("第"):
            out[-1] += tok  # 「第3条」
        elif tok[0].isdigit() and len(out) >= 2 and out[-1].isspace() and out[-2].endswith("第"):
            out[-2:] = [out[-2] + out[-1] + tok]  # 「第 3 条」: an ordinal stays with its number
        else:
            out.append(tok)
        glue_next = tok[-1] in OPENING or tok.endswith(_DIFF_OPEN)
    return out


def _units(atoms: list[str]) -> list[list[str]]:
    """Atoms grouped into units kept on one line when they fit: a bracketed span from its opening
    mark to the matching closing one (and the marks glued after it); else single atoms."""
    units: list[list[str]] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        close = PAIRS.get(a[0])
        if close:
            j, depth = i, 0
            while j < len(atoms):
                depth += atoms[j].count(a[0]) - atoms[j].count(close) if close != a[0] else 0
                if depth <= 0 and close in atoms[j]:
                    break
                j += 1
            if j < len(atoms):
                units.append(atoms[i:j + 1])
                i = j + 1
                continue
        units.append([a])
        i += 1
    return units


def line_spans(line: str, width: int) -> list[tuple[int, int]]:
    """Where `line` (no newline) breaks into lines of at most `width` cells: (start, end) character
    offsets of each line, spaces at a break left out. An atom wider than a whole line is cut by cells
    as the last resort."""
    width = max(width, 1)
    spans: list[tuple[int, int]] = []
    start: int | None = None  # the current line's first character
    end = 0  # just after its last non-space character
    used = 0  # its width in cells, spaces included
    pos = 0  # where the next atom starts

    def flush() -> None:
        nonlocal start, used
        if start is not None:
            spans.append((start, end))
        start, used = None, 0

    def push(atom: str) -> None:
        nonlocal start, end, used, pos
        w = cell_len(atom)
        if atom.isspace():
            if start is not None and used + w <= width:
                used += w
            elif start is not None:
                flush()
            pos += len(atom)
            return
        if used + w > width and start is not None:
            flush()
        while w > width:  # longer than a whole line: cut by cells
            n, hw = 0, 0
            for ch in atom:
                if hw + cell_len(ch) > width and n:
                    break
                n, hw = n + 1, hw + cell_len(ch)
            spans.append((pos, pos + n))
            atom, pos = atom[n:], pos + n
            w = cell_len(atom)
        if atom:
            if start is None:
                start = pos
            pos += len(atom)
            end, used = pos, used + w

    def place(atoms: list[str]) -> None:
        for unit in _units(atoms):
            uw = sum(cell_len(a) for a in unit)
            if len(unit) == 1:
                push(unit[0])
            elif uw <= width:
                if start is not None and used + uw > width:
                    flush()  # the bracketed unit fits on a line of its own: move it whole
                for a in unit:
                    push(a)
            else:  # wider than a line: break inside it, keeping the units nested in it whole
                push(unit[0])
                place(unit[1:])

    place(_atoms(line))
    flush()
    return spans or [(0, 0)]


def break_lines(line: str, width: int) -> list[str]:
    """`line` (no newline) split into lines of at most `width` cells where possible."""
    return [line[s:e] for s, e in line_spans(line, width)]


def _indent(para: str, width: int) -> int:
    """A paragraph's hanging indent: its leading spaces, unless that leaves too little room."""
    n = len(para) - len(para.lstrip(" "))
    return n if width - n >= min(_MIN_ROOM, width) and n < len(para) else 0


def wrap_text(text: Text, width: int) -> Text:
    """A styled Text broken into lines of at most `width` cells (its own newlines kept); each
    paragraph's continuation lines start at its leading spaces (hanging indent)."""
    plain = text.plain
    out = Text("", style=text.style, justify=text.justify, no_wrap=True, overflow="fold", end=text.end)
    offset = 0
    for p, para in enumerate(plain.split("\n")):
        if p:
            out.append("\n")
        ind = _indent(para, width)
        body = offset + ind
        for k, (s, e) in enumerate(line_spans(para[ind:], width - ind)):
            if k:
                out.append("\n" + " " * ind)
            else:
                out.append_text(text[offset:body])
            out.append_text(text[body + s:body + e])
        offset += len(para) + 1
    return out


class Wrapped:
    """A renderable whose Text wraps at Chinese break points (`line_spans`) at the width it is given."""

    def __init__(self, text: Text | str):
        self.text = Text(text) if isinstance(text, str) else text

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        paras = self.text.plain.split("\n")
        widest_atom = max((cell_len(a) for p in paras for a in _atoms(p) if not a.isspace()), default=1)
        return Measurement(min(widest_atom, options.max_width),
                           min(max(cell_len(p) for p in paras), options.max_width))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield wrap_text(self.text, options.max_width)


def fit(renderable):
    """`renderable` made to wrap at Chinese break points: a Text or str becomes `Wrapped`, a Tree's
    labels and a Group's parts are fitted in turn; anything else (a table built of `Wrapped` cells)
    is returned as it is. The Tree is copied, not changed (its labels stay Text for JSON)."""
    if isinstance(renderable, (Text, str)):
        return Wrapped(renderable)
    if isinstance(renderable, Tree):
        t = Tree(fit(renderable.label), style=renderable.style, guide_style=renderable.guide_style,
                 expanded=renderable.expanded, highlight=renderable.highlight, hide_root=renderable.hide_root)
        t.children = [fit(c) for c in renderable.children]
        return t
    if isinstance(renderable, Group):
        return Group(*(fit(r) for r in renderable.renderables), fit=renderable.fit)
    return renderable
