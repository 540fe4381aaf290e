"""Line breaking for Chinese text in terminal cells: where a line may end, measured in display cells.

rich folds a CJK cell anywhere once it is too wide, so 「（三）」 became 「（」 / 「三）」 and a closing 」
started a line. Here lines break between characters as Chinese typesetting does (禁则: no line starts
with a closing mark such as 」）、，。 and none ends with an opening 「（), a bracketed unit — 「名称」,
（三） — moves to the next line whole when it fits there, and ASCII words and numbers stay whole.
`break_points` finds the breaks; `Wrapped` is a rich renderable that wraps its Text that way at
whatever width a table column gives it, keeping styles.
"""
from __future__ import annotations

import re

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

OPENING = "「『（([【〔《〈“‘"
CLOSING = "」』）)]】〕》〉”’、，。：；！？,.:;!?%…·"
PAIRS = {"「": "」", "『": "』", "（": "）", "(": ")", "【": "】", "《": "》", "“": "”"}
_ATOM = re.compile(r"[A-Za-z0-9_\-./|%+=<>{}\[\]~#@$^&*]+|\s+|.", re.S)


def _atoms(line: str) -> list[str]:
    """The smallest pieces a line may break between: an ASCII run, a space run, or one character,
    with closing marks glued to what precedes them and opening marks to what follows."""
    out: list[str] = []
    glue_next = False
    for tok in _ATOM.findall(line):
        if out and not tok.isspace() and (glue_next or tok[0] in CLOSING):
            out[-1] += tok
        else:
            out.append(tok)
        glue_next = tok[-1] in OPENING
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


def break_lines(line: str, width: int) -> list[str]:
    """`line` (no newline) split into lines of at most `width` cells where possible (an atom wider
    than the line is cut by cells as the last resort)."""
    width = max(width, 1)
    lines: list[str] = []
    cur, used = "", 0

    def push(atom: str) -> None:
        nonlocal cur, used
        w = cell_len(atom)
        if atom.isspace():
            if cur and used + w <= width:
                cur, used = cur + atom, used + w
            elif cur:
                lines.append(cur.rstrip())
                cur, used = "", 0
            return
        if used + w > width and cur:
            lines.append(cur.rstrip())
            cur, used = "", 0
        while w > width:  # longer than a whole line: cut by cells
            head, hw = "", 0
            for ch in atom:
                if hw + cell_len(ch) > width and head:
                    break
                head, hw = head + ch, hw + cell_len(ch)
            lines.append(head)
            atom = atom[len(head):]
            w = cell_len(atom)
        if atom:
            cur, used = cur + atom, used + w

    def place(atoms: list[str]) -> None:
        nonlocal cur, used
        for unit in _units(atoms):
            uw = sum(cell_len(a) for a in unit)
            if len(unit) == 1:
                push(unit[0])
            elif uw <= width:
                if cur and used + uw > width:
                    lines.append(cur.rstrip())  # the bracketed unit fits on a line of its own: move it whole
                    cur, used = "", 0
                for a in unit:
                    push(a)
            else:  # wider than a line: break inside it, keeping the units nested in it whole
                push(unit[0])
                place(unit[1:])

    place(_atoms(line))
    if cur or not lines:
        lines.append(cur.rstrip())
    return lines


def wrap_text(text: Text, width: int) -> Text:
    """A styled Text with newlines inserted at the break points (its own newlines kept)."""
    plain = text.plain
    offsets: list[int] = []
    pos = 0
    for para in plain.split("\n"):
        for line in break_lines(para, width)[:-1]:
            # the line's characters, then any spaces dropped at the break
            pos += len(line)
            while pos < len(plain) and plain[pos] == " ":
                pos += 1
            offsets.append(pos)
        pos = plain.index("\n", pos) + 1 if "\n" in plain[pos:] else len(plain)
    out = Text("", style=text.style, justify=text.justify, no_wrap=True, overflow="fold")
    pieces = text.divide(offsets)
    for i, piece in enumerate(pieces):
        if i:
            out.append("\n")
        piece.rstrip()
        out.append_text(piece)
    return out


class Wrapped:
    """A table cell whose Text wraps at Chinese break points (`break_lines`) at the column's width."""

    def __init__(self, text: Text | str):
        self.text = Text(text) if isinstance(text, str) else text

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        paras = self.text.plain.split("\n")
        widest_atom = max((cell_len(a) for p in paras for a in _atoms(p) if not a.isspace()), default=1)
        return Measurement(min(widest_atom, options.max_width),
                           min(max(cell_len(p) for p in paras), options.max_width))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield wrap_text(self.text, options.max_width)
