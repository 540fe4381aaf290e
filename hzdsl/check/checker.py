"""Check a set of modules: collect declarations, resolve names, infer types and units, verify quotes.

Passes run in order over the whole program and each collects its diagnostics; a later pass
still runs when an earlier one found errors, so a drafter sees every problem at once.
"""
from __future__ import annotations

import difflib

from ..errors import Diagnostic, Related, Span
from ..units import DIMENSIONLESS, UnitError, dim_text, parse_unit
from ..source import OfficialText
from ..syntax import nodes as n
from ..syntax.walk import NodeIndex
from .depth import MAX_EXPANDED_DEPTH, expanded_depths, expr_depth, rule_exprs
from .contradictions import find_contradictions
from .dates import check_dates
from .invisible import check_invisible
from .numbers import check_numbers
from .program import FactInfo, ParamInfo, Program
from ..kinds import Severity, TypeKind
from ..limitspec import Aggregate, spec_of
from .types import ANY, BOOL, DATE, TEXT, TYPE_WORDS, T, declared_unit, num

LE_WORDS = {"不超过", "不高于", "不多于", "<=", "≤"}


def close_names(key: str, candidates) -> list[str]:
    """The declared name keys `key` most likely meant, best first (did-you-mean; also the editor's fixes)."""
    return difflib.get_close_matches(key, list(candidates), n=3, cutoff=0.5)


def did_you_mean(key: str, candidates) -> str:
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

    def err(self, code: str, msg: str, span: Span, hint: str = "", related: tuple[Related, ...] = ()) -> None:
        self.diags.append(Diagnostic(code, msg, span, hint, related=related))

    def undefined(self, msg: str, name: n.Name, candidates) -> None:
        """E201 for a name nothing declares — unless a declaration of it was lost to a syntax error."""
        if name.key in self._lost:
            return
        self.err("E201", msg, name.span, did_you_mean(name.key, candidates))

    def warn(self, code: str, msg: str, span: Span, hint: str = "") -> None:
        self.diags.append(Diagnostic(code, msg, span, hint, Severity.WARNING))

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
                        self.err("E202", f"条款 {d.number} 重复声明：它已在 {first.file} 中声明", d.span,
                                 f"一个条款只在一个文件中声明（{first}）。新规则请写进 {first.file}，放在「条款 {d.number}」"
                                 f"之后（其后的声明都属于这一条款），并删去这里的「条款 {d.number} …」一行",
                                 (Related(first, "首次声明"),))
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
                        self.err("E202", f"名称「{d.name.text}」重复定义", d.name.span,
                                 f"首次定义在 {seen[key].span}；每个术语、事实、参数、待遇只定义一次：同一事物请直接"
                                 f"引用那里的定义，删去这里的一份；不同的事物请换一个名称",
                                 (Related(seen[key].span, "首次定义"),))
                        continue
                    seen[key] = d.name
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
                self.err("E303", str(e), d.type.span, "可用单位：元、万元、个月、年、天、平方米、人、次、个、%、BP 及其组合")
                unit = parse_unit("")
            if d.type.unit and kind not in {"num"}:
                self.err("E301", f"类型「{d.type.type}」不带单位", d.type.span)
            choices: frozenset = frozenset()
            if isinstance(d, n.FactDecl) and d.choices:
                if kind in {"enum", "set"}:
                    bad = [c for c in d.choices if not isinstance(c, n.Text)]
                    for c in bad:
                        self.err("E301", "枚举或集合的取值要写成“文本”", c.span)
                    choices = frozenset(c.value for c in d.choices if isinstance(c, n.Text))
                elif kind == "num":
                    vals = []
                    for c in d.choices:
                        if isinstance(c, n.Quantity):
                            q = self.quantity_value(c)
                            if q is not None and q.dim != unit.dim:
                                self.err("E302", f"取值 {c.text} 的单位与声明的「{unit.text or '无单位'}」不符", c.span)
                            elif q is not None:
                                vals.append(q.value)
                        else:
                            self.err("E301", "数量类型的取值要写成数量，如 5 万元", c.span)
                    choices = frozenset(vals)
                else:
                    self.err("E301", f"类型「{d.type.type}」不能列举取值", d.span)
            elif isinstance(d, n.FactDecl) and kind in {"enum", "set"}:
                self.err("E301", f"{d.type.type}类型的事实要用「取值」列出全部可能的值", d.span,
                         "例如：事实 「性别」：个人 枚举 取值 “女”、“男”。")
            t = T(TypeKind(kind), unit.dim if kind == "num" else DIMENSIONLESS, choices)
            if isinstance(d, n.FactDecl):
                self.p.facts[key] = FactInfo(d, t, unit)
            else:
                self.p.params[key] = ParamInfo(d, t, unit)

    def check_implications(self) -> None:
        """蕴含 links boolean facts only, never a fact to itself, never in a circle."""
        facts = self.p.facts
        for key, info in facts.items():
            d = info.decl
            for target in d.implies:
                if target.key not in facts:
                    self.err("E201", f"蕴含的事实「{target.text}」未声明", target.span, did_you_mean(target.key, facts))
                elif info.type.kind != "bool" or facts[target.key].type.kind != "bool":
                    self.err("E802", f"「{d.name.text}」蕴含「{target.text}」：蕴含只用于两个布尔事实", target.span,
                             "例如：事实 「初次创办企业或个体工商户」：个人 布尔，蕴含 「创办企业或个体工商户」。")
                elif target.key == key or key in _implied(facts, target.key):
                    self.err("E802", f"「{d.name.text}」与「{target.text}」互相蕴含", target.span,
                             "两个事实互相蕴含即是同一事实：只保留一个")

    def quantity_value(self, q: n.Quantity):
        from ..units import Q

        try:
            return Q.of(q.number, parse_unit(q.unit))
        except UnitError as e:
            self.err("E303", str(e), q.span, "可用单位：元、万元、个月、年、天、平方米、人、次、个、%、BP 及其组合")
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
                    self.undefined(f"例外针对的待遇「{e.target.text}」未定义", e.target, self.p.benefits)
                    continue
                self.expect_bool(e.condition, "例外条件")
                self.check_outcome(e.outcome, base)
        for lim in self.p.limits:
            for t in lim.counted:
                if t.key not in self.p.benefits:
                    self.undefined(f"限制计入的待遇「{t.text}」未定义", t, self.p.benefits)
            for t in lim.targets:
                if t.key not in self.p.benefits:
                    self.undefined(f"限制适用的待遇「{t.text}」未定义", t, self.p.benefits)
                else:
                    self.p.limits_for.setdefault(t.key, []).append(lim)
            if lim.cmp_word and lim.cmp_word not in LE_WORDS:
                self.diags.append(Diagnostic.of("E502", lim.span, word=lim.cmp_word))
            if lim.bound is not None:
                q = self.quantity_value(lim.bound)
                aggregate = spec_of(lim.kind).aggregate
                if aggregate is Aggregate.COUNT and q is not None and q.dim != (("次", 1),):
                    self.err("E302", f"次数限制的单位应为「次」，这里是「{lim.bound.unit or '无单位'}」", lim.bound.span)
                if aggregate is Aggregate.AMOUNT and q is not None and q.dim != (("元", 1),):
                    self.err("E302", f"金额限制的单位应为「元」或「万元」，这里是「{lim.bound.unit or '无单位'}」（{dim_text(q.dim)}）",
                             lim.bound.span, "如：每人每年 金额 不超过 6000 元；累计 金额 不超过 10 万元")
                if aggregate is Aggregate.FIELD_SUM and lim.field is not None and q is not None:
                    f = self.p.facts.get(lim.field.key)
                    if f is None:
                        self.undefined(f"累计的字段「{lim.field.text}」不是已声明的事实", lim.field, self.p.facts)
                    elif f.type.dim != q.dim:
                        self.err("E302", f"「{lim.field.text}」的单位是 {dim_text(f.type.dim)}，上限是 {dim_text(q.dim)}",
                                 lim.bound.span)
            for k in lim.keys:
                if k.key not in self.p.facts:
                    self.undefined(f"「同一」后的字段「{k.text}」不是已声明的事实", k, self.p.facts)

    def check_outcome(self, o: n.Outcome, benefit: n.BenefitDecl) -> None:
        if o.payout is None:
            return
        t = self.infer(o.payout)
        if t.kind not in {"num", "any"}:
            self.err("E301", f"待遇「{benefit.name.text}」的金额应是数量，这里是{t.describe()}", o.payout.span)
            return
        for m in o.modifiers:
            if m.value is None:
                continue
            mt = self.infer(m.value)
            if t.kind == "num" and mt.kind == "num" and mt.dim != t.dim:
                word = {"cap": "最高不超过", "floor": "最低", "term_limit": "期限不超过"}[m.kind]
                if m.kind != "term_limit":
                    self.err("E302", f"「{word}」的单位（{dim_text(mt.dim)}）与金额的单位（{dim_text(t.dim)}）不一致",
                             m.value.span, "上限和金额必须是同一种量，例如都以元计")
            if m.kind == "term_limit" and mt.kind == "num" and mt.dim not in {(("月", 1),), (("天", 1),)}:
                self.err("E302", f"期限应是时长，这里是 {dim_text(mt.dim)}", m.value.span)

    def expect_bool(self, e: n.Expr, what: str) -> None:
        t = self.infer(e)
        if t.kind not in {"bool", "any"}:
            self.err("E301", f"{what}应是成立/不成立的判断，这里是{t.describe()}", e.span,
                     "用比较词把数量变成判断，如「正常经营时长」 满 6 个月")

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
            self.err("E201", f"未定义的名称「{e.name.text}」", e.span,
                     did_you_mean(key, p.all_names()) or "先用「事实」「参数」或「术语」声明它")
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
            self.err("E301", f"「{e.op}」两边应是数量，这里有{(a if a.kind != 'num' else b).describe()}", bad.span)
            return ANY
        if e.op in "+-":
            if a.dim != b.dim:
                self.err("E302", f"单位不一致：{dim_text(a.dim)} {e.op} {dim_text(b.dim)}", e.span,
                         "只有同一种量才能相加减；年与月可换算，月与天不能")
                return ANY
            return a
        from ..units import dim_mul

        return num(dim_mul(a.dim, b.dim, 1 if e.op == "×" else -1))

    def _infer_Neg(self, e: n.Neg) -> T:
        t = self.infer(e.operand)
        if t.kind not in {"num", "any"}:
            self.err("E301", f"负号只能用于数量，这里是{t.describe()}", e.span)
        return t

    def _infer_Excess(self, e: n.Excess) -> T:
        a, b = self.infer(e.value), self.infer(e.threshold)
        if a.kind == "num" and b.kind == "num" and a.dim != b.dim:
            self.err("E302", f"单位不一致：{dim_text(a.dim)} 超出 {dim_text(b.dim)}", e.span)
        return a if a.kind == "num" else b

    def _infer_Call(self, e: n.Call) -> T:
        ts = [self.infer(a) for a in e.args]
        nums = [t for t in ts if t.kind == "num"]
        for a, t in zip(e.args, ts):
            if t.kind not in {"num", "any"}:
                self.err("E301", f"{e.func}的参数应是数量，这里是{t.describe()}", a.span)
        if nums and any(t.dim != nums[0].dim for t in nums):
            self.err("E302", f"{e.func}的各参数单位不一致", e.span)
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
                    self.err("E202", f"查表的键 {lit} 重复", k.span)
                seen.add(lit)
            vt = self.infer(row.value)
            out = self.unify(out, vt, row.value.span)
        if e.default is not None:
            out = self.unify(out, self.infer(e.default), e.default.span)
        elif kt.kind == "enum" and kt.choices:
            missing = sorted(kt.choices - {k.value for r in e.rows for k in r.keys if isinstance(k, n.Text)})
            if missing:
                self.warn("W603", "查表没有覆盖取值：" + "、".join(f"“{m}”" for m in missing), e.span,
                          "补上这些行，或加一行「其他 为 …」")
        return out or ANY

    def unify(self, a: T | None, b: T, span: Span) -> T:
        if a is None or a.kind == "any":
            return b
        if b.kind == "any":
            return a
        if a.kind != b.kind or a.dim != b.dim:
            self.err("E302", f"各分支的值类型不一致：{a.describe()} 与 {b.describe()}", span)
        return a

    def check_literal_against(self, lit: n.Expr, t: T) -> None:
        if isinstance(lit, n.Text):
            if t.kind in {"enum", "set"} and t.choices and lit.value not in t.choices:
                self.diags.append(Diagnostic.of(
                    "E304", lit.span, did_you_mean(lit.value, t.choices) or "可选：" + "、".join(f"“{c}”" for c in sorted(t.choices)),
                    value=lit.value))
            elif t.kind not in {"enum", "set", "text", "any"}:
                self.err("E301", f"不能把文本“{lit.value}”与{t.describe()}比较", lit.span)
        else:
            lt = self.infer(lit)
            if t.kind == "num" and lt.kind == "num" and lt.dim != t.dim:
                self.err("E302", f"单位不一致：{dim_text(t.dim)} 与 {dim_text(lt.dim)}", lit.span)

    def _infer_Compare(self, e: n.Compare) -> T:
        a = self.infer(e.left)
        if isinstance(e.right, n.Text):
            if a.kind not in {"enum", "text", "any"}:
                self.err("E301", f"「{e.word}”后的文本只能与枚举或文本比较，这里是{a.describe()}", e.span)
            elif e.op not in {"==", "!="}:
                self.err("E301", f"枚举只能用「是」「不是」比较，不能用「{e.word}」", e.span)
            else:
                self.check_literal_against(e.right, a)
            return BOOL
        b = self.infer(e.right)
        if "any" in (a.kind, b.kind):
            return BOOL
        if a.kind != b.kind:
            self.err("E301", f"不能比较{a.describe()}与{b.describe()}", e.span)
        elif a.kind == "num" and a.dim != b.dim:
            self.err("E302", f"单位不一致：{dim_text(a.dim)} 与 {dim_text(b.dim)} 不能比较", e.span,
                     "年与月可换算；月与天、元与天不能")
        elif a.kind in {"bool", "set"}:
            self.err("E301", f"{a.describe()}不能用「{e.word}」比较", e.span)
        elif a.kind in {"enum", "text"} and e.op not in {"==", "!="}:
            self.err("E301", f"{a.describe()}只能用「是」「不是」比较", e.span)
        return BOOL

    def _infer_Between(self, e: n.Between) -> T:
        ts = [self.infer(x) for x in (e.value, e.low, e.high)]
        real = [t for t in ts if t.kind != "any"]
        if real and any(t.kind != "num" and t.kind != "date" for t in real):
            self.err("E301", "「在 … 至 … 之间」只能用于数量或日期", e.span)
        elif real and any(t.dim != real[0].dim for t in real):
            self.err("E302", "「在 … 至 … 之间」三者单位不一致", e.span)
        return BOOL

    def _infer_Member(self, e: n.Member) -> T:
        t = self.infer(e.value)
        for o in e.options:
            self.check_literal_against(o, t)
        if t.kind == "set":
            self.err("E301", "集合要用「包含」判断，不用「属于」", e.span, "如：「身份」 包含 “高校毕业生”")
        return BOOL

    def _infer_Contains(self, e: n.Contains) -> T:
        t = self.infer(e.collection)
        if t.kind not in {"set", "any"}:
            self.err("E301", f"「包含」只能用于集合，这里是{t.describe()}", e.span)
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
            self.err("E401", "引文为空", q.span, "依据「…」里写出本规则所依据的原文")
            return
        k = self.official.longest_prefix(q.key)
        span = _span_of_compact_char(q, k)
        if k < MIN_PLACED:
            # a word or two (「不」, 「就业」) occurs all over the text and places nothing: place the quote by
            # its end instead, and show the official words where the quote's beginning should be
            s = self.official.longest_suffix(q.key)
            j = len(q.key) - s
            if s < MIN_PLACED or j <= k:
                self.err("E401", "引文在原文中找不到", span,
                         "引文须与原文逐字一致（空格和换行不计）；照原文复制一段（hzdsl coverage 列出尚未引用的原文）")
                return
            at = self.official.find(q.key[j:])
            actual = self.official.compact[max(at - (j - k), 0):at]
            which = f"{k + 1}" if j == k + 1 else f"{k + 1}–{j}"
            self.err("E401", f"引文第 {which} 个字与原文不符：此处写的是「{q.key[k:j]}」，"
                     f"原文（第 {self.official.line_of(at)} 行）是「{actual}」",
                     span, "引文须与原文逐字一致（空格和换行不计）；请照原文改正")
            return
        at = self.official.find(q.key[:k])
        actual = self.official.compact[at + k : at + k + 12]
        self.err("E401", f"引文自第 {k + 1} 个字起与原文不符：此处写的是「{q.key[k:k + 12]}」，"
                 f"原文（第 {self.official.line_of(at + k)} 行）是「{actual}」",
                 span, "引文须与原文逐字一致（空格和换行不计）；请照原文改正")

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
