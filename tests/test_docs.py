"""The drafter docs stay true: their examples parse, every diagnostic code is documented, every
keyword of the grammar is shown, and the data-dictionary page matches `hzdsl schema --markdown`."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from hzdsl.schema import MARKDOWN_REGENERATE, schema_markdown
from hzdsl.syntax.build import parse_module
from hzdsl.syntax.parser import _lark

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
_BLOCK_RE = re.compile(r"^```policy[ \t]*\n(.*?)^```", re.S | re.M)
_CODE_RE = re.compile(r"""["']([EW]\d{3})["']""")


def policy_blocks():
    for page in sorted(DOCS.glob("*.md")):
        text = page.read_text(encoding="utf-8")
        for m in _BLOCK_RE.finditer(text):
            line = text[: m.start()].count("\n") + 2
            yield pytest.param(page, line, m.group(1), id=f"{page.name}:{line}")


BLOCKS = list(policy_blocks())


def test_docs_have_policy_examples():
    pages = {p.values[0].name for p in BLOCKS}
    assert {"语言参考.md", "教程.md", "诊断代码.md"} <= pages


@pytest.mark.parametrize("page,line,code", BLOCKS)
def test_policy_example_parses(page, line, code):
    _, diags = parse_module(code, f"{page.name}:{line}")
    assert not diags, f"{page.name} 第 {line} 行起的示例不能解析：\n" + "\n".join(
        f"  {d.span.line + line - 1}:{d.span.col} {d.message}" for d in diags)


def codes_in_source() -> set[str]:
    codes: set[str] = set()
    for f in (REPO / "hzdsl").rglob("*.py"):
        codes.update(_CODE_RE.findall(f.read_text(encoding="utf-8")))
    return codes


def test_every_diagnostic_code_is_documented():
    page = (DOCS / "诊断代码.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^### ([EW]\d{3})\b", page, re.M))
    missing = sorted(codes_in_source() - documented)
    assert not missing, "docs/诊断代码.md 缺少这些诊断代码的说明（各写一节「### 代码 …」）：" + "、".join(missing)


def test_no_documented_code_is_stale():
    page = (DOCS / "诊断代码.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^### ([EW]\d{3})\b", page, re.M))
    stale = sorted(documented - codes_in_source())
    assert not stale, "docs/诊断代码.md 说明了源码中已不再使用的代码：" + "、".join(stale)


def keyword_patterns() -> dict[str, str]:
    """Every Chinese keyword of the grammar (terminals named KW_*) as a regular expression."""
    return {t.name: (re.escape(t.pattern.value) if t.pattern.type == "str" else t.pattern.value)
            for t in _lark().terminals if t.name.startswith("KW_")}


def test_every_keyword_is_shown_in_the_reference():
    examples = "\n".join(code for page, _, code in (p.values for p in BLOCKS) if page.name == "语言参考.md")
    missing = [f"{name}（{pattern}）" for name, pattern in keyword_patterns().items() if not re.search(pattern, examples)]
    assert not missing, ("docs/语言参考.md 的 ```policy 示例中没有用到这些关键词，请为它们补上说明和示例：" +
                         "、".join(missing))


def test_data_dictionary_is_up_to_date(program):
    page = DOCS / "数据字典.md"
    expected = schema_markdown(program) + "\n"
    actual = page.read_text(encoding="utf-8") if page.exists() else ""
    assert actual == expected, (f"docs/数据字典.md 已过期（政策中的事实或参数有变动）。"
                                f"请在仓库根目录运行：{MARKDOWN_REGENERATE}")


CASE_FILE_CODES = {"E800", "E801", "E803"}  # 申请人, 参数文件: problems of case files, like E7
# a case file given as a policy, a named pipe / device given, an unusable output path: the file system, like E0 (tests/test_cli_kinds.py)
CASE_FILE_CODES |= {"E804", "E805", "E806", "E807", "W620"}


def error_examples():
    """(code, first ```policy block) of each section of the error-code page that shows an error.

    Syntax errors (E1) cannot be shown as parsable blocks, and E0 / E7 / E95–E96 / E900–E939 concern files,
    case files, the web commands and population screening (E9xx / W9xx up to 939); every other section's first policy block is an example that must raise its code.
    """
    text = (DOCS / "诊断代码.md").read_text(encoding="utf-8")
    for section in re.split(r"^### ", text, flags=re.M)[1:]:
        code = section[:4]
        if code[:2] in {"E0", "E1", "E7"} or code[:3] in {"E95", "E96"} or code in LINT_WITHOUT_EXAMPLE \
                or "E900" <= code[0].replace("W", "E") + code[1:] <= "E939" or code in CASE_FILE_CODES \
                or code in OFFICIAL_RECORD:  # E900–E939, W900–W939: hzdsl screen; E800/E801/E803: case files
            continue
        m = _BLOCK_RE.search(section)
        yield pytest.param(code, m.group(1) if m else None, id=code)


# lint findings no small policy can show: a check out of time (W664), hzdsl's own inconsistency (E973)
LINT_WITHOUT_EXAMPLE = {"W664", "E973"}
# about official.txt and its record (official.manifest.json), not a policy: tests/test_official_manifest.py
OFFICIAL_RECORD = {"E403", "E404"}


def _lint_codes(path) -> set[str]:
    """Codes hzdsl lint reports on a policy directory (solver findings, silencing errors)."""
    pytest.importorskip("z3")
    from hzdsl.lint.run import lint
    from hzdsl.loader import load_policies

    loaded = load_policies([path])
    if loaded.errors:
        return set()
    result = lint(loaded.program, timeout_s=20, diagnostics=loaded.diagnostics)
    return {f.code for f in result.findings} | {d.code for d in result.errors}


@pytest.mark.parametrize("code,example", list(error_examples()))
def test_error_example_raises_its_code(tmp_path, code, example):
    from hzdsl.loader import load_policies

    assert example is not None, f"docs/诊断代码.md 中 {code} 一节没有 ```policy 示例"
    (tmp_path / "official.txt").write_text((REPO / "policies" / "official.txt").read_text(encoding="utf-8"),
                                           encoding="utf-8")
    (tmp_path / "example.policy").write_text(example, encoding="utf-8")
    codes = {d.code for d in load_policies([tmp_path]).diagnostics}
    if code[:3] in {"W65", "W66", "E97"}:
        codes |= _lint_codes(tmp_path)
    assert code in codes, f"docs/诊断代码.md 中 {code} 的示例没有引发 {code}，实际：{sorted(codes)}"
