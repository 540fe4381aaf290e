"""One module per CLI verb; each exposes `register(subparsers)` and sets `func` on its parser.

To add a verb, add its module here: cli.py needs no change.
"""
from . import check, coverage, run, schema

COMMANDS = [check, run, schema, coverage]
