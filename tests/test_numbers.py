"""Every number of the official text is bound to a rule, or listed here as non-computable with a reason.

A number counts as bound when a rule (术语, 待遇, 例外, 限制) quotes the words it stands in and that
same declaration writes the number as a literal (a quantity, or a date's year/month/day). So a
quote alone is not enough: the amount, rate, cap, period or count must be used in the rule.

`HZDSL_NUMBERS=1 python -m pytest tests/test_numbers.py` prints the table of every number and the rule
that binds it.
"""
from __future__ import annotations

import os
import re
from decimal import Decimal

from hzdsl.source import load_official
from hzdsl.syntax import nodes as n

from .conftest import POLICIES

OFFICIAL = load_official(str(POLICIES / "official.txt"))
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_DOC_NUMBER = re.compile(r"〔\d{4}〕\d+号")  # the repealed documents' numbers: references, not values

# Numbers not written as a literal of the rule that quotes them, by (clause, number) → why.
NOT_LITERAL = {
    ("五", "2"): "不可计算：“每 2 年开展一次市级创业孵化示范基地认定”是认定工作的频次，不是待遇条件或金额（说明）",
    ("八", "24"): "换了写法：16-24 岁按周岁计两端都含，规则写作 满 16 周岁 且 未满 25 周岁",
    ("八", "50"): "不可计算：50 元/人·半年 是人力社保部门统一办理综合商业保险的财政成本，学员享有的是保险本身",
    ("十三", "1"): "比例记法：1.2∶1 的后项；规则写作 培训人次 ≥ 学制教育人数 × 1.2",
    ("十八", "3"): "计入事实：“连续缴纳社会保险费 3 个月以上”是对每名被帮扶人员的条件，"
    "由事实「…人数」只数满足它的人员（见该事实的释义）",
}


def _walk(node):
    """Every AST node inside `node`, names included."""
    stack = [node]
    while stack:
        x = stack.pop()
        yield x
        for v in vars(x).values():
            if isinstance(v, n.Node):
                stack.append(v)
            elif isinstance(v, tuple):
                stack.extend(i for i in v if isinstance(i, n.Node))


def _literals(node) -> set[Decimal]:
    """Every number written as a literal anywhere inside a declaration."""
    out: set[Decimal] = set()
    for x in _walk(node):
        if isinstance(x, n.Quantity):
            out.add(x.number.normalize())
        elif isinstance(x, n.Date):
            out.update(Decimal(v) for v in (x.year, x.month, x.day) if v is not None)
    return out


def _rules(program):
    terms = program.terms
    for m in program.modules:
        for d in m.decls:
            if isinstance(d, (n.TermDecl, n.BenefitDecl, n.ExceptionDecl, n.LimitDecl)):
                lits = _literals(d)
                # a rule may take its number from a term it refers to (e.g. a lookup table),
                # or from the values a fact may take (e.g. 取值 5 万元、10 万元)
                for ref in {x.name.key for x in _walk(d) if isinstance(x, n.Ref)}:
                    if ref in terms:
                        lits |= _literals(terms[ref])
                    elif ref in program.facts:
                        lits |= _literals(program.facts[ref].decl)
                yield d, lits


def number_bindings(program):
    """(clause, number, context, binding declaration names) for every number in the official text."""
    text = OFFICIAL.compact
    skip = [(m.start(), m.end()) for m in _DOC_NUMBER.finditer(text)]
    rules = list(_rules(program))
    spans = []
    for d, lits in rules:
        for q in d.quotes:
            for at in OFFICIAL.find_all(q.key):
                spans.append((at, at + len(q.key), d, lits))
    out = []
    for m in _NUMBER.finditer(text):
        if any(a <= m.start() < b for a, b in skip):
            continue
        seg = OFFICIAL.segment_at(m.start())
        if seg is None or seg.kind in {"title", "signature"}:
            continue
        value = Decimal(m.group()).normalize()
        binders = sorted({d.name.text for a, b, d, lits in spans if a <= m.start() < b and value in lits})
        context = text[max(seg.start, m.start() - 8): m.end() + 8]
        out.append((seg.id, m.group(), context, binders))
    return out


def test_every_number_is_bound_to_a_rule_or_listed_as_non_computable(program):
    unbound = []
    for clause, number, context, binders in number_bindings(program):
        if binders:
            continue
        if (clause, number) in NOT_LITERAL:
            continue
        unbound.append(f"（{clause}）{number}：…{context}…")
    assert not unbound, "这些数字没有规则使用（写进规则，或在 NOT_LITERAL 中说明理由）：\n" + "\n".join(unbound)


def test_report(program, capsys):
    rows = number_bindings(program)
    if not os.environ.get("HZDSL_NUMBERS"):
        assert rows
        return
    with capsys.disabled():
        print(f"\n原文中的数字 {len(rows)} 个：")
        for clause, number, context, binders in rows:
            print(f"（{clause}）{number:>6}  …{context}…  → {'、'.join(binders) or NOT_LITERAL.get((clause, number), '（未绑定）')}")
    assert rows


def test_every_explained_number_is_still_unbound(program):
    """An entry of NOT_LITERAL that a rule now binds is stale: remove it."""
    unbound = {(clause, number) for clause, number, _, binders in number_bindings(program) if not binders}
    stale = sorted(set(NOT_LITERAL) - unbound)
    assert not stale, f"NOT_LITERAL 中这些数字已被规则使用，请删去：{stale}"
