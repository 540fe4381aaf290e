"""The SQL back-end compiles the IR, not the AST (issues 8 and 11).

Two import-linter contracts in pyproject.toml say so: nothing in hzdsl.backends.sql imports hzdsl.syntax
(ingest.py's cell normalisation aside), and the expression and history compilers never import the
checker's name tables (hzdsl.check.program). Each contract is shown breaking on a planted import.
A rule the back-end cannot compile is an error naming the rule and where it is written — never a
benefit silently left out of the screen.
"""
from __future__ import annotations

import shutil

import pytest

from hzdsl.cli import main

from .conftest import REPO, inline_program
from .test_layers import _lint_imports


def _planted(tmp_path, module: str, line: str):
    """lint-imports on a copy of the package in which `module` (a path under hzdsl/) has one more import."""
    shutil.copytree(REPO / "hzdsl", tmp_path / "hzdsl", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "hzdsl" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}  # planted\n", encoding="utf-8")
    return _lint_imports(tmp_path, extra_path=tmp_path)


def test_an_ast_import_in_the_sql_backend_breaks_its_contract(tmp_path):
    result = _planted(tmp_path, "backends/sql/query.py", "from ...syntax import nodes as _n")
    assert result.returncode != 0
    assert "compiles the IR, never the AST (hzdsl.syntax) BROKEN" in result.stdout
    assert "hzdsl.backends.sql.query -> hzdsl.syntax.nodes" in result.stdout


def test_a_name_table_import_in_the_expression_compiler_breaks_its_contract(tmp_path):
    result = _planted(tmp_path, "backends/sql/expressions.py", "from ...check.program import Program as _P")
    assert result.returncode != 0
    assert "read the IR program, not check.program BROKEN" in result.stdout
    assert "hzdsl.backends.sql.expressions -> hzdsl.check.program" in result.stdout


# ÷ 3 has no exact decimal reciprocal: DuckDB would divide in floating point. The rule is refused, by name.
POLICY = """
条款 二十三 「本意见自 2022 年*月*日起施行」。
事实 「月收入」：个人 金额。
待遇 「三分之一」(补贴) 依据「起施行」 读法 3、0 元 “测试用，非原文” 若 「月收入」 > 0 元 则 「月收入」 ÷ 3。
待遇 「一半」(补贴) 依据「起施行」 读法 2、0 元 “测试用，非原文” 若 「月收入」 > 0 元 则 「月收入」 ÷ 2。
"""


def test_a_rule_that_cannot_compile_is_an_error_naming_it(tmp_path):
    from hzdsl.backends.sql import CompileError, compile_program

    program = inline_program(tmp_path, POLICY)
    with pytest.raises(CompileError) as err:
        compile_program(program)
    e = err.value
    assert e.code == "E902" and "待遇「三分之一」" in e.message
    assert (e.span.line, e.span.col) == (4, POLICY.splitlines()[3].index("「月收入」 ÷") + 1)
    assert len(compile_program(program, ["一半"]).benefits) == 1  # ÷ 2 is × 0.5: compiles


def test_screen_refuses_the_whole_run_with_the_rule_and_its_place(tmp_path, capsys):
    pytest.importorskip("duckdb")
    inline_program(tmp_path, POLICY)
    (tmp_path / "p.csv").write_text("编号,评估日期,月收入\nA1,2023-06-30,300\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    code = main(["screen", str(tmp_path / "p.csv"), "-p", str(tmp_path / "inline.policy"), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()
    assert "E902" in err and "待遇「三分之一」" in err and "inline.policy:4:" in err and "提示" in err


def test_the_query_reads_exactly_the_facts_the_ir_says_a_benefit_depends_on(program):
    """CompiledQuery.fact_keys comes from the IR's dependency analysis (deps + 蕴含); the fact columns the
    SQL itself mentions — applicant row and past claims — are exactly those, benefit by benefit."""
    from sqlglot import exp

    from hzdsl.backends.sql import compile_program

    for key in program.benefits:
        q = compile_program(program, [key], track_missing=True)
        columns = {c.name for c in q.select.find_all(exp.Column)}
        read = {k for k, i in q.layout.fact_col.items() if i in columns}
        read |= {k for k, members in q.layout.set_cols.items() if columns & set(members.values())}
        assert read == set(q.fact_keys), key
