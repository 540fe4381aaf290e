"""Calibration of the proofs' clock: how many z3 resource units (rlimit) one second of solving is.

    python benchmarks/prove_effort.py [--timeout 10] [--repeat 1]

backends/smt/effort.py turns a time limit in seconds (--prove-timeout, lint --timeout) into z3 resource units at
effort.UNITS_PER_S; the wall clock is only a safety net of WALL_FACTOR × a run's share. That rate is a property of
z3 and of the machine, so it is measured here on real proofs, never asserted in tests.

Each edit below is a small change of a bundled policy (a copy in a temporary folder); its `diff --prove` proof
(compare.compare_benefit) runs with every metered z3 run (effort.run, not the optimiser, whose work z3 does not fully
count) timed: the units it did, and the wall and CPU seconds of the call (z3 runs in the calling thread, so the
thread's CPU time is z3's). A run the wall-clock safety net stopped is left out (it is charged units it did not do).
Per edit: units ÷ seconds summed over its runs; then the median and range over the edits. CPU seconds are the
steadier figure on a shared machine: units per wall second fall with the load, units per CPU second much less.
The load average before and after is printed: say it with the figure.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

# (label, policy file, benefit, [(text, replacement)]) — each text found exactly once; the copy must check clean
EDITS = [
    ("c16 cap lowered 1000 → 700 元/人", "c16.policy", "高技能人才培养资助", [
        ("最高不超过 「培养高技能人才人数」 × 1000 元/人。", "最高不超过 「培养高技能人才人数」 × 700 元/人。"),
        ("读法 1 人 “至少培养 1 人才有资助”", "读法 1 人 “至少培养 1 人才有资助”\n    读法 700 元/人 “校准：上限调低”")]),
    ("c13 rate 60 → 70 %, cap 6000 → 8000 元", "c13.policy", "职工学徒培训补贴", [
        ("则 「企业支付给培训机构的学徒培训费用」 × 60%，最高不超过 6000 元。",
         "则 「企业支付给培训机构的学徒培训费用」 × 70%，最高不超过 8000 元。"),
        ("每人每年最高不超过 6000 元」\n    若 「企业开展新型学徒制培训」",
         "每人每年最高不超过 6000 元」\n    读法 70%、8000 元 “校准：比例与封顶调高”\n    若 「企业开展新型学徒制培训」")]),
    ("c10 rate 50 → 60 %", "c10.policy", "员工制家政服务企业社保补贴", [
        ("则 「社会保险三费」 × 50%，期限不超过 3 年。", "则 「社会保险三费」 × 60%，期限不超过 3 年。"),
        ("    若 「独立核算企业或民办非企业」 且 「员工制家政服务员」\n",
         "    读法 60% “校准：比例调高”\n    若 「独立核算企业或民办非企业」 且 「员工制家政服务员」\n")]),
    ("c06 a 较小值 added", "c06.policy", "创业导师服务补贴", [
        ("则 「导师线上服务次数」 × 300 元/次 + 「导师线下服务次数」 × 1000 元/次。",
         "则 「导师线上服务次数」 × 300 元/次 + 「导师线下服务次数」 × 1000 元/次"
         " + 较小值(「导师线上服务次数」, 「导师线下服务次数」) × 100 元/次。"),
        ("读法 1 次 “至少参加 1 次所列服务才有补贴”",
         "读法 1 次 “至少参加 1 次所列服务才有补贴”\n    读法 100 元/次 “校准：线上线下都有的每对加 100 元”")]),
    ("c05 year-1 standard 1 → 2 元/平方米·天", "c05.policy", "创业陪跑空间外场地租金补贴", [
        ("指 按 「场地租金补贴年度」：1 为 1 元/平方米·天；", "指 按 「场地租金补贴年度」：1 为 2 元/平方米·天；")]),
]


def edited(tmp: Path, file: str, replacements) -> tuple:
    from hzdsl.loader import load_policies

    new = tmp / "new"
    shutil.rmtree(new, ignore_errors=True)
    shutil.copytree(REPO / "policies", new)
    path = new / file
    text = path.read_text(encoding="utf-8")
    for old, repl in replacements:
        if text.count(old) != 1:
            raise SystemExit(f"{file}: the edit's text is not found exactly once: {old!r}")
        text = text.replace(old, repl)
    path.write_text(text, encoding="utf-8")
    a = load_policies(sorted((REPO / "policies").glob("*.policy")))
    b = load_policies(sorted(new.glob("*.policy")))
    if b.errors:
        raise SystemExit(f"{file}: the edited copy does not check: {[str(d) for d in b.errors][:3]}")
    return a.program, b.program


class Meter:
    """Wraps effort.run: per metered run, (units, wall s, CPU s) — runs the safety net stopped left out."""

    def __init__(self, effort) -> None:
        self.effort, self.real, self.runs, self.stopped = effort, effort.run, [], 0

    def __enter__(self) -> "Meter":
        def run(engine, ctx, seconds, optimiser=False):
            if optimiser:
                return self.real(engine, ctx, seconds, optimiser)
            u0, s0 = self.effort.CLOCK.units, self.effort.CLOCK.wall_stops
            w0, c0 = time.perf_counter(), time.thread_time()
            r = self.real(engine, ctx, seconds, optimiser)
            w, c = time.perf_counter() - w0, time.thread_time() - c0
            if self.effort.CLOCK.wall_stops != s0:
                self.stopped += 1
            else:
                self.runs.append((self.effort.CLOCK.units - u0, w, c))
            return r

        self.effort.run = run
        return self

    def __exit__(self, *exc) -> None:
        self.effort.run = self.real


def load() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--timeout", type=float, default=10.0, help="each proof's time limit (seconds of work)")
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()

    from hzdsl.backends.smt import effort
    from hzdsl.backends.smt.compare import compare_benefit

    print(f"z3 work per second — UNITS_PER_S now {effort.UNITS_PER_S:,}; load average before {load()}, "
          f"{os.cpu_count()} CPUs")
    wall_rates, cpu_rates = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for label, file, key, replacements in EDITS:
            old, new = edited(Path(tmp), file, replacements)
            for _ in range(args.repeat):
                with Meter(effort) as m:
                    v = compare_benefit(old, new, key, timeout_s=args.timeout)
                units = sum(r[0] for r in m.runs)
                wall, cpu = sum(r[1] for r in m.runs), sum(r[2] for r in m.runs)
                if not units or not wall or not cpu:
                    print(f"  {label}: no metered work")
                    continue
                wall_rates.append(units / wall)
                cpu_rates.append(units / cpu)
                print(f"  {label}: {v.verdict}; {len(m.runs)} runs, {units / 1e6:.1f} M units in {wall:.2f} s wall / "
                      f"{cpu:.2f} s CPU → {units / wall / 1e6:.2f} M/s wall, {units / cpu / 1e6:.2f} M/s CPU"
                      + (f"; {m.stopped} stopped by the wall clock (left out)" if m.stopped else ""))
    for name, rates in (("wall", wall_rates), ("CPU", cpu_rates)):
        if rates:
            print(f"units per {name} second: median {statistics.median(rates) / 1e6:.2f} M, "
                  f"range {min(rates) / 1e6:.2f}–{max(rates) / 1e6:.2f} M over {len(rates)} proofs")
    print(f"load average after {load()}")


if __name__ == "__main__":
    main()
