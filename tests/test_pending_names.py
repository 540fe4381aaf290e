"""A case's 预期 … 待定事实 names what the engine will say is missing; a name there that is no fact is refused where it
is written (E708, with the did-you-mean hint other unknown names get), by `hzdsl test` and `hzdsl run` alike.

Before, 待定事实: [正常经营时常] (a typo) was compared as written and failed as a mismatch 「预期 正常经营时常，实际 …」 —
or, worse, could never be told apart from a real difference; a benefit's or a term's name there could never match.
What may be written is what the engine lists (render_words.key_word of a missing key): a fact's name, 参数「名」,
历史申领记录, 历史记录中的「字段」 (a fact's name or 金额).
"""
from __future__ import annotations

import pytest

from hzdsl.cli import main

HEAD = "评估日期: 2023-06-30\n事实:\n  毕业时长: 3 年\n预期:\n  一次性创业补贴:\n    结论: 待定\n"


def write_case(tmp_path, pending: str):
    case = tmp_path / "c.yaml"
    case.write_text(HEAD + f"    待定事实: [{pending}]\n", encoding="utf-8")
    return case


def cli(capsys, *argv: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "内部错误" not in out + err
    return code, out + err


@pytest.mark.parametrize("verb", ["test", "run"])
def test_a_misspelt_fact_is_refused_with_a_did_you_mean(tmp_path, capsys, verb):
    case = write_case(tmp_path, "正常经营时常")
    code, out = cli(capsys, verb, str(case))
    assert code == 2, out
    # line 7 「    待定事实: [正常经营时常]」: 4 spaces, 待定事实 (cols 5–8), 「: 」, 「[」 at 11 — the name at column 12
    assert f"{case}:7:12: 错误[E708]: 待定事实中的「正常经营时常」未声明" in out, out
    assert "你是不是想写：「正常经营时长」" in out


@pytest.mark.parametrize("verb", ["test", "run"])
@pytest.mark.parametrize("name,kind", [("一次性创业补贴", "待遇"), ("重点人群", "术语")])
def test_a_declared_name_that_is_no_fact_is_refused_saying_what_it_is(tmp_path, capsys, verb, name, kind):
    code, out = cli(capsys, verb, str(write_case(tmp_path, name)))
    assert code == 2, out
    assert f":7:12: 错误[E708]: 待定事实中的「{name}」是{kind}，不是事实" in out, out


def test_a_parameter_written_bare_is_told_how_the_engine_names_it(tmp_path, capsys):
    code, out = cli(capsys, "test", str(write_case(tmp_path, "LPR")))
    assert code == 2
    assert "待定事实中的「LPR」是参数，不是事实" in out and "参数「LPR」" in out.split("提示：", 1)[1]


@pytest.mark.parametrize("pending,near", [("参数「LRP」", "参数「LPR」"), ("历史记录中的「贷款期间」", "历史记录中的「贷款期限」"),
                                          ("历史申请记录", "历史申领记录")])
def test_a_misspelt_parameter_history_field_or_history_is_refused_with_a_did_you_mean(tmp_path, capsys, pending, near):
    code, out = cli(capsys, "test", str(write_case(tmp_path, pending)))
    assert code == 2, out
    assert f"待定事实中的「{pending}」未声明" in out and f"你是不是想写：「{near}」" in out, out


@pytest.mark.parametrize("pending", ["正常经营时长", "「正常经营时长」", "参数「LPR」", "历史申领记录",
                                     "历史记录中的「贷款期限」", "历史记录中的「金额」", "高质量就业社区(村)认定级别"])
def test_every_name_the_engine_can_list_is_accepted(tmp_path, capsys, pending):
    # accepted means read and compared: the case then fails on its expectation (一次性创业补贴 of a graduate with no
    # firm is not 待定 on these), never on the name — no E708
    code, out = cli(capsys, "test", str(write_case(tmp_path, pending)))
    assert "E708" not in out, out
