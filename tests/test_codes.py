"""The diagnostics registry: every code once, documented once, with one meaning."""
from __future__ import annotations

import re
from pathlib import Path

from hzdsl.codes import REGISTRY, Category, input_codes, lookup
from hzdsl.errors import Diagnostic, Span
from hzdsl.kinds import Severity

REPO = Path(__file__).resolve().parent.parent
PAGE = (REPO / "docs" / "诊断代码.md").read_text(encoding="utf-8")
_CODE_RE = re.compile(r"""["']([EW]\d{3})["']""")


def _source_codes() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in (REPO / "hzdsl").rglob("*.py"):
        for code in _CODE_RE.findall(f.read_text(encoding="utf-8")):
            out.setdefault(code, []).append(str(f.relative_to(REPO)))
    return out


def test_every_code_used_in_the_source_is_registered():
    missing = sorted(set(_source_codes()) - set(REGISTRY))
    assert not missing, "hzdsl/codes.py 缺少这些代码（每个代码一行）：" + "、".join(missing)


def test_registry_and_docs_page_agree_code_by_code_and_title_by_title():
    documented = dict(re.findall(r"^### ([EW]\d{3}) (.+)$", PAGE, re.M))
    assert set(documented) == set(REGISTRY)
    for code, entry in REGISTRY.items():
        assert documented[code].strip() == entry.title, code


def test_severity_follows_the_letter_and_category_the_exit_code():
    for code, entry in REGISTRY.items():
        assert entry.severity == (Severity.WARNING if code.startswith("W") else Severity.ERROR), code
        assert entry.exit_code == (2 if entry.category == Category.INPUT else 1)
    assert {"E001", "E002", "E003", "E020", "E700"} <= input_codes()
    assert "E201" not in input_codes()


def test_e003_has_one_meaning():
    # E003 was both "file too large" and "expression nested too deep": the latter is E020 now
    assert lookup("E003").title == "文件过大" and lookup("E020").title == "表达式嵌套过深"
    uses = {code: sorted(set(files) - {"hzdsl/codes.py"}) for code, files in _source_codes().items()}
    assert uses["E003"] == ["hzdsl/loader.py"]  # raised only by the file reader
    assert "hzdsl/syntax/build.py" in uses["E020"]  # raised by the parser's depth limit


def test_templates_fill_and_anchors_point_into_the_page():
    d = Diagnostic.of("E205", Span("a.policy", 3, 1, 3, 2))
    assert d.message == "规则必须写在某个「条款」之下" and d.severity == Severity.ERROR
    w = Diagnostic.of("W601", Span("a.policy", 3, 1, 3, 2), name="甲")
    assert w.message == "事实「甲」已声明但没有被任何规则使用" and w.severity == Severity.WARNING and not w.is_error
    assert lookup("E201").anchor == "docs/诊断代码.md#e201-未定义的名称"


def test_related_locations_are_structured(tmp_path):
    from hzdsl.frontend import check_sources

    text = "条款 三 「加大创业资金扶持力度」。\n事实 「甲」：个人 金额。\n事实 「甲」：个人 金额。\n"
    official = (REPO / "policies" / "official.txt").read_text(encoding="utf-8")
    (dup,) = [d for d in check_sources({"a.policy": text}, official).errors if d.code == "E202"]
    assert [(r.span.file, r.span.line) for r in dup.related] == [("a.policy", 2)]
    assert dup.to_json()["related"][0]["line"] == 2


# ── every message is the registry's: templates, forms and the fields each call site passes ──

import ast  # noqa: E402

from hzdsl.codes import message  # noqa: E402

# Calls that fill a code's registry template (their keywords, but for form/related, are the fields).
_FILLERS = {"Diagnostic.of", "self.err", "self.warn", "self.undefined", "_err", "self.fail", "c.fail", "_diag",
            "Finding.of", "CompileError.of", "_Limit", "message", "refuse", "self.never", "self.can"}
_NOT_FIELDS = {"form", "related", "hint", "subject"}
# fields a filler adds itself: the SQL compiler's fail() names the rule it was compiling
_IMPLIED = {"self.fail": {"where"}, "c.fail": {"where"}}
# Calls of the bare constructor that re-wrap a message the registry already worded (an object that carries
# code + message + span: a lint Finding, an SQL CompileError): (file, unparsed call's first line) → why.
_REWRAPS = {
    "hzdsl/lint/findings.py": "Finding.diagnostic(): the finding's message was made by codes.message",
}
_CODE = re.compile(r"^[EW]\d{3}$")


def _literal(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _wordy(node) -> bool:
    """A message written at the call: a string literal, an f-string, or a sum with one."""
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _wordy(node.left) or _wordy(node.right)
    return isinstance(_literal(node), str)


def diagnostic_sites(source: str, name: str):
    """(problems, sites): problems are hand-made messages and fields that do not fit the template;
    sites are the calls that report a literal code through the registry."""
    problems, sites = [], []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        fn = ast.unparse(node.func)
        code = _literal(node.args[0]) if node.args else None
        code = code if code and _CODE.match(code) else None
        where = f"{name}:{node.lineno}"
        if fn == "Diagnostic":
            if name not in _REWRAPS:
                problems.append(f"{where}: Diagnostic(...) 手写了消息；改用 Diagnostic.of(代码, 位置, 提示, **字段)")
            continue
        if code is None:
            continue
        if fn not in _FILLERS:
            if any(_wordy(a) for a in node.args[1:2]):
                problems.append(f"{where}: {fn}({code}, …) 手写了消息")
            continue
        if any(_wordy(a) for a in node.args[1:2]):
            problems.append(f"{where}: {fn}({code}, …) 手写了消息")
            continue
        sites.append(where)
        form = next((_literal(k.value) for k in node.keywords if k.arg == "form"), "")
        if form is None:  # a computed form: the registry check happens when it runs
            continue
        entry = REGISTRY.get(code)
        if entry is None or (form and form not in entry.forms):
            problems.append(f"{where}: {code} 没有登记的写法 form={form!r}")
            continue
        if any(k.arg is None for k in node.keywords):  # **fields: checked when it runs
            continue
        given = {k.arg for k in node.keywords} - _NOT_FIELDS | _IMPLIED.get(fn, set())
        if given != entry.fields(form):
            problems.append(f"{where}: {code}{'/' + form if form else ''} 的模板字段是 {sorted(entry.fields(form))}，"
                            f"这里给的是 {sorted(given)}")
    return problems, sites


def _all_sites():
    problems, sites = [], []
    for f in sorted((REPO / "hzdsl").rglob("*.py")):
        p, s = diagnostic_sites(f.read_text(encoding="utf-8"), str(f.relative_to(REPO)))
        problems += p
        sites += s
    return problems, sites


def test_every_code_has_a_template_and_every_form_fills():
    missing = sorted(c for c, e in REGISTRY.items() if not e.template)
    assert not missing, "这些代码没有消息模板：" + "、".join(missing)
    class Marked:  # a value any format spec ({x:04X}, {t:g}) turns into its marker
        def __init__(self, name):
            self.name = name

        def __format__(self, spec):
            return f"〈{self.name}〉"

    for code, entry in REGISTRY.items():
        for form in ("", *entry.forms):
            fields = entry.fields(form)
            filled = entry.message(form, **{f: Marked(f) for f in fields})
            assert all(f"〈{f}〉" in filled for f in fields) and "{" not in filled, (code, form)


def test_no_site_words_a_message_by_hand_and_every_site_passes_its_templates_fields():
    problems, sites = _all_sites()
    assert not problems, "\n".join(problems)
    assert len(sites) > 200  # the scan sees the call sites (a broken scan would pass vacuously)


def test_the_scan_catches_a_planted_hand_made_message_and_a_wrong_field():
    planted = (
        "def f(span, x):\n"
        "    a = Diagnostic('E201', f'未定义的名称「{x}」', span)\n"
        "    b = Diagnostic.of('E201', span, nom=x)\n"
        "    c = Diagnostic.of('E301', span, form='no_such_form')\n"
        "    d = Finding('W661', f'术语「{x}」未被任何待遇用到', span)\n"
        "    e = Diagnostic.of('E201', span, name=x)\n"
    )
    problems, sites = diagnostic_sites(planted, "planted.py")
    assert [p.split(":")[1] for p in problems] == ["2", "3", "4", "5"], problems
    assert sites == ["planted.py:3", "planted.py:4", "planted.py:6"]


def test_a_template_takes_exactly_its_fields():
    assert message("E201", name="甲") == "未定义的名称「甲」"
    import pytest

    with pytest.raises(TypeError):
        message("E201", name="甲", nom="乙")
    with pytest.raises(KeyError):
        message("E201", form="no_such_form")


def _duplicate():
    """「甲」 declared on line 2 and again on line 3 (same prefix 「事实 」 on both lines, so same column)."""
    from hzdsl.frontend import check_sources

    text = "条款 三 「加大创业资金扶持力度」。\n事实 「甲」：个人 金额。\n事实 「甲」：个人 金额。\n"
    official = (REPO / "policies" / "official.txt").read_text(encoding="utf-8")
    (dup,) = [d for d in check_sources({"a.policy": text}, official).errors if d.code == "E202"]
    assert (dup.span.line, dup.related[0].span.line) == (3, 2) and dup.related[0].span.col == dup.span.col
    return text, dup


def test_related_spans_reach_every_output_format():
    from hzdsl.diagnostic_formats import github, sarif
    from hzdsl.errors import Sources, render_plain

    text, dup = _duplicate()
    col = dup.span.col
    # text: one line per related place, label then place, before the 提示
    sources = Sources()
    sources.add("a.policy", text)
    shown = render_plain(dup, sources).splitlines()
    assert shown[3] == f"  首次定义：a.policy:2:{col}" and shown[4].startswith("  提示：")
    assert "a.policy:2" not in dup.hint  # the place is a span, not prose in the hint
    # JSON
    (rel,) = dup.to_json()["related"]
    assert (rel["file"], rel["line"], rel["col"], rel["message"]) == ("a.policy", 2, col, "首次定义")
    # GitHub workflow command: the place goes in the annotation's text
    assert f"%0A首次定义：a.policy:2:{col}%0A提示：" in github([dup])
    # SARIF relatedLocations
    (loc,) = sarif([dup], "0")["runs"][0]["results"][0]["relatedLocations"]
    assert loc["message"]["text"] == "首次定义" and loc["physicalLocation"]["region"]["startLine"] == 2
    assert loc["physicalLocation"]["artifactLocation"]["uri"] == "a.policy"


def test_related_spans_become_lsp_related_information():
    import pytest

    pytest.importorskip("lsprotocol")
    from hzdsl.lsp.diagnostics import to_lsp
    from hzdsl.lsp.positions import Lines

    text, dup = _duplicate()
    lines = Lines(text)
    d = to_lsp(dup, lines, lambda path: lines, lambda path: f"file:///w/{path}")
    (info,) = d.related_information
    assert info.message == "首次定义" and info.location.uri == "file:///w/a.policy"
    assert info.location.range.start.line == 1  # LSP lines are 0-based: line 2
    assert d.range.start.character == info.location.range.start.character
    assert to_lsp(dup, lines).related_information is None  # without the other files' texts: left out


def test_a_diagnostic_without_related_spans_renders_as_before():
    from hzdsl.errors import render_plain

    d = Diagnostic.of("E205", Span("a.policy", 3, 1, 3, 2), "在文件开头加：条款 三 「…」。")
    assert render_plain(d) == "a.policy:3:1: 错误[E205]: 规则必须写在某个「条款」之下\n  提示：在文件开头加：条款 三 「…」。"
    assert "related" not in d.to_json()


def test_lookup_branches_of_different_kinds_are_e301_of_different_units_e302():
    # E302 (单位不一致) used to be reported for both: a 布尔 branch beside a 元 branch is a type error (E301)
    from hzdsl.frontend import check_sources

    official = (REPO / "policies" / "official.txt").read_text(encoding="utf-8")

    def codes(value):
        text = ("条款 十五 「加大职业培训补贴力度」。\n事实 「证书等级」：个人 枚举 取值 “五级”、“四级”。\n"
                "事实 「甲」：个人 布尔。\n"
                "术语 「标准」 依据「职业资格证书（职业技能等级证书）的补贴标准为五级 1000 元」 读法 6 “测试用数”\n"
                f"    指 按 「证书等级」：“五级” 为 1000 元；“四级” 为 {value}。\n")
        return [(d.code, d.message) for d in check_sources({"a.policy": text}, official).errors]

    assert codes("「甲」") == [("E301", "各分支的值类型不一致：数量（元） 与 布尔（成立/不成立）")]
    assert codes("6 个月") == [("E302", "各分支的值类型不一致：数量（元） 与 数量（月）")]
    assert [c for c, _ in codes("2 万元")] == ["E210"]  # same kind and unit: no E301/E302 (only the unquoted number)
