"""Solver calls with a time limit, and models with the fewest facts given.

`check` answers 'sat', 'unsat' or 'unknown' (time limit reached, or a formula outside what z3
decides, e.g. some non-linear products): an 'unknown' is never read as a proof.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import z3

from . import effort
from .values import Universe, real
from ...units import terminates


@dataclass
class Outcome:
    answer: str  # sat | unsat | unknown
    model: z3.ModelRef | None = None
    reason: str = ""


# z3's run time on these formulas (money rounding mixes integers into real arithmetic) is heavy-
# tailed: the same query takes 5 ms under one random seed and minutes under another. So a query is a
# portfolio of short runs with restarts — the linear engine (LIRA), the non-linear one (NIRA, for
# products of two inputs such as 最低月工资标准 × 月数) and the default — each run twice as long as
# the round before, until the time limit is spent. Seeds are fixed, and the runs' lengths and the time
# limit are z3's work (effort.py: resource units), not seconds on the wall: answers are reproducible, on a
# loaded machine too.
LOGICS = ("QF_LIRA", "QF_NIRA", None)
FIRST_RUN_S = 0.25
RELAXED_SHARE, RELAXED_MAX_S = 0.25, 2.0  # of a query's time limit: the linear relaxation's run


def _one(u: Universe, goal, logic: str | None, seed: int, timeout_s: float, relaxed: bool = False):
    s = z3.SolverFor(logic, ctx=u.ctx) if logic else z3.Solver(ctx=u.ctx)
    s.set("random_seed", seed)
    s.add(u.relaxed() if relaxed else u.constraints)
    s.add(goal)
    # a formula outside that logic, or an internal error of that engine, is "unknown" too (effort.run)
    return s, effort.run(s, u.ctx, timeout_s)


def _solve(u: Universe, goal, timeout_s: float) -> tuple[z3.Solver | None, str, str]:
    if timeout_s <= 0:  # a caller's time budget is spent (compare_benefit's per-benefit limit)
        return None, "unknown", "timeout"
    deadline = effort.now() + timeout_s
    goal = z3.simplify(z3.And(goal), arith_lhs=True)  # folds constants the engines otherwise trip over
    if u.definitions:
        # the linear relaxation first (products as free variables, see Universe.product): 'unsat'
        # there is a proof for the real query too; 'sat' there proves nothing and is not used
        _, r = _one(u, goal, "QF_LIRA", 0, min(timeout_s * RELAXED_SHARE, RELAXED_MAX_S), relaxed=True)
        if r == z3.unsat:
            return None, "unsat", ""
    run, seed = FIRST_RUN_S, 0
    while True:
        whole = run >= deadline - effort.now()  # this round's runs may each use all that is left
        for logic in LOGICS:
            left = deadline - effort.now()
            if left <= 0:
                return None, "unknown", "timeout"
            s, r = _one(u, goal, logic, seed, min(run, left))
            if r == z3.sat:
                return s, "sat", ""
            if r == z3.unsat:
                return s, "unsat", ""
        if whole:
            # every engine had all the time there was and gave up (some stop at once, e.g. on a product they
            # do not decide, spending nothing): another round would be the same
            return None, "unknown", "timeout"
        run, seed = run * 2, seed + 1


def check(u: Universe, goal, timeout_s: float) -> Outcome:
    s, answer, reason = _solve(u, goal, timeout_s)
    return Outcome(answer, s.model() if answer == "sat" else None, reason)


def _numeric(u: Universe) -> list[tuple[object, object]]:
    """Every numeric input of a case (facts, parameters, past claims' 金额 and fields) with its unit."""
    from ...units import parse_unit

    out = [(var.value, var.unit) for var in u.inputs.values() if var.kind == "num"]
    units = {var.key: var.unit for var in u.inputs.values() if var.kind == "num"}
    for slot in u.slots:
        out.append((slot.amount, parse_unit("元")))
        out += [(v, units[key]) for key, (_, v) in slot.fields.items() if key in units]
    return out



def _limit(budget):
    """A refinement's time limit: a number of seconds, or a function giving the seconds left now."""
    return budget if callable(budget) else (lambda: budget)


def _snap(u: Universe, goal, model, budget):
    """Move values a case file cannot write (6369500/70001 元) to nearby decimals, when the goal allows.

    A value that is already a decimal is kept (added to the goal): the solver's next model, found
    with a later value pinned, may otherwise move it to a fraction again (见习时长 3 个月 became
    47/7 个月 once 最低月工资标准 1/480 元/月 was pinned to 1 元/月 — no runnable witness)."""
    budget = _limit(budget)
    for term, unit in _numeric(u):
        v = model.eval(term, model_completion=True)
        if not z3.is_rational_value(v):
            continue
        x = Fraction(v.numerator_as_long(), v.denominator_as_long()) / unit.scale
        if terminates(x):
            goal = z3.And(goal, term == v)  # the current model satisfies it: the goal stays satisfiable
            continue
        for places in (0, 2, 4, 6, 8, 10):
            step = Fraction(1, 10 ** places)
            lo = (x // step) * step
            pinned = None
            for c in (lo, lo + step):
                pin = term == real(c * unit.scale, u.ctx)
                s, r, _ = _solve(u, z3.And(goal, pin), budget())
                if r == "sat":
                    pinned = (pin, s.model())
                    break
            if pinned:
                goal, model = z3.And(goal, pinned[0]), pinned[1]
                break
    return goal, model


def minimal_model(u: Universe, goal, timeout_s: float, prefer: list | None = None) -> Outcome:
    """A model of `goal` with as few facts and parameters given as possible (then fewest past claims),
    with plausible values (plausible.py) and values a case file can write where the goal allows.
    `prefer`: constraints kept when still satisfiable (tried in order, e.g. definite outcomes, a recent
    evaluation year). Each refinement
    is a fresh query with a share of the time limit; one that runs out keeps the model found so far.
    The whole search ends within `timeout_s` (it was the time limit of each refinement: a witness with
    many facts took a multiple of it)."""
    deadline = effort.now() + timeout_s
    s, answer, reason = _solve(u, goal, timeout_s)
    if answer != "sat":
        return Outcome(answer, reason=reason)
    best = s.model()
    step = max(timeout_s / 4, 0.5)

    def budget() -> float:
        return min(step, deadline - effort.now())

    def attempt(extra):
        s, r, _ = _solve(u, z3.And(goal, extra), budget())
        return s.model() if r == "sat" else None

    for c in prefer or []:
        m = attempt(c)
        if m is not None:
            goal, best = z3.And(goal, c), m
    for flags in ([var.known for var in u.inputs.values()], [slot.present for slot in u.slots]):
        if not flags:
            continue
        count = z3.Sum([z3.If(f, 1, 0) for f in flags])
        while True:
            n = best.eval(count, model_completion=True).as_long()
            m = attempt(count <= n - 1) if n > 0 else None
            if m is None:
                break
            best = m
        goal = z3.And(goal, count <= best.eval(count, model_completion=True).as_long())
    goal, best = _plausible(u, goal, best, budget)
    goal, best = _snap(u, goal, best, budget)
    return Outcome("sat", best)


def _plausible(u: Universe, goal, best, budget):
    """Each value moved to the most plausible tier the goal allows (plausible.py: 1–5 people, whole units,
    dates not after the 评估日期). A tier the current model already meets costs no query; it joins the goal,
    so later refinements keep it."""
    from .plausible import preferences

    budget = _limit(budget)

    for tiers in preferences(u):
        for c in tiers:
            if z3.is_true(best.eval(c, model_completion=True)):
                goal = z3.And(goal, c)
                break
            s, r, _ = _solve(u, z3.And(goal, c), budget())
            if r == "sat":
                goal, best = z3.And(goal, c), s.model()
                break
    return goal, best
