"""A name with nothing in it is E208 (breaker s22): `事实 「」：个人 布尔。` and a rule 「若 「」」 were checked
clean (✔ 0 个错误), tested (a case wrote it as the key "") and listed by `hzdsl schema` as a row without a name."""
from __future__ import annotations

import shutil

from hzdsl.cli import main

from .conftest import REPO

POLICY = """条款 三 「加大创业资金扶持力度」。

事实 「」：个人 布尔。

待遇 「一次性创业补贴」(补贴)
    依据「初次创办企业或个体工商户，正常经营 6 个月，可按规定申领 3000 元的一次性创业补贴」
    若 「  」
    则 3000 元，一次性。
"""


def test_an_empty_name_is_refused_where_it_is_written(tmp_path, capsys):
    shutil.copy(REPO / "policies" / "official.txt", tmp_path / "official.txt")
    (tmp_path / "t.policy").write_text(POLICY, encoding="utf-8")
    code = main(["check", str(tmp_path)])
    out, err = capsys.readouterr()
    assert code == 1
    f = tmp_path / "t.policy"
    # 「」 of the fact: line 3 after 「事实 」 (column 4); 「  」 of the rule: line 7 after 「    若 」 (column 7)
    assert f"{f}:3:4: 错误[E208]: 名称是空的" in out + err
    assert f"{f}:7:7: 错误[E208]: 名称是空的" in out + err


def test_the_bundled_policies_have_no_empty_name(capsys):
    assert main(["check", str(REPO / "policies")]) == 0
    assert "E208" not in "".join(capsys.readouterr())
