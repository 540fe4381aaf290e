"""`hzdsl serve` on request bodies that are JSON but not a case: one clear Chinese error, not three.

/api/run's description says "多个案例时为列表", so a client posts a JSON list of cases; a list (or a number,
a string, null) answered three errors — 案例文件应是映射, 案例应是映射 and 案例缺少「评估日期」 (a mapping it
never was) — with no word of how several cases are written (under 「案例」, docs/案例格式.md)."""
from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from .web_support import live_server

CASE = {"名称": "甲", "评估日期": "2023-06-30", "事实": {"身份": ["高校毕业生"], "毕业时长": "3 年"}}


@pytest.fixture(scope="module")
def server(loaded):
    with live_server(loaded) as url:
        yield url


def post(url: str, body: bytes) -> tuple[int, dict]:
    req = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


@pytest.mark.parametrize("route", ["/api/run", "/api/explain"])
def test_a_list_of_cases_is_one_error_saying_where_several_cases_go(server, route):
    status, body = post(server + route, json.dumps([CASE, CASE], ensure_ascii=False).encode())
    assert status == 400
    [err] = body["错误"]
    assert err["code"] == "E701" and err["message"] == "案例文件应是“键: 值”的映射"
    assert "「案例」" in err["hint"]


@pytest.mark.parametrize("body", [b"42", b'"x"', b"null", b"true"])
def test_a_scalar_body_is_one_error(server, body):
    status, answer = post(server + "/api/run", body)
    assert status == 400
    assert [e["code"] for e in answer["错误"]] == ["E701"]


def test_several_cases_under_the_key_run_as_the_hint_says(server):
    status, body = post(server + "/api/run", json.dumps({"案例": [CASE, {**CASE, "名称": "乙"}]}, ensure_ascii=False).encode())
    assert status == 200 and [r["案例"] for r in body] == ["甲", "乙"]


def test_a_key_written_twice_is_one_error(server):
    # the root mapping was read twice (as the file, then as its one case): each duplicate came back twice
    body = "评估日期: 2023-06-30\n评估日期: 2023-07-01\n事实: {}\n".encode()
    req = urllib.request.Request(server + "/api/run", data=body, method="POST", headers={"Content-Type": "application/yaml"})
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(req, timeout=60)
    assert e.value.code == 400
    [err] = json.loads(e.value.read())["错误"]
    assert err["code"] == "E709" and (err["line"], err["col"]) == (2, 1) and "第 1 行第 1 列" in err["message"]


@pytest.mark.parametrize("value", ["1e3 年", "2.5E-1 年", "1e3年"])
def test_scientific_notation_before_a_unit_is_named_as_such(server, value):
    # what the case page sends when 1e3 is typed in a number field with a unit (a number input takes it):
    # it was 「…」的值「1e3 年」不是数量 with the hint 写成数字加单位 — which is what was written
    status, body = post(server + "/api/run", json.dumps({**CASE, "事实": {"毕业时长": value}}, ensure_ascii=False).encode())
    assert status == 400
    [err] = body["错误"]
    assert err["code"] == "E705" and err["message"] == f"「毕业时长」的值「{value}」是科学计数法"
    assert "写出全部数字" in err["hint"]
