"""The screen's claims history (--history) against the population it belongs to — breaker findings, s18:

- E920: a population row with 历史已知 = 否 that has claims in the history file. 读法 (docs/人群筛查.md):
  否 says the applicant's claims are NOT known; records for that applicant say some are. Neither `hzdsl run`
  nor a case file has a "known part of an unknown history" (a case's 历史 is all the claims, or absent =
  unknown), and the two readings give different answers (records dropped → 待定; records as a lower bound →
  可能 不符合). Screen refused to guess only on the SQL side before (it silently read the lower bound, a
  meaning the engine does not have). Now the file is refused, naming the row and the first claim line.
- W921: claims whose 编号 is nobody in the population were dropped without a word (a trailing space in an
  id paid a one-off 一次性创业补贴 again). 读法: a warning, not an error — a claims register commonly covers
  more people than the population screened (one district against the city's register) — with the count,
  the first lines, and a near match (same id but for spaces) in the 提示; in the terminal and in --json.
- E913 (form undeclared): a misspelt history column (证书登记 for 证书等级) was ignored — the limit then
  waited for 历史记录中的「证书等级」. Now refused, as the population file refuses an unknown column (E911)
  and a case file's history record an unknown field (E708).

Hand-worked, clause 三: 一次性创业补贴 (3000 元) is granted once (累计 不超过 1 次): an applicant with a
past 一次性创业补贴 claim is 不符合; without one (and the conditions met) 符合 3000 元.
"""
from __future__ import annotations

import json

import pytest

from hzdsl.cli import main

pytest.importorskip("duckdb")

POP_HEAD = "编号,评估日期,身份,毕业时长,初次创办企业或个体工商户,正常经营时长"
ROW_A = "A,2023-06-30,高校毕业生,3 年,是,8 个月"  # 一次性创业补贴: every condition met


def _run(tmp_path, capsys, pop: str, history: str, *extra: str) -> tuple[int, str, str]:
    (tmp_path / "p.csv").write_text(pop, encoding="utf-8")
    (tmp_path / "h.csv").write_text(history, encoding="utf-8")
    capsys.readouterr()
    rc = main(["screen", str(tmp_path / "p.csv"), "--history", str(tmp_path / "h.csv"),
               "--benefit", "一次性创业补贴", *extra])
    out, err = capsys.readouterr()
    return rc, out, err


def _result(tmp_path) -> str:
    return (tmp_path / "o.csv").read_text(encoding="utf-8")


# ── E920: 历史已知 = 否 with records ──

def test_known_history_with_a_grant_is_refused_once(tmp_path, capsys):
    # the control: 历史已知 = 是 and a past 一次性创业补贴 → 不符合 (once only)
    pop = f"{POP_HEAD},历史已知\n{ROW_A},是\n"
    rc, out, err = _run(tmp_path, capsys, pop, "编号,待遇,日期\nA,一次性创业补贴,2022-01-01\n",
                        "--out", str(tmp_path / "o.csv"))
    assert rc == 0, err
    assert '"A","一次性创业补贴","三","不符合"' in _result(tmp_path)


def test_unknown_history_without_records_is_open(tmp_path, capsys):
    # 历史已知 = 否 and no records: the history is unknown → 待定 (needs 历史申领记录), as a case without 历史
    pop = f"{POP_HEAD},历史已知\n{ROW_A},否\nB,2023-06-30,高校毕业生,3 年,是,8 个月,是\n"
    rc, out, err = _run(tmp_path, capsys, pop, "编号,待遇,日期\nB,一次性创业补贴,2022-01-01\n",
                        "--out", str(tmp_path / "o.csv"), "--missing")
    assert rc == 0, err
    text = _result(tmp_path)
    assert '"A","一次性创业补贴","三","待定"' in text and "历史申领记录" in text
    assert '"B","一次性创业补贴","三","不符合"' in text


@pytest.mark.parametrize("engine", ["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def test_unknown_history_with_records_is_an_input_error(tmp_path, capsys, engine):
    if engine == "spark":
        from .test_screen_diff import require_spark
        require_spark()
    # A says 否 (unknown) and has a record on line 3 of h.csv; C says 否 and has one on line 4
    pop = (f"{POP_HEAD},历史已知\n{ROW_A},否\nB,2023-06-30,高校毕业生,3 年,是,8 个月,是\n"
           "C,2023-06-30,高校毕业生,3 年,是,8 个月,否\n")
    history = "编号,待遇,日期\nB,一次性创业补贴,2022-01-01\nA,一次性创业补贴,2022-01-01\nC,一次性创业补贴,2021-05-01\n"
    rc, out, err = _run(tmp_path, capsys, pop, history, "--out", str(tmp_path / "o.csv"), "--engine", engine)
    assert rc == 2, out + err
    assert "E920" in err and "内部错误" not in err, err
    # the population row (line 2, at the 历史已知 cell: column 7 of the header), the first claim line, the count
    col = len(ROW_A) + 2  # the cell after the row's last comma
    assert f"p.csv:2:{col}:" in err, err
    assert "h.csv:3" in err and "2 名" in err, err
    assert "提示" in err and "历史已知" in err
    assert not (tmp_path / "o.csv").exists()


# ── W921: claims of nobody in the population ──

def test_claims_of_nobody_are_a_warning_with_count_lines_and_near_match(tmp_path, capsys):
    pop = f"{POP_HEAD}\n{ROW_A}\n"
    history = ("编号,待遇,日期\n"
               "A ,一次性创业补贴,2022-01-01\n"    # line 2: a stray space — A's grant, not matched
               "Z9,一次性创业补贴,2022-03-01\n"    # line 3: nobody
               "Z9,一次性创业补贴,2022-04-01\n")   # line 4: nobody again
    rc, out, err = _run(tmp_path, capsys, pop, history, "--out", str(tmp_path / "o.csv"))
    assert rc == 0, err
    assert "W921" in err and "3 条" in err and "2 个编号" in err, err
    assert "h.csv:2:" in err and "2、3、4" in err, err
    assert "「A 」" in err and "「A」" in err, err  # the near match, named in the 提示
    # the stray-space claim is still not A's (编号 is compared exactly): A is 符合 — said, not hidden
    assert '"A","一次性创业补贴","三","符合","3000.00"' in _result(tmp_path)


def test_claims_of_nobody_in_the_json_summary(tmp_path, capsys):
    pop = f"{POP_HEAD}\n{ROW_A}\n"
    rc, out, err = _run(tmp_path, capsys, pop, "编号,待遇,日期\nZ9,一次性创业补贴,2022-03-01\n", "--json")
    assert rc == 0, err
    warnings = json.loads(out)["警告"]
    assert [w["代码"] for w in warnings] == ["W921"] and warnings[0]["行"] == 2 and "1 条" in warnings[0]["信息"]


def test_every_claim_matched_says_nothing(tmp_path, capsys):
    pop = f"{POP_HEAD}\n{ROW_A}\n"
    rc, out, err = _run(tmp_path, capsys, pop, "编号,待遇,日期\nA,一次性创业补贴,2022-03-01\n", "--json")
    assert rc == 0 and "W921" not in err and "警告" not in json.loads(out), err


def test_claims_of_a_refused_row_are_not_claims_of_nobody(tmp_path, capsys):
    # a row left out for contradicting a 蕴含 (E723) is still someone: its claims are not "nobody's"
    pop = (f"{POP_HEAD},创办企业或个体工商户\n{ROW_A},\nB,2023-06-30,高校毕业生,3 年,是,8 个月,否\n")
    rc, out, err = _run(tmp_path, capsys, pop, "编号,待遇,日期\nB,一次性创业补贴,2022-03-01\n")
    assert rc == 2 and "E723" in err, err
    assert "W921" not in err, err


# ── E913 undeclared: a history column nobody reads ──

@pytest.mark.parametrize("column, near", [("证书登记", "「证书等级」"), ("金 额", "「金额」"), ("毕业时长", None)],
                         ids=["misspelt field", "misspelt 金额", "a fact no limit compares"])
def test_an_unknown_history_column_is_refused(tmp_path, capsys, column, near):
    pop = f"{POP_HEAD}\n{ROW_A}\n"
    history = f"编号,待遇,日期,职业,{column}\nA,职业培训补贴,2021-06-01,电工,三级\n"
    rc, out, err = _run(tmp_path, capsys, pop, history, "--out", str(tmp_path / "o.csv"))
    assert rc == 2, out + err
    # at the header cell: 「编号,待遇,日期,职业,」 is 12 characters, so the 5th column starts at 13
    assert "E913" in err and f"「{column}」" in err and "h.csv:1:13:" in err, err
    if near:
        assert "你是不是想写：" in err and near in err.split("你是不是想写：")[1].split("。")[0], err
    # the 提示 lists what a history column may be
    assert "编号、待遇、日期、申领人、金额" in err and "证书等级" in err, err
    assert not (tmp_path / "o.csv").exists()


def test_header_units_on_history_fields_still_read(tmp_path, capsys):
    # a compared field with its unit in the header (贷款期限（月）) is a known column, not an unknown one
    pop = f"{POP_HEAD}\n{ROW_A}\n"
    history = "编号,待遇,日期,金额,贷款期限（月）\nA,一次性创业补贴,2022-01-01,3000 元,24\n"
    rc, out, err = _run(tmp_path, capsys, pop, history)
    assert rc == 0, err
