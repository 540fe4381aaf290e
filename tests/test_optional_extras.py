"""A verb whose optional extra is not installed says so — E740, exit 2, the pip line — never exit 3.

breaker s20: in a fresh `pip install -e .` (no extras), `hzdsl screen`, `hzdsl population generate` and
`hzdsl diff OLD NEW --population` ended in "hzdsl 内部错误：ModuleNotFoundError: No module named 'sqlglot'"
(exit 3, "这是 hzdsl 的缺陷"), `hzdsl lint` in "No module named 'z3'", and an explicit `diff --prove` answered
exit 0 having proved nothing. Each run here hides the extra's modules (`sys.modules[name] = None`, which
makes `import name` fail as if it were not installed) in a fresh interpreter.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCREEN = ["duckdb", "sqlglot", "pyarrow"]

RUN = """
import sys
for name in {hidden!r}:
    sys.modules[name] = None
from hzdsl.cli import main
sys.exit(main({argv!r}))
"""


def hzdsl_without(hidden: list[str], argv: list[str], cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", RUN.format(hidden=hidden, argv=argv)], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def refused(p: subprocess.CompletedProcess, extra: str) -> None:
    text = p.stdout + p.stderr
    assert p.returncode == 2, text
    assert "E740" in text and f"pip install 'hzdsl[{extra}]'" in text, text
    assert "内部错误" not in text and "Traceback" not in text, text


@pytest.mark.parametrize("hidden", [["sqlglot"], ["duckdb"], SCREEN])
def test_screen_without_the_screen_extra_says_which_extra(hidden):
    refused(hzdsl_without(hidden, ["screen", "examples/population.csv"]), "screen")


def test_generate_without_the_screen_extra_writes_nothing(tmp_path):
    p = hzdsl_without(SCREEN, ["population", "generate", "--n", "3", "--out", str(tmp_path / "p.csv"),
                               "-p", str(ROOT / "policies")])
    refused(p, "screen")
    assert list(tmp_path.iterdir()) == []


def test_diff_population_without_the_screen_extra():
    refused(hzdsl_without(SCREEN, ["diff", "policies", "policies", "--no-prove", "--population",
                                   "examples/population.csv"]), "screen")


def test_spark_engine_without_pyspark_names_the_spark_extra():
    refused(hzdsl_without(["pyspark"], ["screen", "examples/population.csv", "--engine", "spark"]), "spark")


def test_lint_without_z3_names_the_prove_extra_and_no_solver_still_runs():
    p = hzdsl_without(["z3"], ["lint", "policies"])
    refused(p, "prove")
    assert "--no-solver" in p.stderr
    cheap = hzdsl_without(["z3"], ["lint", "--no-solver", "policies"])
    assert cheap.returncode == 0, cheap.stdout + cheap.stderr


def test_an_explicit_prove_without_z3_is_refused_not_silently_skipped():
    refused(hzdsl_without(["z3"], ["diff", "policies", "policies", "--prove"]), "prove")
    # without --prove, the default diff goes on without proofs (docs/审阅指南.md: proofs when z3 is installed)
    p = hzdsl_without(["z3"], ["diff", "policies", "policies"])
    assert p.returncode == 0, p.stdout + p.stderr
