"""Fuzz targets: whatever bytes arrive, hzdsl answers with its own diagnostics, never an exception.

Two targets, each fed by mutating real inputs (the seed corpus: the bundled policies, the project's
case files and examples):

- `policy_target(text)` — parse and check one policy file, from memory, against the official text;
- `case_target(text, program)` — load one case file and evaluate every case in it.

A target returns normally when hzdsl accepted the input or refused it with diagnostics
(`HzdslError`, or diagnostics in the result) whose codes are all registered; anything else —
any other exception, an unregistered code — propagates and is the failure. `mutate` is the
mutation step (plain `random.Random`, so a failing input can be replayed from its seed), and
tests/test_fuzz.py drives it through Hypothesis: briefly in every test run, for long with

    HYPOTHESIS_PROFILE=fuzz python -m pytest tests/test_fuzz.py

(see docs/fuzz.md).
"""
from __future__ import annotations

import random
import tempfile
from functools import lru_cache
from pathlib import Path

from .. import resources
from ..cases.load import load_cases
from ..cases.run import run_case
from ..codes import lookup
from ..errors import Diagnostic, HzdslError
from ..frontend import check_sources

# Pieces that broke hzdsl before, or sit on a boundary of the grammar, the YAML reader or a limit.
TOKENS = (
    "「", "」", "“", "”", '"', "#", "。", "，", "、", "：", ":", "；", "(", ")", "（", "）",
    "\r", "\r\n", "\n", "\u2028", "\u2029", "\x85", "\x0c", "\x0b", "\t", "\u3000", "\ufeff", "\u200b",
    "且", "或", "非", "若", "则", "指", "满", "以上", "之一", "属于", "除外", "最高不超过", "按规定", "一次性",
    "事实 ", "术语 ", "待遇 ", "限制 ", "例外 ", "条款 三 ", "依据", "取值", "释义 ",
    "元", "万元", "个月", "年", "天", "%", "BP", "人", "次", "半年", "2023 年 2 月 30 日", "2022 年*月*日",
    "1" * 31, "9" * 400, "0.000001", "-", "+", "×", "÷", "/",
    # YAML
    "- ", "  ", "{", "}", "[", "]", "&a ", "*a", "!!python/object:x ", "---\n", "? ", "|\n", ">\n",
    "\\", "'", "%YAML 1.1\n", "~", "null", "yes", "1e400", "0x1F", "2023-13-45", "事实:\n", "预期:\n",
    "历史:\n  - ", "案例:\n  - ", "待定事实: ", "结论: ", "金额: ", "标签: ", "名称: ",
)
NESTS = ("[", "{a: ", "「", "(", "- ")


def mutate(seed_text: str, rng: random.Random, edits: int = 4) -> str:
    """`seed_text` with a few random edits: deletions, insertions of TOKENS, duplicated slices, deep nests."""
    text = seed_text
    for _ in range(edits):
        n = len(text)
        i = rng.randrange(n + 1)
        kind = rng.randrange(6)
        if kind == 0 and n:  # delete a short slice
            text = text[:i] + text[i + rng.randrange(1, 12):]
        elif kind == 1:  # insert a token
            text = text[:i] + rng.choice(TOKENS) + text[i:]
        elif kind == 2 and n:  # replace one character by a token
            text = text[:i] + rng.choice(TOKENS) + text[i + 1:]
        elif kind == 3 and n:  # duplicate a slice elsewhere
            j = rng.randrange(n)
            piece = text[j: j + rng.randrange(1, 80)]
            text = text[:i] + piece + text[i:]
        elif kind == 4:  # nest deep
            opener = rng.choice(NESTS)
            text = text[:i] + opener * rng.choice((3, 70, 300, 1200)) + text[i:]
        else:  # swap two lines
            lines = text.split("\n")
            if len(lines) > 1:
                a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
                lines[a], lines[b] = lines[b], lines[a]
                text = "\n".join(lines)
    return text


@lru_cache(maxsize=1)
def policy_seeds() -> tuple[str, ...]:
    """The bundled policy files: the seed corpus of the policy target."""
    return tuple(p.read_text(encoding="utf-8") for p in sorted(resources.policies_dir().glob("*.policy")))


def case_seeds(roots: list[Path]) -> tuple[str, ...]:
    """Every case file under `roots` (the project's tests/cases and examples)."""
    files = sorted(f for r in roots for f in r.rglob("*") if f.suffix in {".yaml", ".yml"} and f.is_file())
    return tuple(f.read_text(encoding="utf-8") for f in files)


@lru_cache(maxsize=1)
def official_text() -> str:
    return resources.official_text_path().read_text(encoding="utf-8")


def _registered(diags: list[Diagnostic]) -> None:
    unknown = sorted({d.code for d in diags if lookup(d.code) is None})
    if unknown:
        raise AssertionError(f"unregistered diagnostic codes: {unknown}")


def policy_target(text: str):
    """Parse and check `text` as one policy file; returns the Loaded result. Raises only on a fault."""
    loaded = check_sources({"fuzz.policy": text}, official_text())
    _registered(loaded.diagnostics)
    return loaded


_SCRATCH = tempfile.mkdtemp(prefix="hzdsl-fuzz-")


def case_target(text: str, program) -> int:
    """Load `text` as a case file and evaluate every case (with explanations); returns how many ran."""
    path = Path(_SCRATCH) / "fuzz.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        cases = load_cases(path, program)
    except HzdslError as e:
        _registered(e.diagnostics)
        return 0
    for case in cases:
        run_case(program, case, explain=True)
    return len(cases)
