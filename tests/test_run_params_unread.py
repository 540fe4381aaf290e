"""`hzdsl run --params FILE` and a parameter the shown benefits do not read (polish s22).

screen --params said W929 (robust s22) for a parameter no screened benefit reads and went on; run --params refused
the same file with E711 (“参数「LPR」在评估日期 … 没有生效的值”) when the case's 评估日期 was before the file's first
LPR entry — though `--benefit 一次性创业补贴` shows one benefit, which reads no LPR. Now run says W929 too, at the
parameter's line in the file, and runs. # 读法：run 的 --benefit/--clause 选出要看的待遇；它们都不读的参数，其值不用，
也不按评估日期检查——与 screen 的 --benefit 相同。A parameter a shown benefit reads is still E711; a name that is
not declared is still E708 with a did-you-mean; a case's own 参数文件 is no file this command was given: no W929.
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


def test_w929_on_a_date_the_value_is_in_force_too_and_json_stays_clean(tmp_path, capsys):
    import json

    code, out, err = cli(capsys, "run", _case(tmp_path, "2023-06-30"), "--params", BUNDLED, "--benefit", "一次性创业补贴",
                         "--format", "json")
    assert code == 0
    json.loads(out)  # the warning is not in the JSON on stdout
    code, out, err = cli(capsys, "run", _case(tmp_path, "2023-06-30"), "--params", BUNDLED, "--benefit", "一次性创业补贴")
    assert code == 0 and LPR_AT in err


def test_no_w929_when_every_benefit_is_shown(tmp_path, capsys):
    """The bundled file names only LPR, which the 贴息 benefits read: a plain run warns about nothing."""
    code, out, err = cli(capsys, "run", _case(tmp_path, "2023-06-30"), "--params", BUNDLED)
    assert code == 0 and "W929" not in out + err


def test_a_case_files_own_parameter_file_gets_no_w929_and_no_e711_for_an_unread_parameter(tmp_path, capsys):
    case = _case(tmp_path, extra=f"参数文件: {BUNDLED}\n")
    code, out, err = cli(capsys, "run", case, "--benefit", "一次性创业补贴")
    assert code == 0, out + err
    assert "W929" not in out + err and "E711" not in out + err


def test_an_undeclared_parameter_is_e708_with_a_did_you_mean(tmp_path, capsys):
    bad = tmp_path / "p.yaml"
    bad.write_text("参数:\n  LRP: 3.45%\n", encoding="utf-8")
    code, out, err = cli(capsys, "run", _case(tmp_path, "2023-06-30"), "--params", str(bad), "--benefit", "一次性创业补贴")
    assert code == 2
    assert f"{bad}:2:3: 错误[E708]: 未声明的参数「LRP」" in out + err and "你是不是想写：「LPR」" in out + err
