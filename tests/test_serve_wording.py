"""`hzdsl serve` speaks in API terms and names the format the client sent (breaker findings, session 22–23).

- a policy text POSTed to /api/run answered E803 with the CLI's hint (写 hzdsl run 案例.yaml -p 请求): a client of
  the API cannot type a command; it must be told what to POST where;
- ?name=a.policy made a valid case E803 「a.policy 是政策文件」: the name only labels the case in messages, the body
  decides what it is;
- a malformed body sent as application/json was told as a YAML error (JSON is read as YAML), and valid JSON that
  PyYAML refuses (tab-indented, as JSON.stringify(x, null, "\\t") writes it; a character outside the BMP as Python's
  json.dumps escapes it, "\\ud840\\udc00") was refused as a YAML error or E752.
"""
from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from hzdsl.cases.load import cases_from_text
from hzdsl.errors import HzdslError

from .conftest import REPO
from .web_support import live_server

CASE = {"名称": "甲", "评估日期": "2023-06-30",
        "事实": {"身份": ["高校毕业生"], "毕业时长": "3 年", "初次创办企业或个体工商户": "是", "正常经营时长": "8 个月"},
        "历史": []}


@pytest.fixture(scope="module")
def server(loaded):
    with live_server(loaded) as url:
        yield url


def post(url: str, body: bytes, ctype: str) -> tuple[int, dict | list]:
    req = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": ctype})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def benefits(answer: dict) -> dict:
    return {d["待遇"]: d for d in answer["待遇"]}


@pytest.mark.parametrize("route", ["/api/run", "/api/explain"])
@pytest.mark.parametrize("ctype", ["application/json", "application/yaml", "text/plain"])
def test_a_policy_text_is_refused_in_api_terms(server, route, ctype):
    policy = (REPO / "policies" / "c03.policy").read_bytes()
    status, body = post(server + route, policy, ctype)
    assert status == 400
    [err] = body["错误"]
    assert err["code"] == "E803"
    assert err["message"] == "请求体是政策文本，不是案例"
    # what to POST where, in the API's words — no command line
    assert "POST /api/run" in err["hint"] and "GET /api/schema" in err["hint"]
    for cli_word in ("hzdsl run", "-p", "案例.yaml"):
        assert cli_word not in err["文本"], err["文本"]


def test_the_name_only_labels_the_case(server):
    body = json.dumps(CASE, ensure_ascii=False).encode()
    status, answer = post(server + "/api/run?name=a.policy", body, "application/json")
    assert status == 200, answer
    # 重点人群 (高校毕业生 3 年内), first firm, 8 个月 ≥ 6 个月: 一次性创业补贴 符合 3000 元 (clause 三)
    got = benefits(answer)["一次性创业补贴"]
    assert got["结论"] == "符合" and got["金额"]["值"] == "3000"
    # a case that IS wrong is still placed at the name it was given
    status, answer = post(server + "/api/run?name=a.policy", "评估日期: 2023-06-30\n事实: {正常经营时常: 8 个月}\n".encode(),
                          "application/yaml")
    assert status == 400 and answer["错误"][0]["code"] == "E708" and answer["错误"][0]["文本"].startswith("a.policy:2:")


def test_the_cli_still_refuses_a_policy_file_by_its_name(loaded, tmp_path):
    # on the command line a path's suffix is the drafter's own word for what the file is
    with pytest.raises(HzdslError) as e:
        cases_from_text(json.dumps(CASE, ensure_ascii=False), "a.policy", loaded.program)
    [d] = e.value.diagnostics
    assert d.code == "E803" and d.message == "a.policy 是政策文件，不是案例文件" and "-p a.policy" in d.hint


@pytest.mark.parametrize("route", ["/api/run", "/api/explain"])
@pytest.mark.parametrize("text,line,col,message", [
    # after 「{」 JSON wants a key in double quotes: the 「b」 at column 2
    ("{bad", 1, 2, "JSON 格式错误：此处应是双引号括起的键"),
    # the comma after the first pair is missing: line 2's first 「"」 is where 「,」 was due
    ('{"评估日期": "2023-06-30"\n "事实": {}}', 2, 2, "JSON 格式错误：此处应是逗号「,」"),
    # a closing quote forgotten after 甲: the string runs on to the 「"」 before 事实, and 事 (column 13) follows it
    ('{"名称": "甲, "事实": {}}', 1, 13, "JSON 格式错误：此处应是逗号「,」"),
    # the string opened at column 8 never ends
    ('{"名称": "甲}', 1, 8, "JSON 格式错误：字符串没有闭合（缺少结尾的双引号）"),
    ('{"名称": "甲"} x', 1, 13, "JSON 格式错误：JSON 值结束后还有多余的内容"),
    ("[", 1, 2, "JSON 格式错误：此处应是一个值"),
], ids=["key-unquoted", "comma-missing", "quote-missing", "string-open", "extra-data", "value-missing"])
def test_bad_json_is_told_as_json(server, route, text, line, col, message):
    status, body = post(server + route, text.encode(), "application/json")
    assert status == 400
    [err] = body["错误"]
    assert err["code"] == "E724" and err["message"] == message, err
    assert (err["line"], err["col"]) == (line, col)
    assert "YAML" not in err["文本"]


def test_an_empty_json_body_is_the_empty_case_file_error(server):
    for body in (b"", b"  \n"):
        status, answer = post(server + "/api/run", body, "application/json")
        assert status == 400 and [e["code"] for e in answer["错误"]] == ["E701"], answer


def test_bad_yaml_is_still_told_as_yaml(server):
    for ctype in ("application/yaml", "text/plain"):
        status, body = post(server + "/api/run", b"{bad", ctype)
        assert status == 400
        [err] = body["错误"]
        assert err["code"] == "E700" and err["message"].startswith("YAML 格式错误"), err


def test_json_a_yaml_reader_would_refuse_is_read_as_json(server):
    plain = benefits(post(server + "/api/run", json.dumps(CASE, ensure_ascii=False).encode(), "application/json")[1])
    # tab-indented JSON: PyYAML refuses a tab there ("Tab 字符不能出现在这里"); to JSON it is whitespace
    status, answer = post(server + "/api/run", json.dumps(CASE, ensure_ascii=False, indent="\t").encode(), "application/json")
    assert status == 200, answer
    assert benefits(answer) == plain
    # json.dumps's default escapes 𠀀 (U+20000) as a surrogate pair: one character, not two lone halves (E752)
    status, answer = post(server + "/api/run", json.dumps({**CASE, "名称": "𠀀甲"}).encode(), "application/json")
    assert status == 200, answer
    assert answer["案例"] == "𠀀甲"


def test_a_surrogate_pair_in_a_yaml_file_is_its_character_and_a_lone_half_still_refused(loaded):
    text = '名称: "\\ud840\\udc00甲"\n评估日期: 2023-06-30\n事实: {}\n'
    assert cases_from_text(text, "案例.yaml", loaded.program)[0].name == "𠀀甲"
    with pytest.raises(HzdslError) as e:
        cases_from_text(text.replace("\\udc00", ""), "案例.yaml", loaded.program)
    assert [d.code for d in e.value.diagnostics] == ["E752"]


# /api/explain?all=yes (or on, 是) was silently the default view: only 1 and true meant all. The usual words for yes
# and no are read as such, in any case; any other value is refused naming the parameter and the words.
EXAMPLE = (REPO / "examples" / "graduate_startup.yaml").read_bytes()


def explain_rows(server: str, query: str) -> tuple[int, dict]:
    return post(f"{server}/api/explain?kind={urllib.request.quote('个人')}{query}", EXAMPLE, "application/yaml")


def test_all_takes_the_usual_yes_and_no_words(server):
    _, default = explain_rows(server, "")
    _, every = explain_rows(server, "&all=1")
    # the default view only counts the 不符合 (一次性创业社保补贴 among them, tests/test_serve.py); all lists them too
    assert "一次性创业社保补贴" in default["不符合"]
    assert "一次性创业社保补贴" not in [r["待遇"] for r in default["表格"]]
    assert "一次性创业社保补贴" in [r["待遇"] for r in every["表格"]]
    for word in ("1", "true", "True", "yes", "YES", "on", "是"):
        status, got = explain_rows(server, "&all=" + urllib.request.quote(word))
        assert status == 200 and got["表格"] == every["表格"], word
    for word in ("0", "false", "no", "off", "OFF", "否"):
        status, got = explain_rows(server, "&all=" + urllib.request.quote(word))
        assert status == 200 and got["表格"] == default["表格"], word


@pytest.mark.parametrize("word", ["2", "ja", "全部", "", "yes please"], ids=["2", "ja", "quanbu", "empty", "phrase"])
def test_any_other_all_is_refused_naming_the_parameter_and_the_words(server, word):
    status, body = explain_rows(server, "&all=" + urllib.request.quote(word))
    assert status == 400
    [err] = body["错误"]
    assert err["code"] == "E961"
    assert err["message"] == f"查询参数 all 的值「{word}」不是“是”或“否”"
    for accepted in ("1", "true", "yes", "on", "是", "0", "false", "no", "off", "否"):
        assert accepted in err["hint"]


# The loader's hints that send a drafter to the data dictionary said "可用 hzdsl schema 查看…" in an API answer too;
# the API's dictionary is GET /api/schema.
@pytest.mark.parametrize("case,code", [
    ("评估日期: 2023-06-30\n事实: {与政策毫无关系的某项: 是}\n", "E708"),
    ("评估日期: 2023-06-30\n事实: {}\n参数: {与政策毫无关系的某项: 1}\n", "E708"),
    ("评估日期: 2023-06-30\n事实: {创业陪跑空间主办方补贴档次: 7 万元}\n", "E707"),  # 取值 5 万元、10 万元
], ids=["fact", "param", "number-choice"])
def test_a_hint_pointing_at_the_dictionary_names_the_apis(server, case, code):
    status, body = post(server + "/api/run", case.encode(), "application/yaml")
    assert status == 400
    [err] = [e for e in body["错误"] if e["code"] == code]
    assert "GET /api/schema" in err["hint"] and "hzdsl" not in err["文本"], err
