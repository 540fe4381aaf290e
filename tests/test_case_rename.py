"""Where a rename edits a project's YAML files (hzdsl/lsp/case_rename.py), on small hand-written files:
a parameter's keys in a --params file, a case's 参数 and 参数文件, 待定事实 items written 参数「…」 and
历史记录中的「…」, a history record's field and 待遇, 「」 around a key, quoting a name that cannot stand plain,
and nothing in 名称, 说明, 算式, comments or other facts whose names contain the old one.
Expected texts are written out by hand."""
from __future__ import annotations

import pytest

pytest.importorskip("lsprotocol")

from hzdsl.lsp.case_rename import applied, read_names, rename_edits  # noqa: E402

CASE = """\
名称: LPR 与贷款期限 # LPR
说明: 参数「LPR」不在此改
评估日期: 2023-06-30
参数文件: ../../params/p.yaml
参数:
  'LPR': 3.65%  # LPR 注释
事实: {贷款期限: 2 年, 「身份」: [高校毕业生]}
历史:
  - {待遇: 「个人创业担保贷款」, 日期: 2022-01-01, 贷款期限: 1 年}
预期:
  个人创业担保贷款: {结论: 待定, 待定事实: [参数「LPR」, 历史记录中的「贷款期限」, 贷款期限], 算式: "贷款期限 ?"}
"""
PARAMS = """\
# 参数「LPR」
参数:
  LPR:  # 一年期
    - {起始: 2023-01-01, 值: 3.65%, 来源: "LPR 公布"}
"""


@pytest.fixture
def project(tmp_path):
    (tmp_path / "tests" / "cases").mkdir(parents=True)
    (tmp_path / "params").mkdir()
    (tmp_path / "tests" / "cases" / "a.yaml").write_text(CASE, encoding="utf-8")
    (tmp_path / "params" / "p.yaml").write_text(PARAMS, encoding="utf-8")
    return tmp_path


def _renamed(project, program, kind, key, new):
    names = read_names(project, program)
    return {f.relative_to(project).as_posix(): applied(names.texts[f], edits)
            for f, edits in rename_edits(names, kind, key, new).items()}


def test_a_parameter_in_cases_pending_lists_and_parameter_files(project, program):
    out = _renamed(project, program, "参数", "LPR", "贷款市场报价利率")
    assert out == {
        "tests/cases/a.yaml": CASE.replace("'LPR': 3.65%", "'贷款市场报价利率': 3.65%")
                                  .replace("[参数「LPR」,", "[参数「贷款市场报价利率」,"),
        "params/p.yaml": PARAMS.replace("  LPR:  #", "  贷款市场报价利率:  #"),
    }


def test_a_fact_as_key_history_field_and_pending_item(project, program):
    out = _renamed(project, program, "事实", "贷款期限", "贷款年限")
    assert out == {"tests/cases/a.yaml": CASE.replace("{贷款期限: 2 年", "{贷款年限: 2 年")
                   .replace("2022-01-01, 贷款期限: 1 年", "2022-01-01, 贷款年限: 1 年")
                   .replace("历史记录中的「贷款期限」, 贷款期限]", "历史记录中的「贷款年限」, 贷款年限]")}


def test_brackets_kept_and_a_name_that_cannot_stand_plain_is_quoted(project, program):
    out = _renamed(project, program, "待遇", "个人创业担保贷款", "个人创业担保贷款（首贷）")
    assert out["tests/cases/a.yaml"] == CASE.replace("{待遇: 「个人创业担保贷款」,", "{待遇: 「个人创业担保贷款（首贷）」,") \
        .replace("\n  个人创业担保贷款: {", "\n  个人创业担保贷款（首贷）: {")
    # a comma or a colon ends a plain scalar in a flow mapping: the whole scalar is written double-quoted
    out = _renamed(project, program, "事实", "身份", "身份, 类别")
    assert out["tests/cases/a.yaml"] == CASE.replace("「身份」: [", '"「身份, 类别」": [')


def test_line_ends_as_written_and_lsp_positions(project, program):
    """A CRLF file keeps its CRLF; the edit's LSP position counts CRLF as one line end and UTF-16 units."""
    from lsprotocol import types as lsp

    from hzdsl.lsp.positions import offset_position

    case = project / "tests" / "cases" / "a.yaml"
    case.write_bytes(CASE.replace("\n", "\r\n").encode("utf-8"))
    names = read_names(project, program)
    [edit] = rename_edits(names, "参数", "LPR", "利率")[case.resolve()][:1]
    text = names.texts[case.resolve()]
    assert applied(text, [edit]).replace("\r\n", "\n") == CASE.replace("'LPR': 3.65%", "'利率': 3.65%")
    assert offset_position(text, edit.start) == lsp.Position(line=5, character=3)
    assert offset_position("𠀀甲\r\n乙𠀀丙", 6) == lsp.Position(line=1, character=3)  # 乙 1 + 𠀀 2 units
