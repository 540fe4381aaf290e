"""Benchmark: rendering many diagnostics of one file (quadratic before: each quoted line re-split the file).

    python benchmarks/diagnostics.py [--errors 50000] [--runs 3]

Prints the median time to parse + check a file of N one-line syntax errors, and to render all N
diagnostics with their source lines (`render_plain`, what `hzdsl check` prints; the CLI shows the
first 100 per file and counts the rest). Rendering should grow linearly with N.
"""
from __future__ import annotations

import argparse
import statistics
import time

from hzdsl.errors import render_plain
from hzdsl.frontend import check_sources


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--errors", type=int, default=50_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    text = "条款 三 「加大创业资金扶持力度」。\n" + "事实 。\n" * args.errors
    check, render = [], []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        loaded = check_sources({"errors.policy": text}, None)
        t1 = time.perf_counter()
        size = sum(len(render_plain(d, loaded.sources)) for d in loaded.diagnostics)
        t2 = time.perf_counter()
        check.append(t1 - t0)
        render.append(t2 - t1)
    print(f"{len(loaded.diagnostics)} diagnostics, {size // 1024} KB rendered")
    print(f"parse + check  median {statistics.median(check):.2f} s")
    print(f"render all     median {statistics.median(render):.2f} s")


if __name__ == "__main__":
    main()
