"""Moved: rule coverage of the test cases is `hzdsl.testing.rule_coverage` (text coverage of the
official text is `hzdsl.review.text_coverage`). Re-exports only, for code written before the move."""
from .rule_coverage import *  # noqa: F401,F403
from .rule_coverage import FAILED, HELD, OPEN, Coverage, coverage_json, measure  # noqa: F401
