"""Compare the benchmarks of two (or more) checkouts side by side, on the same machine load.

    python benchmarks/compare.py 9345bcb HEAD [--rounds 5] [--policies REV_OR_DIR] [-- bench options]

Each revision (a git revision of this repository, or a directory holding a checkout) is exported
to a temporary directory (`git archive`), then `benchmarks/bench.py --json --repo <checkout>` (this
script's bench, so every checkout is measured by the same code) runs on each checkout in turn,
round after round: A B A B … so a change in the machine's load hits both alike. Printed: the
median over the rounds of each figure (CPU time of the measured process, not wall time) and the
ratio to the first checkout.

Both checkouts read the SAME corpus: the policies of `--policies` (default: the first revision's
`policies/`, which an older hzdsl can parse; a newer one reads older policies too).
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

FIGURES = [  # (json key, label, unit, lower is better)
    ("cold_cpu_ms", "冷启动检查（新进程）", "ms", True),
    ("import_cpu_ms", "其中仅导入 hzdsl.loader", "ms", True),
    ("warm_cpu_ms", "热检查全部政策", "ms", True),
    ("case_cpu_ms", "单个案例经全部待遇", "ms", True),
    ("cases_per_cpu_s", "生成案例 个/CPU 秒", "", False),
]


def checkout(rev: str, into: Path) -> Path:
    """A directory holding `rev`: itself when it is a directory, else an export of the git revision."""
    if Path(rev).is_dir():
        return Path(rev).resolve()
    target = into / rev.replace("/", "_")
    target.mkdir()
    archive = subprocess.run(["git", "archive", rev], cwd=REPO, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def measure(repo: Path, policies: Path, bench_args: list[str]) -> dict:
    out = subprocess.run([sys.executable, str(HERE / "bench.py"), "--json", "--repo", str(repo),
                          "--policies", str(policies), *bench_args],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description="两个检出并排测性能（同一负载，轮流运行）")
    ap.add_argument("revs", nargs="+", help="git 版本或检出目录（第一个为基准）")
    ap.add_argument("--rounds", type=int, default=5, help="轮数（每轮每个检出各跑一次 bench.py）")
    ap.add_argument("--policies", help="两边共用的政策目录或 git 版本（默认：第一个版本的 policies/）")
    argv = sys.argv[1:]
    cut = argv.index("--") if "--" in argv else len(argv)  # after --: options of bench.py
    args = ap.parse_args(argv[:cut])
    bench_args = argv[cut + 1:] or ["--runs", "5", "--evals", "1000", "--population", "3000"]
    with tempfile.TemporaryDirectory(prefix="hzdsl-bench-") as tmp:
        repos = [checkout(r, Path(tmp)) for r in args.revs]
        policies = (checkout(args.policies, Path(tmp)) / "policies" if args.policies and not Path(args.policies).is_dir()
                    else Path(args.policies).resolve() if args.policies else repos[0] / "policies")
        results: list[list[dict]] = [[] for _ in repos]
        for r in range(args.rounds):
            for i, repo in enumerate(repos):
                results[i].append(measure(repo, policies, bench_args))
            print(f"第 {r + 1}/{args.rounds} 轮完成（负载 {results[-1][-1]['load']:.1f}）", file=sys.stderr)

    print(f"语料：{policies}；{args.rounds} 轮，每轮 {' '.join(bench_args)}；各项为各轮中位数的中位数（CPU 时间）")
    width = max(len(r) for r in args.revs)
    header = "".join(f"{r:>{max(width, 10) + 2}}" for r in args.revs)
    print(f"{'':24}{header}   比值（相对 {args.revs[0]}）")
    for key, label, unit, _ in FIGURES:
        values = [statistics.median(run[key] for run in runs) for runs in results]
        cells = "".join(f"{v:>{max(width, 10) + 2}.{4 if key == 'case_cpu_ms' else 1}f}" for v in values)
        ratios = " ".join(f"{v / values[0]:.3f}" for v in values[1:])
        print(f"{label:<24}{cells} {unit:>3}  {ratios}")
    for j, runs in enumerate(results):
        phases = {k: statistics.median(run["phases_cpu_ms"][k] for run in runs) for k in runs[0]["phases_cpu_ms"]}
        print(f"  {args.revs[j]} 热检查分段：" + "，".join(f"{k} {v:.1f} ms" for k, v in phases.items()))


if __name__ == "__main__":
    main()
