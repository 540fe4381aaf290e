"""The proofs' clock: z3's own count of the work it did (its resource limit, `rlimit`), not the wall clock.

A time limit in seconds (`diff --prove-timeout`, `lint --timeout`) is converted once into z3 resource units
(UNITS_PER_S) and every solver and optimiser run is given its share as an `rlimit`. z3 counts these units
per context, deterministically: the same query with the same seed does the same work whatever else the
machine does. So every decision the proof takes from "how much time is left" — when a portfolio restarts,
how the rest of a benefit's limit is shared out, when a climb stops — reads `now()`, the units spent so far
expressed in seconds, and the same input gives the same answer on a loaded machine as on an idle one (with
the wall clock a loaded machine stopped queries earlier: a 3 s proof became a timeout).

The wall clock stays as a safety net only: a run is stopped after WALL_FACTOR × its share plus WALL_MIN_S
seconds (a machine may be far slower than the one UNITS_PER_S was measured on, and some of z3's procedures
do not count their work). A run the wall clock stopped is counted (`wall_stops`): the caller says so (its
answer may then depend on the machine) — still "unknown", never read as a proof.

z3's optimiser (`optimiser=True`) is the exception: parts of it count no resource units (c16's cap lowered, on
the unrounded encoding: 0.76 M units counted, then 9 s more of work under a limit of 0.19 s of units, past its
own timeout and an interrupt), and longer runs reach such parts more often. So an optimiser run keeps a
wall-clock limit of its share, and the clock is charged its whole share whatever it did: how a benefit's
limit is shared out stays deterministic, and so does every answer but the optimiser's own. What the
optimiser does not answer in time goes to the deterministic fall-backs (the proofs along one input and
along a line, the climb: compare._search), so on a loaded machine a bound may be found by the climb where
an idle one's optimiser found it — the same value when both are exact.
"""
from __future__ import annotations

import threading
from time import monotonic as _monotonic  # bound here: a test that shifts time.monotonic does not fire the watchdog

import z3

# z3 resource units per second of solving. One "second" of a time limit is this many units, whatever the machine's
# speed or load; on a faster machine a proof simply ends sooner. Measured by benchmarks/prove_effort.py (z3 5.4.1,
# 2 CPUs shared by other jobs; 2 Dec 2026 13:50 UTC, load average 7.6 → 7.0): the metered runs of five diff --prove
# proofs (c16 cap lowered, c13 rate and cap raised, c10 rate raised, c06 a 较小值 added, c05 a standard raised; 10 s
# limit) did a median 5.9 M units per CPU second of z3's thread (range 1.9–8.3 M; the low one c05, whose amount is a
# non-linear product of two facts, 面积 × 天数) and 2.7 M per wall second at that load (0.8–3.6 M). So 4 M units are about
# 0.7 s of an idle core's work — within the proofs' range, and kept (another rate moves every limit's answers). At
# the median wall rate a run takes 1.5 × its share of wall time, inside the safety net (WALL_FACTOR × share + 1 s);
# at c05's 0.8 M it takes 5 × and the net stopped 3 of its runs. An earlier, looser measurement: 2.6–5.0 M per wall
# second.
UNITS_PER_S = 4_000_000
WALL_FACTOR, WALL_MIN_S = 4.0, 1.0  # the wall-clock safety net of one run
GRACE_S = 0.5  # past the safety net, a run that did not stop by itself is interrupted


class _Clock(threading.local):
    """Units spent by every z3 run of this thread, and runs the wall clock stopped. Per thread: a proof in one
    thread must not see another thread's work on its clock (the CLI runs proofs in one thread; a server may not)."""

    def __init__(self) -> None:
        self.units = 0
        self.wall_stops = 0


CLOCK = _Clock()


def now() -> float:
    """The work done so far, in seconds of the time limit (deterministic: z3's resource count)."""
    return CLOCK.units / UNITS_PER_S


def wall_stops() -> int:
    return CLOCK.wall_stops


class _Watchdog:
    """Interrupts each run still going GRACE_S past its safety net — one daemon thread for the whole process, not a
    timer thread per run: lint makes hundreds of runs (338 on the bundled policies) and a thread started per run
    cost ~3 ms of wall time each on a loaded machine, plus the system time of a thread."""

    def __init__(self) -> None:
        self._cv = threading.Condition()
        self._due: dict[int, tuple[float, object, list]] = {}  # run → (when to interrupt, its context, fired)
        self._next = 0
        self._thread: threading.Thread | None = None

    def arm(self, seconds: float, ctx) -> tuple[int, list]:
        fired: list = []
        with self._cv:
            self._next += 1
            self._due[self._next] = (_monotonic() + seconds, ctx, fired)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name="hzdsl-z3-watchdog", daemon=True)
                self._thread.start()
            self._cv.notify()
            return self._next, fired

    def disarm(self, token: int) -> None:
        with self._cv:
            self._due.pop(token, None)

    def _loop(self) -> None:
        with self._cv:
            while True:
                now = _monotonic()
                for token, (when, ctx, fired) in list(self._due.items()):
                    if when <= now:
                        del self._due[token]
                        fired.append(True)
                        ctx.interrupt()
                soonest = min((when for when, _, _ in self._due.values()), default=None)
                self._cv.wait(None if soonest is None else max(soonest - now, 0.0))


_WATCHDOG = _Watchdog()


def _count(engine) -> int:
    st = engine.statistics()
    return int(st.get_key_value("rlimit count")) if "rlimit count" in st.keys() else 0


def run(engine, ctx: z3.Context, seconds: float, optimiser: bool = False):
    """`engine.check()` (a Solver or an Optimize of `ctx`) within `seconds` of work: z3's answer, "unknown" when
    the work ran out (or the engine gave up, or the safety net stopped it). The units it did are added to the
    clock — per context z3 counts cumulatively, so the count before the run is the one the context's last run
    ended with."""
    units = max(1, int(seconds * UNITS_PER_S))
    wall = seconds if optimiser else seconds * WALL_FACTOR + WALL_MIN_S
    engine.set("rlimit", units)  # relative: z3 adds it to the context's count when the check starts
    engine.set("timeout", max(1, int(wall * 1000)))
    before = getattr(ctx, "_hzdsl_rlimit", 0)
    token, fired = _WATCHDOG.arm(wall + GRACE_S, ctx)
    try:
        r = engine.check()
    except z3.Z3Exception:  # interrupted, or a formula outside that engine
        r = z3.unknown
    finally:
        _WATCHDOG.disarm(token)
    try:
        after = _count(engine)
    except z3.Z3Exception:
        after = before
    spent = max(after - before, 0)
    ctx._hzdsl_rlimit = max(after, before)
    if optimiser:
        CLOCK.units += units
        return r
    if r == z3.unknown and spent < units and (fired or _timed_out(engine)):
        # stopped before its share of work was done: what it would have answered is not known; charged its whole
        # share, so the rest of the proof is shared out as it would be had the work run out
        CLOCK.wall_stops += 1
        spent = units
    CLOCK.units += spent
    return r


def _timed_out(engine) -> bool:
    """z3's own wall-clock `timeout` stopped it (its resource limit reads "canceled", a formula it cannot decide
    "incomplete …")."""
    try:
        return "timeout" in engine.reason_unknown()
    except z3.Z3Exception:
        return False
