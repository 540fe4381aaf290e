"""Population and claims files → typed, validated DuckDB views `pop` and `claims` (columns.Layout).

Input: CSV (UTF-8, header row), Parquet, or a DuckDB table written `FILE.duckdb:TABLE`.
Population columns: 编号 (required), 评估日期 (optional; else --date), 历史已知 (optional; default: known
when a claims file is given), one column per declared fact by its name (「毕业时长」 or 毕业时长), and
optionally one per parameter. Values are read by the declared type, as in case files: 是/否 for 布尔,
a number with or without a unit for quantities (`6 个月`, `0.5 年`, `4.35%`; no unit = the declared
unit), a declared member for 枚举, members separated by 、 ; | for 集合 (`无` = the empty set), a date
2023-06-30. An empty cell is an unknown fact.
Claims columns: 编号, 待遇, 日期, 申领人 (optional, default 个人), 金额 (optional), and the facts the
限制 rules compare (职业, 证书等级, 贷款期限 …).

Validation runs in DuckDB over the whole file (one query per column), and the first bad value of
each column is reported as a Chinese diagnostic naming column and row (E910–E914); nothing is
computed or written while any error stands. Typing is done by sqlglot expressions, never by glued SQL.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from fractions import Fraction
from collections.abc import Iterable
from pathlib import Path

from sqlglot import exp

from .builders import alias_, and_, cast, or_, select

from ...check.checker import did_you_mean
from ...check.domains import HINTS, UNRESTRICTED, Domain, domain_of, domain_of_info
from ...check.program import Program
from ...errors import NO_SPAN, Diagnostic, HzdslError, Related, Span
from ...runtime.dated import Dated
from ...runtime.units import UnitError, parse_unit, to_decimal
from ...units import conversion_hint
from ...check.invisible import describe, invisible
from ...syntax.normalize import (ALONE_UNITS, DATE_PATTERN, EXPONENT_HINT, EXPONENT_UNIT, FALSE_WORDS, QUANTITY_PATTERN,
                                 QUANTITY_RE, SET_SEPARATORS,
                                 STABLE_CELL, TRUE_WORDS, bool_text, compact, date_hint, fold_word, name_key, normalize,
                                 value_text, written_quantity_hint)
from .columns import NUM, SCALE, Layout, col
from .columns import false as false_
from .expressions import NUM_MAX, case, is_null
from .frames import history_fields
from .precision import Places, decimals, input_places
from .specialise import constant_columns
from ...ir import summary as hs

ID, DATE, HIST = "编号", "评估日期", "历史已知"
C_BENEFIT, C_DATE, C_CLAIMANT, C_AMOUNT = "待遇", "日期", "申领人", "金额"
WIDE = exp.DataType.build("DECIMAL(38, 12)")
QTY_PATTERN = QUANTITY_PATTERN  # the case loader's (syntax.normalize), matched after value_text
# a number in scientific notation (1e1, 1.5E+1, 2e0 年), as a spreadsheet writes a long or small number
SCIENTIFIC_PATTERN = r"^\s*(-?[0-9]+(?:\.[0-9]+)?[eE][+-]?[0-9]+)\s*(\S*)\s*$"
BARE_RATE_UNITS = frozenset({"%", "BP"})  # a number for these must say its unit (cases/load.py refuses it too)


@dataclass
class Source:
    """A readable table: how to scan it, and how its rows are numbered for messages."""

    path: str
    relation: exp.Expression  # FROM item
    row_label: str  # 行 (CSV: the line in the file; Parquet/DuckDB: the row, from 1)
    row_offset: int
    is_text: bool = False  # CSV: a cell has a character column in its line
    types: dict[str, str] = field(default_factory=dict)  # column → DuckDB type (VARCHAR: typed here by the declaration)
    what: str = "人群文件"  # 人群文件 / 申领历史文件, as messages name it


    def cells(self, rids) -> "Cells":
        """Where the given rows (`__row`, 0-based) and their cells are in the file: one streaming pass over
        a CSV (csv_records); a Parquet file or DuckDB table has no lines (row n is 第 n 行, column = field)."""
        return Cells(self, csv_records(self.path, {int(r) for r in rids}) if self.is_text else {})


@dataclass(frozen=True)
class Cells:
    """The place of some rows of a Source: `line(rid)` for the row, `span(rid, field)` for a cell (1-based field)."""

    src: Source
    records: dict[int, tuple[int, dict[int, tuple[int, int, int, int]]]]  # rid → (first line, field → span)

    def line(self, rid: int) -> int:
        """The line a row starts on (rid −1: the header, line 1 unless a quoted line break comes before it)."""
        rec = self.records.get(int(rid))
        if rec:
            return rec[0]
        return 1 if rid < 0 else int(rid) + self.src.row_offset

    def span(self, rid: int, field: int) -> Span:
        """The cell's span (a quoted cell may run over several lines); else the row's line, column `field`."""
        rec = self.records.get(int(rid))
        if rec and field in rec[1]:
            return Span(self.src.path, *rec[1][field])
        line = self.line(rid)
        return Span(self.src.path, line, field, line, field)

    def row(self, rid: int, field: int | None = None) -> str:
        """第 n 行: the line of the cell (or of the row's start) — where the editor's caret goes."""
        return self.src.row_label.format(self.span(rid, field).line if field is not None else self.line(rid))


def _value_word(value):
    """A typed cell as a message quotes it: a binary float's NaN / ±inf (a Parquet DOUBLE column) in words — Python's
    「nan」「inf」 read as a typo of the file (breaker s22); anything else as it is."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN（非数）" if math.isnan(value) else ("负无穷大" if value < 0 else "无穷大")
    return value


def typed_number_hint(unit: str):
    """The hint of E912 for a numeric cell (Parquet, DuckDB table) screening cannot hold exactly in
    DECIMAL(18, 8) base units, by what is wrong with the value it is given: NaN / infinity (no value), a
    whole part too long, or too many decimals (a DOUBLE column's 0.1 + 0.2 = 0.30000000000000004, a third of
    a year). Before, every such cell read 「写成数字」 — it is a number (breaker3 s23)."""
    from decimal import Decimal

    def hint(value) -> str:
        if isinstance(value, float) and not math.isfinite(value):
            return "NaN、无穷大不是数量（多半是计算出错或缺值）：不知道的值留空（NULL），依赖它的待遇为待定"
        try:
            text = format(Decimal(repr(value) if isinstance(value, float) else str(value)), "f")
        except ArithmeticError:
            return f"写成数字（单位为 {unit}）"
        whole, _, frac = text.lstrip("-").partition(".")
        frac = frac.rstrip("0")
        if len(whole.lstrip("0")) > 10:
            return f"整数部分超过 10 位：筛查以整数 10 位、小数 8 位计算，无法表示这个数；请核对原值（单位为 {unit}）"
        if len(frac) > 8:
            return (f"这个数有 {len(frac)} 位小数（浮点数列的计算常留下这样的尾数，如 0.1 + 0.2 = 0.30000000000000004）："
                    f"筛查按基本单位精确到 8 位小数，请在写出文件前把它舍入到实际的精度（单位为 {unit}）")
        return f"换算为基本单位后超过 8 位小数或 10 位整数（单位为 {unit}）：请舍入到实际的精度，或核对原值"
    return hint


def csv_records(path: str, rids: set[int]) -> dict[int, tuple[int, dict[int, tuple[int, int, int, int]]]]:
    """For the given data records of a CSV file (0-based, the header not counted, as DuckDB's rows): the line
    the record starts on and, per field (1-based), its span (first line, first column, last line, last
    column + 1; columns 1-based).

    A record is not a line: a quoted cell may hold a line break (`"电⏎工"`), and DuckDB skips an empty line
    between records — counting rows as lines put every later message on the wrong line. Lines are read
    streaming; a line outside the wanted records costs one count of its quotes (quote parity says whether
    a record goes on), so only the wanted records are split character by character."""
    out: dict[int, tuple[int, dict[int, tuple[int, int, int, int]]]] = {}
    if not rids:
        return out
    last = max(rids)
    sep = "\t" if path.lower().endswith(".tsv") else ","
    record, quoted = -2, False  # record -1 is the header
    fields: dict | None = None  # the wanted record being split
    first_line = cell = 0
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as f:
        for number, text in enumerate(f, start=1):
            text = text.rstrip("\r\n")
            if not quoted:  # a new record starts here (an empty line between records is skipped)
                if text == "":
                    continue
                record += 1
                if record > last:
                    break
                if record in rids:
                    fields, first_line, cell = {}, number, (number, 1)
            if fields is None:
                quoted ^= text.count('"') % 2 == 1
                continue
            for i, ch in enumerate(text):
                if ch == '"':
                    quoted = not quoted
                elif ch == sep and not quoted:
                    fields[len(fields) + 1] = (*cell, number, i + 1)
                    cell = (number, i + 2)
            if not quoted:  # the record ends with this line
                fields[len(fields) + 1] = (*cell, number, len(text) + 1)
                out[record] = (first_line, fields)
                fields = None
    return out


def first(con, q: exp.Expression):
    """The first row of a query, or None (the result is consumed: DuckDB ≥ 2 wants every result finished)."""
    rows = con.execute(q.sql("duckdb")).fetchall()
    return rows[0] if rows else None


def _err(code: str, path: str, hint: str, line: int = 1, /, form: str = "", **fields) -> Diagnostic:
    """A file-level problem (line 1 unless given) in the registry wording of `code` (hzdsl.codes)."""
    return Diagnostic.of(code, Span(path, line, 1, line, 1), hint, form=form, **fields)


ROW = "__row"  # the row number column of a source (0-based, in file order)
NUMERIC = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT",
           "UHUGEINT", "FLOAT", "DOUBLE", "DECIMAL")
INTEGRAL = NUMERIC[:10]
# what DuckDB's CSV sniffer may make of a column: integers and ISO dates typed; anything else (是/否,
# true/false, 6 个月, 3.45%, decimals) stays text and is typed by the declared type below — a decimal is never
# read as a binary DOUBLE from a CSV, so no value is rounded on the way in. Not BOOLEAN: the sniffer types a
# column of yes/no or T/F as BOOLEAN, words the one 布尔 reader (syntax.normalize.bool_text) refuses.
CSV_TYPES = ("BIGINT", "DATE", "VARCHAR")
# column types that hold no single value (Parquet / DuckDB): a fact column of one of them is E911 column_type
NOT_A_VALUE = ("STRUCT", "MAP", "LIST", "UNION", "BLOB", "BIT")


def _scan(kind: str, p: Path, table: str | None, name: str, all_varchar: bool = False) -> exp.Select:
    if kind == "table":
        return select("*", alias_(exp.column("rowid"), ROW)).from_(exp.to_table(f"src_{name}.{table}"), copy=False)
    if kind == "parquet":
        return select(exp.Star(except_=[exp.column("file_row_number")]),
                      alias_(exp.column("file_row_number"), ROW)).from_(exp.func(
            "read_parquet", exp.Literal.string(str(p)), exp.EQ(this=exp.var("file_row_number"), expression=exp.true())))
    opts = [exp.EQ(this=exp.var("header"), expression=exp.true())]
    if all_varchar:
        opts.append(exp.EQ(this=exp.var("all_varchar"), expression=exp.true()))
    else:
        opts += [exp.EQ(this=exp.var("auto_type_candidates"),
                        expression=exp.Array(expressions=[exp.Literal.string(t) for t in CSV_TYPES])),
                 exp.EQ(this=exp.var("dateformat"), expression=exp.Literal.string("%Y-%m-%d"))]
    return select("*").from_(exp.func("read_csv", exp.Literal.string(str(p)), *opts))


def open_source(con, path: str, name: str) -> Source:
    """The file as a relation with typed columns and a row number (`__row`), read by DuckDB itself.

    Parquet files and DuckDB tables are read in place, with the types they carry (no copy: ten million
    rows stream). A CSV file is read once into a temporary table, in file order, with the types DuckDB's
    sniffer finds (CSV_TYPES); when a later row does not fit a sniffed type, the file is read again
    with every column as text (the text path types it by the declared type and names the bad cell).
    """
    p = Path(path.split(".duckdb:")[0] + ".duckdb") if ".duckdb:" in path else Path(path)
    what = "人群文件" if name == "pop" else "申领历史文件"
    if not p.exists():
        raise HzdslError([_err("E910", str(p), "检查路径；支持 CSV、Parquet 与 FILE.duckdb:表名", what=what, path=p)])
    if not p.is_file():
        raise HzdslError([_err("E910", str(p), "给出一个 CSV、Parquet 文件，或 FILE.duckdb:表名", form="not_regular", what=what,
                               path=p)])
    suffix = p.suffix.lower()
    table = None
    kind = "table" if ".duckdb:" in path else "parquet" if suffix == ".parquet" else "csv"
    try:
        if ".duckdb:" in path:
            table = path.split(".duckdb:", 1)[1]
            con.execute(f"ATTACH {exp.Literal.string(str(p)).sql('duckdb')} AS src_{name} (READ_ONLY)")
        elif suffix == ".parquet":
            kind = "parquet"
        elif suffix in {".csv", ".txt", ".tsv"}:
            kind = "csv"
        else:
            raise HzdslError([_err("E910", str(p),
                                   "支持 .csv、.parquet，或 FILE.duckdb:表名", form="file_type", suffix=p.suffix or '（无扩展名）',
                                   path=p)])
        if kind == "csv":
            _has_header(p, what)
            relation = _materialise_csv(con, p, name)
        elif kind == "table":
            relation = _table(con, table, name)
        else:
            relation = _scan(kind, p, table, name).subquery(f"src_{name}")
        desc = con.execute(select("*").from_(relation.copy(), copy=False).limit(0).sql("duckdb")).description
        if kind == "csv" and len([d for d in desc if d[0] != ROW]) != (_csv_dialect(p) or ("", 1))[1]:
            _refuse_ragged(p, what)  # the sniffer read a row of the wrong width as the file's shape
        if kind == "csv":
            _refuse_repeated_header(p, name)
    except HzdslError:
        raise
    except Exception as e:  # a malformed file: DuckDB's own message, in a Chinese frame
        if out_of_memory(e):  # not the file's fault: the caller's memory_guarded says so (E960)
            raise
        if kind == "csv":
            _refuse_not_utf8(p, what)
            _refuse_long_line(p, what)
            _refuse_ragged(p, what)
        if kind == "table":
            _refuse_database(e, p, what)
        raise HzdslError([_err("E910", str(p), UNREADABLE_HINTS[kind], form="unreadable", what=what, path=p,
                               reason=str(e).splitlines()[0])]) from None
    types = {d[0]: str(d[1]).upper() for d in desc if d[0] != ROW}
    offset = 2 if kind == "csv" else 1
    return Source(str(p), relation, "第 {} 行", offset, kind == "csv", types, what)


# DuckDB's words for a database file another process holds (its write lock) and for a file that is no database
HELD_LOCK = re.compile(r"Could not set lock on file .*?Conflicting lock is held in (.*?) \(PID (\d+)\)", re.S)
NOT_DATABASE = "not a valid DuckDB database file"


def _refuse_database(e: BaseException, p: Path, what: str) -> None:
    """E910 for a `文件.duckdb:表` input DuckDB cannot open for a reason that is not the table's name: another
    process holds the database (a session writing it), or the file is no DuckDB database (a CSV renamed, an
    empty file). Before, DuckDB's English message stood under the hint 核对数据库文件与表名 (breaker3 s23)."""
    text = str(e)
    held = HELD_LOCK.search(text)
    if held:
        raise HzdslError([_err("E910", str(p), "关闭正在使用这个数据库的程序（如另一个 DuckDB 会话）后再筛查；"
                               "或在那个程序中把表导出为 Parquet（COPY 表 TO '人群.parquet'），筛查导出的文件",
                               form="held", what=what, path=p, holder=f"{held.group(1)}，PID {held.group(2)}")]) from None
    if NOT_DATABASE in text:
        raise HzdslError([_err("E910", str(p), "文件.duckdb:表名 只用于 DuckDB 数据库；CSV、Parquet 文件直接写文件名"
                               "（扩展名 .csv、.parquet）", form="not_database", what=what, path=p)]) from None


# what to check when DuckDB cannot read the input, by its kind (a DuckDB table is no CSV: no CSV hint there)
UNREADABLE_HINTS = {
    "csv": "CSV 须为 UTF-8 且首行为列名",
    "parquet": "Parquet 须为完整的 Parquet 文件",
    "table": "写作 文件.duckdb:表名（表或视图；其他模式中的写 模式.表名，含空格等的名称加双引号）；核对数据库文件与表名",
}


def scientific_hint(value, unit: str) -> str:
    """The hint of E912 `exponent` for a cell like 1e1 / 1.5E+1 / 2e0 年: the plain number it stands for, with
    the unit written after it or else the column's `unit` (1e1 in a 年 column → 「10 年」)."""
    from decimal import Decimal

    m = re.match(SCIENTIFIC_PATTERN, value_text(str(value)))
    if m is None:
        return EXPONENT_HINT
    number = Decimal(m.group(1))
    if number and not -8 <= number.adjusted() <= 9:  # 1e400 (and 1e999999999: never written out in full)
        return "不用科学计数法；这个数超出筛查能表示的范围（整数至多 10 位、小数至多 8 位），请核对原值"
    plain = format(number.normalize(), "f")
    return f"不用科学计数法：写出全部数字——「{value}」即 {plain}，写成「{f'{plain} {m.group(2) or unit}'.strip()}」"


def unit_hint(value, dim, unit: str) -> str:
    """The hint of E912 `unit`: a unit of another dimension (3 天 for 个月) is told what converts (units.conversion_hint);
    something that is no unit at all (0x10, 1_000: 「x10」, 「_000」) is told so (robust s22)."""
    m = re.match(QUANTITY_PATTERN, value_text(str(value)))
    written = m.group(2) if m else ""
    try:
        parse_unit(normalize(written))
    except UnitError:
        return f"「{written}」不是单位：写成数字，可带单位，如 6 {unit}".rstrip()
    return conversion_hint(dim, unit)


def out_of_memory(e: BaseException) -> bool:
    """DuckDB ran out of the memory it may use (`--memory-limit`, or its default share of the machine)."""
    import duckdb

    return isinstance(e, duckdb.OutOfMemoryException)


# what else frees memory, by verb: screen computes in slices (--slices); diff --population has no slices, only
# fewer benefits (--benefit) — its hint named screen's --slices, an option diff refuses (robust s22)
SLICES_REMEDY = "人群很大时用 --slices 分片，逐片计算"
BENEFIT_REMEDY = "用 --benefit 只比较部分待遇，或先用较小的人群文件试算"


def memory_error(e: BaseException, limit: str | None, remedy: str = SLICES_REMEDY) -> Diagnostic:
    """E960 for an out-of-memory `e` under `limit` (--memory-limit as given; None: DuckDB's default) — the
    input is not blamed. `remedy`: the verb's own way to need less memory (SLICES_REMEDY, BENEFIT_REMEDY)."""
    at = Span("--memory-limit", 0, 0, 0, 0) if limit else NO_SPAN  # line 0: the option, no place in a file
    # without --memory-limit there is nothing to raise or remove: the machine's memory is what ran out
    first = "加大 --memory-limit（如 2GB）或去掉它" if limit else "本机可用的内存不够：关闭占用内存的程序后再试"
    return Diagnostic.of("E960", at, f"{first}；{remedy}",
                         limit=limit or "未设（DuckDB 默认为本机内存的 80%）", reason=str(e).splitlines()[0])


def memory_guarded(fn):
    """`fn` (taking `memory_limit`) with DuckDB running out of memory anywhere inside it reported as E960
    (exit 2) — not E910 blaming the input, not hzdsl's internal error (exit 3). The one mapping of
    hzdsl screen (pipeline.screen) and hzdsl diff --population (reform.population_impact); the hint names
    --slices only where `fn` takes `slices`."""
    import functools
    import inspect

    sig = inspect.signature(fn)
    remedy = SLICES_REMEDY if "slices" in sig.parameters else BENEFIT_REMEDY

    @functools.wraps(fn)
    def guarded(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except HzdslError:
            raise
        except Exception as e:
            if not out_of_memory(e):
                raise
            limit = sig.bind(*args, **kwargs).arguments.get("memory_limit")
            raise HzdslError([memory_error(e, limit, remedy)]) from None
    return guarded


def _table(con, table: str, name: str) -> exp.Expression:
    """A DuckDB table, read in place and numbered by its rowid. A view has no rowid: it is copied once into a
    temporary table, in the order the view yields its rows (第 n 行 of a message counts that order; a view
    with ORDER BY numbers its rows in that order) — 读法: a view is input like a table, not an error."""
    import duckdb

    scan = _scan("table", Path(), table, name)
    try:
        con.execute(select("*").from_(scan.subquery("t"), copy=False).limit(0).sql("duckdb"))
        return scan.subquery(f"src_{name}")
    except duckdb.BinderException:  # no rowid (a view); anything else wrong is raised by the copy below
        pass
    target = exp.to_table(f"raw_{name}")
    con.execute("SET preserve_insertion_order = true")  # rowid = the place in the view's order
    try:
        con.execute(exp.Create(this=target.copy(), kind="TABLE", replace=True,
                               expression=select("*").from_(exp.to_table(f"src_{name}.{table}"), copy=False),
                               properties=exp.Properties(expressions=[exp.TemporaryProperty()])).sql("duckdb"))
    finally:
        con.execute("SET preserve_insertion_order = false")
    return select("*", alias_(exp.column("rowid"), ROW)).from_(target, copy=False).subquery(f"src_{name}")


def _has_header(p: Path, what: str) -> None:
    """A CSV whose first line is empty (a zero-byte file, a lone newline) has no column names: DuckDB
    would invent one (「column0」) and the message would blame a column nobody wrote. Refused (E910)."""
    with open(p, "rb") as f:
        head = f.read(64 * 1024)
    line = head.split(b"\n", 1)[0].removeprefix(b"\xef\xbb\xbf").strip()
    if not line:
        empty = "是空文件" if not head.strip() else "第 1 行是空行"
        raise HzdslError([_err("E910", str(p),
                               "CSV 的第 1 行写列名（人群文件至少有「编号」列；申领历史：编号、待遇、日期）；"
                               "没有数据时只写列名行，结果为 0 人 / 0 条", form="no_header", what=what, path=p, empty=empty)])


CSV_DELIMITERS = ",;\t|"  # what DuckDB's sniffer takes as a delimiter in the files we accept


def _csv_dialect(p: Path) -> tuple[str, int] | None:
    """The delimiter and field count of a CSV's header line (the delimiter it holds most of), or None."""
    import csv

    try:
        with open(p, encoding="utf-8-sig", newline="") as f:
            first = f.readline()
    except (OSError, UnicodeDecodeError):
        return None  # unreadable or not UTF-8: DuckDB's own message stands (E910)
    counts = {d: first.count(d) for d in CSV_DELIMITERS}
    delimiter = max(counts, key=counts.get)
    if not counts[delimiter]:
        return None
    return delimiter, len(next(csv.reader([first], delimiter=delimiter)))


def first_non_utf8(p: Path) -> tuple[int, int, int] | None:
    """(line, column, byte offset — all 1-based) of the first byte of `p` that is not UTF-8, or None. Lines and
    columns as csv_records counts them: a line ends at LF, CRLF or a lone CR; a leading BOM is no column."""
    offset = 0
    line = 1
    with open(p, "rb") as f:
        for number, raw in enumerate(f):  # split at b"\n", which no multi-byte character holds
            try:
                raw.decode("utf-8-sig" if number == 0 else "utf-8")
            except UnicodeDecodeError as e:
                before = raw[: e.start]
                parts = re.split(rb"\r(?!\n)", before)  # a lone CR ends a line too
                col = len(parts[-1].decode("utf-8-sig" if number == 0 and len(parts) == 1 else "utf-8")) + 1
                return line + len(parts) - 1, col, offset + e.start + 1
            offset += len(raw)
            line += 1 + len(re.findall(rb"\r(?!\n)", raw.rstrip(b"\r\n")))
    return None


def _refuse_not_utf8(p: Path, what: str) -> None:
    """E910 at the first byte that is not UTF-8, with its line, column and offset — DuckDB says only
    'Invalid Input Error: CSV Error on Line: 1', in English and without a column (breaker s22: a GBK file, the
    usual export of a Chinese spreadsheet). Only on the error path, like _refuse_ragged."""
    found = first_non_utf8(p)
    if found is None:
        return
    line, col, byte = found
    raise HzdslError([Diagnostic.of(
        "E910", Span(str(p), line, col, line, col + 1),
        "请把文件另存为 UTF-8 编码（常见的是 GBK/GB18030 编码的文件；Excel 中另存为“CSV UTF-8（逗号分隔）”）",
        form="not_utf8", what=what, path=p, line=line, col=col, byte=byte)])


# DuckDB's read_csv max_line_size (bytes): a longer line is 'CSV Error on Line: 1' — its count of data rows, not
# the file's line — in English
MAX_LINE_BYTES = 2_097_152


def _refuse_long_line(p: Path, what: str) -> None:
    """E910 at the first line longer than DuckDB reads (breaker s22: a 3 MB cell on line 2 was DuckDB's
    'CSV Error on Line: 1' at 1:1 with the hint 「CSV 须为 UTF-8 且首行为列名」). Only on the error path."""
    with open(p, "rb") as f:
        for number, raw in enumerate(f, start=1):
            size = len(raw.rstrip(b"\r\n"))
            if size > MAX_LINE_BYTES:
                raise HzdslError([_err("E910", str(p), "CSV 的一格通常只有几个字：检查这一行是否缺了换行、引号没有闭合，"
                                       "或粘贴进了整段文本", number, form="long_line", what=what, path=p, line=number,
                                       size=size, limit=MAX_LINE_BYTES)])


def _refuse_repeated_header(p: Path, name: str) -> None:
    """E911 / E913 `duplicate` at the second of two header cells with the same name (as DuckDB compares names:
    case-insensitively). DuckDB renames the second 「毕业时长」 to 「毕业时长_1」, and the message then blamed that
    name, which nobody wrote, as undeclared (breaker s22). Named as written, with the first cell as related."""
    import csv

    found = _csv_dialect(p)
    if found is None:
        return
    try:
        with open(p, encoding="utf-8-sig", newline="") as f:
            header = next(csv.reader(f, delimiter=found[0]), [])
    except (csv.Error, UnicodeDecodeError):
        return
    seen: dict[str, int] = {}
    for index, cell in enumerate(header, start=1):
        key = cell.strip().casefold()
        if key not in seen:
            seen[key] = index
            continue
        spans = csv_records(str(p), {-1}).get(-1, (1, {}))[1]

        def at(i: int) -> Span:
            return Span(str(p), *spans[i]) if i in spans else Span(str(p), 1, i, 1, i)
        code, form = ("E911", "duplicate") if name == "pop" else ("E913", "duplicate")
        hint = "每个事实只写一列" if name == "pop" else "每个字段只写一列"
        raise HzdslError([Diagnostic.of(code, at(index), hint, (Related(at(seen[key]), "第一次出现"),),
                                        form=form, column=cell.strip())])


def _refuse_ragged(p: Path, what: str) -> None:
    """E910 at the first line whose field count differs from the header's — DuckDB's sniffer otherwise takes
    such a file for one column (then E911 blames 「编号」) or gives its own English message (breaker s21).
    Only on the error path: a whole-file scan in Python would cost a well-formed million-row file seconds."""
    import csv

    found = _csv_dialect(p)
    if found is None:
        return
    delimiter, header = found
    try:
        with open(p, encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f, delimiter=delimiter)
            next(reader, None)
            for row in reader:
                if row and len(row) != header:  # a blank line is no row
                    raise HzdslError([_err("E910", str(p), "每行的字段数须与首行的列名数相同；值中含有分隔符"
                                           f"「{'TAB' if delimiter == chr(9) else delimiter}」时用双引号括起来（如 \"3,000\"）",
                                           reader.line_num, form="ragged", what=what, path=p, line=reader.line_num,
                                           fields=len(row), header=header)])
    except (csv.Error, UnicodeDecodeError):
        return


def unclosed_quote(p: Path, sep: str = ",") -> tuple[int, int, str] | None:
    """(line, column — 1-based, counted as csv_records counts them — and the cell's text up to the next `sep` on
    that line) of a quote that opens a quoted cell and is never closed, or None.

    A quote opens a quoted cell only at the start of a field; inside it, `""` is a quote of the value and a quote
    followed by `sep` or the line end closes it. A cell still open at the end of the file is unclosed; so is one
    whose "closing" quote, lines later, is followed by other text (`"3 年⏎C,"4 年"`: the quote of line 1 was
    never closed — the next line's opening quote closed it). A quote inside an unquoted cell (`3"`) is no quote
    here. Lines holding no quote are passed over whole, so only the lines with quotes are read character by
    character. A file with an even number of quotes is taken to have none open (two faults that pair up are
    left to DuckDB's own reading)."""
    # a file whose quotes pair up has none left open (each quoted cell, each "" holds two): one fast count of the
    # bytes, so a million fully quoted rows refused for another reason are not walked character by character
    count = 0
    with open(p, "rb") as raw:
        while chunk := raw.read(1 << 24):
            count += chunk.count(b'"')
    if count % 2 == 0:
        return None
    start, unquoted, quoted, closing = range(4)
    state, opened = start, None
    with open(p, encoding="utf-8-sig", errors="replace", newline="") as f:
        for number, text in enumerate(f, start=1):
            text = text.rstrip("\r\n")
            if '"' not in text:
                if state != quoted:
                    state = start
                continue
            for i, ch in enumerate(text):
                if state == quoted:
                    if ch == '"':
                        state = closing
                elif state == closing:
                    if ch == '"':
                        state = quoted
                    elif ch == sep:
                        state = start
                    elif opened[0] != number:  # a line break inside, then text after the "closing" quote
                        return opened
                    else:  # 「"3"年」 on one line: malformed, but no quote left open — DuckDB's reading stands
                        state = unquoted
                elif ch == sep:
                    state = start
                elif state == start and ch == '"':
                    state, opened = quoted, (number, i + 1, text[i:].split(sep, 1)[0])
                else:
                    state = unquoted
            if state != quoted:  # the record ends with this line
                state = start
    return opened if state == quoted else None


def unclosed_quote_error(p: Path, what: str) -> Diagnostic | None:
    """E910 at the opening quote of a cell never closed (breaker s22), or None. DuckDB's sniffer then reads the
    file without quoting, and the message depended on the rest of the file — E912 「"3 年」 at a wrong column,
    E911 for every quoted column name, the header as one column — or, in a 文本 column of a file without other
    quotes, nothing: 「"焊工」 was screened as a 职业 of its own. Only on the error path of a CSV, and for a 文本
    cell that starts with a quote (Typer.fold_text)."""
    if not p.is_file() or p.suffix.lower() not in {".csv", ".txt", ".tsv"}:
        return None
    sep = "\t" if p.suffix.lower() == ".tsv" else (_csv_dialect(p) or (",", 0))[0]
    try:
        found = unclosed_quote(p, sep)
    except OSError:
        return None
    if found is None:
        return None
    line, col, cell = found
    value = cell[1:].strip()
    example = f'"{value}"' if value else '"3 年"'
    return Diagnostic.of(
        "E910", Span(str(p), line, col, line, col + 1),
        f'在这一格的值后补上引号，写成 {example}；值本身含有引号时写成两个（""）；值中没有'
        f"「{'TAB' if sep == chr(9) else sep}」和引号时也可以不加引号",
        form="unclosed_quote", what=what, path=p, line=line, col=col)


def _refuse_unclosed_quote(p: Path, what: str) -> None:
    found = unclosed_quote_error(p, what)
    if found is not None:
        raise HzdslError([found])


def _quotes_first(what: str):
    """`load` (taking `path`) with any refusal of a CSV file whose quote is never closed reported as that quote
    (E910 unclosed_quote): the other messages are only what the unclosed quote made of the file."""
    import functools
    import inspect

    def wrap(load):
        sig = inspect.signature(load)

        @functools.wraps(load)
        def guarded(*args, **kwargs):
            try:
                return load(*args, **kwargs)
            except HzdslError:
                path = sig.bind(*args, **kwargs).arguments.get("path")
                if path and ".duckdb:" not in path:
                    _refuse_unclosed_quote(Path(path), what)
                raise
        return guarded
    return wrap


# the characters of a cell the sniffer may type (CSV_TYPES): a plain integer (-12, with spaces around) or an ISO date
# (2023-06-30); any other character — 0x10, 0b101 (BIGINT 16, 5 to DuckDB), infinity, epoch (DATEs) — is text
SNIFFED_TEXT = "*[!0-9 -]*"


def _typed_csv(con, p: Path, name: str) -> exp.Select | None:
    """The CSV with the columns DuckDB's sniffer types (BIGINT, DATE) cast from their text, each cell only when it
    is written as the case loader reads that type (SNIFFED_TEXT; otherwise an error: the caller reads it all as
    text); None when no column is typed, or the sniffer fails (the text read says why).

    读法（robust s22）：人群文件与案例文件同一读法。DuckDB 的 CSV 读取把 「0x10」 读作 16、「0b101」 读作 5、
    「infinity」「epoch」 读作日期；案例文件不认这些写法（E706、E704）。以前一行 正常经营时长 「0x10」 的文件按
    16 个月筛查，评估日期 「epoch」 按 1970-01-01——不报错。"""
    sniffed = _scan("csv", p, None, name)
    try:
        columns = con.execute("DESCRIBE " + sniffed.sql("duckdb")).fetchall()
    except Exception:
        return None
    if not any(kind in ("BIGINT", "DATE") for _, kind, *_ in columns):
        return None
    picked = []
    for column, kind, *_ in columns:
        c = exp.column(column, quoted=True)
        if kind in ("BIGINT", "DATE"):
            odd = exp.Glob(this=c.copy(), expression=exp.Literal.string(SNIFFED_TEXT))
            c = alias_(exp.Case(ifs=[exp.If(this=odd, true=exp.func("error", exp.Literal.string(
                f"hzdsl: 「{column}」 is read as text")))], default=exp.Cast(this=c, to=exp.DataType.build(kind))), column)
        picked.append(c)
    return select(*picked).from_(_scan("csv", p, None, name, all_varchar=True).subquery("t"), copy=False)


def _materialise_csv(con, p: Path, name: str) -> exp.Expression:
    """CSV → temporary table in file order (its rowid numbers the rows), typed if the sniffer's types hold (and each
    typed cell is written as the case loader reads its type: _typed_csv) — else every column as text."""
    con.execute("SET preserve_insertion_order = true")  # rowid = the row's place in the file
    target = exp.to_table(f"raw_{name}")
    try:
        for last, body in ((False, _typed_csv(con, p, name)), (True, _scan("csv", p, None, name, all_varchar=True))):
            if body is None:
                continue
            try:
                con.execute(exp.Create(this=target.copy(), kind="TABLE", expression=body, replace=True,
                                       properties=exp.Properties(expressions=[exp.TemporaryProperty()])).sql("duckdb"))
                break
            except Exception as e:
                if last or out_of_memory(e):
                    raise
                # a value beyond the sniffed sample does not fit its column's type, or is written otherwise than
                # the case loader reads it (0x10, epoch): read it all as text — the text path names the cell
    finally:
        con.execute("SET preserve_insertion_order = false")
    return select("*", alias_(exp.column("rowid"), ROW)).from_(target, copy=False).subquery(f"src_{name}")


def scale_literals(scales) -> dict | None:
    """Unit scales (年 → 12, % → 1/100, 万元 → 10000) → {scale: (exact DECIMAL literal of its own short type,
    L = the literal's digits as an integer, its decimals)}; None when one has no exact decimal of ≤ 10 places.

    Why: DuckDB multiplies DECIMAL(18, 8) by a short DECIMAL in 64 bits, but two DECIMAL(38, 12) in
    128 bits with overflow checks — measured 0.02 s against 1.6 s per column on a million rows.
    """
    out = {}
    for sc in set(scales):
        d = to_decimal(Fraction(sc), 10)
        if Fraction(d) != Fraction(sc):
            return None
        text = format(d.normalize(), "f")
        whole, _, dec = text.lstrip("-").partition(".")
        ints, frac = len(whole.lstrip("0")), len(dec)
        if ints > 8:
            return None
        typ = exp.DataType.build(f"DECIMAL({max(ints + frac, 1)}, {frac})")
        out[sc] = (exp.Cast(this=exp.Literal.number(text), to=typ), abs(int(Fraction(sc) * 10 ** frac)), frac)
    return out


def scaled(value: exp.Expression, lit: exp.Expression, digits: int, frac: int, written: exp.DataType, dim,
           exact: bool = False) -> tuple[exp.Expression, exp.Expression, exp.Expression]:
    """value (as written, in the written unit) × a scale literal (`digits` = its value × 10^frac) →
    (DECIMAL(18, 8) in base units, lossy, negative).

    The number is held as DECIMAL(18, 8) and multiplied in 64 bits, which DuckDB refuses (an error for
    every row) when the unscaled product passes 18 digits; so only a value below 10^10 / digits is
    multiplied — exactly the values whose base-unit value keeps DECIMAL(18, 8)'s 10 integer digits
    (frac = 0: 99999 万元 and 100000 元 alike) — and a larger one is NULL, refused as not a quantity.
    Before, the number was held as DECIMAL(18 − the largest scale's digits, 8) for the whole column, so
    with 万元 in it every 元 value ≥ 100000 was refused. lossy: more than 8 decimals before or after."""
    base = exp.TryCast(this=value, to=NUM.copy())
    bound = Fraction(10 ** (18 - SCALE), max(digits, 1))
    fits = None
    if bound < 10 ** (18 - SCALE):
        floor = Fraction(int(bound * 10 ** SCALE), 10 ** SCALE)  # the largest 8-decimal value at or below it
        limit = exp.Cast(this=exp.Literal.number(format(to_decimal(floor, SCALE), "f")), to=NUM.copy())
        fits = (exp.LT if floor == bound else exp.LTE)(this=exp.Abs(this=base.copy()), expression=limit)
    product = exp.Mul(this=base.copy(), expression=lit)
    typed = exp.TryCast(this=product, to=NUM.copy())
    lossy_in = false_() if exact else and_(exp.Not(this=is_null(base)),
                                           exp.NEQ(this=exp.Cast(this=base, to=written.copy()), expression=value))
    lossy_out = false_() if not frac else and_(exp.Not(this=is_null(typed)), exp.NEQ(
        this=exp.Cast(this=typed, to=exp.DataType.build(f"DECIMAL(18, {SCALE + frac})")), expression=product))
    if fits is not None:  # the product only where it cannot overflow (a CASE computes a branch for its rows only)
        typed = case([(fits, typed)], cast(exp.Null(), NUM))
        lossy_out = case([(fits.copy(), lossy_out)], false_())
    negative = exp.LT(this=base, expression=exp.Literal.number(0)) if dim else false_()
    return typed, or_(lossy_in, lossy_out), negative


class Typer:
    """Typed SQL for text columns by the declared types of facts; reports each column's first bad value.

    Two passes over the file however many columns it has: `warm` fetches the distinct units, members
    and enumeration values of every column in one query; `finish` finds the first bad row of every
    column in one query (and reads back only the offending cells).
    """

    def __init__(self, con, program: Program, src: Source):
        self.con, self.p, self.src = con, program, src
        self.errors: list[Diagnostic] = []
        self.checks: list[tuple[exp.Expression, str, str, str]] = []  # (bad, column, what, hint)
        self.hidden: list[tuple[exp.Expression, str]] = []  # (has an invisible character, column): E916
        self.folds = 0  # lookup tables registered for 文本 columns (fold_text)
        self.cache: dict[str, list] = {}
        # the column's place in the file (1-based): E912's column number points at the bad cell
        self.position = {c: i + 1 for i, c in enumerate(_columns(con, src))}
        self._header: Cells | None = None
        self.summaries: set[str] = set()  # 历史汇总 columns: not knowing is 历史已知 否, never a blank cell (E927)

    def at_header(self, column: str) -> Span:
        """Where the header cell of `column` is: in a CSV its line and character columns (a caret under the
        name); in a Parquet file or DuckDB table line 1 and the column's number (the message names it)."""
        if self._header is None:
            self._header = self.src.cells({-1})
        return self._header.span(-1, self.position.get(column, 1))

    def type_of(self, column: str) -> str:
        """The column's DuckDB type as read (VARCHAR: a text column, typed here by the declaration)."""
        return self.src.types.get(column, "VARCHAR").split("(")[0]

    def raw(self, column: str) -> exp.Expression:
        """The column as text, for the text path (a typed column the fast paths do not take is shown as text)."""
        c = exp.column(column, quoted=True)
        return c if self.type_of(column) == "VARCHAR" else cast(c, "VARCHAR")

    def blank_of(self, column: str) -> exp.Expression:
        if self.type_of(column) == "VARCHAR":
            return self.blank(exp.column(column, quoted=True))
        return is_null(exp.column(column, quoted=True))

    # ── pass 1: distinct values ──
    ODD_MARK = "\x01"  # in a `spec_units` list: an odd cell (as written) rather than a unit

    def spec_units(self, column: str) -> tuple[str, exp.Expression]:
        """The units written in the column's cells that value_text leaves alone, and the odd cells themselves
        marked with ODD_MARK (`readable` reads those): one distinct list per column — a second DISTINCT
        aggregate per column doubled the warm query's memory (a 500 MB limit failed on 160 columns)."""
        raw = self.raw(column)
        return f"units:{column}", case([(self._odd(raw), exp.func("concat", exp.Literal.string(self.ODD_MARK), raw.copy()))],
                                       self._unit(exp.func("trim", raw)))

    def spec_odd(self, column: str) -> tuple[str, exp.Expression]:
        """The cells value_text may change (see `readable`), distinct."""
        raw = self.raw(column)
        return f"odd:{column}", case([(self._odd(raw), raw.copy())], cast(exp.Null(), "VARCHAR"))

    @staticmethod
    def _odd(raw: exp.Expression) -> exp.Expression:
        """A cell value_text may read otherwise than written: not STABLE_CELL (full-width digits, U+3000,
        surrounding whitespace …) or a lone unit (半年)."""
        return exp.Paren(this=or_(exp.Not(this=exp.RegexpLike(this=raw.copy(), expression=exp.Literal.string(STABLE_CELL))),
                                  exp.In(this=exp.func("trim", raw.copy()),
                                         expressions=[exp.Literal.string(u) for u in sorted(ALONE_UNITS)])))

    def readable(self, column: str, odd: list[str] | None = None) -> tuple[exp.Expression, list[str]]:
        """The column's cells as the case loader reads a quantity or a date (syntax.normalize.value_text:
        `２年` → `2年`, a lone 半年 → `1 半年`, 2023 年 6 月 30 日 as written), for QTY_PATTERN / DATE_PATTERN.
        value_text runs in Python on the distinct cells it may change (`_odd`: few, whatever the row
        count; `odd` when the caller has them), joined back through a lookup table; any other cell is only
        trimmed, which is all value_text does to it. Returns (the SQL text, the texts value_text made of them)."""
        raw = self.raw(column)
        mapping = {v: value_text(v) for v in (self.distinct(self.spec_odd(column), raw) if odd is None else odd)}
        t = exp.func("trim", raw)
        if mapping:
            t = exp.func("coalesce", self._lookup(raw, mapping), t)
        return t, list(mapping.values())

    def _lookup(self, raw: exp.Expression, mapping: dict[str, str]) -> exp.Expression:
        """mapping[raw] in SQL (NULL for a cell not in it), through a registered Arrow table."""
        import pyarrow as pa

        self.folds += 1
        name = f"hz_fold_{id(self)}_{self.folds}"
        self.con.register(name, pa.table({"raw": list(mapping), "folded": list(mapping.values())}))
        return exp.Subquery(this=select(exp.column("folded", name)).from_(name, copy=False).where(
            exp.EQ(this=exp.column("raw", name), expression=raw.copy()), copy=False))

    def spec_text(self, column: str) -> tuple[str, exp.Expression]:
        return f"text:{column}", exp.func("trim", self.raw(column))

    def spec_members(self, column: str) -> tuple[str, exp.Expression]:
        return f"members:{column}", self._items(self.raw(column))

    ANY = "any:"  # a spec whose name starts so is a yes/no probe: bool_or, no distinct list (see spec_bool)

    def warm(self, specs: list[tuple[str, exp.Expression]]) -> None:
        probes = [(name, e) for name, e in specs if name.startswith(self.ANY)]
        if probes:  # a query of their own: beside the DISTINCT lists they made DuckDB keep every column they read
            row = first(self.con, select(*[alias_(exp.Anonymous(this="bool_or", expressions=[e]), f"p{i}")
                                           for i, (_, e) in enumerate(probes)]).from_(self.src.relation.copy(), copy=False))
            self.cache.update({name: bool(v) for (name, _), v in zip(probes, row)})
        specs = [(name, e) for name, e in specs if not name.startswith(self.ANY)]
        if not specs:
            return
        aggs = [alias_(exp.Anonymous(this="list", expressions=[exp.Distinct(expressions=[e])]), f"v{i}")
                for i, (_, e) in enumerate(specs)]
        row = first(self.con, select(*aggs).from_(self.src.relation.copy(), copy=False))
        for (name, _), values in zip(specs, row):
            flat = []
            for v in values or []:
                flat.extend(v if isinstance(v, list) else [v])
            self.cache[name] = sorted({v for v in flat if v is not None})

    def distinct(self, spec: tuple[str, exp.Expression], raw: exp.Expression) -> list:
        name, e = spec
        if name not in self.cache:
            self.warm([spec])
        return self.cache[name]

    # ── pass 2: first bad row per column ──
    def first_bad(self, column: str, typed: exp.Expression | None, form: str, hint: str,
                  extra: exp.Expression | None = None, related: tuple = (), **fields):
        """E912 for the first row whose value of `column` is bad (`form`, `fields`: its wording in hzdsl.codes;
        `related`: other places the diagnostic points at)."""
        bad = extra if typed is None else and_(exp.Not(this=self.blank_of(column)), is_null(typed))
        if typed is not None and extra is not None:
            bad = or_(bad, extra)
        self.checks.append((bad, column, (form, fields, related), hint))

    def finish(self) -> None:
        self._finish_hidden()
        found = []
        if self.checks:
            aggs = [alias_(exp.Min(this=case([(bad, exp.column(ROW))], None)), f"b{i}")
                    for i, (bad, *_rest) in enumerate(self.checks)]
            row = first(self.con, select(*aggs).from_(self.src.relation.copy(), copy=False))
            told = set()  # one message per cell: its first check (a value both not exact and too precise …)
            for rid, (bad, column, what, hint) in zip(row, self.checks):
                if rid is None or (rid, column) in told:
                    continue
                told.add((rid, column))
                value = first(self.con, select(exp.column(column, quoted=True)).from_(self.src.relation.copy(), copy=False).where(
                    exp.EQ(this=exp.column(ROW), expression=exp.Literal.number(int(rid)))))[0]
                # a hint may depend on the value it is about (scientific_hint: what 1e1 stands for)
                found.append((int(rid), column, _value_word(value), what, hint(value) if callable(hint) else hint))
        self.checks = []
        cells = self.src.cells({rid for rid, *_ in found})
        for rid, column, value, what, hint in found:
            index = self.position.get(column, 1)
            self.errors.append(Diagnostic.of(
                "E912", cells.span(rid, index), hint, what[2], form=what[0], column=column,
                row=cells.row(rid, index), value=value, **what[1]))

    def _finish_hidden(self) -> None:
        """E916 per column with a character that does not show: the first row, the character, how many rows."""
        if not self.hidden:
            return
        aggs = []
        for i, (bad, _) in enumerate(self.hidden):
            aggs += [alias_(exp.Min(this=case([(bad.copy(), exp.column(ROW))], None)), f"r{i}"),
                     alias_(exp.Sum(this=case([(bad.copy(), exp.Literal.number(1))], exp.Literal.number(0))), f"n{i}")]
        row = first(self.con, select(*aggs).from_(self.src.relation.copy(), copy=False))
        found = [(int(row[2 * i]), int(row[2 * i + 1]), column) for i, (_, column) in enumerate(self.hidden)
                 if row[2 * i] is not None]
        self.hidden = []
        cells = self.src.cells({rid for rid, *_ in found})
        for rid, count, column in found:
            value = first(self.con, select(exp.column(column, quoted=True)).from_(self.src.relation.copy(), copy=False).where(
                exp.EQ(this=exp.column(ROW), expression=exp.Literal.number(rid))))[0]
            index = self.position.get(column, 1)
            chars = "、".join(dict.fromkeys(describe(c) for _, c in invisible(str(value))))
            same = ("否则申领历史与人群按编号对应不上，同一个人的记录会算不到他头上" if column == ID
                    else "否则“同一职业”“同一证书”会被当作不同")
            self.errors.append(Diagnostic.of(
                "E916", cells.span(rid, index),
                f"删去它（多半是从网页或表格复制来的）；看起来一样的值必须真的一样，{same}", column=column,
                row=cells.row(rid, index), chars=chars, count=count))

    @staticmethod
    def _items(raw: exp.Expression) -> exp.Expression:
        norm = exp.func("trim", raw)
        for sep in SET_SEPARATORS[1:]:
            norm = exp.func("replace", norm, exp.Literal.string(sep), exp.Literal.string(SET_SEPARATORS[0]))
        return exp.func("string_split", norm, exp.Literal.string(SET_SEPARATORS[0]))

    @staticmethod
    def _unit(t: exp.Expression) -> exp.Expression:
        return exp.RegexpExtract(this=t, expression=exp.Literal.string(QTY_PATTERN), group=exp.Literal.number(2))

    @staticmethod
    def blank(raw: exp.Expression) -> exp.Expression:
        return exp.Paren(this=or_(is_null(raw), exp.EQ(this=exp.func("trim", raw), expression=exp.Literal.string(""))))

    def boolean(self, column: str) -> exp.Expression:
        c, kind = exp.column(column, quoted=True), self.type_of(column)
        if kind == "BOOLEAN":  # typed: read as it is
            return c
        if kind in INTEGRAL:  # 1 / 0 as spreadsheets write them
            typed = case([(exp.EQ(this=c, expression=exp.Literal.number(1)), exp.true()),
                          (exp.EQ(this=c, expression=exp.Literal.number(0)), exp.false())], cast(exp.Null(), "BOOLEAN"))
            self.first_bad(column, typed, "not_boolean", "写 是 或 否（也可写 真/假、有/无、true/false、1/0）；不知道就留空")
            return typed
        # the case loader's reading (syntax.normalize.bool_text): a cell that is literally one of the words is
        # read in SQL; the distinct other cells (" 是 ", ｔｒｕｅ, a typo: few) go through bool_text in Python
        raw = self.raw(column)
        cells = [(exp.In(this=raw.copy(), expressions=[exp.Literal.string(w) for w in sorted(words)]), value)
                 for words, value in ((TRUE_WORDS, exp.true()), (FALSE_WORDS, exp.false()))]
        folded = {}
        if self.distinct(self.spec_bool(column), raw):  # some cell is not literally a word: read those in Python
            odd = self.con.execute(select(raw.copy()).distinct().from_(self.src.relation.copy(), copy=False)
                                   .where(self._odd_bool(raw), copy=False).sql("duckdb")).fetchall()
            folded = {v: bool_text(v) for (v,) in odd}
        folded = {v: "true" if b else "false" for v, b in folded.items() if b is not None}
        other = cast(exp.Null(), "BOOLEAN")
        if folded:
            other = exp.func("coalesce", cast(self._lookup(raw, folded), "BOOLEAN"), other)
        typed = case(cells, other)
        self.first_bad(column, typed, "not_boolean", "写 是 或 否（也可写 真/假、有/无、true/false、1/0）；不知道就留空")
        return typed

    def spec_bool(self, column: str) -> tuple[str, exp.Expression]:
        """Whether a 布尔 column has a cell that is not literally one of the words (none in a tidy file): a
        yes/no probe (bool_or; `warm` runs the probes in a query of their own) — a distinct list per 布尔 column
        (85 of them) ran the warm pass out of a 500 MB memory limit (tests/test_screen_slices.py); the odd cells
        themselves are fetched only for a column that has some."""
        raw = self.raw(column)
        return f"{self.ANY}bool:{column}", self._odd_bool(raw)

    @staticmethod
    def _odd_bool(raw: exp.Expression) -> exp.Expression:
        words = [exp.Literal.string(w) for w in sorted(TRUE_WORDS | FALSE_WORDS)]
        return and_(exp.Not(this=is_null(raw.copy())), exp.Not(this=exp.In(this=raw.copy(), expressions=words)))

    def date(self, column: str) -> exp.Expression:
        if self.type_of(column) == "DATE":
            return exp.column(column, quoted=True)
        # the case loader's reading (DATE_PATTERN after value_text): 2023-06-30, 2023-6-30, 2023 年 6 月 30 日,
        # full-width digits; a day the calendar lacks (2 月 30 日) is no date
        t, _ = self.readable(column)
        y, m, d = (exp.RegexpExtract(this=t.copy(), expression=exp.Literal.string(DATE_PATTERN), group=exp.Literal.number(i))
                   for i in (1, 2, 3))
        two = [exp.Literal.number(2), exp.Literal.string("0")]
        iso = exp.func("concat", y, exp.Literal.string("-"), exp.func("lpad", m, *two), exp.Literal.string("-"),
                       exp.func("lpad", d, *[x.copy() for x in two]))
        typed = exp.TryCast(this=iso, to=exp.DataType.build("DATE"))
        self.first_bad(column, typed, "not_date", date_hint)
        return typed

    def text(self, column: str, choices: frozenset | None = None) -> exp.Expression:
        """A 取值 (choices given) or a 文本 value, read as the case loader reads it (syntax.normalize.fold_word:
        width-folded, trimmed). 文本 is compared across records (同一职业, 同一证书编号): a value with a
        character that does not show is refused (E916, as the case loader's E719)."""
        raw = self.raw(column)
        t = exp.func("trim", raw)
        typed = exp.Nullif(this=t, expression=exp.Literal.string(""))  # blank → unknown (no CASE: see scale_literals)
        if not choices:
            return self.fold_text(column)
        if choices:
            # width-normalised as the policy's 取值 are: check against the normalised members
            values = self.distinct(self.spec_text(column), raw)
            mapping = {v: fold_word(v) for v in values if v != ""}
            bad = [v for v, nv in mapping.items() if nv not in choices]
            if bad:
                self.first_bad(column, None, "not_choice",
                               did_you_mean(bad[0], choices) or "可选：" + "、".join(f"“{c}”" for c in sorted(choices)),
                               exp.In(this=t, expressions=[exp.Literal.string(v) for v in bad]))
            changed = [(exp.EQ(this=t, expression=exp.Literal.string(v)), exp.Literal.string(nv))
                       for v, nv in mapping.items() if v != nv]
            if changed:
                typed = case([(self.blank(raw), cast(exp.Null(), "VARCHAR"))] + changed, t)
        return typed

    # values that may read otherwise than written: any character outside printable ASCII (full-width
    # forms, U+3000, invisible characters, controls) or surrounding whitespace — others fold to themselves
    MAY_CHANGE = r"[^ -~]|^\s|\s$|^\""

    def refuse_hidden(self, column: str) -> list[str]:
        """E916 (in finish) for values of `column` with a character that does not show; → the values that
        may read otherwise than written (MAY_CHANGE), for fold_text."""
        raw = self.raw(column)
        values = [r[0] for r in self.con.execute(
            select(raw.copy()).distinct().from_(self.src.relation.copy(), copy=False)
            .where(exp.RegexpLike(this=raw.copy(), expression=exp.Literal.string(self.MAY_CHANGE))).sql("duckdb")).fetchall()]
        hidden = [v for v in values if invisible(v)]
        if hidden:
            self.hidden.append((exp.In(this=raw.copy(), expressions=[exp.Literal.string(v) for v in hidden]), column))
        return values

    def fold_text(self, column: str) -> exp.Expression:
        """A 文本 column read by syntax.normalize.fold_word — the case loader's own function, applied in
        Python to the column's distinct values that may change (MAY_CHANGE: few, whatever the row
        count), joined back through a registered lookup table; a value with a character that does not
        show (check.invisible.invisible, as E719 in case files) is refused: E916, with its row count."""
        raw = self.raw(column)
        values = self.refuse_hidden(column)
        changed = {v: fold_word(v) for v in values if fold_word(v) != v}
        if self.src.is_text and any(v.lstrip().startswith('"') for v in values):
            # a quote left in the value: the sniffer read the file without quoting, maybe for a quote never closed
            unclosed = unclosed_quote_error(Path(self.src.path), self.src.what)
            if unclosed is not None and unclosed not in self.errors:
                self.errors.append(unclosed)
        folded = raw.copy()
        if changed:
            folded = exp.func("coalesce", self._lookup(raw, changed), raw.copy())
        return exp.Nullif(this=folded, expression=exp.Literal.string(""))

    def members(self, column: str, choices: dict[str, str]) -> dict[str, exp.Expression]:
        """A set fact: one BOOLEAN per declared member (NULL when the cell is empty: unknown)."""
        raw = self.raw(column)
        items = self._items(raw)
        values = self.distinct(self.spec_members(column), raw)
        spelled = {v: fold_word(v) for v in values}
        bad = sorted(v for v, nv in spelled.items() if nv not in choices and nv not in {"无", ""})
        if bad:
            self.first_bad(column, None, "undeclared_member",
                           (did_you_mean(bad[0], choices) or "可选：" + "、".join(sorted(choices)))
                           + "；多项用 、 分隔，空集合写 无",
                           or_(*[exp.func("list_contains", items, exp.Literal.string(v)) for v in bad]), member=bad[0])
        out = {}
        for member, c in choices.items():
            forms = [exp.Literal.string(v) for v, nv in spelled.items() if nv == member] or [exp.Literal.string(member)]
            hit = or_(*[exp.func("list_contains", items, f) for f in forms])
            out[c] = case([(self.blank(raw), cast(exp.Null(), "BOOLEAN"))], hit)
        return out

    def quantity(self, column: str, unit_text: str, dim, choices: frozenset = frozenset(),
                 header_unit: str | None = None, domain: Domain | None = None) -> exp.Expression:
        """A number with an optional unit → DECIMAL(18, 8) in base units (年 → 月, 万元 → 元, % → fraction).

        A number without a unit is in the column header's unit (`毕业时长（月）`), else the declared one.
        A numeric column (Parquet, DuckDB, a CSV column of integers) is read as numbers, no text parsing.
        """
        declared = parse_unit(normalize(header_unit) if header_unit else unit_text)
        # the value domain of the declared type, as the case loader reads it (E730/E731, 读法 in check/domains.py)
        domain = domain_of("", parse_unit(unit_text)) if domain is None else domain
        # 读法 as for case files (cases/load.py: a bare number for a % or BP quantity is E706): 0.0415 may be a
        # fraction (4.15 %) or already in % — read as 0.0415 % it was a silently wrong rate. A rate says its unit
        # in the cell (4.15%, 415BP) or, for the whole column, in the header (贷款合同利率（%）).
        bare_rate = header_unit is None and parse_unit(unit_text).text in BARE_RATE_UNITS
        bare_hint = (f"比率要写单位：小数 0.0415 写成 4.15%，已按 % 计的写 0.0415%；整列同一单位时可写在列名中，"
                     f"如 {column}（%）")
        if self.type_of(column) in NUMERIC:
            if bare_rate:
                self.first_bad(column, None, "no_unit", bare_hint,
                               exp.Not(this=is_null(exp.column(column, quoted=True))))
            return self._typed_quantity(column, declared, dim, choices, domain, parse_unit(unit_text))
        raw = self.raw(column)
        listed = self.distinct(self.spec_units(column), raw)
        odd = [v[1:] for v in listed if v.startswith(self.ODD_MARK)]
        t, mapped = self.readable(column, odd)  # as the case loader reads it: ２年, 半年 (value_text)
        number = exp.RegexpExtract(this=t, expression=exp.Literal.string(QTY_PATTERN), group=exp.Literal.number(1))
        unit = self._unit(t)
        scales = {}
        wrong = []
        units = {v for v in listed if not v.startswith(self.ODD_MARK)}
        units |= {m.group(2) if (m := QUANTITY_RE.match(v)) else "" for v in mapped}
        for u in sorted(units):
            if u == "":
                scales[""] = declared.scale
                continue
            try:
                written = parse_unit(normalize(u))
            except UnitError:
                written = None
            if written is None or written.dim != dim:
                wrong.append(u)
                continue
            scales[u] = written.scale
        # 读法：科学计数法（1e1、1.5E+1）不读作数——案例文件也不接受（`毕业时长: 1e1` 是 E706），两处同一读法；它多半是
        # 电子表格显示长数字或小数的样子，原值的位数可能已经丢了，所以不替用户换算：说出它是科学计数法（不是“单位不对”，
        # 「e1」不是单位），提示它所表示的数与该列的单位（1e1 → 「10 年」），由用户确认后写上（robust s22）。
        self.first_bad(column, None, "exponent", lambda value: scientific_hint(value, declared.text),
                       exp.RegexpLike(this=t.copy(), expression=exp.Literal.string(SCIENTIFIC_PATTERN)))
        wrong = [u for u in wrong if not EXPONENT_UNIT.fullmatch(u)]  # said as scientific notation above
        if wrong:  # the unit is wrong: one message for the column is enough
            # the exponents were said above (exponent); a real unit of another dimension gets what converts
            # (units.conversion_hint), something that is no unit at all (0x10: 「x10」) is told so (unit_hint)
            self.first_bad(column, None, "unit", lambda value: written_quantity_hint(str(value), dim == (("月", 1),))
                           or unit_hint(value, dim, declared.text),
                           exp.In(this=unit, expressions=[exp.Literal.string(u) for u in wrong]),
                           unit=declared.text or '无单位')
            return cast(exp.Null(), NUM)
        if bare_rate and "" in scales:
            self.first_bad(column, None, "no_unit", bare_hint,
                           and_(exp.EQ(this=unit.copy(), expression=exp.Literal.string("")),
                                exp.NEQ(this=number.copy(), expression=exp.Literal.string(""))))
        num = exp.TryCast(this=number, to=WIDE.copy())
        short = scale_literals(scales.values())
        if short is not None:  # the fast path: 64-bit decimals (see scale_literals)
            # one branch per written unit, each with its own bound (万元 and 元 in one column: see `scaled`)
            branches = {u: scaled(num.copy(), *short[sc], WIDE, dim) for u, sc in scales.items()}
            is_unit = {u: exp.EQ(this=unit.copy(), expression=exp.Literal.string(u)) for u in scales}
            typed = case([(is_unit[u], b[0]) for u, b in branches.items()], cast(exp.Null(), NUM))
            lossy = case([(is_unit[u], b[1]) for u, b in branches.items()], false_())
            negative = exp.LT(this=num.copy(), expression=exp.Literal.number(0)) if dim else false_()
        else:
            scale = case([(exp.EQ(this=unit, expression=exp.Literal.string(u)), self._scale(s)) for u, s in scales.items()],
                         cast(exp.Null(), WIDE))
            wide = exp.Cast(this=exp.Mul(this=num, expression=scale), to=WIDE.copy())
            typed = exp.Cast(this=wide, to=NUM.copy())
            # a value that needs more than 8 decimals in base units, or a negative duration/amount, is refused
            lossy = and_(exp.Not(this=is_null(wide)), exp.NEQ(this=exp.Cast(this=typed, to=WIDE.copy()), expression=wide))
            negative = exp.LT(this=wide, expression=exp.Literal.number(0)) if dim else exp.false()
        # the domain first: a negative 时长 is told 「是负数」 with the case loader's hint (E731), not 「不是数量（…或为负数）」
        self._domain(column, typed, domain, parse_unit(unit_text))
        # 3,000 元 (a thousands separator) gets its plain form as the hint, as in a case file (breaker s22)
        self.first_bad(column, typed, "",
                       lambda value: written_quantity_hint(str(value), dim == (("月", 1),))
                       or f"写成数字，可带单位，如 6 {declared.text}".rstrip(), or_(lossy, negative))
        self._choices(column, typed, declared, choices)
        return case([(self.blank(raw), cast(exp.Null(), NUM))], typed)

    def precise(self, column: str, typed: exp.Expression, limit: Places, unit, dim) -> None:
        """E912 (`too_precise`) for the first value with more decimals in base units than the products it
        enters carry exactly (precision.input_places: 1234.56999999 元 × 1/2 — screened 617.29 元, run
        617.28 元). The limit is told in the declared unit when it converts by a power of ten (元, 万元, %),
        else in the base unit (年 → 月)."""
        from ...runtime.units import dim_text

        k = _power_of_ten(unit.scale)
        shown, in_unit = (limit.places + k, unit.text) if k is not None else (limit.places, dim_text(dim))
        bad = exp.NEQ(this=typed.copy(), expression=exp.Round(this=typed.copy(), decimals=exp.Literal.number(limit.places)))
        self.first_bad(column, None, "too_precise",
                       "筛查以 DECIMAL(18, 8) 精确计算，这一列的值要进入乘积（见“乘积”所指的规则），更多位小数会被舍入；"
                       "金额写到分即可。确需这么多位时，用 hzdsl run 单独计算此人（标量引擎精确计算）", bad,
                       (Related(limit.span, "乘积"),), places=max(shown, 0), unit=in_unit or "无单位")

    def _choices(self, column: str, typed: exp.Expression, declared, choices: frozenset) -> None:
        if choices:  # 取值 5 万元、10 万元: only the declared values
            from .columns import num_lit
            self.first_bad(column, None, "out_of_range", "可选：" + "、".join(format(to_decimal(c / declared.scale), "f")
                                                            + " " + declared.text for c in sorted(choices)),
                           and_(exp.Not(this=is_null(typed)),
                                    exp.Not(this=exp.In(this=typed, expressions=[num_lit(c) for c in sorted(choices)]))))

    def _domain(self, column: str, base: exp.Expression, domain: Domain, unit) -> None:
        """Refuse values outside the declared type's domain: `base` is the value in base units, `unit` the
        declared unit (a count is whole in it: 计数(人) counts people; a 序数 is whole and has none)."""
        if domain.nonnegative:
            self.first_bad(column, None, "negative", HINTS["是负数"].format(what=f"列「{column}」"),
                           exp.LT(this=base, expression=exp.Literal.number(0)))
        if domain.whole:
            hint = domain.whole_hint(f"列「{column}」", unit)
            if column in self.summaries:  # 「不知道就不写」 is E927 here: a known history writes every summary
                hint = (f"列「{column}」按整数计（如 3 {unit.text or '次'}）；确实不知道的，把该行「历史已知」写为“否”"
                        "并清空其历史汇总列")
            self.first_bad(column, None, "not_whole", hint, self._fractional(base, unit.scale))
        if domain.upper is not None and domain.upper < NUM_MAX:  # the declaration's 上限, as the case loader reads it (E732)
            # A typed value is a multiple of 10^-8 in [−NUM_MAX, NUM_MAX]: it is above the bound iff it is above the bound
            # floored to 8 decimals; a bound at or beyond NUM_MAX refuses nothing, one below −NUM_MAX every value
            # (a literal of the column type could say neither: DuckDB's cast fails).
            from .columns import num_lit
            floor = Fraction(math.floor(domain.upper * 10 ** SCALE), 10 ** SCALE)
            above = (exp.GT(this=base.copy(), expression=num_lit(floor)) if floor >= -NUM_MAX
                     else exp.Not(this=is_null(base.copy())))
            self.first_bad(column, None, "above_upper", HINTS["超过上限"].format(what=f"列「{column}」", upper=domain.upper_text),
                           above, upper=domain.upper_text)

    def _fractional(self, base: exp.Expression, scale) -> exp.Expression:
        """`base` (DECIMAL(18, 8) in base units) is not a whole number of the unit of `scale`.

        Unit scale 1 (人, 次, 个 — every count the draft declares): base ≠ TRUNC(base), both 64-bit
        decimals — measured 0.011 s against 0.111 s per million values for the 128-bit modulo, which
        made the whole-number checks 1.7 of the 2.3 CPU seconds of validating the 1 M population.
        Another scale (a count in dozens …): the exact 128-bit modulo."""
        if scale == 1:
            return exp.NEQ(this=base, expression=exp.Cast(this=exp.func("trunc", base.copy()), to=NUM.copy()))
        return exp.NEQ(this=exp.Mod(this=exp.Cast(this=base, to=WIDE.copy()), expression=self._scale(scale)),
                       expression=exp.Literal.number(0))

    def _typed_quantity(self, column: str, declared, dim, choices: frozenset, domain: Domain = UNRESTRICTED,
                        unit=None) -> exp.Expression:
        """A numeric column in `declared` units → DECIMAL(18, 8) base units, exactly, or the cell is refused."""
        c = exp.column(column, quoted=True)
        full = self.src.types.get(column, "")
        kind = self.type_of(column)
        exact_in_num = kind in INTEGRAL or (kind == "DECIMAL" and int(full.rstrip(")").split(",")[-1]) <= SCALE)
        short = scale_literals([declared.scale]) if declared.scale != 1 else None
        if short is not None:  # × 12 (年 → 月), × 0.01 (% → fraction), × 10000 (万元 → 元): 64-bit decimals
            typed, lossy, negative = scaled(c, *short[declared.scale], exp.DataType.build(full), dim, exact_in_num)
            self._domain(column, typed, domain, unit or declared)  # first: 「是负数」 (see quantity)
            self.first_bad(column, typed, "", typed_number_hint(declared.text or "无单位"), or_(lossy, negative))
            self._choices(column, typed, declared, choices)
            return typed
        if declared.scale == 1:
            typed = exp.TryCast(this=c, to=NUM.copy())
            # a DOUBLE, or a DECIMAL with more than 8 decimals, must come back the same from DECIMAL(18, 8)
            lossy = false_() if exact_in_num else and_(
                exp.Not(this=is_null(typed)), exp.NEQ(this=exp.Cast(this=typed, to=exp.DataType.build(full)), expression=c))
        else:
            wide_in = exp.TryCast(this=c, to=WIDE.copy())
            wide = exp.Cast(this=exp.Mul(this=wide_in, expression=self._scale(declared.scale)), to=WIDE.copy())
            typed = exp.TryCast(this=wide, to=NUM.copy())
            lossy = and_(exp.Not(this=is_null(typed)), exp.NEQ(this=exp.Cast(this=typed, to=WIDE.copy()), expression=wide))
            if kind in ("FLOAT", "DOUBLE"):
                lossy = or_(lossy, and_(exp.Not(this=is_null(wide_in)), exp.NEQ(
                    this=exp.Cast(this=wide_in, to=exp.DataType.build(full)), expression=c)))
        negative = exp.LT(this=c, expression=exp.Literal.number(0)) if dim else false_()
        self._domain(column, typed, domain, unit or declared)  # first: 「是负数」 (see quantity)
        self.first_bad(column, typed, "", typed_number_hint(declared.text or "无单位"), or_(lossy, negative))
        self._choices(column, typed, declared, choices)
        return typed

    @staticmethod
    def _scale(s) -> exp.Expression:
        from ...runtime.units import to_decimal
        return cast(exp.Literal.number(format(to_decimal(s, 12), "f")), WIDE)


def _specs(typer: Typer, program: Program, columns: list[str]) -> list:
    """The distinct-value probes every column needs, fetched together in one pass."""
    names = {compact(c): c for c in [*program.facts, *program.params]}
    specs = []
    for column in columns:
        key, _unit = resolve(names, column)
        if typer.type_of(column) != "VARCHAR":
            continue  # typed columns need no distinct-value probe
        info = program.facts.get(key) or program.params.get(key) if key else None
        if info is None:
            continue
        kind = info.type.kind
        if kind == "num":
            specs.append(typer.spec_units(column))
        elif kind == "enum":
            specs.append(typer.spec_text(column))
        elif kind == "set":
            specs.append(typer.spec_members(column))
        elif kind == "date":
            specs.append(typer.spec_odd(column))
        elif kind == "bool":
            specs.append(typer.spec_bool(column))
    if HIST in columns and typer.type_of(HIST) == "VARCHAR":
        specs.append(typer.spec_bool(HIST))
    return specs


def _columns(con, src: Source) -> list[str]:
    desc = con.execute(select("*").from_(src.relation.copy(), copy=False).limit(0).sql("duckdb")).description
    return [d[0] for d in desc if d[0] != ROW]


HEADER_UNIT = re.compile(r"^(.+?)\s*[（(]\s*([^（）()]+?)\s*[）)]\s*$")


def resolve(names: dict[str, str], column: str) -> tuple[str | None, str | None]:
    """A column header → (declared name key, unit written in the header or None): `毕业时长` or
    `毕业时长（月）` (a number without a unit in that column is in 月), each also in 「」 (「毕业时长」（月）: 读法 in
    syntax.normalize.bare_name, as in case files). (None, None): not declared."""
    key = name_key(column)
    if key in names:
        return names[key], None
    m = HEADER_UNIT.match(column)
    if m and name_key(m.group(1)) in names:
        return names[name_key(m.group(1))], m.group(2)
    return None, None


def header_unit_error(at: Span, column: str, unit: str, info) -> Diagnostic | None:
    """The unit in a header must be one the fact's quantity converts to (月 for a 时长(年), 元 for 万元 …);
    `at`: the header cell (Typer.at_header)."""
    if info.type.kind != "num":
        return Diagnostic.of("E911", at, "去掉列名中的括号与单位", column=column)
    try:
        written = parse_unit(normalize(unit))
    except UnitError:
        written = None
    if written is None or written.dim != info.type.dim:
        return Diagnostic.of("E911", at, "年与月可以换算；月与天、元与天不能；比率写 %", form="header_unit", column=column,
                             unit=unit, declared=info.unit.text or '无单位')
    return None



def _power_of_ten(scale) -> int | None:
    """k when scale = 10^k (元 0, 万元 4, % −2, BP −4); None otherwise (年 = 12 月)."""
    for k in range(-SCALE, SCALE + 1):
        if scale == Fraction(10) ** k:
            return k
    return None


def typed_value(typer: Typer, program: Program, lay: Layout, key: str, info, column: str, out: dict,
                header_unit: str | None = None, places: Places | None = None) -> None:
    """The typed SQL of one fact or parameter column into `out` (by its layout columns); `places`: the
    decimals the products it enters can carry (precision.input_places), checked for a population."""
    kind = info.type.kind
    if kind == "set":
        out.update(typer.members(column, lay.set_cols[key]))
        return
    alias = lay.fact_col.get(key) or lay.param_col[key]
    if kind == "bool":
        out[alias] = typer.boolean(column)
    elif kind == "num":
        out[alias] = typer.quantity(column, info.unit.text, info.type.dim, info.type.choices, header_unit,
                                    domain_of_info(info))
        if places is not None:
            typer.precise(column, out[alias], places, info.unit, info.type.dim)
    elif kind == "enum":
        out[alias] = typer.text(column, info.type.choices)
    elif kind == "date":
        out[alias] = typer.date(column)
    else:
        out[alias] = typer.text(column)


@dataclass
class PopulationRows:
    """What the claims checks (E920, W921) need of the population file: its Source (paths, row numbering)
    and where the 历史已知 cell is. The view `pop_rows` (id, h, r) holds EVERY row — also those left out
    of `pop` (E723) — so a claim of a refused applicant is not "nobody's"."""

    src: Source
    hist_index: int | None  # 1-based column of 历史已知, None when the file has none
    summary: bool = False  # the file carries the history as summary columns (历史汇总): `pop` has them as g<i>
    # the columns of `pop` with one value on every row (specialise.constant_columns: a fact the file lacks,
    # 评估日期 / 历史已知 / a --params parameter without a column): name → that value
    constants: dict = field(default_factory=dict)


@_quotes_first("人群文件")
def load_population(con, program: Program, lay: Layout, path: str, date: dt.date | None,
                    params: dict[str, object], history_given: bool,
                    rows_out: list[PopulationRows] | None = None, elsewhere: Iterable[str] = (),
                    summary: "SummaryInput | None" = None) -> list[Diagnostic]:
    """Create the views `pop` and `pop_rows`; raise HzdslError with every column's first bad value (nothing
    else runs). `rows_out`, when given, receives the population's PopulationRows (for `load_claims`).

    `date`: --date, the 评估日期 of rows that give none; None when not given (then a file without the
    column is screened at today's date, and a blank cell in the column is E912: `_blank_dates`).

    `elsewhere`: names another version of the policies declares (hzdsl diff --population screens one file
    under two versions): a column only that version declares is left unread here, not refused (E911).

    `summary`: what the compiled query can read as 历史汇总 columns (hzdsl/ir/summary.py); a column named as one is
    then accepted, validated (E922–E927, values as E912) and put into `pop` under its aggregate's name, and
    `rows_out` says the file is in summary form. Without it such a column is undeclared (E911).

    Returns the rows left out of `pop` (E723: facts contradicting a 蕴含), counted and named per pair
    of facts: the caller reports them (exit 2); they are never screened, so never paid."""
    src = open_source(con, path, "pop")
    typer = Typer(con, program, src)
    columns = _columns(con, src)
    names = {compact(c): c for c in [*program.facts, *program.params]}
    other = {compact(c): c for c in elsewhere}
    out: dict[str, exp.Expression] = {}
    seen: dict[str, str] = {}  # fact key → the first column naming it
    column_of: dict[str, str] = {}  # fact key → its column as written in the file
    places = input_places(program)  # inputs that products carry exactly only to fewer than 8 decimals
    summary_found: list[tuple[str, hs.Parsed]] = []
    if ID not in columns:
        typer.errors.append(_err("E911", src.path, "每行一名申请人，「编号」列唯一标识该申请人", form="missing_id", column=ID))
    typer.warm(_specs(typer, program, columns))
    for column in columns:
        if column in {ID, DATE, HIST}:
            continue
        key, unit = resolve(names, column)
        if key is None and summary is not None and (parsed := hs.parse(column)) is not None:
            summary_found.append((column, parsed))
            continue
        if key is None and resolve(other, column)[0] is not None:
            continue  # the other version's fact: this version does not read it
        if key is None:
            typer.errors.append(Diagnostic.of("E911", typer.at_header(column),
                                              did_you_mean(compact(normalize(column)), list(program.facts) + list(program.params))
                                              or "可用 hzdsl schema 查看全部事实", form="undeclared", column=column))
            continue
        if key in seen:  # the caret under this one; the first column of the fact is named as related
            typer.errors.append(Diagnostic.of("E911", typer.at_header(column), "每个事实只写一列",
                                              (Related(typer.at_header(seen[key]), "第一次出现"),),
                                              form="duplicate", column=column))
            continue
        seen[key] = column
        kind = src.types.get(column, "VARCHAR")
        if kind.split("(")[0] in NOT_A_VALUE or kind.endswith("]"):
            # a Parquet list, struct, map or blob holds no one value: its cells were quoted as Python reprs
            # (「[6]」, 「{'a': 6}」, 「b'6 \xe4…'」 单位不对) — refused by its type, at the header (breaker s22)
            typer.errors.append(Diagnostic.of("E911", typer.at_header(column),
                                              "每格一个值：写成数值、布尔、日期或文本列（集合写成用 、 分隔的文本）",
                                              form="column_type", column=column, type=kind))
            continue
        info = program.facts.get(key) or program.params[key]
        problem = header_unit_error(typer.at_header(column), column, unit, info) if unit is not None else None
        if problem:
            typer.errors.append(problem)
            continue
        typed_value(typer, program, lay, key, info, column, out, unit, places.get(key))
        column_of[key] = column
    summary_typed = (_summary_columns(typer, program, summary, summary_found, history_given, other) if summary_found
                     else None)
    if typer.errors:
        raise HzdslError(typer.errors)
    blank = first(con, select(exp.Min(this=case([(typer.blank_of(ID), exp.column(ROW))], None)))
                  .from_(src.relation.copy(), copy=False))
    if blank is not None and blank[0] is not None:  # 编号 必需: an applicant no result and no claim can name
        index = typer.position.get(ID, 1)
        cells = src.cells({blank[0]})
        raise HzdslError([Diagnostic.of("E911", cells.span(blank[0], index),
                                        "每名申请人一行，编号必填且不重复：结果与申领历史都按编号对应",
                                        form="empty_id", row=cells.row(blank[0], index), column=ID)])
    dup = con.execute(select(exp.column(ID, quoted=True)).from_(src.relation.copy(), copy=False).group_by(exp.column(ID, quoted=True))
                  .having(exp.GT(this=exp.Count(this=exp.Star()), expression=exp.Literal.number(1))).limit(1)
                  .sql("duckdb")).fetchall()
    dup = dup[0] if dup else None
    if dup is not None:  # point at the second row with that 编号 (the first is named in the message)
        rids = [int(r[0]) for r in con.execute(
            select(exp.column(ROW)).from_(src.relation.copy(), copy=False).where(
                exp.EQ(this=exp.column(ID, quoted=True), expression=exp.Literal.string(str(dup[0]))))
            .order_by(ROW).limit(2).sql("duckdb")).fetchall()]
        cells = src.cells(rids)
        rows = [cells.line(r) for r in rids]
        line = rows[-1] if rows else 1
        # the carets under the 编号 cells, wherever the column is (breaker s22: column 1 was 评估日期's)
        index = typer.position.get(ID, 1)
        first_row = (Related(cells.span(rids[0], index), "第一次出现"),) if rids else ()
        at = cells.span(rids[-1], index) if rids else Span(src.path, line, 1, line, 1)
        raise HzdslError([Diagnostic.of("E911", at, "每名申请人一行，编号不可重复", first_row,
                                        form="duplicate_id", column=ID, value=dup[0],
                                        first_line=rows[0] if rows else '?',
                                        line=line)])
    # 编号 is compared as written (W921), so one that only looks like another is refused: E916 (breaker3 s23)
    typer.refuse_hidden(ID)
    picked = [alias_(cast(exp.column(ID, quoted=True), "VARCHAR"), "id")]
    d_default = cast(exp.Literal.string((date or dt.date.today()).isoformat()), "DATE")
    if DATE in columns and date is None:
        _blank_dates(con, src, typer)
    row_date = exp.func("coalesce", typer.date(DATE), d_default) if DATE in columns else d_default
    picked.append(alias_(row_date, "d"))
    # 读法: without the column, every row's history is as the run says (--history given: the claims file is the
    # whole history, "no records = never claimed"; 历史汇总 columns given: the summary is a known history). A BLANK
    # cell in the column is "not stated" — unknown, as in every other 是/否 column and as a case file without
    # 「历史」: never "known to have none", so a row with a blank cell is never paid on the absence of records (its
    # limited benefits are 待定; records of it are E920).
    h_default = exp.Boolean(this=history_given or summary_typed is not None)
    h = exp.func("coalesce", typer.boolean(HIST), exp.false()) if HIST in columns else h_default
    picked.append(alias_(h, "h"))
    typer.finish()
    if typer.errors:
        raise HzdslError(typer.errors)
    if summary_typed is not None:
        _summary_cells(con, src, typer, summary_typed, h.copy(), picked[0].this.copy())
        _summary_bounds(con, src, typer, summary, summary_typed, picked[0].this.copy())
        picked += [alias_(typed, name) for name, (_, typed, _) in summary_typed.items()]
    refused, contradictory = _implied_contradictions(con, src, program, lay, out, column_of, typer.position)
    for key, info in program.facts.items():
        # a set fact is one BOOLEAN column per member (a VARCHAR NULL there broke Spark: AND over STRING)
        kind = "bool" if key in lay.set_cols else info.type.kind
        for c in lay.fact_columns(key):
            picked.append(alias_(out.get(c, cast(exp.Null(), _sql_type(kind))), c))
    _precise_params(program, params, places)
    dated: list[tuple[str, Dated, exp.Expression | None]] = []
    for key, info in program.params.items():
        c = lay.param_col[key]
        cell = out.get(c)  # the parameter's own column, if the file has one
        given = params.get(key)
        if isinstance(given, Dated):  # each row: the value in force on its own 评估日期
            # needed by the rows that do not give the value themselves (all rows when there is no column)
            dated.append((info.decl.name.text, given, is_null(cell.copy()) if cell is not None else None))
            fallback = case([(_within(row_date, first_day, last_day), _param_literal(v, info.type.kind))
                             for first_day, last_day, v in given.periods()], cast(exp.Null(), _sql_type(info.type.kind)))
        else:
            fallback = _param_literal(given, info.type.kind)
        # 读法: a blank cell in a parameter's column is "not given for this row", as a file without the column:
        # the --params value (docs/人群筛查.md: the column is optional, else --params). A case file cannot
        # even say "this parameter is unknown" (E705); without --params the cell stays unknown.
        if cell is None:
            value = fallback
        elif given is None:
            value = cell
        else:
            value = exp.func("coalesce", cell, fallback)
        picked.append(alias_(value, c))
    _dated_in_force(con, src, row_date, dated, DATE in columns, typer.position.get(DATE, 1))
    every = select(picked[0].copy(), picked[2].copy(), alias_(exp.column(ROW), "r")).from_(src.relation.copy(), copy=False)
    con.execute(exp.Create(this=exp.to_table("pop_rows"), kind="VIEW", expression=every,
                           properties=exp.Properties(expressions=[exp.TemporaryProperty()])).sql("duckdb"))
    rows = select(*picked).from_(src.relation.copy(), copy=False)
    if rows_out is not None:
        rows_out.append(PopulationRows(src, typer.position.get(HIST) if HIST in columns else None, summary_typed is not None,
                                       constant_columns(rows)))
    if contradictory is not None:  # an impossible applicant is reported, never screened
        rows = rows.where(exp.Not(this=exp.Paren(this=contradictory)), copy=False)
    con.execute(exp.Create(this=exp.to_table("pop"), kind="VIEW", expression=rows,
                           properties=exp.Properties(expressions=[exp.TemporaryProperty()])).sql("duckdb"))
    return refused


@dataclass(frozen=True)
class SummaryInput:
    """What a compiled query can read in summary form: the Stats of the selected benefits (summary.Needs)
    and the column each is read into (the query's aggregate alias g<i>)."""

    needs: hs.Needs
    columns: dict[hs.Stat, str]
    history: str | None = None  # the --history file, when one is given too (E922)


COUNT_TYPE = exp.DataType.build("BIGINT")


def summary_warnings(program: Program, summary: SummaryInput) -> list[Diagnostic]:
    """W924 per limit no 历史汇总 states (同一…不得重复: it compares this claim with each past one): read in the
    summary form as a history not known for that limit alone (CompiledQuery.summary_form) — its benefits are 待定
    or 不符合, never paid on a history the file does not give."""
    from ...ir import ir_of

    prog = ir_of(program)
    out = []
    for lim in summary.needs.refused:
        benefits = "、".join(f"「{prog.benefits[t].name}」" for t in lim.targets if t in prog.benefits)
        fields = "」「".join(prog.facts[f].name if f in prog.facts else f for f in lim.history_fields)
        out.append(Diagnostic.of("W924", lim.span, "要判断这些待遇，请给申领历史明细（--history）；或用 --benefit 不选它们",
                                 name=lim.name, benefits=benefits, fields=fields))
    return out


def _summary_columns(typer: Typer, program: Program, summary: SummaryInput, found: list[tuple[str, hs.Parsed]],
                     history_given: bool, other: dict[str, str] | None = None) -> dict[str, tuple[str, exp.Expression, bool]] | None:
    """The summary columns of the file, checked and typed: {aggregate alias: (column, typed SQL, required)}, every
    Stat the query reads (an optional one the file lacks is 0). Errors go to typer.errors (E922–E925, E911).
    `other`: names another version declares (diff --population) — a summary column only it reads is skipped."""
    from ...ir import ir_of
    from ...runtime.units import dim_text

    prog = ir_of(program)
    src, errs = typer.src, typer.errors
    header = src.cells({-1})
    given: dict[hs.Stat, tuple[str, str | None]] = {}
    for column, parsed in found:
        at = header.span(-1, typer.position.get(column, 1))
        stat, wrong = hs.resolve(prog, parsed)
        if (stat is None or stat not in summary.needs.known) and other and resolve(other, column)[0] is not None:
            continue  # the other version's limit reads it: this version does not
        if stat is None:
            near = did_you_mean(compact(wrong), [compact(b.name) for b in prog.benefits.values()]
                                + [compact(f.name) for f in prog.facts.values()])
            errs.append(Diagnostic.of("E925", at, (near + "。" if near else "")
                                      + "用 hzdsl schema --history-summary 查看历史汇总的列名", column=column, name=wrong))
            continue
        if stat not in summary.needs.known:
            errs.append(Diagnostic.of("E925", at, "用 hzdsl schema --history-summary 查看各限制所读的列（「」中待遇的组合须与限制的“计入”相同）",
                                      form="unread", column=column))
            continue
        if stat in given:
            errs.append(Diagnostic.of("E911", at, "每个历史汇总只写一列",
                                      (Related(header.span(-1, typer.position.get(given[stat][0], 1)), "第一次出现"),),
                                      form="duplicate", column=column))
            continue
        given[stat] = (column, parsed.unit)
    if errs or not given:  # none read by this version (diff --population: the other's only): not the summary form
        return None
    first_column = next(column for column, _ in found if any(c == column for c, _ in given.values()))
    at = header.span(-1, typer.position.get(first_column, 1))
    if history_given:
        errs.append(Diagnostic.of("E922", at, "只留一种：去掉 --history，或删去人群文件中的历史汇总列",
                                  history=summary.history or "--history", column=first_column))
        return None
    missing = [h for s, h in summary.needs.stats.items() if not s.optional and s not in given]
    if missing:
        errs.append(Diagnostic.of("E923", Span(src.path, 1, 1, 1, 1),
                                  "按 hzdsl schema --history-summary 补上这些列（没有申领过的写 0），或改用申领历史明细（--history）",
                                  count=len(missing), missing="、".join(f"「{m}」" for m in missing)))
    if errs:
        return None
    out: dict[str, tuple[str, exp.Expression, bool]] = {}
    for stat, name in summary.columns.items():
        if stat not in given:  # an optional column left out: no counted claim lacks the value
            out[name] = ("", exp.Cast(this=exp.Literal.number(0), to=COUNT_TYPE.copy()), False)
            continue
        column, unit = given[stat]
        if stat.measure is hs.Measure.SUM:
            if stat.field == hs.AMOUNT:
                unit_text, dim, domain = "元", parse_unit("元").dim, Domain(nonnegative=True)
            else:
                info = program.facts[stat.field]
                unit_text, dim, domain = info.unit.text, info.type.dim, domain_of_info(info)
        else:
            unit_text, dim, domain = "次", parse_unit("次").dim, Domain(whole=True, nonnegative=True)
        if unit is not None:
            try:
                written = parse_unit(normalize(unit))
            except UnitError:
                written = None
            if written is None or written.dim != dim:
                errs.append(Diagnostic.of("E911", typer.at_header(column), "年与月可以换算；月与天、元与天不能；次数列不带单位或写（次）",
                                          form="header_unit", column=column, unit=unit, declared=unit_text or dim_text(dim)))
                continue
        typer.summaries.add(column)
        typed = typer.quantity(column, unit_text, dim, frozenset(), unit, domain)
        if stat.measure is not hs.Measure.SUM:
            typed = exp.Cast(this=typed, to=COUNT_TYPE.copy())  # whole (checked): BIGINT, as COUNT(*) gives
        out[name] = (column, typed, True)
    return out


def _summary_cells(con, src: Source, typer: Typer, typed: dict[str, tuple[str, exp.Expression, bool]],
                   h: exp.Expression, ident: exp.Expression) -> None:
    """E926: a row whose history is unknown (历史已知 否) with a summary value; E927: a row whose history is known
    with a blank summary cell — the first such row, its first such column, and how many rows.

    # 读法（docs/人群筛查.md「历史汇总」）：与申领历史明细同一读法——历史要么全部已知，要么未知（E920）。
    # 空格子不是 0（没有申领过写 0）；历史已知却不知道某一汇总，与“已知一部分历史”一样说不清，不替用户猜。
    """
    present = [(column, e) for column, e, _ in typed.values() if column]
    if not present:  # the selected benefits read no summary column (--benefit 创业导师服务补贴): none to check
        return
    checks = []
    for code, row_bad in (("E926", lambda e: and_(exp.Not(this=h.copy()), exp.Not(this=is_null(e.copy())))),
                          ("E927", lambda e: and_(h.copy(), is_null(e.copy())))):
        conds = [row_bad(e) for _, e in present]
        checks.append((code, conds))
    aggs = []
    for code, conds in checks:
        anyone = or_(*conds) if len(conds) > 1 else conds[0]
        aggs += [alias_(exp.Min(this=case([(anyone, exp.column(ROW))], None)), f"r_{code}"),
                 alias_(exp.Count(this=case([(anyone.copy(), exp.Literal.number(1))], None)), f"n_{code}")]
    row = first(con, select(*aggs).from_(src.relation.copy(), copy=False))
    errors = []
    for i, (code, conds) in enumerate(checks):
        rid, count = row[2 * i], row[2 * i + 1]
        if rid is None:
            continue
        rid = int(rid)
        picked = [alias_(ident.copy(), "i")] + [alias_(c, f"c{j}") for j, c in enumerate(conds)]
        picked += [alias_(exp.column(column, quoted=True), f"v{j}") for j, (column, _) in enumerate(present)]
        hit = first(con, select(*picked).from_(src.relation.copy(), copy=False).where(
            exp.EQ(this=exp.column(ROW), expression=exp.Literal.number(rid)), copy=False))
        j = next(j for j in range(len(conds)) if hit[1 + j])
        column = present[j][0]
        index = typer.position.get(column, 1)
        cells = src.cells({rid})
        hint = ("这些数就是全部历史时，把「历史已知」改为“是”；历史不全时，清空该行的历史汇总列（受限制的待遇待定）。没有写出任何结果"
                if code == "E926" else
                "写上该数（没有申领过写 0）；确实不知道的，把该行「历史已知」写为“否”并清空其历史汇总列。没有写出任何结果")
        value = {"value": hit[1 + len(conds) + j]} if code == "E926" else {}
        related, form = (), ""
        if code == "E926" and HIST in typer.position and _blank_cell(con, src, HIST, rid):
            # 读法（load_population）：「历史已知」空白即没有写明，按“否”（历史未知）读——说出是空白，不说它写了“否”
            at = typer.position[HIST]
            related, form = (Related(cells.span(rid, at), "「历史已知」空白"),), "blank"
            hint = ("「历史已知」空白按“否”（历史未知）读：这些数就是全部历史时，在「历史已知」写“是”；历史不全时，"
                    "清空该行的历史汇总列（受限制的待遇待定）。没有写出任何结果")
        errors.append(Diagnostic.of(code, cells.span(rid, index), hint, related, form=form, row=cells.row(rid, index),
                                    ident=hit[0], column=column, count=count, **value))
    if errors:
        raise HzdslError(errors)


def _blank_cell(con, src: Source, column: str, rid: int) -> bool:
    """Whether the cell of `column` in row `rid` (the ROW number) is blank (missing, or only spaces)."""
    cell = first(con, select(Typer.blank(cast(exp.column(column, quoted=True), "VARCHAR")))
                 .from_(src.relation.copy(), copy=False).where(exp.EQ(this=exp.column(ROW), expression=exp.Literal.number(rid))))
    return bool(cell and cell[0])


def _summary_bounds(con, src: Source, typer: Typer, summary: SummaryInput,
                    typed: dict[str, tuple[str, exp.Expression, bool]], ident: exp.Expression) -> None:
    """E928: a row whose summary numbers no claims could give (hzdsl/ir/summary.bounds) — more claims lacking a
    value than claims (历史未知条数 2, 历史次数 1), a count of part of the claims above the count of all, a total
    above 0 with no claim giving the value (历史合计 5 年, 历史次数 0) — the first such row and pair, how many rows.

    # 读法：汇总是同一批申领记录数出来的，明细（--history）写不出这样的行；当真会得出明细给不出的结论（例如第 4 笔贷款因为
    # “合计”而不是“次数”被拒），所以不替用户挑哪一个数是对的，整个文件不筛查。
    """
    value = {s: typed[name][1] for s, name in summary.columns.items()}
    shown = {s: (typed[name][0] or summary.needs.stats.get(s, name)) for s, name in summary.columns.items()}
    pairs = []
    # a count above another first (historical 未知条数 2 of 1 claim says more than the total it leaves at 0)
    for part, count, unknown in sorted(hs.bounds(list(summary.columns)), key=lambda b: b[0].measure is hs.Measure.SUM):
        p, c = value[part].copy(), value[count].copy()
        if part.measure is hs.Measure.SUM:
            left = exp.Sub(this=c, expression=value[unknown].copy()) if unknown is not None else c
            bad = and_(exp.GT(this=p, expression=exp.Literal.number(0)), exp.LT(this=left, expression=exp.Literal.number(1)))
        else:
            bad = exp.GT(this=p, expression=c)
        pairs.append((part, count, unknown, bad))
    if not pairs:
        return
    anyone = or_(*[b.copy() for *_, b in pairs]) if len(pairs) > 1 else pairs[0][3].copy()
    row = first(con, select(alias_(exp.Min(this=case([(anyone, exp.column(ROW))], None)), "r"),
                            alias_(exp.Count(this=case([(anyone.copy(), exp.Literal.number(1))], None)), "n"))
                .from_(src.relation.copy(), copy=False))
    if row is None or row[0] is None:
        return
    rid, count = int(row[0]), row[1]
    hit = first(con, select(alias_(ident, "i"), *[alias_(b.copy(), f"b{j}") for j, (*_, b) in enumerate(pairs)])
                .from_(src.relation.copy(), copy=False)
                .where(exp.EQ(this=exp.column(ROW), expression=exp.Literal.number(rid)), copy=False))
    j = next(j for j in range(len(pairs)) if hit[1 + j])
    part, whole, unknown, _ = pairs[j]
    involved = [s for s in (part, whole, unknown) if s is not None and typed[summary.columns[s]][0]]  # absent: not said
    cells = {}
    for s in involved:
        column = typed[summary.columns[s]][0]
        cells[s] = (first(con, select(exp.column(column, quoted=True)).from_(src.relation.copy(), copy=False).where(
            exp.EQ(this=exp.column(ROW), expression=exp.Literal.number(rid)), copy=False))[0] if column else 0)
    said = "、".join(f"「{shown[s]}」为 {cells[s]}" for s in involved)
    why = ("合计大于 0，却没有一条申领给出该值" if part.measure is hs.Measure.SUM
           else "前者所数的申领都在后者之中，不能更多")
    column = typed[summary.columns[part]][0]
    index = typer.position.get(column, 1)
    at = src.cells({rid})
    raise HzdslError([Diagnostic.of(
        "E928", at.span(rid, index),
        "这些数由同一批申领记录数出，明细写不出这样的行；核对该行的历史汇总（次数含缺值的那几条）。没有写出任何结果",
        row=at.row(rid, index), ident=hit[0], cells=said, why=why, count=count)])


def _precise_params(program: Program, params: dict[str, object], places: dict[str, Places]) -> None:
    """E801 (`too_precise`) for a --params value with more decimals (base units) than screening holds exactly:
    8, or fewer where the parameter enters a product (precision.input_places) — the SQL literal would be
    rounded (LPR 3.4512345% was silently 3.451235%), as a population cell is refused (E912 too_precise)."""
    from ...runtime.units import Q, dim_text

    errors = []
    for key, given in params.items():
        info = program.params.get(key)
        if info is None or info.type.kind != "num":
            continue
        limit = places[key].places if key in places else SCALE
        values = [v for *_, v in given.periods()] if isinstance(given, Dated) else [given]
        for v in values:
            if isinstance(v, Q) and decimals(v.value) > limit:
                k = _power_of_ten(info.unit.scale)
                shown, unit = (limit + k, info.unit.text) if k is not None else (limit, dim_text(info.type.dim))
                related = (Related(places[key].span, "乘积"),) if key in places else ()
                written = format(to_decimal(v.value / info.unit.scale, 2 * SCALE).normalize(), "f") + (info.unit.text or "")
                errors.append(Diagnostic.of(
                    "E801", Span("--params", 1, 1, 1, 1),
                    "参数文件的值照公布的写；确需这么多位时，用 hzdsl run 单独计算（标量引擎精确计算）", related,
                    form="too_precise", name=info.decl.name.text, value=written, places=max(shown, 0), unit=unit or "无单位"))
                break
    if errors:
        raise HzdslError(errors)


def _blank_dates(con, src: Source, typer: Typer) -> None:
    """E912 at the first row whose 评估日期 cell is blank when no --date says which day such rows take.

    读法: a case file must give its 评估日期 (E703); a blank cell in the column is no date, and reading it
    as today — the day the screen happens to run — gave the same file other answers on another day. With
    --date the user has said which day rows without one take (the option's help: the column comes first)."""
    row = first(con, select(exp.Min(this=case([(typer.blank_of(DATE), exp.column(ROW))], None)))
                .from_(src.relation.copy(), copy=False))
    if row is None or row[0] is None:
        return
    index = typer.position.get(DATE, 1)
    cells = src.cells({row[0]})
    typer.errors.append(Diagnostic.of(
        "E912", cells.span(row[0], index),
        "填上该行的评估日期（如 2023-06-30），或用 --date 给出没有评估日期的行所用的日期", form="empty",
        row=cells.row(row[0], index), column=DATE))


def _implied_contradictions(con, src: Source, program: Program, lay: Layout, typed: dict[str, exp.Expression],
                            column_of: dict[str, str], position: dict[str, int]):
    """E723: rows giving a fact 是 and a fact it implies (蕴含, transitively) 否 — as E722 in case files.

    Such a row is an impossible applicant: each benefit would read the fact it cites and pay on one
    while refusing on the other. Returns (one diagnostic per pair of facts: how many rows, the first
    ones named; the SQL condition that picks every such row, or None) — the rows are left out.
    """
    from ...runtime.evaluate import implications

    problems, conds = [], []
    for a, (_, implied) in sorted(implications(program).items()):
        for b in implied:
            ca, cb = lay.fact_col.get(a), lay.fact_col.get(b)
            if ca not in typed or cb not in typed:
                continue
            bad = and_(exp.Is(this=typed[ca].copy(), expression=exp.true()),
                       exp.Is(this=typed[cb].copy(), expression=exp.false()))
            rows = [int(r[0]) for r in con.execute(
                select(exp.column(ROW)).from_(src.relation.copy(), copy=False).where(bad, copy=False)
                .order_by(ROW).sql("duckdb")).fetchall()]
            if rows:
                problems.append((a, b, rows))
                conds.append(bad)
    if not problems:
        return [], None
    cells = src.cells({r for *_, rows in problems for r in rows[:10]})
    diags = []
    for a, b, rows in problems:
        col_a, col_b = column_of[a], column_of[b]
        index = position.get(col_b, 1)
        shown = "、".join(str(cells.line(r)) for r in rows[:10]) + ("…" if len(rows) > 10 else "")
        diags.append(Diagnostic.of(
            "E723", cells.span(rows[0], index),
            f"改正这些行的其中一列：「{col_b}」确为“否”则「{col_a}」不能为“是”；「{col_a}」为“是”则「{col_b}」留空"
            "（自动按“是”计）。这些行没有筛查，不计入人数与金额",
            related=(Related(program.facts[a].decl.span, "蕴含的声明"),), count=len(rows), col_a=col_a,
            implied=program.facts[b].decl.name.text, col_b=col_b, row=src.row_label.format(shown)))
    return diags, or_(*conds) if len(conds) > 1 else conds[0]


def _within(day: exp.Expression, first_day: dt.date, last_day: dt.date | None) -> exp.Expression:
    lo = exp.GTE(this=day.copy(), expression=cast(exp.Literal.string(first_day.isoformat()), "DATE"))
    if last_day is None:
        return lo
    return and_(lo, exp.LTE(this=day.copy(), expression=cast(exp.Literal.string(last_day.isoformat()), "DATE")))


def _dated_in_force(con, src: Source, row_date: exp.Expression, dated: list[tuple[str, Dated, exp.Expression | None]],
                    has_date: bool, index: int) -> None:
    """E711 (as `hzdsl run` for a case): a row on whose 评估日期 a dated parameter of --params has no value in
    force — the first such row per parameter, with its date; nothing is screened. `dated`: (name, table,
    the rows that need the table's value: those without a value of their own in the parameter's column)."""
    if not dated:
        return
    aggs = []
    for _, table, needed in dated:
        inside = [_within(row_date, a, b) for a, b, _ in table.periods()]
        outside = exp.Not(this=exp.Paren(this=or_(*inside))) if inside else exp.true()
        if needed is not None:
            outside = and_(needed, outside)
        aggs.append(alias_(exp.Min(this=case([(outside, exp.column(ROW))], None)), f"r{len(aggs)}"))
    row = first(con, select(*aggs).from_(src.relation.copy(), copy=False))
    found = [(name, int(rid)) for (name, *_), rid in zip(dated, row) if rid is not None]
    if not found:
        return
    cells = src.cells({rid for _, rid in found})
    errors = []
    for name, rid in found:
        day = first(con, select(row_date.copy()).from_(src.relation.copy(), copy=False).where(
            exp.EQ(this=exp.column(ROW), expression=exp.Literal.number(rid))))[0]
        span = cells.span(rid, index if has_date else 1)
        where = f"{src.row_label.format(span.line)}的评估日期 {day} " if has_date else f"评估日期 {day}（--date）"
        errors.append(Diagnostic.of(
            "E711", span if has_date else Span(src.path, span.line, 1, span.line, 1),
            "在参数文件中补上当天公布的值（写明来源），或在人群文件中加一列该参数（人群文件的值优先）",
            form="screen", name=name, where=where))
    raise HzdslError(errors)


def _sql_type(kind: str):
    return {"bool": "BOOLEAN", "num": NUM, "date": "DATE"}.get(kind, "VARCHAR")


def _param_literal(value, kind: str) -> exp.Expression:
    from ...runtime.units import Q, to_decimal
    if value is None:
        return cast(exp.Null(), _sql_type(kind))
    if isinstance(value, Q):
        return cast(exp.Literal.number(format(to_decimal(value.value, SCALE), "f")), NUM)
    if isinstance(value, bool):
        return exp.Boolean(this=value)
    if isinstance(value, dt.date):
        return cast(exp.Literal.string(value.isoformat()), "DATE")
    return exp.Literal.string(str(value))


@_quotes_first("申领历史文件")
def load_claims(con, program: Program, lay: Layout, path: str | None,
                population: PopulationRows | None = None, reads_history: bool = True) -> list[Diagnostic]:
    """Create the view `claims` (empty when no file is given); raise HzdslError on a bad claims file.

    With `population` (what load_population put in `rows_out`) the claims are also checked against it:
    E920 (raised) for claims of a row whose 历史已知 is 否; the returned warnings are W921 (claims whose
    编号 is nobody in the population) and W930 (no claims file, yet rows whose 历史已知 is 是, when the
    screened benefits have limits: `reads_history`), for the caller to show."""
    fields = history_fields(program)
    warnings: list[Diagnostic] = []
    if path is None and population is not None and reads_history:
        warnings += _known_without_claims(con, population)
    if path is None:
        empty = [alias_(cast(exp.Null(), t), c) for c, t in
                 [("id", "VARCHAR"), ("b", "VARCHAR"), ("d", "DATE"), ("c", "VARCHAR"), ("amt", NUM)]]
        empty += [alias_(cast(exp.Null(), _sql_type(program.facts[k].type.kind)), lay.fact_col[k]) for k in fields]
        q = select(*empty).where(exp.false())
    else:
        src = open_source(con, path, "claims")
        typer = Typer(con, program, src)
        columns = _columns(con, src)
        for need in (ID, C_BENEFIT, C_DATE):
            if need not in columns:
                typer.errors.append(_err("E913", src.path,
                                         "申领历史每行一次过去的申领：编号、待遇、日期，可加 申领人、金额 与限制所比较的字段", column=need))
        _unknown_claim_columns(src, typer, columns, fields, program)
        if typer.errors:
            raise HzdslError(typer.errors)
        _required_claim_cells(con, src, typer)
        if typer.errors:
            raise HzdslError(typer.errors)
        benefits = {compact(b): b for b in program.benefits}
        raw_b = exp.func("trim", typer.raw(C_BENEFIT))
        names = [r[0] for r in con.execute(select(raw_b).distinct().from_(src.relation.copy(), copy=False).sql("duckdb")).fetchall()]
        mapping = {}
        for nm in names:
            k = name_key(nm or "")  # 「一次性创业补贴」 as a case file's history writes it too
            if k not in benefits:
                q = select(exp.column(ROW)).from_(src.relation.copy(), copy=False).where(
                    exp.EQ(this=raw_b, expression=exp.Literal.string(nm or ""))).order_by(ROW).limit(1)
                rid = int(first(con, q)[0])
                cells, index = src.cells({rid}), typer.position.get(C_BENEFIT, 1)
                typer.errors.append(Diagnostic.of("E913", cells.span(rid, index),
                                               did_you_mean(k, benefits) or "待遇名须与政策中「待遇」声明的名称一致",
                                               form="undefined_benefit", column=C_BENEFIT,
                                               row=cells.row(rid, index), benefit=nm))
            else:
                mapping[nm] = k
        typer.refuse_hidden(ID)  # as in the population file: its claims would match nobody (E916)
        picked = [alias_(cast(exp.column(ID, quoted=True), "VARCHAR"), "id"),
                  alias_(case([(exp.EQ(this=raw_b, expression=exp.Literal.string(a)), exp.Literal.string(b))
                                   for a, b in mapping.items()], cast(exp.Null(), "VARCHAR")), "b"),
                  alias_(typer.date(C_DATE), "d")]
        allowed = frozenset({"个人", "单位"} | {lim.claimant for lim in program.limits if lim.claimant})
        if C_CLAIMANT in columns:
            picked.append(alias_(exp.func("coalesce", typer.text(C_CLAIMANT, allowed), exp.Literal.string("个人")), "c"))
        else:
            picked.append(alias_(exp.Literal.string("个人"), "c"))
        money = parse_unit("元")
        picked.append(alias_(typer.quantity(C_AMOUNT, "元", money.dim) if C_AMOUNT in columns
                                 else cast(exp.Null(), NUM), "amt"))
        present = {}
        for c in columns:
            key, unit = resolve({compact(f): f for f in fields}, c)
            if key is not None:
                present[key] = (c, unit)
        for k in fields:
            info = program.facts[k]
            out: dict[str, exp.Expression] = {}
            if k in present:
                c, unit = present[k]
                problem = header_unit_error(typer.at_header(c), c, unit, info) if unit is not None else None
                if problem:
                    typer.errors.append(problem)
                    continue
                typed_value(typer, program, lay, k, info, c, out, unit)
            picked.append(alias_(out.get(lay.fact_col[k], cast(exp.Null(), _sql_type(info.type.kind))),
                                     lay.fact_col[k]))
        typer.finish()
        if typer.errors:
            raise HzdslError(typer.errors)
        _no_claim_after_date(con, src, picked[0].this.copy(), picked[2].this.copy(), typer.position.get(C_DATE, 1))
        if population is not None and population.hist_index is not None:  # without the column every h is 是
            _claims_of_unknown_histories(con, src, typer, population, picked[0].this.copy())
        if population is not None:
            warnings += _claims_of_nobody(con, src, typer, picked[0].this.copy())
        q = select(*picked).from_(src.relation.copy(), copy=False)
    con.execute(exp.Create(this=exp.to_table("claims"), kind="VIEW", expression=q,
                           properties=exp.Properties(expressions=[exp.TemporaryProperty()])).sql("duckdb"))
    return warnings


CLAIM_COLUMNS = (ID, C_BENEFIT, C_DATE, C_CLAIMANT, C_AMOUNT)


def _unknown_claim_columns(src: Source, typer: Typer, columns: list[str], fields: list[str], program: Program) -> None:
    """E913 (undeclared) for a claims column that is neither one of CLAIM_COLUMNS nor a field a 限制 compares
    (with or without a unit in its header). 读法 as for the population file (E911) and a case file's history
    record (E708): a misspelt column (证书登记 for 证书等级) was ignored, so the limit waited for a field the
    file did carry — refused, with the near names and every column a claims file may have."""
    names = {compact(f): f for f in fields}
    allowed = [*CLAIM_COLUMNS, *(program.facts[f].decl.name.text for f in fields)]
    for column in columns:
        if column in CLAIM_COLUMNS or resolve(names, column)[0] is not None:
            continue
        near = did_you_mean(compact(normalize(column)), [compact(c) for c in allowed])
        index = typer.position.get(column, 1)
        typer.errors.append(Diagnostic.of("E913", src.cells({-1}).span(-1, index), (near + "。" if near else "")
                                          + "申领历史的列可以是：" + "、".join(allowed), form="undeclared", column=column))


def _claims_of_unknown_histories(con, src: Source, typer: Typer, population: PopulationRows,
                                 claim_id: exp.Expression) -> None:
    """E920: claims of an applicant whose 历史已知 is 否 — refused, naming the first such row and its first claim.

    # 读法：「历史已知」为“否”即该申请人的申领历史未知（docs/人群筛查.md）；申领历史中又有其记录，两者自相矛盾：
    # 要么这些记录就是全部历史（应写“是”），要么历史不全。`hzdsl run` 与案例文件只有“全部历史”或“历史未知”两种
    # 说法，没有“已知一部分”；丢掉记录（待定）与把记录当下限（可能不符合）结论不同，所以不替用户猜，整个文件不筛查。
    """
    inner = select(alias_(exp.column(ROW), "cr"), alias_(claim_id, "cid")).from_(src.relation.copy(), copy=False)
    joined = (select(col("r", "p"), col("id", "p"), alias_(exp.Min(this=col("cr", "i")), "cr"))
              .from_(alias_(exp.Subquery(this=inner), "i", table=True), copy=False)
              .join(alias_(exp.to_table("pop_rows"), "p", table=True),
                    on=exp.EQ(this=col("id", "p"), expression=col("cid", "i")), copy=False)
              .where(exp.Not(this=exp.func("coalesce", col("h", "p"), exp.true())), copy=False)
              .group_by(col("r", "p"), col("id", "p"), copy=False))
    rows = con.execute(select(col("r"), col("id"), col("cr"), alias_(exp.Window(this=exp.Count(this=exp.Star())), "n"))
                       .from_(alias_(exp.Subquery(this=joined), "j", table=True), copy=False)
                       .order_by(col("r"), copy=False).limit(1, copy=False).sql("duckdb")).fetchall()
    if not rows:
        return
    r, ident, cr, count = rows[0]
    p_cells, c_cells = population.src.cells({r}), src.cells({cr})
    index, c_index = population.hist_index or 1, typer.position.get(ID, 1)
    # the cell blank (not stated: read as 否, 读法 in load_population) or 否: worded apart
    blank = _blank_cell(con, population.src, HIST, r)
    raise HzdslError([Diagnostic.of(
        "E920", p_cells.span(r, index),
        "这些记录若就是该申请人的全部申领，把「历史已知」改为“是”；若历史不全，删去这些记录（受限制的待遇将为待定，"
        "与 hzdsl run 对不写「历史」的案例相同）。没有写出任何结果",
        (Related(c_cells.span(cr, c_index), "其申领记录"),),
        form="blank" if blank else "", row=p_cells.row(r, index), ident=ident, count=count)])


SHOWN_LINES = 10


def _known_without_claims(con, population: PopulationRows) -> list[Diagnostic]:
    """W930: rows whose 历史已知 is 是 screened without any claims (no --history, no 历史汇总 columns).

    # 读法：“是”照文件所写读作历史已知、没有记录即从未申领（docs/人群筛查.md）；但这多半是忘了 --history
    # （examples/population.csv 就是这样：它的申领记录在 population_history.csv 中），一次性的补贴会被再算一次，
    # 所以说出来——警告，不是错误：确实无人申领过时可以不管（breaker3 s23）。"""
    if population.hist_index is None or population.summary:
        return []
    count = first(con, select(exp.Count(this=exp.Star())).from_("pop_rows", copy=False).where(col("h"), copy=False))[0]
    if not count:
        return []
    src = population.src
    at = src.cells({-1}).span(-1, population.hist_index)  # under the 历史已知 header cell
    return [Diagnostic.of("W930", at,
                          "给出这些人的申领历史：--history 历史文件（或在人群文件中写历史汇总列）；历史不知道的行把"
                          "「历史已知」写为“否”；确实从未申领过时这条警告可以不管", count=count, what=src.what)]


def _claims_of_nobody(con, src: Source, typer: Typer, claim_id: exp.Expression) -> list[Diagnostic]:
    """W921: claims whose 编号 matches no population row (`pop_rows`) — counted, the first lines named, and
    an id equal to a population 编号 but for surrounding spaces named in the 提示.

    # 读法：警告，不是错误：申领登记常常覆盖比所筛人群更多的人（一个区的申请人对全市的登记），这些记录本就不属于
    # 任何被筛查的人；但编号写错（多一个空格）时记录悄悄丢失、一次性的补贴被再发一次，所以必须说出来。编号按原样比较，
    # 不替用户去掉空格（「A 」与「A」可能是两个人）。
    """
    inner = select(alias_(exp.column(ROW), "cr"), alias_(claim_id, "cid")).from_(src.relation.copy(), copy=False)
    orphan = (select(col("cr", "i"), col("cid", "i"))
              .from_(alias_(exp.Subquery(this=inner), "i", table=True), copy=False)
              .join(alias_(exp.to_table("pop_rows"), "p", table=True),
                    on=exp.EQ(this=col("id", "p"), expression=col("cid", "i")), join_type="anti", copy=False))
    con.execute(exp.Create(this=exp.to_table("claims_orphans"), kind="VIEW", expression=orphan, replace=True,
                           properties=exp.Properties(expressions=[exp.TemporaryProperty()])).sql("duckdb"))
    count, ids = first(con, select(exp.Count(this=exp.Star()), exp.Count(this=exp.Distinct(expressions=[col("cid")])))
                       .from_("claims_orphans", copy=False))
    if not count:
        return []
    shown = con.execute(select(col("cr"), col("cid")).from_("claims_orphans", copy=False).order_by(col("cr"), copy=False)
                        .limit(SHOWN_LINES, copy=False).sql("duckdb")).fetchall()
    cells = src.cells({r for r, _ in shown})
    lines = [cells.line(r) for r, _ in shown]
    near = []
    for ident in dict.fromkeys(i for _, i in shown):
        hit = first(con, select(col("id")).from_("pop_rows", copy=False).where(
            exp.EQ(this=exp.func("trim", col("id")), expression=exp.Literal.string(ident.strip())), copy=False).limit(1))
        if hit is not None:
            near.append(f"「{ident}」与人群文件中的「{hit[0]}」只差空格")
    index = typer.position.get(ID, 1)
    hint = ("；".join(near) + "（编号按原样比较）。" if near else "") + \
        "核对这些编号是否写错；申领历史本就包含人群之外的人时，这条警告可以不管"
    rows = src.row_label.format("、".join(str(x) for x in lines) + ("…" if count > len(lines) else ""))
    return [Diagnostic.of("W921", cells.span(shown[0][0], index), hint,
                          count=count, ids=ids, rows=rows)]


def _required_claim_cells(con, src: Source, typer: Typer) -> None:
    """E913 at the first row whose 编号, 待遇 or 日期 is empty: a claim the limits cannot place (whose claim,
    of which benefit, in which year). 读法 as for case files, where a history record must give 待遇 and
    日期: refused, not read as NULL — an undated claim left out of 每人每年 counts screened a fourth claim
    of the year as 符合, and an empty 待遇 ended in an internal error."""
    needed = (ID, C_BENEFIT, C_DATE)
    aggs = [alias_(exp.Min(this=case([(typer.blank_of(c), exp.column(ROW))], None)), f"b{i}") for i, c in enumerate(needed)]
    rows = first(con, select(*aggs).from_(src.relation.copy(), copy=False)) or (None,) * len(needed)
    blanks = {c: int(r) for c, r in zip(needed, rows) if r is not None}
    cells = src.cells(set(blanks.values()))
    for column, rid in blanks.items():
        index = typer.position.get(column, 1)
        typer.errors.append(Diagnostic.of(
            "E913", cells.span(rid, index),
            "每条申领记录都要写 编号、待遇、日期（哪一位申请人、哪项待遇、哪一天）；不知道的请补上，或删去该行",
            form="empty_cell", row=cells.row(rid, index), column=column))


def _no_claim_after_date(con, src: Source, claim_id: exp.Expression, claim_date: exp.Expression, date_index: int) -> None:
    """E721: a claim dated after its applicant's 评估日期 (the view `pop`) is not a past claim.

    读法 as for case files (E720, hzdsl/cases/load.py): the history of an evaluation date holds the
    claims made on or before it; screening refuses the file rather than count or drop such a row.
    """
    inner = select(alias_(exp.column(ROW), "r"), alias_(claim_id, "cid"),
                   alias_(claim_date, "cd")).from_(src.relation.copy(), copy=False)
    q = (select(col("r", "i"), col("cid", "i"), col("cd", "i"), col("d", "p"))
         .from_(alias_(exp.Subquery(this=inner), "i", table=True), copy=False)
         .join(alias_(exp.to_table("pop"), "p", table=True),
               on=exp.EQ(this=col("id", "p"), expression=col("cid", "i")), copy=False)
         .where(exp.GT(this=col("cd", "i"), expression=col("d", "p")), copy=False)
         .order_by(col("r", "i"), copy=False).limit(1, copy=False))
    row = first(con, q)
    if row is not None:
        cells = src.cells({row[0]})
        line = cells.line(row[0])
        raise HzdslError([Diagnostic.of(
            "E721", cells.span(row[0], date_index),  # the caret under the 日期 cell, not the line's start (breaker s22)
            "申领历史只列评估日期当日及以前的申领；核对该行的「日期」与人群文件中的评估日期", row=src.row_label.format(line), id=row[1], claim_date=row[2],
            as_of=row[3])])
