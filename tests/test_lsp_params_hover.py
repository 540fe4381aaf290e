"""Hover over a parameter reads the dated values the project's case files give it, forgivingly: a case
file that is wrong in some other way (validating cases is `hzdsl test`'s job) must not cost the hover.
A file whose 「案例」 is a mapping or a text, not a list, raised TypeError ([data] + a dict): the hover of
every parameter was lost to "hzdsl 内部错误" while that file stayed in the project."""
from __future__ import annotations

import pytest

pytest.importorskip("lsprotocol")

from hzdsl.lsp.params import dated_values  # noqa: E402

GOOD = "名称: 甲\n评估日期: 2023-06-30\n参数:\n  LPR:\n    - {起始: 2023-01-01, 值: 3.65%, 来源: 公告}\n事实: {}\n"


@pytest.mark.parametrize("broken", ["案例: {名称: 乙}\n", "案例: 乙\n", "案例: 3\n", "- 1\n- 2\n",
                                    "参数: [LPR]\n", "参数: {LPR: [3.65%]}\n"])
def test_a_case_file_wrong_elsewhere_leaves_the_hover_of_parameters(tmp_path, broken):
    (tmp_path / "policies").mkdir()
    cases = tmp_path / "tests" / "cases"
    cases.mkdir(parents=True)
    (cases / "a_good.yaml").write_text(GOOD, encoding="utf-8")
    (cases / "b_broken.yaml").write_text(broken, encoding="utf-8")
    [v] = dated_values(tmp_path / "policies", "LPR")
    assert (v.start, v.value, v.source, v.file) == ("2023-01-01", "3.65%", "公告", "tests/cases/a_good.yaml")
