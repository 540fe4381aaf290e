"""`--benefit 文字`: one matching rule for run, screen, schema and diff (hzdsl/check/select.py, its 读法).

breaker s20: `run --benefit 一次性` selected every benefit whose name holds the words, `screen --benefit 一次性` was
E807 “未定义的待遇”; and `run --benefit 一次性创业补贴` also showed 「农民工一次性创业补贴」 (no way to pick it alone).
The expected names are read off the policy text (grep '^待遇 「.*一次性' policies/*.policy: 8 benefits).
"""
from __future__ import annotations

import json

import pytest

from hzdsl.check.select import matching, select
from hzdsl.cli import main
from tests.conftest import REPO

ONCE = ["一次性创业补贴", "一次性创业社保补贴", "大学生就业创业指导站一次性建站补贴", "离校未就业高校毕业生一次性临时生活补贴",
        "困难高校毕业生一次性求职创业补贴", "农民工一次性创业补贴", "低保低边家庭失业人员一次性临时生活补助",
        "一次性领取未领完失业保险金作为创业扶持资金"]
EXAMPLE = REPO / "examples" / "graduate_startup.yaml"


def test_a_whole_name_selects_itself_a_part_every_name_holding_it():
    names = {"k1": "一次性创业补贴", "k2": "农民工一次性创业补贴", "k3": "一次性创业社保补贴", "k4": "见习延期"}
    assert matching("一次性创业补贴", names) == ["k1"]  # not also 农民工一次性创业补贴
    assert matching(" 一次性 创业补贴", names) == ["k1"]  # spaces aside, as names compare
    assert matching("一次性创业", names) == ["k1", "k2", "k3"]
    assert matching("", names) == [] and matching("  ", names) == []
    assert select(["见习", "一次性创业补贴", "见习延期"], names) == (["k4", "k1"], [])  # written order, once each
    assert select(["补帖"], names) == ([], ["补帖"])


def _screened(capsys, *parts) -> tuple[int, list[str], str]:
    capsys.readouterr()
    rc = main(["screen", str(REPO / "examples" / "population.csv"), "--json", *[a for p in parts for a in ("--benefit", p)]])
    out, err = capsys.readouterr()
    return rc, [s["待遇"] for s in json.loads(out)["待遇"]] if rc == 0 else [], err


def _run(capsys, *parts) -> tuple[int, list[str], str]:
    capsys.readouterr()
    rc = main(["run", str(EXAMPLE), "--format", "json", *[a for p in parts for a in ("--benefit", p)]])
    out, err = capsys.readouterr()
    return rc, [d["待遇"] for d in json.loads(out)["待遇"]] if rc == 0 else [], err


@pytest.mark.parametrize("parts, expected", [
    (["一次性"], ONCE),  # a part: every name holding it (was E807 in screen)
    (["一次性创业补贴"], ["一次性创业补贴"]),  # a whole name: that benefit alone (run also showed 农民工一次性创业补贴)
    (["一次性创业补贴", "见习延期"], ["一次性创业补贴", "见习延期"]),
])
def test_run_and_screen_select_the_same_benefits(capsys, parts, expected):
    pytest.importorskip("duckdb")
    rc, screened, err = _screened(capsys, *parts)
    assert rc == 0, err
    rc, shown, err = _run(capsys, *parts)
    assert rc == 0, err
    assert sorted(screened) == sorted(expected)
    assert sorted(shown) == sorted(expected)


def test_a_part_no_name_holds_is_e807_in_every_verb(capsys):
    pytest.importorskip("duckdb")
    for argv in (["run", str(EXAMPLE)], ["screen", str(REPO / "examples" / "population.csv")],
                 ["schema", "--history-summary"]):
        capsys.readouterr()
        assert main([*argv, "--benefit", "一次性补帖"]) == 2, argv
        err = capsys.readouterr().err
        assert "[E807]" in err and "--benefit「一次性补帖」没有选中任何待遇" in err, (argv, err)


def test_benefit_keys_selects_once(monkeypatch):
    """robust s22: benefit_keys ran check.select twice for one --benefit (once for E807, once for the keys)."""
    from hzdsl.check import select as module
    from hzdsl.commands.base import benefit_keys

    calls = []
    real = module.select

    def counted(parts, names):
        calls.append(list(parts))
        return real(parts, names)

    monkeypatch.setattr(module, "select", counted)
    names = {"k1": "一次性创业补贴", "k2": "农民工一次性创业补贴", "k3": "见习延期"}
    assert benefit_keys(names, ["一次性"], "") == ["k1", "k2"]
    assert calls == [["一次性"]]
