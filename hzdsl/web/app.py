"""`hzdsl serve`: the case page and a JSON API over one checked program (Starlette).

Routes: GET / (case page), POST /api/run (exactly `hzdsl run --json`), POST /api/explain (the
same result plus the explanation trees and the next questions), GET /api/schema (exactly `hzdsl
schema --json`), GET /openapi.json (this API described), /static (package data).

A request body is a case file's text: YAML or JSON (JSON is YAML; a body sent as application/json that does not
read is told as a JSON error, E724). ?name= only labels the case in messages: the body decides what it is. Bad input → 4xx with the CLI's
Chinese diagnostics ({"错误": [{code, message, hint, line, col, …, "文本": as the CLI prints it}]}).
Bodies over `max_body` bytes are refused (413, E952) before they are read in full.
"""
from __future__ import annotations

import json
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.schemas import SchemaGenerator
from starlette.staticfiles import StaticFiles

from ..cases.load import cases_from_text
from ..check.domains import domain_of_info
from ..cases.run import run_case
from ..errors import Diagnostic, HzdslError, Sources, Span, render_plain
from ..loader import Loaded
from ..caseview import amount_cell, case_view, note_cell, view_json
from ..render import Explainer, clause_label, tree_json
from ..schema import schema_json
from ..syntax import nodes as n
from ..syntax import printer
from . import questions
from .site import environment

MAX_BODY = 64 * 1024  # a case file is a few KB; the largest in tests/cases is under 10 KB
DEFAULT_NAME = "请求"
CASE_TYPES = {"application/json", "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain"}

schemas = SchemaGenerator({"openapi": "3.0.0", "info": {"title": "hzdsl 政策求值接口", "version": "1"}})


class _BadRequest(Exception):
    def __init__(self, status: int, diags: list[Diagnostic], sources: Sources | None = None):
        self.status, self.diags, self.sources = status, diags, sources


def _error_response(status: int, diags: list[Diagnostic], sources: Sources | None) -> JSONResponse:
    body = [{**d.to_json(), "文本": render_plain(d, sources)} for d in diags]
    return JSONResponse({"错误": body}, status_code=status)


def _diag(code: str, /, hint: str = "", **fields) -> Diagnostic:
    """A request problem (the request has no file: it is placed at DEFAULT_NAME) in the code's registry wording."""
    return Diagnostic.of(code, Span(DEFAULT_NAME, 1, 1, 1, 1), hint, **fields)


async def _read_case_text(request: Request, limit: int) -> tuple[str, str]:
    """The body as text and the format its sender declared ("json" or "yaml": what an error in it is told as),
    refusing a wrong type (415), an oversized body (413) or bad UTF-8 (400)."""
    ctype = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    if ctype not in CASE_TYPES:
        raise _BadRequest(415, [_diag("E953", hint="以 application/json 或 application/yaml 发送案例（与案例文件同样的内容）",
                                      ctype=ctype)])
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _BadRequest(413, [_too_large(int(declared), limit)])
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > limit:
            raise _BadRequest(413, [_too_large(len(data), limit)])
    try:
        return bytes(data).decode("utf-8-sig"), "json" if ctype == "application/json" else "yaml"
    except UnicodeDecodeError as e:
        raise _BadRequest(400, [_diag("E954", hint="以 UTF-8 编码发送案例", byte=e.start + 1)]) from None


# A yes/no query parameter: the words HTTP clients and HTML forms use (a checkbox sends "on"), and the drafters' 是/否.
QUERY_YES = ("1", "true", "yes", "on", "是")
QUERY_NO = ("0", "false", "no", "off", "否")


def _yes_or_no(request: Request, name: str) -> bool:
    """A yes/no query parameter (absent: no); any other word is refused (E961) — read as no, all=yes answered the
    default view as though it had been asked for."""
    raw = request.query_params.get(name)
    if raw is None:
        return False
    word = raw.strip().lower()
    if word in QUERY_YES or word in QUERY_NO:
        return word in QUERY_YES
    raise _BadRequest(400, [_diag("E961", hint=f"{name} 写 {'、'.join(QUERY_YES)}（是）或 {'、'.join(QUERY_NO)}（否），"
                                               "不区分大小写；不写即为否", name=name, value=raw)])


def _too_large(size: int, limit: int) -> Diagnostic:
    return _diag("E952", hint="一个案例通常只有几 KB；批量求值请用 hzdsl screen 或逐个发送", size=size, limit=limit)


class CaseApp:
    """The program being served and the work behind each route (handlers stay thin)."""

    def __init__(self, loaded: Loaded, max_body: int = MAX_BODY):
        self.loaded = loaded
        self.max_body = max_body

    def results(self, body: tuple[str, str], name: str, explain: bool):
        sources = Sources()
        text, declared = body
        try:
            cases = cases_from_text(text, name, self.loaded.program, sources, files_allowed=False, request=declared)
        except HzdslError as e:
            raise _BadRequest(400, e.diagnostics, sources) from None
        return [run_case(self.loaded.program, c, explain=explain) for c in cases]

    async def run(self, request: Request) -> Response:
        """
        summary: 对案例求值（与 hzdsl run --json 的输出相同）
        description: 请求体是案例文件的内容（YAML 或 JSON）。查询参数 name 为案例的文件名（显示于「文件」）。
        requestBody:
          required: true
          content:
            application/json: {schema: {type: object, description: "案例（字段见 GET /api/schema）"}}
            application/yaml: {schema: {type: string}}
        responses:
          200: {description: "一个案例时为一个对象，多个案例时为列表（同 hzdsl run --json）"}
          400: {description: "案例有错：{错误: [诊断…]}，与命令行相同的中文诊断"}
          413: {description: "请求体过大（E952）"}
          415: {description: "请求类型不支持（E953）"}
        """
        body = await _read_case_text(request, self.max_body)
        results = self.results(body, request.query_params.get("name", DEFAULT_NAME), explain=False)
        payload = [view_json(self.loaded.program, case_view(self.loaded.program, r)) for r in results]
        return _json(payload[0] if len(payload) == 1 else payload)

    async def explain(self, request: Request) -> Response:
        """
        summary: 对案例求值并逐条解释，给出下一步应问的事实（与 hzdsl run 的视图相同）
        description: >
          请求体同 /api/run（只取第一个案例）。查询参数 kind 为页面上选的申请主体（如 个人、企业）：
          案例未写「申请人」时，申请人为 kind 加上已回答事实的主体（hzdsl run 只按事实推断）。
          all=1（或 true、yes、on、是）同 hzdsl run --all；all=0（false、no、off、否）或不写为默认视图，其他值 400（E961）。表格的行、顺序与下一步问题都与 hzdsl run 相同：
          符合在前，待定按所缺由少到多，不符合只计数，面向其他申请人的不显示。
        responses:
          200: {description: "{结果: 同 /api/run, 表格: hzdsl run 表格各行（同顺序）, 解释: [各行的解释树], 下一步问题: [事实名，同 hzdsl run 的顺序], 不符合: [待遇名], 其他申请人: {数, 主体}}"}
          400: {description: "案例有错，kind 不是申请主体（E959），或 all 不是是/否（E961）（中文诊断）"}
          413: {description: "请求体过大（E952）"}
        """
        program = self.loaded.program
        kind = request.query_params.get("kind", "")
        kinds = questions.kinds(program)
        if kind and kind not in kinds:
            # an unknown kind would make every benefit one for "other applicants": a 200 that answers nothing
            raise _BadRequest(400, [_diag("E959", hint="kind 取页面「申请主体」列表中的一项；不写 kind 时按已回答的事实推断",
                                          kind=kind, kinds="、".join(kinds))])
        show_all = _yes_or_no(request, "all")
        body = await _read_case_text(request, self.max_body)
        result = self.results(body, request.query_params.get("name", DEFAULT_NAME), explain=True)[0]
        who = questions.applicant(program, kind, result.case.facts, result.case.applicant)
        view = case_view(program, result, show_all=show_all, applicant=who)
        ex = Explainer(program, result.record or {})
        return _json({
            "结果": view_json(program, view),
            # the rows of `hzdsl run`'s table, in its order, worded by the same functions — every 待定 of them: the
            # terminal folds those far from a decision (CaseView.folded) to fit a screen; a page scrolls
            "表格": [{"待遇": d.rule.name, "条款": clause_label(d.rule.clause), "结论": str(d.status),
                      "金额": amount_cell(d), "说明": "\n".join(f"{label}：{text}" if label else text
                                                              for label, text in note_cell(d, result.case))}
                     for d in view.rows],
            "解释": [tree_json(ex.benefit(d)) for d in view.rows],
            "下一步问题": [q.name for q in view.questions],
            "不符合": [d.rule.name for d in view.ineligible],
            "其他申请人": {"数": len(view.other_kinds), "主体": sorted(view.other_kind_names)},
        })

    async def schema(self, request: Request) -> Response:
        """
        summary: 数据字典：案例文件的 JSON Schema（与 hzdsl schema --json 相同）
        responses:
          200: {description: "JSON Schema"}
        """
        return _json(schema_json(self.loaded.program))

    async def page(self, request: Request) -> Response:
        prog, program = self.loaded.ir, self.loaded.program
        facts = [self.question(k) for k in prog.facts]
        kinds = {k: {"待遇": [prog.benefits[b].name for b in questions.benefits_of_kind(program, k)],
                     "事实": [prog.facts[f].name
                            for f in questions.facts_of(program, questions.benefits_of_kind(program, k))]}
                 for k in questions.kinds(program)}
        html = environment().get_template("case.html").render(facts=facts, kinds=kinds, root="/")
        return HTMLResponse(html)

    def question(self, key: str) -> dict[str, Any]:
        """What the case page needs to ask for one fact: name, type, unit, choices as written."""
        f = self.loaded.ir.facts[key]
        decl = self.loaded.program.facts[key].decl
        choices = [c.value if isinstance(c, n.Text) else printer.expr(c) for c in decl.choices]
        kind = str(f.type.kind)
        if kind == "num" and choices:
            kind = "enum"  # a number from a closed list (5 或 10 万元): chosen, written as declared
        # 整数: a 计数 or 序数 is asked in whole steps (the browser's hint; the case loader refuses 2.5 itself, E730)
        return {"名称": f.name, "主体": f.entity, "类型": kind, "单位": f.unit.text if f.unit is not None else "",
                "取值": choices, "释义": f.doc, "整数": domain_of_info(f).whole}

    async def openapi(self, request: Request) -> Response:
        return JSONResponse(schemas.get_schema(routes=request.app.routes))


def _json(payload: Any) -> Response:
    """JSON as `hzdsl run --json` prints it (UTF-8, Chinese kept, same key order)."""
    return Response(json.dumps(payload, ensure_ascii=False, indent=2), media_type="application/json")


def create_app(loaded: Loaded, max_body: int = MAX_BODY) -> Starlette:
    """The application serving `loaded` (a program without errors)."""
    case = CaseApp(loaded, max_body)

    async def bad_request(request: Request, exc: _BadRequest) -> Response:
        return _error_response(exc.status, exc.diags, exc.sources)

    async def http_error(request: Request, exc: HTTPException) -> Response:
        """A wrong address (404) or method (405) answers in Chinese JSON like every other error of the API —
        Starlette's own answers are English plain text ("Not Found", "Method Not Allowed")."""
        return _error_response(exc.status_code, [_http_problem(request, exc.status_code)], None)

    routes = [
        Route("/", case.page, methods=["GET"], include_in_schema=False),
        Route("/api/run", case.run, methods=["POST"]),
        Route("/api/explain", case.explain, methods=["POST"]),
        Route("/api/schema", case.schema, methods=["GET"]),
        Route("/openapi.json", case.openapi, methods=["GET"], include_in_schema=False),
        Mount("/static", StaticFiles(packages=[("hzdsl.web", "static")]), name="static"),
    ]
    return Starlette(routes=routes, exception_handlers={_BadRequest: bad_request, HTTPException: http_error})


ADDRESSES = "GET /（案例网页）、POST /api/run、POST /api/explain、GET /api/schema、GET /openapi.json"


def _http_problem(request: Request, status: int) -> Diagnostic:
    path, method = request.url.path, request.method
    if status == 405:
        allowed = [r for r in request.app.routes if isinstance(r, Route) and r.path == path]
        methods = "、".join(sorted(m for r in allowed for m in (r.methods or ()) if m != "HEAD")) or "其他方法"
        return _diag("E958", hint=f"这个地址用 {methods}；可用的地址：{ADDRESSES}", path=path, method=method)
    return _diag("E957", hint=f"可用的地址：{ADDRESSES}", path=path, status=status)
