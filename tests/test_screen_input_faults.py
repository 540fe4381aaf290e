"""Population-file input that `hzdsl run` reads (case files) must be read alike by `hzdsl screen`, or refused
with E9xx naming column and row (the 1-based line of the file) and a 提示, exit 2, nothing written (issue 11,
breaker's input findings, session 18).

Expected amounts are worked by hand from the policy text:
- 第八条 高校毕业生灵活就业社保补贴 = 实际缴纳社会保险费 × 1/2 (毕业 2 年内, 从事灵活就业; no cap).
"""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from hzdsl.cli import main

pytest.importorskip("duckdb")

FLEX = "高校毕业生灵活就业社保补贴"
FLEX_HEAD = "编号,评估日期,身份,从事灵活就业,入职时毕业时长,灵活就业实际缴纳社会保险费\n"


def screen(tmp_path: Path, capsys, population: str, *args: str, history: str | None = None,
           name: str = "p.csv") -> tuple[int, str, dict]:
    """Screen `population` (CSV text); → (exit code, printed text, {(编号, 待遇): result row of --out})."""
    (tmp_path / name).write_text(population, encoding="utf-8", newline="")
    extra = []
    if history is not None:
        (tmp_path / "h.csv").write_text(history, encoding="utf-8", newline="")
        extra = ["--history", str(tmp_path / "h.csv")]
    out_file = tmp_path / "o.csv"
    capsys.readouterr()
    rc = main(["screen", str(tmp_path / name), *extra, "--out", str(out_file), *args])
    out, err = capsys.readouterr()
    rows = {}
    if out_file.exists():
        with open(out_file, encoding="utf-8", newline="") as f:
            rows = {(r["编号"], r["待遇"]): r for r in csv.DictReader(f)}
    return rc, out + err, rows


# ── 2. a money column mixing 万元 and 元 ──

def test_a_money_column_mixing_wan_and_yuan_reads_every_value(tmp_path, capsys):
    """6 万元 = 60000 元 → 30000 元; 100000 元 → 50000 元 (refused before: the number was held in
    DECIMAL(13, 8) for the 万元 cells' sake, so ≥ 100000 in any unit was 'not a quantity');
    999999 万元 = 9 999 990 000 元 (10 integer digits, the stated precision) → 4 999 995 000 元."""
    rc, out, rows = screen(tmp_path, capsys, FLEX_HEAD
                           + "A,2023-06-30,高校毕业生,是,1 年,6 万元\n"
                           + "B,2023-06-30,高校毕业生,是,1 年,100000 元\n"
                           + "C,2023-06-30,高校毕业生,是,1 年,999999 万元\n", "--benefit", FLEX)
    assert rc == 0, out
    assert [rows[(i, FLEX)]["金额"] for i in "ABC"] == ["30000.00", "50000.00", "4999995000.00"]
    assert all(rows[(i, FLEX)]["结论"] == "符合" for i in "ABC")


def test_a_value_beyond_ten_integer_digits_in_base_units_is_refused(tmp_path, capsys):
    """1000000 万元 = 10^10 元: 11 integer digits in 元, beyond DECIMAL(18, 8) — E912 at its row."""
    rc, out, rows = screen(tmp_path, capsys, FLEX_HEAD
                           + "A,2023-06-30,高校毕业生,是,1 年,100000 元\n"
                           + "B,2023-06-30,高校毕业生,是,1 年,1000000 万元\n", "--benefit", FLEX)
    assert rc == 2, out
    assert "p.csv:3:" in out and "E912" in out and "「1000000 万元」" in out and "提示" in out, out
    assert not (tmp_path / "o.csv").exists()


# ── 5. amounts in --out are written as numbers, never 0E-8 ──

def test_amounts_in_a_csv_result_are_plain_numbers_in_their_unit(tmp_path, capsys):
    """The bundled example, every benefit: a 元 amount has 2 decimals (分), any other unit is its exact
    value without trailing zeros, and nothing is in scientific notation (Arrow printed the union's
    DECIMAL(18, 8) zero as 0E-8, and 3000 元 as 3000.00000000)."""
    root = Path(__file__).resolve().parents[1] / "examples"
    out_file = tmp_path / "o.csv"
    capsys.readouterr()
    rc = main(["screen", str(root / "population.csv"), "--history", str(root / "population_history.csv"),
               "--date", "2023-06-30", "--out", str(out_file)])
    assert rc in (0, 2), capsys.readouterr()
    text = out_file.read_text(encoding="utf-8")
    with open(out_file, encoding="utf-8", newline="") as f:
        amounts = [(r["单位"], r["金额"]) for r in csv.DictReader(f) if r["金额"]]
    assert "E-" not in text
    money = [a for u, a in amounts if u == "元"]
    other = [a for u, a in amounts if u != "元"]
    assert money and other
    assert all(len(a.split(".")[1]) == 2 for a in money), money[:5]
    assert "0.00" in money and "3000.00" in money  # 0 元 (a 符合 with no amount left) and 一次性创业补贴
    assert all(not a.endswith("0") or "." not in a for a in other), other[:5]
    assert all("." not in a or not a.endswith(".") for a in other)


def test_a_zero_rate_is_written_0_and_a_rate_without_trailing_zeros(tmp_path, capsys):
    """第四条 个人创业担保贷款全额贴息 pays the contract rate itself (≤ LPR + 50BP): 0% → 0, 4.15% → 4.15."""
    head = "编号,身份,毕业时长,贷款类别,符合条件的劳动者,贷款期限,贷款合同利率,LPR\n"
    rc, out, rows = screen(tmp_path, capsys, head + "B1,高校毕业生,1,个人,是,2,0%,3.65%\n"
                           + "B2,高校毕业生,1,个人,是,2,4.15%,3.65%\n", "--date", "2023-06-30",
                           "--benefit", "个人创业担保贷款全额贴息", history="编号,待遇,日期\n")
    assert rc == 0, out
    got = {k[0]: (r["结论"], r["金额"], r["单位"]) for k, r in rows.items()}
    assert got == {"B1": ("符合", "0", "%"), "B2": ("符合", "4.15", "%")}


# ── 6. a blank 评估日期 cell ──
# 读法: a case file must give its 评估日期 (E703); a population row may leave it out only when the run says
# which date such rows take (--date). Without --date a blank cell is an input error naming the row —
# never the day the screen happens to run on (the same file gave other answers on another day).
# A file without the column at all is screened at --date, else today (docs/人群筛查.md: the column is optional).

DATED = ("编号,评估日期,身份,毕业时长,初次创办企业或个体工商户,正常经营时长,历史已知\n"
         "A,2023-06-30,高校毕业生,3 年,是,8 个月,是\n"
         "B,,高校毕业生,3 年,是,8 个月,是\n")


def test_a_blank_evaluation_date_without_date_option_is_refused(tmp_path, capsys):
    rc, out, rows = screen(tmp_path, capsys, DATED, "--benefit", "一次性创业补贴", history="编号,待遇,日期\n")
    assert rc == 2, out
    assert "p.csv:3:3:" in out and "E912" in out and "第 3 行的「评估日期」是空的" in out and "--date" in out, out
    assert not rows and not (tmp_path / "o.csv").exists()


def test_a_blank_evaluation_date_takes_the_date_option(tmp_path, capsys):
    """--date 2023-06-30 for B: 毕业 3 年 (5 年以内), 初次创办, 正常经营 8 个月 ≥ 6 个月, no past claim →
    一次性创业补贴 3000 元 (第三条), as A with its own date."""
    rc, out, rows = screen(tmp_path, capsys, DATED, "--benefit", "一次性创业补贴", "--date", "2023-06-30",
                           history="编号,待遇,日期\n")
    assert rc == 0, out
    assert [(rows[i, "一次性创业补贴"]["结论"], rows[i, "一次性创业补贴"]["金额"]) for i in "AB"] == [("符合", "3000.00")] * 2
