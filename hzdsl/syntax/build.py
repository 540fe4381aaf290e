"""Lark tree → AST. Spans are shifted by the statement's position when parsing resynchronised."""
from __future__ import annotations

from dataclasses import dataclass, replace

from decimal import Decimal

from lark import Token, Tree

from ..errors import NO_SPAN, Diagnostic, Span
from ..kinds import ModifierKind
from ..limitspec import FIELD, NO_REPEAT_SPEC, PHRASES, SPECS, phrase_text
from . import nodes as n
from .normalize import MAX_NUMBER_DIGITS, compact, too_many_digits, unify_line_ends
from .parser import Chunk, parse_text

# Comparison words → operator. Following 民法典 第一千二百五十九条, 以上、以下、以内、届满 include
# the number itself and 不满、超过 exclude it; 之前 includes the day, 之后 excludes it.
CMP_WORDS = {
    "不超过": "<=", "不高于": "<=", "不多于": "<=", "不低于": ">=", "不少于": ">=",
    "不足": "<", "未满": "<", "满": ">=", "达到": ">=", "超过": ">", "高于": ">", "多于": ">",
    "低于": "<", "少于": "<", "不是": "!=", "是": "==",
    ">=": ">=", "<=": "<=", "!=": "!=", ">": ">", "<": "<", "=": "==",
    "≥": ">=", "≤": "<=", "≠": "!=",
}
POSTFIX_WORDS = {"以内": "<=", "之内": "<=", "以上": ">=", "以下": "<=", "之前": "<=", "之后": ">"}



@dataclass(frozen=True)
class _Cited:
    """What follows 依据: the quotes, and the readings declared with them."""

    quotes: tuple
    readings: tuple

class _Builder:
    def __init__(self, path: str, chunk: Chunk, original: str, clause: str = ""):
        self.path = path
        self.chunk = chunk
        self.original = original  # un-normalised source, for names and quotes as written
        # the clause in force: statements are built in order, so each 条款 header sets it and every
        # declaration after it is made with it (no copy of each declaration to set it afterwards)
        self.clause = clause

    # ── positions ──
    def _span(self, line: int, col: int, end_line: int, end_col: int, start: int, end: int) -> Span:
        c = self.chunk
        if line == 1:
            col += c.col - 1
        if end_line == 1:
            end_col += c.col - 1
        return Span(self.path, line + c.line - 1, col, end_line + c.line - 1, end_col,
                    start + c.offset, end + c.offset)

    def transform(self, tree: Tree):
        """Build bottom-up, dispatching on the rule name: one call per node, no visitor layers."""
        children = [self.transform(c) if isinstance(c, Tree) else c for c in tree.children]
        return getattr(self, tree.data)(tree.meta, children)

    def _meta_span(self, meta) -> Span:
        if getattr(meta, "empty", True):
            return Span(self.path, self.chunk.line, self.chunk.col, self.chunk.line, self.chunk.col)
        return self._span(meta.line, meta.column, meta.end_line, meta.end_column, meta.start_pos, meta.end_pos)

    def _tok_span(self, tok: Token) -> Span:
        return self._span(tok.line, tok.column, tok.end_line, tok.end_column, tok.start_pos, tok.end_pos)

    def _raw(self, tok: Token) -> str:
        start = tok.start_pos + self.chunk.offset
        return self.original[start : start + len(tok)]

    def _name(self, tok: Token) -> n.Name:
        inner = self._raw(tok)[1:-1]
        return n.Name(self._tok_span(tok), inner, compact(inner))

    def _quote(self, tok: Token) -> n.Quote:
        inner = self._raw(tok)[1:-1]
        return n.Quote(self._tok_span(tok), inner, compact(inner))

    # ── structure ──
    def start(self, meta, items):
        return list(items)

    def part_decl(self, meta, c):
        return n.PartDecl(self._meta_span(meta), self.clause, str(c[1]), self._quote(c[2]))

    def clause_decl(self, meta, c):
        self.clause = str(c[1])
        return n.ClauseDecl(self._meta_span(meta), self.clause, self.clause, self._quote(c[2]))

    def note_decl(self, meta, c):
        return n.NoteDecl(self._meta_span(meta), self.clause, c[1].quotes)

    def quotes(self, meta, c):
        return _Cited(tuple(self._quote(t) for t in c if isinstance(t, Token) and t.type == "NAME"),
                      tuple(x for x in c if isinstance(x, n.Reading)))

    def reading(self, meta, c):
        return n.Reading(self._meta_span(meta), tuple(x for x in c if isinstance(x, n.Quantity)),
                         self._raw(c[-1])[1:-1])

    def type_spec(self, meta, c):
        return n.TypeSpec(self._meta_span(meta), str(c[0]), str(c[1]) if len(c) > 1 else "")

    def choices(self, meta, c):
        return ("choices", tuple(x for x in c if isinstance(x, n.Expr)))

    def upper(self, meta, c):
        q = c[-1]
        if len(c) == 3:  # 上限 -5: a negative bound, one Quantity from the sign on (the checker judges it)
            sign = self._tok_span(c[1])
            span = replace(q.span, line=sign.line, col=sign.col, start=sign.start)
            q = n.Quantity(span, -q.number, q.unit, "-" + q.text)
        return ("upper", q)

    def doc(self, meta, c):
        return ("doc", self._raw(c[-1])[1:-1])  # as written: 释义 is prose for people, not matched

    def implies(self, meta, c):
        return ("implies", tuple(self._name(t) for t in c if isinstance(t, Token) and t.type == "NAME"))

    def fact_decl(self, meta, c):
        extras = dict(x for x in c[4:] if isinstance(x, tuple))
        return n.FactDecl(self._meta_span(meta), self.clause, self._name(c[1]), str(c[2]), c[3],
                          extras.get("choices", ()), extras.get("doc", ""), extras.get("implies", ()),
                          extras.get("upper"))

    def param_decl(self, meta, c):
        extras = dict(x for x in c[3:] if isinstance(x, tuple))
        return n.ParamDecl(self._meta_span(meta), self.clause, self._name(c[1]), c[2], extras.get("doc", ""),
                           extras.get("upper"))

    def term_decl(self, meta, c):
        return n.TermDecl(self._meta_span(meta), self.clause, self._name(c[1]), c[2].quotes, c[4], c[2].readings)

    def kind(self, meta, c):
        return ("kind", str(c[0]))

    def condition(self, meta, c):
        return ("condition", c[1], tuple(c[2:]))

    def exclusion(self, meta, c):
        return c[0]

    def outcome(self, meta, c):
        payout = c[1]
        entitlement, up_to = "", False
        if isinstance(payout, tuple) and payout[0] == "entitlement":
            entitlement, payout = payout[1], None
        elif isinstance(payout, tuple):
            up_to, payout = True, payout[1]
        return n.Outcome(self._meta_span(meta), payout, entitlement, tuple(c[2:]), up_to)

    def payout(self, meta, c):
        return c[0]

    def up_to(self, meta, c):
        return ("up_to", c[1])

    def entitlement(self, meta, c):
        return ("entitlement", str(c[1])[1:-1])

    def cap(self, meta, c):
        return n.Modifier(self._meta_span(meta), ModifierKind.CAP, c[1])

    def floor(self, meta, c):
        return n.Modifier(self._meta_span(meta), ModifierKind.FLOOR, c[1])

    def once(self, meta, c):
        return n.Modifier(self._meta_span(meta), ModifierKind.ONCE, None)

    def term_limit(self, meta, c):
        return n.Modifier(self._meta_span(meta), ModifierKind.TERM_LIMIT, c[1])

    def benefit_decl(self, meta, c):
        name = self._name(c[1])
        kind = ""
        condition, exclusions = None, ()
        quotes, readings = (), ()
        outcome = None
        for x in c[2:]:
            if isinstance(x, tuple) and x and x[0] == "kind":
                kind = x[1]
            elif isinstance(x, tuple) and x and x[0] == "condition":
                condition, exclusions = x[1], x[2]
            elif isinstance(x, _Cited):
                quotes, readings = x.quotes, x.readings
            elif isinstance(x, n.Outcome):
                outcome = x
        return n.BenefitDecl(self._meta_span(meta), self.clause, name, kind, quotes, condition, exclusions, outcome, readings)

    def exception_decl(self, meta, c):
        return n.ExceptionDecl(self._meta_span(meta), self.clause, self._name(c[1]), self._name(c[3]),
                               c[4].quotes, c[6], c[7], c[4].readings)

    def limit_decl(self, meta, c):
        name = self._name(c[1])
        quotes, readings = c[2].quotes, c[2].readings
        targets = tuple(self._name(t) for t in c[4:-1] if isinstance(t, Token) and t.type == "NAME")
        counted = next((x[1] for x in c[4:-1] if isinstance(x, tuple) and x and x[0] == "counted"), ())
        rule = c[-1]
        return n.LimitDecl(self._meta_span(meta), self.clause, name, quotes, targets, counted=counted, readings=readings, **rule)

    def counted(self, meta, c):
        return ("counted", tuple(self._name(t) for t in c if isinstance(t, Token) and t.type == "NAME"))

    def bounded_limit(self, meta, c):
        """`<words> <比较词> <上限>`: the words say the kind (hzdsl/limitspec.py PHRASES; a phrase
        no entry has was refused before building, E106)."""
        *words, cmp, bound = c
        spec = PHRASES[limit_phrase(words)]
        field = next((self._name(w) for w in words if w.type == "NAME"), None)
        # the first word as written, for a kind written in more than one way (每人每年 / 每年 金额)
        first = str(words[0]) if len(spec.phrases) > 1 else ""
        return {"kind": spec.kind, "cmp_word": str(cmp), "bound": bound, "field": field, "year_word": first}

    def same_key(self, meta, c):
        return self._name(c[1])

    def claimant(self, meta, c):
        return ("claimant", str(c[1]))

    def no_repeat(self, meta, c):
        keys = tuple(x for x in c if isinstance(x, n.Name))
        claimant = next((x[1] for x in c if isinstance(x, tuple)), "")
        return {"kind": NO_REPEAT_SPEC.kind, "keys": keys, "claimant": claimant}

    # ── expressions ──
    def _logic(self, meta, op, c):
        operands = []
        for x in (c[0], c[2]):
            if isinstance(x, n.Logic) and x.op == op and not x.form:
                operands.extend(x.operands)
            else:
                operands.append(x)
        return n.Logic(self._meta_span(meta), op, tuple(operands))

    def or_(self, meta, c):
        return self._logic(meta, "或", c)

    def and_(self, meta, c):
        return self._logic(meta, "且", c)

    def not_(self, meta, c):
        return n.Not(self._meta_span(meta), c[1])

    def any_of(self, meta, c):
        return n.Logic(self._meta_span(meta), "或", tuple(c[1:]), "以下之一")

    def all_of(self, meta, c):
        return n.Logic(self._meta_span(meta), "且", tuple(c[1:]), "以下全部")

    def compare(self, meta, c):
        word = str(c[1])
        return n.Compare(self._meta_span(meta), CMP_WORDS[word], word, c[0], c[2])

    def compare_post(self, meta, c):
        word = str(c[3])
        return n.Compare(self._meta_span(meta), POSTFIX_WORDS[word], word, c[0], c[2])

    def between(self, meta, c):
        return n.Between(self._meta_span(meta), c[0], c[2], c[4])

    def member(self, meta, c):
        return n.Member(self._meta_span(meta), c[0], tuple(x for x in c[2:-1] if isinstance(x, n.Expr)))

    def contains(self, meta, c):
        return n.Contains(self._meta_span(meta), c[0], c[2])

    def _binary(self, meta, op, c):
        return n.Binary(self._meta_span(meta), op, c[0], c[2])

    def add(self, meta, c):
        return self._binary(meta, "+", c)

    def sub(self, meta, c):
        return self._binary(meta, "-", c)

    def mul(self, meta, c):
        return self._binary(meta, "×", c)

    def div(self, meta, c):
        return self._binary(meta, "÷", c)

    def neg(self, meta, c):
        return n.Neg(self._meta_span(meta), c[1])

    def excess(self, meta, c):
        return n.Excess(self._meta_span(meta), c[0], c[2])

    def ref(self, meta, c):
        tok = c[-1]
        return n.Ref(self._tok_span(tok), self._name(tok))

    def quantity(self, meta, c):
        span = self._meta_span(meta)
        if c[0].type == "UNIT_ALONE":
            return n.Quantity(span, Decimal(1), str(c[0]), str(c[0]))
        unit = str(c[1]) if len(c) > 1 else ""
        text = str(c[0]) + (" " + unit if unit and unit not in {"%", "BP"} else unit)
        return n.Quantity(span, Decimal(str(c[0])), unit, text)

    def text(self, meta, c):
        # a value is read one way on both sides of a comparison: width-folded (the source is) and
        # without surrounding spaces (“ 电工 ” is “电工”), as the case loader reads case values
        return n.Text(self._tok_span(c[0]), str(c[0])[1:-1].strip())

    def date(self, meta, c):
        tok = str(c[0])
        parts = tok.replace("年", " ").replace("月", " ").replace("日", " ").split()
        year = int(parts[0])
        month = None if parts[1] == "*" else int(parts[1])
        day = None if parts[2] == "*" else int(parts[2])
        return n.Date(self._tok_span(c[0]), year, month, day, self._raw(c[0]))

    def placeholder(self, meta, c):
        return n.Placeholder(self._tok_span(c[0]), str(c[0]))

    def call(self, meta, c):
        return n.Call(self._meta_span(meta), str(c[0]), tuple(c[1:]))

    def row(self, meta, c):
        return n.LookupRow(self._meta_span(meta), tuple(x for x in c[:-2] if isinstance(x, n.Expr)), c[-1])

    def lookup(self, meta, c):
        rows = tuple(x for x in c if isinstance(x, n.LookupRow))
        default = None
        if isinstance(c[-1], n.Expr) and len(c) >= 3 and isinstance(c[-3], Token) and c[-3].type == "KW_OTHERWISE":
            default = c[-1]
        return n.Lookup(self._meta_span(meta), c[1], rows, default)


def _assign_clauses(decls: list[n.Decl], current: str = "") -> list[n.Decl]:
    """`decls` each under the clause in force (the last 条款 header before it). The builder already
    makes them so (`_Builder.clause`); this is for declarations made otherwise (tests, old callers)."""
    out = []
    for d in decls:
        if isinstance(d, n.ClauseDecl):
            current = d.number
        out.append(d if d.clause == current else _with_clause(d, current))
    return out


def _with_clause(d: n.Decl, clause: str) -> n.Decl:
    from dataclasses import replace

    return replace(d, clause=clause)


# The builder, checker and evaluator walk expressions recursively; a statement nested deeper than
# this is refused with a message instead of exhausting Python's stack (real clauses nest < 20).
MAX_DEPTH = 200


def _shape(tree: Tree) -> tuple[int, Token | None]:
    """(nesting depth, first number literal with more than MAX_NUMBER_DIGITS digits or None) of a
    statement's Lark tree, in one walk and without recursion (the statement may be deep)."""
    deepest, long, stack = 0, None, [(tree, 1)]
    while stack:
        t, d = stack.pop()
        if d > deepest:
            deepest = d
        for c in t.children:
            if isinstance(c, Tree):
                stack.append((c, d + 1))
            elif long is None and isinstance(c, Token) and c.type == "NUMBER" and too_many_digits(str(c)):
                long = c
    return deepest, long


def limit_phrase(words) -> tuple[str, ...]:
    """The words before a limit's comparison word as a key of limitspec.PHRASES (a 「name」 is FIELD)."""
    return tuple(FIELD if w.type == "NAME" else str(w) for w in words)


def _unknown_limit_phrase(item) -> list[Token] | None:
    """The words of a 限制 whose phrase is no kind of the table (limitspec.PHRASES), else None."""
    if not isinstance(item, Tree) or item.data != "limit_decl":
        return None
    rule = item.children[-1] if item.children else None
    if isinstance(rule, Tree) and rule.data == "bounded_limit":
        words = [w for w in rule.children[:-2] if isinstance(w, Token)]
        if limit_phrase(words) not in PHRASES:
            return words
    return None


def _without_deep_statements(tree: Tree, chunk: Chunk, path: str, diags: list[Diagnostic]) -> Tree:
    kept = []
    for item in tree.children:
        depth, long = _shape(item) if isinstance(item, Tree) else (0, None)
        phrase = _unknown_limit_phrase(item)
        if phrase is not None:
            first, last = phrase[0], phrase[-1]
            line = first.line + chunk.line - 1
            col = first.column + (chunk.col - 1 if first.line == 1 else 0)
            end_line = last.end_line + chunk.line - 1
            end_col = last.end_column + (chunk.col - 1 if last.end_line == 1 else 0)
            written = " ".join(str(w) for w in phrase)
            forms = "；".join(f"{phrase_text(p)} 不超过 …" for s in SPECS for p in s.phrases)
            diags.append(Diagnostic.of("E106", Span(path, line, col, end_line, end_col), f"可写：{forms}；同一「字段」 不得重复享受",
                                       words=written))
        elif long is not None:
            line = long.line + chunk.line - 1
            col = long.column + (chunk.col - 1 if long.line == 1 else 0)
            diags.append(Diagnostic.of("E104", Span(path, line, col, line, col + len(str(long))),
                                       "金额、期限、比例都只有几位数；检查是否多粘贴了数字",
                                       digits=len(str(long)), limit=MAX_NUMBER_DIGITS))
        elif depth > MAX_DEPTH:
            line = item.meta.line + chunk.line - 1
            col = item.meta.column + (chunk.col - 1 if item.meta.line == 1 else 0)
            diags.append(Diagnostic.of("E020", Span(path, line, col, line, col + 1),
                                       "把很长的算式或条件拆成几个「术语」，每个术语写其中一段", depth=MAX_DEPTH))
        else:
            kept.append(item)
    return tree if len(kept) == len(tree.children) else Tree(tree.data, kept, tree.meta)


def _lost_decl(lost, text: str, path: str) -> n.LostDecl:
    if lost.name_offset < 0:
        return n.LostDecl(NO_SPAN, lost.keyword, None)
    o, k = lost.name_offset, len(lost.name)
    line = text.count("\n", 0, o) + 1
    col = o - text.rfind("\n", 0, o)
    span = Span(path, line, col, line, col + k, o, o + k)
    inner = text[o + 1 : o + k - 1]
    return n.LostDecl(span, lost.keyword, n.Name(span, inner, compact(inner)))


def parse_module(text: str, path: str) -> tuple[n.Module, list[Diagnostic]]:
    """Parse one file into a Module; returns the syntax diagnostics alongside what did parse.

    Line ends are unified first (a no-op for text from `read_text`), so text handed in directly —
    an editor buffer, a git blob — gets the same lines and positions as a file.
    """
    text = unify_line_ends(text)
    if text.startswith("\ufeff"):
        # a BOM the reader did not drop (an editor buffer, a file pygls read): whitespace of the same
        # length, so every span stays a span of the text as the editor holds it (one UTF-16 unit)
        text = " " + text[1:]
    result = parse_text(text, path)
    decls: list[n.Decl] = []
    diagnostics = list(result.diagnostics)
    clause = ""  # the clause in force carries over from one resynchronised statement to the next
    for parsed in result.trees:
        tree = _without_deep_statements(parsed.tree, parsed.chunk, path, diagnostics)
        builder = _Builder(path, parsed.chunk, text, clause)
        built = builder.transform(tree)
        clause = builder.clause
        decls.extend(built if isinstance(built, list) else [built])
    comments = tuple(
        n.Comment(Span(path, line, col, line, col + len(body), off, off + len(body)), text[off : off + len(body)])
        for off, line, col, body in result.comments
    )
    lines = text.count("\n") + 1
    lost = tuple(_lost_decl(x, text, path) for x in result.lost)
    module = n.Module(Span(path, 1, 1, lines, 1, 0, len(text)), path, tuple(decls), comments, lost)
    return module, diagnostics


