"""A rule as deep as the checker accepts (syntax.build.MAX_DEPTH = 200 levels) screens like any other.

Before, `hzdsl screen` and `hzdsl diff --population` ended in exit 3 (RecursionError inside sqlglot's
generator, about six Python frames per level) from about 150 levels, while check, run and diff --prove
took the same rule. Hand-worked: 「已缴」 = 5 元, plus 190 × 1 元 = 195 元; the new version adds 189 × 1 元:
194 元, so the one applicant's amount changes.
"""
from __future__ import annotations

import json
import shutil

import pytest

from hzdsl.cli import main

from .conftest import REPO

pytest.importorskip("duckdb")

QUOTE = "初次创办企业或个体工商户，正常经营 6 个月，可按规定申领 3000 元的一次性创业补贴"


def _policy(folder, n: int):
    folder.mkdir()
    shutil.copy(REPO / "policies" / "official.txt", folder / "official.txt")
    (folder / "t.policy").write_text(
        "条款 三 「加大创业资金扶持力度」。\n事实 「已缴」：个人 金额。\n"
        f"待遇 「深补贴」(补贴)\n    依据「{QUOTE}」\n    读法 1 元 “测试：很深的算式”\n"
        f"    则 「已缴」{' + 1 元' * n}。\n", encoding="utf-8")
    return folder


def test_a_deep_rule_screens(tmp_path, capsys):
    p = _policy(tmp_path / "p", 190)
    (tmp_path / "pop.csv").write_text("编号,评估日期,已缴\nA,2023-06-30,5 元\n", encoding="utf-8")
    assert main(["check", str(p)]) == 0
    rc = main(["screen", str(tmp_path / "pop.csv"), "-p", str(p), "--out", str(tmp_path / "r.csv")])
    assert rc == 0, capsys.readouterr()
    assert '"A","深补贴","三","符合","195.00"' in (tmp_path / "r.csv").read_text(encoding="utf-8")


def test_a_deep_rule_takes_part_in_a_reform(tmp_path, capsys):
    old, new = _policy(tmp_path / "old", 190), _policy(tmp_path / "new", 189)
    (tmp_path / "pop.csv").write_text("编号,评估日期,已缴\nA,2023-06-30,5 元\n", encoding="utf-8")
    capsys.readouterr()
    rc = main(["diff", str(old), str(new), "--population", str(tmp_path / "pop.csv"), "--no-impact", "--json"])
    out, err = capsys.readouterr()
    assert rc in (0, 1) and "内部错误" not in err, err
    impact = json.loads(out)["人群影响"]["待遇"]
    assert [(b["待遇"], b["金额改变"], b["改前合计"], b["改后合计"], b["差额"]) for b in impact] == [
        ("深补贴", 1, "195", "194", "-1")]


def test_the_compiled_sql_of_a_deep_sum_grows_linearly(tmp_path):
    """Each ± is a TRY_CAST with ONE overflow flag per chain (NULL at the top, every leaf known): a flag per
    level re-embedding its operands made the SQL quadratic, and hoisting each level made DuckDB's work grow
    exponentially (test_a_deep_rule_screens hung, s19). Sizes, not times: 100 levels vs 50 levels ≈ 2×."""
    from hzdsl.backends.sql.pipeline import compile_or_fail
    from hzdsl.loader import load_policies

    import re

    sizes, hoisted = [], []
    for n in (50, 100):
        loaded = load_policies([str(_policy(tmp_path / f"p{n}", n))])
        assert not loaded.errors
        sql = compile_or_fail(loaded.program, None, False).select.sql("duckdb")
        sizes.append(len(sql))
        hoisted.append(len(re.findall(r" AS v\d+\b", sql)))  # `pre` columns: one per level chained them
    assert sizes[1] < 2.2 * sizes[0], sizes
    assert hoisted[0] == hoisted[1], hoisted
