"""Hover over a parameter reads the dated values the project's case files give it, forgivingly: a case
file that is wrong in some other way (validating cases is `hzdsl test`'s job) must not cost the hover.
A file whose 「案例」 is a mapping or a text, not a list, raised TypeError ([data] + a dict): the hover of
every parameter was lost to "hzdsl 内部错误" while that file stayed in the project."""
from __future__ import annotations

import os

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


def _project(tmp_path, text):
    (tmp_path / "policies").mkdir(exist_ok=True)
    cases = tmp_path / "tests" / "cases"
    cases.mkdir(parents=True, exist_ok=True)
    (cases / "a.yaml").write_text(text, encoding="utf-8")
    return cases / "a.yaml"


def test_an_edited_case_file_is_read_again(tmp_path):
    """The values were read once per server (lru_cache on the project): an edit was not seen until a restart."""
    case = _project(tmp_path, GOOD)
    assert [v.value for v in dated_values(tmp_path / "policies", "LPR")] == ["3.65%"]
    case.write_text(GOOD.replace("3.65%", "3.5%"), encoding="utf-8")  # another size
    assert [v.value for v in dated_values(tmp_path / "policies", "LPR")] == ["3.5%"]
    (case.parent / "b.yaml").write_text(GOOD.replace("2023-01-01, 值: 3.65%", "2023-05-01, 值: 3.55%"), encoding="utf-8")
    assert [v.value for v in dated_values(tmp_path / "policies", "LPR")] == ["3.5%", "3.55%"]


def test_a_change_the_file_times_cannot_show_is_seen_once_the_server_is_told(tmp_path):
    """Same size, same modification time (a coarse clock, a copy keeping times): the editor's notification
    (didChangeWatchedFiles, didSave) makes the server forget what it read."""
    from hzdsl.lsp.params import forget

    case = _project(tmp_path, GOOD)
    assert [v.value for v in dated_values(tmp_path / "policies", "LPR")] == ["3.65%"]
    st = case.stat()
    case.write_text(GOOD.replace("3.65%", "3.45%"), encoding="utf-8")
    os.utime(case, ns=(st.st_atime_ns, st.st_mtime_ns))
    forget()
    assert [v.value for v in dated_values(tmp_path / "policies", "LPR")] == ["3.45%"]
