"""`hzdsl lsp` typed in a terminal (by someone reading the command list) waited in silence for an editor
that never came, looking hung. On a terminal it says, in Chinese on stderr, what the command is for and how
to leave it; an editor (stdin a pipe) gets nothing but LSP on stdout, as before."""
from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

HZDSL = str(Path(sys.executable).parent / "hzdsl")


@pytest.mark.skipif(not hasattr(pty, "openpty"), reason="no pseudo-terminals")
def test_on_a_terminal_the_server_says_what_it_is_waiting_for():
    master, slave = pty.openpty()
    proc = subprocess.Popen([HZDSL, "lsp"], stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    os.close(slave)
    try:
        os.write(master, b"\x04")  # Ctrl+D: end of input, as the notice says
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
        os.close(master)
    text = err.decode("utf-8", errors="replace")
    assert "语言服务器" in text and "编辑器" in text and "Ctrl+C" in text, text
    assert "Traceback" not in text and out == b""


def test_an_editor_gets_no_notice():
    done = subprocess.run([HZDSL, "lsp"], input=b"", capture_output=True, timeout=60)
    assert done.stderr == b"" and done.stdout == b""
