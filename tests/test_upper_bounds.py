"""Per-fact upper bounds: `上限 X` in a fact or parameter declaration (grammar → checker → IR → every reader).

读法 (policies/c08.policy, policies/c05.policy, hzdsl/check/domains.py):
- 「留用率」 is the share of 见习学员 that “在见习期满后被见习训练基地正式录（聘）用的” — a part of the trainees,
  so by definition at most 100%: `事实 「留用率」：基地 比率 上限 100%`.
- 「本期租金补贴天数」 lies in one 补贴年度 (“补贴标准第 1年 1元/平方米·天，第 2、3 年 0.5 元/平方米·天”; each claim
  within one year, c05's 读法（期限）), and a year has at most 366 days: `上限 366 天`.
A value above the bound is a typing slip: a case is refused (E732, run/test/serve), a population row too (E912
form `above_upper`), and the generator never draws one. A value AT the bound is accepted; the amounts below
are worked out by hand from the official text:
- 见习学员生活补贴 with 评估合格 and 留用率 100% (≥ 50%): 2280 元/月 × 80% × 6 个月 = 1824 × 6 = 10944 元;
- 创业陪跑空间内场地租金补贴, 40 平方米 (< 50), 2.5 元/平方米·天 (< 3), 366 天: 40 × 2.5 × 366 = 36600 元.
"""
from __future__ import annotations

import csv
import json
import shutil
import urllib.error
import urllib.request
from fractions import Fraction

import pytest

from hzdsl.cli import main
from hzdsl.ir import ir_of

from .conftest import CASES, POLICIES

C05_CASE = CASES / "c05" / "02_陪跑空间内场地租金补贴.yaml"
C08_CASE = CASES / "c08" / "04_见习学员生活补贴.yaml"


def _run(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def _at(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """1-based line and column of the `nth` occurrence of `needle` in `text` (worked out from the text itself)."""
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(needle, pos + 1)
    return text.count("\n", 0, pos) + 1, pos - (text.rfind("\n", 0, pos) + 1) + 1


def _block(err: str, where: str, code: str) -> str:
    """The diagnostic printed at `where` (file:line:col:), which must be `code` with a 提示 and no traceback."""
    assert where in err, err
    block = err[err.index(where):]
    assert f"[{code}]" in block.splitlines()[0], block
    assert "提示：" in block and "Traceback" not in err
    return block


# ── the checker ──────────────────────────────────────────────────────────────────────────────

CLAUSE = "条款 八 「促进高校毕业生就业」。\n"


@pytest.mark.parametrize("decl, bound, code, words", [
    ("事实 「甲」：个人 布尔 上限 1。", "1", "E220", "「甲」是布尔类型，不能写上限"),
    ("事实 「甲」：个人 日期 上限 2023 年 1 月 1 日。", None, "", ""),  # a date is not a quantity: E1xx syntax
    ("事实 「甲」：个人 时长(天) 上限 1 年。", "1 年", "E221", "「甲」的上限 1 年 不能换算为声明的单位（天）"),
    ("事实 「甲」：个人 金额 上限 12 个月。", "12 个月", "E221", "「甲」的上限 12 个月 不能换算为声明的单位（元）"),
    ("参数 「甲」：比率 上限 3 元。", "3 元", "E221", "「甲」的上限 3 元 不能换算为声明的单位（%）"),
    ("事实 「甲」：个人 计数(人) 上限 2.5 人。", "2.5 人", "E222", "「甲」是计数，上限 2.5 人 不是整数"),
    ("事实 「甲」：基地 金额(万元) 上限 8 万元 取值 5 万元、10 万元。", "10 万元", "E223",
     "「甲」的取值 10 万元 超过它的上限 8 万元"),
    ("事实 「甲」：基地 比率 上限 -100%。", "-100%", "E224", "「甲」的上限 -100% 低于比率类型的下限 0"),
    ("事实 「甲」：个人 时长(天) 上限 - 1 天。", "- 1 天", "E224", "「甲」的上限 -1 天 低于时长类型的下限 0"),
])
def test_a_bound_that_does_not_fit_its_declaration_is_an_error(tmp_path, capsys, decl, bound, code, words):
    folder = tmp_path / "p"
    folder.mkdir()
    shutil.copy(POLICIES / "official.txt", folder / "official.txt")
    text = CLAUSE + decl + "\n"
    (folder / "p.policy").write_text(text, encoding="utf-8")
    status, out, err = _run(capsys, "check", folder)
    if bound is None:
        assert status == 1 and "[E1" in err and "Traceback" not in err
        return
    line, col = _at(text, bound, nth=text[:text.index("上限")].count(bound))
    block = _block(err, f"{folder / 'p.policy'}:{line}:{col}:", code)
    assert status == 1 and words in block.splitlines()[0]


def test_a_plain_number_may_have_a_negative_bound(tmp_path, capsys):
    """数 has no lower bound (check/domains.py), so 上限 -3 is a bound: -3 is accepted, -2 refused."""
    folder = tmp_path / "p"
    folder.mkdir()
    shutil.copy(POLICIES / "official.txt", folder / "official.txt")
    (folder / "p.policy").write_text(
        "条款 三 「加大创业资金扶持力度」。\n事实 「差额」：企业 数 上限 -3。\n"
        "待遇 「一次性创业补贴」(补贴)\n    依据「正常经营 6 个月，可按规定申领 3000 元的一次性创业补贴」\n"
        "    读法 0 “测试用的条件”\n    若 「差额」 < 0\n    则 3000 元，一次性。\n", encoding="utf-8")
    assert _run(capsys, "check", folder)[0] == 0
    case = tmp_path / "c.yaml"
    for value, code in [("-3", 0), ("-2", 2)]:
        case.write_text(f"评估日期: 2023-06-30\n事实: {{差额: {value}}}\n", encoding="utf-8")
        status, out, err = _run(capsys, "run", case, "-p", folder, "--format", "tsv")
        assert status == code, out + err
        assert ("3000" in out) if code == 0 else "「差额」的值「-2」超过上限 -3" in err


def test_a_bound_in_a_unit_that_converts_is_read_in_base_units(tmp_path):
    """上限 1 年 on a 时长(个月) fact is 12 个月; 上限 1.5 万元 on 金额(元) is 15000 元; 上限 6 人 on 计数 is whole."""
    from .conftest import inline_program

    prog = ir_of(inline_program(tmp_path, CLAUSE + "事实 「甲」：个人 时长(个月) 上限 1 年。\n"
                                "参数 「乙」：金额 上限 1.5 万元。\n事实 「丙」：单位 计数 上限 6 人。\n"
                                "事实 「丁」：个人 时长(个月)。\n"))
    assert prog.facts["甲"].upper.value == 12
    assert prog.params["乙"].upper.value == 15000
    assert prog.facts["丙"].upper.value == 6
    assert prog.facts["丁"].upper is None


def test_the_two_bounds_of_the_policy_reach_the_ir(loaded):
    prog = ir_of(loaded.program)
    # 100% is the fraction 1; 366 天 is 366 in the base unit 天
    assert prog.facts["留用率"].upper.value == Fraction(1) and prog.facts["留用率"].upper.dim == ()
    assert prog.facts["本期租金补贴天数"].upper.value == 366
    assert prog.facts["本期租金补贴天数"].upper.dim == prog.facts["本期租金补贴天数"].type.dim
    assert [k for k, f in prog.facts.items() if f.upper is not None] == ["本期租金补贴天数", "留用率"]


# ── case files: run, test, serve ─────────────────────────────────────────────────────────────

def _edited(tmp_path, source, old: str, new: str, name: str = "case.yaml"):
    text = source.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("source, old, new, value, bound", [
    (C08_CASE, "留用率: 75%", "留用率: 150%", "150%", "100%"),
    (C08_CASE, "留用率: 75%", "留用率: 100.01%", "100.01%", "100%"),
    (C05_CASE, "本期租金补贴天数: 90 天", "本期租金补贴天数: 400 天", "400 天", "366 天"),
    (C05_CASE, "本期租金补贴天数: 90 天", "本期租金补贴天数: 367 天", "367 天", "366 天"),
])
def test_run_refuses_a_value_above_the_bound_at_its_place(tmp_path, capsys, source, old, new, value, bound):
    path = _edited(tmp_path, source, old, new)
    code, out, err = _run(capsys, "run", path, "-p", POLICIES)
    assert code == 2 and "元" not in out  # refused: no amount computed from 150% retained
    line, col = _at(path.read_text(encoding="utf-8"), value)
    block = _block(err, f"{path}:{line}:{col}:", "E732")
    name = "留用率" if "留用率" in old else "本期租金补贴天数"
    assert f"「{name}」的值「{value}」超过上限 {bound}" in block.splitlines()[0]


def test_run_accepts_the_bound_itself(tmp_path, capsys):
    """The hand-worked cases at the bound (tests/cases/c08/04, c05/02) give their amounts: 10944 元, 36600 元."""
    code, out, err = _run(capsys, "test", C08_CASE, C05_CASE, "-p", POLICIES)
    assert code == 0, out + err
    path = _edited(tmp_path, C08_CASE, "留用率: 75%, 见习时长: 5 个月", "留用率: 100%, 见习时长: 6 个月")
    code, out, err = _run(capsys, "run", path, "-p", POLICIES, "--format", "tsv", "-b", "见习学员生活补贴")
    assert code == 0 and "10944" in out, out + err


def _bounded_wage_policies(tmp_path):
    """A scratch policy folder: 「最低月工资标准」 上限 10000 元/月, read by 见习学员生活补贴 (× 70%)."""
    folder = tmp_path / "p"
    folder.mkdir()
    shutil.copy(POLICIES / "official.txt", folder / "official.txt")
    (folder / "p.policy").write_text(
        CLAUSE + "参数 「最低月工资标准」：金额(元/月) 上限 10000 元/月。\n事实 「见习基地」：基地 布尔。\n"
        "待遇 「见习学员生活补贴」(补贴)\n    依据「可按当地最低月工资标准的 70%申领见习学员生活补贴」\n"
        "    若 「见习基地」\n    则 「最低月工资标准」 × 70%。\n", encoding="utf-8")
    return folder


def test_a_dated_parameter_above_its_bound_is_refused(tmp_path, capsys):
    folder = _bounded_wage_policies(tmp_path)
    case = tmp_path / "c.yaml"
    text = ("评估日期: 2023-06-30\n事实: {见习基地: 是}\n参数:\n  最低月工资标准:\n"
            "    - {起始: 2021-08-01, 值: 2280 元/月}\n    - {起始: 2023-01-01, 值: 22800 元/月}\n")
    case.write_text(text, encoding="utf-8")
    code, out, err = _run(capsys, "run", case, "-p", folder)
    line, col = _at(text, "22800 元/月")
    block = _block(err, f"{case}:{line}:{col}:", "E732")
    assert code == 2 and "「最低月工资标准」的值「22800 元/月」超过上限 10000 元/月" in block
    case.write_text(text.replace("22800", "10000"), encoding="utf-8")  # at the bound: 10000 × 70% = 7000 元
    code, out, err = _run(capsys, "run", case, "-p", folder, "--format", "tsv")
    assert code == 0 and "7000" in out, out + err


def test_screen_refuses_a_parameter_above_its_bound_from_params_or_a_column(tmp_path, capsys):
    pytest.importorskip("duckdb")
    folder = _bounded_wage_policies(tmp_path)
    params = tmp_path / "params.yaml"
    text = "参数:\n  最低月工资标准:\n    - {起始: 2021-08-01, 值: 22800 元/月}\n"
    params.write_text(text, encoding="utf-8")
    pop = tmp_path / "pop.csv"
    pop.write_text("编号,评估日期,见习基地\nA,2023-06-30,是\n", encoding="utf-8")
    code, out, err = _run(capsys, "screen", pop, "-p", folder, "--params", params)
    line, col = _at(text, "22800 元/月")
    assert code == 2 and "「最低月工资标准」的值「22800 元/月」超过上限 10000 元/月" in _block(err, f"{params}:{line}:{col}:", "E732")
    pop.write_text("编号,评估日期,见习基地,最低月工资标准\nA,2023-06-30,是,10000 元/月\nB,2023-06-30,是,22800 元/月\n",
                   encoding="utf-8")
    code, out, err = _run(capsys, "screen", pop, "-p", folder)
    assert code == 2 and "列「最低月工资标准」第 3 行的值「22800 元/月」超过上限 10000 元/月" in err, err


def test_hzdsl_test_refuses_the_case_file_too(tmp_path, capsys):
    path = _edited(tmp_path, C08_CASE, "留用率: 75%", "留用率: 101%")
    code, out, err = _run(capsys, "test", path, "-p", POLICIES)
    assert code == 2 and "[E732]" in err + out and "「留用率」的值「101%」超过上限 100%" in err + out


def test_serve_answers_400_with_e732(loaded):
    from .web_support import live_server

    body = C08_CASE.read_text(encoding="utf-8").replace("留用率: 75%", "留用率: 150%").encode()
    with live_server(loaded) as url:
        req = urllib.request.Request(f"{url}/api/run?name=c08.yaml", data=body, method="POST")
        req.add_header("Content-Type", "application/yaml")
        with pytest.raises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(req, timeout=60)
        status, payload = e.value.code, json.loads(e.value.read())
        ok = urllib.request.Request(f"{url}/api/run?name=c08.yaml", data=body.replace("150%".encode(), b"100%"),
                                    method="POST")
        ok.add_header("Content-Type", "application/yaml")
        with urllib.request.urlopen(ok, timeout=60) as r:
            assert r.status == 200
    assert status == 400
    (err,) = payload["错误"]
    assert err["code"] == "E732" and "「留用率」的值「150%」超过上限 100%" in err["message"] and err["hint"]


# ── screen and population generate ───────────────────────────────────────────────────────────

HEAD = "编号,评估日期,身份,毕业时长,创办经营实体,经营实体场地,场地租赁面积,场地实际租金,本期租金补贴天数,场地租金补贴年度,留用率\n"
ROW = "{id},2023-06-30,高校毕业生,2 年,是,入驻创业陪跑空间,40 平方米,2.5 元/平方米·天,{days},1,{rate}\n"


def test_screen_accepts_the_bound_and_computes_with_it(tmp_path, capsys):
    pytest.importorskip("duckdb")
    pop = tmp_path / "pop.csv"
    pop.write_text(HEAD + ROW.format(id="A", days="366 天", rate="100%") + ROW.format(id="B", days="365 天", rate="0%"),
                   encoding="utf-8")
    out = tmp_path / "res.csv"
    code, _, err = _run(capsys, "screen", pop, "-p", POLICIES, "--out", out)
    assert code == 0, err
    with open(out, encoding="utf-8") as f:
        amounts = {r["编号"]: r["金额"] for r in csv.DictReader(f) if r["待遇"] == "创业陪跑空间内场地租金补贴"}
    assert amounts == {"A": "36600.00", "B": "36500.00"}  # 40 × 2.5 × 366, 40 × 2.5 × 365


@pytest.mark.parametrize("header, cell, column, bound", [
    ("本期租金补贴天数", "367 天", "本期租金补贴天数", "366 天"),
    ("本期租金补贴天数", "1.1 年", None, None),  # 年 and 天 do not convert: the unit form, not the bound
    ("留用率", "100.01%", "留用率", "100%"),
    ("留用率", "150%", "留用率", "100%"),
])
def test_screen_refuses_a_text_cell_above_the_bound_naming_column_and_row(tmp_path, capsys, header, cell, column, bound):
    pytest.importorskip("duckdb")
    pop = tmp_path / "pop.csv"
    rows = [ROW.format(id="A", days="366 天", rate="100%"), ROW.format(id="B", days="30 天", rate="50%")]
    rows[1] = rows[1].replace("30 天" if header == "本期租金补贴天数" else "50%", cell)
    text = HEAD + "".join(rows)
    pop.write_text(text, encoding="utf-8")
    code, out, err = _run(capsys, "screen", pop, "-p", POLICIES)
    assert code == 2 and "Traceback" not in err
    if column is None:
        assert "[E912]" in err and "单位不对" in err
        return
    line, col = _at(text, cell)
    block = _block(err, f"{pop}:{line}:{col}:", "E912")
    assert f"列「{column}」第 3 行的值「{cell}」超过上限 {bound}" in block.splitlines()[0]


@pytest.mark.parametrize("header, good, bad, column, bound", [
    ("本期租金补贴天数", "366", "367", "本期租金补贴天数", "366 天"),      # an INTEGER column in the declared unit
    ("留用率（%）", "100", "100.5", "留用率（%）", "100%"),              # a numeric column, unit in the header
])
def test_screen_refuses_a_numeric_cell_above_the_bound(tmp_path, capsys, header, good, bad, column, bound):
    pytest.importorskip("duckdb")
    pop = tmp_path / "pop.csv"
    text = f"编号,评估日期,{header}\nA,2023-06-30,{good}\nB,2023-06-30,{bad}\n"
    pop.write_text(text, encoding="utf-8")
    code, out, err = _run(capsys, "screen", pop, "-p", POLICIES)
    assert code == 2, out + err
    assert f"[E912]" in err and f"列「{column}」第 3 行的值「{bad}" in err and f"超过上限 {bound}" in err, err
    pop.write_text(text.replace(f"B,2023-06-30,{bad}", f"B,2023-06-30,{good}"), encoding="utf-8")
    code, out, err = _run(capsys, "screen", pop, "-p", POLICIES)
    assert code == 0, err


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_population_generate_draws_within_the_bounds_and_reaches_them(tmp_path, capsys, fmt):
    duckdb = pytest.importorskip("duckdb")
    out = tmp_path / f"pop.{fmt}"
    assert main(["population", "generate", "--n", "3000", "--seed", "7", "--out", str(out), "-p", str(POLICIES)]) == 0
    capsys.readouterr()
    con = duckdb.connect()
    if fmt == "csv":
        rows = con.execute(f"SELECT \"留用率\", \"本期租金补贴天数\" FROM read_csv('{out}', all_varchar=true)").fetchall()
        rates = [Fraction(r[0].rstrip("%")) / 100 for r in rows if r[0]]
        days = [int(r[1].removesuffix(" 天")) for r in rows if r[1]]
    else:
        rows = con.execute(f"SELECT \"留用率（%）\", \"本期租金补贴天数（天）\" FROM '{out}'").fetchall()
        rates = [Fraction(r[0]) / 100 for r in rows if r[0] is not None]
        days = [int(r[1]) for r in rows if r[1] is not None]
    assert rates and days
    assert max(rates) == 1 and max(days) == 366  # the bound is drawn (a boundary value) and never exceeded
    assert Fraction(9999, 10000) in rates and 365 in days  # one step below it too
    code, _, err = _run(capsys, "screen", out, "-p", POLICIES)
    assert code == 0, err  # what generate writes, screen reads


# ── diff ─────────────────────────────────────────────────────────────────────────────────────

def test_diff_shows_a_changed_added_or_removed_bound_as_a_semantic_change(tmp_path):
    from hzdsl.review.diff import diff_modules
    from hzdsl.review.versions import load, resolve

    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(POLICIES, old)
    shutil.copytree(POLICIES, new)
    for name, a, b in [("c08.policy", "比率 上限 100%，", "比率 上限 120%，"),
                       ("c05.policy", "时长(天) 上限 366 天，", "时长(天)，"),
                       ("c05.policy", "「场地租赁面积」：个人 面积，", "「场地租赁面积」：个人 面积 上限 1000 平方米，")]:
        text = (new / name).read_text(encoding="utf-8")
        assert a in text
        (new / name).write_text(text.replace(a, b), encoding="utf-8")
    versions = [load(resolve(str(v))) for v in (old, new)]
    assert not any(v.errors for v in versions)
    sem = diff_modules(versions[0].modules, versions[1].modules, versions[1].program, versions[0].program)
    changes = {d.name: [(c.what, c.action, c.old, c.new) for c in d.changes] for d in sem.decls}
    assert changes == {"「留用率」": [("上限", "变更", "100%", "120%")],
                       "「本期租金补贴天数」": [("上限", "删除", "366 天", "")],
                       "「场地租赁面积」": [("上限", "新增", "", "1000 平方米")]}
    # the same bound written with other spacing is no change
    text = (old / "c08.policy").read_text(encoding="utf-8")
    (old / "c08.policy").write_text(text.replace("比率 上限 100%，", "比率  上限100 %，"), encoding="utf-8")
    again = load(resolve(str(old)))
    assert not diff_modules(versions[0].modules, again.modules, again.program, versions[0].program).decls


def test_generate_caps_the_free_draws_at_a_bound_below_twice_the_largest_literal(tmp_path, capsys):
    """The free draws go up to 2 × the largest literal + 10 steps (6 个月 → 22 个月); a bound of 7 个月 caps them."""
    duckdb = pytest.importorskip("duckdb")
    folder = tmp_path / "p"
    folder.mkdir()
    shutil.copy(POLICIES / "official.txt", folder / "official.txt")
    (folder / "p.policy").write_text(
        "条款 三 「加大创业资金扶持力度」。\n事实 「正常经营时长」：企业 时长(个月) 上限 7 个月。\n"
        "待遇 「一次性创业补贴」(补贴)\n    依据「正常经营 6 个月，可按规定申领 3000 元的一次性创业补贴」\n"
        "    若 「正常经营时长」 满 6 个月\n    则 3000 元，一次性。\n", encoding="utf-8")
    out = tmp_path / "pop.csv"
    assert main(["population", "generate", "--n", "2000", "--seed", "3", "--out", str(out), "-p", str(folder)]) == 0
    capsys.readouterr()
    months = [int(r[0].removesuffix(" 个月")) for r in duckdb.connect().execute(
        f"SELECT \"正常经营时长\" FROM read_csv('{out}', all_varchar=true)").fetchall() if r[0]]
    assert max(months) == 7 and set(months) == set(range(8))  # 0 … 7 个月, every whole month, none above


# ── z3 ───────────────────────────────────────────────────────────────────────────────────────

def test_the_solver_assumes_what_the_loader_enforces(loaded):
    """An input above its 上限 is outside the universe z3 searches (a witness case would be refused, E732):
    留用率 150% and 367 天 are impossible; 100% and 366 天 are possible."""
    z3 = pytest.importorskip("z3")
    from hzdsl.backends.smt.values import Universe, real

    prog = ir_of(loaded.program)
    u = Universe()
    rate, days = u.input(prog, "留用率"), u.input(prog, "本期租金补贴天数")

    def possible(*goal) -> bool:
        s = z3.Solver(ctx=u.ctx)
        s.add(*u.constraints, *goal)
        return s.check() == z3.sat

    assert possible(rate.value == real(1, u.ctx), days.value == real(366, u.ctx))
    assert not possible(rate.value == real(Fraction(3, 2), u.ctx))
    assert not possible(days.value == real(367, u.ctx))
    assert possible(u.input(prog, "场地租赁面积").value == real(10 ** 6, u.ctx))  # no bound declared: unbounded


# ── the case strategies of the property tests ────────────────────────────────────────────────

def test_the_case_strategies_draw_within_the_bounds_and_reach_them(loaded):
    """Property tests build cases without the loader: they must not test the engine on 150% retained.
    留用率 is also a rate fact the factory sets to LPR ± a literal offset (80% + 8% > 100%): capped too."""
    from hypothesis import HealthCheck, find, given, settings

    from hzdsl.testing.strategies import CaseFactory

    f = CaseFactory(loaded.program)
    assert find(f.fact("留用率"), lambda q: q.value == 1).value == 1  # the bound itself is drawn
    assert find(f.fact("本期租金补贴天数"), lambda q: q.value == 366).value == 366
    from hzdsl.units import Q

    assert "LPR" in f.rate_params and "留用率" in f.rate_facts
    params = {"LPR": Q(Fraction(8, 100))}  # the largest LPR the factory draws

    @settings(max_examples=300, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(f.facts(params, focus=("见习学员生活补贴", "创业陪跑空间内场地租金补贴")), f.fact("留用率"),
           f.fact("本期租金补贴天数"))
    def within(facts, rate, days):
        assert rate.value <= 1 and days.value <= 366
        assert facts.get("留用率") is None or facts["留用率"].value <= 1, facts["留用率"]

    within()


@pytest.mark.parametrize("bound, cell, refused", [
    ("上限 99999999999999", "7", False),  # beyond DECIMAL(18, 8): every screened value is below it
    ("上限 - 99999999999", "-5", True),  # below −10^10: every value is above it (数 has no lower bound)
    ("上限 - 8", "-8", False),
    ("上限 - 8", "-7.5", True),
])
def test_screen_reads_bounds_beyond_the_column_type(tmp_path, capsys, bound, cell, refused):
    """A bound the typed column cannot hold as a literal was an internal error (exit 3, DuckDB ConversionException)."""
    pytest.importorskip("duckdb")
    folder = tmp_path / "p"
    folder.mkdir()
    shutil.copy(POLICIES / "official.txt", folder / "official.txt")
    (folder / "p.policy").write_text(
        f"条款 三 「加大创业资金扶持力度」。\n事实 「差额」：企业 数 {bound}。\n"
        "待遇 「一次性创业补贴」(补贴)\n    依据「正常经营 6 个月，可按规定申领 3000 元的一次性创业补贴」\n"
        "    读法 0 “测试用的条件”\n    若 「差额」 < 0\n    则 3000 元，一次性。\n", encoding="utf-8")
    assert _run(capsys, "check", folder)[0] == 0
    pop = tmp_path / "pop.csv"
    pop.write_text(f"编号,评估日期,差额\nA,2023-06-30,{cell}\n", encoding="utf-8")
    code, out, err = _run(capsys, "screen", pop, "-p", folder)
    assert code == (2 if refused else 0), out + err
    assert ("超过上限" in err) == refused and "内部错误" not in err
    for fmt in ("csv", "parquet"):  # what generate writes under such a bound, screen reads
        made = tmp_path / f"made.{fmt}"
        code, out, err = _run(capsys, "population", "generate", "--n", "300", "--seed", "1", "--out", made, "-p", folder)
        assert code == 0, out + err
        code, out, err = _run(capsys, "screen", made, "-p", folder)
        assert code == 0, out + err
    from hzdsl.loader import load_policies
    from hzdsl.testing.strategies import CaseFactory
    from hypothesis import find
    from hypothesis.errors import NoSuchExample

    upper = ir_of(load_policies([folder]).program).facts["差额"].upper.value
    strategy = CaseFactory(load_policies([folder]).program).fact("差额")
    assert find(strategy, lambda q: q.value == upper).value == upper  # the bound is drawn …
    with pytest.raises(NoSuchExample):
        find(strategy, lambda q: q.value > upper)  # … and nothing above it
