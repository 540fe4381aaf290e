"""SMT encoding of a checked program with z3: proofs for `hzdsl diff --prove` and `hzdsl lint`.

Modules, one job each: `values` (symbolic values, the shared universe of facts, parameters,
evaluation year and a bounded history), `expr` (expressions, three-valued), `limits` (history
rules), `benefit` (one benefit's decision: status and amount), `solve` (solver calls with a
time limit, minimal models), `witness` (a model → a runnable case, checked on the scalar engine),
`compare` (verdicts between two versions). The scalar evaluator (`hzdsl.runtime.evaluate`) is the
reference semantics: every witness is run through it before it is shown.
"""
