"""A population in 历史汇总 form screened for benefits that read none of its summary columns.

`hzdsl population generate --history-form 汇总` writes the summary columns of every limit; screening that file
for a benefit under no history limit (`--benefit 创业导师服务补贴`) selects no summary column at all. It was
"hzdsl 内部错误：IndexError" (exit 3: the E926/E927 check built an OR over no columns); now the columns are
accepted and unread — a file valid for the whole program stays valid for a part of it (breaker, session 21).
"""
from __future__ import annotations

import csv

import pytest

from .test_screen_summary import HEAD, ROWS

pytest.importorskip("duckdb")

# clause 六: 「导师线上服务次数」 × 300 元/次 + 「导师线下服务次数」 × 1000 元/次, if 「创业导师」 and at least 1 service
MENTOR = {  # id: (创业导师, 线上, 线下, status, amount by hand)
    "A": ("是", "3 次", "2 次", "符合", "2900.00"),  # 3 × 300 + 2 × 1000
    "B": ("是", "0 次", "1 次", "符合", "1000.00"),  # 0 + 1 × 1000
    "C": ("否", "3 次", "2 次", "不符合", ""),
    "D": ("是", "0 次", "0 次", "不符合", ""),  # no service: 0 + 0 below 1 次
    "E": ("", "1 次", "0 次", "待定", "300.00"),  # 创业导师 unknown; the amount if so: 1 × 300
    "F": ("是", "2 次", "1 次", "符合", "1600.00"),  # 2 × 300 + 1000
}


def _population() -> str:
    head = HEAD + ",创业导师,导师线上服务次数,导师线下服务次数"
    return head + "\n" + "".join(f"{k},{ROWS[k][0]},{','.join(v[:3])}\n" for k, v in MENTOR.items())


@pytest.mark.parametrize("benefits", [["创业导师服务补贴"], ["创业导师服务补贴", "个人创业担保贷款"]])
def test_a_summary_form_file_screens_a_benefit_that_reads_no_summary_column(tmp_path, capsys, benefits):
    from hzdsl.cli import main

    (tmp_path / "p.csv").write_text(_population(), encoding="utf-8")
    picked = [a for b in benefits for a in ("--benefit", b)]
    capsys.readouterr()
    rc = main(["screen", str(tmp_path / "p.csv"), *picked, "--out", str(tmp_path / "r.csv")])
    out, err = capsys.readouterr()
    assert rc == 0, (out, err)
    with open(tmp_path / "r.csv", encoding="utf-8") as f:
        got = {(r["编号"], r["待遇"]): (r["结论"], r["金额"]) for r in csv.DictReader(f)}
    assert {k: v for (k, b), v in got.items() if b == "创业导师服务补贴"} == {k: v[3:] for k, v in MENTOR.items()}
    if "个人创业担保贷款" in benefits:  # the summary is read as before when a selected benefit needs it
        assert {k: v[0] for (k, b), v in got.items() if b == "个人创业担保贷款"} == {k: ROWS[k][1] for k in MENTOR}
