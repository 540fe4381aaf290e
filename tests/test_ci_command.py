"""CI runs exactly the README's test command (.ci/run's last `python -m pytest` line), so what a developer
runs from the README is what CI proves — including the pytest-xdist options, which need the [test] extra."""
from __future__ import annotations

import re
import tomllib

from .conftest import REPO


def _readme_command() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"运行测试 · Run the tests:\s*```bash\n(.*?)\n```", text, re.S)
    assert block, "README 中找不到「运行测试」的命令块"
    return block.group(1).strip()


def test_ci_runs_the_readme_test_command():
    readme = _readme_command()
    assert readme.startswith("python -m pytest")
    ci = [line.strip() for line in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
          if line.strip().startswith("python -m pytest")]
    assert ci == [readme]


def test_the_test_extra_carries_what_the_command_needs():
    extra = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]["test"]
    if " -n " in f" {_readme_command()} ":
        assert any(re.match(r"pytest-xdist\b", d) for d in extra), extra
