"""Compare a case's expected results (worked out by hand) with the decisions the engine made."""
from __future__ import annotations

from dataclasses import dataclass

from .run import CaseResult
from ..render import amount_text, key_word, unknown_text
from .load import Case, Expected, amount_prefix
from ..syntax.normalize import compact


@dataclass
class Mismatch:
    benefit: str
    field: str  # 结论 | 金额 | 待定事实
    expected: str
    actual: str


def compare(case: Case, result: CaseResult) -> list[Mismatch]:
    by_key = {d.rule.key: d for d in result.decisions}
    out: list[Mismatch] = []
    for exp in case.expected:
        d = by_key[exp.benefit]
        name = d.rule.name
        if exp.status is not None and exp.status != d.status:
            out.append(Mismatch(name, "结论", exp.status, d.status))
        if exp.amount is not None:
            # 最高 / 至多 are part of the amount: a payment expected as a ceiling is a wrong expectation
            prefix = "最高" if d.up_to else "至多" if d.at_most else ""
            if d.amount is None or d.amount.dim != exp.amount.dim or d.amount.value != exp.amount.value \
                    or amount_prefix(exp.amount_text) != prefix:
                out.append(Mismatch(name, "金额", exp.amount_text, amount_text(d)))
        elif exp.amount_text.strip() == "待定" and d.amount_unknown is None:
            out.append(Mismatch(name, "金额", "待定", amount_text(d)))
        if exp.missing is not None:
            actual = frozenset(d.missing.missing) if d.missing is not None else frozenset()
            # compared in the same compact form as the expected names (full-width （） == ASCII ())
            actual_keys = frozenset(compact(key_word(m)) for m in actual)
            if actual_keys != exp.missing:
                out.append(Mismatch(name, "待定事实", "、".join(sorted(exp.missing)),
                                    unknown_text(d.missing) if d.missing is not None else "（无）"))
    return out


def describe(m: Mismatch) -> str:
    return f"「{m.benefit}」{m.field}：预期 {m.expected}，实际 {m.actual}"
