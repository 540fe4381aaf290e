"""A model → a complete, runnable case (评估日期, 事实, 参数, 历史), and its check on the scalar engine.

The case is built twice from the same model: as the text of a case file (YAML-ready dict, every
value written in its declared unit) and as the runtime values the scalar evaluator reads. The
evaluator decides the witness; a witness is shown only with what the engine itself answers. (The
tests, which may use the case loader, also read the text back and get the same answers.)
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

import z3

from ...check.program import Program
from ...runtime.evaluate import Decision, Env, Evaluator, HistoryEntry
from ...units import _DISPLAY, Q, parse_unit, terminates, to_decimal
from .values import InputVar, Universe, real

WITNESS_MONTH_DAY = (6, 30)


def _fraction(v) -> Fraction:
    if z3.is_int_value(v):
        return Fraction(v.as_long())
    if z3.is_rational_value(v):
        return Fraction(v.numerator_as_long(), v.denominator_as_long())
    if z3.is_algebraic_value(v):
        raise ValueError("irrational")
    raise ValueError(str(v))



def _quantity_text(value: Fraction, var_unit, dim) -> str:
    for unit in (var_unit, parse_unit(_DISPLAY.get(dim, var_unit.text))):
        v = value / unit.scale
        if terminates(v):
            num = format(to_decimal(v), "f")
            if "." in num:
                num = num.rstrip("0").rstrip(".")
            sep = "" if unit.text in {"%", "BP"} or not unit.text else " "
            return num + sep + unit.text
    raise ValueError(f"{value} 无法写成小数")


def _value_text(m: z3.ModelRef, u: Universe, var: InputVar, value) -> object:
    ev = lambda x: m.eval(x, model_completion=True)  # noqa: E731
    if var.kind == "bool":
        return "是" if z3.is_true(ev(value)) else "否"
    if var.kind == "num":
        return _quantity_text(_fraction(ev(value)), var.unit, var.dim)
    if var.kind == "set":
        return [c for c, b in value.items() if z3.is_true(ev(b))]
    if var.kind == "date":
        return dt.date.fromordinal(ev(value).as_long()).isoformat()
    return _text(u, var, ev(value).as_long())


def _text(u: Universe, var: InputVar, i: int) -> str:
    """The words of an enumeration member or a text. A text the policy never writes as a text (the
    solver may pick the id of any interned string: a benefit key, a claimant, an enumeration's member) is
    shown as 「文本N」, one per id, so two different ids stay two different texts."""
    s = u.string_of(i)
    if var.kind == "enum" and s is not None:
        return s
    if s is not None and s in u.words and not any(s in x.choices for x in u.inputs.values() if x.kind == "enum"):
        return s
    out = f"文本{i}"
    while out in u.strings:
        out += "′"
    return out


def case_from_model(m: z3.ModelRef, u: Universe, program: Program, name: str = "见证案例") -> dict:
    """The case a model describes: only the facts and parameters it gives, and its history."""
    ev = lambda x: m.eval(x, model_completion=True)  # noqa: E731
    year = ev(u.year).as_long()
    case: dict = {"名称": name, "评估日期": dt.date(year, *WITNESS_MONTH_DAY).isoformat()}
    facts, params = {}, {}
    for var in sorted(u.inputs.values(), key=lambda v: v.name):
        if not z3.is_true(ev(var.known)):
            continue
        (params if var.is_param else facts)[var.name] = _value_text(m, u, var, var.value)
    if facts:
        case["事实"] = facts
    if params:
        case["参数"] = params
    if u.history_used and z3.is_true(ev(u.history_known)):
        history = []
        for slot in u.slots:
            if not z3.is_true(ev(slot.present)):
                continue
            bkey = (u.string_of(ev(slot.benefit).as_long()) or "").removeprefix("待遇:")
            entry = {"待遇": program.benefits[bkey].name.text if bkey in program.benefits else bkey,
                     "日期": dt.date(ev(slot.year).as_long(), 1, 15).isoformat()}
            claimant = (u.string_of(ev(slot.claimant).as_long()) or "").removeprefix("申领人:")
            if claimant and claimant != "个人":
                entry["申领人"] = claimant
            if z3.is_true(ev(slot.amount_known)):
                entry["金额"] = _quantity_text(_fraction(ev(slot.amount)), parse_unit("元"), (("元", 1),))
            for key, (k, v) in slot.fields.items():
                var = next(x for x in u.inputs.values() if x.key == key)
                if z3.is_true(ev(k)):
                    entry[var.name] = _value_text(m, u, var, v)
            history.append(entry)
        case["历史"] = history
    return case


def env_from_model(m: z3.ModelRef, u: Universe) -> Env:
    """The runtime values of the case a model describes (what the case loader would read from
    `case_from_model`'s text): facts and parameters it gives, evaluation date, history."""
    ev = lambda x: m.eval(x, model_completion=True)  # noqa: E731
    year = ev(u.year).as_long()
    facts, params = {}, {}
    for var in u.inputs.values():
        if z3.is_true(ev(var.known)):
            (params if var.is_param else facts)[var.key] = _runtime_value(m, u, var, var.value)
    history = None
    if u.history_used and z3.is_true(ev(u.history_known)):
        history = []
        for slot in u.slots:
            if not z3.is_true(ev(slot.present)):
                continue
            fields = {}
            for key, (k, v) in slot.fields.items():
                var = next(x for x in u.inputs.values() if x.key == key)
                if z3.is_true(ev(k)):
                    fields[key] = _runtime_value(m, u, var, v)
            amount = Q(_fraction(ev(slot.amount)), (("元", 1),)) if z3.is_true(ev(slot.amount_known)) else None
            history.append(HistoryEntry((u.string_of(ev(slot.benefit).as_long()) or "").removeprefix("待遇:"),
                                        dt.date(ev(slot.year).as_long(), 1, 15),
                                        (u.string_of(ev(slot.claimant).as_long()) or "").removeprefix("申领人:") or "个人",
                                        fields, amount))
    return Env(dt.date(year, *WITNESS_MONTH_DAY), facts, params, history)


def _runtime_value(m: z3.ModelRef, u: Universe, var: InputVar, value):
    ev = lambda x: m.eval(x, model_completion=True)  # noqa: E731
    if var.kind == "bool":
        return z3.is_true(ev(value))
    if var.kind == "num":
        return Q(_fraction(ev(value)), var.dim)
    if var.kind == "set":
        return frozenset(c for c, b in value.items() if z3.is_true(ev(b)))
    if var.kind == "date":
        return dt.date.fromordinal(ev(value).as_long())
    return _text(u, var, ev(value).as_long())


@dataclass
class Ran:
    """What the scalar engine answers on a witness under one program."""

    decision: Decision | None
    error: str = ""


@dataclass(frozen=True)
class Refused:
    """A version's case loader refuses the witness (a value above the 上限 that version declares, E732):
    there is no decision, only the loader's message."""

    message: str

    @property
    def text(self) -> str:
        return f"录入错误（{self.message}）"


def refusal(program: Program, env: Env) -> Refused | None:
    """Whether the case loader refuses the witness's values under `program` — a fact or parameter above the
    上限 `program` declares (E732, in the loader's words) — the one input check where two versions of a
    comparison may differ (values.Universe.valid); None when it accepts them."""
    from ...check.domains import domain_of_info
    from ...codes import message
    from ...ir import ir_of

    ir = ir_of(program)
    for key, q in [*env.facts.items(), *env.params.items()]:
        info = ir.facts.get(key) if key in env.facts else ir.params.get(key)
        if info is None or not isinstance(q, Q):
            continue
        domain = domain_of_info(info)
        if domain.upper is not None and q.value > domain.upper:
            value = _quantity_text(q.value, info.unit, info.type.dim)
            return Refused(message("E732", name=info.name, value=value, upper=domain.upper_text))
    return None


def run_env(program: Program, env: Env, key: str) -> Ran:
    """Decide benefit `key` with the scalar engine on the witness's runtime values."""
    ev = program.derived("evaluator", Evaluator)
    b = ev.benefit(key)
    if b is None:
        return Ran(None, "无此待遇")
    return Ran(ev.decide(b, Env(env.date, dict(env.facts), dict(env.params), env.history)))


def claimed(m: z3.ModelRef, status, amount) -> tuple[str, Q | None]:
    """The status and amount the encoding claims for a model (for comparison with the engine)."""
    from .benefit import STATUS_TEXT

    ev = lambda x: m.eval(x, model_completion=True)  # noqa: E731
    st = STATUS_TEXT[ev(status).as_long()]
    if st in {"符合", "冲突"} and z3.is_true(ev(amount.known)):
        return st, _fraction(ev(amount.value))
    return st, None


def agrees(d: Decision | None, claim: tuple[str, Fraction | None]) -> bool:
    if d is None:
        return False
    status, amount = claim
    if d.status != status:
        return False
    if status in {"符合", "冲突"}:
        got = d.amount.value if d.amount is not None else None
        return got == amount
    return True


def pin(u: Universe, env: Env) -> list | None:
    """Constraints that fix every input of the universe to a case's values (a fact the case does not
    give is unknown). None when the case's history is longer than the universe's slots."""
    out = [u.year == env.date.year]
    for var in u.inputs.values():
        given = env.params if var.is_param else env.facts
        if var.key not in given:
            out.append(z3.Not(var.known))
            continue
        out += [var.known, *_equal(u, var, var.value, given[var.key])]
    if u.history_used:
        if env.history is None:
            out.append(z3.Not(u.history_known))
        else:
            if len(env.history) > len(u.slots):
                return None
            out.append(u.history_known)
            for i, slot in enumerate(u.slots):
                if i >= len(env.history):
                    out.append(z3.Not(slot.present))
                    continue
                h = env.history[i]
                out += [slot.present, slot.benefit == u.sid("待遇:" + h.benefit), slot.year == h.date.year,
                        slot.claimant == u.sid("申领人:" + h.claimant)]
                out.append(z3.And(slot.amount_known, slot.amount == real(h.amount.value, u.ctx))
                           if h.amount is not None else z3.Not(slot.amount_known))
                for key, (k, v) in slot.fields.items():
                    var = next(x for x in u.inputs.values() if x.key == key)
                    out += [k, *_equal(u, var, v, h.fields[key])] if key in h.fields else [z3.Not(k)]
    return out


def _equal(u: Universe, var: InputVar, term, value) -> list:
    if var.kind == "bool":
        return [term == z3.BoolVal(bool(value), u.ctx)]
    if var.kind == "num":
        return [term == real(value.value, u.ctx)]
    if var.kind == "set":
        return [b == z3.BoolVal(c in value, u.ctx) for c, b in term.items()]
    if var.kind == "date":
        return [term == value.toordinal()]
    return [term == u.sid(value)]
