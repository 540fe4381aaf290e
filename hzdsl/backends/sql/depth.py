"""Room on the Python stack for compiling and printing a rule as deep as the checker accepts.

The checker takes expressions up to `syntax.build.MAX_DEPTH` (200) levels, through terms up to
`check.depth.MAX_EXPANDED_DEPTH`; sqlglot builds and prints SQL recursively, about six Python frames
per level, so the interpreter's default limit of 1000 frames ended `hzdsl screen` in RecursionError
(exit 3) from about 150 levels while check, run and diff --prove took the rule.
"""
from __future__ import annotations

import functools
import sys

FRAMES = 20_000  # 200 levels × ~6 frames, with the staged terms and mask columns around them, and to spare


def deep_enough(fn):
    """Run `fn` with the recursion limit raised to at least FRAMES, restored afterwards."""
    @functools.wraps(fn)
    def run(*args, **kwargs):
        before = sys.getrecursionlimit()
        sys.setrecursionlimit(max(before, FRAMES))
        try:
            return fn(*args, **kwargs)
        finally:
            sys.setrecursionlimit(before)
    return run
