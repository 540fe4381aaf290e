"""`hzdsl run --params FILE` and a parameter the shown benefits do not read (polish s22).

screen --params said W929 (robust s22) for a parameter no screened benefit reads and went on; run --params refused
the same file with E711 (“参数「LPR」在评估日期 … 没有生效的值”) when the case's 评估日期 was before the file's first
LPR entry — though `--benefit 一次性创业补贴` shows one benefit, which reads no LPR. Now run says W929 too, at the
parameter's line in the file, and runs. # 读法：run 的 --benefit/--clause 选出要看的待遇；它们都不读的参数，其值不用，
也不按评估日期检查——与 screen 的 --benefit 相同。A parameter a shown benefit reads is still E711; a name that is
not declared is still E708 with a did-you-mean. polish2 s22: a case's own 参数文件 gets W929 too (it did not: its
value went unused without a word), also pointing at the case's 参数文件 line; run --format json carries each case's
W929 as screen's 「警告」.
"""
from __future__ import annotations

from .conftest import REPO
from hzdsl.cli import main

BUNDLED = str(REPO / "params" / "杭州市参数.yaml")
# params/杭州市参数.yaml: line 11 is 「  LPR:」 — the name at column 3; its first entry starts 2019-08-20
LPR_AT = f"{BUNDLED}:11:3: 警告[W929]"


def cli(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def _case(tmp_path, date="2019-01-01", extra=""):
    case = tmp_path / "c.yaml"
    case.write_text(f"评估日期: {date}\n事实:\n  身份: [高校毕业生]\n  毕业时长: 3 年\n{extra}", encoding="utf-8")
    return str(case)


def test_a_parameter_the_chosen_benefit_does_not_read_is_w929_not_e711(tmp_path, capsys):
    code, out, err = cli(capsys, "run", _case(tmp_path), "--params", BUNDLED, "--benefit", "一次性创业补贴")
    assert code == 0, err
    assert "E711" not in out + err
    assert LPR_AT in err and "参数「LPR」" in err
    assert "一次性创业补贴" in out


def test_a_parameter_a_shown_benefit_reads_is_still_e711(tmp_path, capsys):
    """No --benefit: every benefit is shown, the 贴息 ones read LPR — none in force on 2019-01-01."""
    code, out, err = cli(capsys, "run", _case(tmp_path), "--params", BUNDLED)
    assert code == 2
    assert "E711" in out + err and "W929" not in out + err


def test_clause_selection_counts_as_the_shown_benefits(tmp_path, capsys):
    """条款 三 holds no 贴息: nothing there reads LPR. 条款 四 does (个人创业担保贷款全额贴息 …)."""
    code, out, err = cli(capsys, "run", _case(tmp_path), "--params", BUNDLED, "--clause", "三")
    assert code == 0 and LPR_AT in err
    code, out, err = cli(capsys, "run", _case(tmp_path), "--params", BUNDLED, "--clause", "四")
    assert code == 2 and "E711" in out + err


def test_w929_on_a_date_the_value_is_in_force_too_and_json_carries_it(tmp_path, capsys):
    """run --format json: the warning is in the JSON as screen's 「警告」 (it went to stderr only), stdout stays JSON."""
    import json

    code, out, err = cli(capsys, "run", _case(tmp_path, "2023-06-30"), "--params", BUNDLED, "--benefit", "一次性创业补贴",
                         "--format", "json")
    assert code == 0
    payload = json.loads(out)
    assert payload["警告"] == [{"代码": "W929", "信息": "参数「LPR」没有被所显示的待遇读到，参数文件中它的值未使用（也不按评估日期检查）",
                              "文件": BUNDLED, "行": 11, "提示": payload["警告"][0]["提示"]}]
    assert "个人创业担保贷款" in payload["警告"][0]["提示"]  # a benefit that reads LPR (条款 四)
    assert LPR_AT in err  # still said on stderr, as screen does
    code, out, err = cli(capsys, "run", _case(tmp_path, "2023-06-30"), "--params", BUNDLED, "--benefit", "一次性创业补贴")
    assert code == 0 and LPR_AT in err


def test_run_json_warnings_have_screens_shape(tmp_path, capsys):
    """The same W929 from screen --format json and run --format json: the same key and the same entry."""
    import json

    import pytest

    pytest.importorskip("duckdb")
    pop = tmp_path / "p.csv"
    pop.write_text("编号,评估日期,身份,毕业时长\nA,2023-06-30,高校毕业生,3 年\n", encoding="utf-8")
    code, out, _ = cli(capsys, "screen", str(pop), "--params", BUNDLED, "--benefit", "一次性创业补贴", "--format", "json")
    assert code == 0
    screened = json.loads(out)["警告"]
    code, out, _ = cli(capsys, "run", _case(tmp_path, "2023-06-30"), "--params", BUNDLED, "--benefit", "一次性创业补贴",
                       "--format", "json")
    assert code == 0
    ran = json.loads(out)["警告"]
    assert [sorted(w) for w in ran] == [sorted(w) for w in screened]
    assert [(w["代码"], w["文件"], w["行"]) for w in ran] == [(w["代码"], w["文件"], w["行"]) for w in screened]


def test_run_json_has_no_warning_key_without_a_warning(tmp_path, capsys):
    import json

    code, out, err = cli(capsys, "run", _case(tmp_path, "2023-06-30"), "--params", BUNDLED, "--format", "json")
    assert code == 0 and "警告" not in json.loads(out)


def test_run_json_of_several_cases_carries_each_cases_warnings(tmp_path, capsys):
    """A file of several cases is a JSON list, one object per case: each carries the warnings about what it read —
    the --params file concerns both; the 参数文件 only the second names concerns only that one."""
    import json

    own = tmp_path / "own.yaml"
    own.write_text("参数:\n  最低月工资标准: 2280 元/月\n", encoding="utf-8")
    case = tmp_path / "cs.yaml"
    case.write_text("评估日期: 2023-06-30\n事实:\n  身份: [高校毕业生]\n案例:\n  - 名称: 甲\n  - 名称: 乙\n"
                    "    参数文件: own.yaml\n", encoding="utf-8")
    code, out, err = cli(capsys, "run", str(case), "--params", BUNDLED, "--benefit", "一次性创业补贴", "--format", "json")
    assert code == 0, err
    first, second = json.loads(out)
    assert [(w["文件"], w["行"]) for w in first["警告"]] == [(BUNDLED, 11)]
    assert [(w["文件"], w["行"]) for w in second["警告"]] == [(BUNDLED, 11), (str(own), 2)]


def test_no_w929_when_every_benefit_is_shown(tmp_path, capsys):
    """The bundled file names only LPR, which the 贴息 benefits read: a plain run warns about nothing."""
    code, out, err = cli(capsys, "run", _case(tmp_path, "2023-06-30"), "--params", BUNDLED)
    assert code == 0 and "W929" not in out + err


def test_a_case_files_own_parameter_file_gets_w929_naming_the_case_line(tmp_path, capsys):
    """# 读法（polish2 s22）：案例自己的「参数文件」里，所显示的待遇都不读的参数同样报 W929——起草人写进文件的值没有被用到，
    与命令行 --params 一样要说一声；警告指在参数文件中那一行，并指出案例中写「参数文件」的那一行。The value is still
    neither used nor checked at the case's date (no E711 on 2019-01-01, before the file's first LPR)."""
    case = _case(tmp_path, extra=f"参数文件: {BUNDLED}\n")
    code, out, err = cli(capsys, "run", case, "--benefit", "一次性创业补贴")
    assert code == 0, out + err
    assert "E711" not in out + err
    assert LPR_AT in err and err.count("W929") == 1
    # line 5 is 「参数文件: …」: the path starts after 「参数文件: 」 (6 characters), at column 7
    assert f"案例指定的参数文件：{case}:5:7" in err


def test_a_case_files_own_parameter_file_read_by_a_shown_benefit_gets_no_w929(tmp_path, capsys):
    case = _case(tmp_path, "2023-06-30", extra=f"参数文件: {BUNDLED}\n")
    code, out, err = cli(capsys, "run", case)
    assert code == 0 and "W929" not in out + err


def test_one_file_given_twice_is_warned_about_once(tmp_path, capsys):
    """The same file as --params and as the case's own 参数文件: one W929, pointing at the case's line too."""
    case = _case(tmp_path, "2023-06-30", extra=f"参数文件: {BUNDLED}\n")
    code, out, err = cli(capsys, "run", case, "--params", BUNDLED, "--benefit", "一次性创业补贴")
    assert code == 0 and err.count("W929") == 1 and LPR_AT in err and f"{case}:5:7" in err


def test_cases_sharing_a_parameter_file_get_one_w929(tmp_path, capsys):
    case = tmp_path / "cs.yaml"
    case.write_text(f"评估日期: 2023-06-30\n参数文件: {BUNDLED}\n事实:\n  身份: [高校毕业生]\n案例:\n  - 名称: 甲\n"
                    "  - 名称: 乙\n", encoding="utf-8")
    code, out, err = cli(capsys, "run", str(case), "--benefit", "一次性创业补贴")
    assert code == 0, err
    assert err.count("W929") == 1 and LPR_AT in err and f"{case}:2:7" in err


def test_an_undeclared_parameter_is_e708_with_a_did_you_mean(tmp_path, capsys):
    bad = tmp_path / "p.yaml"
    bad.write_text("参数:\n  LRP: 3.45%\n", encoding="utf-8")
    code, out, err = cli(capsys, "run", _case(tmp_path, "2023-06-30"), "--params", str(bad), "--benefit", "一次性创业补贴")
    assert code == 2
    assert f"{bad}:2:3: 错误[E708]: 未声明的参数「LRP」" in out + err and "你是不是想写：「LPR」" in out + err
