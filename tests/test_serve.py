"""`hzdsl serve`: the JSON API answers exactly as the CLI does (`run --json`, `schema --json`, the
same Chinese diagnostics), refuses oversized or mistyped bodies, and listens on localhost by default.
The server runs for real (uvicorn on 127.0.0.1, a free port) and is stopped by the fixture."""
from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from hzdsl.cli import build_parser, main

from .conftest import CASES, EXAMPLES, REPO
from .web_support import live_server

EXAMPLE = EXAMPLES / "graduate_startup.yaml"


@pytest.fixture(scope="module")
def server(loaded):
    with live_server(loaded, max_body=16 * 1024) as url:
        yield url


def call(url: str, data: bytes | None = None, ctype: str = "application/yaml") -> tuple[int, bytes]:
    req = urllib.request.Request(url, data=data, method="POST" if data is not None else "GET")
    if data is not None:
        req.add_header("Content-Type", ctype)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def cli(capsys, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def quoted(path: Path) -> str:
    return urllib.request.quote(str(path))


def test_api_run_is_byte_for_byte_hzdsl_run_json(server, capsys, monkeypatch):
    monkeypatch.chdir(REPO)
    rel = "examples/graduate_startup.yaml"
    code, out, _ = cli(capsys, "run", "--json", rel)
    assert code == 0
    status, body = call(f"{server}/api/run?name={urllib.request.quote(rel)}", EXAMPLE.read_bytes())
    assert status == 200
    assert body.decode("utf-8") == out.rstrip("\n")
    # the hand-worked answer of the example (examples/graduate_startup.yaml, worked from clause 三)
    got = {d["待遇"]: d for d in json.loads(body)["待遇"]}
    assert got["一次性创业补贴"]["结论"] == "符合" and got["一次性创业补贴"]["金额"]["值"] == "3000"
    assert got["一次性创业社保补贴"]["结论"] == "不符合"


@pytest.mark.parametrize("folder", ["c03", "c04", "c13", "c18"])
def test_api_run_equals_the_cli_on_the_hand_worked_cases(server, capsys, folder):
    files = sorted((CASES / folder).glob("*.yaml"))
    assert files
    for f in files:
        code, out, _ = cli(capsys, "run", "--json", str(f))
        assert code == 0, f
        status, body = call(f"{server}/api/run?name={quoted(f)}", f.read_bytes())
        assert status == 200, f
        assert json.loads(body) == json.loads(out), f


def test_json_body_is_read_like_a_case_file(server, capsys):
    case = {"名称": "JSON 案例", "评估日期": "2023-06-30",
            "事实": {"身份": ["高校毕业生"], "毕业时长": "3 年", "初次创办企业或个体工商户": "是",
                     "正常经营时长": "8 个月"}, "历史": []}  # a first claim
    status, body = call(f"{server}/api/run", json.dumps(case, ensure_ascii=False).encode(), "application/json")
    assert status == 200
    got = {d["待遇"]: d for d in json.loads(body)["待遇"]}
    assert got["一次性创业补贴"]["结论"] == "符合"  # 重点人群, first firm, 8 个月 ≥ 6 个月: 3000 元
    assert got["一次性创业社保补贴"]["结论"] == "待定"  # 缴纳社会保险费时长 not given
    assert "创业后依法缴纳社会保险费时长" in got["一次性创业社保补贴"]["待定事实"]


def test_bad_case_gets_400_with_the_clis_chinese_diagnostics(server, capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("评估日期: 2023-06-30\n事实:\n  毕业时长: 三年\n  正常经营时常: 8 个月\n", encoding="utf-8")
    code, _, err = cli(capsys, "run", str(bad))
    assert code == 2
    status, body = call(f"{server}/api/run?name={quoted(bad)}", bad.read_bytes())
    assert status == 400
    diags = json.loads(body)["错误"]
    assert {d["code"] for d in diags} == {"E705", "E708"}
    for d in diags:
        assert d["文本"] in err  # the same message, source line, caret and 提示 as the CLI prints
        assert "提示" in d["文本"]
    assert any(d["hint"] == "你是不是想写：「正常经营时长」" for d in diags)


def test_a_file_without_cases_is_the_same_input_error_in_run_test_and_the_api(server, capsys, tmp_path):
    """「案例: []」: `run` printed nothing and exited 0, `test` said E701 文件中没有案例, and
    /api/explain answered 500 (it explains the first case, and there was none)."""
    empty = tmp_path / "empty.yaml"
    empty.write_text("评估日期: 2023-06-30\n案例: []\n", encoding="utf-8")
    for verb in ("run", "test"):
        code, out, err = cli(capsys, verb, str(empty))
        assert code == 2 and "E701" in out + err and "文件中没有案例" in out + err, (verb, out, err)
    for route in ("run", "explain"):
        status, body = call(f"{server}/api/{route}", empty.read_bytes())
        assert status == 400, (route, status, body[:200])
        d = json.loads(body)["错误"][0]
        assert d["code"] == "E701" and d["message"] == "文件中没有案例" and (d["line"], d["col"]) == (2, 5)


def test_oversized_body_is_refused_with_413(server):
    status, body = call(f"{server}/api/run", b"# " + b"x" * (16 * 1024) + b"\n")
    assert status == 413
    [d] = json.loads(body)["错误"]
    assert d["code"] == "E952" and "过大" in d["message"]


def test_wrong_type_and_bad_encoding_are_4xx(server):
    status, body = call(f"{server}/api/run", b"\x89PNG", "image/png")
    assert status == 415 and json.loads(body)["错误"][0]["code"] == "E953"
    status, body = call(f"{server}/api/run", "评估日期: 2023-06-30\n".encode("gbk") + b"\xff\xfe")
    assert status == 400 and json.loads(body)["错误"][0]["code"] == "E954"
    status, body = call(f"{server}/api/run", b"")
    assert status == 400 and json.loads(body)["错误"][0]["code"] == "E701"


def test_api_schema_is_hzdsl_schema_json(server, capsys):
    code, out, _ = cli(capsys, "schema", "--json")
    status, body = call(f"{server}/api/schema")
    assert status == 200 and json.loads(body) == json.loads(out)


def test_api_explain_gives_result_trees_and_next_questions(server, capsys):
    code, out, _ = cli(capsys, "run", "--json", str(EXAMPLE))
    status, body = call(f"{server}/api/explain?kind={urllib.request.quote('个人')}&name={quoted(EXAMPLE)}", EXAMPLE.read_bytes())
    assert status == 200
    got = json.loads(body)
    assert got["结果"] == json.loads(out)
    cli_view = json.loads(out)
    # the table is run's default view, in its order: the 符合 3000 元 first, 不符合 only counted
    assert [r["待遇"] for r in got["表格"]][0] == "一次性创业补贴" and got["表格"][0]["金额"] == "3000 元"
    assert all(r["结论"] != "不符合" for r in got["表格"]) and got["不符合"]
    assert len(got["解释"]) == len(got["表格"])
    tree = got["解释"][0]
    assert tree["文本"].startswith("一次性创业补贴") and "符合" in tree["文本"]
    texts = json.dumps(tree, ensure_ascii=False)
    assert "依据「初次创办企业或个体工商户，正常经营 6 个月" in texts  # quotes in the explanation
    # the next questions are the ones run lists, in run's order
    assert got["下一步问题"] == [q["事实"] for q in cli_view["下一步问题"]] and len(got["下一步问题"]) > 1
    assert not set(got["下一步问题"]) & {"身份", "毕业时长", "正常经营时长"}  # answered already


def test_api_explain_rows_and_order_are_runs(server, capsys):
    # the table rows of /api/explain are `run --format tsv`'s rows in the same order; all=1 is --all
    for flags, query in (([], ""), (["--all"], "&all=1")):
        code, out, _ = cli(capsys, "run", str(EXAMPLE), *flags, "--format", "tsv")
        assert code == 0
        lines = [line.split("\t") for line in out.strip().splitlines()[1:]]
        status, body = call(f"{server}/api/explain?kind={urllib.request.quote('个人')}{query}", EXAMPLE.read_bytes())
        got = json.loads(body)
        assert [(r["待遇"], r["结论"]) for r in got["表格"]] == [(c[1], c[3]) for c in lines]


def test_the_chosen_kind_narrows_an_unanswered_case_like_an_applicant(server, capsys, tmp_path):
    # no fact answered yet: run would show every benefit; with 申请人: 高校 it shows only 高校's —
    # the page's choice of kind is that 申请人
    case = tmp_path / "blank.yaml"
    case.write_text("名称: 空白\n评估日期: 2023-06-30\n申请人: 高校\n事实: {}\n", encoding="utf-8")
    code, out, _ = cli(capsys, "run", "--format", "tsv", str(case))
    rows = [line.split("\t")[1] for line in out.strip().splitlines()[1:]]
    code, out, _ = cli(capsys, "run", "--json", str(case))
    want = json.loads(out)
    blank = "名称: 空白\n评估日期: 2023-06-30\n事实: {}\n".encode()
    status, body = call(f"{server}/api/explain?kind={urllib.request.quote('高校')}", blank)
    got = json.loads(body)
    assert [r["待遇"] for r in got["表格"]] == rows
    assert got["下一步问题"] == [q["事实"] for q in want["下一步问题"]]
    assert 0 < len(rows) < 20 and "大学生就业创业指导站一次性建站补贴" in rows


def test_a_kind_no_fact_belongs_to_is_refused_naming_the_kinds(server):
    # /api/explain?kind=外星人 answered 200 with every benefit counted as for "other applicants": a kind is
    # one of the declared facts' subjects (the page's 申请主体 list), else 400 E959 listing them
    blank = "名称: 空白\n评估日期: 2023-06-30\n事实: {}\n".encode()
    status, body = call(f"{server}/api/explain?kind={urllib.request.quote('外星人')}", blank)
    err = json.loads(body)["错误"][0]
    assert status == 400 and err["code"] == "E959", body
    assert "外星人" in err["文本"] and "个人" in err["文本"] and "企业" in err["文本"], err["文本"]
    status, _ = call(f"{server}/api/explain?kind={urllib.request.quote('个人')}", blank)
    assert status == 200


def test_openapi_describes_the_api(server):
    status, body = call(f"{server}/openapi.json")
    spec = json.loads(body)
    assert status == 200 and spec["openapi"].startswith("3.")
    assert {"/api/run", "/api/explain", "/api/schema"} <= set(spec["paths"])
    assert "413" in spec["paths"]["/api/run"]["post"]["responses"]


def test_case_page_and_static_files_are_served(server):
    status, body = call(f"{server}/")
    assert status == 200 and "申请主体" in body.decode("utf-8")
    status, _ = call(f"{server}/static/case.js")
    assert status == 200


def test_serve_listens_on_localhost_by_default():
    args = build_parser().parse_args(["serve"])
    assert args.host == "127.0.0.1" and args.port == 8000


def test_serve_on_a_taken_port_is_an_input_error(capsys):
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    try:
        code, _, err = cli(capsys, "serve", "--port", str(taken.getsockname()[1]))
    finally:
        taken.close()
    assert code == 2 and "E955" in err and "提示" in err


def test_a_posted_case_cannot_make_the_server_read_its_files(server, tmp_path):
    """A case posted over HTTP names a file on the server (参数文件): refused with E956 and nothing of the file
    reaches the answer — before, /api/run read /etc/passwd-like files and echoed their first line."""
    secret = tmp_path / "secret.yaml"
    secret.write_text("参数:\n  LPR: 3.45%\n# 机密-7f3a\n", encoding="utf-8")
    for route in ("api/run", "api/explain"):
        for ctype in ("application/yaml", "text/plain"):
            body = f"评估日期: 2023-06-30\n参数文件: {secret}\n事实: {{}}\n".encode()
            status, answer = call(f"{server}/{route}", body, ctype)
            text = answer.decode("utf-8")
            assert status == 400, (route, ctype, text)
            assert json.loads(text)["错误"][0]["code"] == "E956"
            assert "机密-7f3a" not in text and "LPR" not in text


@pytest.mark.parametrize("host", ["256.1.1.1", "无此主机.invalid"])
def test_serve_on_an_address_that_does_not_resolve_says_so_in_chinese(capsys, host):
    # getaddrinfo's own words were the reason: 无法在 256.1.1.1:8123 监听：Name or service not known
    code, _, err = cli(capsys, "serve", "--host", host, "--port", "0")
    assert code == 2 and "E955" in err and "找不到这个地址" in err
    assert "not known" not in err and "Temporary failure" not in err
