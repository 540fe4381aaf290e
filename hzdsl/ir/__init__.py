"""The IR: the resolved, typed program every tool reads (see docs/architecture.md, /work/TEAM-IR.md).

    from hzdsl.ir import ir_of
    prog = ir_of(loaded.program)          # built once per checked program, cached
    prog.benefits["一次性创业补贴"].condition   # typed, resolved expressions with stable ids
    prog.deps["一次性创业补贴"].facts         # what a benefit depends on, transitively
"""
from .build import build_ir, decl_id, ir_of, literal_value, placeholder_range, quantity_value
from .nodes import *  # noqa: F401,F403
from .program import IRProgram, clause_order

__all__ = ["build_ir", "ir_of", "decl_id", "literal_value", "placeholder_range", "quantity_value",
           "IRProgram", "clause_order"]
