"""The bundled example population is what docs/人群筛查.md says makes it:

    hzdsl population generate --n 200 --seed 2023 --out examples/population.csv --history examples/population_history.csv

Found by the breaker (s17/s18): the command rewrote 146 of the 154 lines of examples/population_history.csv
(and, by now, every row of population.csv: the policies declare more facts than when the file was made),
so the README's screen ran on files the documented command no longer makes. When this fails after a
change to the policies or the generator, run the command above and commit both files.

The generator also writes claims only for applicants whose 历史已知 is 是 (a record of an unknown
history is refused by screen, E920): the bundled files screen without that error.
"""
from __future__ import annotations

import csv
import re

import pytest

from hzdsl.cli import main

from .conftest import EXAMPLES, REPO

pytest.importorskip("duckdb")

DOC = REPO / "docs" / "人群筛查.md"


def documented_command() -> list[str]:
    doc = DOC.read_text(encoding="utf-8")
    found = re.search(r"^hzdsl (population generate .*--out examples/population\.csv .*)$", doc, re.M)
    assert found, "docs/人群筛查.md no longer shows how examples/population.csv is made"
    return found.group(1).split()


def test_the_documented_command_makes_the_bundled_population(tmp_path, capsys):
    command = documented_command()
    assert command == ["population", "generate", "--n", "200", "--seed", "2023", "--out", "examples/population.csv",
                       "--history", "examples/population_history.csv"]
    args = [str(tmp_path / a.removeprefix("examples/")) if a.startswith("examples/") else a for a in command]
    assert main(args) == 0, capsys.readouterr()
    for name in ("population.csv", "population_history.csv"):
        assert (tmp_path / name).read_bytes() == (EXAMPLES / name).read_bytes(), \
            f"examples/{name} is not what the documented command writes: run `hzdsl {' '.join(command)}`"


def test_the_bundled_claims_belong_to_known_histories():
    with open(EXAMPLES / "population.csv", encoding="utf-8") as f:
        known = {r["编号"]: r["历史已知"] for r in csv.DictReader(f)}
    with open(EXAMPLES / "population_history.csv", encoding="utf-8") as f:
        owners = [r["编号"] for r in csv.DictReader(f)]
    assert owners and "否" in known.values()  # the example has unknown histories, and claims
    assert all(known[o] == "是" for o in owners), "a claim of nobody or of an unknown history"
