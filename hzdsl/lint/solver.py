"""Solver-backed lint checks, one benefit at a time (z3, through `hzdsl.backends.smt`).

W650 a benefit no applicant can qualify for; W651 a condition that can never be false; W652 an
exception that never applies to a qualifying applicant; W653 an exception whose condition can never
be false; W654 two exceptions that can both apply with different payouts (冲突); W655 a payout
that can be negative; W656 a payout above its own cap; W657 a floor above the cap; W659 a limit
that never decides anything (never fails, and for amount limits never caps, when the rest holds).
Proofs cover histories of at most H past claims (see `backends.smt.limits`). A check out of time is
W664, never a silent pass. Every witness is run through the scalar engine before it is shown.
"""
from __future__ import annotations

import z3

from ..backends.smt.benefit import CONFLICT, BenefitEncoder, SymDecision
from ..backends.smt.compare import restrict_history
from ..backends.smt.expr import and3, is_false, is_true
from ..backends.smt.limits import slots_needed
from ..backends.smt.reach import bound_history, constrain
from ..backends.smt.solve import check, minimal_model
from ..backends.smt.values import Universe
from ..backends.smt.witness import agrees, case_from_model, claimed, env_from_model, run_env
from ..cases.witness import run_case
from ..check.program import Program
from ..ir import ir_of
from ..kinds import ModifierKind
from ..limitspec import Aggregate
from ..codes import message
from .findings import Finding
from .static import HINT


class _Benefit:
    def __init__(self, program: Program, key: str, timeout_s: float):
        self.program, self.key, self.timeout = program, key, timeout_s
        self.prog = ir_of(program)
        self.b = self.prog.benefits[key]
        self.u = Universe(slots_needed(self.b.limits))
        self.enc = BenefitEncoder(self.prog, self.u)
        self.d: SymDecision = self.enc.decide(key)
        restrict_history(self.u, [self.prog])
        self.out: list[Finding] = []

    def never(self, code, goal, span, hint, /, **fields) -> None:
        """Report `code` (its registry wording filled with `fields`) when `goal` is unsatisfiable
        (proven impossible); W664 when out of time."""
        r = check(self.u, goal, self.timeout)
        subject = f"待遇「{self.b.name}」"
        if r.answer == "unsat":
            self.out.append(Finding.of(code, span, hint + "；" + HINT.format(code=code), subject=subject, **fields))
        elif r.answer == "unknown":
            self.out.append(Finding.of("W664", span, "可用 --timeout 加长时限", subject=subject,
                                       timeout=self.timeout, finding=message(code, **fields)))

    def can(self, code, goal, span, hint, /, **fields) -> None:
        """Report `code` (its registry wording filled with `fields`) with a witness when `goal` is satisfiable."""
        r = check(self.u, goal, self.timeout)
        subject = f"待遇「{self.b.name}」"
        if r.answer == "unknown":
            self.out.append(Finding.of("W664", span, "可用 --timeout 加长时限", subject=subject, form="whether",
                                       timeout=self.timeout, finding=message(code, **fields)))
        if r.answer != "sat":
            return
        m = minimal_model(self.u, goal, self.timeout, [self.u.year == 2023]).model or r.model
        f = Finding.of(code, span, hint + "；" + HINT.format(code=code), subject=subject, **fields)
        try:
            f.witness = case_from_model(m, self.u, self.program, name=f"{code} 见证：待遇「{self.b.name}」")
        except ValueError:
            f.witness = None
        if f.witness is not None:
            ran = run_env(self.program, env_from_model(m, self.u), self.key)
            # and the case text itself, read back by the case loader, must give the same answer
            text = run_case(self.program, f.witness, self.key)
            claim = claimed(m, self.d.status, self.d.amount)
            f.verified = agrees(ran.decision, claim) and agrees(text.decision, claim)
            if ran.decision is not None:
                f.witness["结果"] = ran.decision.status + (
                    f" {ran.decision.amount.value}" if ran.decision.amount is not None else "")
        self.out.append(f)

    def run(self) -> list[Finding]:
        d, b = self.d, self.b
        q = d.qualifies()
        self.never("W650", q, b.span, "检查条件中互相矛盾的部分（如同一时长既满 6 个月又不足 3 个月）", benefit=b.name)
        if b.condition is not None:
            self.never("W651", is_false(d.condition), b.condition.span,
                       "检查条件是否写成了 A 或 非 A；无条件的待遇可省略 若", benefit=b.name)
        for x, c, _ in d.exceptions:
            self.never("W652", z3.And(q, is_true(c)), x.span, "检查例外的条件是否与待遇的条件矛盾",
                       exception=x.name, benefit=b.name)
            self.never("W653", is_false(c), x.condition.span, "检查例外的条件", exception=x.name, benefit=b.name)
        for x1, x2, pair in d.conflict_pairs:
            self.can("W654", z3.And(d.status == CONFLICT, pair), x2.span,
                     "让两条例外的条件互斥，或让它们给出相同的给付", first=x1.name, second=x2.name)
        # the engine never grants a negative amount (it is 待定 for want of a 最低): the witness is a
        # qualifying applicant whose amount comes out below 0
        self.can("W655", z3.And(is_true(d.eligible), d.negative), (b.outcome.payout or b).span,
                 "检查减法，或加 `，最低 0 元`", benefit=b.name)
        for outcome, paid in d.payouts:
            caps = [m for m in outcome.modifiers if m.kind == ModifierKind.CAP]
            floors = [m for m in outcome.modifiers if m.kind == ModifierKind.FLOOR]
            for cap in caps:
                cv = self.enc.e.expr(cap.value)
                self.can("W656", z3.And(q, paid.known, cv.known, paid.value > cv.value), cap.span,
                         "保底在封顶之后适用：检查保底与上限", benefit=b.name)
                for fl in floors:
                    fv = self.enc.e.expr(fl.value)
                    self.can("W657", z3.And(q, fv.known, cv.known, fv.value > cv.value), fl.span,
                             "检查保底与上限的数额", benefit=b.name)
        dead = any(f.code == "W650" for f in self.out)
        for i, lim in enumerate(b.limits if not dead else []):  # a dead benefit's limits: W650 says it
            self.limit_binds(i, lim)
        return self.out

    def limit_binds(self, i: int, lim) -> None:
        """W659: no applicant whose other conditions hold is ever stopped (or, for an amount limit,
        capped) by the limit — over every history the policy could have produced (`backends.smt.reach`):
        past claims of each counted benefit no more than its own count limits allow, each paid no
        more than that benefit can pay. Where those histories are unbounded, over histories of at
        most H claims (then only a limit at odds with the benefit's own conditions is found)."""
        b = self.b
        reach = bound_history(self.prog, lim)
        u, d = self.u, self.d
        extra, why = [], f"历史记录至多 {len(self.u.slots)} 条"
        if reach is not None:
            # a count limit binds with `bound` counted claims: more slots are never needed to show it
            slots = reach.slots if lim.spec.aggregate is Aggregate.AMOUNT else min(reach.slots, lim.bound)
            u = Universe(max(slots_needed(b.limits), slots))
            d = BenefitEncoder(self.prog, u).decide(self.key)
            restrict_history(u, [self.prog])
            extra = constrain(u, lim, reach)
            names = {k: x.name for k, x in self.prog.benefits.items()}
            why = "按政策自身的限制，" + reach.reason(names)
        sym = d.limits[i]
        at = 1 + len(b.exclusions) + i
        rest = is_true(and3([p for j, p in enumerate(d.parts) if j != at]))
        binds = is_false(sym.ok)
        if lim.spec.aggregate is Aggregate.AMOUNT:
            paid = d.pre_quota
            binds = z3.Or(binds, z3.And(is_true(sym.ok), paid.known, sym.remaining < paid.value))
        fields = {"limit": lim.name, "benefit": b.name, "why": why}
        r = check(u, z3.And(rest, binds, *extra), self.timeout)
        if r.answer == "unsat":
            self.out.append(Finding.of("W659", lim.span,
                                       "检查限制的上限是否大于待遇可能给出的数额或次数；" + HINT.format(code="W659"),
                                       subject=f"待遇「{b.name}」", **fields))
        elif r.answer == "unknown":
            self.out.append(Finding.of("W664", lim.span, "可用 --timeout 加长时限", subject=f"待遇「{b.name}」",
                                       timeout=self.timeout, finding=message("W659", **fields)))


def solver_findings(program: Program, timeout_s: float = 5.0, keys: list[str] | None = None) -> list[Finding]:
    out = []
    for key in keys or list(ir_of(program).benefits):
        out += _Benefit(program, key, timeout_s).run()
    return out
