"""Moved: text coverage (how much of the official text is transcribed) is `hzdsl.review.text_coverage`.

Not to be confused with rule coverage of the test cases, `hzdsl.testing.rule_coverage`. This
module only re-exports, for code written before the move (nothing inside hzdsl imports it).
"""
from .review.text_coverage import *  # noqa: F401,F403
from .review.text_coverage import Coverage, Passage, compute, percent, to_json  # noqa: F401
