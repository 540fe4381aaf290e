"""hzdsl diff --population's table at 80 and 160 columns: no name, header or number is cut (robust s22).

Before, the one table of 14 columns cropped at COLUMNS=80 every name to 「一…」 and 改前合计 to 「3…」, and at 160
still the name to 「一次性创 …」. Now it is one table when it fits, else two (人数, then 金额), nothing cut.

The reform and figures are tests/test_screen_reform.py's, worked by hand: three first-time founders operating 2, 4
and 6 months; 一次性创业补贴 after 3 months and 4000 元 instead of 6 months and 3000 元 — A neither, B gains 4000,
C 3000 → 4000: 新增符合 1, 不再符合 0, 金额改变 1, 改前合计 3000, 改后合计 8000, 差额 5000.
"""
from __future__ import annotations

import re

import pytest
from rich.cells import cell_len

from hzdsl.cli import main
from tests.conftest import startup_reform_diff

pytest.importorskip("duckdb")



@pytest.fixture(scope="module")
def args(tmp_path_factory):
    return startup_reform_diff(tmp_path_factory.mktemp("reform"))


def _tables(out: str) -> dict[str, str]:
    """Each column of the impact tables in `out`: its header and its cells, each joined over its lines."""
    cols = {}
    for block in re.findall(r"^┏.*?^└[^\n]*", out, re.S | re.M):
        heads = [line.split("┃")[1:-1] for line in block.splitlines() if line.startswith("┃")]
        body = [line.split("│")[1:-1] for line in block.splitlines() if line.startswith("│")]
        for k, name in enumerate("".join(p.strip() for p in col) for col in zip(*heads)):
            cols[name] = " ".join(cells[k].strip() for cells in body if cells[k].strip())
    return cols


@pytest.mark.parametrize("width", [80, 160])
def test_the_impact_table_cuts_nothing(args, capsys, monkeypatch, width):
    monkeypatch.setenv("COLUMNS", str(width))
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "…" not in out, out
    assert max(cell_len(line) for line in out.splitlines()) <= width, out
    cols = _tables(out)
    assert cols["待遇"] == "一次性创业补贴", out
    want = {"新增符合": "1", "不再符合": "0", "金额改变": "1", "转为待定": "0", "不再待定": "0", "改前金额待定": "0",
            "改后金额待定": "0", "改前合计": "3000", "改后合计": "8000", "差额": "5000", "单位": "元"}
    assert {c: cols.get(c) for c in want} == want, out
    assert "差额只计两版结论与金额都确定的申请人" in out.replace("\n", "")
