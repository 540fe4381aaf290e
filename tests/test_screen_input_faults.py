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


# ── 4. a line break inside a quoted cell, and an empty line, do not shift later line numbers ──

def test_a_line_break_in_a_quoted_cell_keeps_later_lines(tmp_path, capsys):
    """Row A's 职业 holds a line break (lines 2–3); B's bad 毕业时长 「三年」 is on line 4, column 17
    (`B,2023-06-30,焊工,三年`: 编号 1, 评估日期 3–12, 职业 14–15, 毕业时长 17–18 … counted in characters)."""
    text = '编号,评估日期,职业,毕业时长\nA,2023-06-30,"电\n工",3 年\nB,2023-06-30,焊工,三年\n'
    rc, out, _ = screen(tmp_path, capsys, text, "--benefit", "一次性创业补贴")
    assert rc == 2, out
    assert "p.csv:4:17:" in out and "第 4 行的值「三年」" in out, out
    assert "B,2023-06-30,焊工,三年" in out  # the source line shown is B's


def test_a_cell_after_a_multiline_cell_is_placed_on_its_own_line(tmp_path, capsys):
    """The bad cell follows the line break inside the same record: 「三年」 is on line 3, column 4 (`工",三年`)."""
    text = '编号,评估日期,职业,毕业时长\nA,2023-06-30,"电\n工",三年\n'
    rc, out, _ = screen(tmp_path, capsys, text, "--benefit", "一次性创业补贴")
    assert rc == 2, out
    assert "p.csv:3:4:" in out and "第 3 行的值「三年」" in out, out


def test_an_empty_line_between_rows_keeps_later_lines(tmp_path, capsys):
    """DuckDB skips the empty line 3, so B is its second row — but line 4 of the file (三年 from column 14)."""
    text = "编号,评估日期,毕业时长\nA,2023-06-30,3 年\n\nB,2023-06-30,三年\n"
    rc, out, _ = screen(tmp_path, capsys, text, "--benefit", "一次性创业补贴")
    assert rc == 2, out
    assert "p.csv:4:14:" in out and "第 4 行的值「三年」" in out, out


def test_history_rows_after_a_multiline_cell_keep_their_lines(tmp_path, capsys):
    """An empty 日期 (E913) on line 5 of the history, after a 职业 cell over lines 2–3."""
    history = '编号,待遇,日期,职业\nA,职业培训补贴,2023-01-05,"电\n工"\nA,职业培训补贴,2023-02-05,焊工\nA,职业培训补贴,,焊工\n'
    rc, out, _ = screen(tmp_path, capsys, "编号,评估日期\nA,2023-06-30\n", "--benefit", "职业培训补贴",
                        history=history)
    assert rc == 2, out
    assert "h.csv:5:" in out and "申领历史第 5 行的「日期」是空的" in out, out


# ── 3. cells the case loader reads are read alike by screen (one reading: syntax.normalize.value_text) ──
# By hand, 第三条 一次性创业补贴 (3000 元): 重点人群 (here 毕业 5 年以内, 以内含本数), 初次创办, 正常经营 满 6 个月,
# at most once (限领一次).
#   A: ２年 (2 年), 半年 = 6 个月 (满 6 个月), dated 2023 年 6 月 30 日 → 符合 3000 元
#   B: 6 年 — not 毕业 5 年以内 → 不符合
#   C: 5 年 (以内含本数), １２个月 → 符合 3000 元
#   D: 1 年, ６ 个月 (U+3000 before the unit), already paid on 2023 年 1 月 5 日 → 不符合
#   E: 1 年, 5 个月 — not 满 6 个月 → 不符合
WIDE_CELLS = ("编号,评估日期,身份,毕业时长,初次创办企业或个体工商户,正常经营时长\n"
              "A,2023 年 6 月 30 日,高校毕业生,２年,是,半年\n"
              "B,2023-06-30,高校毕业生,6 年,是,１２个月\n"
              "C,２０２３-６-３０,高校毕业生,5 年,是,１２个月\n"
              "D,2023年6月30日,高校毕业生,1 年,是,６\u3000个月\n"
              "E,2023-06-30,高校毕业生,1 年,是,5 个月\n")
WIDE_HISTORY = "编号,待遇,日期\nD,一次性创业补贴,2023 年 1 月 5 日\n"
WIDE_BY_HAND = {"A": ("符合", 3000), "B": ("不符合", None), "C": ("符合", 3000), "D": ("不符合", None),
                "E": ("不符合", None)}


def test_full_width_digits_half_a_year_and_chinese_dates_are_read_as_in_case_files(tmp_path, capsys):
    rc, out, rows = screen(tmp_path, capsys, WIDE_CELLS, "--benefit", "一次性创业补贴", history=WIDE_HISTORY)
    assert rc == 0, out
    got = {k[0]: (r["结论"], int(float(r["金额"])) if r["金额"] else None) for k, r in rows.items()}
    assert got == WIDE_BY_HAND


def test_the_case_loader_reads_the_same_cells_alike(tmp_path, program):
    """The reference: the same rows as case files through the case loader and the scalar engine."""
    from hzdsl.cases.load import cases_from_text
    from hzdsl.engine import evaluator_for
    from hzdsl.runtime.evaluate import Env
    from hzdsl.runtime.units import Q

    from .test_screen_missing import rows_as_cases

    (tmp_path / "p.csv").write_text(WIDE_CELLS, encoding="utf-8")
    (tmp_path / "h.csv").write_text(WIDE_HISTORY, encoding="utf-8")
    ev, got = evaluator_for(program), {}
    for case in cases_from_text(rows_as_cases(program, tmp_path / "p.csv", tmp_path / "h.csv"), "p.yaml", program):
        d = next(d for d in ev.decide_all(Env(case.date, case.facts, case.params, case.history))
                 if d.rule.name == "一次性创业补贴")
        got[case.name] = (str(d.status), int(d.amount.value) if isinstance(d.amount, Q) else None)
    assert got == WIDE_BY_HAND


@pytest.mark.parametrize("cell", ["２年x", "半 年", "2023 年 2 月 30 日", "2023/06/30"])
def test_what_the_case_loader_refuses_screen_refuses(tmp_path, capsys, cell):
    column = "评估日期" if "0" in cell else "毕业时长"
    head = "编号,评估日期,毕业时长\n"
    row = f"A,{cell},1 年\n" if column == "评估日期" else f"A,2023-06-30,{cell}\n"
    rc, out, _ = screen(tmp_path, capsys, head + row, "--benefit", "一次性创业补贴")
    assert rc == 2, out
    assert "p.csv:2:" in out and "E912" in out and f"列「{column}」" in out, out


# ── 1. no product is rounded before the payout: an input with more decimals than a product carries is refused ──
# 读法 (backends/sql/precision.py): screening holds DECIMAL(18, 8) and rounds a product to 8 decimals; the scalar
# engine is exact and rounds once, to 分. 第八条: 实际缴纳社会保险费 × 1/2 — the 1/2 takes one decimal, so the
# fee may carry 7. By hand: 1234.5699999 元 × 1/2 = 617.28499995 元 → 617.28 元 (四舍五入 to 分);
# 1234.56999999 元 × 1/2 = 617.284999995 元 is 617.28 元 too, but DECIMAL(18, 8) made it 617.28500000 → 617.29.

def test_an_input_a_product_would_round_is_refused_naming_column_row_and_product(tmp_path, capsys):
    rc, out, rows = screen(tmp_path, capsys, FLEX_HEAD
                           + "A,2023-06-30,高校毕业生,是,1 年,100 元\n"
                           + "B,2023-06-30,高校毕业生,是,1 年,1234.56999999 元\n", "--benefit", FLEX)
    assert rc == 2, out
    assert "p.csv:3:" in out and "E912" in out and "「1234.56999999 元」小数位过多" in out, out
    assert "以元计最多 7 位小数" in out and "提示" in out and "乘积：policies/c0" in out, out
    assert not rows and not (tmp_path / "o.csv").exists()


def test_seven_decimals_are_screened_exactly_as_run_gives_them(tmp_path, capsys):
    rc, out, rows = screen(tmp_path, capsys, FLEX_HEAD
                           + "A,2023-06-30,高校毕业生,是,1 年,1234.5699999 元\n"
                           + "B,2023-06-30,高校毕业生,是,1 年,0.0099999 元\n", "--benefit", FLEX)
    assert rc == 0, out
    assert [(rows[i, FLEX]["结论"], rows[i, FLEX]["金额"]) for i in "AB"] == [("符合", "617.28"), ("符合", "0.00")]


def test_the_places_each_input_may_carry(program):
    """By hand from the policies: × 1/2 and × 50% leave 7; LPR × 50% leaves 7 (a rate: 5 in %);
    较小值(面积, 50 平方米) × 较小值(租金, 3 元/平方米·天) × 天数 splits 8 over three inputs: 2 each;
    最低月工资标准 × 70% × 见习时长: (8 − 1) over two: 3 each; a whole-number count (人数 × 标准) takes none."""
    from hzdsl.backends.sql.precision import input_places

    places = {k: v.places for k, v in input_places(program).items()}
    assert places["灵活就业实际缴纳社会保险费"] == 7 and places["LPR"] == 7
    assert places["场地租赁面积"] == places["场地实际租金"] == places["本期租金补贴天数"] == 2
    assert places["最低月工资标准"] == places["见习时长"] == 3
    assert "高技能人才每人资助标准" not in places and "培养高技能人才人数" not in places


# ── a blank cell in a parameter's column (breaker s19, doubtful) ──
# 读法: as a blank 评估日期 takes --date, a blank 参数 cell is "not given for this row" and takes the --params
# value (docs/人群筛查.md: the column is optional, else --params); a case file cannot say "this parameter is
# unknown" at all. Without --params it stays unknown. By hand, 第八条 见习学员生活补贴 = 最低月工资标准 × 70% ×
# 见习时长 (满 3 个月, at most 6): A 2000 元/月 × 70% × 6 = 8400 元; B (blank) at the file's 2280 元/月 → 9576 元;
# C (blank, dated 2024-06-30) at the dated value in force, 2490 元/月 from 2024-01-01 → 10458 元.
INTERNS = ("编号,评估日期,见习基地,按规定发放见习学员生活补助,见习时长,就业见习基地年度评估合格,最低月工资标准\n"
           "A,2023-06-30,是,是,6 个月,否,2000 元/月\n"
           "B,2023-06-30,是,是,6 个月,否,\n")
INTERN = "见习学员生活补贴"


def test_a_blank_parameter_cell_takes_the_params_file_value(tmp_path, capsys):
    (tmp_path / "params.yaml").write_text("参数:\n  最低月工资标准: 2280 元/月\n", encoding="utf-8")
    rc, out, rows = screen(tmp_path, capsys, INTERNS, "--benefit", INTERN, "--params", str(tmp_path / "params.yaml"))
    assert rc == 0, out
    assert [(rows[i, INTERN]["结论"], rows[i, INTERN]["金额"]) for i in "AB"] == [("符合", "8400.00"), ("符合", "9576.00")]


def test_a_blank_parameter_cell_takes_the_dated_value_of_its_own_date(tmp_path, capsys):
    (tmp_path / "params.yaml").write_text(
        "参数:\n  最低月工资标准:\n"
        "    - {起始: 2021-08-01, 截止: 2023-12-31, 值: 2280 元/月, 来源: \"测试\"}\n"
        "    - {起始: 2024-01-01, 值: 2490 元/月, 来源: \"测试\"}\n", encoding="utf-8")
    pop = INTERNS.replace("A,2023-06-30", "A,2019-06-30") + "C,2024-06-30,是,是,6 个月,否,\n"
    rc, out, rows = screen(tmp_path, capsys, pop, "--benefit", INTERN, "--params", str(tmp_path / "params.yaml"))
    # A gives its own value: no value in force on 2019-06-30 is needed (no E711 for A)
    assert rc == 0, out
    assert [rows[i, INTERN]["金额"] for i in "ABC"] == ["8400.00", "9576.00", "10458.00"]


def test_without_params_a_blank_parameter_cell_is_unknown(tmp_path, capsys):
    rc, out, rows = screen(tmp_path, capsys, INTERNS, "--benefit", INTERN, "--missing")
    assert rc == 0, out
    assert rows["B", INTERN]["结论"] == "符合" and rows["B", INTERN]["金额待定"] == "true"
    assert "最低月工资标准" in rows["B", INTERN]["待定事实"]


def test_a_params_file_value_a_product_would_round_is_refused(tmp_path, capsys):
    """LPR enters 「LPR」 × 50% (第四条): 7 decimals as a fraction = 5 in %. 3.451234% (6 in %) would be rounded in
    the SQL product (the literal itself was rounded at 8 decimals before); 3.45% is read as written."""
    head = "编号,身份,毕业时长,贷款类别,符合条件的劳动者,贷款期限,贷款合同利率\nB1,高校毕业生,1,个人,是,2,4.15%\n"
    (tmp_path / "bad.yaml").write_text("参数:\n  LPR: 3.451234%\n", encoding="utf-8")
    rc, out, rows = screen(tmp_path, capsys, head, "--date", "2023-06-30", "--params", str(tmp_path / "bad.yaml"),
                           history="编号,待遇,日期\n")
    assert rc == 2, out
    assert "E801" in out and "「LPR」的值 3.451234%" in out and "以%计最多 5 位小数" in out and "提示" in out, out
    assert not rows
    (tmp_path / "ok.yaml").write_text("参数:\n  LPR: 3.65%\n", encoding="utf-8")
    rc, out, rows = screen(tmp_path, capsys, head, "--date", "2023-06-30", "--params", str(tmp_path / "ok.yaml"),
                           "--benefit", "个人创业担保贷款全额贴息", history="编号,待遇,日期\n")
    assert rc == 0, out
    assert rows["B1", "个人创业担保贷款全额贴息"]["金额"] == "4.15"  # ≤ 3.65% + 50BP: the contract rate (第四条)


def test_a_policy_folder_without_any_benefit_is_a_usage_error(tmp_path, capsys):
    """A folder holding only 说明 (clause 一 has no 待遇) has nothing to screen: a Chinese usage error naming the
    files read, exit 2 — it was exit 3 (IndexError in report.summary_query; robust s21), and nothing is written."""
    import shutil

    pol = tmp_path / "pol"
    pol.mkdir()
    shutil.copy(Path(__file__).resolve().parents[1] / "policies" / "c01.policy", pol)
    (tmp_path / "p.csv").write_text("编号\nP1\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    assert main(["screen", str(tmp_path / "p.csv"), "-p", str(pol), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "没有任何「待遇」声明" in err and "c01.policy" in err and "Traceback" not in err
    assert not out.exists()


# ── a column written twice under the very same name ──

def test_a_population_column_written_twice_is_named_as_written(tmp_path, capsys):
    """Two 「毕业时长」 columns (breaker s22): DuckDB renames the second 「毕业时长_1」 and the message blamed that,
    a column nobody wrote, as 'not a declared fact'. It is E911 重复 at the second header cell, naming the first."""
    rc, out, rows = screen(tmp_path, capsys, "编号,评估日期,身份,毕业时长,从事灵活就业,毕业时长\n"
                           "A,2023-06-30,高校毕业生,1 年,是,3 年\n", "--benefit", FLEX)
    assert rc == 2 and not rows
    assert "_1" not in out
    assert "p.csv:1:24: 错误[E911]: 列「毕业时长」重复" in out
    assert "第一次出现：" in out and "p.csv:1:12" in out


def test_a_history_column_written_twice_is_named_as_written(tmp_path, capsys):
    rc, out, rows = screen(tmp_path, capsys, FLEX_HEAD + "A,2023-06-30,高校毕业生,是,1 年,6 万元\n", "--benefit", FLEX,
                           history="编号,待遇,日期,金额,金额\nA,一次性创业补贴,2022-01-01,3000 元,1 元\n")
    assert rc == 2 and not rows
    assert "_1" not in out
    assert "h.csv:1:13: 错误[E913]: 申领历史文件的列「金额」重复" in out


def test_a_date_cell_that_does_not_exist_says_why_as_the_case_loader_does(tmp_path, capsys):
    # breaker s22: 2023-02-30 is written in the right form; the hint 「写成 2023-06-30 …」 repeated the form used
    rc, out, rows = screen(tmp_path, capsys, FLEX_HEAD + "A,2023-02-30,高校毕业生,是,1 年,6 万元\n", "--benefit", FLEX)
    assert rc == 2 and not rows
    assert "列「评估日期」第 2 行的值「2023-02-30」不是日期" in out
    assert "提示：2023 年 2 月只有 28 天" in out


def test_a_repeated_id_is_pointed_at_its_id_cells_wherever_the_column_is(tmp_path, capsys):
    # breaker s22: the caret went to column 1 of both lines — under 评估日期 when 编号 is the second column
    rc, out, rows = screen(tmp_path, capsys, "评估日期,编号,身份\n2023-06-30,P1,高校毕业生\n2023-06-30,P1,高校毕业生\n",
                           "--benefit", FLEX)
    assert rc == 2 and not rows
    assert "p.csv:3:12: 错误[E911]: 列「编号」的值「P1」出现不止一次（第 2 行与第 3 行）" in out
    assert "第一次出现：" in out and "p.csv:2:12" in out


def test_a_cell_written_as_people_write_it_gets_the_plain_form_as_hint(tmp_path, capsys):
    # the case loader's hint for the same cells (tests/test_case_file_keys.py), breaker s22
    rc, out, rows = screen(tmp_path, capsys, FLEX_HEAD + 'A,2023-06-30,高校毕业生,是,1年6个月,"3,000 元"\n', "--benefit", FLEX)
    assert rc == 2 and not rows
    assert "提示：年与月合写成一个数：「1年6个月」即 18 个月，写成「18 个月」" in out
    assert "提示：不写千位分隔符：写成「3000 元」" in out
