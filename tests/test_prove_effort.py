"""`--prove-timeout` is a budget of z3's work, not of the wall clock: the same input gives the same proof on a loaded
machine, a proof out of budget says 未能证明 (never a wrong proof) and the JSON names the benefit (brief s22-prove3,
item 2; backends/smt/effort.py).

By hand (as tests/test_prove_unbounded.py): c16's 高技能人才培养资助 pays clamp(s, 500, C) × n; lowering C from 1000 to
700 元/人 makes nobody better off and, at s ≥ 1000, the 人数 n worse off by 300 × n 元 — 收紧, the decrease
unbounded along 「培养高技能人才人数」, nobody gets more.
"""
from __future__ import annotations

import json
import threading
import time

import pytest

pytest.importorskip("z3")

from hzdsl.backends.smt import effort  # noqa: E402
from hzdsl.backends.smt.compare import compare_benefit  # noqa: E402
from hzdsl.review import proofs  # noqa: E402

from .test_prove_unbounded import COUNT, KEY, lowered  # noqa: E402

NAME = "高技能人才培养资助"


def _shape(v) -> tuple:
    return (v.verdict, v.note, [(b.direction, b.value, b.exact, b.unbounded, b.grows_with) for b in v.amounts],
            [(w.direction, w.case, w.old, w.new, w.verified) for w in v.witnesses])


def test_a_loaded_machine_gives_the_same_proof(tmp_path, monkeypatch):
    # A loaded machine, exaggerated: every reading of the wall clock is 5 s later than the one before. With the time
    # limit on the wall clock (the old solve.py / compare.py) every query found its time spent — 未能证明. Measured in
    # z3's own work, the proof is the one an idle machine gives.
    old, new = lowered(tmp_path)
    idle = compare_benefit(old, new, KEY, timeout_s=3)
    assert idle.verdict == "收紧", (idle.verdict, idle.note)
    assert [(b.unbounded, b.grows_with) for b in idle.amounts] == [(False, ()), (True, (COUNT,))]

    real, ticks = time.monotonic, []

    def loaded() -> float:
        ticks.append(None)
        return real() + 5.0 * len(ticks)

    monkeypatch.setattr(time, "monotonic", loaded)
    busy = compare_benefit(old, new, KEY, timeout_s=3)
    monkeypatch.undo()
    assert _shape(busy) == _shape(idle)


def test_the_same_proof_does_the_same_work(tmp_path):
    # z3's resource count, summed over every run of the proof, is the same each time: it is what the budget spends
    old, new = lowered(tmp_path)
    spent = []
    for _ in range(2):
        before = effort.CLOCK.units
        compare_benefit(old, new, KEY, timeout_s=3)
        spent.append(effort.CLOCK.units - before)
    assert spent[0] == spent[1] and spent[0] > 0


def test_out_of_budget_says_so_and_the_json_names_the_benefit(tmp_path):
    # a budget far too small for anything: 未能证明 with the documented wording, and the benefit listed as out of time
    old, new = lowered(tmp_path)
    p = proofs.prove(old, new, timeout_s=0.0001)
    (v,) = p.verdicts
    assert v.verdict == "未能证明" and v.note == "未能在 0.0001 秒内证明", (v.verdict, v.note)
    assert not v.witnesses and not v.amounts  # nothing shown as if proven
    text = "\n".join(proofs.lines(p, new, old))
    assert f"待遇「{NAME}」：未能证明；未能在 0.0001 秒内证明" in text
    data = json.loads(json.dumps(p.to_json(), ensure_ascii=False))
    assert data["超出时限"] == [{"待遇": NAME, "未完成": ["结论"]}]
    assert data["结论"][0]["超出时限"] == ["结论"]


def test_an_amount_bound_out_of_budget_is_named_too(tmp_path, monkeypatch):
    # the verdict proven, the decrease's search out of budget (the proof along the count disabled, as in
    # test_prove_unbounded): the JSON names the part not finished
    from hzdsl.backends.smt import compare

    monkeypatch.setattr(compare, "_grows_along", lambda *a, **k: ())
    monkeypatch.setattr(compare, "_grows_along_line", lambda *a, **k: ())
    monkeypatch.setattr(compare, "_name_growth", lambda *a, **k: ())
    monkeypatch.setattr(compare, "_maximize", lambda *a, **k: (__import__("z3").unknown, None, None))
    old, new = lowered(tmp_path)
    p = proofs.prove(old, new, timeout_s=3)
    (v,) = p.verdicts
    assert v.verdict == "收紧"
    down = v.amounts[1]
    assert not down.exact and not down.unbounded
    assert p.to_json()["超出时限"] == [{"待遇": NAME, "未完成": ["金额减少"]}]
    assert "超出时限、未完全证明：待遇「高技能人才培养资助」（金额减少）" in "\n".join(proofs.lines(p, new, old))


def test_the_default_budget_is_work_too(tmp_path, monkeypatch):
    # without --prove, benefits are proven while the whole stays within a budget (30 s by default): on the wall
    # clock (the old proofs.py) a loaded machine — here every reading 50 s later — left the benefit unproven
    old, new = lowered(tmp_path)
    real, ticks = time.perf_counter, []

    def loaded() -> float:
        ticks.append(None)
        return real() + 50.0 * len(ticks)

    monkeypatch.setattr(time, "perf_counter", loaded)
    p = proofs.prove(old, new, timeout_s=3, budget_s=30)
    monkeypatch.undo()
    assert p.skipped == [] and [v.verdict for v in p.verdicts] == ["收紧"]


def test_a_run_the_wall_clock_stopped_is_said_and_never_a_proof(tmp_path, monkeypatch):
    # a machine far slower than the budget assumes, made so: the wall-clock safety net at 1 ms a run. What those runs
    # did not decide stays undecided (未能证明 or a bound not exact), the note says the answer may depend on the
    # machine, and the JSON counts the stops
    monkeypatch.setattr(effort, "WALL_FACTOR", 0.0)
    monkeypatch.setattr(effort, "WALL_MIN_S", 0.001)
    old, new = lowered(tmp_path)
    p = proofs.prove(old, new, timeout_s=3)
    (v,) = p.verdicts
    assert v.wall_stops > 0
    assert v.verdict in {"未能证明", "收紧"}, v.verdict  # 收紧 only if the runs that decided it were not stopped
    assert f"有 {v.wall_stops} 次求解因机器过慢被墙钟安全时限中止，结果可能随机器负载而变" in v.note
    assert p.to_json()["结论"][0]["墙钟中止次数"] == v.wall_stops
    if v.verdict == "未能证明":
        assert "结论" in v.unfinished() or "宽严" in v.unfinished()


class _Stuck:
    """An engine that ignores its own timeout (z3's optimiser did: 90 s under 27 s): check() returns only when its
    context is interrupted."""

    def __init__(self) -> None:
        self.released = threading.Event()

    def set(self, *a) -> None:
        pass

    def check(self):
        self.released.wait(10)
        return __import__("z3").unknown

    def statistics(self):
        raise __import__("z3").Z3Exception("no statistics")

    def reason_unknown(self) -> str:
        return "canceled"


class _Ctx:
    def __init__(self, engine: _Stuck) -> None:
        self.engine = engine

    def interrupt(self) -> None:
        self.engine.released.set()


def test_the_safety_net_needs_no_thread_per_run(monkeypatch):
    # lint makes hundreds of runs (338 on the bundled policies): a watchdog thread started per run cost ~3 ms of
    # wall each on a loaded machine (1 s of lint's 9) and the sys time of a thread; one shared watchdog serves them
    # all. It still interrupts a run that ignores its timeout, and the stop is counted.
    import z3

    started = []
    real_start = threading.Thread.start

    def counting(self):
        started.append(self.name)
        return real_start(self)

    monkeypatch.setattr(threading.Thread, "start", counting)
    ctx = z3.Context()
    stops = effort.wall_stops()
    for _ in range(20):
        s = z3.Solver(ctx=ctx)
        s.add(z3.Int("x", ctx) > 0)
        assert effort.run(s, ctx, 0.1) == z3.sat
    monkeypatch.setattr(effort, "WALL_FACTOR", 0.0)
    monkeypatch.setattr(effort, "WALL_MIN_S", 0.01)
    monkeypatch.setattr(effort, "GRACE_S", 0.01)
    stuck = _Stuck()
    t0 = time.perf_counter()
    assert effort.run(stuck, _Ctx(stuck), 0.1) == z3.unknown
    assert time.perf_counter() - t0 < 5  # interrupted, not left to its own 10 s
    assert effort.wall_stops() == stops + 1
    assert len(started) <= 1, started  # at most the shared watchdog, started once for the whole process
