"""A population file that says 历史已知 = 是 screened without its claims (no --history, no 历史汇总 columns).

`hzdsl screen examples/population.csv --format markdown` — the docs' own PR-comment example — reads the 是 rows as
"known: never claimed", so a one-time benefit someone has already received is counted again (一次性创业社保补贴:
43 符合 against 41 with examples/population_history.csv), without a word (breaker3 s23). # 读法：“是”仍按已知读
（文件写明了，docs/人群筛查.md），但必须说出来：警告 W930，人数与列，退出码不变。"""
from __future__ import annotations

import csv
import json

import pytest

from hzdsl.cli import main

from .conftest import EXAMPLES

pytest.importorskip("duckdb")

POP = EXAMPLES / "population.csv"


def _known_rows() -> int:
    with open(POP, encoding="utf-8", newline="") as f:
        return sum(1 for r in csv.DictReader(f) if r["历史已知"] == "是")


def test_known_histories_without_their_claims_are_warned(capsys):
    assert main(["screen", str(POP), "--benefit", "一次性创业补贴", "--json"]) == 0
    out, err = capsys.readouterr()
    n = _known_rows()
    assert 0 < n < 200
    assert "W930" in err and f"{n} 行" in err and "--history" in err, err
    assert any("W930" in w.get("代码", "") or "W930" in json.dumps(w, ensure_ascii=False)
               for w in json.loads(out).get("警告", [])), out


def test_no_warning_with_the_claims_or_without_the_column(capsys, tmp_path):
    assert main(["screen", str(POP), "--history", str(EXAMPLES / "population_history.csv"),
                 "--benefit", "一次性创业补贴"]) == 0
    assert "W930" not in capsys.readouterr().err
    bare = tmp_path / "p.csv"
    bare.write_text("编号,毕业时长\nP1,1 年\n", encoding="utf-8")  # no 历史已知 column: history unknown (docs)
    assert main(["screen", str(bare), "--benefit", "一次性创业补贴"]) == 0
    assert "W930" not in capsys.readouterr().err
