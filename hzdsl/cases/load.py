"""Case files (YAML) → validated cases, every value typed by the declared facts.

YAML is composed into nodes (not constructed into Python objects) so that every value keeps its
line and column, and so that values are read by the declared type of the fact, never by YAML's
own guesses (`yes` is not a boolean here, `3.65%` is a rate, `6 个月` a duration).
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml

from ..check.checker import did_you_mean
from ..check.program import Program
from ..errors import Diagnostic, HzdslError, Related, Sources, Span
from ..loader import read_text
from ..render_words import key_word
from ..runtime.evaluate import HistoryEntry, implications
from ..runtime.values import Key, KeyKind
from ..runtime.dated import Dated, DatedEntry
from ..units import SCALARS, Q, Unit, UnitError, conversion_hint, dim_text, parse_unit, to_decimal
from ..syntax.normalize import (DATE_RE, EXPONENT_HINT, EXPONENT_UNIT, MAX_NUMBER_DIGITS, QUANTITY_RE, bool_text,
                                bare_name, compact, fold_word, name_key, no_such_day, normalize, too_many_digits,
                                value_text, written_quantity_hint)
from ..check.domains import HINTS, Domain, domain_of, domain_of_info
from ..check.invisible import describe, invisible
from .yaml_load import compose
from .yaml_errors import FULL_WIDTH_HINT

# 布尔 values are read by syntax.normalize.bool_text (its TRUE_WORDS / FALSE_WORDS): the one reading,
# shared with population screening and the schema
COUNT_BASES = {"人", "次", "个", "家", "人次"}
# a quantity or date cell is read by syntax.normalize (value_text, QUANTITY_RE, DATE_RE): the one reading,
# shared with population screening (backends.sql.ingest)

KEY_NAME, KEY_NOTE, KEY_DATE = "名称", "说明", "评估日期"
KEY_FACTS, KEY_PARAMS, KEY_HISTORY, KEY_EXPECT, KEY_CASES = "事实", "参数", "历史", "预期", "案例"
KEY_APPLICANT, KEY_PARAM_FILE = "申请人", "参数文件"
CASE_KEYS = {KEY_NAME, KEY_NOTE, KEY_DATE, KEY_FACTS, KEY_PARAMS, KEY_HISTORY, KEY_EXPECT, "标签",
             KEY_APPLICANT, KEY_PARAM_FILE}
EXPECT_KEYS = {"结论", "金额", "待定事实", "算式"}
# A 案例: file shares these keys with every case in its list; 预期 belongs to each case.
SHARED_KEYS = CASE_KEYS - {KEY_EXPECT}
DATED_KEYS = {"起始", "截止", "值", "来源"}
MONEY = parse_unit("元")
STATUSES = {"符合", "不符合", "待定", "冲突"}
CLAIMANTS = {"个人", "单位"}

# Every message carries a hint; these stand in where the call site has none more specific.
DEFAULT_HINTS = {
    "E701": "“键: 值”各占一行；列表写成 [甲, 乙] 或每项一行“- 甲”",
    "E705": "数量写数字加单位，如 6 个月；集合写成列表，如 [高校毕业生]",
    "E706": "写明单位，如 3000 元、6 个月；年与月可换算，月与天不能",
    "E709": "同一项只写一次；YAML 中后写的会覆盖先写的",
    "E712": "例如：- {待遇: 个人创业担保贷款, 日期: 2022-03-01}",
    "E713": "待遇名须与政策中「待遇」声明的名称一致",
    "E714": "结论写 符合、不符合、待定 或 冲突",
    "E717": "同一起始日期只写一个值；若标准改了，写新的起始日期",
}


@dataclass
class Expected:
    benefit: str  # benefit key
    status: str | None
    amount: Q | None
    amount_text: str
    missing: frozenset[str] | None
    span: Span


@dataclass(frozen=True)
class NameUse:
    """Where a case or parameter file names a declaration, as this loader reads it: a 事实 key, a history record's
    field or 待遇, a 预期 key, a 参数 key, an item of 待定事实. For the editor's rename (lsp/case_rename.py): only the
    positions that mean the declaration — a 名称, 说明 or 算式 holding the same words is free text, never recorded."""

    kind: str  # 事实 | 参数 | 待遇
    key: str  # the declaration's key
    span: Span  # the YAML scalar as written (its quotes included)
    written: str  # the scalar's value (「毕业时长」, 参数「LPR」 …)
    form: str = "{}"  # how the scalar's value wraps the name: 参数「{}」 or 历史记录中的「{}」 in a 待定事实 list


# a 待定事实 item naming a parameter or a history field: the words render_words.key_word gives them
PENDING_FORMS = (("参数", "参数「{}」"), ("事实", "历史记录中的「{}」"))


@dataclass
class Case:
    path: str
    name: str
    span: Span
    date: dt.date
    facts: dict[str, Any]
    params: dict[str, Any]
    history: list[HistoryEntry] | None
    expected: list[Expected] = field(default_factory=list)
    tags: tuple[str, ...] = ()
    applicant: tuple[str, ...] = ()  # 申请人: the kinds of applicant (个人, 企业 …) when the case names them
    # W929: a parameter a parameter file this case reads sets and no reported benefit reads (cases.params_read)
    warnings: tuple[Diagnostic, ...] = ()


def _unit_hint(number: str, unit: Unit) -> str:
    """How to write `number` with its unit. A bare number for a rate is ambiguous — 0.0415 may be the
    fraction (4.15%) or the percentage itself (0.0415%) — so both readings are shown, the fraction first."""
    if unit.text in SCALARS:
        as_fraction = to_decimal(Fraction(number) / unit.scale)
        plain = format(as_fraction, "f")
        plain = plain.rstrip("0").rstrip(".") if "." in plain else plain
        return (f"写明单位：{number} 若是小数，即 {plain}{unit.text}；若已按 {unit.text} 计，写 {number}{unit.text}")
    return f"写明单位，如 {number} {unit.text}；可用同类单位换算（年与月可换算）"


FULL_WIDTH_VALUE = re.compile(r"^\s*([^\s:：#\"'{}\[\],]+?)\s*：")
NO_SPACE_VALUE = re.compile(r"^\s*([^\s:：#\"'{}\[\],]+?):(?=\S)")  # 身份:[高校毕业生]: a key, a colon, no space

# how many names of one file are looked up for a did-you-mean (commands print the first 100 diagnostics of a file)
MAX_NEAR_NAMES = 100

# a number in scientific notation with a unit after it (1e3 年, 2.5E-1年): EXPONENT_UNIT sees only 1e3 alone
EXPONENT_BEFORE_UNIT = re.compile(r"^\s*-?[0-9]+(?:\.[0-9]+)?[eE][+-]?[0-9]+\s*\S*\s*$")


class _Reader:
    """Walks composed YAML nodes, typing values and collecting diagnostics."""

    def __init__(self, program: Program, path: str, param_files: list[str] | None = None,
                 sources: Sources | None = None, files_allowed: bool = True, unread: frozenset[str] = frozenset(),
                 names: list[NameUse] | None = None, request: bool = False):
        self.p = program
        self.names = names  # receives every NameUse when given (the editor's rename), else nothing is kept
        self.request = request  # the body of an API request: hints name the API, not a command
        # parameters none of the reported benefits reads (cases.params_read): a shared parameter file's value of
        # one is not used, nor looked up at the case's date (no E711) — run --benefit as screen --benefit
        self.unread = unread
        self.path = path
        # a case posted to `hzdsl serve` must not make the server read its own files (参数文件: /etc/shadow)
        self.files_allowed = files_allowed
        self._pending_words: list[str] | None = None  # pending_words(program), made when a 待定事实 is first read
        self.diags: list[Diagnostic] = []
        self.param_files = list(param_files or [])
        self.sources = sources
        self._param_roots: dict[str, tuple] = {}
        self._near_left = MAX_NEAR_NAMES

    def near(self, key: str, candidates) -> str:
        """did_you_mean, for the first MAX_NEAR_NAMES names a file gets wrong; '' after that (the caller's general
        hint). Each look compares the name with every declared one (difflib): a file of 20 000 misspelt facts
        took 15 s for hints nobody sees — a file shows only its first 100 diagnostics (breaker s22)."""
        if self._near_left <= 0:
            return ""
        self._near_left -= 1
        return did_you_mean(key, candidates)

    def dictionary(self, what: str) -> str:
        """A hint sending the reader to the data dictionary for `what` (全部事实 …): the command's, or the API's."""
        return f"GET /api/schema 列出{what}" if self.request else f"可用 hzdsl schema 查看{what}"

    def span(self, node: yaml.Node) -> Span:
        s, e = node.start_mark, node.end_mark
        return Span(self.path, s.line + 1, s.column + 1, e.line + 1, e.column + 1, s.index, e.index)

    def named(self, kind: str, key: str, node: yaml.Node, form: str = "{}") -> None:
        """Record that `node` names declaration `key` of `kind` (only when the caller asked for names)."""
        if self.names is not None:
            self.names.append(NameUse(kind, key, self.span(node), str(node.value), form))

    def err(self, code: str, node: yaml.Node, hint: str = "", related: tuple[Related, ...] = (), /,
            form: str = "", **fields) -> None:
        """Report `code` at `node` in its registry wording (hzdsl.codes: the template or `form`, filled with `fields`)."""
        self.diags.append(Diagnostic.of(code, self.span(node), hint or DEFAULT_HINTS.get(code, ""), related=related,
                                        form=form, **fields))

    # ── structure ──
    def mapping(self, node: yaml.Node, what: str) -> list[tuple[yaml.Node, yaml.Node]]:
        if not isinstance(node, yaml.MappingNode):
            # 「身份：[高校毕业生]」 (a full-width colon) reads as one plain value: say so (breaker s22)
            m = FULL_WIDTH_VALUE.match(str(node.value)) if isinstance(node, yaml.ScalarNode) else None
            tight = NO_SPACE_VALUE.match(str(node.value)) if isinstance(node, yaml.ScalarNode) else None
            hint = (f"「{m.group(1)}：」用的是全角冒号；{FULL_WIDTH_HINT}" if m else
                    f"「{tight.group(1)}:」的冒号后少了空格：YAML 的冒号后要留一个空格，如「{tight.group(1)}: …」" if tight else "")
            self.err("E701", node, hint, what=what)
            return []
        return list(node.value)

    def keyed(self, node: yaml.Node, what: str) -> list[tuple[str, yaml.Node, yaml.Node]]:
        """(key, key node, value node) of a mapping; a key that is a list or a mapping is an E701."""
        out = []
        for k, v in self.mapping(node, what):
            key = self.scalar(k, "键")
            if key is not None:
                out.append((key, k, v))
        return out

    def scalar(self, node: yaml.Node, what: str, prose: bool = False) -> str | None:
        """A single value; unless it is prose for people (名称), one that is compared must show every
        character it has."""
        if not isinstance(node, yaml.ScalarNode):
            self.err("E701", node, form="scalar", what=what)
            return None
        found = invisible(str(node.value))
        if prose:
            # prose is never compared (a zero-width space in a 名称 harms nothing), but it is printed: a
            # control character (ESC of "\x1b]0;…", "\x1b[2J") would retitle or clear the user's terminal
            found = [(i, c) for i, c in found if unicodedata.category(c) == "Cc"]
        for _, c in found[:1]:
            # 电工 with a zero-width space is not 电工: refused, never a silent mismatch
            self.err("E719", node,
                     "删去它（控制字符会被终端当作命令执行）" if prose else
                     "删去它（多半是从网页或表格复制来的）；看起来一样的值必须真的一样", what=what, char=describe(c))
        return str(node.value)

    def word(self, node: yaml.Node, what: str) -> str | None:
        """A value compared with the policy's words (取值, 文本, 申领人): read as the policy's text is —
        width-folded, without surrounding spaces."""
        text = self.scalar(node, what)
        return fold_word(text) if text is not None else None

    def pairs(self, node: yaml.Node, what: str) -> list[tuple[str, yaml.Node, yaml.Node]]:
        """(key as written, key node, value node) of a mapping. A key written twice — compared as names
        are, width-folded and without spaces (and 「」 around a name: name_key) — is E709 naming both positions:
        YAML itself would keep the last one and silently drop the first."""
        out: list[tuple[str, yaml.Node, yaml.Node]] = []
        seen: dict[str, yaml.Node] = {}
        for k, v in self.mapping(node, what):
            key = self.scalar(k, "键")
            if key is None:
                continue
            ident = name_key(key)
            if ident in seen:
                first = seen[ident].start_mark
                self.err("E709", k, "", (Related(self.span(seen[ident]), "第一次出现"),), what=what, key=key,
                         first_line=first.line + 1, first_col=first.column + 1)
                continue
            seen[ident] = k
            out.append((key, k, v))
        return out

    def unknown_key(self, key: str, k: yaml.Node, allowed: set[str], what: str, hint: str = "") -> None:
        self.err("E702", k,
                 self.near(key, allowed) or hint or "可用：" + "、".join(sorted(allowed)), what=what, key=key)

    def cases(self, root: yaml.Node) -> list[Case]:
        if not isinstance(root, yaml.MappingNode):
            # one error, not three (案例文件…映射, 案例…映射, 缺少「评估日期」 of a mapping it never was); a list is
            # most likely several cases (serve's /api/run answers several with a list): say where they go
            hint = ("一个文件中的多个案例写在「案例」之下：案例: [{名称: …, 评估日期: …, 事实: {…}}, …]"
                    "（JSON：{\"案例\": [{…}, {…}]}）；只有一个案例时直接写它的各项"
                    if isinstance(root, yaml.SequenceNode) else "")
            self.err("E701", root, hint, what="案例文件")
            return []
        pairs = self.pairs(root, "案例文件")
        keys = {key: v for key, _, v in pairs}
        if KEY_CASES in keys:
            shared = {}
            for key, k, v in pairs:
                if key == KEY_CASES:
                    continue
                if key not in SHARED_KEYS:
                    # a misspelt 事实 here would drop the facts of every case in the list
                    hint = "「预期」写在每个案例中" if key == KEY_EXPECT else ""
                    self.unknown_key(key, k, SHARED_KEYS | {KEY_CASES}, "案例文件", hint)
                    continue
                shared[key] = v
            seq = keys[KEY_CASES]
            if not isinstance(seq, yaml.SequenceNode):
                self.err("E701", seq, form="cases_list")
                return []
            if not seq.value:
                # 「案例: []」 is a file with nothing to run: `test` said so, `run` printed nothing and
                # exited 0, and `serve`'s /api/explain failed on the missing first case (500)
                self.err("E701", seq, "「案例」下每项写一个案例（- 名称: …，事实: {…}）；只有一个案例时去掉「案例」，直接写在文件中",
                         form="no_cases")
                return []
            return [c for c in (self.case(item, shared) for item in seq.value) if c is not None]
        # a single case is the file's own mapping: its pairs are read (and a repeated key reported) once
        case = self.case(root, {}, pairs)
        return [case] if case is not None else []

    def case(self, node: yaml.Node, shared: dict[str, yaml.Node],
             pairs: list[tuple[str, yaml.Node, yaml.Node]] | None = None) -> Case | None:
        own: dict[str, yaml.Node] = {}
        for key, k, v in (self.pairs(node, "案例") if pairs is None else pairs):
            if key not in CASE_KEYS:
                self.unknown_key(key, k, CASE_KEYS, "案例")
                continue
            own[key] = v
        merged = {**shared, **own}
        name = self.scalar(merged[KEY_NAME], "名称", prose=True) if KEY_NAME in merged else Path(self.path).stem
        if KEY_DATE not in merged:
            self.err("E703", node, "例如：评估日期: 2023-06-30")
            date = None
        else:
            date = self.date(merged[KEY_DATE])
        facts: dict[str, Any] = {}
        where: dict[str, yaml.Node] = {}  # fact key → its value node (the case's own wins over the shared)
        for source in (shared.get(KEY_FACTS), own.get(KEY_FACTS)):
            if source is not None:
                facts.update(self.facts(source, where))
        self.implied(facts, where)
        params = {}
        files = list(self.param_files)
        if KEY_PARAM_FILE in merged:
            files += self.param_file_names(merged[KEY_PARAM_FILE])
        own_params = self.params(merged[KEY_PARAMS], date) if KEY_PARAMS in merged else {}
        for pf in files:  # shared parameter files first; the case's own 参数 override them — so a file's dated value is
            # not looked up (nor its gap reported, E711) for a parameter the case gives itself: screen reads a row's own
            # column the same way, and E711's hint says 或在案例中直接写该参数; nor for one no reported benefit reads
            shared = self.param_file(pf, date, given=frozenset(own_params) | self.unread)
            params.update({k: v for k, v in shared.items() if k not in self.unread})
        params.update(own_params)
        applicant = self.applicant(merged[KEY_APPLICANT]) if KEY_APPLICANT in merged else ()
        history = self.history(merged[KEY_HISTORY], date) if KEY_HISTORY in merged else None
        expected = self.expected(own[KEY_EXPECT]) if KEY_EXPECT in own else []
        tags = ()
        if "标签" in merged and isinstance(merged["标签"], yaml.SequenceNode):
            # each tag is read as a single value: str() of a list node would expand its aliases
            tags = tuple(t for t in (self.scalar(x, "标签") for x in merged["标签"].value) if t is not None)
        if date is None:
            return None
        return Case(self.path, name or "", self.span(node), date, facts, params, history, expected, tags,
                    applicant, self.unread_warnings(files) if self.unread else ())

    def unread_warnings(self, files) -> tuple[Diagnostic, ...]:
        """W929 for each parameter one of `files` (this case's: --params, then its own 参数文件) sets and no reported
        benefit reads, at its name in the file; for a case's own 参数文件 also pointing at the case's line naming it.

        # 读法（polish2 s22）：案例自己的「参数文件」与命令行 --params 一样——值写了却没有所显示的待遇读它，多半是选错了
        # 待遇或文件，说一声（W929）；以前只有 --params 的报，案例自己文件中的同一个值一声不响地不用。"""
        from .params_read import unread_warnings

        out = []
        for pf in files:
            path, node = pf if isinstance(pf, tuple) else (Path(pf), None)
            spans = self.param_spans(path)
            related = (Related(self.span(node), "案例指定的参数文件"),) if node is not None else ()
            out += [replace(d, related=related)
                    for d in unread_warnings(self.p, str(path), spans, [k for k in spans if k in self.unread], "run")]
        return tuple(merged_warnings(out))

    # ── who applies, shared parameter files ──
    def applicant(self, node: yaml.Node) -> tuple[str, ...]:
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        kinds = {info.decl.entity for info in self.p.facts.values()}
        out = []
        for item in items:
            text = self.scalar(item, "申请人")
            if text is None:
                continue
            value = normalize(text).strip()
            if value not in kinds:
                self.err("E800", item,
                         self.near(value, kinds) or "可用：" + "、".join(sorted(kinds)), text=text)
                continue
            out.append(value)
        return tuple(out)

    def param_file_names(self, node: yaml.Node) -> list[tuple[Path, yaml.Node]]:
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        out = []
        for item in items:
            text = self.scalar(item, "参数文件")
            if text is not None and not self.files_allowed:
                self.err("E956", item,
                         "把参数直接写在案例的「参数」一节；共用参数文件只在命令行 hzdsl run 中可用", text=text)
            elif text is not None:
                out.append((Path(self.path).parent / text, item))  # relative to the case file
        return out

    def param_file(self, where, date: dt.date | None, schedules: bool = False,
                   given: frozenset[str] = frozenset()) -> dict[str, Any]:
        """Parameters from a shared parameter file: a YAML mapping with a 「参数」 section, read per case
        date (dated values pick the one in force) — or, with `schedules` (hzdsl screen: a date per row),
        each dated value as its whole `Dated` table. Problems are reported at the file's own lines."""
        path, node = where if isinstance(where, tuple) else (Path(where), None)
        cached = self._param_roots.get(str(path))
        if cached is None:
            text, problem = read_text(path, "参数文件")
            if problem:
                if node is not None:
                    self.err("E801", node,
                             "参数文件的路径相对于案例文件所在目录", path=path, reason=problem.message)
                else:
                    self.diags.append(problem)
                self._param_roots[str(path)] = cached = (None, None)
            else:
                if self.sources is not None:
                    self.sources.add(str(path), text)
                broken = False
                try:
                    root = compose(text, str(path))
                except HzdslError as e:
                    self.diags.extend(e.diagnostics)
                    root, broken = None, True
                # names: a rename edits the parameter file's keys too (deduplicated by span: the file is read once)
                reader = _Reader(self.p, str(path), names=self.names)
                section = None
                if broken:
                    pass
                elif root is None or not isinstance(root, yaml.MappingNode):
                    self.diags.append(Diagnostic.of("E801", Span(str(path), 1, 1, 1, 1),
                                                 "例如：参数:\n  LPR:\n    - {起始: 2023-08-21, 值: 3.45%}",
                                                 form="not_mapping", path=path))
                else:
                    # pairs: a second 「参数」 section is E709 — a dict of the keys kept the last one and
                    # dropped the first section's values without a word
                    pairs = reader.pairs(root, "参数文件")
                    self.diags.extend(reader.diags)
                    del reader.diags[:]
                    keys = {key: v for key, _, v in pairs}
                    section = keys.get(KEY_PARAMS)
                    for key, k, _ in pairs:  # 「事实」 or a misspelt 「参数表」 beside 「参数」 was ignored without a word
                        if key != KEY_PARAMS:
                            self.diags.append(Diagnostic.of(
                                "E702", reader.span(k), did_you_mean(key, {KEY_PARAMS})
                                or "参数文件只有「参数」一节；事实、历史写在案例文件中", what="参数文件", key=key))
                    if section is None:
                        self.diags.append(Diagnostic.of("E801", reader.span(root), "例如：参数:\n  LPR: 3.45%",
                                                        form="no_section", path=path))
                self._param_roots[str(path)] = cached = (reader, section)
        reader, section = cached
        if reader is None or section is None:
            return {}
        before = len(reader.diags)
        values = reader.params(section, date, schedules, given)
        for d in reader.diags[before:]:
            if d not in self.diags:
                self.diags.append(d)
        return values

    def param_spans(self, path) -> dict[str, Span]:
        """Where the parameter file `path` (read by param_file) names each parameter: key (compact) → the span of
        its name — for a message about the file's own line (hzdsl screen's W929: a parameter nothing screened reads)."""
        reader, section = self._param_roots.get(str(path), (None, None))
        if reader is None or not isinstance(section, yaml.MappingNode):
            return {}
        return {name_key(k.value): reader.span(k) for k, _ in section.value if isinstance(k, yaml.ScalarNode)}

    # ── values ──
    def date(self, node: yaml.Node) -> dt.date | None:
        text = self.scalar(node, "日期")
        if text is None:
            return None
        m = DATE_RE.match(value_text(text))
        if m:
            year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
            try:
                return dt.date(year, month, day)
            except ValueError:
                # written in the right form, but no such day: the form hint would repeat what was written (breaker s22)
                self.err("E704", node, no_such_day(year, month), form="no_such_day", text=text)
                return None
        self.err("E704", node, "写成 2023-06-30 或 2023 年 6 月 30 日", text=text)
        return None

    def quantity(self, node: yaml.Node, unit: Unit, name: str, domain: Domain | None = None) -> Q | None:
        """A number with an optional unit, read in `unit`; refused (None) outside `domain` (check.domains;
        default: any quantity with a unit is not negative)."""
        q = self._quantity(node, unit, name)
        if q is None:
            return None
        domain = domain_of("", unit) if domain is None else domain
        why = domain.problem(q.value, unit)
        if why == "超过上限":
            # 150% retained, 400 days in one subsidy year: above the declaration's 上限 (读法 in check/domains.py)
            self.err("E732", node, HINTS[why].format(what=f"「{name}」", upper=domain.upper_text), name=name,
                     value=node.value, upper=domain.upper_text)
            return None
        if why is not None:
            # a negative duration or rate, half a person: a typing slip, not a fact (读法 in check/domains.py)
            code = "E731" if why == "是负数" else "E730"
            hint = domain.whole_hint(f"「{name}」", unit) if code == "E730" else HINTS[why].format(what=f"「{name}」")
            self.err(code, node, hint, name=name,
                     value=node.value)
            return None
        return q

    def _quantity(self, node: yaml.Node, unit: Unit, name: str) -> Q | None:
        text = self.scalar(node, f"「{name}」")
        if text is None:
            return None
        plain = written_quantity_hint(text, unit.dim == (("月", 1),))  # 3,000 元, 1年6个月: say what to write
        if plain:
            self.err("E705", node, plain, name=name, text=text)
            return None
        m = QUANTITY_RE.match(value_text(text))  # 半年 alone is 1 半年, as in the policy language
        if EXPONENT_BEFORE_UNIT.match(value_text(text)):
            # 1e3 年 (what the case page sends for 1e3 typed in a number field) or 1e3年: named as the
            # notation it is, as 1e3 alone is — it was 不是数量 / 不认识的单位「e3年」
            self.err("E705", node, EXPONENT_HINT, form="exponent", name=name, text=text)
            return None
        if not m:
            self.err("E705", node,
                     f"写成数字加单位，如 6 {unit.text or ''}".rstrip(), name=name, text=text)
            return None
        number, unit_text = m.group(1), m.group(2)
        if EXPONENT_UNIT.fullmatch(unit_text):
            self.err("E705", node, EXPONENT_HINT, form="exponent", name=name, text=text)
            return None
        if too_many_digits(number):
            self.err("E705", node,
                     "检查是否多粘贴了数字", form="digits", name=name, digits=len(number), limit=MAX_NUMBER_DIGITS)
            return None
        if not unit_text:
            bases = {b for b, _ in unit.dim}
            if unit.dim and not (bases <= COUNT_BASES and len(unit.dim) == 1) or unit.text in {"%", "BP"}:
                self.err("E706", node, _unit_hint(number, unit), name=name, text=text)
                return None
            return Q.of(number, unit)
        try:
            written = parse_unit(unit_text)
        except UnitError as e:
            self.err("E706", node, f"应为 {unit.text or '无单位'} 或可换算的单位", form="reason", name=name, text=text, reason=e)
            return None
        if written.dim != unit.dim:
            self.err("E706", node,
                     conversion_hint(unit.dim, unit.text), form="unit", name=name, unit=unit.text or '无单位', unit_dim=dim_text(unit.dim),
                     unit_text=unit_text, written_unit=dim_text(written.dim))
            return None
        return Q.of(number, written)

    def typed(self, node: yaml.Node, t, unit: Unit, name: str, domain: Domain | None = None) -> Any:
        kind = t.kind
        if kind == "bool":
            text = self.scalar(node, f"「{name}」")
            value = bool_text(text) if text is not None else None
            if text is not None and value is None:
                self.err("E705", node, "写 是 或 否（也可写 真/假、有/无、1/0）", form="boolean", name=name, text=text)
            return value
        if kind == "num":
            q = self.quantity(node, unit, name, domain)
            if q is not None and t.choices and q.value not in t.choices:
                self.err("E707", node, self.dictionary("每个事实的可选取值"), name=name)
                return None
            return q
        if kind == "enum":
            # the policy's 取值 are read width-normalised; read the case's values the same way
            text = self.word(node, f"「{name}」")
            if text is not None and text not in t.choices:
                self.err("E707", node,
                         self.near(text, t.choices) or "可选：" + "、".join(f"“{c}”" for c in sorted(t.choices)),
                         form="choice", name=name, text=text)
                return None
            return text
        if kind == "set":
            if isinstance(node, yaml.ScalarNode) and node.value == "":
                return frozenset()
            if not isinstance(node, yaml.SequenceNode):
                self.err("E705", node, form="list", name=name)
                return None
            out = set()
            for item in node.value:
                text = self.word(item, f"「{name}」的一项")
                if text is not None and text not in t.choices:
                    self.err("E707", item,
                             self.near(text, t.choices) or "可选：" + "、".join(f"“{c}”" for c in sorted(t.choices)),
                             form="choice", name=name, text=text)
                elif text is not None:
                    out.add(text)
            return frozenset(out)
        if kind == "date":
            return self.date(node)
        return self.word(node, f"「{name}」")  # 文本: compared with the policy's “…” and across records

    def facts(self, node: yaml.Node, where: dict[str, yaml.Node] | None = None) -> dict[str, Any]:
        out = {}
        for name, k, v in self.pairs(node, "事实"):
            name = bare_name(name)  # 「毕业时长」 is 毕业时长 (读法 in syntax.normalize.bare_name)
            key = compact(name)
            info = self.p.facts.get(key)
            if info is None:
                kind = self.p.kind_of(key)
                hint = self.near(key, self.p.facts) or self.dictionary("全部事实")
                if kind:
                    self.err("E708", k, hint, name=name, kind=kind, form="not_fact")
                else:
                    self.err("E708", k, hint, name=name)
                continue
            self.named("事实", key, k)
            value = self.typed(v, info.type, info.unit, name, domain_of_info(info))
            if value is not None:
                out[key] = value
                if where is not None:
                    where[key] = v
        return out

    def implied(self, facts: dict[str, Any], where: dict[str, yaml.Node]) -> None:
        """E722: the case gives a fact 是 and a fact it implies (蕴含, transitively) 否.

        Read as written, the evaluator would take both as given, and each benefit would read the one it
        cites: 一次性创业补贴 paid on 初次创办 = 是 while 创业带动就业补贴 is refused on 创办 = 否 — two answers
        from one impossible applicant. Such a case is refused, naming both values and the declaration.
        """
        table = implications(self.p)
        for a, value in facts.items():
            if value is not True:
                continue
            for b in table.get(a, ((), ()))[1]:
                if facts.get(b) is False and a in where and b in where:
                    decl = self.p.facts[a].decl
                    name_a, name_b = decl.name.text, self.p.facts[b].decl.name.text
                    first = where[a].start_mark
                    self.diags.append(Diagnostic.of(
                        "E722", self.span(where[b]),
                        f"改正其中一项：若「{name_b}」确为“否”，「{name_a}」就不能为“是”；"
                        f"若「{name_a}」为“是”，删去「{name_b}」（自动按“是”计）",
                        related=(Related(self.span(where[a]), f"「{name_a}」为“是”"),
                                 Related(decl.span, f"「{name_a}」蕴含「{name_b}」的声明")), name_a=name_a,
                                 first_line=first.line + 1, first_col=first.column + 1, name_b=name_b))

    def params(self, node: yaml.Node, date: dt.date | None, schedules: bool = False,
               given: frozenset[str] = frozenset()) -> dict[str, Any]:
        """「参数名: 值」 typed by the declarations. A dated parameter gives its value at `date` — or, with
        `schedules` (hzdsl screen: each row has its own 评估日期), its whole `runtime.dated.Dated` table.
        `given`: keys the case gives itself — their dated entries are still checked, not looked up at `date`."""
        out = {}
        for name, k, v in self.pairs(node, "参数"):
            name = bare_name(name)
            key = compact(name)
            info = self.p.params.get(key)
            if info is None:
                self.err("E708", k, self.near(key, self.p.params) or self.dictionary("全部参数"), form="param",
                         name=name)
                continue
            self.named("参数", key, k)
            if isinstance(v, yaml.SequenceNode):
                value = self.dated(v, info, name, date, schedules or key in given)
            else:
                value = self.typed(v, info.type, info.unit, name, domain_of_info(info))
            if value is not None:
                out[key] = value
        return out

    def dated(self, node: yaml.SequenceNode, info, name: str, date: dt.date | None, schedule: bool = False):
        """A dated parameter: a list of {起始: date, 值: value[, 截止: date]}; the latest start not after the
        case date. An entry whose 截止 (last day in force) is before the case date does not apply.
        The rule is `runtime.dated.Dated.at`; `schedule`: return the whole `Dated` table instead."""
        entries: list[DatedEntry] = []
        starts: dict[dt.date, tuple[yaml.Node, Any]] = {}
        ends: dict[dt.date, yaml.Node | None] = {}  # each kept entry's 截止 node
        reported = len(self.diags)
        for item in node.value:
            fields = {}
            for key, k, v in self.pairs(item, f"参数「{name}」的一项"):
                if key not in DATED_KEYS:
                    self.unknown_key(key, k, DATED_KEYS, f"参数「{name}」的一项")
                else:
                    fields[key] = v
            if "起始" not in fields or "值" not in fields:
                self.err("E710", item, "可加「截止」「来源」", name=name)
                continue
            start = self.date(fields["起始"])
            end = self.date(fields["截止"]) if "截止" in fields else None
            value = self.typed(fields["值"], info.type, info.unit, name, domain_of_info(info))
            if start is None or value is None:
                continue
            if end is not None and end < start:
                # in force on no day at all: read as 「ended」, it made E711 say 「最近一项已于 … 截止」 (breaker s22)
                self.err("E717", fields["截止"], "截止是该值生效的最后一天，不早于起始；多半是两个日期写反了或年份写错了",
                         form="reversed", name=name, start=start, end=end)
                continue
            if start in starts and starts[start][1] != value:
                # two values from the same day: nothing says which one holds (never pick silently)
                first = starts[start][0].start_mark
                self.err("E717", fields["起始"], "", (Related(self.span(starts[start][0]), "另一个值的起始"),), name=name,
                         start=start, first_line=first.line + 1, first_col=first.column + 1)
                continue
            if start not in starts:
                entries.append(DatedEntry(start, end, value))
                ends[start] = fields.get("截止")
            starts.setdefault(start, (fields["起始"], value))
        entries.sort(key=lambda e: e.start)
        for before, after in zip(entries, entries[1:]):
            if before.end is not None and before.end >= after.start and before.value != after.value:
                # an entry still in force (截止 given) when the next one starts: two values on one day, as E717's
                # same start — the later start was taken without a word (breaker s22)
                self.err("E717", starts[after.start][0], "让前一项的截止早于后一项的起始（如截止写成后一项起始的前一天）",
                         (Related(self.span(ends[before.start]), "前一项的截止"),), form="overlap", name=name,
                         start=after.start, before=before.start, end=before.end)
        table = Dated(tuple(entries))
        if schedule:
            return table if entries else None
        if date is None or len(self.diags) > reported:
            return None  # an entry already refused: E711 would only echo it
        best = table.latest(date)
        if best is None:
            self.err("E711", node, "补一项起始日期不晚于评估日期的值", name=name, date=date)
            return None
        if table.at(date) is None:
            self.err("E711", node,
                     "补上评估日期当时公布的值（写明来源），或在案例中直接写该参数", form="ended", name=name, date=date, until=best.end)
            return None
        return best.value

    def history(self, node: yaml.Node, as_of: dt.date | None = None) -> list[HistoryEntry]:
        if isinstance(node, yaml.ScalarNode) and node.value in {"", "无"}:
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.err("E701", node, form="history_list")
            return []
        out = []
        for item in node.value:
            fields = {}
            raw = {key: (k, v) for key, k, v in self.pairs(item, "历史记录")}
            if "待遇" not in raw or "日期" not in raw:
                self.err("E712", item)
                continue
            # every problem of the record is reported (errors are collected): an undefined benefit, a late date or a
            # wrong claimant used to stop the reading, hiding the record's other slips until the next run (breaker s22)
            usable = True
            bname = self.scalar(raw["待遇"][1], "待遇")
            bname = bare_name(bname) if bname is not None else None
            bkey = compact(bname) if bname is not None else None
            if bkey is None:
                usable = False  # not a single value: already reported
            elif bkey not in self.p.benefits:
                self.err("E713", raw["待遇"][1],
                         self.near(bkey, self.p.benefits), benefit=bname, where="历史记录")
                usable = False
            else:
                self.named("待遇", bkey, raw["待遇"][1])
            date = self.date(raw["日期"][1])
            # 读法：历史是评估日期当日及以前已发生的申领；晚于评估日期的申领在那一天还不存在，不是“过去的申领”。
            # 写进历史多半是评估日期或申领日期写错了：报错（E720），不静默计入也不静默丢弃。
            if date is not None and as_of is not None and date > as_of:
                self.err("E720", raw["日期"][1],
                         "历史只列评估日期当日及以前的申领；核对这条记录的「日期」和案例的「评估日期」", date=date, as_of=as_of)
                usable = False
            claimant = "个人"
            if "申领人" in raw:
                node = raw["申领人"][1]
                claimant = self.word(node, "申领人") or "个人"
                # a misspelt claimant would silently slip past a 已由 单位 享受的 rule
                allowed = CLAIMANTS | {lim.claimant for lim in self.p.limits if lim.claimant}
                if claimant not in allowed:
                    self.err("E716", node,
                             "用人单位、企业、机构申领的都写「单位」；本人申领写「个人」", allowed='、'.join(sorted(allowed)), claimant=claimant)
                    usable = False
            amount = None
            if "金额" in raw:  # what that claim granted, counted by amount limits (每人每年 金额 不超过 …)
                amount = self.quantity(raw["金额"][1], MONEY, "金额")
            for fname, (k, v) in raw.items():
                if fname in {"待遇", "日期", "申领人", "金额"}:
                    continue
                fname = bare_name(fname)
                key = compact(fname)
                info = self.p.facts.get(key)
                if info is None:
                    self.err("E708", k,
                             self.near(key, self.p.facts) or "字段名须是已声明的事实", form="history_field", field=fname)
                    continue
                self.named("事实", key, k)
                value = self.typed(v, info.type, info.unit, fname, domain_of_info(info))
                if value is not None:
                    fields[key] = value
            if date is not None and usable:
                out.append(HistoryEntry(bkey, date, claimant, fields, amount))
        return out

    def expected(self, node: yaml.Node) -> list[Expected]:
        out = []
        for bname, k, v in self.pairs(node, "预期"):
            bname = bare_name(bname)
            bkey = compact(bname)
            if bkey not in self.p.benefits:
                self.err("E713", k, self.near(bkey, self.p.benefits), benefit=bname, where="预期")
                continue
            self.named("待遇", bkey, k)
            status, amount, amount_text, missing = None, None, "", None
            if isinstance(v, yaml.ScalarNode):
                status = v.value
            else:
                for field_name, fk, fv in self.pairs(v, f"「{bname}」的预期"):
                    if field_name not in EXPECT_KEYS:
                        self.err("E702", fk,
                                 self.near(field_name, EXPECT_KEYS) or "可用：结论、金额、待定事实、算式", key=field_name, what="预期")
                    elif field_name == "结论":
                        status = self.scalar(fv, "结论")
                    elif field_name == "金额":
                        amount_text = self.scalar(fv, "金额") or ""
                        amount = self.expected_amount(fv, amount_text, bkey)
                    elif field_name == "待定事实":
                        if isinstance(fv, yaml.SequenceNode):
                            names = ((x, self.scalar(x, "待定事实的一项")) for x in fv.value)
                            missing = frozenset(self.pending_name(x, name) for x, name in names if name is not None)
                        else:
                            self.err("E701", fv, form="pending_list")
            if status is not None and status not in STATUSES:
                self.err("E714", v, status=status)
                status = None
            if status is None and amount is None and missing is None and amount_text.strip() != "待定" \
                    and not self._has_errors_at(v):
                # only 算式 (for the reviewer), or nothing: the case would pass whatever the engine says
                self.err("E718", k,
                         "写出 结论、金额 或 待定事实 中至少一项；「算式」只给审阅人看，不参与比较", benefit=bname)
            out.append(Expected(bkey, status, amount, amount_text, missing, self.span(k)))
        return out

    def record_pending(self, node: yaml.Node, key: str) -> None:
        """Record the declaration a 待定事实 item names: a fact by its name, 参数「…」, 历史记录中的「…」 (render_words)."""
        if self.names is None:
            return
        if key in self.p.facts:
            self.named("事实", key, node)
            return
        for kind, form in PENDING_FORMS:
            head, tail = form.split("{}")
            inner = key[len(head):-len(tail)] if key.startswith(head) and key.endswith(tail) else None
            table = self.p.params if kind == "参数" else self.p.facts
            if inner and inner in table:
                self.named(kind, inner, node, form)

    def pending_name(self, node: yaml.Node, written: str) -> str:
        """The compared key of one name of a 待定事实 list; a name the engine can never list there is reported (E708).

        What the engine lists as missing is worded by render_words.key_word (compared in compact form): a fact by its
        name, 参数「名」, 历史申领记录, 历史记录中的「字段」 (a fact or 金额). A misspelt name was compared as written and
        could only fail as a mismatch that never said it was a typo; a benefit's or a term's name is never missing."""
        key = name_key(written)
        if key in self.p.facts:  # the common case, without the list
            self.record_pending(node, key)
            return key
        if self._pending_words is None:
            self._pending_words = pending_words(self.p)
        if key in self._pending_words:
            self.record_pending(node, key)
            return key
        name = bare_name(written)
        kind = self.p.kind_of(key)
        if kind:
            hint = (f"参数写作 {key_word(Key(KeyKind.PARAM, name))}，与 hzdsl run 的「需要」一样" if kind == "参数" else
                    f"待定事实只列缺少的事实（与 hzdsl run 的「需要」一样）：写这个{kind}所依据的、案例没有给出的事实")
            self.err("E708", node, hint, form="pending_not_fact", name=name, kind=kind)
        else:
            self.err("E708", node, self.near(key, self._pending_words) or
                     "待定事实的每一项是事实名、参数「名」、历史申领记录或历史记录中的「字段」，与 hzdsl run 的「需要」一样写",
                     form="pending", name=name)
        return key

    def _has_errors_at(self, node: yaml.Node) -> bool:
        """Whether a diagnostic was already reported inside this node (a misspelt or malformed entry)."""
        s, e = node.start_mark.index, node.end_mark.index
        return any(d.span.file == self.path and d.span.start is not None and s <= d.span.start <= e
                   for d in self.diags)

    def expected_amount(self, node: yaml.Node, text: str, bkey: str) -> Q | None:
        body = normalize(text).strip()
        body = body[len(amount_prefix(text)):].strip()
        if body in {"待定", ""}:
            return None
        m = QUANTITY_RE.match(body)
        if not m:
            self.err("E705", node, written_quantity_hint(body, False) or "写成 3000 元、50 万元、3.65% 等", form="amount",
                     text=text)
            return None
        if EXPONENT_UNIT.fullmatch(m.group(2)):
            self.err("E705", node, EXPONENT_HINT, form="amount_exponent", text=text)
            return None
        if too_many_digits(m.group(1)):
            self.err("E705", node,
                     "检查是否多粘贴了数字", form="amount_digits", digits=len(m.group(1)), limit=MAX_NUMBER_DIGITS)
            return None
        try:
            q = Q.of(m.group(1), parse_unit(m.group(2)))
        except UnitError as e:
            self.err("E706", node, form="amount_reason", text=text, reason=e)
            return None
        # An amount in a unit the benefit is not paid in (3000 个月 for a benefit paid in 元) is a slip in
        # the case file: refused by name, as a fact's wrong unit is, instead of compared and reported as a
        # failing case "预期 3000 个月 / 实际 3000 元".
        paid_in = self.payout_unit(bkey)
        if paid_in is not None and q.dim != paid_in[0]:
            shown = paid_in[1]
            self.err("E706", node,
                     f"写成与待遇相同的单位，如 {m.group(1)} {shown}；{dim_text(q.dim)}与 {shown} 不能换算", form="amount_unit",
                     name=self.p.benefits[bkey].name.text, shown=shown, text=text, bound_unit=dim_text(q.dim))
            return None
        return q

    def payout_unit(self, bkey: str):
        """(dimension, unit word) benefit `bkey` is paid in — the unit the drafter wrote when it has the
        payout's dimension, else the dimension's name — or None when the payout has no known dimension
        (a right, 按规定, a value not typed as a quantity)."""
        from ..ir import ir_of

        benefit = ir_of(self.p).benefits.get(bkey)
        payout = benefit.outcome.payout if benefit is not None else None
        if payout is None or payout.type.kind != "num":
            return None
        shown = benefit.outcome.display_unit
        word = shown.text if shown is not None and shown.dim == payout.type.dim and shown.text else dim_text(payout.type.dim)
        return payout.type.dim, word


AMOUNT_PREFIXES = ("最高", "至多")  # 最高: a loan ceiling; 至多: the most an open amount limit leaves


def amount_prefix(text: str) -> str:
    """The prefix an expected 金额 starts with — 最高, 至多 or "" — compared by cases.compare like the number:
    it says what the amount is (a ceiling, an open quota's bound, or the amount itself)."""
    body = normalize(text).strip()
    return next((p for p in AMOUNT_PREFIXES if body.startswith(p)), "")


_POLICY_START = re.compile(r"^(条款|部分|事实|参数|术语|待遇|例外|限制|说明 依据)\s")


def _looks_like_policy(text: str) -> bool:
    """Whether a file's first statement is a policy declaration (条款 三 …, 事实 「…」 …), not YAML."""
    for line in text.splitlines():
        s = line.strip()
        if s and not s.startswith("#"):
            return bool(_POLICY_START.match(normalize(s)))
    return False


def load_cases(path: str | Path, program: Program, sources: Sources | None = None,
               param_files: list[str] | None = None, reported: list[str] | None = None,
               warnings: list[Diagnostic] | None = None) -> list[Case]:
    """Load one case file; raises HzdslError with every problem found.

    param_files: shared parameter files (YAML with a 「参数」 section) read before each case's own
    「参数」 and 「参数文件」; the case's own values win.
    reported: the benefits the command reports (run --benefit/--clause; None: all). A parameter none of them reads
    is not taken from a parameter file, nor checked at the case's date (cases.params_read); `warnings` receives
    W929 for each such parameter a file of `param_files` or a case's own 参数文件 sets, once per place in the file
    (each case also holds its own in `Case.warnings`).
    """
    path = Path(path)
    text, problem = read_text(path, "案例文件")
    if problem:
        raise HzdslError([problem])
    return cases_from_text(text, str(path), program, sources, param_files, reported=reported, warnings=warnings)


def pending_words(program: Program) -> list[str]:
    """Every name a 预期's 待定事实 may hold, compact: the words of each key the engine can list as missing (a fact,
    a parameter, the history, a field of the history: a fact or 金额), worded as render_words words them."""
    keys = [*(Key(KeyKind.FACT, f) for f in program.facts), Key(KeyKind.HISTORY),
            *(Key(KeyKind.PARAM, p) for p in program.params),
            *(Key(KeyKind.HISTORY_FIELD, f) for f in (*program.facts, "金额"))]
    return [compact(key_word(k)) for k in keys]


def cases_from_text(text: str, name: str, program: Program, sources: Sources | None = None,
                    param_files: list[str] | None = None, files_allowed: bool = True,
                    reported: list[str] | None = None, warnings: list[Diagnostic] | None = None,
                    names: list[NameUse] | None = None, request: str | None = None) -> list[Case]:
    """Read case-file text (YAML, or JSON — a subset) named `name` in messages; raises HzdslError.

    param_files, reported, warnings: as for load_cases (paths in the case text resolve against the folder of `name`).
    files_allowed=False (text from the network): a 「参数文件」 in the text is E956, no file is read.
    names: receives where the text (and the parameter files it names) names each declaration (NameUse), even when
    the file has problems (then CaseFileError is raised after it is filled).
    request: the body of an API request, as its sender declared it ("json" or "yaml"); None for a file. A request's
    `name` only labels it in messages (the client chose it, the body decides what it is), its problems are told in
    the API's terms, and a body declared JSON that is not readable is told as a JSON error."""
    if sources is not None:
        sources.add(name, text)
    if request is not None:
        if _looks_like_policy(text):
            raise HzdslError([Diagnostic.of(
                "E803", Span(name, 1, 1, 1, 1),
                "POST /api/run 与 /api/explain 的请求体是一个案例（YAML 或 JSON，字段见 GET /api/schema）；"
                "求值所用的政策是 hzdsl serve 启动时读入的，请求不能更换", form="request")])
    elif name.endswith(".policy") or _looks_like_policy(text):
        raise HzdslError([Diagnostic.of("E803", Span(name, 1, 1, 1, 1),
                                     "hzdsl run 的参数是案例文件（YAML，见 docs/案例格式.md）；"
                                     f"要用这个政策文件求值，写 hzdsl run 案例.yaml -p {name}", name=name)])
    root = compose(text, name, declared_json=request == "json")
    if root is None:
        raise HzdslError([Diagnostic.of("E701", Span(name, 1, 1, 1, 1), form="empty_file")])
    unread = frozenset()
    if reported is not None or warnings is not None:  # a command that reports benefits (run): the others stay as they were
        from .params_read import params_read

        unread = frozenset(program.params) - params_read(program, reported)
    reader = _Reader(program, name, param_files, sources, files_allowed, unread, names, request=request is not None)
    cases = reader.cases(root)
    if reader.diags:
        raise CaseFileError(reader.diags, cases)
    if warnings is not None:
        warnings += merged_warnings([w for c in cases for w in c.warnings])
    return cases


def parameter_names(text: str, name: str, program: Program, names: list[NameUse]) -> list[Diagnostic]:
    """Where a parameter file (--params, a case's 参数文件: a 「参数」 section) names each parameter, read as
    `_Reader.param_file` reads it — into `names`; returns the problems found. Raises HzdslError when the text is
    not YAML."""
    root = compose(text, name)
    reader = _Reader(program, name, names=names)
    if isinstance(root, yaml.MappingNode):
        for key, _, section in reader.pairs(root, "参数文件"):
            if key == KEY_PARAMS:
                reader.params(section, None, schedules=True)
    return reader.diags


def merged_warnings(diags: list[Diagnostic]) -> list[Diagnostic]:
    """One diagnostic per place: a parameter file given twice (--params and a case's 参数文件) or read by several
    cases of one file is one W929, pointing at every case line that names it."""
    out: dict[tuple, Diagnostic] = {}
    for d in diags:
        key = (d.code, d.span.file, d.span.line, d.span.col)
        if key in out:
            seen = out[key]
            out[key] = replace(seen, related=seen.related + tuple(r for r in d.related if r not in seen.related))
        else:
            out[key] = d
    return list(out.values())


class CaseFileError(HzdslError):
    """A case file with problems, and the cases that could be built from it anyway (`cases`, possibly incomplete:
    a case with a problem of its own has its bad values left out). `hzdsl test` runs the cases whose own lines hold no
    problem when every problem lies inside some case (`by_case`); anything else refuses the whole file."""

    def __init__(self, diagnostics: list[Diagnostic], cases: list[Case]):
        super().__init__(diagnostics)
        self.cases = cases

    def by_case(self) -> dict[int, list[Diagnostic]] | None:
        """{index in `cases` → the problems inside that case's own lines}, or None when some problem is outside every
        case built (the shared keys, another file, a case that could not be built at all)."""
        out: dict[int, list[Diagnostic]] = {}
        for d in self.diagnostics:
            at = d.span
            owner = next((i for i, c in enumerate(self.cases)
                          if at.file == c.span.file and at.start is not None and c.span.start is not None
                          and c.span.start <= at.start < c.span.end), None)
            if owner is None:
                return None
            out.setdefault(owner, []).append(d)
        return out


def fraction_of(q: Q) -> Fraction:
    return q.value
