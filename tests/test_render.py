"""`hzdsl render`: the static site — every internal link resolves, every quote is highlighted and
linked to the rules citing it, uncited text is marked, and the figures are `hzdsl coverage`'s."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from hzdsl.cli import main
from hzdsl.syntax.normalize import compact

from .conftest import POLICIES, REPO


class _Page(HTMLParser):
    """Ids, links and the text of marked spans of one HTML page."""

    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[tuple[str, dict]] = []  # (href, attributes)
        self.uncited: list[str] = []
        self.badges: list[str] = []
        self._stack: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.links.append((a["href"], a))
        for attr in ("src",):
            if attr in a:
                self.links.append((a[attr], a))
        if tag == "link" and "href" in a:
            self.links.append((a["href"], a))
        cls = a.get("class", "")
        self._stack.append("uncited" if "uncited" in cls.split() else "badge" if "badge" in cls.split() else None)
        if self._stack[-1] == "uncited":
            self.uncited.append("")
        if self._stack[-1] == "badge":
            self.badges.append("")

    def handle_endtag(self, tag):
        if self._stack:
            self._stack.pop()

    def handle_data(self, data):
        if "uncited" in self._stack:
            self.uncited[-1] += data
        if "badge" in self._stack:
            self.badges[-1] += data


def parse(path: Path) -> _Page:
    p = _Page()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def render(tmp_path: Path, *extra: str) -> Path:
    out = tmp_path / "site"
    assert main(["render", "--out", str(out), *extra]) == 0
    return out


def broken_links(out: Path) -> list[str]:
    """Every relative link of every page must reach a file and, with a #fragment, an id in it."""
    pages = {p: parse(p) for p in out.rglob("*.html")}
    broken = []
    for page, parsed in pages.items():
        for href, _ in parsed.links:
            parts = urlsplit(href)
            if parts.scheme or href.startswith("//"):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.is_file():
                broken.append(f"{page.relative_to(out)}: {href} (no file)")
                continue
            if parts.fragment:
                ids = pages[target].ids if target in pages else set()
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{page.relative_to(out)}: {href} (no id)")
    return broken


@pytest.fixture(scope="module")
def site(tmp_path_factory, monkeypatch_module) -> Path:
    return render(tmp_path_factory.mktemp("render"))


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    mp.chdir(REPO)  # the hand-worked cases are found in tests/cases and examples
    yield mp
    mp.undo()


def coverage_json(*paths: str) -> dict:
    done = subprocess.run([sys.executable, "-m", "hzdsl.cli", "coverage", "--json", *paths], cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_every_internal_link_of_every_page_resolves(site):
    assert broken_links(site) == []


def test_every_quote_of_every_rule_is_a_highlighted_link_in_the_official_text(site, loaded):
    from hzdsl.coverage import compute
    from hzdsl.source import load_official

    cov = compute(loaded.program, load_official(loaded.program.official_path))
    index = parse(site / "index.html")
    cited = set()
    for href, attrs in index.links:
        if "cite" in attrs.get("class", "").split():
            cited.update(int(i) for i in attrs["data-cites"].split())
    assert cited == set(range(len(cov.placements)))
    assert len(cov.placements) > 200  # the policies quote the text in over two hundred places
    # each quote links to the rule that cites it: a benefit page, or the clause page of a term
    hrefs = {unquote(h) for h, a in index.links if "cite" in a.get("class", "").split()}
    # anchors are the IR's stable ids
    assert "benefit/一次性创业补贴.html#三/待遇:一次性创业补贴" in hrefs
    assert "clause/三.html#术语:重点人群" in hrefs


def test_rules_link_back_to_the_words_they_quote(site):
    page = parse(site / "benefit" / "一次性创业补贴.html")
    back = [unquote(h) for h, a in page.links if "to-text" in a.get("class", "").split()]
    # its two quotes, and the quote of its limit 「一次性创业补贴限领一次」 (shown on the benefit's page)
    assert len(back) == 3 and all(h.startswith("../index.html#t-") for h in back)


def test_figures_are_those_of_hzdsl_coverage(site):
    cov = coverage_json()
    badges = parse(site / "index.html").badges
    for seg in cov["segments"]:
        assert any(b.startswith(f"{seg['covered']}/{seg['total']} 字 · {seg['percent']}") for b in badges), seg["id"]
    text = (site / "index.html").read_text(encoding="utf-8")
    t = cov["total"]
    assert f"{t['covered']}/{t['total']} 字，{t['percent']}" in text


def test_uncited_passages_are_marked_exactly_as_coverage_lists_them(tmp_path, monkeypatch):
    # only clause 三 transcribed: everything else of the text is uncited
    monkeypatch.chdir(REPO)
    out = render(tmp_path, "--policies", "policies/c03.policy", "--policies", "policies/facts.policy")
    cov = coverage_json("policies/c03.policy", "policies/facts.policy")
    expected = [p["text"] for s in cov["segments"] for p in s["uncovered"]]
    marked = [compact(t) for t in parse(out / "index.html").uncited]
    # a passage spanning two lines of the official file is marked once per line (one <p> each)
    assert "".join(marked) == "".join(compact(t) for t in expected)
    assert expected and len(marked) >= len(expected)
    assert broken_links(out) == []


def test_benefit_page_says_conditions_amount_terms_and_cases(site):
    html = (site / "benefit" / "一次性创业补贴.html").read_text(encoding="utf-8")
    assert "以下条件全部满足" in html and "满 6 个月" in html
    assert "金额：3000 元" in html and "一次性发放" in html
    links = {unquote(h) for h, _ in parse(site / "benefit" / "一次性创业补贴.html").links}
    assert "../clause/三.html#术语:重点人群" in links and "../dictionary.html#事实:正常经营时长" in links
    # the bundled example is a hand-worked case of this benefit
    assert "毕业 3 年的高校毕业生初次创业，正常经营 8 个月" in html and "examples/graduate_startup.yaml" in html


def test_search_index_lists_benefits_terms_and_facts(site):
    text = (site / "static" / "search-index.js").read_text(encoding="utf-8")
    entries = json.loads(text.split("=", 1)[1].strip().rstrip(";"))
    kinds = {e["kind"] for e in entries}
    assert {"待遇", "术语", "事实"} <= kinds
    assert any(e["kind"] == "事实" and e["name"] == "正常经营时长" for e in entries)


def test_search_index_names_places_alike_for_every_kind(site):
    """A benefit's or term's 位置 read 条款（三）, a dictionary row's only （三）: one wording for all (breaker s22).
    正常经营时长 is used only by clause 三 (policies/c03.policy), as is 一次性创业补贴."""
    text = (site / "static" / "search-index.js").read_text(encoding="utf-8")
    entries = json.loads(text.split("=", 1)[1].strip().rstrip(";"))
    where = {(e["kind"], e["name"]): e["where"] for e in entries}
    assert where[("待遇", "一次性创业补贴")] == where[("事实", "正常经营时长")] == "条款（三）"
    for e in entries:  # a fact no clause uses has no place; every other place is worded the one way
        assert e["where"] == "" or re.fullmatch(r"条款（[一二三四五六七八九十]+）(、（[一二三四五六七八九十]+）)*", e["where"]), e
    assert any("、" in e["where"] for e in entries if e["kind"] == "事实")  # a fact of several clauses: 条款（八）、（九）


def test_pages_are_built_from_packaged_templates():
    from importlib import resources

    web = resources.files("hzdsl.web")
    for name in ("templates/base.html", "templates/index.html", "templates/benefit.html", "static/style.css",
                 "static/search.js"):
        assert web.joinpath(name).is_file(), name


def test_render_into_a_file_is_an_input_error(tmp_path, capsys):
    blocker = tmp_path / "occupied"
    blocker.write_text("x", encoding="utf-8")
    assert main(["render", "--out", str(blocker)]) == 2
    err = capsys.readouterr().err
    assert "E950" in err and "不是目录" in err and "提示" in err


def test_site_policies_are_the_ones_given(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no tests/cases here: a site without hand-worked cases
    out = render(tmp_path, "--policies", str(POLICIES / "c03.policy"), "--policies", str(POLICIES / "facts.policy"))
    assert (out / "benefit" / "一次性创业补贴.html").is_file()
    assert not (out / "benefit" / "个人创业担保贷款.html").exists()
    assert "尚无手算案例" in (out / "benefit" / "一次性创业补贴.html").read_text(encoding="utf-8")


def test_rules_are_highlighted_by_the_policy_lexer(site):
    html = (site / "benefit" / "一次性创业补贴.html").read_text(encoding="utf-8")
    code = html.split('<div class="hz-code">', 1)[1].split("</div>", 1)[0]
    assert '<span class="kd">待遇</span>' in code  # Keyword.Declaration from hzdsl.syntax.highlight
    assert 'class="nv">「正常经营时长」' in code   # a name


def test_a_case_whose_expectation_the_rules_do_not_give_is_marked_and_a_finding(tmp_path, capsys, monkeypatch):
    """The site showed 预期 as written: a case expecting 99999 元 where the rules give 9576 元
    (最低月工资标准 2280 元/月 × 70% × 6 个月, by hand) was published as the hand-worked figure, unmarked,
    exit 0. Now the row says what the rules give, stderr says so, and the exit is 1 (a finding)."""
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "bad.yaml").write_text(
        "名称: 错误的预期\n评估日期: 2023-06-30\n参数: {最低月工资标准: 2280 元/月}\n"
        "事实: {见习基地: 是, 按规定发放见习学员生活补助: 是, 见习时长: 6 个月, 就业见习基地年度评估合格: 否}\n"
        "预期:\n  见习学员生活补贴: {结论: 符合, 金额: 99999 元}\n"
        "  一次性创业补贴: {结论: 待定}\n", encoding="utf-8")
    out = tmp_path / "site"
    assert main(["render", "--out", str(out), "--cases", str(cases), "-p", str(POLICIES)]) == 1
    err = capsys.readouterr().err
    assert "1 项手算案例的预期与规则不符" in err and "bad.yaml:6" in err and "提示" in err
    html = (out / "benefit" / "见习学员生活补贴.html").read_text(encoding="utf-8")
    row = html.split('<tr class="disagrees">', 1)[1].split("</tr>", 1)[0]
    assert "99999 元" in row and "规则给出 金额：9576 元" in row
    # the same case's other expectation agrees with the rules: marked so, not as a disagreement
    other = (out / "benefit" / "一次性创业补贴.html").read_text(encoding="utf-8")
    assert "错误的预期" in other and 'class="disagrees"' not in other and "✔ 一致" in other


def test_the_repositorys_cases_all_agree_on_the_site(site):
    pages = list((site / "benefit").glob("*.html"))
    assert pages and not any('class="disagrees"' in p.read_text(encoding="utf-8") for p in pages)


def test_each_clause_page_is_titled_as_its_heading(site):
    # the page of the title, preamble and part headings has no clause number: its tab read 条款前文 标题、…
    import re

    for page in sorted((site / "clause").glob("*.html")):
        html = page.read_text(encoding="utf-8")
        title = re.search(r"<title>(.*?) · hzdsl</title>", html).group(1)
        heading = re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)).strip()
        assert title == heading, page.name
    front = (site / "clause" / "前文.html").read_text(encoding="utf-8")
    assert "<title>标题、前言、各部分标题与落款 · hzdsl</title>" in front
