"""Value domains of case facts (hzdsl/check/domains.py) and how rates are shown.

读法 (docs/诊断代码.md E730/E731): 计数 is a whole number ≥ 0 in its declared unit; 比率, 金额, 时长 (ages in
周岁 too), 面积 and every quantity with a unit are ≥ 0; a plain 数 (名次, 第几年) is not restricted by its type.
Expected values are worked out by hand from clause 四 of the official text:
“贷款额度按‘企业吸纳重点人群和登记失业半年以内人员就业总数×20 万元’计算，最高 300 万元”;
“对其他人员按合同约定的 LPR-150BP 以上部分给予贴息”; “对重点人群…申请的个人创业担保贷款，按规定给予全额贴息”.
"""
from __future__ import annotations

import csv
import json
import re

import pytest

from hzdsl.cli import main

from .conftest import REPO

C04 = REPO / "tests" / "cases" / "c04"
POLICIES = ["-p", str(REPO / "policies")]


def _case(tmp_path, source: str, old: str, new: str, name: str = "case.yaml"):
    text = (C04 / source).read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def _run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _located(err: str, path, value: str, code: str) -> str:
    """The diagnostic block at the value's own line:col (line/col worked out from the file text)."""
    text = path.read_text(encoding="utf-8")
    pos = text.index(": " + value) + 2
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    where = f"{path}:{line}:{col}:"
    assert where in err, err
    block = err[err.index(where):]
    assert f"[{code}]" in block.splitlines()[0] and "提示：" in block, block
    assert "Traceback" not in err
    return block


# ── 计数: whole numbers ──

@pytest.mark.parametrize("value", ["0.5 人", "1.5", "2.25 人"])
def test_a_count_that_is_not_a_whole_number_is_refused(tmp_path, capsys, value):
    path = _case(tmp_path, "03_企业贷款_10人.yaml", "吸纳重点人群就业人数: 6 人", f"吸纳重点人群就业人数: {value}")
    code, out, err = _run(capsys, "run", str(path), *POLICIES)
    assert code == 2 and "万元" not in out  # refused: no amount computed from half a person
    block = _located(err, path, value, "E730")
    assert "不是整数" in block and "「吸纳重点人群就业人数」" in block


def test_a_whole_count_is_read(tmp_path, capsys):
    # 6 + 4 = 10 人 × 20 万元 = 200 万元 ≤ 300 万元; with 7 人: 11 × 20 万元 = 220 万元
    path = _case(tmp_path, "03_企业贷款_10人.yaml", "吸纳重点人群就业人数: 6 人", "吸纳重点人群就业人数: 7")
    code, out, _ = _run(capsys, "run", str(path), *POLICIES, "--format", "tsv", "-b", "企业吸纳就业创业担保贷款")
    assert code == 0 and "最高 220 万元" in out


def test_a_count_in_a_history_record_is_whole_too(tmp_path, capsys):
    path = tmp_path / "h.yaml"
    path.write_text("评估日期: 2023-06-30\n事实:\n  贷款类别: 企业\n历史:\n"
                    "  - {待遇: 企业吸纳就业创业担保贷款, 日期: 2022-01-01, 吸纳重点人群就业人数: 0.5 人}\n", encoding="utf-8")
    code, _, err = _run(capsys, "run", str(path), *POLICIES)
    assert code == 2 and "[E730]" in err and "0.5 人" in err


# ── values that cannot be negative ──

@pytest.mark.parametrize("old,new,value", [
    ("贷款合同利率: 4.15%", "贷款合同利率: -1%", "-1%"),  # a rate (fact)
    ("  LPR: 3.65%", "  LPR: -0.5%", "-0.5%"),  # a rate (parameter)
    ("贷款期限: 1 年", "贷款期限: -1 年", "-1 年"),  # a duration
])
def test_a_negative_rate_or_duration_is_refused(tmp_path, capsys, old, new, value):
    path = _case(tmp_path, "11_其他人员贴息.yaml", old, new)
    code, out, err = _run(capsys, "run", str(path), *POLICIES)
    assert code == 2 and "符合" not in out
    assert "是负数" in _located(err, path, value, "E731")


def test_a_negative_rate_in_a_dated_parameter_is_refused(tmp_path, capsys):
    path = _case(tmp_path, "11_其他人员贴息.yaml", "  LPR: 3.65%",
                 "  LPR:\n    - {起始: 2023-01-01, 值: 3.65%}\n    - {起始: 2023-05-01, 值: -3.55%}")
    code, _, err = _run(capsys, "run", str(path), *POLICIES)
    assert code == 2 and "[E731]" in err and "-3.55%" in err


def test_a_negative_age_is_refused(tmp_path, capsys):
    path = tmp_path / "age.yaml"
    path.write_text("评估日期: 2023-06-30\n事实:\n  初次核定享受补贴政策时年龄: -40 周岁\n", encoding="utf-8")
    code, _, err = _run(capsys, "run", str(path), *POLICIES)
    assert code == 2
    assert "是负数" in _located(err, path, "-40 周岁", "E731")


def test_a_plain_number_is_not_restricted_by_its_type(tmp_path, capsys):
    # 读法: 名次 is a 序数 (whole, not below 0: tests/test_ordinals.py); 第 0 名 is left to the rule: not 在 1 至 3 之间 → 不符合
    path = tmp_path / "rank.yaml"
    path.write_text("评估日期: 2023-06-30\n事实:\n  市级职业技能竞赛名次: 0\n", encoding="utf-8")
    code, out, err = _run(capsys, "run", str(path), *POLICIES, "--all", "--format", "tsv", "-b", "市级职业技能竞赛前三名资助")
    assert code == 0 and not err
    (row,) = [r for r in out.splitlines()[1:] if "市级职业技能竞赛前三名资助" in r]
    assert row.split("\t")[3] == "不符合"


# ── rates are shown with their unit ──

def _tsv_amount(out: str, benefit: str) -> str:
    (row,) = [r for r in out.splitlines()[1:] if r.split("\t")[1] == benefit]
    return row.split("\t")[4]


def test_a_zero_rate_prints_with_its_unit_in_every_view(tmp_path, capsys):
    # 合同利率 2.15%，LPR 3.65%: 2.15% − (3.65% − 1.50%) = 0 → 符合, 贴息 0%
    path = _case(tmp_path, "11_其他人员贴息.yaml", "贷款合同利率: 4.15%", "贷款合同利率: 2.15%")
    b = "其他人员个人创业担保贷款贴息"
    for fmt, sep in (("tsv", "\t"), ("csv", ",")):
        code, out, _ = _run(capsys, "run", str(path), *POLICIES, "--format", fmt, "-b", b)
        assert code == 0
        (row,) = [r for r in out.splitlines()[1:] if b in r]
        assert row.split(sep)[3:5] == ["符合", "0%"]
    code, out, _ = _run(capsys, "run", str(path), *POLICIES, "--json", "-b", b)
    (d,) = [d for d in json.loads(out)["待遇"] if d["待遇"] == b]
    assert d["金额"] == {"值": "0", "单位": "", "显示": "0%"}
    code, out, _ = _run(capsys, "run", str(path), *POLICIES, "--explain", "-b", b)
    assert re.search(r"的部分 = 0%\s", out) and "结果：0%\n" in out.replace(" ", "")
    assert "保留到分" not in out  # a rate is not rounded to 分


def test_a_rate_of_one_or_more_prints_as_a_percentage(tmp_path, capsys):
    # LPR 200% → 合规上限 200% + 50BP = 200.5%; 合同利率 150% ≤ 200.5% → 全额贴息 = 150% (was shown as "1.5")
    path = _case(tmp_path, "09_全额贴息_重点人群.yaml", "贷款合同利率: 3.85%", "贷款合同利率: 150%")
    path.write_text(path.read_text(encoding="utf-8").replace("LPR: 3.65%", "LPR: 200%"), encoding="utf-8")
    code, out, _ = _run(capsys, "run", str(path), *POLICIES, "--format", "tsv", "-b", "个人创业担保贷款全额贴息")
    assert code == 0 and _tsv_amount(out, "个人创业担保贷款全额贴息") == "150%"


def test_the_hint_for_a_bare_rate_is_not_100_times_off(tmp_path, capsys):
    path = _case(tmp_path, "11_其他人员贴息.yaml", "贷款合同利率: 4.15%", "贷款合同利率: 0.0415")
    code, _, err = _run(capsys, "run", str(path), *POLICIES)
    assert code == 2
    block = _located(err, path, "0.0415", "E706")
    assert "即 4.15%" in block and "0.0415 %" not in block


# ── hzdsl screen and population generate read the same domains ──

@pytest.mark.parametrize("header,row,words", [
    ("编号,贷款类别,吸纳重点人群就业人数", "A1,企业,0.5 人", ["列「吸纳重点人群就业人数」", "第 2 行", "0.5 人", "不是整数"]),
    ("编号,贷款类别,吸纳重点人群就业人数", "A1,企业,1.5", ["不是整数"]),
    ("编号,贷款合同利率", "A1,-1%", ["列「贷款合同利率」", "-1%", "为负数"]),
    ("编号,LPR", "A1,-0.5%", ["列「LPR」", "为负数"]),
])
def test_screen_refuses_values_outside_the_domain(tmp_path, capsys, header, row, words):
    pytest.importorskip("duckdb")
    (tmp_path / "bad.csv").write_text(f"{header}\n{row}\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    code, _, err = _run(capsys, "screen", str(tmp_path / "bad.csv"), "--date", "2023-06-30", "--out", str(out))
    assert code == 2 and "[E912]" in err and "提示" in err and "Traceback" not in err
    for w in words:
        assert w in err
    assert not out.exists()


@pytest.mark.parametrize("values,bad_row", [
    (["3", "1.5"], 2),  # half a person (a Parquet file's rows are numbered from 1: no header line)
    (["0.00000001", "2"], 1),  # the least fraction DECIMAL(18, 8) holds
    (["9999999999.5", "0"], 1),  # ten integer digits and a half: the largest values the column holds
    (["7", "40"], None),  # whole
])
def test_screen_refuses_a_fractional_count_in_a_typed_column(tmp_path, capsys, values, bad_row):
    """The whole-number check on a DECIMAL Parquet column (ingest's 64-bit TRUNC test, not the text path):
    计数(人) is whole in 人 (读法 of check/domains.py)."""
    import decimal

    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    pytest.importorskip("duckdb")
    pq.write_table(pa.table({"编号": ["A1", "A2"], "贷款类别": ["企业", "企业"],
                             "吸纳重点人群就业人数": pa.array([decimal.Decimal(v) for v in values], pa.decimal128(18, 8))}),
                   tmp_path / "p.parquet")
    code, _, err = _run(capsys, "screen", str(tmp_path / "p.parquet"), "--date", "2023-06-30", "--json")
    if bad_row is None:
        assert code == 0, err
        return
    assert code == 2 and "[E912]" in err and "不是整数" in err and f"第 {bad_row} 行" in err, err
    assert "Traceback" not in err


def test_screen_accepts_whole_counts_and_zero_rates(tmp_path, capsys):
    pytest.importorskip("duckdb")
    (tmp_path / "ok.csv").write_text("编号,贷款类别,吸纳重点人群就业人数,贷款合同利率\nA1,企业,3,0%\n", encoding="utf-8")
    code, _, err = _run(capsys, "screen", str(tmp_path / "ok.csv"), "--date", "2023-06-30", "--json")
    assert code == 0, err


COUNT_POLICY = """事实 「吸纳人数」：企业 计数(人)。
条款 四 「支持创业担保贷款发展」。
待遇 「示例贷款」(贷款)
    依据「符合条件的小微企业，可申请最高 300 万元企业吸纳就业创业担保贷款」
    读法 1.5 人 “示例：一个非整数的人数字面量，非原文”
    若 「吸纳人数」 超过 1.5 人
    则 300 万元。
"""

def test_population_generate_draws_only_whole_counts(tmp_path):
    pytest.importorskip("duckdb")
    pol = tmp_path / "policies"
    pol.mkdir()
    (pol / "official.txt").write_text((REPO / "policies" / "official.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (pol / "a.policy").write_text(COUNT_POLICY, encoding="utf-8")
    assert main(["check", str(pol)]) == 0
    out = tmp_path / "pop.csv"
    assert main(["population", "generate", "--n", "400", "--seed", "3", "--out", str(out), "-p", str(pol)]) == 0
    values = [r["吸纳人数"] for r in csv.DictReader(out.open(encoding="utf-8")) if r["吸纳人数"]]
    assert len(values) > 300
    numbers = [float(v.split()[0]) for v in values]
    assert all(x == int(x) and x >= 0 for x in numbers), sorted(set(values))
    assert {1.0, 2.0} <= set(numbers)  # the boundary around the literal 1.5 人 is still drawn, as whole people
