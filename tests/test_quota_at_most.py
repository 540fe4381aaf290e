"""A 待定 amount is never shown above what an open amount limit can leave (issue 9, breaker's l4).

Clause 十三: 「职工学徒可按企业支付给培训机构培训费用的 60%给予补贴，每人每年最高不超过 6000 元」. Cost 5000 元 →
60% = 3000 元. This year: one record of 5000 元 and one without 金额 → the limit is 待定 (the missing 金额 decides
it), but at most 6000 − 5000 = 1000 元 can be left: the amount shown is 至多 1000 元, never 3000 元. With 2000 元
known the most left is 4000 元: 3000 元 is not capped, but it is still only an upper bound — the record without
金额 may hold more than 1000 元 — so it is 至多 3000 元 (读法, breaker s21). With no history at all and a fee of
1000 元: 60% = 600 元, 至多 600 元 (one who got 5500 元 this year gets 500 元). The same in the SQL back-end
(test_screen_diff's gappy population holds tests/cases/c13/06 for DuckDB and Spark).
"""
from __future__ import annotations

from fractions import Fraction

import pytest

from hzdsl.cases.load import load_cases
from hzdsl.render import amount_text
from hzdsl.runtime.evaluate import Env, evaluator_for
from hzdsl.runtime.values import Key, KeyKind

from .conftest import CASES

FILE = CASES / "c13" / "06_额度待定时金额至多剩余.yaml"
KEY = "职工学徒培训补贴"


def _decisions(program):
    ev = evaluator_for(program)
    (b,) = [b for b in ev.benefits if b.decl.name.key == KEY]
    return [ev.decide(b, Env(c.date, c.facts, c.params, c.history)) for c in load_cases(FILE, program)]


def test_the_amount_is_at_most_what_the_open_limit_leaves(program):
    first, second, third = _decisions(program)
    assert first.status == "待定" and first.amount.value == Fraction(1000) and first.at_most
    assert amount_text(first) == "至多 1000 元"
    assert set(first.missing.missing) == {Key(KeyKind.HISTORY_FIELD, "金额")}
    assert second.status == "待定" and second.amount.value == Fraction(3000) and second.at_most
    assert amount_text(second) == "至多 3000 元"
    assert third.status == "待定" and third.amount.value == Fraction(600) and third.at_most
    assert amount_text(third) == "至多 600 元"


def test_the_explanation_says_the_quota_is_at_most(program, capsys):
    from hzdsl.cli import main

    assert main(["run", str(FILE), "-b", KEY, "--explain"]) == 0
    out = capsys.readouterr().out
    assert "本年剩余额度至多 1000 元，所示金额是上限" in out and "至多 1000 元" in out
    assert "本年剩余额度至多 4000 元，所示金额是上限" in out and "至多 3000 元" in out


def test_json_says_the_amount_is_at_most(capsys):
    import json

    from hzdsl.cli import main

    assert main(["run", str(FILE), "-b", KEY, "--json"]) == 0
    results = json.loads(capsys.readouterr().out)
    rows = [d for r in results for d in r["待遇"] if d["待遇"] == KEY]
    assert [(d["金额"]["值"], d.get("金额至多", False)) for d in rows] == [("1000", True), ("3000", True), ("600", True)]


def test_duckdb_shows_the_same_amount(program):
    pytest.importorskip("duckdb")
    from hzdsl.backends.sql import compile_program

    from .test_screen_diff import mismatches

    q = compile_program(program, track_missing=True)
    assert not mismatches(program, q, load_cases(FILE, program))
