"""A rate in a population file must say its unit, as in a case file: `0.0415` could be a fraction (4.15 %)
or already in per cent (0.0415 %). The case loader refuses the bare number (E706: "写明单位：0.0415 若是
小数，即 4.15%"); screen read it in the declared unit (%), so 0.0415 became 0.0415 % and 个人创业担保贷款
全额贴息 screened 0.0415 % instead of 4.15 % — silently. The unit may be written in the cell (`4.15%`,
`415BP`) or once for the column in its header (`贷款合同利率（%）`), as generated Parquet files do.

By hand (第四条): a graduate 1 year out (重点人群) borrowing as 个人, contract rate 4.15 % ≤ LPR 3.65 % + 50BP
= 4.15 % (不超过 includes the bound), no past loans (0 + 1 ≤ 3 次, 0 + 2 ≤ 3 年): 全额贴息 = the contract
rate, 4.15 %.
"""
from __future__ import annotations

import pytest

from hzdsl.cli import main

pytest.importorskip("duckdb")

HEAD = "编号,身份,毕业时长,贷款类别,符合条件的劳动者,贷款期限,{rate},LPR\n"


def _screen(tmp_path, capsys, text: str) -> tuple[int, str]:
    (tmp_path / "p.csv").write_text(text, encoding="utf-8")
    (tmp_path / "h.csv").write_text("编号,待遇,日期\n", encoding="utf-8")
    capsys.readouterr()
    rc = main(["screen", str(tmp_path / "p.csv"), "--history", str(tmp_path / "h.csv"), "--date", "2023-06-30",
               "--benefit", "个人创业担保贷款全额贴息", "--out", str(tmp_path / "o.csv")])
    out, err = capsys.readouterr()
    return rc, out + err


@pytest.mark.parametrize("rows, line, cell", [
    ("B1,高校毕业生,1,个人,是,2,4.15%,3.65%\nB2,高校毕业生,1,个人,是,2,0.0415,3.65%\n", 3, "0.0415"),  # text column
    ("B1,高校毕业生,1,个人,是,2,0.0415,3.65%\nB2,高校毕业生,1,个人,是,2,0.0385,3.65%\n", 2, "0.0415"),  # all numbers
    ("B1,高校毕业生,1,个人,是,2,4.15%,0.0365\n", 2, "0.0365"),  # a parameter column (LPR) alike
], ids=["mixed text column", "numeric column", "parameter"])
def test_a_bare_rate_is_refused(tmp_path, capsys, rows, line, cell):
    rc, out = _screen(tmp_path, capsys, HEAD.format(rate="贷款合同利率") + rows)
    assert rc == 2, out
    assert f"p.csv:{line}:" in out and "E912" in out and f"「{cell}」缺少单位" in out and "提示" in out, out
    assert not (tmp_path / "o.csv").exists()


@pytest.mark.parametrize("rate, cell", [("贷款合同利率", "4.15%"), ("贷款合同利率", "415BP"),
                                         ("贷款合同利率（%）", "4.15"), ("贷款合同利率（%）", "4.15%")])
def test_a_rate_with_its_unit_is_read(tmp_path, capsys, rate, cell):
    rc, out = _screen(tmp_path, capsys, HEAD.format(rate=rate) + f"B1,高校毕业生,1,个人,是,2,{cell},3.65%\n")
    assert rc == 0, out
    assert '"B1","个人创业担保贷款全额贴息","四","符合","4.15"' in (tmp_path / "o.csv").read_text(encoding="utf-8")
