"""Zero rows is still a file with its columns: `population generate --n 0` (allowed: E915 says 0 to
10000000) wrote a 0-byte CSV/Parquet that `screen` then refused (E910 "是空文件，没有列名行" / "too
small to be a Parquet file"), and `screen --out` on a population of 0 persons wrote a 0-byte result."""
from __future__ import annotations

import csv

import pytest

from hzdsl.cli import main

pytest.importorskip("duckdb")
pa_parquet = pytest.importorskip("pyarrow.parquet")


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_a_generated_population_of_zero_screens_to_a_result_with_its_columns(tmp_path, capsys, suffix):
    pop, hist, res = tmp_path / f"p{suffix}", tmp_path / "h.csv", tmp_path / f"r{suffix}"
    assert main(["population", "generate", "--n", "0", "--seed", "1", "--out", str(pop), "--history", str(hist)]) == 0
    if suffix == ".csv":
        header = next(csv.reader(pop.open(encoding="utf-8")))
    else:
        table = pa_parquet.read_table(pop)
        assert table.num_rows == 0
        header = table.schema.names
    assert header[:3] == ["编号", "评估日期", "历史已知"]
    assert next(csv.reader(hist.open(encoding="utf-8")))[:3] == ["编号", "待遇", "日期"]
    capsys.readouterr()
    assert main(["screen", str(pop), "--history", str(hist), "--out", str(res), "--json"]) == 0
    assert '"人数": 0' in capsys.readouterr().out
    if suffix == ".csv":
        lines = res.read_text(encoding="utf-8").splitlines()
        assert len(lines) == 1 and next(csv.reader(lines))[:6] == ["编号", "待遇", "条款", "结论", "金额", "单位"]
    else:
        table = pa_parquet.read_table(res)
        assert table.num_rows == 0 and table.schema.names[:4] == ["编号", "待遇", "条款", "结论"]
