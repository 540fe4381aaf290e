"""Layers in one direction: the import-linter contracts of pyproject.toml hold (run `lint-imports`)."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _lint_imports(cwd: Path, extra_path: Path | None = None) -> subprocess.CompletedProcess:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    if exe is None:
        pytest.fail("lint-imports is missing: pip install -e '.[test]' (import-linter is a test dependency)")
    env = None
    if extra_path is not None:
        import os

        env = {**os.environ, "PYTHONPATH": str(extra_path)}
    return subprocess.run([exe, "--no-cache"], cwd=cwd, capture_output=True, text=True, env=env)


def test_the_layers_contract_holds():
    result = _lint_imports(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout and "KEPT" in result.stdout


def test_an_upward_import_breaks_the_contract(tmp_path):
    # a copy of the package with one deliberate upward import: runtime → commands
    shutil.copytree(REPO / "hzdsl", tmp_path / "hzdsl", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    values = tmp_path / "hzdsl" / "runtime" / "values.py"
    values.write_text(values.read_text(encoding="utf-8") + "\nfrom ..commands import base  # upward\n",
                      encoding="utf-8")
    result = _lint_imports(tmp_path, extra_path=tmp_path)
    assert result.returncode != 0
    assert "hzdsl.runtime.values -> hzdsl.commands.base" in result.stdout
