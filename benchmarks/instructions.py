"""Count the machine instructions of hzdsl's hot paths in two (or more) checkouts, under valgrind.

    python benchmarks/instructions.py 6a9539b HEAD [--policies REV_OR_DIR] [--only warm,case,population,import,cold]

CPU time on a shared machine moves by several per cent from one minute to the next (`compare.py`
alternates A B A B and takes medians for that reason). An instruction count does not move: it is
the same on an idle and on a loaded machine, so a saving of 1 % is seen as 1 %. Counted with
valgrind's callgrind (the program runs ~50× slower; a full run takes a few minutes).

Each figure is the difference of two runs of the same script that differ only in how many times
the measured step runs, divided by that number — so interpreter start-up, imports and warm-up
cancel out:

  * warm        — one `load_policies` of the corpus (parse + check), after two warm-ups;
  * case        — one case through every benefit (bench.py's generated case, no unknown facts);
  * population  — one generated case of bench.py's population (10 % unknown facts), mean of 300;
  * import      — `import hzdsl.loader` in a fresh interpreter;
  * cold        — a fresh interpreter that imports hzdsl and checks the corpus once.

Python's bytecode caches: hzdsl is exported without `__pycache__` (as compare.py exports it), and
PYTHONDONTWRITEBYTECODE, when set, keeps it so — then `import` and `cold` include compiling
hzdsl's sources, as compare.py's cold figures do in such an environment. Hash seeds are fixed.
Speed is measured here, never asserted in tests.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from compare import checkout  # noqa: E402  (the same export of a revision as compare.py)

# (figure, label, steps in the long run) — the short run does 0 steps of the same script
FIGURES = [
    ("warm", "热检查全部政策（每次）", 4),
    ("case", "单个案例经全部待遇（每次）", 200),
    ("population", "生成案例（每个，含 10% 未知事实）", 300),
    ("import", "仅导入 hzdsl.loader", 1),
    ("cold", "冷启动检查（导入 + 首次检查）", 1),
]

# One script for every figure: argv = repo, policies, figure, steps. With steps = 0 it does all the
# set-up of the figure and none of its measured work.
SCRIPT = r'''
import sys
repo, policies, figure, steps = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
sys.path.insert(0, repo)
if figure in ("import", "cold"):
    if steps:
        from hzdsl.loader import load_policies
        if figure == "cold":
            load_policies([policies])
    raise SystemExit(0)
sys.argv = ["bench.py", "--repo", repo, "--policies", policies]
sys.path.insert(0, BENCH_DIR)
import bench
from hzdsl.engine import evaluator_for
from hzdsl.loader import load_policies
program = load_policies([policies]).program
load_policies([policies])
if figure == "warm":
    for _ in range(steps):
        load_policies([policies])
elif figure == "case":
    ev = evaluator_for(program)
    env = bench.generate(program, 1, unknown_share=0.0)[0]
    ev.decide_all(env)
    for _ in range(steps):
        env.memo.clear()
        ev.decide_all(env)
else:
    ev = evaluator_for(program)
    envs = bench.generate(program, 300)
    ev.decide_all(envs[0])
    for env in envs[:steps]:
        ev.decide_all(env)
'''


def count(repo: Path, policies: Path, figure: str, steps: int, tmp: Path) -> int:
    """Instructions executed by the script for `figure` with `steps` measured steps (callgrind)."""
    script = tmp / "measured.py"
    out = tmp / "callgrind.out"
    env = dict(os.environ, PYTHONHASHSEED="0")
    run = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable, str(script),
                          str(repo), str(policies), figure, str(steps)], env=env, capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"valgrind 运行失败（{figure}，{repo}）：\n{run.stderr[-2000:]}")
    found = re.search(r"Collected : (\d+)", run.stderr)
    if not found:
        sys.exit(f"valgrind 没有报告指令数（{figure}，{repo}）：\n{run.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    ap = argparse.ArgumentParser(description="两个检出的热点路径的机器指令数（valgrind callgrind，与负载无关）")
    ap.add_argument("revs", nargs="+", help="git 版本或检出目录（第一个为基准）")
    ap.add_argument("--policies", help="两边共用的政策目录或 git 版本（默认：第一个版本的 policies/）")
    ap.add_argument("--only", help="只测这些项，逗号分隔：" + ",".join(f for f, _, _ in FIGURES))
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("需要 valgrind（apt-get install valgrind）；CPU 时间的比较见 benchmarks/compare.py")
    chosen = [f for f in FIGURES if not args.only or f[0] in args.only.split(",")]
    with tempfile.TemporaryDirectory(prefix="hzdsl-instr-") as tmp:
        repos = [checkout(r, Path(tmp)) for r in args.revs]
        policies = (checkout(args.policies, Path(tmp)) / "policies" if args.policies and not Path(args.policies).is_dir()
                    else Path(args.policies).resolve() if args.policies else repos[0] / "policies")
        script = Path(tmp) / "measured.py"
        script.write_text(SCRIPT.replace("BENCH_DIR", repr(str(HERE))), encoding="utf-8")
        for repo in repos:  # once outside valgrind: Lark's grammar cache is written before anything is counted
            subprocess.run([sys.executable, str(script), str(repo), str(policies), "cold", "1"], check=True)
        rows = []
        for figure, label, steps in chosen:
            per_step = []
            for repo in repos:
                base = count(repo, policies, figure, 0, Path(tmp))
                full = count(repo, policies, figure, steps, Path(tmp))
                per_step.append((full - base) / steps)
            rows.append((label, per_step))
            print(f"{label} 完成", file=sys.stderr)
    width = max(max(len(r) for r in args.revs), 12) + 2
    print(f"语料：{policies}；机器指令数（callgrind，PYTHONHASHSEED=0）")
    print(f"{'':28}" + "".join(f"{r:>{width}}" for r in args.revs) + f"   比值（相对 {args.revs[0]}）")
    for label, values in rows:
        cells = "".join(f"{v / 1e6:>{width - 2}.3f} M" for v in values)
        print(f"{label:<28}{cells}   " + " ".join(f"{v / values[0]:.3f}" for v in values[1:]))


if __name__ == "__main__":
    main()
