"""Impact of a change: the case corpus run under both versions, and distinguishing examples.

A case's outcome for a benefit is its status with its amount (符合 3000 元, 不符合, 待定 …); a
benefit that does not exist in a version counts as 不符合 there, and adding or removing a benefit
changes only the cases that can claim it (符合) — not those for which it would be 待定.

A distinguishing example is a set of facts under which the two versions give different *definite*
answers (neither side 待定). Candidates are built from the literals of the changed rules — each
threshold, one unit below and above it, the listed enumeration values — plus the values the case
corpus uses and a small ladder of magnitudes; the corpus cases whose outcome changed are tried
first, then a seeded random search. Every example found is shrunk by dropping facts while the two
versions still disagree, and the one with the fewest facts is shown.
"""
from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..cases.load import Case, load_cases
from ..check.program import Program
from ..runtime.evaluate import evaluator_for
from .. import ir
from ..ir import ir_of
from ..syntax.walk import walk
from ..errors import HzdslError
from ..render import amount_text, value_text
from ..render_words import unknown_text
from ..runtime.evaluate import Decision, Env, HistoryEntry
from ..units import Q, parse_unit
from .diff import semantic

NOT_ELIGIBLE = "不符合"
LADDER = (0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)


def outcome_text(d: Decision | None) -> str:
    """One outcome as a reviewer reads it: `符合 3000 元`, `不符合`, `待定`; a 符合 / 冲突 whose amount waits for
    facts is ONE status with the open amount in brackets, `符合（金额待定：缺「带动就业人数」）` — not
    `符合 待定（…）`, which read as two statuses (breaker s20, diff --prove witnesses)."""
    if d is None:
        return "（无此待遇）"
    if d.status in {"符合", "冲突"} and d.amount is None and d.amount_unknown is not None \
            and not d.rule.outcome.entitlement:
        return f"{d.status}（金额待定：缺{unknown_text(d.amount_unknown)}）"
    amount = amount_text(d)
    return d.status + (f" {amount}" if d.status in {"符合", "冲突"} and amount != "—" else "")


def outcome_key(d: Decision | None):
    """What a reviewer compares: the status, and for a decided claim the amount or right.
    A 待定 outcome's provisional amount is not part of it: 待定 stays 待定 whatever it would pay."""
    if d is None or d.status == NOT_ELIGIBLE:
        return (NOT_ELIGIBLE,)
    if d.status == "待定":
        return ("待定",)
    amount = (d.amount.value, d.amount.dim) if d.amount is not None else None
    return (d.status, amount, d.up_to, d.rule.outcome.entitlement)


@dataclass
class CaseChange:
    file: str
    case: str
    benefit: str
    before: str
    after: str

    def to_json(self) -> dict:
        return {"文件": self.file, "案例": self.case, "待遇": self.benefit, "原结果": self.before, "新结果": self.after}


@dataclass
class Example:
    """A fact set on which the two versions disagree."""

    benefit: str
    facts: dict[str, str]  # fact name → value as text
    history: str  # "" or a description of the past claims used
    before: str
    after: str
    date: dt.date
    case_yaml: str = ""  # the example as a complete case file: run it and get `after` (hzdsl test passes)

    def to_json(self) -> dict:
        return {"待遇": self.benefit, "事实": self.facts, "历史": self.history, "评估日期": str(self.date),
                "原结果": self.before, "新结果": self.after, "案例": self.case_yaml}


@dataclass
class Impact:
    total: int = 0  # cases run under both versions
    changed_cases: int = 0
    changes: list[CaseChange] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # case files not valid under one of the versions
    examples: list[Example] = field(default_factory=list)
    searched: list[str] = field(default_factory=list)  # benefits searched without finding an example
    note: str = ""
    covered: set[str] = field(default_factory=set)  # benefit keys some case (new version) writes a 预期 for

    def to_json(self) -> dict:
        return {"案例数": self.total, "结果改变的案例数": self.changed_cases,
                "结果改变": [c.to_json() for c in self.changes], "无法读取": self.unreadable,
                "区分案例": [e.to_json() for e in self.examples], "未找到区分案例的待遇": self.searched,
                "说明": self.note}


def case_files(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(p.rglob("*.yaml")) + sorted(p.rglob("*.yml")))
        elif p.is_file():
            out.append(p)
    return out


def _load(path: Path, program: Program) -> list[Case] | None:
    try:
        return load_cases(path, program)
    except HzdslError:
        return None


def run_corpus(old: Program, new: Program, paths: list[str]) -> tuple[Impact, list[tuple[Case, Case]]]:
    """Run every case under both versions; also return the pairs of cases, for the example search."""
    impact = Impact()
    pairs: list[tuple[Case, Case]] = []
    ev_old, ev_new = evaluator_for(old), evaluator_for(new)
    for f in case_files(paths):
        a, b = _load(f, old), _load(f, new)
        if a is None or b is None or len(a) != len(b):
            impact.unreadable.append(str(f))
            continue
        for ca, cb in zip(a, b):
            impact.covered.update(e.benefit for e in cb.expected)
            impact.total += 1
            pairs.append((ca, cb))
            da = {d.rule.key: d for d in ev_old.decide_all(_env(ca))}
            db = {d.rule.key: d for d in ev_new.decide_all(_env(cb))}
            changed = False
            for key in [*db, *(k for k in da if k not in db)]:
                x, y = da.get(key), db.get(key)
                if (x is None or y is None) and (x or y).status not in {"符合", "冲突"}:
                    continue  # a benefit added or removed matters only to the cases that can claim it
                if outcome_key(x) != outcome_key(y):
                    changed = True
                    name = (y or x).rule.name
                    impact.changes.append(CaseChange(str(f), ca.name, name, outcome_text(x), outcome_text(y)))
            impact.changed_cases += changed
    return impact, pairs


def _env(c: Case) -> Env:
    return Env(c.date, c.facts, c.params, c.history)


# ── distinguishing examples ───────────────────────────────────────────────────────────────


def changed_benefits(old: Program, new: Program) -> list[str]:
    """Benefits in both versions whose rule, or anything it depends on, differs."""
    out = []
    for key, b in new.benefits.items():
        if key not in old.benefits:
            continue
        if _fingerprint(old, key) != _fingerprint(new, key):
            out.append(key)
    return out


def _fingerprint(p: Program, key: str):
    """What decides a benefit's outcome, without quotes: rule, exceptions, limits, terms it uses."""
    names = ir_of(p).deps[key].names
    b = p.benefits[key]
    excs = tuple(replace(x, quotes=(), clause="") for x in p.exceptions.get(key, []))
    lims = tuple(replace(x, quotes=(), clause="") for x in sorted(p.limits_for.get(key, []), key=lambda x: x.name.key))
    terms = tuple((k, p.terms[k].body) for k in sorted(names) if k in p.terms)
    return semantic((b.condition, b.exclusions, b.outcome, excs, lims, terms))


def reform_benefits(old: Program, new: Program) -> list[str]:
    """The benefits a population can see change between two versions (keys: NEW's declaration order, then
    those only OLD has) — what `diff --population` screens, so a 历史汇总 file needs only their columns.

    A benefit is in when it is in one version only (不符合 in the other), or when anything that decides its
    screened outcome differs (`_screened`): its rule and kind, its exceptions and limits (the benefits they
    count by name included), the terms, and the declarations of the facts (蕴含 links both ways, 取值, unit,
    上限) and parameters it reads. Not: quotes, 读法, docs, clause headers — text a screen never reads.
    tests/test_reform_benefits.py screens every benefit of both versions on reforms of each kind and finds no
    benefit whose figures change outside this list."""
    keys = [*new.benefits, *[k for k in old.benefits if k not in new.benefits]]
    return [k for k in keys if k not in old.benefits or k not in new.benefits
            or _screened(old, k) != _screened(new, k)]


def _screened(p: Program, key: str):
    """What decides benefit `key`'s outcome on a population (see reform_benefits), in semantic form."""
    def bare(d):  # the declaration without the text a screen never reads
        fields = {f: v for f, v in (("quotes", ()), ("readings", ()), ("doc", ""), ("clause", "")) if hasattr(d, f)}
        return replace(d, **fields)

    prog = ir_of(p)
    deps = prog.deps[key]
    links = prog.implications  # a fact filled from another one (蕴含): the links are part of what it reads
    facts = deps.facts | deps.history_fields
    return semantic((bare(p.benefits[key]), tuple(bare(x) for x in p.exceptions.get(key, [])),
                     tuple(bare(x) for x in sorted(p.limits_for.get(key, []), key=lambda x: x.name.key)),
                     tuple((k, bare(p.terms[k])) for k in sorted(deps.terms) if k in p.terms),
                     tuple((k, bare(p.facts[k].decl), links.get(k)) for k in sorted(facts) if k in p.facts),
                     tuple((k, bare(p.params[k].decl)) for k in sorted(deps.params) if k in p.params)))


def _one_unit(unit_text: str) -> Q:
    """One of the unit a literal is written in (半年 steps by a month): the step around a boundary."""
    return Q.of(1, parse_unit(unit_text) if unit_text and unit_text != "半年" else ("个月" if unit_text == "半年" else ""))


def _boundaries(programs: list[Program], key: str) -> dict[str, list[Any]]:
    """Per fact, the values around each literal it is compared with in the rules of `key`."""
    out: dict[str, list[Any]] = {}
    for p in programs:
        prog = ir_of(p)
        if key not in prog.benefits:
            continue
        roots = [prog.benefits[key], *(prog.terms[k] for k in prog.deps[key].terms)]
        for node in walk(roots):
            pairs = []
            if isinstance(node, ir.Compare):
                pairs = [(node.left, node.right), (node.right, node.left)]
            elif isinstance(node, ir.Between):
                pairs = [(node.value, node.low), (node.value, node.high)]
            elif isinstance(node, ir.Member):
                pairs = [(node.value, o) for o in node.options]
            elif isinstance(node, ir.Contains):
                pairs = [(node.collection, node.item)]
            elif isinstance(node, ir.Lookup):
                pairs = [(node.key, k) for r in node.rows for k in r.keys]
            for ref, lit in pairs:
                if not isinstance(ref, ir.Ref):
                    continue
                vals = out.setdefault(ref.key, [])
                if isinstance(lit, ir.Text):
                    vals.append(lit.value)
                elif isinstance(lit, ir.Date):
                    day = lit.value
                    vals.extend([day - dt.timedelta(days=1), day, day + dt.timedelta(days=1)])
                elif isinstance(lit, ir.Quantity) and lit.value is not None:
                    q, step = lit.value, _one_unit(lit.unit.text)
                    vals.extend([q - step, q, q + step] if step.dim == q.dim else [q])
    return out


def _candidates(old: Program, new: Program, key: str, names: set[str],
                corpus: list[tuple[Case, Case]]) -> dict[str, list[Any]]:
    bounds = _boundaries([old, new], key)
    out: dict[str, list[Any]] = {}
    for k in sorted(names):
        fo, fn = old.facts.get(k) or old.params.get(k), new.facts.get(k) or new.params.get(k)
        info = fn or fo
        if info is None or (fo is not None and fn is not None and (fo.type.kind, fo.type.dim) != (fn.type.kind, fn.type.dim)):
            continue  # a term, or a fact whose type changed: no common value
        kind = info.type.kind
        vals: list[Any] = []
        if kind == "bool":
            vals = [True, False]
        elif kind == "enum":
            vals = sorted(info.type.choices)
        elif kind == "set":
            vals = [frozenset()] + [frozenset({c}) for c in sorted(info.type.choices)]
        elif kind == "num":
            vals = [v for v in bounds.get(k, []) if isinstance(v, Q) and v.dim == info.type.dim and v.value >= 0]
            unit = info.unit
            is_param = k in old.params or k in new.params
            in_corpus = any(c.params.get(k) is not None or c.facts.get(k) is not None for pair in corpus for c in pair)
            if not (is_param and in_corpus):
                # a parameter the corpus sets (LPR 3.65%) keeps its real values: the printed example is read
                # by a reviewer, and 「LPR = 1000%」 reads as nonsense; a rate is tried up to 100% only
                ladder = [x for x in LADDER if not (not info.type.dim and unit.text == "%" and x > 100)]
                vals += [Q(Fraction(x) * unit.scale, info.type.dim) for x in ladder]
        elif kind == "date":
            vals = [v for v in bounds.get(k, []) if isinstance(v, dt.date)]
        in_corpus = [c.facts.get(k, c.params.get(k)) for pair in corpus for c in pair]
        vals += [v for v in in_corpus if v is not None]
        unique = list(dict.fromkeys(vals))  # Q is frozen: equal value and dimension hash alike
        if unique:
            out[k] = unique
    return out


def _histories(programs: list[Program], key: str, date: dt.date) -> list[list[HistoryEntry]]:
    """No past claims, and for each count limit on the benefit, one claim fewer, as many as, and one
    more than its bound (in the year of the evaluation)."""
    out: list[list[HistoryEntry]] = [[]]
    for p in programs:
        b = ir_of(p).benefits.get(key)
        for lim in b.limits if b is not None else ():
            if isinstance(lim, ir.CountLimit):
                bound = lim.bound
                counted = sorted(lim.counted)
                past = key if key in counted else counted[0]  # the claims this limit counts
                for count in {max(bound - 1, 0), bound, bound + 1}:
                    out.append([HistoryEntry(past, date, "个人", {}) for _ in range(count)])
    return out


class _Judge:
    def __init__(self, old: Program, new: Program, key: str, params: dict):
        self.ev_old, self.ev_new = evaluator_for(old), evaluator_for(new)
        self.b_old, self.b_new = self.ev_old.benefit(key), self.ev_new.benefit(key)
        self.params = params
        self.old_facts, self.new_facts = set(old.facts) | set(old.params), set(new.facts) | set(new.params)
        self.old_params, self.new_params = set(old.params), set(new.params)

    def decide(self, facts: dict, history, date):
        def env(allowed, param_keys):
            f = {k: v for k, v in facts.items() if k in allowed and k not in param_keys}
            p = {**self.params, **{k: v for k, v in facts.items() if k in param_keys}}
            return Env(date, f, p, history)

        return (self.ev_old.decide(self.b_old, env(self.old_facts, self.old_params)),
                self.ev_new.decide(self.b_new, env(self.new_facts, self.new_params)))

    def disagree(self, facts: dict, history, date) -> tuple[Decision, Decision] | None:
        """Both versions decided (no 待定, no undecided amount) and their outcomes differ."""
        a, b = self.decide(facts, history, date)
        for d in (a, b):
            if d.status == "待定" or (d.status != NOT_ELIGIBLE and d.amount is None and d.amount_unknown is not None):
                return None
        return (a, b) if outcome_key(a) != outcome_key(b) else None


def _shrink(judge: _Judge, facts: dict, history, date) -> dict:
    facts = dict(facts)
    changed = True
    while changed:
        changed = False
        for k in sorted(facts):
            trial = {x: v for x, v in facts.items() if x != k}
            if judge.disagree(trial, history, date):
                facts, changed = trial, True
    return facts


def find_example(old: Program, new: Program, key: str, corpus: list[tuple[Case, Case]],
                 tries: int = 3000, seed: int = 0) -> Example | None:
    names = set(ir_of(old).deps[key].names | ir_of(new).deps[key].names)
    cands = _candidates(old, new, key, names, corpus)
    dates = Counter(c.date for c, _ in corpus)
    date = dates.most_common(1)[0][0] if dates else dt.date(2023, 6, 30)
    params = {}
    for c, _ in corpus:  # parameter values the corpus supplies, as a default backdrop
        for k, v in c.params.items():
            params.setdefault(k, v)
    judge = _Judge(old, new, key, params)
    found: list[tuple[dict, list, dt.date]] = []
    for ca, _ in corpus:  # corpus cases first: a real case that changes is the best witness
        facts = {**{k: v for k, v in ca.params.items()}, **ca.facts}
        history = ca.history if ca.history is not None else []
        if judge.disagree(facts, history, ca.date):
            found.append((facts, history, ca.date))
    histories = _histories([old, new], key, date)
    rng = random.Random(seed)
    keys = sorted(cands)
    for _ in range(tries if keys else 0):
        if len(found) >= 12:
            break
        facts = {k: rng.choice(cands[k]) for k in keys}
        history = rng.choice(histories)
        if judge.disagree(facts, history, date):
            found.append((facts, history, date))
    if not found:
        return None
    best = None
    for facts, history, when in found:
        small = _shrink(judge, facts, history, when)
        if best is None or len(small) < len(best[0]):
            best = (small, history, when)
    facts, history, when = best
    a, b = judge.decide(facts, history, when)
    program = new if key in new.benefits else old
    shown = {}
    for k, v in sorted(facts.items()):
        info = program.facts.get(k) or program.params.get(k) or old.facts.get(k) or old.params.get(k)
        label = info.decl.name.text if info is not None else k
        shown[label] = value_text(v, info.unit if info is not None else None)
    hist = f"已申领本待遇 {len(history)} 次（评估当年）" if history else ""
    name = program.benefits[key].name.text
    yaml_text = _example_case(old, new, key, facts, judge.params, history, when, a, b) if key in new.benefits else ""
    return Example(name, shown, hist, outcome_text(a), outcome_text(b), when, yaml_text)


def _example_case(old: Program, new: Program, key: str, facts: dict, params: dict, history, date: dt.date,
                  before: Decision, after: Decision) -> str:
    """The example as a complete case file for the new version: every fact, the parameters the search
    used (LPR …), the claim history (无 when empty), and the new version's answer as 预期."""
    from ..cases.write import case_value, case_yaml, history_entries, quantity_text

    fact_values, param_values = {}, {}
    for k, v in sorted(facts.items()):
        if k in new.params:
            param_values[new.params[k].decl.name.text] = case_value(v, new.params[k].unit)
        elif k in new.facts:
            fact_values[new.facts[k].decl.name.text] = case_value(v, new.facts[k].unit)
    deps = ir_of(new).deps[key].names
    for k, v in sorted(params.items()):  # the backdrop the search ran with, when the rule reads it
        if k in new.params and k in deps and new.params[k].decl.name.text not in param_values:
            param_values[new.params[k].decl.name.text] = case_value(v, new.params[k].unit)
    expect: dict[str, str] = {"结论": str(after.status)}
    if after.status in {"符合", "冲突"} and after.amount is not None:
        expect["金额"] = quantity_text(after.amount, after.display_unit)
    names = {k: b.name.text for k, b in {**old.benefits, **new.benefits}.items()}
    name = new.benefits[key].name.text
    return case_yaml(f"区分案例：「{name}」", date, fact_values, param_values, history_entries(history, names),
                     {name: expect}, note=f"旧版本：{outcome_text(before)}；新版本：{outcome_text(after)}")


def analyse(old: Program, new: Program, case_paths: list[str], search: bool = True) -> Impact:
    impact, pairs = run_corpus(old, new, case_paths)
    if search:
        for key in changed_benefits(old, new):
            ex = find_example(old, new, key, pairs)
            if ex is not None:
                impact.examples.append(ex)
            else:
                impact.searched.append(new.benefits[key].name.text)
    return impact
