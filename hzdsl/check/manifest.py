"""The official text is guarded by a record of what it is (issue 9, point 5).

`policies/official.manifest.json` beside `official.txt` records where the text comes from (来源、
原始文件), when the record was made (记录日期), and two fingerprints: `正文sha256`, the SHA-256 of the
text without any whitespace (the form every quote is checked against — mending line breaks is not
a change), and `原始文件sha256`, that of the source file the text was mended from. `hzdsl check`
reports E403 when official.txt no longer has the recorded fingerprint, and E404 when the record
cannot be read; a folder without a record is not checked (standalone examples, fixtures).
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..errors import Diagnostic, Span
from ..source import OfficialText

MANIFEST_NAME = "official.manifest.json"
FIELDS = ("来源", "原始文件", "原始文件sha256", "记录日期", "正文sha256")


def fingerprint(compact_text: str) -> str:
    """SHA-256 (hex) of a text without whitespace, in UTF-8."""
    return hashlib.sha256(compact_text.encode("utf-8")).hexdigest()


def check_manifest(official: OfficialText | None) -> list[Diagnostic]:
    """E403 / E404 for the official text's record, when one lies beside it."""
    if official is None:
        return []
    path = Path(official.path).with_name(MANIFEST_NAME)
    if not path.is_file():
        return []
    at = Span(str(path), 1, 1, 1, 1)
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        missing = [f for f in FIELDS if not isinstance(record.get(f), str)]
    except (OSError, UnicodeDecodeError, ValueError, AttributeError) as e:
        return [Diagnostic.of("E404", at,
                           "它是 JSON：来源、原始文件、原始文件sha256、记录日期、正文sha256", name=path.name, reason=e)]
    if missing:
        return [Diagnostic.of("E404", at,
                           "每项都是文字；正文sha256 是原文去掉空白后的 SHA-256", form="missing", name=path.name,
                           missing='、'.join(missing))]
    actual = fingerprint(official.compact)
    if actual != record["正文sha256"]:
        return [Diagnostic.of(
            "E403", Span(official.path, 1, 1, 1, 1),
            f"原文不应改动：照来源核对后恢复它；若来源确已更新，把记录中的正文sha256 改为 {actual}，并更新记录日期", name=Path(official.path).name,
            date=record['记录日期'], source=record['来源'])]
    return []
