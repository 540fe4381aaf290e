"""hzdsl screen's summary as people read it: a terminal table — one, or two when the terminal is narrow — or Markdown.

The summary is one row per benefit and twelve columns (COLUMNS). At COLUMNS=80 the one table left the name about
8 cells: every header wrapped to a character a line (「符 / 合 / 金 / 额 / 待 / 定」) and every name to 3–4 lines
(robust s22). When the twelve columns do not fit with room for the names (commands/fitted.py), the summary is two
tables keyed by 待遇, in the same order: the counts per conclusion (COUNTS), then the amounts (AMOUNTS). No figure
is dropped: each column stands in one of them, whole. A wide terminal keeps the one table.
"""
from __future__ import annotations

COLUMNS = ["待遇", "条款", "符合", "符合金额待定", "不符合", "待定", "待定金额待定", "冲突", "金额合计", "已知金额均值",
           "待定金额范围", "单位"]
COUNTS = COLUMNS[:8]  # 待遇, 条款 and how many people stand at each conclusion
AMOUNTS = [COLUMNS[0], *COLUMNS[8:]]  # 待遇 and the money
WORDS = frozenset({"待遇", "条款", "单位"})  # left-aligned words; the other columns are numbers (a range, a 另计 note)
# what the amount columns count (breaker s20: 符合 104, a 合计 of 99 amounts, nothing said of the 5 open ones)
AMOUNT_NOTE = ("金额合计与已知金额均值只计金额已知的符合者；符合金额待定：符合但金额待定的人数；"
               "待定金额范围：结论待定、金额已知者每人的金额，待定金额待定：结论待定且金额也待定的人数（不在范围内）。")


def _num(v) -> str:
    return "" if v is None else str(v)


def _range(s: dict) -> str:
    lo, hi = s["待定金额下限"], s["待定金额上限"]
    if lo is None:
        return ""
    return lo if lo == hi else f"{lo}–{hi}"


def _total(s: dict) -> str:
    """金额合计 is money paid; a ceiling's or a loan's sum is shown apart, marked (report.nature)."""
    if s.get("另计合计") is not None:
        return f"（{s['金额性质']}，另计 {s['另计合计']}）"
    return _num(s["金额合计"])


def _row(s: dict) -> list[str]:
    """One benefit's summary (a dict of the JSON payload) as the COLUMNS' cell texts."""
    mean = _num(s["已知金额均值"])
    if mean and s.get("金额性质") == "最高额":
        mean = "最高 " + mean
    return [s["待遇"], s["条款"], str(s["符合"]), str(s["符合金额待定"]), str(s["不符合"]), str(s["待定"]),
            str(s["待定金额待定"]), str(s["冲突"]), _total(s), mean, _range(s), s["单位"]]


def apart_note(payload: dict) -> str:
    """The note under the summary when some amounts are ceilings or loans (never added to money paid)."""
    names = [f"「{s['待遇']}」" for s in payload["待遇"] if s.get("金额性质") in ("最高额", "贷款额")]
    if not names:
        return ""
    return (f"注：{'、'.join(names)}的金额是上限（最高额）或贷款额，不是支付的金额，"
            "不计入金额合计（另计）。")


def _refused_note(payload: dict) -> str:
    return "；事实矛盾的行未筛查（E723）" if payload.get("未筛查") else ""


def _title(payload: dict) -> str:
    return f"人群筛查：{payload['人数']} 人（{payload['引擎']}）{_refused_note(payload)}"


def table(payload: dict, width: int | None = None):
    """The summary for a terminal `width` cells wide (None: any) — a rich renderable (commands/fitted.py).

    One table when the twelve columns fit at their natural widths with room for the names — no header wraps (breaker
    s20: 「不符 / 合」 at COLUMNS=160); else two, COUNTS then AMOUNTS. Nothing is cut to 「一次 …」 / 「77500…」."""
    from .fitted import fitted

    rows = [_row(s) for s in payload["待遇"]]
    return fitted(_title(payload), COLUMNS, rows, width, WORDS,
                  [(f"{_title(payload)}：各结论人数", COUNTS), ("金额（待遇与上表同序）", AMOUNTS)],
                  (AMOUNT_NOTE, apart_note(payload)))


def markdown(payload: dict) -> str:
    """The summary as one Markdown table (a PR comment or a document wraps it itself), with its notes."""
    lines = [f"### {_title(payload)}", "",
             "| " + " | ".join(COLUMNS) + " |", "|" + "|".join("---" for _ in COLUMNS) + "|"]
    for s in payload["待遇"]:
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in _row(s)) + " |")
    lines += ["", AMOUNT_NOTE]
    note = apart_note(payload)
    if note:
        lines += ["", note]
    return "\n".join(lines)
