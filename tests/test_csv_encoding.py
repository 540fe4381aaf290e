"""A population or history CSV that is not UTF-8 is E910 at the first bad byte: file:line:col, the byte's
offset and a hint naming GBK (breaker s22). Before, the message was DuckDB's English 'Invalid Input Error:
CSV Error on Line: 3' at 1:1. Positions below are counted by hand from the bytes written."""
from __future__ import annotations

import pytest

from hzdsl.cli import main

pytest.importorskip("duckdb")

HEADER = "编号,评估日期,毕业时长"  # 6 + 1 + 12 + 1 + 12 bytes, then LF: 33 bytes
ROW_A = "A,2023-06-30,3 年"       # 1 + 1 + 10 + 1 + 1 + 1 + 3 bytes, then LF: 19 bytes


def cli(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "内部错误" not in out + err
    return code, out + err


def write(path, eol: bytes = b"\n"):
    body = eol.join([HEADER.encode(), ROW_A.encode(), b"B,2023-06-30,\xb6\xfe \xc4\xea"]) + eol  # 「二 年」 in GBK
    path.write_bytes(body)
    return path


@pytest.mark.parametrize("eol", [b"\n", b"\r\n", b"\r"])
def test_a_gbk_cell_is_named_by_line_column_and_byte(tmp_path, capsys, eol):
    p = write(tmp_path / "人群.csv", eol)
    code, out = cli(capsys, "screen", str(p), "--benefit", "一次性创业补贴")
    assert code == 2
    # line 3, after 「B,2023-06-30,」 (13 characters): column 14; byte 33 + 19 + 13 + 1 with LF endings
    byte = 66 + (2 if eol == b"\r\n" else 0)
    assert f"{p}:3:14: 错误[E910]: 人群文件 {p} 不是 UTF-8 编码（第 3 行第 14 列，第 {byte} 字节）" in out
    assert "GBK" in out
    assert "Invalid" not in out and "DuckDB" not in out


def test_a_whole_gbk_file_is_refused_at_its_first_byte(tmp_path, capsys):
    p = tmp_path / "人群.csv"
    p.write_bytes((HEADER + "\n" + ROW_A + "\n").encode("gbk"))
    code, out = cli(capsys, "screen", str(p))
    assert code == 2
    assert f"{p}:1:1: 错误[E910]: 人群文件 {p} 不是 UTF-8 编码（第 1 行第 1 列，第 1 字节）" in out


def test_a_gbk_history_file_is_named_as_the_history(tmp_path, capsys):
    pop = tmp_path / "人群.csv"
    pop.write_text(HEADER + "\n" + ROW_A + "\n", encoding="utf-8")
    hist = tmp_path / "历史.csv"
    hist.write_bytes("编号,待遇,日期\nA,一次性创业补贴,2022-01-01\n".encode("gbk"))
    code, out = cli(capsys, "screen", str(pop), "--history", str(hist), "--benefit", "一次性创业补贴")
    assert code == 2
    assert f"{hist}:1:1: 错误[E910]: 申领历史文件 {hist} 不是 UTF-8 编码" in out


def test_a_bom_and_utf8_are_still_read(tmp_path, capsys):
    p = tmp_path / "人群.csv"
    p.write_bytes(b"\xef\xbb\xbf" + (HEADER + "\n" + ROW_A + "\n").encode())
    code, _ = cli(capsys, "screen", str(p), "--benefit", "一次性创业补贴")
    assert code == 0


def test_a_line_longer_than_duckdb_reads_is_named(tmp_path, capsys):
    """A 2.1 MB cell on line 2: DuckDB said 'CSV Error on Line: 1' (its first data row) at 1:1 with the UTF-8 hint.
    Line 2 holds 「A,2023-06-30,」 (13 bytes) and 2 100 000 x: 2 100 013 bytes."""
    p = tmp_path / "人群.csv"
    p.write_text("编号,评估日期,职业\nA,2023-06-30," + "x" * 2_100_000 + "\nB,2023-06-30,电工\n", encoding="utf-8")
    code, out = cli(capsys, "screen", str(p), "--benefit", "职业培训补贴")
    assert code == 2
    assert f"{p}:2:1: 错误[E910]: 人群文件 {p} 第 2 行有 2100013 字节，超过每行的上限 2097152 字节" in out
    assert "Invalid" not in out
