"""Benchmarks of hzdsl: print median timings of the front end and the evaluator.

    python benchmarks/bench.py [--runs 7] [--evals 2000] [--population 10000] [--profile]
                               [--repo DIR] [--policies DIR] [--json]

`--repo DIR` measures the hzdsl of another checkout (e.g. an older commit exported by
`benchmarks/compare.py`, which runs this script on two checkouts in turn, on the same load).

Figures (targets from the issue in brackets):
  * cold check   — a fresh `python` process that parses and checks every policy (interpreter
                   start-up and imports included; the import-only time is shown beside it);
  * warm check   — parse + check of the whole corpus in-process, after one warm-up, so the Lark
                   parser (built once per process, its tables read from Lark's cache file) and the
                   official text are already loaded                                   [< 100 ms];
  * one case     — one case through every benefit rule, compiled program, no explanation
                   record                                                               [< 1 ms];
  * population   — N generated cases (seeded, reproducible), cases per second.
Speed is measured here, never asserted in tests.
"""
from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import os
import pstats
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path



def _repo_argument() -> Path:
    """The checkout whose hzdsl is measured: --repo DIR, else the one holding this script.

    Read before the imports below, which must come from that checkout."""
    for i, arg in enumerate(sys.argv):
        if arg == "--repo" and i + 1 < len(sys.argv):
            return Path(sys.argv[i + 1]).resolve()
        if arg.startswith("--repo="):
            return Path(arg.split("=", 1)[1]).resolve()
    return Path(__file__).resolve().parent.parent


REPO = _repo_argument()
sys.path.insert(0, str(REPO))

from hzdsl.engine import evaluator_for  # noqa: E402
from hzdsl.loader import load_policies  # noqa: E402
from hzdsl.runtime.evaluate import Env, HistoryEntry  # noqa: E402
from hzdsl.runtime.units import Q  # noqa: E402

POLICIES = str(REPO / "policies")  # --policies overrides
WARM_TARGET_MS = 100.0
CASE_TARGET_MS = 1.0


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


class Timer:
    """Wall time and CPU time of one measured block.

    On a shared machine the wall clock also counts time spent waiting for a CPU; the CPU time of
    this process (or of the child processes) does not, so both are reported.
    """

    def __init__(self, children: bool = False):
        self.children = children

    def _cpu(self) -> float:
        if self.children:
            r = resource.getrusage(resource.RUSAGE_CHILDREN)
            return r.ru_utime + r.ru_stime
        return time.process_time()

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), self._cpu()
        return self

    def __exit__(self, *exc):
        self.wall, self.cpu = time.perf_counter() - self.wall, self._cpu() - self.cpu


def medians(timers: list[Timer]) -> tuple[float, float]:
    return median_ms([t.wall for t in timers]), median_ms([t.cpu for t in timers])


def cold(runs: int):
    """Medians (wall, CPU) of a fresh process that loads the policies, and of one that only imports."""
    def timed(code: str) -> Timer:
        with Timer(children=True) as t:
            subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True)
        return t

    load = f"from hzdsl.loader import load_policies; load_policies([{POLICIES!r}])"
    timed(load)  # first run may write Lark's grammar cache; later runs read it
    full = [timed(load) for _ in range(runs)]
    imports = [timed("import hzdsl.loader") for _ in range(runs)]
    return medians(full), medians(imports)


def warm(runs: int):
    loaded = load_policies([POLICIES])
    samples = []
    for _ in range(runs):
        with Timer() as t:
            load_policies([POLICIES])
        samples.append(t)
    return medians(samples), loaded


def phases(runs: int) -> dict[str, float]:
    """Median CPU ms of the three phases of a warm check: Lark parse, tree → AST, check."""
    from hzdsl.check.checker import check_modules
    from hzdsl.loader import find_official, policy_files
    from hzdsl.source import load_official
    from hzdsl.syntax.build import _assign_clauses, _Builder
    from hzdsl.syntax.parser import parse_text

    files, _ = policy_files([Path(POLICIES)])
    texts = [(str(f), f.read_text(encoding="utf-8")) for f in files]
    official = load_official(str(find_official([Path(POLICIES)])))
    out: dict[str, list[float]] = {"Lark 解析": [], "树 → AST": [], "检查": []}
    for _ in range(runs + 1):
        t0 = time.process_time()
        parsed = [(path, text, parse_text(text, path)) for path, text in texts]
        t1 = time.process_time()
        modules = []
        for path, text, result in parsed:
            decls = []
            for pc in result.trees:
                built = _Builder(path, pc.chunk, text).transform(pc.tree)
                decls.extend(built if isinstance(built, list) else [built])
            modules.append(_assign_clauses(decls))
        t2 = time.process_time()
        from hzdsl.syntax import nodes as n

        check_modules([n.Module(None, p, tuple(m)) for (p, _, _), m in zip(parsed, modules)], official)
        t3 = time.process_time()
        for key, v in zip(out, (t1 - t0, t2 - t1, t3 - t2)):
            out[key].append(v)
    return {k: median_ms(v[1:]) for k, v in out.items()}  # the first round is the warm-up


# ── generated cases ──────────────────────────────────────────────────────────────────────


def random_value(info, rng: random.Random):
    """A plausible value for a declared fact or parameter, by its declared type."""
    kind = info.type.kind
    if kind == "bool":
        return rng.random() < 0.5
    if kind == "num":
        if info.type.choices:
            return Q(rng.choice(sorted(info.type.choices)), info.type.dim)
        if info.unit.text in {"%", "BP"}:
            return Q.of(rng.choice(["3.45", "3.65", "4.15", "4.3", "5"]), info.unit)
        return Q.of(rng.randint(0, 40), info.unit)
    if kind == "enum":
        return rng.choice(sorted(info.type.choices))
    if kind == "set":
        return frozenset(c for c in sorted(info.type.choices) if rng.random() < 0.3)
    if kind == "date":
        return dt.date(2022, 1, 1) + dt.timedelta(days=rng.randint(0, 730))
    return "文本"


def generate(program, n: int, seed: int = 20230630, unknown_share: float = 0.1) -> list[Env]:
    """n cases; each fact is left out (unknown) with probability `unknown_share`."""
    rng = random.Random(seed)
    facts = [(k, i) for k, i in program.facts.items() if i]
    params = {k: random_value(i, rng) for k, i in program.params.items() if i}
    benefits = list(program.benefits)
    envs = []
    for _ in range(n):
        given = {k: random_value(i, rng) for k, i in facts if rng.random() >= unknown_share}
        history = [HistoryEntry(rng.choice(benefits), dt.date(2021, rng.randint(1, 12), 1),
                                fields={k: v for k, v in given.items() if rng.random() < 0.5})
                   for _ in range(rng.randint(0, 2))] if benefits else []
        envs.append(Env(dt.date(2023, 6, 30), given, params, history))
    return envs


def one_case(program, evals: int) -> float:
    ev = evaluator_for(program)
    env = generate(program, 1, unknown_share=0.0)[0]
    ev.decide_all(env)  # warm-up
    samples = []
    for _ in range(evals):
        env.memo.clear()  # terms are memoised per case: start each evaluation afresh
        with Timer() as t:
            ev.decide_all(env)
        samples.append(t)
    return medians(samples)


def population(program, n: int) -> tuple[float, dict[str, int]]:
    ev = evaluator_for(program)
    envs = generate(program, n)
    tally: dict[str, int] = {}
    with Timer() as t:
        for env in envs:
            for d in ev.decide_all(env):
                tally[d.status] = tally.get(d.status, 0) + 1
    return n / t.wall, n / t.cpu, tally


def profile(program, runs: int) -> None:
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(runs):
        load_policies([POLICIES])
    prof.disable()
    _show(prof, f"剖析：热检查 × {runs}")
    ev = evaluator_for(program)
    envs = generate(program, 2000)
    prof = cProfile.Profile()
    prof.enable()
    for env in envs:
        ev.decide_all(env)
    prof.disable()
    _show(prof, "剖析：2000 个案例求值")


def _show(prof: cProfile.Profile, title: str) -> None:
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(18)
    print(f"\n── {title} ──\n" + out.getvalue())


def main() -> None:
    global POLICIES
    ap = argparse.ArgumentParser(description="hzdsl 性能测量")
    ap.add_argument("--runs", type=int, default=7, help="冷/热检查各测几次（取中位数，至少 5）")
    ap.add_argument("--evals", type=int, default=2000, help="单个案例求值次数（取中位数，至少 1000）")
    ap.add_argument("--population", type=int, default=10000, help="人群筛查的案例数")
    ap.add_argument("--profile", action="store_true", help="附上 cProfile 剖析")
    ap.add_argument("--policies", default=POLICIES, help="政策目录（默认：仓库的 policies/）")
    ap.add_argument("--repo", default=str(REPO), help="测哪个检出目录的 hzdsl（默认：本脚本所在的仓库）")
    ap.add_argument("--json", action="store_true", help="只输出一行 JSON（benchmarks/compare.py 读它）")
    args = ap.parse_args()
    POLICIES = str(Path(args.policies).resolve())
    runs, evals = max(args.runs, 5), max(args.evals, 1000)

    (cold_wall, cold_cpu), (import_wall, import_cpu) = cold(runs)
    (warm_wall, warm_ms), loaded = warm(runs)
    p = loaded.program
    if loaded.errors:  # the checker's timing stands; a program with errors cannot be evaluated
        print(f"热检查：{warm_ms:.2f} ms；政策有 {len(loaded.errors)} 个错误，无法测求值。先运行 hzdsl check。")
        print("\n".join(f"  {d.span}: {d.message}" for d in loaded.errors[:5]))
        sys.exit(1)
    case_wall, case_ms = one_case(p, evals)
    per_second_wall, per_second, tally = population(p, args.population)
    split = phases(runs)
    if args.json:
        print(json.dumps({"cold_cpu_ms": cold_cpu, "import_cpu_ms": import_cpu, "warm_cpu_ms": warm_ms,
                          "case_cpu_ms": case_ms, "cases_per_cpu_s": per_second,
                          "phases_cpu_ms": split, "statuses": tally, "load": os.getloadavg()[0]},
                         ensure_ascii=False))
        return

    def verdict(value: float, target: float) -> str:
        return f"达标（< {target:g} ms）" if value < target else f"未达标（目标 < {target:g} ms）"

    print(f"语料：{len(loaded.files)} 个政策文件，{len(p.clauses)} 个条款，{len(p.benefits)} 项待遇，"
          f"{len(p.terms)} 个术语，{len(p.facts)} 个事实；Python {sys.version.split()[0]}")
    print(f"机器负载（1 分钟平均）：{os.getloadavg()[0]:.1f}，CPU {os.cpu_count()} 个；下列“CPU”为本进程（或子进程）"
          "实际占用的处理器时间，不含等待 CPU 的时间，负载高时以它为准")
    print(f"冷启动检查（新进程，{runs} 次中位数）：CPU {cold_cpu:8.1f} ms（墙钟 {cold_wall:.1f} ms）   "
          f"其中仅导入 hzdsl：CPU {import_cpu:.1f} ms（墙钟 {import_wall:.1f} ms）")
    print(f"热检查全部政策（进程内，{runs} 次中位数）：CPU {warm_ms:8.2f} ms（墙钟 {warm_wall:.2f} ms）   "
          f"{verdict(warm_ms, WARM_TARGET_MS)}")
    print("    其中 " + "，".join(f"{k} {v:.1f} ms" for k, v in split.items()))
    print(f"单个案例经全部 {len(p.benefits)} 条待遇规则（{evals} 次中位数）：CPU {case_ms:8.4f} ms（墙钟 {case_wall:.4f} ms）   "
          f"{verdict(case_ms, CASE_TARGET_MS)}")
    print(f"人群筛查 {args.population} 个生成案例：{per_second:,.0f} 个/CPU 秒（墙钟 {per_second_wall:,.0f} 个/秒）   结论分布：" +
          "、".join(f"{k} {v}" for k, v in sorted(tally.items())))
    if args.profile:
        profile(p, runs)


if __name__ == "__main__":
    main()
