"""`hzdsl serve` answers a wrong address or method like every other API error: Chinese JSON with a code and a
提示 listing the addresses. Before, Starlette answered in English plain text ("Not Found", "Method Not
Allowed"), so a client of the JSON API got a body it could not parse."""
from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from .web_support import live_server


@pytest.fixture(scope="module")
def server(loaded):
    with live_server(loaded) as url:
        yield url


def call(url: str, method: str = "GET") -> tuple[int, str, dict]:
    req = urllib.request.Request(url, method=method, data=b"{}" if method == "POST" else None)
    if method == "POST":
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.headers.get("content-type", ""), json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("content-type", ""), json.loads(e.read())


@pytest.mark.parametrize("path", ["/api/nope", "/接口", "/static/../../etc/passwd", "/static/nope.css"])
def test_an_unknown_address_is_e957_in_chinese_json(server, path):
    status, ctype, body = call(server + urllib.request.quote(path))
    assert status == 404 and ctype.startswith("application/json")
    (err,) = body["错误"]
    assert err["code"] == "E957" and err["message"].startswith("没有这个地址：")
    assert "POST /api/run" in err["hint"] and "提示" in err["文本"]


@pytest.mark.parametrize("path,method,allowed", [("/api/run", "GET", "POST"), ("/api/explain", "DELETE", "POST"),
                                                 ("/api/schema", "POST", "GET")])
def test_a_wrong_method_is_e958_naming_the_right_one(server, path, method, allowed):
    status, ctype, body = call(server + path, method)
    assert status == 405 and ctype.startswith("application/json")
    (err,) = body["错误"]
    assert err["code"] == "E958" and err["message"] == f"地址 {path} 不接受 {method} 请求"
    assert err["hint"].startswith(f"这个地址用 {allowed}；")
