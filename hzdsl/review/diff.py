"""Semantic diff of two policy versions: per declaration, what changed, in the reviewer's words.

Declarations are matched by kind and name (the name's key, so spacing inside 「」 does not
matter) across all files of a version: moving a rule to another file, reordering, reformatting,
re-spacing a quote or adding a comment is not a change. A change is then described field by
field — 金额, 上限, 条件 (operand by operand of a 且-chain), 依据 (a word-level diff of the
quote) … — with both sides printed in the canonical spelling.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace

from ..check.program import Program
from ..ir import clause_order, ir_of
from ..limitspec import SPECS
from ..syntax import nodes as n
from ..syntax import printer as pr
from ..syntax.walk import map_children
from .fmt import limit_rule_text, modifier_text, strip_spans, type_text

KIND_WORDS = {
    n.BenefitDecl: "待遇", n.TermDecl: "术语", n.ExceptionDecl: "例外", n.LimitDecl: "限制",
    n.FactDecl: "事实", n.ParamDecl: "参数", n.ClauseDecl: "条款", n.PartDecl: "部分", n.NoteDecl: "说明",
}
# Order in which kinds are listed within a clause: what reviewers care about first.
KIND_ORDER = ["待遇", "例外", "限制", "术语", "事实", "参数", "说明", "条款", "部分"]
MODIFIER_LABELS = {"cap": "上限", "floor": "下限", "once": "一次性", "term_limit": "期限"}
LIMIT_LABELS = {spec.kind: spec.label for spec in SPECS}  # how a change of each limit kind is named (limitspec)


@dataclass
class Change:
    """One thing that changed: `what` (金额、条件 …), `action` (新增 | 删除 | 变更), both sides as text.

    `words` is set for a changed quote: a word-level diff as (op, text) with op in "=", "-", "+".
    """

    what: str
    action: str
    old: str = ""
    new: str = ""
    words: list[tuple[str, str]] | None = None

    def to_json(self) -> dict:
        out = {"项目": self.what, "变动": self.action, "原": self.old, "新": self.new}
        if self.words is not None:
            out["逐词"] = [{"op": op, "text": t} for op, t in self.words]
        return out


@dataclass
class DeclDiff:
    kind: str  # 待遇 | 术语 | …
    name: str  # as written in the new version (the old one when removed)
    key: str
    clause: str
    status: str  # 新增 | 删除 | 变更 | 重命名
    changes: list[Change] = field(default_factory=list)
    old_name: str = ""  # for 重命名
    affects: list[str] = field(default_factory=list)  # benefits that use a changed term, fact or parameter
    quotes: list[str] = field(default_factory=list)  # a benefit's 依据 in the new version (added or changed)

    def to_json(self) -> dict:
        out = {"类别": self.kind, "名称": self.name, "条款": self.clause, "状态": self.status,
               "变更": [c.to_json() for c in self.changes]}
        if self.old_name:
            out["原名称"] = self.old_name
        if self.affects:
            out["影响待遇"] = self.affects
        if self.quotes:
            out["依据"] = self.quotes
        return out


@dataclass
class SemanticDiff:
    decls: list[DeclDiff]
    files_touched: list[str]  # files whose text differs (semantically or not)

    @property
    def is_empty(self) -> bool:
        return not self.decls

    def count(self, kind: str, status: str) -> int:
        return sum(1 for d in self.decls if d.kind == kind and d.status == status)


# ── semantic form ─────────────────────────────────────────────────────────────────────────


def semantic(x):
    """A node with spans blanked and names/quotes reduced to their keys: equal iff same meaning."""
    x = strip_spans(x)
    return _keys(x)


def _keys(x):
    if isinstance(x, (tuple, list)):
        return type(x)(_keys(v) for v in x)
    if isinstance(x, n.Node):
        x = map_children(x, _keys)
        changes = {}
        if isinstance(x, (n.Name, n.Quote)):
            changes["text"] = x.key
        if isinstance(x, n.Logic):  # 且 / 或 commute (also in three-valued logic): order is not meaning
            changes["operands"] = tuple(sorted(x.operands, key=pr.expr))
        # sets written as lists (breaker s22: each reorder was a 变更, and --exit-code failed the PR): the options of
        # 属于…之一, a lookup's rows (distinct literal keys, E202) and the keys of one row, a fact's 取值, a 限制's
        # 适用于 / 计入 benefits and its 同一「字段」 fields
        if isinstance(x, n.Member):
            changes["options"] = tuple(sorted(x.options, key=pr.expr))
        if isinstance(x, n.LookupRow):
            changes["keys"] = tuple(sorted(x.keys, key=pr.expr))
        if isinstance(x, n.Lookup):
            changes["rows"] = tuple(sorted(x.rows, key=lambda r: [pr.expr(k) for k in r.keys]))
        if isinstance(x, n.FactDecl):
            changes["choices"] = tuple(sorted(x.choices, key=pr.literal))
        if isinstance(x, n.LimitDecl):
            changes.update(targets=tuple(sorted(x.targets, key=lambda t: t.key)),
                           counted=tuple(sorted(x.counted, key=lambda t: t.key)),
                           keys=tuple(sorted(x.keys, key=lambda t: t.key)))
        return replace(x, **changes) if changes else x
    return x


def decl_key(d: n.Decl) -> tuple[str, str]:
    kind = KIND_WORDS[type(d)]
    if isinstance(d, (n.ClauseDecl, n.PartDecl)):
        return kind, d.number
    if isinstance(d, n.NoteDecl):
        return kind, "、".join(q.key for q in d.quotes)
    return kind, d.name.key


def display_name(d: n.Decl) -> str:
    if isinstance(d, (n.ClauseDecl, n.PartDecl)):
        return f"{d.number} 「{d.title.text}」"
    if isinstance(d, n.NoteDecl):
        text = d.quotes[0].text if d.quotes else ""
        return "「" + (text[:24] + "…" if len(text) > 24 else text) + "」"
    return "「" + d.name.text + "」"


def index(modules: list[n.Module]) -> dict[tuple[str, str], n.Decl]:
    """Declarations by (kind, name key). Two of one kind and name — two 例外 「延长」 for two benefits,
    two 限制 of one name — are both kept, the later ones as `name#2`, `name#3` in file order, so a
    change to either is seen (keeping only the first once hid a changed exception: 无语义变更)."""
    out: dict[tuple[str, str], n.Decl] = {}
    for m in modules:
        for d in m.decls:
            kind, key = decl_key(d)
            at, i = (kind, key), 1
            while at in out:
                i += 1
                at = (kind, f"{key}#{i}")
            out[at] = d
    return out


# ── describing a change ───────────────────────────────────────────────────────────────────


def show(e: n.Expr | None) -> str:
    return "—" if e is None else pr.expr(e)


def _operands(e: n.Expr | None) -> list[n.Expr]:
    if e is None:
        return []
    if isinstance(e, n.Logic) and e.op == "且" and not e.form:
        return list(e.operands)
    return [e]


_NUM = re.compile(r"\d+(?:\.\d+)?")


def _skeleton(e: n.Expr) -> str:
    """The printed expression with its numbers blanked: 「时长」 满 6 个月 ~ 「时长」 满 12 个月."""
    return _NUM.sub("#", pr.expr(semantic(e)))


def _subject(e: n.Expr) -> str:
    """What a comparison is about: its left side (「正常经营时长」 in 「正常经营时长」 满 6 个月)."""
    if isinstance(e, (n.Compare, n.Between, n.Member)):
        inner = e.left if isinstance(e, n.Compare) else e.value
        return pr.expr(semantic(inner))
    if isinstance(e, n.Contains):
        return pr.expr(semantic(e.collection)) + " 包含"
    return ""


def operand_changes(what: str, old: list[n.Expr], new: list[n.Expr]) -> list[Change]:
    """Compare two lists of conditions as sets; pair a removed and an added one that differ only in
    a number or share a subject, so that a changed threshold reads as one change."""
    old_keys = [pr.expr(semantic(x)) for x in old]
    new_keys = [pr.expr(semantic(x)) for x in new]
    removed = [x for x, k in zip(old, old_keys) if k not in new_keys]
    added = [x for x, k in zip(new, new_keys) if k not in old_keys]
    out: list[Change] = []
    for match in (_skeleton, _subject):
        for r in list(removed):
            key = match(r)
            if not key:
                continue
            partner = next((a for a in added if match(a) == key), None)
            if partner is not None:
                a, b = pr.expr(r), pr.expr(partner)
                out.append(Change(what, "变更", a, b, word_diff(a, b)))
                removed.remove(r)
                added.remove(partner)
    out.extend(Change(what, "删除", pr.expr(r)) for r in removed)
    out.extend(Change(what, "新增", "", pr.expr(a)) for a in added)
    return out


_TOKEN = re.compile(r"[A-Za-z]+|\d+(?:\.\d+)?|\s+|.", re.S)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level diff of two quotes. Chinese has no spaces, so a word is one Han character, a
    number or a Latin word; adjacent pieces with the same operation are merged."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    ops: list[tuple[str, str]] = []

    def push(op: str, text: str) -> None:
        if not text:
            return
        if ops and ops[-1][0] == op:
            ops[-1] = (op, ops[-1][1] + text)
        else:
            ops.append((op, text))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            push("=", "".join(a[i1:i2]))
        else:
            push("-", "".join(a[i1:i2]))
            push("+", "".join(b[j1:j2]))
    return ops


def _squeeze(text: str) -> str:
    """A quote as written, without the line breaks and spaces that do not count."""
    return "".join(text.split())


def quote_changes(old: tuple[n.Quote, ...], new: tuple[n.Quote, ...]) -> list[Change]:
    ok, nk = [q.key for q in old], [q.key for q in new]
    if ok == nk:
        return []
    gone = [q for q in old if q.key not in nk]
    came = [q for q in new if q.key not in ok]
    out = []
    while gone and came:  # pair in order: an edited quote
        a, b = gone.pop(0), came.pop(0)
        out.append(Change("依据", "变更", a.text, b.text, word_diff(_squeeze(a.text), _squeeze(b.text))))
    out.extend(Change("依据", "删除", q.text) for q in gone)
    out.extend(Change("依据", "新增", "", q.text) for q in came)
    if not out:
        out.append(Change("依据", "变更", "、".join(q.text for q in old), "、".join(q.text for q in new)))
    return out


def _field(what: str, old: str, new: str) -> list[Change]:
    if old == new:
        return []
    if not old:
        return [Change(what, "新增", "", new)]
    if not new:
        return [Change(what, "删除", old)]
    return [Change(what, "变更", old, new)]


def _upper_change(old: n.FactDecl | n.ParamDecl, new: n.FactDecl | n.ParamDecl) -> list[Change]:
    """上限 added, removed or changed — compared as written (100% and 1 are two bounds to a reader)."""
    if semantic(old.upper) == semantic(new.upper):
        return []
    return _field("上限", pr.literal(old.upper) if old.upper else "", pr.literal(new.upper) if new.upper else "")


def _payout_text(o: n.Outcome) -> str:
    if o.payout is None:
        return f"享有 “{o.entitlement}”"
    return ("最高 " if o.up_to else "") + pr.expr(o.payout)


def outcome_changes(old: n.Outcome, new: n.Outcome) -> list[Change]:
    out = []
    if semantic((old.payout, old.entitlement, old.up_to)) != semantic((new.payout, new.entitlement, new.up_to)):
        out.extend(_field("金额" if new.payout is not None or old.payout is not None else "权利",
                          _payout_text(old), _payout_text(new)))
    for kind, label in MODIFIER_LABELS.items():
        a, b = old.modifier(kind), new.modifier(kind)
        if semantic(a) != semantic(b):
            out.extend(_field(label, modifier_text(a) if a else "", modifier_text(b) if b else ""))
    return out


def describe(old: n.Decl, new: n.Decl) -> list[Change]:
    """The changes between two declarations of the same kind and name."""
    out: list[Change] = []
    if old.clause != new.clause:
        out.extend(_field("所属条款", old.clause, new.clause))
    if isinstance(old, (n.BenefitDecl, n.TermDecl, n.ExceptionDecl, n.LimitDecl)):
        out.extend(quote_changes(old.quotes, new.quotes))
    if isinstance(old, n.BenefitDecl):
        out.extend(_field("类别", old.kind, new.kind))
        out.extend(operand_changes("条件", _operands(old.condition), _operands(new.condition)))
        out.extend(operand_changes("除外", list(old.exclusions), list(new.exclusions)))
        out.extend(outcome_changes(old.outcome, new.outcome))
    elif isinstance(old, n.TermDecl):
        if isinstance(old.body, n.Logic) and isinstance(new.body, n.Logic) and old.body.op == new.body.op \
                and old.body.form == new.body.form:
            # item by item: which member of 「重点人群」's list went, which condition was added
            what = "定义" + (f"（{old.body.form}）" if old.body.form else "")
            out.extend(operand_changes(what, list(old.body.operands), list(new.body.operands)))
        elif semantic(old.body) != semantic(new.body):
            a, b = show(old.body), show(new.body)
            out.append(Change("定义", "变更", a, b, word_diff(a, b)))
    elif isinstance(old, n.ExceptionDecl):
        out.extend(_field("适用待遇", pr.name(old.target), pr.name(new.target)) if old.target.key != new.target.key else [])
        out.extend(operand_changes("条件", _operands(old.condition), _operands(new.condition)))
        out.extend(outcome_changes(old.outcome, new.outcome))
    elif isinstance(old, n.LimitDecl):
        ot, nt = [t.key for t in old.targets], [t.key for t in new.targets]
        out.extend(Change("适用于", "删除", pr.name(t)) for t in old.targets if t.key not in nt)
        out.extend(Change("适用于", "新增", "", pr.name(t)) for t in new.targets if t.key not in ot)
        oc, nc = [t.key for t in old.counted], [t.key for t in new.counted]
        out.extend(Change("计入", "删除", pr.name(t)) for t in old.counted if t.key not in nc)
        out.extend(Change("计入", "新增", "", pr.name(t)) for t in new.counted if t.key not in oc)
        if semantic(replace(old, targets=(), counted=(), quotes=(), name=new.name, clause="")) != \
                semantic(replace(new, targets=(), counted=(), quotes=(), clause="")):
            label = LIMIT_LABELS[new.kind] if old.kind == new.kind else "限制规则"
            out.append(Change(label, "变更", limit_rule_text(old), limit_rule_text(new)))
    elif isinstance(old, n.FactDecl):
        out.extend(_field("主体", old.entity, new.entity))
        out.extend(_field("类型", type_text(old.type), type_text(new.type)))
        out.extend(_upper_change(old, new))
        oc, nc = [pr.literal(c) for c in old.choices], [pr.literal(c) for c in new.choices]
        out.extend(Change("取值", "删除", c) for c in oc if c not in nc)
        out.extend(Change("取值", "新增", "", c) for c in nc if c not in oc)
        out.extend(_field("释义", old.doc, new.doc))
    elif isinstance(old, n.ParamDecl):
        out.extend(_field("类型", type_text(old.type), type_text(new.type)))
        out.extend(_upper_change(old, new))
        out.extend(_field("释义", old.doc, new.doc))
    elif isinstance(old, (n.ClauseDecl, n.PartDecl)):
        if old.title.key != new.title.key:
            out.append(Change("标题", "变更", old.title.text, new.title.text,
                              word_diff(_squeeze(old.title.text), _squeeze(new.title.text))))
    return out


# ── the diff ──────────────────────────────────────────────────────────────────────────────


def diff_modules(old: list[n.Module], new: list[n.Module], new_program: Program | None = None,
                 old_program: Program | None = None) -> SemanticDiff:
    a, b = index(old), index(new)
    out: list[DeclDiff] = []
    for key, d in b.items():
        if key in a:
            before = a[key]
            if semantic(before) != semantic(d):
                changes = describe(before, d)
                if not changes:  # a difference describe() has no words for: show the whole declaration
                    changes = [Change("内容", "变更", "", "")]
                out.append(DeclDiff(key[0], display_name(d), key[1], d.clause, "变更", changes))
    removed = [(k, d) for k, d in a.items() if k not in b]
    added = [(k, d) for k, d in b.items() if k not in a]
    for k, d in list(removed):  # the same declaration under a new name
        if isinstance(d, (n.ClauseDecl, n.PartDecl, n.NoteDecl)):
            continue
        twin = next(((k2, d2) for k2, d2 in added if k2[0] == k[0]
                     and semantic(replace(d, name=d2.name)) == semantic(d2)), None)
        if twin is not None:
            out.append(DeclDiff(k[0], display_name(twin[1]), twin[0][1], twin[1].clause, "重命名",
                                [Change("名称", "变更", display_name(d), display_name(twin[1]))],
                                old_name=display_name(d)))
            removed.remove((k, d))
            added.remove(twin)
    for k, d in added:
        out.append(DeclDiff(k[0], display_name(d), k[1], d.clause, "新增", _summary(d)))
    for k, d in removed:
        out.append(DeclDiff(k[0], display_name(d), k[1], d.clause, "删除", _summary(d, removed=True)))
    for dd in out:
        if dd.kind == "待遇" and dd.status != "删除":
            dd.quotes = [q.text for q in b[(dd.kind, dd.key)].quotes]
        if dd.kind in {"术语", "事实", "参数"}:
            program = new_program if dd.status != "删除" else old_program
            if program is not None:
                prog = ir_of(program)
                dd.affects = [prog.benefits[k].name for k in prog.users_of(dd.key)]
    order = {k: i for i, k in enumerate([*b, *a])}
    out.sort(key=lambda x: (clause_order(x.clause), KIND_ORDER.index(x.kind), order.get((x.kind, x.key), 0)))
    return SemanticDiff(out, [])


def _summary(d: n.Decl, removed: bool = False) -> list[Change]:
    """The gist of a whole added or removed declaration."""
    action = "删除" if removed else "新增"

    def ch(what: str, text: str) -> Change:
        return Change(what, action, text if removed else "", "" if removed else text)

    if isinstance(d, n.BenefitDecl):
        out = [ch("条件", show(d.condition))] if d.condition is not None else []
        out.append(ch("金额" if d.outcome.payout is not None else "权利", _payout_text(d.outcome)))
        out.extend(ch(MODIFIER_LABELS[m.kind], modifier_text(m)) for m in d.outcome.modifiers)
        return out
    if isinstance(d, n.TermDecl):
        return [ch("定义", show(d.body))]
    if isinstance(d, n.ExceptionDecl):
        return [ch("适用待遇", pr.name(d.target)), ch("条件", show(d.condition)),
                ch("金额", _payout_text(d.outcome))]
    if isinstance(d, n.LimitDecl):
        return [ch(LIMIT_LABELS[d.kind], "、".join(pr.name(t) for t in d.targets) + "：" + limit_rule_text(d))]
    if isinstance(d, n.FactDecl):
        return [ch("类型", f"{d.entity} {type_text(d.type)}")] + ([ch("上限", pr.literal(d.upper))] if d.upper else [])
    return []
