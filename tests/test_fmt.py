"""hzdsl fmt: canonical layout, idempotence, parse(fmt(x)) == parse(x), comments and quotes kept."""
from __future__ import annotations

import re
import shutil
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hzdsl.cli import main
from hzdsl.errors import Span
from hzdsl.review.fmt import comment_texts, format_module, format_text, strip_spans
from hzdsl.syntax import nodes as n
from hzdsl.syntax.build import CMP_WORDS, POSTFIX_WORDS, _assign_clauses, parse_module
from hzdsl.syntax.normalize import compact

from .conftest import POLICIES

POLICY_FILES = sorted(POLICIES.glob("*.policy"))
S = Span("<生成>", 1, 1, 1, 1)


def _parse(text: str) -> n.Module:
    module, diags = parse_module(text, "t.policy")
    assert not diags, [f"{d.span}: {d.message}" for d in diags] + [text]
    return module


# ── every policy file of the repository ─────────────────────────────────────────────────────


@pytest.mark.parametrize("path", POLICY_FILES, ids=lambda p: p.name)
def test_policy_file_round_trips(path):
    text = path.read_text(encoding="utf-8")
    out, diags = format_text(text, str(path))
    assert not diags
    assert strip_spans(_parse(out).decls) == strip_spans(_parse(text).decls)
    assert sorted(comment_texts(_parse(out))) == sorted(comment_texts(_parse(text)))
    assert format_text(out, str(path))[0] == out, "fmt is not idempotent"
    quotes = re.findall(r"「[^「」]*」", text)
    assert sorted(quotes) == sorted(re.findall(r"「[^「」]*」", out)), "a name or quote changed its spelling"


# ── layout ──────────────────────────────────────────────────────────────────────────────────

MESSY = """# 文件头注释

术语 「A」 依据「甲」 指 「x」 满 3 个月。
待遇 「补贴」(补贴) 依据「乙」、「丙」 若 「重点人群」 且 「初次创办企业或个体工商户」 且 「正常经营时长」 满 6 个月 且 「创业后依法缴纳社会保险费时长」 满 12 个月 且 「杭州市户籍」 则 3000 元，一次性。  # 行尾注释
# 在声明之上
限制 「次数」 依据「丁」 适用于 「补贴」：同一「职业」 已由 单位 享受的 不得重复享受。
待遇 「贷款」(贷款) 依据「戊」 若 「劳动者」 则 最高 50 万元。
事实 「x」：个人 时长(个月)。
事实 「y」：个人 文本，释义 “全角；标点（保留）”。
"""


def test_canonical_layout():
    out, _ = format_text(MESSY, "t.policy")
    assert out == """# 文件头注释

术语 「A」
    依据「甲」
    指 「x」 满 3 个月。

待遇 「补贴」(补贴)
    依据「乙」、「丙」
    若 「重点人群」
        且 「初次创办企业或个体工商户」
        且 「正常经营时长」 满 6 个月
        且 「创业后依法缴纳社会保险费时长」 满 12 个月
        且 「杭州市户籍」
    则 3000 元，一次性。  # 行尾注释

# 在声明之上
限制 「次数」
    依据「丁」
    适用于 「补贴」：同一「职业」 已由 单位 享受的 不得重复享受。

待遇 「贷款」(贷款)
    依据「戊」
    若 「劳动者」
    则 最高 50 万元。

事实 「x」：个人 时长(个月)。
事实 「y」：个人 文本，释义 “全角；标点（保留）”。
"""


def test_comments_inside_a_declaration_stay_in_place():
    text = "待遇 「补贴」 依据「乙」\n    # 条件的读法\n    若 「a」 且  # 关于 a\n      「b」\n    则 3000 元。 # 末尾\n"
    out, _ = format_text(text, "t.policy")
    assert out == ("待遇 「补贴」\n    依据「乙」\n    # 条件的读法\n    若 「a」 且 「b」  # 关于 a\n"
                   "    则 3000 元。  # 末尾\n")
    assert format_text(out, "t.policy")[0] == out


def test_syntax_error_is_refused_with_position(tmp_path, capsys):
    bad = tmp_path / "bad.policy"
    bad.write_text("待遇 「补贴」 依据「乙」 若 「a」 则 3000 元\n", encoding="utf-8")
    assert main(["fmt", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.policy:1:" in err and "Traceback" not in err
    assert bad.read_text(encoding="utf-8") == "待遇 「补贴」 依据「乙」 若 「a」 则 3000 元\n"


def test_check_diff_and_write(tmp_path, capsys):
    for f in POLICY_FILES:
        shutil.copy(f, tmp_path / f.name)
    shutil.copy(POLICIES / "official.txt", tmp_path / "official.txt")
    messy = tmp_path / "zz_messy.policy"
    messy.write_text(MESSY.replace("「重点人群」", "「x」"), encoding="utf-8")
    before = messy.read_text(encoding="utf-8")
    assert main(["fmt", "--check", str(messy)]) == 1
    assert main(["fmt", "--diff", str(messy)]) == 1  # like `diff`: 1 when a file would change
    out = capsys.readouterr().out
    assert "+    依据「甲」" in out
    assert messy.read_text(encoding="utf-8") == before, "--check and --diff must not write"
    assert main(["fmt", str(tmp_path)]) == 0
    assert main(["fmt", "--check", str(tmp_path)]) == 0
    assert not list(tmp_path.glob(".*.tmp")), "temporary files left behind"
    for f in POLICY_FILES:  # formatting changed no meaning in any of the repository's files
        assert strip_spans(_parse((tmp_path / f.name).read_text(encoding="utf-8")).decls) == \
            strip_spans(_parse(f.read_text(encoding="utf-8")).decls)


# ── generated programs ──────────────────────────────────────────────────────────────────────

HAN = "补贴人员企业就业创业条件时长金额高校毕业生登记失业年月天"
name_text = st.text(alphabet=HAN + "0123456789 ", min_size=1, max_size=8).filter(lambda s: s.strip() != "")
quote_text = st.text(alphabet=HAN + "，。、0123456789 （）", min_size=1, max_size=20).filter(lambda s: s.strip() != "")


def names():
    return name_text.map(lambda t: n.Name(S, t, compact(t)))


def quotes():
    return quote_text.map(lambda t: n.Quote(S, t, compact(t)))


UNITS = ["", "元", "万元", "个月", "年", "天", "人", "次", "%", "BP", "元/人", "元/平方米·天", "半年", "周岁"]


@st.composite
def quantities(draw):
    if draw(st.booleans()) and draw(st.booleans()):
        return n.Quantity(S, Decimal(1), "半年", "半年")
    whole = draw(st.integers(0, 999))
    frac = draw(st.sampled_from(["", ".5", ".25", ".0"]))
    num = f"{whole}{frac}"
    unit = draw(st.sampled_from(UNITS))
    text = num + (" " + unit if unit and unit not in {"%", "BP"} else unit)
    return n.Quantity(S, Decimal(num), unit, text)


texts = st.text(alphabet=HAN, min_size=1, max_size=6).map(lambda v: n.Text(S, v))
literals = st.one_of(texts, quantities())
# 上限 X or 上限 -X (the checker, not fmt, decides whether X fits the type)
uppers = st.one_of(st.none(), quantities(),
                   quantities().map(lambda q: n.Quantity(S, -q.number, q.unit, "-" + q.text)))


@st.composite
def dates(draw):
    year = draw(st.integers(2000, 2030))
    if draw(st.booleans()):
        return n.Date(S, year, None, None, "")
    return n.Date(S, year, draw(st.integers(1, 12)), draw(st.integers(1, 28)), "")


atoms = st.one_of(names().map(lambda x: n.Ref(S, x)), quantities(), texts, dates(),
                  st.just(n.Placeholder(S, "按规定")))
WORDS = sorted(CMP_WORDS.items()) + sorted(POSTFIX_WORDS.items())


def _flat(op: str, xs):
    out = []
    for x in xs:
        out.extend(x.operands if isinstance(x, n.Logic) and x.op == op and not x.form else [x])
    return tuple(out)


def extend(children):
    two = st.tuples(children, children)
    return st.one_of(
        st.builds(lambda op, ab: n.Binary(S, op, *ab), st.sampled_from("+-×÷"), two),
        children.map(lambda x: n.Neg(S, x)),
        two.map(lambda ab: n.Excess(S, *ab)),
        st.builds(lambda f, xs: n.Call(S, f, tuple(xs)), st.sampled_from(["较小值", "较大值"]),
                  st.lists(children, min_size=1, max_size=3)),
        st.builds(lambda k, rows, d: n.Lookup(S, k, tuple(n.LookupRow(S, tuple(ks), v) for ks, v in rows), d),
                  children, st.lists(st.tuples(st.lists(literals, min_size=1, max_size=2), children), min_size=1, max_size=3),
                  st.none() | children),
        st.builds(lambda w, ab: n.Compare(S, w[1], w[0], *ab), st.sampled_from(WORDS), two),
        st.builds(lambda v, lo, hi: n.Between(S, v, lo, hi), children, children, children),
        st.builds(lambda v, os: n.Member(S, v, tuple(os)), children, st.lists(literals, min_size=1, max_size=3)),
        st.builds(lambda c, i: n.Contains(S, c, i), children, literals),
        st.builds(lambda op, xs: n.Logic(S, op, _flat(op, xs)), st.sampled_from(["且", "或"]),
                  st.lists(children, min_size=2, max_size=4)),
        st.builds(lambda form, xs: n.Logic(S, "或" if form == "以下之一" else "且", tuple(xs), form),
                  st.sampled_from(["以下之一", "以下全部"]), st.lists(children, min_size=1, max_size=3)),
        children.map(lambda x: n.Not(S, x)),
    )


exprs = st.recursive(atoms, extend, max_leaves=12)
qlist = st.lists(quotes(), min_size=1, max_size=2).map(tuple)


@st.composite
def outcomes(draw):
    mods = tuple(draw(st.lists(st.one_of(
        exprs.map(lambda e: n.Modifier(S, "cap", e)), exprs.map(lambda e: n.Modifier(S, "floor", e)),
        st.just(n.Modifier(S, "once", None)), exprs.map(lambda e: n.Modifier(S, "term_limit", e))), max_size=2)))
    if draw(st.integers(0, 4)) == 0:
        return n.Outcome(S, None, draw(st.text(alphabet=HAN, min_size=1, max_size=8)), mods)
    return n.Outcome(S, draw(exprs), "", mods, draw(st.booleans()))


@st.composite
def benefits(draw):
    cond = draw(st.none() | exprs)
    excl = tuple(draw(st.lists(exprs, max_size=2))) if cond is not None else ()
    return n.BenefitDecl(S, "", draw(names()), draw(st.sampled_from(["", "补贴", "贷款", "资格"])), draw(qlist),
                         cond, excl, draw(outcomes()))


@st.composite
def limits(draw):
    common = dict(name=draw(names()), quotes=draw(qlist), targets=tuple(draw(st.lists(names(), min_size=1, max_size=2))),
                  counted=tuple(draw(st.lists(names(), max_size=2))))
    kind = draw(st.sampled_from(["per_year_count", "total_count", "total_sum", "no_repeat",
                                 "per_year_amount", "total_amount"]))
    if kind == "no_repeat":
        return n.LimitDecl(S, "", kind=kind, keys=tuple(draw(st.lists(names(), min_size=1, max_size=2))),
                           claimant=draw(st.sampled_from(["", "单位", "个人"])), **common)
    bound = draw(quantities())
    word = draw(st.sampled_from(sorted(CMP_WORDS)))
    return n.LimitDecl(S, "", kind=kind, bound=bound, cmp_word=word,
                       field=draw(names()) if kind == "total_sum" else None,
                       year_word=draw(st.sampled_from(["每人每年", "每年"])) if kind == "per_year_amount" else "",
                       **common)


TYPES = ["布尔", "数", "金额", "时长", "日期", "比率", "计数", "枚举", "集合", "文本"]
type_specs = st.builds(lambda t, u: n.TypeSpec(S, t, u), st.sampled_from(TYPES), st.sampled_from(["", "个月", "年", "元", "人"]))
docs = st.sampled_from(["", "释义文字", "含；全角"]).map(lambda d: d.replace("；", ";"))

decls = st.one_of(
    st.builds(lambda num, q: n.ClauseDecl(S, "", num, q), st.sampled_from(["三", "十二", "二十三"]), quotes()),
    st.builds(lambda num, q: n.PartDecl(S, "", num, q), st.sampled_from(["一", "七"]), quotes()),
    qlist.map(lambda qs: n.NoteDecl(S, "", qs)),
    st.builds(lambda nm, ent, t, up, ch, d: n.FactDecl(S, "", nm, ent, t, tuple(ch), d, upper=up), names(),
              st.sampled_from(["个人", "企业", "单位"]), type_specs, uppers, st.lists(literals, max_size=3), docs),
    st.builds(lambda nm, t, up, d: n.ParamDecl(S, "", nm, t, d, up), names(), type_specs, uppers, docs),
    st.builds(lambda nm, qs, body: n.TermDecl(S, "", nm, qs, body), names(), qlist, exprs),
    benefits(),
    st.builds(lambda nm, tg, qs, c, o: n.ExceptionDecl(S, "", nm, tg, qs, c, o), names(), names(), qlist, exprs, outcomes()),
    limits(),
)
modules = st.lists(decls, min_size=1, max_size=6).map(lambda ds: n.Module(S, "g.policy", tuple(_assign_clauses(ds))))

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(modules)
def test_generated_programs_round_trip(module):
    text = format_module(module)
    parsed = _parse(text)
    assert strip_spans(parsed.decls) == strip_spans(module.decls), text
    again, _ = format_text(text, "g.policy")
    assert again == text, "fmt is not idempotent"


@SETTINGS
@given(modules, st.lists(st.tuples(st.integers(0, 10_000), st.booleans(), st.text(alphabet=HAN, max_size=6)), max_size=5))
def test_generated_programs_keep_every_comment(module, inserts):
    lines = format_module(module).splitlines()
    for i, (at, trailing, body) in enumerate(inserts):
        k = at % len(lines)
        comment = f"# 注{i}{body}"
        if trailing:
            lines[k] = lines[k] + "  " + comment
        else:
            lines.insert(k, comment)
    text = "\n".join(lines) + "\n"
    before = _parse(text)
    out, _ = format_text(text, "g.policy")
    after = _parse(out)
    assert sorted(comment_texts(after)) == sorted(comment_texts(before))
    assert strip_spans(after.decls) == strip_spans(before.decls)
    assert format_text(out, "g.policy")[0] == out, "fmt is not idempotent with comments"


def test_an_upper_bound_keeps_its_place_and_spelling():
    """上限 stays right after the type, as written (100%, 366 天, 1.5 万元), on one line and wrapped."""
    text = ("事实 「留用率」：基地 比率  上限100%  ，释义 “占比”。\n"
            "参数 「额度」：金额(万元)   上限 1.5万元。\n"
            "事实 「本期天数」：个人 时长(天) 上限 366 天 取值 30 天、366 天，释义 “" + "很长的释义" * 12 + "”。\n"
            "事实 「名次」：个人 数 上限 - 3。\n")
    out, diags = format_text(text, "t.policy")
    assert not diags
    assert out.splitlines()[:2] == ["事实 「留用率」：基地 比率 上限 100%，释义 “占比”。", "参数 「额度」：金额(万元) 上限 1.5 万元。"]
    assert out.splitlines()[2] == "事实 「本期天数」：个人 时长(天) 上限 366 天", out  # wrapped: the bound stays with the type
    assert strip_spans(_parse(out).decls) == strip_spans(_parse(text).decls)
    assert [d.upper.text for d in _parse(out).decls] == ["100%", "1.5 万元", "366 天", "-3"]
    assert out.splitlines()[-1] == "事实 「名次」：个人 数 上限 -3。"
    assert format_text(out, "t.policy")[0] == out


def test_repository_policies_are_in_canonical_layout(capsys):
    """The policies on main are formatted: `hzdsl fmt --check policies` passes (as the PR workflow requires)."""
    from .conftest import POLICIES

    assert main(["fmt", "--check", str(POLICIES)]) == 0, capsys.readouterr().out
