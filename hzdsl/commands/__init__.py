"""One module per CLI verb; each exposes `register(subparsers)` and sets `func` on its parser.

To add a verb, add its module here: cli.py needs no change.
"""
from . import check, coverage, run, schema
from . import test as test_cmd

COMMANDS = [check, run, schema, coverage]
COMMANDS.append(test_cmd)
from . import fmt as fmt_cmd  # noqa: E402
COMMANDS.append(fmt_cmd)
from . import diff as diff_cmd  # noqa: E402
COMMANDS.append(diff_cmd)
from . import render as render_cmd  # noqa: E402
COMMANDS.append(render_cmd)
from . import lsp as lsp_cmd  # noqa: E402
COMMANDS.append(lsp_cmd)
from . import lint as lint_cmd  # noqa: E402
COMMANDS.append(lint_cmd)
from . import screen as screen_cmd  # noqa: E402
COMMANDS.append(screen_cmd)
from . import population as population_cmd  # noqa: E402
COMMANDS.append(population_cmd)
from . import completion  # noqa: E402
COMMANDS.append(completion)
from . import serve as serve_cmd  # noqa: E402
COMMANDS.append(serve_cmd)
