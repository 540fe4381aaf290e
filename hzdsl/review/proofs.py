"""`hzdsl diff --prove`: solver-backed verdicts per changed benefit, rendered as its own section.

For each benefit whose rule (or anything it depends on, the declarations of the facts and parameters
it reads included: a fact's 上限) changed, `backends.smt.compare` proves 等价 / 收紧 / 放宽, or shows
不可比 with a witness each way, and bounds the change of amount. Every witness shown has been run
through the scalar engine, or refused by the case loader where a version's 上限 refuses it (已验证). A query out of time says
未能在 N 秒内证明; the distinguishing-example search of the impact section stays the fallback.
Kept apart from `report` so the comment's other sections evolve independently.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from fractions import Fraction

from ..check.program import Program
from ..units import Q, format_q, parse_unit
from .impact import case_files, reform_benefits

VERDICT_TEXT = {
    "等价": "等价（已证明：任何申请人的结果都不变）",
    "收紧": "收紧（已证明：新版本符合者在旧版本也符合，且无人更有利）",
    "放宽": "放宽（已证明：旧版本符合者在新版本也符合，且无人更不利）",
    "不可比": "不可比（有人更有利，也有人更不利）",
    "未能证明": "未能证明",
    "新增": "新增（已证明有人符合）",
    "新增（无人符合）": "新增，但已证明没有申请人能符合（死规则？）",
    "删除": "删除（有人因此失去这项待遇）",
    "删除（无人受影响）": "删除（已证明：本来就没有申请人能符合，无人受影响）",
}
WITNESS_LABEL = {"收紧": "更不利的申请人", "放宽": "更有利的申请人", "改变": "结果改变的申请人",
                 "新增": "新符合的申请人", "失去": "失去这项待遇的申请人"}


@dataclass(frozen=True)
class Assumed:
    """A parameter a benefit's amount bound depends on, and the value the bound was computed with."""

    name: str  # as declared
    value: Q | None  # None: no case of the corpus gives one — the solver may take any value
    source: str = ""  # the case file the value was first seen in

    def text(self, unit) -> str:
        if self.value is None:
            return f"「{self.name}」未给定（可取任意值）"
        return f"「{self.name}」= {format_q(self.value, unit)}（取自 {self.source}）"

    def to_json(self, unit) -> dict:
        return {"参数": self.name, "取值": None if self.value is None else format_q(self.value, unit),
                "来源": self.source or None}


@dataclass
class Proofs:
    verdicts: list = field(default_factory=list)  # backends.smt.compare.Verdict
    skipped: list[str] = field(default_factory=list)  # benefits left out: time budget spent
    seconds: float = 0.0
    timeout_s: float = 0.0
    unavailable: str = ""  # z3 not installed
    # verdict key → the parameters its amount bounds assume (with their declared units), in declaration order
    assumed: dict[str, list[tuple[Assumed, object]]] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"结论": [{**v.to_json(), "金额界限所取参数": [a.to_json(u) for a, u in self.assumed.get(v.key, [])]}
                         for v in self.verdicts],
                # which benefit's proof the time limit (--prove-timeout) left unfinished, and which part of it
                "超出时限": [{"待遇": v.benefit, "未完成": v.unfinished()} for v in self.verdicts if v.unfinished()],
                "未证明（超出时间预算）": self.skipped,
                "用时秒": round(self.seconds, 3), "每项待遇时限秒": self.timeout_s, "说明": self.unavailable}


def corpus_param_sources(program: Program, paths: list[str]) -> dict[str, tuple[Q, str]]:
    """Parameter values the case corpus supplies — the first seen, files in sorted order — with the case
    file each came from: the published values used to bound amount changes. A dated value (a list by
    起始) has no single value and is not taken."""
    from ..cases.load import load_cases
    from ..errors import HzdslError

    out: dict[str, tuple[Q, str]] = {}
    for f in case_files(paths):
        try:
            for c in load_cases(f, program):
                for k, v in c.params.items():
                    if isinstance(v, Q):
                        out.setdefault(k, (v, str(f)))
        except HzdslError:
            continue
    return out


def corpus_params(program: Program, paths: list[str]) -> dict:
    """Parameter key → the value the case corpus supplies (corpus_param_sources without the file)."""
    return {k: v for k, (v, _) in corpus_param_sources(program, paths).items()}


def _assumed(prog: Program, key: str, sources: dict[str, tuple[Q, str]]) -> list[tuple[Assumed, object]]:
    """The parameters benefit `key` of `prog` depends on (IR deps, through terms, exceptions and limits) with
    the corpus value the bound fixed, or none; and each parameter's declared unit (to print the value)."""
    from ..ir import ir_of

    ir = ir_of(prog)
    if key not in ir.deps:
        return []
    out = []
    for pk, info in prog.params.items():
        if info is None or pk not in ir.deps[key].params:
            continue
        value, source = sources.get(pk, (None, ""))
        out.append((Assumed(info.decl.name.text, value, source), info.unit))
    return out


def prove(old: Program, new: Program, timeout_s: float = 10.0, budget_s: float | None = None,
          case_paths: list[str] | None = None) -> Proofs:
    """Verdicts for every changed benefit; with `budget_s`, benefits not started in time are skipped."""
    try:
        from ..backends.smt.compare import compare_benefit
    except ImportError:
        return Proofs(unavailable="未安装 z3（pip install 'hzdsl[prove]'），未做证明")
    t0 = time.perf_counter()
    out = Proofs(timeout_s=timeout_s)
    from ..backends.smt import effort
    from ..backends.smt.compare import single_benefit

    # the default budget is z3's work too (effort.py), not the wall clock: which benefits a loaded machine leaves
    # unproven must not differ from an idle one's
    w0 = effort.now()

    sources = corpus_param_sources(new, case_paths or [])
    params = {k: v for k, (v, _) in sources.items()}
    # every benefit whose meaning may differ (impact.reform_benefits): its rule, exceptions, limits, terms, and
    # the declarations of the facts and parameters it reads — a changed 上限 of a fact is a change too
    work = [(key, "changed") for key in reform_benefits(old, new) if key in old.benefits and key in new.benefits]
    work += [(key, "added") for key in new.benefits if key not in old.benefits]
    work += [(key, "removed") for key in old.benefits if key not in new.benefits]
    for key, how in work:
        prog = old if how == "removed" else new
        if budget_s is not None and effort.now() - w0 > budget_s:
            out.skipped.append(prog.benefits[key].name.text)
            continue
        if how == "changed":
            v = compare_benefit(old, new, key, timeout_s, params)
            # the bound is over both versions: a parameter either one reads (declared in new, or only in old)
            seen = {a.name for a, _ in _assumed(new, key, sources)}
            out.assumed[key] = _assumed(new, key, sources) + [
                (a, u) for a, u in _assumed(old, key, corpus_param_sources(old, case_paths or [])) if a.name not in seen]
        else:
            own = corpus_param_sources(prog, case_paths or [])
            v = single_benefit(prog, key, how == "added", timeout_s, {k: q for k, (q, _) in own.items()})
            out.assumed[key] = _assumed(prog, key, own)
        _read_back(old, new, v)
        out.verdicts.append(v)
    out.seconds = time.perf_counter() - t0
    return out


def _read_back(old: Program, new: Program, v) -> None:
    """Each witness's case text, read back by the case loader, must give the outcomes shown."""
    from ..backends.smt.compare import ABSENT
    from ..backends.smt.witness import Refused
    from ..cases.witness import run_case
    from .impact import outcome_text

    def text(d) -> str:
        # the reviewer's wording; a version without the benefit (added / removed) shows （无此待遇）, one whose
        # case loader refuses the values (a 上限 the versions declare differently) 录入错误（…）
        return ABSENT if d is None else d.text if isinstance(d, Refused) else outcome_text(d)

    for w in v.witnesses + [a.witness for a in v.amounts if a.witness is not None]:
        if not w.runnable or not w.verified:
            continue
        w.old, w.new = (text(d) for d in w.decisions)
        shown = []
        for prog in (old, new):
            if v.key not in prog.benefits:
                shown.append(ABSENT)
                continue
            r = run_case(prog, w.case, v.key)
            shown.append(outcome_text(r.decision) if r.decision else Refused(r.error).text if r.refused else r.error)
        shown = tuple(shown)
        if shown != (w.old, w.new):
            w.verified = False
            w.note = f"案例文本读回后结果为 {shown[0]} → {shown[1]}，与求解器不一致（E973）"
            v.verdict, v.note = "未能证明", "有见证案例未通过解释器验证，结论不作为证明"


def _amount(value: Fraction, unit, dim=(), rounding=None) -> str:
    """An amount bound in the benefit's display unit (元, or % for a rate); without one, in the amount's
    dimension (`dim`: 1368 元 — the number alone did not say it was money). Money is shown to the 分 in any
    display unit (1/3 元 in 万元 read "0 万元"): a bound the search reached (`rounding` = floor, 至少) rounded
    down, one proven out of reach (ceil, 小于) rounded up, so either stays true; an exact maximum is whole 分."""
    d = unit.dim if unit is not None else dim
    if rounding is not None and d == parse_unit("元").dim and value.denominator != 1:
        value = Fraction(rounding(value * 100), 100)  # whole 分: format_q shows it exactly in 元 and 万元 alike
    return format_q(Q(value, d), unit) if unit is not None else format_q(Q(value, dim))


def _grows_text(names: tuple[str, ...]) -> str:
    return "、".join(f"「{n}」" for n in names) + ("同时" if len(names) > 1 else "")


def _bound_text(b, dim, amount_dim=()) -> str:
    if b.value is None and not b.exact:
        return f"最大{b.direction}：未能在时限内判定"
    if b.value is None and not b.unbounded:
        return f"最大{b.direction}：无（没有申请人的金额{b.direction}）"
    if b.unbounded:
        return f"最大{b.direction}：无上界" + (f"（已证明：随{_grows_text(b.grows_with)}增大而无限增大）" if b.grows_with else "")
    if b.exact:
        return f"最大{b.direction}：{_amount(b.value, dim, amount_dim)}" + _uppers_text(b.uppers)
    # never a bare number that reads as "at most": say what is proven above it, if anything
    shown = _amount(b.value, dim, amount_dim, math.floor)
    if b.below is not None:
        return (f"最大{b.direction}：至少 {shown}，小于 {_amount(b.below, dim, amount_dim, math.ceil)}"
                "（未能在时限内求出最大值）")
    if b.doublings:
        # the climb doubled the change at every step and met no ceiling: its last value is the search's
        # artefact (115292150460684697600 元 after 60 doublings), not a figure — say what was seen instead
        rising = f"，随{'、'.join(f'「{n}」' for n in b.rising)}增大而增大" if b.rising else ""
        return f"最大{b.direction}：上界未能证明（在时限内一再翻倍仍未到顶{rising}；可能无上界）"
    return f"最大{b.direction}：至少 {shown}（上界未能证明）"


def _uppers_text(causes) -> str:
    """Which declared 上限 an exact bound is (compare.declared_uppers): a figure set by a 上限 a drafter gave a fact
    (10000 人) is not one the policy pays, and without that 上限 the change would be larger."""
    proven = [c for c in causes if c.decides]
    seen = [c for c in causes if not c.decides]
    parts = []
    if proven:
        parts.append("由" + "、".join(f"「{c.name}」的声明上限 {c.upper}" for c in proven) + "决定")
    if seen:
        parts.append("达到它的申请人取" + "、".join(f"「{c.name}」的声明上限 {c.upper}" for c in seen)
                     + "；未能在时限内判定最大值是否由此上限决定")
    return f"（{'；'.join(parts)}）" if parts else ""


def _case_line(case: dict) -> str:
    parts = [f"评估日期 {case.get('评估日期', '')}"]
    for section in ("事实", "参数"):
        vals = case.get(section) or {}
        if vals:
            parts.append(section + "：" + "，".join(
                f"{k} = {'、'.join(v) if isinstance(v, list) else v}" + ("" if v or not isinstance(v, list) else "（空）")
                for k, v in vals.items()))
    if "历史" in case:
        hist = case["历史"]
        parts.append("历史：" + ("；".join(
            "，".join(f"{k} {v}" for k, v in h.items()) for h in hist) if hist else "无"))
    else:
        parts.append("历史：未给出")
    return "；".join(parts)


def _dim_of(v, new: Program, old: Program | None = None):
    """The unit the benefit's amount is shown in (元 …, or % for a rate; ir.build.display_unit)."""
    b = _ir_benefit(v, new, old)
    return b.outcome.display_unit if b is not None else None


def _amount_dim(v, new: Program, old: Program | None = None):
    """The dimension of the benefit's payout (元 for 最低月工资标准 × 70% × 见习时长), for a bound without a unit."""
    b = _ir_benefit(v, new, old)
    payout = b.outcome.payout if b is not None else None
    return payout.type.dim if payout is not None and payout.type is not None else ()


def _ir_benefit(v, new: Program, old: Program | None = None):
    from ..ir import ir_of

    b = ir_of(new).benefits.get(v.key)
    if b is None:  # a removed benefit: shown in its old unit
        b = ir_of(old).benefits.get(v.key) if old is not None else None
    return b


def lines(p: Proofs, new: Program, old: Program | None = None) -> list[str]:
    """Plain lines of the section (terminal); markdown() wraps the same content."""
    if p.unavailable:
        return [p.unavailable]
    out = []
    for v in p.verdicts:
        head = f"待遇「{v.benefit}」：{VERDICT_TEXT.get(v.verdict, v.verdict)}"
        if v.history_slots:
            head += f"（历史记录至多 {v.history_slots} 条）"
        if v.note:
            head += f"；{v.note}"
        if v.verdict == "未能证明":
            head += "；请看上面搜索得到的区分案例（未证明的结论不作数）"
        out.append(head)
        for w in v.witnesses:
            label = WITNESS_LABEL[w.direction]
            check = "已由解释器验证" if w.verified else f"未验证：{w.note}"
            if w.runnable:
                out.append(f"  {label}：{w.old} → {w.new}（{check}）")
                out.append(f"    案例：{_case_line(w.case)}")
            else:
                out.append(f"  {label}：{w.note}")
        dim = _dim_of(v, new, old)
        single = v.verdict.startswith(("新增", "删除")) or v.key not in new.benefits or (
            old is not None and v.key not in old.benefits)
        if not single and v.amounts and all(b.value is None and not b.unbounded and b.exact for b in v.amounts):
            out.append("  金额：同时符合两版的申请人，金额都不变")
            continue
        for b in v.amounts:
            text = "  " + _bound_text(b, dim, _amount_dim(v, new, old))
            if b.witness is not None and b.witness.runnable:
                text += f"；例：{b.witness.old} → {b.witness.new}（{'已由解释器验证' if b.witness.verified else '未验证'}）"
            out.append(text)
        assumed = p.assumed.get(v.key, [])
        if assumed and any(b.value is not None or b.unbounded for b in v.amounts):
            # 读法: the bound holds at these values only (docs/审阅指南.md: 参数取案例库中的值); say which
            out.append("  金额界限所取参数：" + "；".join(a.text(u) for a, u in assumed))
    unfinished = [f"待遇「{v.benefit}」（{'、'.join(v.unfinished())}）" for v in p.verdicts if v.unfinished()]
    if unfinished:
        out.append("超出时限、未完全证明：" + "；".join(unfinished) + "（可用 --prove-timeout 加长每项待遇的时限）")
    if p.skipped:
        out.append("超出默认时间预算、未证明的待遇：" + "、".join(p.skipped) + "（用 --prove 全部证明）")
    if not p.verdicts and not p.skipped:
        out.append("没有规则改变、新增或删除的待遇，无需证明")
    out.append(f"证明用时 {p.seconds:.1f} 秒（每项待遇时限 {p.timeout_s:g} 秒）")
    return out


def markdown(p: Proofs, new: Program, old: Program | None = None) -> str:
    body = []
    for line in lines(p, new, old):
        if line.startswith("    "):
            body.append("    - " + line.strip())
        elif line.startswith("  "):
            body.append("  - " + line.strip())
        else:
            body.append("- " + line)
    return "\n### 证明（z3）\n\n" + "\n".join(body) + "\n"
