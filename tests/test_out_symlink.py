"""screen --out and population generate --out follow a symbolic link: the file it points to gets the
result and the link stays a link — as hzdsl fmt does for a linked policy (fault folder
fmt-replaces-symlink, the same kind). Before, write_batches' os.replace put a regular file in the
link's place and the shared file it pointed to kept its old content, silently."""
from __future__ import annotations

import pytest

from hzdsl.cli import main

pytest.importorskip("duckdb")

POP = "编号,评估日期,取得职业资格证书\nA,2023-06-30,是\n"


@pytest.mark.parametrize("verb", ["screen", "generate"])
def test_a_linked_result_file_is_written_through_the_link(tmp_path, capsys, verb):
    shared = tmp_path / "shared"
    shared.mkdir()
    real = shared / "out.csv"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "out.csv"
    link.symlink_to(real)
    if verb == "screen":
        (tmp_path / "p.csv").write_text(POP, encoding="utf-8")
        argv = ["screen", str(tmp_path / "p.csv"), "--benefit", "职业培训补贴", "--out", str(link)]
    else:
        argv = ["population", "generate", "--n", "3", "--seed", "1", "--out", str(link)]
    assert main(argv) == 0, capsys.readouterr()
    assert link.is_symlink(), "the link was replaced by a regular file"
    text = real.read_text(encoding="utf-8")
    assert text != "old\n" and text.startswith('"编号"'), text
    assert [p.name for p in shared.iterdir()] == ["out.csv"]  # no temporary file left beside the target
