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
