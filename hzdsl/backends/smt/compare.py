"""Two versions of one benefit: 等价 / 收紧 / 放宽 / 不可比, witnesses, and the largest change of amount.

An applicant (facts given or not, parameters, evaluation year, history of at most H claims) sees an
outcome per version — the status, and for 符合 / 冲突 the amount — as `review.impact.outcome_key`
compares them. Outcomes are ordered: 不符合 < 待定, 冲突 < 符合, and between two 符合 the larger
amount is better. Where the versions declare different 上限 for a fact the applicant's value may lie
between them: one version's case loader refuses it (录入错误, E732) — 读法: a refused applicant cannot
claim with that value, ranked with 不符合 — so a lowered 上限 is 收紧 and a raised one 放宽. The new version is
- 等价 when no applicant's outcome differs (proven: the difference is unsatisfiable);
- 收紧 when some applicant is worse off and none better off; 放宽 the reverse;
- 不可比 when both happen, or when outcomes differ in a way neither better nor worse (e.g. 待定 ↔ 冲突).
Every witness is a case read back by the case loader and decided by the scalar engine under both
versions; a witness the engine disagrees with is reported, never shown as proof.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from fractions import Fraction

import z3

from ...check.program import Program
from ...ir import ir_of
from ...units import format_q
from .benefit import CONFLICT, ELIGIBLE, NOT_ELIGIBLE, PENDING, REFUSED, BenefitEncoder, SymDecision
from . import effort
from .limits import slots_needed
from .solve import Outcome, check, minimal_model
from .values import MONEY_DIM, Universe, real
from .witness import Refused, agrees, case_from_model, claimed, env_from_model, refusal, run_env

CLAIMANTS = ("个人", "单位")
WITNESS_YEAR = 2023


@dataclass
class Witness:
    """A runnable case on which the versions differ, and what each version answers."""

    direction: str  # 收紧 (worse off under the new version) | 放宽 | 改变
    case: dict
    old: str  # the engine's outcome under the old version, as text
    new: str
    verified: bool
    note: str = ""
    runnable: bool = True
    decisions: tuple = ()  # the engine's Decisions (old, new) on the witness

    def to_json(self) -> dict:
        return {"方向": self.direction, "案例": self.case, "原结果": self.old, "新结果": self.new,
                "已由解释器验证": self.verified, "说明": self.note}


@dataclass(frozen=True)
class UpperCause:
    """A declared 上限 of a fact (or parameter) the applicant reaching a largest change sits at."""

    name: str  # the fact as written
    upper: str  # its 上限 as written (366 天)
    # True: proven to decide the maximum — with this 上限 lifted, a larger change is possible; None: not decided in
    # time (only seen in the witness). One proven not to decide it is not kept.
    decides: bool | None

    def to_json(self) -> dict:
        return {"名称": self.name, "上限": self.upper, "决定最大值": self.decides}


@dataclass
class AmountBound:
    """The largest increase (or decrease) of the amount any applicant qualifying under both sees."""

    direction: str  # 增加 | 减少
    value: Fraction | None  # None: no applicant sees one
    unbounded: bool = False
    exact: bool = True  # False: the search ran out of time; `value` is only a lower bound
    witness: Witness | None = None
    below: Fraction | None = None  # when not exact: the change is proven smaller than this (None: no upper bound proven)
    # when unbounded: the inputs (names as written) along which, growing together, the change grows without bound
    grows_with: tuple[str, ...] = ()
    # when no upper bound was proven and the climb only ever doubled (`doublings` times): the inputs that grew with it
    rising: tuple[str, ...] = ()
    doublings: int = 0
    # when exact: the declared 上限 at which the witness reaches `value` (a bound that is the 上限's, not the policy's
    # figure: 300 元/人 × a 上限 of 10000 人 read as "最大减少：3000000 元")
    uppers: tuple[UpperCause, ...] = ()


@dataclass
class Verdict:
    benefit: str  # name as written
    key: str
    verdict: str  # 等价 | 收紧 | 放宽 | 不可比 | 未能证明
    witnesses: list[Witness] = field(default_factory=list)
    amounts: list[AmountBound] = field(default_factory=list)
    history_slots: int = 0
    seconds: float = 0.0
    note: str = ""
    out_of_time: list[str] = field(default_factory=list)  # parts of the proof the time limit left undecided
    wall_stops: int = 0  # z3 runs the wall-clock safety net stopped (effort.py): the answer may depend on the machine

    def unfinished(self) -> list[str]:
        """What the time limit left undecided: 结论 / 宽严 / 是否有人符合, then each amount bound not found exactly."""
        return self.out_of_time + [f"金额{b.direction}" for b in self.amounts if not b.exact]

    def to_json(self) -> dict:
        return {"待遇": self.benefit, "结论": self.verdict, "见证案例": [w.to_json() for w in self.witnesses],
                # a value only the climb's doubling reached is no figure (proofs._bound_text prints none): not 最大值
                "金额变化": [{"方向": a.direction, "最大值": None if a.value is None or a.doublings else str(a.value),
                           "翻倍搜索已达到": str(a.value) if a.doublings and a.value is not None else None,
                           "无上界": a.unbounded, "精确": a.exact,
                           "小于": None if a.below is None else str(a.below), "随之无限增大": list(a.grows_with) or None,
                           "一再翻倍": a.doublings, "随之增大": list(a.rising) or None,
                           "声明上限": [c.to_json() for c in a.uppers] or None,
                           "见证案例": a.witness.to_json() if a.witness else None} for a in self.amounts],
                "历史记录上限": self.history_slots, "用时秒": round(self.seconds, 3), "说明": self.note,
                "超出时限": self.unfinished(), "墙钟中止次数": self.wall_stops}


def _rank(status):
    return z3.If(status == ELIGIBLE, 2, z3.If(z3.Or(status == NOT_ELIGIBLE, status == REFUSED), 0, 1))


def same_outcome(a: SymDecision, b: SymDecision):
    decided = z3.Or(a.status == NOT_ELIGIBLE, a.status == PENDING, a.status == REFUSED)
    if a.shape != b.shape:
        amounts = z3.BoolVal(False, a.status.ctx)
    else:
        amounts = z3.And(a.amount.known == b.amount.known,
                         z3.Implies(a.amount.known, z3.And(a.amount.value == b.amount.value,
                                                           a.amount.dim == b.amount.dim)))
    return z3.And(a.status == b.status, z3.Or(decided, amounts))


def both_paid(a: SymDecision, b: SymDecision):
    return z3.And(a.status == ELIGIBLE, b.status == ELIGIBLE, a.amount.known, b.amount.known,
                  a.amount.dim == b.amount.dim, z3.BoolVal(a.shape == b.shape, a.status.ctx))


def better(a: SymDecision, b: SymDecision):
    """b (new) is better for the applicant than a (old)."""
    return z3.Or(_rank(b.status) > _rank(a.status), z3.And(both_paid(a, b), b.amount.value > a.amount.value))


def encode_pair(old: Program, new: Program, key: str,
                exact_rounding: bool = True) -> tuple[Universe, SymDecision, SymDecision]:
    a_ir, b_ir = ir_of(old), ir_of(new)
    u = Universe(slots_needed(a_ir.benefits[key].limits + b_ir.benefits[key].limits))
    a = BenefitEncoder(a_ir, u, exact_rounding).decide(key)
    b = BenefitEncoder(b_ir, u, exact_rounding).decide(key)
    restrict_history(u, [a_ir, b_ir])
    # where the versions declare different 上限, the applicant's values are accepted by at least one of them
    va, vb = u.valid(a_ir), u.valid(b_ir)
    u.constraints.append(z3.Or(va, vb))
    a.status, b.status = z3.If(va, a.status, REFUSED), z3.If(vb, b.status, REFUSED)
    return u, a, b


def restrict_history(u: Universe, programs: list) -> None:
    """Past claims name a benefit every version knows, and a claimant the case loader accepts."""
    common = set.intersection(*(set(p.benefits) for p in programs))
    ids = [u.sid("待遇:" + k) for k in sorted(common)]
    claimants = set(CLAIMANTS) | {getattr(lim, "claimant", "") for p in programs for lim in p.limits.values()}
    claimants.discard("")
    cids = [u.sid("申领人:" + c) for c in sorted(claimants)]
    for s in u.slots:
        u.constraints.append(z3.Or([s.benefit == i for i in ids]) if ids else u.F)
        u.constraints.append(z3.Or([s.claimant == i for i in cids], u.ctx))


def _outcome_text(d) -> str:
    """A short text of a decision (review.impact.outcome_text renders the reviewer's wording)."""
    if d.status in {"符合", "冲突"} and d.amount is not None:
        return f"{d.status} {format_q(d.amount, d.display_unit)}"
    return d.status


def _prefer(u: Universe, a: SymDecision, b: SymDecision) -> list:
    """Witnesses a reviewer reads best: both versions decided (no 待定), evaluated in a recent year."""
    return [z3.And(a.status != PENDING, b.status != PENDING), u.year == WITNESS_YEAR,
            z3.And([s.year == u.year for s in u.slots], u.ctx)]  # past claims dated in the same year when it can be


def make_witness(u: Universe, m, old: Program, new: Program, key: str, a: SymDecision, b: SymDecision,
                 direction: str) -> Witness:
    try:
        case = case_from_model(m, u, new if key in new.benefits else old, name=f"「{key}」{direction}见证")
    except ValueError as e:  # a value no case file can write (e.g. 1/3 元): no runnable witness
        return Witness(direction, {}, "", "", False, f"未能生成可运行的见证案例：{e}", runnable=False)
    env = env_from_model(m, u)
    shown, decisions, ok, note = [], [], True, ""
    for prog, sym in ((old, a), (new, b)):
        claim = claimed(m, sym.status, sym.amount)
        refused = refusal(prog, env)
        if refused is not None or claim[0] == "录入错误":  # the loader's check, not the engine's
            ok = ok and refused is not None and claim[0] == "录入错误"
            shown.append(refused.text if refused else "（可以录入）")
            decisions.append(refused)
            continue
        ran = run_env(prog, env, key)
        ok = ok and agrees(ran.decision, claim)
        note = note or ran.error
        shown.append(_outcome_text(ran.decision) if ran.decision else "（无法运行）")
        decisions.append(ran.decision)
    if not ok and not note:
        note = "编码与解释器结果不一致（内部错误 E973），此案例不作为证明"
    return Witness(direction, case, shown[0], shown[1], ok, note, decisions=tuple(decisions))


def _clock(timeout_s: float):
    """The seconds left of a benefit's time limit: every query of one benefit's proof shares it (each query
    had its own: c16's 高技能人才 cap lowered took 87 s under 20 s — optimiser, relaxed optimiser, climb and
    witness search each used a whole limit). Seconds of z3's work (effort.now), not of the wall clock: the
    same proof shares its limit out the same way on a loaded machine."""
    deadline = effort.now() + timeout_s
    return lambda: max(deadline - effort.now(), 0.0)


def compare_benefit(old: Program, new: Program, key: str, timeout_s: float = 10.0,
                    params: dict | None = None) -> Verdict:
    """Prove how benefit `key` changed from `old` to `new`; `params` (key → Q) fixes parameter values
    for the search of the largest amount change (the published values), never for the verdict.
    `timeout_s` bounds the whole proof (all its queries), not each query; what is not decided by then
    says so (未能证明, or an amount bound shown as not exact)."""
    t0, stops = time.perf_counter(), effort.wall_stops()
    left = _clock(timeout_s)
    name = new.benefits[key].name.text
    u, a, b = encode_pair(old, new, key)
    v = Verdict(name, key, "", history_slots=len(u.slots))
    diff = check(u, z3.Not(same_outcome(a, b)), left())
    if diff.answer == "unsat":
        v.verdict = "等价"
        return _done(v, t0, stops)
    if diff.answer == "unknown":
        v.verdict = "未能证明"
        v.note = f"未能在 {timeout_s:g} 秒内证明"
        v.out_of_time.append("结论")
        return _done(v, t0, stops)
    up = check(u, better(a, b), left())
    down = check(u, better(b, a), left())
    if "unknown" in (up.answer, down.answer):
        v.note = f"未能在 {timeout_s:g} 秒内判定宽严"
        v.out_of_time.append("宽严")
    if up.answer == "sat" and down.answer == "sat":
        v.verdict = "不可比"
    elif down.answer == "sat" and up.answer == "unsat":
        v.verdict = "收紧"
    elif up.answer == "sat" and down.answer == "unsat":
        v.verdict = "放宽"
    elif up.answer == "unsat" and down.answer == "unsat":
        v.verdict = "不可比"
        v.note = "结果改变但不分宽严（如 待定 与 冲突 互换、金额由已知变为待定）"
    else:
        v.verdict = "未能证明"
    for goal, label, found in ((better(b, a), "收紧", down), (better(a, b), "放宽", up)):
        if found.answer == "sat":
            # a witness gets at most half of what is left: the amount bounds still get their turn
            mm = minimal_model(u, goal, left() / 2, _prefer(u, a, b))
            model = mm.model if mm.model is not None else found.model  # out of time: the verdict's own model
            v.witnesses.append(make_witness(u, model, old, new, key, a, b, label))
    if not v.witnesses:
        mm = minimal_model(u, z3.Not(same_outcome(a, b)), left() / 2, _prefer(u, a, b))
        model = mm.model if mm.model is not None else diff.model
        if model is not None:
            v.witnesses.append(make_witness(u, model, old, new, key, a, b, "改变"))
    if any(not w.verified and w.runnable for w in v.witnesses):
        v.note = (v.note + "；" if v.note else "") + "有见证案例未通过解释器验证，结论不作为证明"
        v.verdict = "未能证明"
    # a direction the verdict proved impossible (nobody better / worse off) needs no search: its time goes to the other
    none = {d for d, found in (("增加", up), ("减少", down)) if found.answer == "unsat"}
    v.amounts = amount_bounds(u, old, new, key, a, b, left, params or {}, none)
    return _done(v, t0, stops)


def _done(v: Verdict, t0: float, stops: int) -> Verdict:
    """The verdict with its wall time, and a note when the wall-clock safety net stopped any of its runs."""
    v.seconds = time.perf_counter() - t0
    v.wall_stops = effort.wall_stops() - stops
    if v.wall_stops:
        # 读法 of a time limit: z3's work, the same on any machine; a run stopped by the wall clock breaks that —
        # its "unknown" is still never a proof, but another machine may decide more (or less)
        v.note = (v.note + "；" if v.note else "") + f"有 {v.wall_stops} 次求解因机器过慢被墙钟安全时限中止，结果可能随机器负载而变"
    return v


def _maximize(u: Universe, goal, delta, timeout_s: float):
    """z3's optimiser, restarted with other seeds when a run gives up (its run time is heavy-tailed
    like the solver's; see solve.py). All runs together end within `timeout_s`."""
    goal = z3.simplify(z3.And(*u.constraints, goal), arith_lhs=True)
    r, opt, h = z3.unknown, None, None
    for seed in range(3):
        opt = z3.Optimize(ctx=u.ctx)
        opt.set("random_seed", seed)
        opt.add(goal)
        h = opt.maximize(delta)
        r = _guarded(opt, u.ctx, timeout_s / 3)
        if r != z3.unknown:
            break
    return r, opt, h


def _guarded(opt, ctx, timeout_s: float):
    """`opt.check()` within `timeout_s` (effort.run: of the wall clock too, and charged in full — the optimiser
    does not count all its work), interrupted GRACE_S past it: z3's optimiser does not always stop at its own
    timeout (a pinned c-wage query ran 90 s under a 27 s limit)."""
    return effort.run(opt, ctx, timeout_s, optimiser=True)


def _fixed_params(u: Universe, params: dict) -> list:
    """The published parameter values the case corpus gives, fixed in the query."""
    fixed = []
    for var in u.inputs.values():
        if var.is_param and var.key in params:
            fixed += [var.known, var.value == real(params[var.key].value, u.ctx)]
    return fixed


def _unbounded(r, h) -> bool:
    upper = h.upper() if r == z3.sat else None
    return upper is not None and not (z3.is_rational_value(upper) or z3.is_int_value(upper))


def _relaxed_unbounded(build, timeout_s: float) -> bool:
    """Whether the change is unbounded, proven on the encoding without rounding to 分 (linear, so z3's
    optimiser decides it where the integer rounding makes it give up — on a loaded machine it did).
    Why that proves the rounded change unbounded too: rounding moves each amount by at most 0.005 元
    and a capped amount at most as far (min is 1-Lipschitz), so rounded and unrounded changes differ by
    at most 0.01 元; a paid amount is ≥ 0 either way (the negative check compares the same sign).
    `build()` gives (universe, value to maximise, goal) on the relaxed encoding."""
    u, delta, goal = build()
    r, _, h = _maximize(u, goal, delta, timeout_s)
    return _unbounded(r, h)


def _applicant_terms(u: Universe) -> dict:
    """Every input term of the applicant, by a name the same in every encoding of the same programs."""
    out = {"年度": u.year, "历史已给出": u.history_known}
    for k, var in u.inputs.items():
        out[("已给出", k)], out[("值", k)] = var.known, var.value
    for i, s in enumerate(u.slots):
        for f in ("present", "benefit", "year", "claimant", "amount_known", "amount"):
            out[(i, f)] = getattr(s, f)
        for fk, (known, value) in s.fields.items():
            out[(i, fk, "已给出")], out[(i, fk, "值")] = known, value
    return out


def _grows_along(u: Universe, m, relaxed, timeout_s: float) -> tuple[str, ...]:
    """The name of an input along which the change grows without bound, proven (a 1-tuple); () when none is found
    in time.

    From a model `m` of the goal on `u`: on the relaxed encoding (`relaxed()` → universe, change, goal; no
    rounding to 分, see _relaxed_unbounded for why its unboundedness carries over) every input but one numeric
    value is fixed to the model's value (substituted, so a product such as 人数 × 每人标准 becomes linear in the
    one left free), and z3's optimiser is asked for the largest change over that one value. Unbounded there is
    an unbounded family of applicants — the same applicant with more people (or a higher wage) — so the change
    over all applicants is unbounded too. Needed where the product makes the optimiser give up on the whole
    problem (c16's 高技能人才 cap lowered 1000 → 700 元/人 showed a decrease of "至少 518814677073081139200 元":
    the climb doubling until time ran out)."""
    left = _clock(timeout_s)
    ru, rdelta, rgoal = relaxed()
    mine, theirs = _applicant_terms(u), _applicant_terms(ru)
    values = {k: m.eval(t, model_completion=True).translate(ru.ctx) for k, t in mine.items()
              if k in theirs and z3.is_const(theirs[k])}
    free = [k for k, var in u.inputs.items()
            if var.kind == "num" and z3.is_true(m.eval(var.known, model_completion=True)) and ("值", k) in values]
    # counts first (人, 次, 月 …: integers): they are what a family of applicants scales
    free.sort(key=lambda k: not ru.inputs[k].value.is_int())
    whole = z3.And(*ru.constraints, rgoal)
    for n, k in enumerate(free):
        if left() <= 0:
            break
        subs = [(theirs[name], v) for name, v in values.items() if name != ("值", k)]
        share = left() / (len(free) - n)
        opt = z3.Optimize(ctx=ru.ctx)
        opt.add(z3.simplify(z3.substitute(whole, *subs), arith_lhs=True))
        h = opt.maximize(z3.simplify(z3.substitute(rdelta, *subs)))
        # one value free, every other input a constant: a linear problem, whose work z3 counts — metered like a
        # solver run (effort.run), not wall-limited like the optimiser on the whole problem: deterministic
        if _unbounded(effort.run(opt, ru.ctx, share), h):
            return (u.inputs[k].name,)
    return ()


def _grows_along_line(u: Universe, m0, m1, relaxed, timeout_s: float) -> tuple[str, ...]:
    """The names of the inputs along which, growing together, the change grows without bound, proven; () when
    not proven in time. For a change that needs several inputs to grow at once (100 元/次 × 较小值(线上次数,
    线下次数)), which _grows_along (one input free) cannot see.

    `m0`, `m1`: two models of the goal on `u`, the second with the larger change (the climb's first and last).
    On the relaxed encoding every input is fixed to m1's value except the numeric facts and parameters whose
    values differ between the models; each of those is v1 + t × (v1 − v0) for one integer t ≥ 0 — the line
    through the two applicants, continued (integer steps keep counts whole). z3's optimiser maximises the change
    over t: unbounded there is an unbounded family of applicants (the same argument as _grows_along)."""
    ru, rdelta, rgoal = relaxed()
    mine, theirs = _applicant_terms(u), _applicant_terms(ru)
    t = z3.FreshInt("步", ru.ctx)
    subs, moving = [], []
    for name, term in mine.items():
        if name not in theirs or not z3.is_const(theirs[name]):
            continue
        v1 = m1.eval(term, model_completion=True)
        if isinstance(name, tuple) and name[0] == "值" and u.inputs[name[1]].kind == "num" and z3.is_true(
                m1.eval(u.inputs[name[1]].known, model_completion=True)):
            v0 = m0.eval(term, model_completion=True)
            if not v0.eq(v1) and z3.is_true(z3.simplify(v1 > v0)):
                step = z3.ToReal(t) if theirs[name].is_real() else t
                subs.append((theirs[name], v1.translate(ru.ctx) + step * (v1 - v0).translate(ru.ctx)))
                moving.append(name[1])
                continue
        subs.append((theirs[name], v1.translate(ru.ctx)))
    if not moving:
        return ()
    opt = z3.Optimize(ctx=ru.ctx)
    opt.add(t >= 0, z3.simplify(z3.substitute(z3.And(*ru.constraints, rgoal), *subs), arith_lhs=True))
    h = opt.maximize(z3.simplify(z3.substitute(rdelta, *subs)))
    if not _unbounded(effort.run(opt, ru.ctx, timeout_s), h):  # one integer free: metered, as in _grows_along
        return ()
    return tuple(u.inputs[k].name for k in u.inputs if k in moving)


CLIMB_STEPS = 60  # at most this many queries per climb (each within the climb's time limit)
# a value the climb doubled this often with no ceiling met is its own artefact, not a figure (8 × the first
# model's change and more): shown as 上界未能证明（一再翻倍…）, no number; fewer doublings show 至少 X
ARTEFACT_DOUBLINGS = 3
FEN = Fraction(1, 100)


@dataclass
class Climb:
    """What a climb (_climb) found."""

    value: Fraction | None  # the largest change a model reached; None: no model
    exact: bool  # nothing above `value` is possible (proven); with value None: nothing satisfies the goal
    out_of_reach: Fraction | None = None  # `delta ≥ out_of_reach` is proven impossible (None: no upper bound proven)
    first: object = None  # the first model and the model of `value`
    last: object = None
    doublings: int = 0  # how many times in a row from the first model the change doubled with no ceiling found


def _climb(u: Universe, goal, delta, timeout_s: float, grid: Fraction | None = None, first=None) -> Climb:
    """The largest `delta` under `goal`, by satisfiability queries alone, for when z3's optimiser gives up
    (money rounded to 分 with history sums: c19's 2000 → 1500 元 showed "最大减少：0.01 元（至少）" — the first
    model's decrease). From a model's value v: ask for `delta ≥ 2v` until that is impossible (or out of time),
    then halve the gap between the largest value reached and the smallest proven out of reach.

    `grid`: every value of `delta` is a multiple of it (amounts in 元 are rounded to 分, so their differences
    are whole 分): nothing lies strictly between two multiples, so `delta ≥ v + grid` impossible proves v the
    largest — a query z3 answers at once where `delta > v` over the rounding left it searching for a minute.
    `first`: a model of `goal` already found (saves the first query).
    Returns a Climb: exact only when nothing above the value is proven possible; value None and exact when
    nothing satisfies `goal`, not exact when not even one model was found in time. Every value returned is one a
    model reached."""
    deadline = effort.now() + timeout_s

    def ask(extra) -> Outcome:
        return check(u, z3.And(goal, extra), max(deadline - effort.now(), 0.0))

    def value(m) -> Fraction:
        return Fraction(str(m.eval(delta, model_completion=True).as_fraction()))

    if first is None:
        found = check(u, goal, timeout_s)
        if found.answer != "sat":
            return Climb(None, found.answer == "unsat")
        first = found.model
    best, out_of_reach = value(first), None  # delta ≥ out_of_reach is proven impossible
    out = Climb(best, False, None, first, first)
    next_first = grid is not None  # often the first model is already the largest: try one multiple above it
    for _ in range(CLIMB_STEPS):
        if out_of_reach is not None and grid is not None and out_of_reach <= best + grid:
            out.value, out.exact, out.out_of_reach = best, True, out_of_reach
            return out
        if effort.now() >= deadline:
            break
        doubling = out_of_reach is None and not next_first
        if out_of_reach is None:
            target = best + grid if next_first else (best * 2 if best > 0 else Fraction(1))
            next_first = False
        elif grid is None:
            above = ask(delta > real(best, u.ctx))
            if above.answer == "unsat":
                out.value, out.exact, out.out_of_reach = best, True, out_of_reach
                return out
            if above.answer != "sat" or value(above.model) >= out_of_reach:
                break
            best, out.last = value(above.model), above.model
            target = (best + out_of_reach) / 2
        else:
            target = (best + out_of_reach) / 2
        r = ask(delta >= real(target, u.ctx))
        if r.answer == "sat":
            if value(r.model) > best:
                best, out.last = value(r.model), r.model
            out.doublings += doubling
        elif r.answer == "unsat":
            out_of_reach = target
        else:
            break
    out.value, out.out_of_reach = best, out_of_reach
    return out


# shares of a direction's time (amount_bounds, _largest), each of what is left at its turn
FIRST_SHARE, FAMILY_SHARE, OPTIMISER_SHARE, RELAXED_SHARE, CLIMB_SHARE = 0.3, 0.3, 0.4, 0.4, 0.7


def _search(u: Universe, goal, delta, until, grid, relaxed, bound: "AmountBound") -> object | None:
    """The largest `delta` under `goal` within `until()` seconds, into `bound`. In order: one model (none:
    nobody); unboundedness along one input from it (_grows_along: cheap, and the case the optimiser gives up
    on — a product with a count); z3's optimiser; unboundedness on the relaxed encoding (`relaxed()`, see
    _relaxed_unbounded); else a climb (a lower bound, with the smallest value proven out of reach when one
    is). Returns the optimiser's model when it found the maximum, else None (the caller pins the value)."""
    found = check(u, goal, until() * FIRST_SHARE)
    if found.answer != "sat":
        bound.exact = found.answer == "unsat"
        return None
    bound.grows_with = _grows_along(u, found.model, relaxed, until() * FAMILY_SHARE)
    if bound.grows_with:
        bound.unbounded = True
        return None
    r, opt, h = _maximize(u, goal, delta, until() * OPTIMISER_SHARE)
    if r == z3.sat:
        upper = h.upper()
        if z3.is_rational_value(upper) or z3.is_int_value(upper):
            bound.value = Fraction(str(opt.model().eval(delta, model_completion=True).as_fraction()))
            return opt.model()
        bound.unbounded = True
        bound.grows_with = _name_growth(u, goal, delta, found.model, relaxed, until)
        return None
    # unsat cannot follow a model found: like unknown, the optimiser gave up
    if _relaxed_unbounded(relaxed, until() * RELAXED_SHARE):
        bound.unbounded = True
        bound.grows_with = _name_growth(u, goal, delta, found.model, relaxed, until)
        return None
    # a lower bound unless the climb proves nothing lies above it
    c = _climb(u, goal, delta, until() * CLIMB_SHARE, grid, found.model)
    bound.value, bound.exact, bound.below = c.value, c.exact, c.out_of_reach
    if bound.exact:
        bound.below = None  # the value is the maximum: nothing more to say
    elif c.out_of_reach is None and c.doublings:
        # no ceiling met, the change doubling each step: likely unbounded along the inputs that grew with it —
        # proven along the line through the first and the last model, or said as seen (never the doubled figure
        # alone as if it were one: "至少 115292150460684697600 元")
        bound.grows_with = _grows_along_line(u, c.first, c.last, relaxed, until())
        if bound.grows_with:
            bound.unbounded, bound.value, bound.exact = True, None, True
        elif c.doublings >= ARTEFACT_DOUBLINGS:
            bound.doublings, bound.rising = c.doublings, _rising(u, c.first, c.last)
    return None


def _name_growth(u: Universe, goal, delta, first, relaxed, until) -> tuple[str, ...]:
    """For a change already proven unbounded (by the optimiser, which gives no direction): the inputs along which
    it grows, so the reviewer reads which facts (无上界：随「…」、「…」同时增大 …), not only that. One model with
    at least twice the first model's change, then _grows_along_line through the two; () when not found in time."""
    def value(m) -> Fraction:
        return Fraction(str(m.eval(delta, model_completion=True).as_fraction()))

    v0 = value(first)
    more = check(u, z3.And(goal, delta >= real(2 * v0 + 1, u.ctx)), until() / 2)
    if more.answer != "sat":
        return ()
    return _grows_along_line(u, first, more.model, relaxed, until())


def _rising(u: Universe, m0, m1) -> tuple[str, ...]:
    """The names of the numeric facts and parameters given in `m1` whose value is larger than in `m0`."""
    out = []
    for var in u.inputs.values():
        if var.kind == "num" and z3.is_true(m1.eval(var.known, model_completion=True)) and z3.is_true(
                z3.simplify(m1.eval(var.value, model_completion=True) > m0.eval(var.value, model_completion=True))):
            out.append(var.name)
    return tuple(out)


# of what is left after the search of a largest change: its witness's share; the rest tells whether a declared 上限
# the witness sits at decides the maximum (declared_uppers)
WITNESS_SHARE = 0.7


def _witness_share(u: Universe) -> float:
    """The share of what is left a largest change's witness gets: all of it when no input declares a 上限."""
    return WITNESS_SHARE if any(var.upper_constraint is not None for var in u.inputs.values()) else 1.0


def declared_uppers(u: Universe, goal, delta, value: Fraction, m, timeout_s: float,
                    grid: Fraction | None = None) -> tuple[UpperCause, ...]:
    """The declared 上限 that decide `value`, the largest `delta` under `goal`, as far as proven in `timeout_s`.

    A candidate is a numeric input the witness `m` gives at exactly its 上限. The 上限 decides the maximum when, with
    it lifted (every other constraint kept), some applicant's change exceeds `value`: proven then (decides True);
    kept as seen (None) when not decided in time; dropped when lifting it gives nothing more (the witness only
    happened to sit there — the witness search finds 366 天 a plausible value). An input whose versions declare
    different 上限 is left out: the tighter one binds through each version's case loader (`Universe.valid`), not
    the universe's constraint lifted here. `grid` as in _climb: `delta ≥ value + grid` is the query z3 answers at
    once where `delta > value` over the rounding to 分 left it searching (c05, 500 元 more for everyone: 10 s, unknown)."""
    left = _clock(timeout_s)
    above = delta >= real(value + grid, u.ctx) if grid is not None else delta > real(value, u.ctx)
    at = []
    for var in u.inputs.values():
        if var.upper_constraint is None or var.diverges() or not z3.is_true(m.eval(var.known, model_completion=True)):
            continue
        # one value (not diverging); two versions may write it apart (10 万元, 100000 元): the first's text
        upper, text = next(iter(var.uppers.values()))
        if z3.is_true(z3.simplify(m.eval(var.value, model_completion=True) == real(upper, u.ctx))):
            at.append((var, upper, text))
    out = []
    for n, (var, upper, text) in enumerate(at):
        i = next(j for j, c in enumerate(u.constraints) if c.eq(var.upper_constraint))
        del u.constraints[i]  # lifted for this one query, then put back where it was (the order z3 sees it in)
        try:
            more = check(u, z3.And(goal, var.value > real(upper, u.ctx), above), left() / (len(at) - n))
        finally:
            u.constraints.insert(i, var.upper_constraint)
        if more.answer != "unsat":
            out.append(UpperCause(var.name, text, True if more.answer == "sat" else None))
    return tuple(out)


def amount_bounds(u: Universe, old: Program, new: Program, key: str, a: SymDecision, b: SymDecision,
                  left, params: dict, none: set = frozenset()) -> list[AmountBound]:
    """The largest increase and decrease of the amount, within `left()` seconds (shared equally by the two).
    `none`: directions already proven impossible (`better` unsatisfiable implies no paid amount moves that way)."""
    if a.shape != b.shape or not (a.dims or b.dims):
        return []
    fixed = _fixed_params(u, params)
    # amounts in 元 are whole 分 (BenefitEncoder rounds every money payout and quota): so are their differences
    grid = FEN if a.dims == b.dims == {MONEY_DIM} else None
    directions = [(sign, d) for sign, d in ((1, "增加"), (-1, "减少")) if d not in none]
    out = [AmountBound(d, None) for d in ("增加", "减少") if d in none]
    for i, (sign, direction) in enumerate(directions):
        until = _clock(left() / (len(directions) - i))
        delta = sign * (b.amount.value - a.amount.value)
        goal = z3.And(both_paid(a, b), delta > 0, *fixed)

        def relaxed(sign=sign):
            ru, ra, rb = encode_pair(old, new, key, exact_rounding=False)
            rdelta = sign * (rb.amount.value - ra.amount.value)
            return ru, rdelta, z3.And(both_paid(ra, rb), rdelta > 0, *_fixed_params(ru, params))

        bound = AmountBound(direction, None)
        model = _search(u, goal, delta, until, grid, relaxed, bound)
        if bound.value is not None:
            mm = minimal_model(u, z3.And(goal, delta == real(bound.value, u.ctx)), until() * _witness_share(u),
                               [u.year == WITNESS_YEAR])
            model = mm.model if mm.model is not None else model
            if model is not None:
                bound.witness = make_witness(u, model, old, new, key, a, b, direction)
                if bound.exact:
                    bound.uppers = declared_uppers(u, goal, delta, bound.value, model, until(), grid)
        out.append(bound)
    return sorted(out, key=lambda bound: bound.direction != "增加")


# ── a benefit only one version has ──────────────────────────────────────────────────────────────

ABSENT = "（无此待遇）"


def _one_side(prog: Program, key: str, exact_rounding: bool = True) -> tuple[Universe, SymDecision]:
    p = ir_of(prog)
    u = Universe(slots_needed(p.benefits[key].limits))
    d = BenefitEncoder(p, u, exact_rounding).decide(key)
    restrict_history(u, [p])
    return u, d


def _single_witness(u: Universe, m, prog: Program, key: str, d: SymDecision, direction: str,
                    added: bool) -> Witness:
    """A witness run through the engine under the one version that has the benefit."""
    try:
        case = case_from_model(m, u, prog, name=f"「{key}」{direction}见证")
    except ValueError as e:
        return Witness(direction, {}, "", "", False, f"未能生成可运行的见证案例：{e}", runnable=False)
    ran = run_env(prog, env_from_model(m, u), key)
    ok = agrees(ran.decision, claimed(m, d.status, d.amount))
    shown = _outcome_text(ran.decision) if ran.decision else "（无法运行）"
    note = ran.error or ("" if ok else "编码与解释器结果不一致（内部错误 E973），此案例不作为证明")
    old, new = (ABSENT, shown) if added else (shown, ABSENT)
    decisions = (None, ran.decision) if added else (ran.decision, None)
    return Witness(direction, case, old, new, ok, note, decisions=decisions)


def single_benefit(prog: Program, key: str, added: bool, timeout_s: float = 10.0,
                   params: dict | None = None) -> Verdict:
    """A benefit the new version adds (`added`) or removes: whether anyone can qualify for it at all —
    for an added one, who newly qualifies; for a removed one, who loses it — with a witness the
    engine confirms, and the largest amount anyone gets (added) or loses (removed)."""
    t0, stops = time.perf_counter(), effort.wall_stops()
    left = _clock(timeout_s)  # the whole proof's time, as in compare_benefit
    name = prog.benefits[key].name.text
    u, d = _one_side(prog, key)
    v = Verdict(name, key, "", history_slots=len(u.slots))
    direction = "新增" if added else "失去"
    found = check(u, d.qualifies(), left())
    if found.answer == "unknown":
        v.verdict, v.note = "未能证明", f"未能在 {timeout_s:g} 秒内判定是否有人符合"
        v.out_of_time.append("是否有人符合")
    elif found.answer == "unsat":
        v.verdict = "新增（无人符合）" if added else "删除（无人受影响）"
        v.note = "已证明：没有申请人能符合这项待遇" + ("" if added else "，删除它不影响任何人")
    else:
        v.verdict = "新增" if added else "删除"
        mm = minimal_model(u, d.qualifies(), left() / 2, [d.status == ELIGIBLE, u.year == WITNESS_YEAR,
                                                          z3.And([s.year == u.year for s in u.slots], u.ctx)])
        model = mm.model if mm.model is not None else found.model
        v.witnesses.append(_single_witness(u, model, prog, key, d, direction, added))
        if any(not w.verified and w.runnable for w in v.witnesses):
            v.verdict, v.note = "未能证明", "有见证案例未通过解释器验证，结论不作为证明"
        if d.dims:
            v.amounts = [_largest(u, prog, key, d, left, params or {}, added)]
    return _done(v, t0, stops)


def _largest(u: Universe, prog: Program, key: str, d: SymDecision, left, params: dict,
             added: bool) -> AmountBound:
    """The largest amount a 符合 applicant gets (added) or loses (removed), with the published
    parameter values fixed when the case corpus gives them; within `left()` seconds."""
    goal = z3.And(d.status == ELIGIBLE, d.amount.known, *_fixed_params(u, params))
    bound = AmountBound("给付" if added else "损失", None)

    def relaxed():
        ru, rd = _one_side(prog, key, exact_rounding=False)
        return ru, rd.amount.value, z3.And(rd.status == ELIGIBLE, rd.amount.known, *_fixed_params(ru, params))

    until = _clock(left())
    grid = FEN if d.dims == {MONEY_DIM} else None
    model = _search(u, goal, d.amount.value, until, grid, relaxed, bound)
    if bound.value is not None:
        mm = minimal_model(u, z3.And(goal, d.amount.value == real(bound.value, u.ctx)), until() * _witness_share(u),
                           [u.year == WITNESS_YEAR])
        model = mm.model if mm.model is not None else model
        if model is not None:
            bound.witness = _single_witness(u, model, prog, key, d, "新增" if added else "失去", added)
            if bound.exact:
                bound.uppers = declared_uppers(u, goal, d.amount.value, bound.value, model, until(), grid)
    return bound
