"""hzdsl diff OLD NEW --population: DuckDB running out of memory is E960 (exit 2), as in hzdsl screen — not
hzdsl's internal error (exit 3), and not E910 blaming the population file (robust s22).

`--memory-limit` is the same option as screen's (the same validation, the same E960 with the limit named);
the hint names what diff has (--benefit), not screen's --slices, which diff does not take."""
from __future__ import annotations


import pytest

from hzdsl.cli import main
from tests.conftest import startup_reform_diff

duckdb = pytest.importorskip("duckdb")



@pytest.fixture(scope="module")
def reform(tmp_path_factory):
    """OLD → NEW: 一次性创业补贴 after 3 months of operation and 4000 元 (as tests/test_screen_reform.py)."""
    return startup_reform_diff(tmp_path_factory.mktemp("reform"))


def test_the_reform_screens_under_a_workable_limit(reform, capsys):
    assert main([*reform, "--memory-limit", "2GB"]) == 0
    out = capsys.readouterr().out
    assert "人群影响" in out and "一次性创业补贴" in out


def test_a_tiny_memory_limit_is_e960_naming_the_limit(reform, capsys):
    assert main([*reform, "--memory-limit", "1KB"]) == 2
    err = capsys.readouterr().err
    assert "--memory-limit: 错误[E960]: DuckDB 内存不足（内存上限 1KB）" in err, err
    assert "内部错误" not in err and "Traceback" not in err and "E910" not in err and "CSV" not in err, err
    # diff has no --slices: the hint names what it does have
    assert "--benefit" in err and "--slices" not in err, err


def test_out_of_memory_without_a_limit_is_e960_too(reform, capsys, monkeypatch):
    """Out of memory past the input (DuckDB's default limit, no --memory-limit): the same E960, exit 2."""
    from hzdsl.backends.sql import reform as impact

    def full(*_a, **_k):
        raise duckdb.OutOfMemoryException("Out of Memory Error: could not allocate block of size 256.0 KiB")

    monkeypatch.setattr(impact, "load_claims", full)  # reading the claims, after the population is in
    assert main(reform) == 2
    err = capsys.readouterr().err
    assert "E960" in err and "内存上限 未设" in err and "内部错误" not in err, err
    # no --memory-limit was given: nothing to raise or remove (the hint said 「加大 --memory-limit … 或去掉它」)
    assert "去掉它" not in err and "关闭占用内存的程序" in err, err


def test_memory_limit_needs_population(reform, capsys):
    assert main([*reform[:5], "--memory-limit", "1GB"]) == 2
    assert "--memory-limit 只与 --population 一起用" in capsys.readouterr().err


def test_a_memory_limit_without_a_unit_is_a_usage_error(reform, capsys):
    assert main([*reform, "--memory-limit", "lots"]) == 2
    assert "内存上限须为数量加单位" in capsys.readouterr().err
