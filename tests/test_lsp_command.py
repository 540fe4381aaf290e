"""`hzdsl lsp` without the optional extra: a Chinese message with the install hint, exit 2."""
from __future__ import annotations

import os
import subprocess
import sys


def test_lsp_without_pygls_says_how_to_install(tmp_path):
    fake = tmp_path / "pygls"
    fake.mkdir()
    (fake / "__init__.py").write_text("raise ImportError('pygls 未安装', name='pygls')\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", "from hzdsl.cli import entry; entry()", "lsp"], env=env,
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode == 2, done.stderr
    assert "pip install 'hzdsl[lsp]'" in done.stderr and "Traceback" not in done.stderr
