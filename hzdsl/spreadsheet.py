"""Cells a spreadsheet would run as formulas: the one rule, for every CSV/TSV hzdsl writes.

`run --format csv|tsv` (caseview.delimited) and `screen --out x.csv|x.tsv` / `population generate`
(backends.sql.atomic.write_batches) both call `spreadsheet_safe`; nothing else decides it.
"""
from __future__ import annotations

# A cell starting with one of these may be read as a formula (OWASP "CSV injection"); "-" only when
# no digit follows (−212 元 stays a number).
FORMULA_STARTS = "=+@\t\r-"


def spreadsheet_safe(cell: str) -> str:
    """A cell a spreadsheet would run as a formula (=, +, @, a leading tab or CR, or - not starting a
    number) gets a leading ' — caseworkers open these files in Excel, and a case name such as
    =HYPERLINK(…) must stay text (OWASP "CSV injection"). Numbers, including -212 元, are unchanged."""
    if cell and (cell[0] in "=+@\t\r" or (cell[0] == "-" and not cell[1:2].isdigit())):
        return "'" + cell
    return cell
