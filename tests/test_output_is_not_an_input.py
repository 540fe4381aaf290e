"""An output option naming one of the command's own inputs is refused before any work (exit 2), and the
input is left as it was: `hzdsl screen pop.csv --out pop.csv` replaced the population with its results
(exit 0), `hzdsl test 案例.yaml --junit 案例.yaml` the case file with XML. `population generate` already
refused --out = --history; the same check now serves the three verbs."""
from __future__ import annotations

import shutil

import pytest

from hzdsl.cli import main

from .conftest import EXAMPLES, POLICIES

pytest.importorskip("duckdb")


def _refused(capsys, args, victim) -> str:
    before = victim.read_bytes()
    assert main(args) == 2
    assert victim.read_bytes() == before
    return capsys.readouterr().err


def test_screen_out_may_not_be_its_population_history_or_params(tmp_path, capsys):
    pop, hist = tmp_path / "pop.csv", tmp_path / "hist.csv"
    shutil.copy(EXAMPLES / "population.csv", pop)
    shutil.copy(EXAMPLES / "population_history.csv", hist)
    params = tmp_path / "p.yaml"
    params.write_text("参数: {LPR: 3.45%}\n", encoding="utf-8")
    err = _refused(capsys, ["screen", str(pop), "--out", str(pop)], pop)
    assert "--out" in err and "人群文件" in err and "覆盖" in err
    link = tmp_path / "link.csv"
    link.symlink_to(hist)  # the same file under another name
    assert "申领历史文件" in _refused(capsys, ["screen", str(pop), "--history", str(hist), "--out", str(link)], hist)
    assert "参数文件" in _refused(capsys, ["screen", str(pop), "--params", str(params), "--out", str(params)], params)
    policies = tmp_path / "policies"
    shutil.copytree(POLICIES, policies)
    c03 = policies / "c03.policy"
    assert "政策文件" in _refused(capsys, ["screen", str(pop), "-p", str(policies), "--out", str(c03)], c03)


def test_test_junit_may_not_be_a_case_file(tmp_path, capsys):
    case = tmp_path / "case.yaml"
    shutil.copy(EXAMPLES / "graduate_startup.yaml", case)
    err = _refused(capsys, ["test", str(tmp_path), "--junit", str(case)], case)
    assert "--junit" in err and "案例文件" in err
    assert main(["test", str(case), "--junit", str(tmp_path / "junit.xml")]) == 0  # another file: written
    assert (tmp_path / "junit.xml").read_text(encoding="utf-8").startswith("<?xml")
