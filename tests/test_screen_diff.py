"""The SQL back-end gives the scalar engine's answers: every benefit's 结论, 金额 and 待定事实.

Populations are drawn by Hypothesis from the declared facts (hzdsl.testing.strategies: unknown facts,
boundary values of every literal, histories aimed at every 限制). The scalar evaluator is the
reference; nothing here is copied from the SQL back-end's own output. The mutant tests plant one
miscompiled comparison word and one miscompiled limit and show that this comparison catches them.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from hzdsl.backends.sql import compile_program
from hzdsl.backends.sql import expressions, history
from hzdsl.backends.sql.engines import run_duckdb
from hzdsl.backends.sql.frames import cases_to_tables
from hzdsl.backends.sql.query import CONTRADICTION_KEY
from hzdsl.backends.sql.results import decode
from hzdsl.engine import evaluator_for
from hzdsl.runtime.evaluate import Env
from hzdsl.runtime.units import Q, parse_unit
from hzdsl.testing.strategies import factory
from hzdsl.runtime.values import HISTORY, Key, KeyKind

pytest.importorskip("duckdb")


def representable(program, lay, case) -> bool:
    """The SQL tables hold DECIMAL(18, 8): cases with values beyond 8 decimals are not drawn."""
    try:
        cases_to_tables(program, lay, [("x", case.date, case.facts, case.params, case.history)])
        return True
    except (ValueError, ArithmeticError):
        return False


def _placeholders(keys) -> frozenset:
    """The engine names a floor-above-cap contradiction with its values (Key CONTRADICTION, "下限 … 高于
    上限 …"); SQL carries one key for it (query.CONTRADICTION_KEY). Likewise a lookup miss on a NUMBER
    key: the engine names the number (Key(LOOKUP_MISS, Q)), SQL's mask is a constant token without it
    (expressions._no_row_mask: one bit cannot hold a row's value) — an enumeration member is compared
    as is, and everything else too."""
    def one(k):
        if k.kind == KeyKind.CONTRADICTION:
            return CONTRADICTION_KEY
        if k.kind == KeyKind.LOOKUP_MISS and not isinstance(k.subject, str):
            return Key(KeyKind.LOOKUP_MISS)
        return k
    return frozenset(one(k) for k in keys)


def expected(program, case) -> list[tuple]:
    """The scalar engine's answer per benefit: (结论, 金额 in base units, 金额待定, missing, placeholders,
    what the unknown amount waits for: its missing, its placeholders; and whether the amount is only the
    most an open amount limit leaves — 至多 …)."""
    out = []
    for d in evaluator_for(program).decide_all(Env(case.date, case.facts, case.params, case.history)):
        amount = d.amount.value if isinstance(d.amount, Q) else None
        miss = (d.missing.missing, _placeholders(d.missing.placeholders)) if d.status == "待定" else (None, None)
        u = d.amount_unknown
        amount_miss = (u.missing, _placeholders(u.placeholders)) if u is not None else (None, None)
        out.append((d.status, amount, u is not None, *miss, *amount_miss, d.at_most))
    return out


def mismatches(program, q, cases, run=run_duckdb) -> list[str]:
    rows = [(str(i), c.date, c.facts, c.params, c.history) for i, c in enumerate(cases)]
    pop, claims = cases_to_tables(program, q.layout, rows)
    got = decode(q, run(q, pop, claims))
    bad = []
    for i, case in enumerate(cases):
        for b, want, s in zip(q.benefits, expected(program, case), got[str(i)]):
            have = (s.status, s.amount, s.amount_unknown, s.missing, s.placeholders, s.amount_missing,
                    s.amount_placeholders, s.at_most)
            if have != want:
                bad.append(f"案例 {i}「{b.name}」：标量 {want} ≠ SQL {have}")
    return bad


COLLECT = settings(max_examples=300, derandomize=True, database=None, phases=[Phase.generate], deadline=None,
                   suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def compiled(program):
    return compile_program(program, track_missing=True)


@pytest.fixture(scope="module")
def population(program, compiled):
    """A fixed, reproducible population of generated cases (derandomised), shared by the engines and mutants."""
    drawn = []
    f = factory(program)

    @COLLECT
    @given(f.cases(full=False))
    def collect(case):
        if representable(program, compiled.layout, case):
            drawn.append(case)

    collect()

    @settings(COLLECT, max_examples=100)
    @given(f.cases(full=True, focus=None))
    def collect_full(case):
        if representable(program, compiled.layout, case):
            drawn.append(case)

    collect_full()
    assert len(drawn) > 250
    return drawn


@pytest.fixture(scope="module")
def gappy(program, compiled):
    """Cases whose past records lack some fields (职业、证书等级、贷款期限 …) and 金额: the limits over
    unknown fields (issue 9 point 1) — decided only when every value of the unknowns agrees."""
    drawn = []
    f = factory(program)

    limited = sorted({t.key for lim in program.limits for t in lim.targets})

    @settings(COLLECT, max_examples=200)
    @given(f.focus(limited).flatmap(lambda focus: f.cases(full=False, with_history=True, focus=focus,
                                                          history_gaps=True)))
    def collect(case):
        if representable(program, compiled.layout, case):
            drawn.append(case)

    collect()
    # and as many aimed at the amount and sum limits alone (known grants at the bound next to a record
    # without 金额 are rare among all limited benefits)
    summed = sorted({t.key for lim in program.limits if lim.kind in {"total_amount", "per_year_amount", "total_sum"}
                     for t in lim.targets})

    @settings(COLLECT, max_examples=150)
    @given(f.focus(summed).flatmap(lambda focus: f.cases(full=False, with_history=True, focus=focus,
                                                         history_gaps=True)))
    def collect_sums(case):
        if representable(program, compiled.layout, case):
            drawn.append(case)

    collect_sums()
    assert len(drawn) > 250
    # and the hand-worked cases of limits over records with gaps (each kind decided and left open)
    from hzdsl.cases.load import load_cases

    from .conftest import CASES
    for name in ("c15/08_历史记录缺字段.yaml", "c04/37_已知部分已超期限.yaml", "c18/03_已知部分已达额度.yaml",
                 "c19/04_本年已知部分已达额度.yaml", "c13/06_额度待定时金额至多剩余.yaml", "c15/09_各等级合起来已覆盖.yaml",
                 "c04/38_人数已知部分已达封顶.yaml"):
        drawn += [c for c in load_cases(CASES / name, program) if representable(program, compiled.layout, c)]
    return drawn


def test_duckdb_agrees_on_histories_with_unknown_fields(program, compiled, gappy):
    bad = mismatches(program, compiled, gappy)
    assert not bad, "\n".join(bad[:20])


def _decided_over_unknowns(program, case) -> set[tuple[str, str]]:
    """(limit kind, 成立/不成立/待定) of each limit that counts a record lacking what it reads."""
    out = set()
    for d in evaluator_for(program).decide_all(Env(case.date, case.facts, case.params, case.history)):
        for r in d.limits:
            lim = r.rule
            counted = [h for h in case.history or [] if h.benefit in lim.counted]
            reads = lim.history_fields
            if any(h.amount is None if "amount" in str(lim.kind) else any(k not in h.fields for k in reads)
                   for h in counted):
                out.add((str(lim.kind), "待定" if not isinstance(r.ok, bool) else ("成立" if r.ok else "不成立")))
    return out


def test_the_gappy_population_leaves_limits_open_and_decides_them(program, gappy):
    """Not vacuous: records lacking fields leave limits 待定 by name, and limits of every kind that
    reads a field are still decided both ways over such records."""
    missing = {m for case in gappy for row in expected(program, case) if row[3] for m in row[3]}
    assert {Key(KeyKind.HISTORY_FIELD, f) for f in ("职业", "证书编号", "贷款期限", "金额")} <= missing
    seen = set().union(*(_decided_over_unknowns(program, case) for case in gappy))
    for kind in ("no_repeat", "total_sum", "total_amount", "per_year_amount"):
        assert {(kind, "待定"), (kind, "不成立")} <= seen, kind
    assert ("no_repeat", "成立") in seen


def test_every_benefit_compiles(program, compiled):
    assert [b.key for b in compiled.benefits] == list(program.benefits)
    assert len(compiled.benefits) == 77


def test_duckdb_agrees_with_the_scalar_engine_on_a_generated_population(program, compiled, population):
    bad = mismatches(program, compiled, population)
    assert not bad, "\n".join(bad[:20])


def test_the_population_reaches_every_status_and_limit(program, compiled, population):
    """Guard against a vacuous comparison: the drawn cases decide benefits every way, hit limits, miss facts."""
    statuses = {row[0] for case in population for row in expected(program, case)}
    assert statuses >= {"符合", "不符合", "待定"}
    with_history = [c for c in population if c.history]
    assert len(with_history) > 50
    missing = {m for case in population for row in expected(program, case) if row[3] for m in row[3]}
    assert HISTORY in missing and len(missing) > 40


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_duckdb_agrees_on_hypothesis_populations(program, compiled, data):
    f = factory(program)
    cases = data.draw(st.lists(f.cases(full=False), min_size=1, max_size=40))
    cases = [c for c in cases if representable(program, compiled.layout, c)]
    bad = mismatches(program, compiled, cases)
    assert not bad, "\n".join(bad[:20])


# ── planted miscompilations: the comparison above must catch each ──

def test_a_miscompiled_comparison_word_is_caught(program, population, monkeypatch):
    """满 / 以上 compiled as a strict > instead of >= (one word wrong): some benefit must disagree."""
    monkeypatch.setitem(expressions.COMPARISONS, ">=", expressions.COMPARISONS[">"])
    bad = mismatches(program, compile_program(program, track_missing=True), population)
    assert bad, "the planted >= → > slip went unnoticed"


def test_a_miscompiled_limit_is_caught(program, population, monkeypatch):
    """累计/每年 次数 not counting the claim being decided (past ≤ N instead of past + 1 ≤ N)."""
    monkeypatch.setattr(history, "THIS_CLAIM", 0)
    bad = mismatches(program, compile_program(program, track_missing=True), population)
    assert bad, "the planted count-limit slip went unnoticed"
    # the benefits under a count limit: loans, training, 见习延期, and the 一次性 subsidies paid once
    assert any("贷款" in m or "培训" in m or "见习" in m or "一次性" in m for m in bad), bad[:5]


# ── Spark: the same compiled query on pyspark local[*] ──

def _spark_ready() -> bool:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return False
    return bool(os.environ.get("JAVA_HOME")) or shutil.which("java") is not None


def require_spark() -> None:
    """Skip a Spark test where pyspark or Java is absent — but fail it under CI, where Spark must run."""
    if not _spark_ready():
        if os.environ.get("CI"):
            pytest.fail("Spark 测试在 CI 中必须运行：缺少 pyspark 或 Java（openjdk-17-jre-headless）")
        pytest.skip("没有 pyspark 或 Java")


@pytest.mark.spark
def test_spark_agrees_with_the_scalar_engine(program, compiled, population, gappy):
    require_spark()
    from hzdsl.backends.sql.engines import run_spark

    # one batch: Spark's cost is planning the query (seconds), not the rows; 200 cases cover every status
    bad = mismatches(program, compiled, population[:200] + gappy[:100], run=run_spark)
    assert not bad, "\n".join(bad[:20])


# ── negative amounts and floors above caps (issue 9 point 6; docs/语言参考.md §11, 读法) ──

BOUNDS_POLICY = """事实 「见习时长」：个人 时长(个月)。
事实 「已发放生活补助」：个人 金额。
事实 「见习期满」：个人 布尔。
参数 「最低月工资标准」：金额(元/月)。
条款 八 「促进高校毕业生就业」。
待遇 「见习学员生活补贴」(补贴) 依据「{q}」
    则 「最低月工资标准」 × 70% × 「见习时长」 - 「已发放生活补助」。
待遇 「见习补贴封顶」(补贴) 依据「{q}」 读法 2500 元 “示例：保底，非原文”
    若 「见习期满」
    则 「最低月工资标准」 × 70% × 「见习时长」，最低 2500 元，最高不超过 「已发放生活补助」。
例外 「满期另算」 于 「见习补贴封顶」 依据「{q}」 读法 6 个月、2500 元 “示例：满期与封顶，非原文”
    若 「见习时长」 满 6 个月
    则 「最低月工资标准」 × 70% × 「见习时长」，最低 「已发放生活补助」，最高不超过 2500 元。
""".format(q="见习基地按规定发放见习学员生活补助的，可按当地最低月工资标准的 70%申领见习学员生活补贴")


def test_negative_amounts_and_contradictory_bounds_screen_as_the_engine_decides(tmp_path):
    """By hand (最低月工资标准 2280 元/月): 3 months, 5000 元 paid → −212 元: 待定 (金额为负); a cap of
    2000 元 from the case under a floor of 2500 元: 冲突; the exception (≥ 6 months) swaps the bounds.
    DuckDB must give exactly the scalar engine's answers on these and on generated cases."""
    from types import SimpleNamespace

    from .conftest import inline_program

    program = inline_program(tmp_path, BOUNDS_POLICY)
    q = compile_program(program, track_missing=True)
    wage = {"最低月工资标准": Q.of(2280, parse_unit("元/月"))}
    date = dt.date(2023, 6, 30)
    hand = []
    for months in (0, 3, 4, 6, 8):
        for paid in (None, 0, 2000, 3000, 5000):
            for done in (None, True, False):
                facts = {"见习时长": Q.of(months, parse_unit("个月"))}
                if paid is not None:
                    facts["已发放生活补助"] = Q.of(paid, parse_unit("元"))
                if done is not None:
                    facts["见习期满"] = done
                hand.append(SimpleNamespace(date=date, facts=facts, params=dict(wage), history=[]))
    by_hand = {tuple(r[:2]) for r in (expected(program, c)[0] for c in hand[15:30])}  # 3 months
    # 3 × 1596 = 4788: paid 0 → 4788, 2000 → 2788, 3000 → 1788, 5000 → 待定 (−212); paid unknown → 符合, amount 待定
    assert by_hand == {("符合", 4788), ("符合", 2788), ("符合", 1788), ("待定", None), ("符合", None)}
    capped = [expected(program, c)[1] for c in hand if c.facts.get("见习期满") is True]
    assert ("冲突", None, True, None, None, frozenset(), frozenset({CONTRADICTION_KEY}), False) in capped  # cap 2000 < floor 2500 (0–4 months)
    bad = mismatches(program, q, hand)
    assert not bad, "\n".join(bad[:20])
    f = factory(program)
    drawn = []

    @settings(COLLECT, max_examples=150)
    @given(f.cases(full=False))
    def collect(case):
        if representable(program, q.layout, case):
            drawn.append(case)

    collect()
    bad = mismatches(program, q, drawn)
    assert not bad, "\n".join(bad[:20])


def test_the_populations_reach_amounts_that_are_at_most(program, population, gappy):
    """Not vacuous: some drawn amounts are only the most an open amount limit leaves (Decision.at_most,
    run's 「至多 …」), so the comparison above holds the SQL flag (`am<i>`, --out 金额至多) to it."""
    flags = [row[-1] for case in population + gappy for row in expected(program, case)]
    assert sum(flags) >= 1, sum(flags)  # c13/06 (known grants 5000 元 of 6000 元, one record without 金额)
