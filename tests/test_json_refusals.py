"""`--json` gets a refused input as JSON on stdout too (breaker s22).

docs/诊断代码.md: “--json 输出中每条诊断有 code、severity、message、hint、file、line、col”. `check --json` did so;
`run --json` and `screen --json` printed nothing on stdout when the input was refused (exit 2) —
a program reading the JSON got an empty document — and past 100 messages their text said
“用 --json 可查看全部” to a user who had given --json."""
from __future__ import annotations

import json

import pytest

from hzdsl.cli import main


def run_json(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, json.loads(out), err


def test_run_json_reports_a_bad_case_as_json(tmp_path, capsys):
    case = tmp_path / "c.yaml"
    case.write_text("评估日期: 2023-06-30\n事实:\n  毕业时长: 3 斤\n", encoding="utf-8")
    code, doc, err = run_json(capsys, "run", str(case), "--json")
    assert code == 2
    assert doc["ok"] is False
    [d] = doc["diagnostics"]
    # 「3 斤」 is the value of line 3, from column 9 (two spaces, 毕业时长, colon, space)
    assert (d["code"], d["file"], d["line"], d["col"]) == ("E706", str(case), 3, 9)
    assert "E706" in err  # the terminal text stays on stderr


def test_every_message_is_in_the_json_past_the_terminals_hundred(tmp_path, capsys):
    case = tmp_path / "c.yaml"
    case.write_text("案例:\n" + "".join(f"  - {{评估日期: 2023-06-30, 事实: {{毕业时长: {i} 斤}}}}\n" for i in range(120)),
                    encoding="utf-8")
    code, doc, err = run_json(capsys, "run", str(case), "--json")
    assert code == 2
    assert len(doc["diagnostics"]) == 120
    assert [d["line"] for d in doc["diagnostics"]] == list(range(2, 122))


def test_screen_json_reports_a_bad_population_as_json(tmp_path, capsys):
    pytest.importorskip("duckdb")
    pop = tmp_path / "p.csv"
    pop.write_text("编号,评估日期,毕业时长\nA,2023-06-30,3 斤\n", encoding="utf-8")
    code, doc, _ = run_json(capsys, "screen", str(pop), "--json")
    assert code == 2
    [d] = doc["diagnostics"]
    assert (d["code"], d["line"], d["col"]) == ("E912", 2, 14)


def test_a_table_run_prints_no_json(tmp_path, capsys):
    case = tmp_path / "c.yaml"
    case.write_text("评估日期: 2023-06-30\n事实:\n  毕业时长: 3 斤\n", encoding="utf-8")
    assert main(["run", str(case)]) == 2
    assert capsys.readouterr().out == ""
