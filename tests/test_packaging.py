"""The built wheel carries the grammar, the official text and the policies, and works on its own.

Editable installs read these files from the checkout and hide a wheel that lacks them, so this
test builds a real wheel, installs it into a bare directory and runs hzdsl from elsewhere.
"""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import EXAMPLES, REPO

# Building with an isolated backend (as in a clean CI venv) and installing takes about 25 s.
pytestmark = pytest.mark.slow

POLICY_FILES = sorted(p.name for p in (REPO / "policies").glob("*.policy"))


def _pip(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pip", *args, "--disable-pip-version-check", "-q"],
                          cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    args = ["wheel", "--no-deps", "-w", str(out), str(REPO)]
    # Reuse the installed build backend when there is one (no download); otherwise pip fetches it.
    if importlib.util.find_spec("hatchling") is not None:
        args.insert(1, "--no-build-isolation")
    done = _pip(*args, cwd=out)
    assert done.returncode == 0, done.stderr
    [built] = out.glob("hzdsl-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("site")
    done = _pip("install", "--no-deps", "--target", str(target), str(wheel), cwd=target)
    assert done.returncode == 0, done.stderr
    return target


def run_installed(installed: Path, cwd: Path, code: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(installed), "PYTHONIOENCODING": "utf-8"}
    env.pop("HZDSL_DEBUG", None)
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_wheel_contains_grammar_official_text_and_policies(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "hzdsl/_data/hzpolicy.lark" in names
    assert "hzdsl/_data/policies/official.txt" in names
    shipped = sorted(n.rsplit("/", 1)[1] for n in names
                     if n.startswith("hzdsl/_data/policies/") and n.endswith(".policy"))
    assert shipped == POLICY_FILES
    assert "hzdsl/cli.py" in names
    assert not any(n.startswith(("tests/", "grammar/", "policies/")) for n in names)


def test_wheel_data_is_the_repository_data(wheel):
    z = zipfile.ZipFile(wheel)
    assert z.read("hzdsl/_data/hzpolicy.lark") == (REPO / "grammar" / "hzpolicy.lark").read_bytes()
    assert z.read("hzdsl/_data/policies/official.txt") == (REPO / "policies" / "official.txt").read_bytes()


def test_installed_wheel_reads_its_own_data(installed, tmp_path):
    done = run_installed(installed, tmp_path, (
        "import hzdsl, hzdsl.resources as r; "
        "print(hzdsl.__file__); print(r.grammar_path()); print(r.policies_dir()); print(r.official_text_path())"))
    assert done.returncode == 0, done.stderr
    paths = [Path(p) for p in done.stdout.split()]
    assert len(paths) == 4
    for p in paths:
        # the installed copy, not the checkout the tests run from
        assert installed in p.parents, p
        assert p.exists(), p


def test_installed_wheel_checks_bundled_policies(installed, tmp_path):
    done = run_installed(installed, tmp_path, "import sys; from hzdsl.cli import main; sys.exit(main(['check']))")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert f"✔ {len(POLICY_FILES)} 个文件" in done.stdout
    assert "0 个错误" in done.stdout


def test_installed_wheel_runs_the_example_case(installed, tmp_path):
    case = tmp_path / "graduate_startup.yaml"
    shutil.copy(EXAMPLES / "graduate_startup.yaml", case)
    done = run_installed(installed, tmp_path,
                         "import sys; from hzdsl.cli import main; sys.exit(main(['run', 'graduate_startup.yaml', '--json']))")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    by_name = {d["待遇"]: d for d in result["待遇"]}
    # worked by hand in the case's 说明: 3 年 ≤ 5 年 and 8 个月 ≥ 6 个月 → 3000 元; 8 个月 < 12 个月 → 不符合
    assert by_name["一次性创业补贴"]["结论"] == "符合"
    assert by_name["一次性创业补贴"]["金额"]["值"] == "3000"
    assert by_name["一次性创业社保补贴"]["结论"] == "不符合"
    assert by_name["创业带动就业补贴"]["结论"] == "待定"


def test_installed_console_script(installed, tmp_path):
    script = installed / "bin" / "hzdsl"
    if not script.exists():
        pytest.skip("pip did not write console scripts into the target directory")
    env = {**os.environ, "PYTHONPATH": str(installed)}
    done = subprocess.run([str(script), "--version"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("hzdsl ")


def test_wheel_carries_the_site_templates_and_static_files(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    repo_web = REPO / "hzdsl" / "web"
    for folder in ("templates", "static"):
        shipped = {n.rsplit("/", 1)[1] for n in names if n.startswith(f"hzdsl/web/{folder}/")}
        assert shipped == {p.name for p in (repo_web / folder).iterdir() if p.is_file()}, folder


def test_installed_wheel_renders_the_site(installed, tmp_path):
    out = tmp_path / "site"
    done = run_installed(installed, tmp_path, (
        "import sys, hzdsl.web.site as s; from hzdsl.cli import main; print(s.__file__); "
        f"sys.exit(main(['render', '--out', {str(out)!r}]))"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].startswith(str(installed))
    assert (out / "benefit" / "一次性创业补贴.html").is_file() and (out / "static" / "style.css").is_file()
    assert "一次性创业补贴" in (out / "index.html").read_text(encoding="utf-8")
