"""The policy program compiled to set-based SQL: one row per applicant, one column per declared fact.

Built with sqlglot expressions (never glued strings) and run on DuckDB (in process) or Spark.
Entry points: `compile_program` (query.py), `run_duckdb` / `run_spark` (engines.py), `read_population`
(ingest.py). The scalar evaluator (hzdsl.runtime.evaluate) is the reference: tests/test_screen_diff.py
checks every benefit's 结论, 金额 and 待定事实 against it on generated populations.
"""
from .columns import CompileError
from .query import CompiledQuery, compile_program

__all__ = ["CompileError", "CompiledQuery", "compile_program"]
