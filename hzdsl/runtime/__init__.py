"""Evaluation: quantities with units, three-valued logic, traces, history rules."""
