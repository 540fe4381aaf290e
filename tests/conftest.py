"""Shared fixtures: the repository's policies, loaded and checked once per test session."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from hzdsl.loader import load_policies

REPO = Path(__file__).resolve().parent.parent
POLICIES = REPO / "policies"
CASES = REPO / "tests" / "cases"
EXAMPLES = REPO / "examples"


def inline_program(folder: Path, text: str, name: str = "inline.policy"):
    """Check a small policy written inside a test; its quotes are still verified against the official text."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    result = load_policies([path])
    assert not result.errors, [str(d) for d in result.errors]
    return result.program


def reform_startup_subsidy(folder: Path) -> None:
    """Rewrite `folder`/c03.policy (a copy of the bundled one) into the reform the diff --population tests
    screen: clause 三's 一次性创业补贴 after 正常经营 3 个月 (not 6) and 4000 元 (not 3000), with the 读法 that
    declares the numbers the official text does not have (else E210)."""
    c03 = folder / "c03.policy"
    text = c03.read_text(encoding="utf-8")
    rule = "「正常经营时长」 满 6 个月\n    则 3000 元，一次性。"
    quote = "可按规定申领 3000 元的一次性创业补贴」\n"  # the benefit's quote comes first (its 限制 may cite it too)
    assert text.count(rule) == 1 and quote in text
    text = text.replace(rule, "「正常经营时长」 满 3 个月\n    则 4000 元，一次性。")
    text = text.replace(quote, quote + "    读法 3 个月、4000 元 “改革草案：经营 3 个月即可申领 4000 元”\n", 1)
    c03.write_text(text, encoding="utf-8")


def startup_reform_diff(tmp: Path) -> list[str]:
    """`hzdsl diff` arguments (without the verb's options that vary): the bundled policies → the reform of
    `reform_startup_subsidy`, screened on three applicants (高校毕业生 2 年, 初次创办, 正常经营 2 / 4 / 6 个月)
    with no past claims, at 2023-06-30."""
    import shutil

    new = tmp / "new"
    shutil.copytree(POLICIES, new)
    reform_startup_subsidy(new)
    (tmp / "p.csv").write_text("编号,身份,毕业时长,初次创办企业或个体工商户,正常经营时长\n"
                               "A,高校毕业生,2 年,是,2\nB,高校毕业生,2 年,是,4\nC,高校毕业生,2 年,是,6\n", encoding="utf-8")
    (tmp / "none.csv").write_text("编号,待遇,日期\n", encoding="utf-8")
    return ["diff", str(POLICIES), str(new), "--no-impact", "--no-prove", "--population", str(tmp / "p.csv"),
            "--history", str(tmp / "none.csv"), "--date", "2023-06-30"]


def edited_policies(tmp: Path, file: str, replacements) -> tuple:
    """(the bundled program, the program of a copy at `tmp`/new whose `file` has each (old, new) of `replacements`
    applied — every `old` found exactly once); the copy must check clean. For tests of a change (diff --prove)."""
    import shutil

    new = tmp / "new"
    shutil.copytree(POLICIES, new)
    path = new / file
    text = path.read_text(encoding="utf-8")
    for old, repl in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, repl)
    path.write_text(text, encoding="utf-8")
    a = load_policies(sorted(POLICIES.glob("*.policy")))
    b = load_policies(sorted(new.glob("*.policy")))
    assert not b.errors, [str(d) for d in b.errors]
    return a.program, b.program


def pytest_configure(config):
    """pytest-xdist workers (README's `-n 2`) start with COLUMNS=80 and LINES=24 in their environment, which a plain
    run does not have; the CLI wraps its output at $COLUMNS when set (commands/base.py), so a long temporary path
    in a message wrapped on a worker and not in a plain run. A worker takes the controller's values back."""
    import json

    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        os.environ["HZDSL_TEST_TERMINAL"] = json.dumps({k: os.environ.get(k) for k in ("COLUMNS", "LINES")})
        return
    for k, v in json.loads(os.environ.get("HZDSL_TEST_TERMINAL", "{}")).items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture(scope="session")
def loaded():
    result = load_policies([POLICIES])
    assert not result.errors, [str(d) for d in result.errors]
    return result


@pytest.fixture(scope="session")
def program(loaded):
    return loaded.program


# Hypothesis profiles (tests/test_properties.py): "ci" is the default and keeps the whole suite
# within minutes on two cores, reproducibly (derandomize); "deep" explores far more cases locally:
#     HYPOTHESIS_PROFILE=deep python -m pytest tests/test_properties.py
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile("ci", max_examples=30, deadline=None, derandomize=True, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("deep", max_examples=1500, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
# "fuzz": a long campaign of the fuzz targets (tests/test_fuzz.py, hzdsl/testing/fuzz.py)
settings.register_profile("fuzz", max_examples=20_000, deadline=None, print_blob=True,
                          suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
