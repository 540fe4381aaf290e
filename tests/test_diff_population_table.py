"""hzdsl diff --population's table at 80 and 160 columns: no name, header or number is cut (robust s22).

Before, the one table of 14 columns cropped at COLUMNS=80 every name to 「一…」 and 改前合计 to 「3…」, and at 160
still the name to 「一次性创 …」. Now it is one table when it fits, else two (人数, then 金额), nothing cut.

The reform and figures are tests/test_screen_reform.py's, worked by hand: three first-time founders operating 2, 4
and 6 months; 一次性创业补贴 after 3 months and 4000 元 instead of 6 months and 3000 元 — A neither, B gains 4000,
C 3000 → 4000: 新增符合 1, 不再符合 0, 金额改变 1, 改前合计 3000, 改后合计 8000, 差额 5000.
"""
from __future__ import annotations

import re
import shutil

import pytest
from rich.cells import cell_len

from hzdsl.cli import main
from tests.conftest import POLICIES, reform_startup_subsidy

pytest.importorskip("duckdb")

POP = ("编号,身份,毕业时长,初次创办企业或个体工商户,正常经营时长\n"
       "A,高校毕业生,2 年,是,2\nB,高校毕业生,2 年,是,4\nC,高校毕业生,2 年,是,6\n")


@pytest.fixture(scope="module")
def args(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("reform")
    new = tmp / "new"
    shutil.copytree(POLICIES, new)
    reform_startup_subsidy(new)
    (tmp / "p.csv").write_text(POP, encoding="utf-8")
    (tmp / "none.csv").write_text("编号,待遇,日期\n", encoding="utf-8")
    return ["diff", str(POLICIES), str(new), "--no-impact", "--no-prove", "--population", str(tmp / "p.csv"),
            "--history", str(tmp / "none.csv"), "--date", "2023-06-30"]


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
