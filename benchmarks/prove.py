"""Benchmarks of the z3 back-end: how long proofs take on the repository's whole policy set.

    python benchmarks/prove.py [--timeout 20] [--commits 8]

Figures (wall and CPU seconds; the machine may be shared, so CPU time is the steadier figure):
  * lint        — every solver check of `hzdsl lint` on every benefit (dead rule, always-true
                  condition, exceptions, conflicts, negative payout, caps, floors, limits);
                  total, and the median / max per benefit;
  * diff --prove — every changed, added or removed benefit of the last N commits that touched policies/ (verdict,
                  witnesses checked on the scalar engine, largest amount change); per commit and
                  the median / max per benefit, with the count of each verdict.
Speed is measured here, never asserted in tests.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def clock():
    return time.perf_counter(), time.process_time()


def since(t):
    w, c = clock()
    return w - t[0], c - t[1]


def bench_lint(program, timeout: float) -> None:
    from hzdsl.ir import ir_of
    from hzdsl.lint.solver import solver_findings

    per, t0 = [], clock()
    codes = Counter()
    for key in ir_of(program).benefits:
        t = clock()
        for f in solver_findings(program, timeout, [key]):
            codes[f.code] += 1
        per.append(since(t)[0])
    wall, cpu = since(t0)
    print(f"lint (solver checks), {len(per)} benefits: total {wall:.1f} s wall, {cpu:.1f} s CPU; "
          f"per benefit median {statistics.median(per):.2f} s, max {max(per):.2f} s; findings {dict(codes)}")


def bench_diff(commits: int, timeout: float) -> None:
    from hzdsl.backends.smt.compare import compare_benefit, single_benefit
    from hzdsl.review.impact import changed_benefits
    from hzdsl.errors import HzdslError
    from hzdsl.review.versions import load, resolve

    revs = subprocess.run(["git", "log", f"-{commits}", "--format=%h", "--", "policies"], cwd=REPO,
                          capture_output=True, text=True).stdout.split()
    per, verdicts = [], Counter()
    t0 = clock()
    for rev in revs:
        try:
            old, new = load(resolve(rev + "~1", "policies")), load(resolve(rev, "policies"))
        except HzdslError:  # the first commit: no parent to compare with
            print(f"  {rev}: no earlier version, skipped")
            continue
        if old.errors or new.errors:
            print(f"  {rev}: a version does not check, skipped")
            continue
        keys = [(k, "changed") for k in changed_benefits(old.program, new.program)]
        keys += [(k, "added") for k in new.program.benefits if k not in old.program.benefits]
        keys += [(k, "removed") for k in old.program.benefits if k not in new.program.benefits]
        t = clock()
        got = []
        for key, how in keys:
            tb = clock()
            if how == "changed":
                v = compare_benefit(old.program, new.program, key, timeout)
            else:
                v = single_benefit(old.program if how == "removed" else new.program, key, how == "added", timeout)
            per.append(since(tb)[0])
            verdicts[v.verdict] += 1
            got.append(v.verdict)
        w, c = since(t)
        print(f"  {rev}: {len(keys)} changed/added/removed benefits in {w:.1f} s wall / {c:.1f} s CPU — "
              f"{dict(Counter(got))}")
    wall, cpu = since(t0)
    if per:
        print(f"diff --prove over {len(revs)} commits: {len(per)} benefit proofs, total {wall:.1f} s wall, "
              f"{cpu:.1f} s CPU; per benefit median {statistics.median(per):.2f} s, max {max(per):.2f} s; "
              f"verdicts {dict(verdicts)}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--timeout", type=float, default=20.0, help="time limit per solver query (s)")
    ap.add_argument("--commits", type=int, default=8, help="commits touching policies/ to diff")
    args = ap.parse_args()
    os.chdir(REPO)
    from hzdsl.loader import load_policies

    loaded = load_policies([REPO / "policies"])
    bench_lint(loaded.program, args.timeout)
    bench_diff(args.commits, args.timeout)


if __name__ == "__main__":
    main()
