"""Print expressions back as policy text, in the canonical spelling (used by explanations, fmt, diff)."""
from __future__ import annotations

from . import nodes as n

# Binding strength, loosest first; a child looser than its parent is parenthesised.
_PREC = {"或": 1, "且": 2, "非": 3, "cmp": 4, "+": 5, "-": 5, "超出": 5, "×": 6, "÷": 6, "neg": 7, "atom": 8}


def _prec(e: n.Expr) -> int:
    if isinstance(e, n.Logic):
        # 以下之一/以下全部 is a not-level expression in the grammar: inside a comparison, an
        # arithmetic operand or 非 … it needs parentheses (found by fmt's round-trip property)
        return _PREC["非"] if e.form else _PREC[e.op]
    if isinstance(e, n.Not):
        return _PREC["非"]
    if isinstance(e, (n.Compare, n.Between, n.Member, n.Contains)):
        return _PREC["cmp"]
    if isinstance(e, n.Binary):
        return _PREC[e.op]
    if isinstance(e, n.Excess):
        return _PREC["超出"]
    if isinstance(e, n.Neg):
        return _PREC["neg"]
    if isinstance(e, n.Lookup):
        return 0  # always parenthesised inside another expression
    return _PREC["atom"]


def _is_plain_number(e: n.Expr) -> bool:
    return isinstance(e, n.Quantity) and not e.unit


def name(x: n.Name) -> str:
    return "「" + x.text + "」"


def text(value: str) -> str:
    """A text in quotation marks: “…”, or "…" when the text itself holds “ or ” (所谓“重点人群”),
    which “…” cannot enclose — the one spelling that reads back as the same text."""
    return '"' + value + '"' if "“" in value or "”" in value else "“" + value + "”"


def literal(e: n.Expr) -> str:
    if isinstance(e, n.Text):
        return text(e.value)
    return expr(e)


def _wrap(e: n.Expr, parent: int, strict: bool = False) -> str:
    s = expr(e)
    p = _prec(e)
    return f"({s})" if p < parent or (strict and p == parent) else s


def expr(e: n.Expr) -> str:
    if isinstance(e, n.Ref):
        return name(e.name)
    if isinstance(e, n.Quantity):
        return e.text
    if isinstance(e, n.Text):
        return text(e.value)
    if isinstance(e, n.Date):
        m = "*" if e.month is None else str(e.month)
        d = "*" if e.day is None else str(e.day)
        # the draft's own spelling of a placeholder (2022 年*月*日) stays recognisable
        return f"{e.year} 年{m}月{d}日" if e.is_placeholder else f"{e.year} 年 {m} 月 {d} 日"
    if isinstance(e, n.Placeholder):
        return "按规定"
    if isinstance(e, n.Binary):
        p = _PREC[e.op]
        # a fraction as the text writes it, 1/2; `A × 1/2` parses as (A × 1) ÷ 2, printed back alike
        if e.op == "÷" and _is_plain_number(e.right):
            if _is_plain_number(e.left):
                return f"{e.left.text}/{e.right.text}"
            inner = e.left
            if isinstance(inner, n.Binary) and inner.op == "×" and _is_plain_number(inner.right):
                return f"{_wrap(inner.left, p)} × {inner.right.text}/{e.right.text}"
        return f"{_wrap(e.left, p)} {e.op} {_wrap(e.right, p, strict=True)}"
    if isinstance(e, n.Neg):
        return "-" + _wrap(e.operand, _PREC["neg"])
    if isinstance(e, n.Excess):
        p = _PREC["超出"] + 1
        return f"{_wrap(e.value, p)} 超出 {_wrap(e.threshold, p)} 的部分"
    if isinstance(e, n.Call):
        return e.func + "(" + ", ".join(expr(a) for a in e.args) + ")"
    if isinstance(e, n.Lookup):
        rows = "；".join("、".join(literal(k) for k in r.keys) + " 为 " + _wrap(r.value, 5) for r in e.rows)
        if e.default is not None:
            rows += "；其他 为 " + _wrap(e.default, 5)
        return f"按 {_wrap(e.key, 5)}：{rows}"
    if isinstance(e, n.Compare):
        p = _PREC["cmp"] + 1
        if e.word in {"以内", "之内", "以上", "以下", "之前", "之后"}:
            return f"{_wrap(e.left, p)} 在 {_wrap(e.right, p)} {e.word}"
        return f"{_wrap(e.left, p)} {e.word} {_wrap(e.right, p)}"
    if isinstance(e, n.Between):
        p = _PREC["cmp"] + 1
        return f"{_wrap(e.value, p)} 在 {_wrap(e.low, p)} 至 {_wrap(e.high, p)} 之间"
    if isinstance(e, n.Member):
        return f"{_wrap(e.value, _PREC['cmp'] + 1)} 属于 " + "、".join(literal(o) for o in e.options) + " 之一"
    if isinstance(e, n.Contains):
        return f"{_wrap(e.collection, _PREC['cmp'] + 1)} 包含 {literal(e.item)}"
    if isinstance(e, n.Logic):
        if e.form:
            # items of a list must not themselves contain a top-level 、-list or a looser operator
            return e.form + "：" + "、".join(
                f"({expr(x)})" if isinstance(x, n.Logic) and x.form else _wrap(x, _PREC["非"]) for x in e.operands
            )
        return f" {e.op} ".join(logic_operand(x, e.op) for x in e.operands)
    if isinstance(e, n.Not):
        return "非 " + _wrap(e.operand, _PREC["非"])
    raise TypeError(f"cannot print {type(e).__name__}")


def logic_operand(x: n.Expr, op: str) -> str:
    """One operand of an infix 且/或 chain, parenthesised exactly as `expr` does (for fmt's line breaks).

    A 且 chain inside 或 is bracketed although 且 binds tighter: 语言参考 tells drafters “拿不准时加圆括号”, and fmt
    used to drop the brackets a drafter wrote — `「A」 或 (「B」 且 「C」)` came back as `「A」 或 「B」 且 「C」`, the same
    meaning but the classic reading trap (breaker s22). The meaning is unchanged either way."""
    p = _PREC[op]
    if op == "或" and isinstance(x, n.Logic) and not x.form and x.op == "且":
        return f"({expr(x)})"
    return _wrap(x, p + 1 if isinstance(x, n.Logic) and x.form else p)


def list_item(x: n.Expr) -> str:
    """One item of a 以下之一 / 以下全部 list, parenthesised exactly as `expr` does."""
    return f"({expr(x)})" if isinstance(x, n.Logic) and x.form else _wrap(x, _PREC["非"])
