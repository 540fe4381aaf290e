"""The one way a case file's YAML becomes nodes: PyYAML's composer, with limits.

A case file is a few hundred lines of facts; nothing in it needs to be deep or large. Composing
is bounded so that no input can exhaust the stack or the memory:

- nesting deeper than `MAX_DEPTH` (PyYAML's composer recurses once per level, and a 2 KB file
  of `[[[[…` ends in RecursionError) is refused at the node where the limit is crossed (E750);
- a document whose aliases expand to more than `MAX_NODES` nodes (a "billion laughs" bomb: nine
  aliases of nine aliases … is 387 million leaves from 1 KB) is refused at the alias (E751).
  Aliases stay shared nodes, so the expanded size is counted, never built;
- a value holding a lone surrogate ("\\ud800" in double quotes), which cannot be printed or
  written to any report, is refused where it is written (E752); a pair ("\\ud840\\udc00", as JSON
  escapes a character beyond U+FFFF) is that character.

Valid JSON is read as JSON means (its tabs are whitespace), and a body declared JSON that is no YAML
either is told as a JSON error (E724, json_errors).

Every failure is an `HzdslError` with one positioned diagnostic: YAML syntax errors (E700, told in
Chinese by yaml_errors) and the two limits. Callers never see a yaml exception.
"""
from __future__ import annotations

import json
import re

import yaml
from yaml.events import AliasEvent

from ..errors import Diagnostic, HzdslError, Span
from .json_errors import json_diagnostic
from .yaml_errors import full_width_diagnostic, yaml_diagnostic

MAX_DEPTH = 64  # real case files nest 4 deep (案例 → 历史 → record → field)
MAX_NODES = 200_000  # nodes after expanding aliases; a 2 MB file of plain values has fewer


# A double-quoted "\ud800" escape yields a lone surrogate: not a character, and no output can print it.
_SURROGATE = re.compile("[\ud800-\udfff]")


class _Limit(Exception):
    """A limit the bounded loader met: the code, where, the hint and the fields of the code's template."""

    def __init__(self, code: str, mark, hint: str, /, **fields):
        super().__init__(code)
        self.code, self.mark, self.hint, self.fields = code, mark, hint, fields


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader whose composer counts depth and the expanded size of every node."""

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0
        self._sizes: dict[int, int] = {}  # id(node) → nodes in its expansion (aliases counted in full)

    def compose_node(self, parent, index):
        alias = self.check_event(AliasEvent)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH and not alias:
                mark = self.peek_event().start_mark
                raise _Limit("E750", mark,
                             "案例文件只需要几层：案例 → 事实/历史/预期 → 各项；检查是否多写了括号「[」「{」", limit=MAX_DEPTH)
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        if isinstance(node, yaml.ScalarNode) and _SURROGATE.search(node.value):
            # "\ud840\udc00" (json.dumps's default escape of 𠀀) is a surrogate pair: one character, which the
            # YAML reader leaves as two halves; only a half without its partner is refused
            node.value = node.value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
            if _SURROGATE.search(node.value):
                raise _Limit("E752", node.start_mark,
                             "双引号里的 \\u 转义只能写真实的字符；直接写出这个字即可")
        size = self._sizes.get(id(node))
        if size is None:
            if isinstance(node, yaml.SequenceNode):
                size = 1 + sum(self._sizes.get(id(c), 1) for c in node.value)
            elif isinstance(node, yaml.MappingNode):
                size = 1 + sum(self._sizes.get(id(k), 1) + self._sizes.get(id(v), 1) for k, v in node.value)
            else:
                size = 1
            self._sizes[id(node)] = size
        if size > MAX_NODES:
            raise _Limit("E751", node.start_mark,
                         "案例文件不需要锚点（&）和别名（*）：把值直接写出来", limit=MAX_NODES)
        return node


def _json_problem(text: str, declared_json: bool) -> tuple[str, json.JSONDecodeError | None]:
    """(the text to compose, the JSON error to report if YAML refuses it too).

    Valid JSON is read as JSON means: a tab is whitespace between tokens (a raw tab inside a JSON string is
    invalid JSON), which PyYAML refuses in flow collections — so each becomes a space: same length, every
    line and column holds. Only a text that may be JSON is tried (a body declared JSON, or one opening with
    「{」 or 「[」); a text json cannot judge (too deep for its recursion, a 5000-digit number) is left to YAML."""
    stripped = text.lstrip()
    if not stripped or not (declared_json or stripped[0] in "{["):
        return text, None
    try:
        json.loads(text)
    except json.JSONDecodeError as e:
        return text, e if declared_json else None
    except (ValueError, RecursionError):
        return text, None
    return text.replace("\t", " "), None


def compose(text: str, path: str, declared_json: bool = False) -> yaml.Node | None:
    """Compose one YAML document into nodes (None for an empty file); raises HzdslError.

    declared_json: the text was sent as JSON (a request's Content-Type): when it is no YAML either, the
    error is told as JSON's (E724), not YAML's — its sender wrote JSON."""
    text, json_error = _json_problem(text, declared_json)
    loader = None
    try:
        loader = _BoundedLoader(text)  # the reader checks the characters here already
        return loader.get_single_node()
    except _Limit as e:
        line, col = e.mark.line + 1, e.mark.column + 1
        raise HzdslError([Diagnostic.of(e.code, Span(path, line, col, line, col + 1), e.hint, **e.fields)]) from None
    except yaml.YAMLError as e:
        if json_error is not None:
            raise HzdslError([json_diagnostic(json_error, path)]) from None
        raise HzdslError([full_width_diagnostic(yaml_diagnostic(e, path, text), path, text)]) from None
    except RecursionError:  # a belt for the braces above: never let the stack decide
        raise HzdslError([Diagnostic.of("E750", Span(path, 1, 1, 1, 2),
                                     "检查是否多写了括号「[」「{」", form="recursion")]) from None
    finally:
        if loader is not None:
            loader.dispose()
