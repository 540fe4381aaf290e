"""Dated parameter values never overlap silently (breaker s22; the kind of the fault folder silent-conflicts).

E717 refused two values with the same 起始. An entry with a 截止 still in force when the next one starts gives two
values on the days between — the later start was taken without a word (LPR 3.45 % to 2023-12-31 and 3.55 % from
2023-06-01: 3.55 % on 2023-07-01). And an entry whose 截止 is before its 起始 is in force on no day: it was reported
as E711 「最近一项已于 2022-01-01 截止」. Positions are counted by hand from the text written."""
from __future__ import annotations

import pytest

from hzdsl.cli import main

CASE = "评估日期: 2023-07-01\n事实: {贷款合同利率: 4%}\n"


def run(tmp_path, capsys, entries: list[str], *more: str):
    params = tmp_path / "p.yaml"
    params.write_text("参数:\n  LPR:\n" + "".join(f"    - {e}\n" for e in entries), encoding="utf-8")
    case = tmp_path / "c.yaml"
    case.write_text(CASE, encoding="utf-8")
    code = main(["run", str(case), "--params", str(params), *more])
    out, err = capsys.readouterr()
    return code, out + err, params


def test_an_entry_still_in_force_when_the_next_starts(tmp_path, capsys):
    code, out, p = run(tmp_path, capsys, ["{起始: 2023-01-01, 截止: 2023-12-31, 值: 3.45%}",
                                          "{起始: 2023-06-01, 截止: 2023-12-31, 值: 3.55%}"])
    assert code == 2
    # the later 起始 (line 4, column 12) and the earlier 截止 (line 3, column 28)
    assert (f"{p}:4:12: 错误[E717]: 参数「LPR」在 2023-06-01 有两个不同的值：2023-01-01 起的一项截止 2023-12-31，"
            "那天仍在生效") in out
    assert f"前一项的截止：{p}:3:28" in out


def test_an_entry_ending_before_it_starts(tmp_path, capsys):
    code, out, p = run(tmp_path, capsys, ["{起始: 2023-01-01, 截止: 2022-01-01, 值: 3.45%}"])
    assert code == 2
    assert f"{p}:3:28: 错误[E717]: 参数「LPR」的一项截止 2022-01-01 早于它的起始 2023-01-01" in out
    assert "E711" not in out and out.count("错误[") == 1


@pytest.mark.parametrize("entries", [
    ["{起始: 2023-01-01, 截止: 2023-05-31, 值: 3.45%}", "{起始: 2023-06-01, 值: 3.55%}"],  # adjacent
    ["{起始: 2023-01-01, 值: 3.45%}", "{起始: 2023-06-01, 值: 3.55%}"],  # no 截止: in force until the next
    ["{起始: 2023-01-01, 截止: 2023-12-31, 值: 3.55%}", "{起始: 2023-06-01, 值: 3.55%}"],  # overlap, one value
])
def test_periods_that_agree_are_read(tmp_path, capsys, entries):
    code, out, _ = run(tmp_path, capsys, entries, "--json")
    assert code == 0 and "E717" not in out


def test_screen_params_refuse_the_overlap_too(tmp_path, capsys):
    pytest.importorskip("duckdb")
    params = tmp_path / "p.yaml"
    params.write_text("参数:\n  LPR:\n    - {起始: 2023-01-01, 截止: 2023-12-31, 值: 3.45%}\n"
                      "    - {起始: 2023-06-01, 值: 3.55%}\n", encoding="utf-8")
    pop = tmp_path / "pop.csv"
    pop.write_text("编号,评估日期,贷款合同利率\nA,2023-07-01,4%\n", encoding="utf-8")
    code = main(["screen", str(pop), "--params", str(params)])
    out, err = capsys.readouterr()
    assert code == 2 and f"{params}:4:12: 错误[E717]" in out + err
