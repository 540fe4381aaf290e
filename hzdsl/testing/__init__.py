"""hzdsl test: discover and run case files, compare with hand-worked expectations, measure rule coverage.

The Hypothesis strategies (`strategies`) and the invariants they are checked against
(`invariants`) live here too, so property tests and ad-hoc exploration share one definition.
"""
