"""Publish a finished temporary file as the result: ordinary permissions, atomic rename."""
from __future__ import annotations

import os


def check_target(target: "str | os.PathLike[str]", what: str = "结果文件") -> None:
    """Refuse, before any work, a result path that is not (or would not be) an ordinary file: a device
    (`/dev/full` was replaced by the rename), a directory, a missing folder. Raises HzdslError (E914)."""
    from pathlib import Path

    from ...errors import Diagnostic, HzdslError, Span

    p = Path(target)
    span = Span(str(p), 1, 1, 1, 1)
    problem = None
    if p.is_dir():
        problem = {"form": "is_dir"}
    elif p.exists() and not p.is_file():
        problem = {"form": "not_regular"}
    elif not p.parent.is_dir():
        problem = {"form": "no_folder", "folder": p.parent}
    elif p.suffix.lower() not in FORMATS:
        problem = {"form": "suffix", "suffix": p.suffix or "（无）"}
    if problem:
        raise HzdslError([Diagnostic.of("E914", span, "写到一个普通文件的路径，如 结果.csv、结果.tsv 或 结果.parquet；目录须已存在",
                                        what=what, path=p, **problem)])


FORMATS = {".csv": ",", ".tsv": "\t", ".parquet": None}  # suffix → CSV delimiter (None: Parquet)


def spreadsheet_safe_batch(batch):
    """The batch with every text cell a spreadsheet would run as a formula made text, by the one rule
    (spreadsheet.spreadsheet_safe). Arrow finds the few cells whose first character could matter;
    only those go through Python, so a million-row result pays a vectorised scan, not a loop."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from ...spreadsheet import FORMULA_STARTS, spreadsheet_safe

    starts = pa.array(list(FORMULA_STARTS))
    columns = []
    for a in batch.columns:
        if pa.types.is_string(a.type) or pa.types.is_large_string(a.type):
            risky = pc.fill_null(pc.is_in(pc.utf8_slice_codeunits(a, 0, 1), value_set=starts), False)
            if pc.any(risky).as_py():
                values = a.to_pylist()
                for i in pc.indices_nonzero(risky).to_pylist():
                    values[i] = spreadsheet_safe(values[i])
                a = pa.array(values, type=a.type)
        columns.append(a)
    return pa.RecordBatch.from_arrays(columns, schema=batch.schema)


def publish(tmp: str, target: "str | os.PathLike[str]") -> None:
    """Give `tmp` the permissions of a newly created file (mkstemp makes 0600) and rename it onto `target`."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(tmp, 0o666 & ~mask)
    os.replace(tmp, target)


def unwritable(target, err: OSError):
    """E914 for a result file the operating system refused to create or write; nothing is left behind."""
    from ...errors import Diagnostic, HzdslError, Span, os_reason

    return HzdslError([Diagnostic.of("E914", Span(str(target), 1, 1, 1, 1),
                                  "换一个可写的目录（如当前目录或 /tmp），或检查磁盘空间与权限", target=target, reason=os_reason(err))])


def write_batches(batches, target: "str | os.PathLike[str]", on_batch=None) -> int:
    """Stream Arrow record batches to CSV, TSV or Parquet (by the target's suffix) in a temporary file beside
    `target`, published atomically when all are written; nothing is left behind on failure (an OSError is
    HzdslError E914, `unwritable`). CSV and
    TSV cells that a spreadsheet would run as formulas are made text (spreadsheet_safe_batch). A symbolic
    link is written through (the file it points to is replaced; the link stays).
    on_batch(rows_so_far) is called after each batch (progress). Returns the number of rows written."""
    import tempfile
    from pathlib import Path

    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    # a symbolic link is followed, as hzdsl fmt does: the file it points to gets the result and the link
    # stays a link (os.replace on the link itself would put a new file in its place and leave the target stale)
    delimiter = FORMATS.get(Path(target).suffix.lower(), ",")  # the format of the name the user gave
    target = Path(os.path.realpath(target)) if Path(target).is_symlink() else Path(target)
    parquet = delimiter is None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=str(target.parent or Path(".")))
    except OSError as e:  # a folder that exists but takes no files (/proc, read-only mounts, no permission)
        raise unwritable(target, e) from None
    os.close(fd)
    rows = 0
    try:
        writer = None
        for b in batches:
            if writer is None:
                writer = pq.ParquetWriter(tmp, b.schema) if parquet else pacsv.CSVWriter(
                    tmp, b.schema, write_options=pacsv.WriteOptions(delimiter=delimiter))
            writer.write_batch(b if parquet else spreadsheet_safe_batch(b))
            rows += b.num_rows
            if on_batch is not None:
                on_batch(rows)
        if writer is None and getattr(batches, "schema", None) is not None:
            # no rows (population generate --n 0): still the header row / an empty Parquet file with its
            # columns — a 0-byte file is what screen refuses as "空文件，没有列名行" (E910)
            writer = pq.ParquetWriter(tmp, batches.schema) if parquet else pacsv.CSVWriter(
                tmp, batches.schema, write_options=pacsv.WriteOptions(delimiter=delimiter))
        if writer is not None:
            writer.close()
        publish(tmp, target)
    except OSError as e:  # disk full, the folder made read-only meanwhile … (pyarrow's IO errors are OSErrors)
        raise unwritable(target, e) from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return rows
