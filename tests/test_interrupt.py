"""Ctrl-C while DuckDB computes (hzdsl screen, diff --population, population generate): an interruption, not
an hzdsl defect. DuckDB turns the KeyboardInterrupt raised inside its query into its own
RuntimeError('Query interrupted') (or InterruptException), which the CLI reported as
"hzdsl 内部错误：RuntimeError: Query interrupted", exit 3 — or 130 in silence when the signal came between two
queries, depending on the moment (breaker3 s23). Either way: exit 130, a Chinese line saying the command was
interrupted, and no result file, whole or partial (the old one kept)."""
from __future__ import annotations

import signal
import threading
import time

import pytest

from hzdsl.cli import main

from .conftest import EXAMPLES

duckdb = pytest.importorskip("duckdb")


def _interrupt_inside_duckdb(con, *args, **kwargs):
    """Stands for the user's Ctrl-C arriving while a slice is computed: a real SIGINT to the main thread (where
    the terminal's Ctrl-C lands) while DuckDB runs a query of some seconds. DuckDB notices the signal at once
    or only when the query ends (both seen, at random); either way it raises its RuntimeError."""
    threading.Timer(0.1, signal.pthread_kill, (threading.main_thread().ident, signal.SIGINT)).start()
    _query_until_stopped(con)


def _query_until_stopped(con) -> None:
    """Queries of about a second until the interruption lands (a loaded machine may start the timer late; a
    signal arriving after main() returned would stop pytest itself)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        con.execute("SELECT sum(hash(x)) FROM range(300000000) t(x)").fetchall()
    pytest.fail("no interruption in 120 s")  # not reached: DuckDB raised, or Python did


def test_ctrl_c_during_a_query_is_an_interruption_and_writes_nothing(tmp_path, capsys, monkeypatch):
    import hzdsl.backends.sql.pipeline as pipeline

    monkeypatch.setattr(pipeline, "overflowed", _interrupt_inside_duckdb)
    out = tmp_path / "结果.csv"
    out.write_text("旧的结果\n", encoding="utf-8")
    before = signal.getsignal(signal.SIGINT)
    rc = main(["screen", str(EXAMPLES / "population.csv"), "--benefit", "一次性创业补贴", "--date", "2023-06-30",
               "--out", str(out)])
    err = capsys.readouterr().err
    assert rc == 130, err
    assert "已中断" in err and "内部错误" not in err and "Query interrupted" not in err, err
    assert out.read_text(encoding="utf-8") == "旧的结果\n"  # the old result kept, nothing half-written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["结果.csv"]  # no temporary file left
    assert signal.getsignal(signal.SIGINT) is before  # main() leaves the process's handler as it found it


def test_ctrl_c_outside_duckdb_says_so_too(tmp_path, capsys, monkeypatch):
    """The plain KeyboardInterrupt (between two queries) was exit 130 without a word."""
    import hzdsl.backends.sql.pipeline as pipeline

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "overflowed", interrupted)
    rc = main(["screen", str(EXAMPLES / "population.csv"), "--benefit", "一次性创业补贴", "--date", "2023-06-30"])
    assert rc == 130
    assert "已中断" in capsys.readouterr().err


def test_a_query_duckdb_stopped_itself_is_an_interruption(tmp_path, capsys, monkeypatch):
    """While a query runs DuckDB may take the SIGINT itself (its handler, not Python's): then Python never hears
    of Ctrl-C and only DuckDB's 'Query interrupted' tells — CI saw exit 3 'hzdsl 内部错误' from the test above.
    Here DuckDB is interrupted its own way (connection.interrupt(), what its handler calls), no signal at all."""
    import hzdsl.backends.sql.pipeline as pipeline

    def stopped_by_duckdb(con, *args, **kwargs):
        threading.Timer(0.2, con.interrupt).start()
        _query_until_stopped(con)

    monkeypatch.setattr(pipeline, "overflowed", stopped_by_duckdb)
    out = tmp_path / "结果.csv"
    rc = main(["screen", str(EXAMPLES / "population.csv"), "--benefit", "一次性创业补贴", "--date", "2023-06-30",
               "--out", str(out)])
    err = capsys.readouterr().err
    assert rc == 130, err
    assert "已中断" in err and "内部错误" not in err, err
    assert not out.exists() and list(tmp_path.iterdir()) == []
