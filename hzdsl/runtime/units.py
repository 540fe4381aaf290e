"""Moved: units and quantities are in `hzdsl.units` (the checker needs them, and must not import runtime).

Kept so `from hzdsl.runtime.units import Q` keeps working for code written before the move.
"""
from ..units import *  # noqa: F401,F403
from ..units import ATOMS, DIMENSIONLESS, NONE, SCALARS, Dim, Q, Unit, UnitError  # noqa: F401
