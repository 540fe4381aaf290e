"""Check a set of modules: collect declarations, resolve names, infer types and units, verify quotes.

Passes run in order over the whole program and each collects its diagnostics; a later pass
still runs when an earlier one found errors, so a drafter sees every problem at once.
"""
from __future__ import annotations

import difflib
from fractions import Fraction

from ..errors import Diagnostic, Related, Span
from ..units import DIMENSIONLESS, SCALARS, UnitError, dim_text, parse_unit, to_decimal
from ..source import OfficialText
from ..syntax import nodes as n
from ..syntax.normalize import normalize, separators_in
from ..syntax.walk import NodeIndex
from .domains import NONNEGATIVE_WORDS, WHOLE_WORDS
from .depth import MAX_EXPANDED_DEPTH, expanded_depths, expr_depth, rule_exprs
from .contradictions import find_contradictions
from .dates import check_dates
from .invisible import check_invisible
from .numbers import check_numbers
from .program import FactInfo, ParamInfo, Program
from ..kinds import TypeKind
from ..limitspec import Aggregate, spec_of
from .types import ANY, BOOL, DATE, TEXT, TYPE_WORDS, T, declared_unit, num

LE_WORDS = {"不超过", "不高于", "不多于", "<=", "≤"}


def close_names(key: str, candidates) -> list[str]:
    """The declared name keys `key` most likely meant, best first (did-you-mean; also the editor's fixes). A name
    that differs only in letter case (lpr for LPR) comes first: difflib compares letters case by case, so 「lpr」
    had no suggestion at all (breaker s22)."""
    names = list(candidates)
    same = [c for c in names if c != key and c.casefold() == key.casefold()]
    return (same + [c for c in difflib.get_close_matches(key, names, n=3, cutoff=0.5) if c not in same])[:3]


# a name written with the brackets the policy language puts around names (「毕业时长」 as a case file's key,
# a history file's 待遇 cell): the close match is the name itself, so 「你是不是想写：「毕业时长」」 showed the very
# text written — the hint says what differs instead (breaker s22)
_NAME_BRACKETS = (("「", "」"), ("『", "』"), ("“", "”"), ("\"", "\""))


def did_you_mean(key: str, candidates) -> str:
    for left, right in _NAME_BRACKETS:
        inner = key[len(left):-len(right)].strip() if key.startswith(left) and key.endswith(right) else ""
        if inner and inner in candidates:
            return f"名称两边不加{left}{right}：写 {inner}"
    close = close_names(key, candidates)
    if not close:
        return ""
    return "你是不是想写：" + "、".join(f"「{c}」" for c in close)


def _implied(facts, key: str) -> set[str]:
    """Every fact `key` implies, directly or through others (蕴含 is transitive)."""
    out: set[str] = set()
    todo = [key]
    while todo:
        info = facts.get(todo.pop())
        for t in info.decl.implies if info is not None else ():
            if t.key not in out:
                out.add(t.key)
                todo.append(t.key)
    return out


def _example(unit) -> str:
    """A bound written in `unit`, for a hint: 100%, 366 天, 12 个月."""
    if unit.text == "%":
        return "100%"
    return f"12 {unit.text}" if unit.text else "12"


class Checker:
    def __init__(self, modules: list[n.Module], official: OfficialText | None):
        self.modules = modules
        self.official = official
        # one walk of every declaration, shared by the passes that look for some node classes
        self.nodes = NodeIndex(d for m in modules for d in m.decls)
        self.p = Program(modules=modules, official_path=official.path if official else "")
        self.diags: list[Diagnostic] = []
        self._visiting: list[str] = []
        self._declared: dict[str, n.FactDecl | n.ParamDecl] = {}  # typed in pass 2
        # Statements lost to a syntax error (reported by the parser): their names are not "undefined",
        # and no fact is "unused" while a rule may be missing — one mistake, one message.
        self._lost = {x.name.key for m in modules for x in m.lost if x.name is not None}
        self._broken = any(m.lost for m in modules)
        self._too_deep: set[str] = set()

    def err(self, code: str, span: Span, hint: str = "", related: tuple[Related, ...] = (), /, form: str = "",
            **fields) -> None:
        """Report `code` in its registry wording (hzdsl.codes: the template or `form`, filled with `fields`)."""
        self.diags.append(Diagnostic.of(code, span, hint, related=related, form=form, **fields))

    def undefined(self, name: n.Name, candidates, /, form: str, **fields) -> None:
        """E201 for a name nothing declares — unless a declaration of it was lost to a syntax error."""
        if name.key in self._lost:
            return
        self.err("E201", name.span, did_you_mean(name.key, candidates), form=form, **fields)

    warn = err  # a warning's severity comes from its code (W…) in the registry

    def run(self) -> tuple[Program, list[Diagnostic]]:
        self.collect()
        self.declare_types()
        self.check_depths()
        self.check_implications()
        self.check_terms()
        self.check_rules()
        self.diags.extend(find_contradictions(self.p))
        self.diags.extend(check_dates(self.modules, self.nodes))
        self.diags.extend(check_invisible(self.modules, self.nodes))
        # one mistake, one error: a number inside a comparison already wrong in its unit (满 6 元) is E302's
        typed = [d.span for d in self.diags if d.code in {"E301", "E302", "E303"}]
        self.diags.extend(d for d in check_numbers(self.p, self.official, self.nodes)
                          if d.code != "E210" or not any(t.file == d.span.file and t.start <= d.span.start
                                                         and d.span.end <= t.end for t in typed))
        self.check_quotes()
        self.lint()
        return self.p, self.diags

    # ── pass 1: collect declarations, report duplicates ──
    def collect(self) -> None:
        p = self.p
        seen: dict[str, n.Name] = {}
        for m in self.modules:
            for d in m.decls:
                if isinstance(d, n.ClauseDecl):
                    if d.number in p.clauses:
                        first = p.clauses[d.number].span
                        self.err("E202", d.span,
                                 f"一个条款只在一个文件中声明。新规则请写进 {first.file}，放在「条款 {d.number}」"
                                 f"之后（其后的声明都属于这一条款），并删去这里的「条款 {d.number} …」一行",
                                 (Related(first, "首次声明"),), number=d.number, first_file=first.file, form="clause")
                    p.clauses[d.number] = d
                elif isinstance(d, n.PartDecl):
                    p.parts[d.number] = d
                elif isinstance(d, n.NoteDecl):
                    p.notes.append(d)
                elif isinstance(d, n.ExceptionDecl):
                    p.exceptions.setdefault(d.target.key, []).append(d)
                elif isinstance(d, n.LimitDecl):
                    p.limits.append(d)
                elif isinstance(d, (n.FactDecl, n.ParamDecl, n.TermDecl, n.BenefitDecl)):
                    key = d.name.key
                    if key in seen:
                        self.err("E202", d.name.span,
                                 "每个术语、事实、参数、待遇只定义一次：同一事物请直接"
                                 f"引用那里的定义，删去这里的一份；不同的事物请换一个名称",
                                 (Related(seen[key].span, "首次定义"),), name=d.name.text)
                        continue
                    seen[key] = d.name
                    if not isinstance(d, n.TermDecl) and "、" in normalize(d.name.text):
                        # 读法: a term's name is never listed with others; a fact's, parameter's or benefit's is
                        # (screen's 待定事实, 历史汇总 headers 历史次数「A、B」), joined by 、
                        self.err("W630", d.name.span, "换一个不含 、 的名称（如用“和”“或”“及”连接）",
                                 name=d.name.text)
                    if isinstance(d, n.TermDecl):
                        p.terms[key] = d
                    elif isinstance(d, n.BenefitDecl):
                        p.benefits[key] = d
                    else:
                        self._declared[key] = d

    # ── pass 2: declared types of facts and parameters ──
    def declare_types(self) -> None:
        for key, d in self._declared.items():
            kind, _ = TYPE_WORDS[d.type.type]
            try:
                unit = declared_unit(d.type.type, d.type.unit)
            except UnitError as e:
                self.err("E303", d.type.span, "可用单位：元、万元、个月、年、天、平方米、人、次、个、%、BP 及其组合", unit=e.part)
                unit = parse_unit("")
            if d.type.unit and (kind not in {"num"} or d.type.type == "序数"):
                # a 序数 says which one (第 3 名), not how many of something: it has no unit to write
                hint = ("序数回答“第几”（第 3 名写 3），不带单位：写 序数；要数人数、次数，写 计数(人)、计数(次)"
                        if d.type.type == "序数" else f"去掉括号中的单位：{d.type.type}不带单位")
                self.err("E301", d.type.span, hint, type=d.type.type, form="no_unit")
            choices: frozenset = frozenset()
            if isinstance(d, n.FactDecl) and d.choices:
                if kind in {"enum", "set"}:
                    bad = [c for c in d.choices if not isinstance(c, n.Text)]
                    for c in bad:
                        self.err("E301", c.span, form="choice_text")
                    choices = frozenset(c.value for c in d.choices if isinstance(c, n.Text))
                    for c in d.choices:
                        seps = separators_in(c.value) if kind == "set" and isinstance(c, n.Text) else []
                        if seps:  # a population cell splits on them: no cell could hold this member
                            self.err("E110", c.span, "拆成几个取值（“自主择业”、“军转干部”），或换用不含这些符号的说法"
                                     "（如“和”“或”）", member=c.value, seps=" ".join(seps))
                elif kind == "num":
                    vals = []
                    for c in d.choices:
                        if isinstance(c, n.Quantity):
                            q = self.quantity_value(c)
                            if q is not None and q.dim != unit.dim:
                                self.err("E302", c.span, choice=c.text, unit=unit.text or '无单位', form="choice")
                            elif q is not None:
                                vals.append(q.value)
                        else:
                            self.err("E301", c.span, form="choice_quantity")
                    choices = frozenset(vals)
                else:
                    self.err("E301", d.span, form="no_choices", type=d.type.type)
            elif isinstance(d, n.FactDecl) and kind in {"enum", "set"}:
                self.err("E301", d.span,
                         "例如：事实 「性别」：个人 枚举 取值 “女”、“男”。", form="needs_choices", type=d.type.type)
            t = T(TypeKind(kind), unit.dim if kind == "num" else DIMENSIONLESS, choices)
            upper = self.upper_bound(d, kind, unit, choices) if d.upper is not None else None
            if isinstance(d, n.FactDecl):
                self.p.facts[key] = FactInfo(d, t, unit, upper)
            else:
                self.p.params[key] = ParamInfo(d, t, unit, upper)

    def upper_bound(self, d: n.FactDecl | n.ParamDecl, kind: str, unit, choices: frozenset):
        """The 上限 of a fact or parameter as a `Q` in base units, or None (reported) when it cannot be one:
        only a quantity type has a bound (E220), in a unit that converts to the declared one (E221), not
        below the type's lower bound 0 (E224; a plain 数 has none), whole for a count (E222); a listed value
        above it could never be given (E223)."""
        b = d.upper
        if kind != "num":
            self.err("E220", b.span, "上限只用于数量类型：数、金额、时长、面积、比率、计数、序数", name=d.name.text, type=d.type.type)
            return None
        q = self.quantity_value(b)
        if q is None:
            return None
        if q.dim != unit.dim:
            self.err("E221", b.span, f"上限要用与类型相同或可换算的单位写，如 {_example(unit)}",
                     name=d.name.text, bound=b.text, unit=unit.text or "无单位")
            return None
        if not b.unit and unit.text in SCALARS:
            # 读法 as for a case file (E706) and a population cell (E912): a bare number for a rate may be the fraction
            # (1 = 100%) or the percentage itself (1%) — 上限 50 meant 5000%, a bound that refuses nothing
            plain = format(to_decimal(Fraction(b.number) / unit.scale), "f")
            plain = plain.rstrip("0").rstrip(".") if "." in plain else plain
            self.err("E221", b.span, f"写明单位：{b.text} 若是小数，即 {plain}{unit.text}；若已按 {unit.text} 计，写 {b.text}{unit.text}",
                     form="bare", name=d.name.text, bound=b.text, unit=unit.text)
            return None
        if q.value < 0 and (d.type.type in NONNEGATIVE_WORDS or unit.dim):
            # no value could be given: the type admits nothing below 0 (check.domains)
            self.err("E224", b.span, "计数、序数、比率、金额、时长、面积与带单位的数量都不小于 0，上限也不能为负",
                     name=d.name.text, bound=b.text, type=d.type.type)
            return None
        if d.type.type in WHOLE_WORDS and (q.value / unit.scale).denominator != 1:
            whole = q.value // unit.scale
            self.err("E222", b.span, f"{d.type.type}按整数计：上限写成整数，如 {f'{whole} {unit.text}'.strip()}",
                     name=d.name.text, bound=b.text, type=d.type.type)
            return None
        for c in d.choices if isinstance(d, n.FactDecl) else ():
            if isinstance(c, n.Quantity):
                v = self.quantity_value(c)
                if v is not None and v.dim == q.dim and v.value > q.value:
                    self.err("E223", c.span, "删去这个取值，或改正上限", (Related(b.span, "上限"),),
                             name=d.name.text, choice=c.text, bound=b.text)
        return q

    def check_implications(self) -> None:
        """蕴含 links boolean facts only, never a fact to itself, never in a circle."""
        facts = self.p.facts
        for key, info in facts.items():
            d = info.decl
            for target in d.implies:
                if target.key not in facts:
                    self.err("E201", target.span, did_you_mean(target.key, facts), target=target.text, form="implied")
                elif info.type.kind != "bool" or facts[target.key].type.kind != "bool":
                    self.err("E802", target.span,
                             "例如：事实 「初次创办企业或个体工商户」：个人 布尔，蕴含 「创办企业或个体工商户」。", name=d.name.text, target=target.text)
                elif target.key == key or key in _implied(facts, target.key):
                    self.err("E802", target.span,
                             "两个事实互相蕴含即是同一事实：只保留一个", form="mutual", name=d.name.text, target=target.text)

    def quantity_value(self, q: n.Quantity):
        from ..units import Q

        try:
            return Q.of(q.number, parse_unit(q.unit))
        except UnitError as e:
            self.err("E303", q.span, "可用单位：元、万元、个月、年、天、平方米、人、次、个、%、BP 及其组合", unit=e.part)
            return None

    # ── pass 2b: nesting depth with terms expanded (what the evaluator will recurse through) ──
    def check_depths(self) -> None:
        depths = expanded_depths(self.p.terms)
        self._too_deep = {k for k, d in depths.items() if d > MAX_EXPANDED_DEPTH}
        rules: list[tuple[n.Decl, int, set[str]]] = []
        for key, t in self.p.terms.items():
            rules.append((t, depths[key], {r.name.key for r in self.nodes.below(t, n.Ref)}))
        for d in [*self.p.benefits.values(), *(e for es in self.p.exceptions.values() for e in es)]:
            deepest = max((expr_depth(e, depths) for e in rule_exprs(d)), default=0)
            rules.append((d, deepest, {r.name.key for r in self.nodes.below(d, n.Ref)}))
        for d, depth, refs in rules:
            # reported once per chain: where the limit is crossed, not at every rule built on it
            if depth > MAX_EXPANDED_DEPTH and not refs & self._too_deep:
                self.diags.append(Diagnostic.of(
                    "E105", d.name.span, "术语一层套一层引用得太深；把中间的几层合并成一个术语，或直接引用所需的事实",
                    name=d.name.text, depth=depth, limit=MAX_EXPANDED_DEPTH))

    # ── pass 3: terms, in dependency order, with cycle detection ──
    def check_terms(self) -> None:
        for key in self.p.terms:
            self.term_type(key, self.p.terms[key].name.span)

    def term_type(self, key: str, at: Span) -> T:
        if key in self.p.term_types:
            return self.p.term_types[key]
        if key in self._too_deep:  # reported by check_depths; following it would exhaust the stack
            return ANY
        if key in self._visiting:
            cycle = " → ".join(f"「{k}」" for k in [*self._visiting[self._visiting.index(key):], key])
            self.diags.append(Diagnostic.of("E203", at, "术语不能直接或间接引用自身", cycle=cycle))
            return ANY
        self._visiting.append(key)
        t = self.infer(self.p.terms[key].body)
        self._visiting.pop()
        self.p.term_types[key] = t
        return t

    # ── pass 4: benefits, exceptions, limits ──
    def check_rules(self) -> None:
        for b in self.p.benefits.values():
            if b.condition is not None:
                self.expect_bool(b.condition, "条件")
            for e in b.exclusions:
                self.expect_bool(e, "除外条件")
            self.check_outcome(b.outcome, b)
        for target, excs in self.p.exceptions.items():
            for e in excs:
                base = self.p.benefits.get(target)
                if base is None:
                    self.undefined(e.target, self.p.benefits, form="benefit", what="例外针对", name=e.target.text)
                    continue
                self.expect_bool(e.condition, "例外条件")
                self.check_outcome(e.outcome, base)
        for lim in self.p.limits:
            for t in lim.counted:
                if t.key not in self.p.benefits:
                    self.undefined(t, self.p.benefits, form="benefit", what="限制计入", name=t.text)
            for t in lim.targets:
                if t.key not in self.p.benefits:
                    self.undefined(t, self.p.benefits, form="benefit", what="限制适用", name=t.text)
                else:
                    self.p.limits_for.setdefault(t.key, []).append(lim)
            if lim.cmp_word and lim.cmp_word not in LE_WORDS:
                self.diags.append(Diagnostic.of("E502", lim.span, word=lim.cmp_word))
            if lim.bound is not None:
                q = self.quantity_value(lim.bound)
                aggregate = spec_of(lim.kind).aggregate
                if aggregate is Aggregate.COUNT and q is not None and q.dim != (("次", 1),):
                    self.err("E302", lim.bound.span, form="count_limit", unit=lim.bound.unit or '无单位')
                if aggregate is Aggregate.AMOUNT and q is not None and q.dim != (("元", 1),):
                    self.err("E302", lim.bound.span, "如：每人每年 金额 不超过 6000 元；累计 金额 不超过 10 万元", form="amount_limit",
                             unit=lim.bound.unit or '无单位', bound_unit=dim_text(q.dim))
                if aggregate is Aggregate.FIELD_SUM and lim.field is not None and q is not None:
                    f = self.p.facts.get(lim.field.key)
                    if f is None:
                        self.undefined(lim.field, self.p.facts, form="field", what="累计", name=lim.field.text)
                    elif f.type.dim != q.dim:
                        self.err("E302", lim.bound.span, form="field_limit", field=lim.field.text,
                                 field_unit=dim_text(f.type.dim), bound_unit=dim_text(q.dim))
            for k in lim.keys:
                if k.key not in self.p.facts:
                    self.undefined(k, self.p.facts, form="field", what="「同一」后", name=k.text)

    def check_outcome(self, o: n.Outcome, benefit: n.BenefitDecl) -> None:
        if o.payout is None:
            return
        t = self.infer(o.payout)
        if t.kind not in {"num", "any"}:
            self.err("E301", o.payout.span, form="payout", name=benefit.name.text, actual=t.describe())
            return
        for m in o.modifiers:
            if m.value is None:
                continue
            mt = self.infer(m.value)
            if t.kind == "num" and mt.kind == "num" and mt.dim != t.dim:
                word = {"cap": "最高不超过", "floor": "最低", "term_limit": "期限不超过"}[m.kind]
                if m.kind != "term_limit":
                    self.err("E302", m.value.span, "上限和金额必须是同一种量，例如都以元计", form="modifier", word=word,
                             modifier_unit=dim_text(mt.dim), amount_unit=dim_text(t.dim))
            if m.kind == "term_limit" and mt.kind == "num" and mt.dim not in {(("月", 1),), (("天", 1),)}:
                self.err("E302", m.value.span, form="duration", modifier_unit=dim_text(mt.dim))

    def expect_bool(self, e: n.Expr, what: str) -> None:
        t = self.infer(e)
        if t.kind not in {"bool", "any"}:
            self.err("E301", e.span,
                     "用比较词把数量变成判断，如「正常经营时长」 满 6 个月", what=what, actual=t.describe())

    # ── type inference ──
    def infer(self, e: n.Expr) -> T:
        t = getattr(self, "_infer_" + type(e).__name__)(e)
        self.p.expr_types[id(e)] = t  # read once by the IR builder (hzdsl.ir.build) while the modules live
        return t

    def _infer_Ref(self, e: n.Ref) -> T:
        key = e.name.key
        p = self.p
        if key in p.facts:
            return p.facts[key].type
        if key in p.params:
            return p.params[key].type
        if key in p.terms:
            return self.term_type(key, e.span)
        if key in p.benefits:
            self.diags.append(Diagnostic.of("E204", e.span, "把共同的条件定义为术语，再在两处引用该术语", name=e.name.text))
            return ANY
        if key not in self._lost:
            self.err("E201", e.span,
                     did_you_mean(key, p.all_names()) or "先用「事实」「参数」或「术语」声明它", name=e.name.text)
        return ANY

    def _infer_Quantity(self, e: n.Quantity) -> T:
        q = self.quantity_value(e)
        return num(q.dim) if q is not None else ANY

    def _infer_Text(self, e: n.Text) -> T:
        return TEXT

    def _infer_Date(self, e: n.Date) -> T:
        return DATE

    def _infer_Placeholder(self, e: n.Placeholder) -> T:
        return ANY

    def _infer_Binary(self, e: n.Binary) -> T:
        a, b = self.infer(e.left), self.infer(e.right)
        if a.kind == "any" or b.kind == "any":
            return ANY
        if a.kind != "num" or b.kind != "num":
            bad = e.left if a.kind != "num" else e.right
            self.err("E301", bad.span, form="arithmetic", op=e.op, actual=(a if a.kind != 'num' else b).describe())
            return ANY
        if e.op in "+-":
            if a.dim != b.dim:
                self.err("E302", e.span,
                         "只有同一种量才能相加减；年与月可换算，月与天不能", form="arithmetic", left_unit=dim_text(a.dim), op=e.op,
                         right_unit=dim_text(b.dim))
                return ANY
            return a
        from ..units import dim_mul

        return num(dim_mul(a.dim, b.dim, 1 if e.op == "×" else -1))

    def _infer_Neg(self, e: n.Neg) -> T:
        t = self.infer(e.operand)
        if t.kind not in {"num", "any"}:
            self.err("E301", e.span, form="negation", actual=t.describe())
        return t

    def _infer_Excess(self, e: n.Excess) -> T:
        a, b = self.infer(e.value), self.infer(e.threshold)
        if a.kind == "num" and b.kind == "num" and a.dim != b.dim:
            self.err("E302", e.span, form="excess", left_unit=dim_text(a.dim), right_unit=dim_text(b.dim))
        return a if a.kind == "num" else b

    def _infer_Call(self, e: n.Call) -> T:
        ts = [self.infer(a) for a in e.args]
        nums = [t for t in ts if t.kind == "num"]
        for a, t in zip(e.args, ts):
            if t.kind not in {"num", "any"}:
                self.err("E301", a.span, form="function_argument", func=e.func, actual=t.describe())
        if nums and any(t.dim != nums[0].dim for t in nums):
            self.err("E302", e.span, form="function_arguments", func=e.func)
        return nums[0] if nums else ANY

    def _infer_Lookup(self, e: n.Lookup) -> T:
        kt = self.infer(e.key)
        out: T | None = None
        seen: set = set()
        for row in e.rows:
            for k in row.keys:
                self.check_literal_against(k, kt)
                lit = k.value if isinstance(k, n.Text) else getattr(k, "text", None)
                if lit in seen:
                    self.err("E202", k.span, form="lookup_key", key=lit)
                seen.add(lit)
            vt = self.infer(row.value)
            out = self.unify(out, vt, row.value.span)
        if e.default is not None:
            out = self.unify(out, self.infer(e.default), e.default.span)
        elif kt.kind == "enum" and kt.choices:
            missing = sorted(kt.choices - {k.value for r in e.rows for k in r.keys if isinstance(k, n.Text)})
            if missing:
                self.warn("W603", e.span,
                          "补上这些行，或加一行「其他 为 …」", missing='、'.join((f'“{m}”' for m in missing)))
        return out or ANY

    def unify(self, a: T | None, b: T, span: Span) -> T:
        if a is None or a.kind == "any":
            return b
        if b.kind == "any":
            return a
        # branches of different kinds (数量 / 布尔 …) are a type error; of one kind in different units, a unit error
        if a.kind != b.kind:
            self.err("E301", span, form="branches", left=a.describe(), right=b.describe())
        elif a.dim != b.dim:
            self.err("E302", span, form="branches", left=a.describe(), right=b.describe())
        return a

    def check_literal_against(self, lit: n.Expr, t: T) -> None:
        if isinstance(lit, n.Text):
            if t.kind in {"enum", "set"} and t.choices and lit.value not in t.choices:
                self.diags.append(Diagnostic.of(
                    "E304", lit.span, did_you_mean(lit.value, t.choices) or "可选：" + "、".join(f"“{c}”" for c in sorted(t.choices)),
                    value=lit.value))
            elif t.kind not in {"enum", "set", "text", "any"}:
                self.err("E301", lit.span, form="text_literal", literal=lit.value, actual=t.describe())
        else:
            lt = self.infer(lit)
            if t.kind == "num" and lt.kind == "num" and lt.dim != t.dim:
                self.err("E302", lit.span, left_unit=dim_text(t.dim), right_unit=dim_text(lt.dim))

    def _infer_Compare(self, e: n.Compare) -> T:
        a = self.infer(e.left)
        if isinstance(e.right, n.Text):
            if a.kind not in {"enum", "text", "any"}:
                self.err("E301", e.span, form="text_after_word", word=e.word, left=a.describe())
            elif e.op not in {"==", "!="}:
                self.err("E301", e.span, form="enum_word", word=e.word)
            else:
                self.check_literal_against(e.right, a)
            return BOOL
        b = self.infer(e.right)
        if "any" in (a.kind, b.kind):
            return BOOL
        if a.kind != b.kind:
            self.err("E301", e.span, form="compare", left=a.describe(), right=b.describe())
        elif a.kind == "num" and a.dim != b.dim:
            self.err("E302", e.span,
                     "年与月可换算；月与天、元与天不能", form="compare", left_unit=dim_text(a.dim), right_unit=dim_text(b.dim))
        elif a.kind in {"bool", "set"}:
            self.err("E301", e.span, form="compare_word", left=a.describe(), word=e.word)
        elif a.kind in {"enum", "text"} and e.op not in {"==", "!="}:
            self.err("E301", e.span, form="is_only", left=a.describe())
        return BOOL

    def _infer_Between(self, e: n.Between) -> T:
        ts = [self.infer(x) for x in (e.value, e.low, e.high)]
        real = [t for t in ts if t.kind != "any"]
        if real and any(t.kind != "num" and t.kind != "date" for t in real):
            self.err("E301", e.span, form="between")
        elif real and any(t.dim != real[0].dim for t in real):
            self.err("E302", e.span, form="between")
        return BOOL

    def _infer_Member(self, e: n.Member) -> T:
        t = self.infer(e.value)
        for o in e.options:
            self.check_literal_against(o, t)
        if t.kind == "set":
            self.err("E301", e.span, "如：「身份」 包含 “高校毕业生”", form="member_of_set")
        return BOOL

    def _infer_Contains(self, e: n.Contains) -> T:
        t = self.infer(e.collection)
        if t.kind not in {"set", "any"}:
            self.err("E301", e.span, form="contains", actual=t.describe())
        else:
            self.check_literal_against(e.item, t)
        return BOOL

    def _infer_Logic(self, e: n.Logic) -> T:
        for x in e.operands:
            self.expect_bool(x, f"「{e.op}」连接的")
        return BOOL

    def _infer_Not(self, e: n.Not) -> T:
        self.expect_bool(e.operand, "「非」后面的")
        return BOOL

    # ── pass 5: quotes against the official text ──
    def check_quotes(self) -> None:
        if self.official is None:
            return
        for m in self.modules:
            for d in m.decls:
                for q in _quotes_of(d):
                    off = self.official.find(q.key) if q.key else -1
                    self.p.quote_hits.append((q, d.clause, off))
                    if off < 0:
                        self.report_misquote(q)

    def report_misquote(self, q: n.Quote) -> None:
        if not q.key:
            self.err("E401", q.span, "依据「…」里写出本规则所依据的原文", form="empty")
            return
        k = self.official.longest_prefix(q.key)
        span = _span_of_compact_char(q, k)
        if k < MIN_PLACED:
            # a word or two (「不」, 「就业」) occurs all over the text and places nothing: place the quote by
            # its end instead, and show the official words where the quote's beginning should be
            s = self.official.longest_suffix(q.key)
            j = len(q.key) - s
            if s < MIN_PLACED or j <= k:
                self.err("E401", span,
                         "引文须与原文逐字一致（空格和换行不计）；照原文复制一段（hzdsl coverage 列出尚未引用的原文）")
                return
            at = self.official.find(q.key[j:])
            actual = self.official.compact[max(at - (j - k), 0):at]
            which = f"{k + 1}" if j == k + 1 else f"{k + 1}–{j}"
            self.err("E401", span, "引文须与原文逐字一致（空格和换行不计）；请照原文改正", form="character", which=which, written=q.key[k:j],
                     line=self.official.line_of(at), actual=actual)
            return
        at = self.official.find(q.key[:k])
        actual = self.official.compact[at + k : at + k + 12]
        self.err("E401", span, "引文须与原文逐字一致（空格和换行不计）；请照原文改正", form="from_character", pos=k + 1, written=q.key[k:k + 12],
                 line=self.official.line_of(at + k), actual=actual)

    # ── pass 6: lint ──
    def lint(self) -> None:
        # every name referred to anywhere in a rule, and the history fields of the limits
        rules = [d for m in self.modules for d in m.decls if isinstance(d, (n.TermDecl, n.BenefitDecl, n.ExceptionDecl))]
        used: set[str] = {r.name.key for d in rules for r in self.nodes.below(d, n.Ref)}
        for lim in self.p.limits:
            used.update(k.key for k in lim.keys)
            if lim.field:
                used.add(lim.field.key)
        for key, f in self.p.facts.items():
            if key not in used and not self._broken:
                self.diags.append(Diagnostic.of("W601", f.decl.name.span, name=f.decl.name.text))
        for m in self.modules:
            for d in m.decls:
                if not isinstance(d, (n.ClauseDecl, n.PartDecl, n.FactDecl, n.ParamDecl, n.NoteDecl)) and not d.clause:
                    self.diags.append(Diagnostic.of("E205", d.span, "在文件开头加：条款 三 「…」。"))


def _quotes_of(d: n.Decl):
    if isinstance(d, (n.PartDecl, n.ClauseDecl)):
        return (d.title,)
    return getattr(d, "quotes", ())


# A quote is placed in the official text by a matching run of at least this many characters: a shorter
# one (「不」 of 「不存在的原文」) occurs in many places, and pointing at one of them misleads.
MIN_PLACED = 4


def _span_of_compact_char(q: n.Quote, k: int) -> Span:
    """Span of the k-th non-space character of a quote (the first one that differs)."""
    from ..syntax.normalize import normalize

    text = normalize(q.text)
    seen = -1
    line, col = q.span.line, q.span.col + 1  # +1: past the opening 「
    for ch in text:
        if not ch.isspace():
            seen += 1
            if seen == k:
                return Span(q.span.file, line, col, line, col + 1)
        if ch == "\n":
            line, col = line + 1, 1
        else:
            col += 1
    return Span(q.span.file, line, col, line, col + 1)


def check_modules(modules: list[n.Module], official: OfficialText | None) -> tuple[Program, list[Diagnostic]]:
    return Checker(modules, official).run()
