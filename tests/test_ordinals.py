"""序数: 「市级职业技能竞赛名次」 (c16) and 「场地租金补贴年度」 (c05) take whole numbers only (breaker s22).

Both were declared `数`, so 名次 2.5 gave 市级职业技能竞赛前三名资助 符合 2000 元 and 年度 1.5 gave 符合 with
金额待定 "查表无此项：1.5" — silently wrong answers to a typing slip.
读法: 计数 is 人数、次数 (docs/语言参考.md: “how many”, with a unit); a 名次 (第 3 名) or a 第几年 says *which one*,
not how many — two ranks do not add up, and neither has a count's unit (名 is a person, 年 a duration). So the
language gains `序数`: a whole number without a unit, not below 0 (第 0 名 is left to the rules, as before:
not 在 1 至 3 之间 → 不符合). A fractional value is refused as half a person is (E730), wherever a value comes in.
Expected amounts are worked out by hand from the official text (clause 五, 十六).
"""
from __future__ import annotations

import json
import shutil
from fractions import Fraction
import urllib.error
import urllib.request

import pytest

from hzdsl.cli import main

from .conftest import CASES, POLICIES
from .test_upper_bounds import _at, _block

RANK, YEAR = "市级职业技能竞赛名次", "场地租金补贴年度"


def _run(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


# ── the declarations ──────────────────────────────────────────────────────────────────────────

def test_both_facts_are_declared_ordinals_and_the_schema_says_whole(capsys):
    code, out, _ = _run(capsys, "schema", "-p", POLICIES, "--format", "json")
    assert code == 0
    schema = json.loads(out)
    text = json.dumps(schema, ensure_ascii=False)
    for name in (RANK, YEAR):
        p = _find(schema, name)
        assert p["x-hzdsl-type"] == "序数", p
        value = schema["$defs"][p["$ref"].rsplit("/", 1)[1]] if "$ref" in p else p
        assert value["multipleOf"] == 1 and value["minimum"] == 0, value
    assert "序数" in text


def _find(node, name):
    """The property named `name` anywhere in the JSON Schema."""
    if isinstance(node, dict):
        if name in node.get("properties", {}):
            return node["properties"][name]
        found = (_find(v, name) for v in node.values())
    elif isinstance(node, list):
        found = (_find(v, name) for v in node)
    else:
        return None
    return next((f for f in found if f is not None), None)


def _check_one(tmp_path, capsys, declaration: str, needle: str, code: str) -> str:
    """`hzdsl check` of a folder whose only declaration is `declaration`: exit 1, and the first line of the
    diagnostic `code` printed at the place of `needle` (file:line:col worked out from the text)."""
    folder = tmp_path / "p"
    folder.mkdir()
    shutil.copy(POLICIES / "official.txt", folder / "official.txt")
    text = f"条款 八 「促进高校毕业生就业」。\n{declaration}\n"
    (folder / "p.policy").write_text(text, encoding="utf-8")
    status, _, err = _run(capsys, "check", folder)
    line, col = _at(text, needle)
    assert status == 1
    return _block(err, f"{folder / 'p.policy'}:{line}:{col}:", code).splitlines()[0]


def test_a_bound_of_an_ordinal_is_whole(tmp_path, capsys):
    first = _check_one(tmp_path, capsys, "事实 「甲」：个人 序数 上限 2.5。", "2.5", "E222")
    assert "「甲」是序数，上限 2.5 不是整数" in first


def test_an_ordinal_has_no_unit(tmp_path, capsys):
    first = _check_one(tmp_path, capsys, "事实 「甲」：个人 序数(名)。", "序数(名)", "E301")
    assert "类型「序数」不带单位" in first


def test_hover_and_fmt_keep_the_type_word():
    pytest.importorskip("lsprotocol")
    from hzdsl.lsp import hover
    from hzdsl.lsp.workspace import Workspace
    from hzdsl.review.fmt import format_text

    path = str((POLICIES / "c16.policy").resolve())
    f = Workspace().folder_of(path)
    snap = f.check()
    lines = (f.text(path) or "").split("\n")
    [(line, col)] = [(i + 1, ln.index(RANK) + 1) for i, ln in enumerate(lines) if ln.startswith(f"事实 「{RANK}」")]
    text = hover.hover_markdown(f, snap, path, line, col)[0]
    assert "- 类型：序数" in text
    policy = (POLICIES / "c16.policy").read_text(encoding="utf-8")
    formatted, problems = format_text(policy, "c16.policy")
    assert not problems and formatted == policy and f"事实 「{RANK}」：个人 序数，" in formatted


# ── case files: run, test, serve ────────────────────────────────────────────────────────────

@pytest.mark.parametrize("name, value", [(RANK, "2.5"), (YEAR, "1.5")])
def test_run_refuses_a_fractional_ordinal_at_its_place(tmp_path, capsys, name, value):
    path = tmp_path / "case.yaml"
    text = f"评估日期: 2023-06-30\n事实:\n  {name}: {value}\n"
    path.write_text(text, encoding="utf-8")
    code, out, err = _run(capsys, "run", path, "-p", POLICIES)
    line, col = _at(text, value)
    block = _block(err, f"{path}:{line}:{col}:", "E730")
    assert code == 2 and not out
    assert f"「{name}」的值「{value}」不是整数" in block.splitlines()[0]
    assert "序数" in block and "计数" not in block  # the hint says what the fact is


def test_hzdsl_test_refuses_the_case_file(tmp_path, capsys):
    src = (CASES / "c16" / "05_职业技能竞赛选手.yaml").read_text(encoding="utf-8")
    assert f"{RANK}: 3}}" in src
    path = tmp_path / "c16.yaml"
    path.write_text(src.replace(f"{RANK}: 3}}", f"{RANK}: 2.5}}"), encoding="utf-8")
    code, out, err = _run(capsys, "test", path, "-p", POLICIES)
    assert code != 0 and "[E730]" in out + err and f"「{RANK}」的值「2.5」不是整数" in out + err


@pytest.mark.parametrize("name, value, benefit, amount", [
    # “对获得市级职业技能竞赛前三名的选手给予 2000 元的资助”
    (RANK, "1", "市级职业技能竞赛前三名资助", "2000 元"),
    (RANK, "3", "市级职业技能竞赛前三名资助", "2000 元"),
    (RANK, "4", "市级职业技能竞赛前三名资助", None),
])
def test_whole_ranks_still_decide_by_hand(tmp_path, capsys, name, value, benefit, amount):
    path = tmp_path / "case.yaml"
    path.write_text(f"评估日期: 2023-06-30\n事实:\n  {name}: {value}\n", encoding="utf-8")
    code, out, err = _run(capsys, "run", path, "-p", POLICIES, "--all", "--format", "tsv", "-b", benefit)
    assert code == 0, err
    (row,) = [r.split("\t") for r in out.splitlines()[1:] if benefit in r]
    assert row[3:5] == (["符合", amount] if amount else ["不符合", "—"]), row


def test_year_two_outside_the_space_by_hand(tmp_path, capsys):
    # “100平方米以内…第 2、3 年 0.5 元/平方米·天”: 登记失业人员, 120 平方米 → 100 × 0.5 × 30 天 = 1500 元
    path = tmp_path / "case.yaml"
    path.write_text("评估日期: 2023-06-30\n事实:\n  身份: [登记失业人员]\n  创办经营实体: 是\n"
                    "  经营实体场地: 在创业陪跑空间外租赁房屋\n  场地租赁面积: 120 平方米\n  本期租金补贴天数: 30 天\n"
                    f"  {YEAR}: 2\n", encoding="utf-8")
    b = "创业陪跑空间外场地租金补贴"
    code, out, err = _run(capsys, "run", path, "-p", POLICIES, "--format", "tsv", "-b", b)
    assert code == 0, err
    (row,) = [r.split("\t") for r in out.splitlines()[1:] if b in r]
    assert row[3:5] == ["符合", "1500 元"], row


def test_serve_answers_400_with_e730(loaded):
    from .web_support import live_server

    body = f"评估日期: 2023-06-30\n事实:\n  {RANK}: 2.5\n".encode()
    with live_server(loaded) as url:
        req = urllib.request.Request(f"{url}/api/explain?name=web", data=body, method="POST")
        req.add_header("Content-Type", "application/yaml")
        with pytest.raises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(req, timeout=60)
        status, payload = e.value.code, json.loads(e.value.read())
    assert status == 400
    (err,) = payload["错误"]
    assert err["code"] == "E730" and f"「{RANK}」的值「2.5」不是整数" in err["message"] and "序数" in err["hint"]


def test_the_case_page_asks_ordinals_and_counts_in_whole_steps(loaded):
    from pathlib import Path

    import hzdsl.web
    from hzdsl.web.app import CaseApp

    app = CaseApp(loaded)
    keys = {f.name: k for k, f in loaded.ir.facts.items()}
    assert app.question(keys[RANK])["整数"] and app.question(keys["导师线上服务次数"])["整数"]
    assert not app.question(keys["场地租赁面积"])["整数"]
    script = (Path(hzdsl.web.__file__).parent / "static" / "case.js").read_text(encoding="utf-8")
    assert 'f["整数"] ? {"type": "number", "step": "1", "min": "0"' in script


# ── screen ────────────────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("name, bad", [(RANK, "2.5"), (YEAR, "1.5")])
def test_screen_refuses_a_fractional_ordinal_naming_column_and_row(tmp_path, capsys, name, bad):
    pytest.importorskip("duckdb")
    pop = tmp_path / "pop.csv"
    text = f"编号,评估日期,{name}\nA,2023-06-30,3\nB,2023-06-30,{bad}\n"
    pop.write_text(text, encoding="utf-8")
    code, out, err = _run(capsys, "screen", pop, "-p", POLICIES)
    line, col = _at(text, bad)
    block = _block(err, f"{pop}:{line}:{col}:", "E912")
    assert code == 2 and f"列「{name}」第 3 行的值「{bad}」" in block.splitlines()[0] and "序数" in block
    pop.write_text(text.replace(bad, "2"), encoding="utf-8")
    code, out, err = _run(capsys, "screen", pop, "-p", POLICIES)
    assert code == 0, err


# ── the case strategies of the property tests ────────────────────────────────────────────────

def test_the_case_strategies_draw_whole_ordinals_and_reach_the_rules_edges(loaded):
    """Property tests build cases without the loader: a 名次 of 0.0037 (a rate's 1 BP step) or LPR − 150BP is a
    case the loader refuses. Edges by hand: 在 1 至 3 之间 and the lookup rows 1 / 2、3 → 0 … 4 are drawn."""
    from hypothesis import HealthCheck, find, given, settings

    from hzdsl.testing.strategies import CaseFactory
    from hzdsl.units import Q

    f = CaseFactory(loaded.program)
    keys = {info.name: k for k, info in loaded.ir.facts.items()}
    for name in (RANK, YEAR):
        assert keys[name] not in f.rate_facts
        for edge in range(5):
            assert find(f.fact(keys[name]), lambda q, e=edge: q.value == e).value == edge
    params = {"LPR": Q(Fraction(8, 100))}

    @settings(max_examples=300, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(f.facts(params, focus=("市级职业技能竞赛前三名资助", "创业陪跑空间外场地租金补贴")), f.fact(keys[RANK]),
           f.fact(keys[YEAR]))
    def whole(facts, rank, year):
        for q in (rank, year, facts.get(keys[RANK]), facts.get(keys[YEAR])):
            assert q is None or (q.value.denominator == 1 and q.value >= 0 and not q.dim), q

    whole()
