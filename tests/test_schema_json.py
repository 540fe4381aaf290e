"""`hzdsl schema --json` (and /api/schema) describes the case files the loader reads: every case file of the
repository validates, and for every declared fact the schema accepts a value exactly when the case loader
does. Before, 布尔 was `"type": "boolean"` (every documented `是`/`否` failed: 1069 errors over the 535
cases), dates had `"format": "date"` (refusing 2023 年 6 月 30 日), `半年` and dated parameters failed, and
negative amounts or 1.5 persons passed although the loader refuses them (E731/E730)."""
from __future__ import annotations

import datetime as dt
import json

import jsonschema
import pytest
import yaml

from hzdsl.cases.load import cases_from_text
from hzdsl.errors import HzdslError
from hzdsl.schema import schema_json

from .conftest import CASES, EXAMPLES


@pytest.fixture(scope="module")
def validator(program):
    schema = schema_json(program)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def as_json(value):
    """YAML as a JSON consumer (an editor's YAML language server) sees it: dates are strings."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def test_every_case_file_of_the_repository_validates(validator):
    files = sorted(CASES.rglob("*.yaml")) + sorted(EXAMPLES.glob("*.yaml"))
    assert len(files) > 100
    bad = []
    for f in files:
        data = as_json(yaml.safe_load(f.read_text(encoding="utf-8")))
        bad += [f"{f.name}: {'/'.join(map(str, e.path))}: {e.message[:120]}" for e in validator.iter_errors(data)]
    assert not bad, "\n".join(bad[:20])


# The spellings that split the two before (breaker, session 19) and their neighbours: words a unit parser does
# not know (3 years), days the calendar lacks (2023-02-30, 2023-02-29 but 2024-02-29), a 取值 with a trailing space
# ([高校毕业生 ]), 布尔 1/0 and padded words, full-width digits and U+3000, -0, a count written 3.0, other units of
# the dimension (36 个月 for 年, 3 万元 for 元, 3 名 for 人), compound units written in another order, 31 digits.
ODD = ["1", "0", 1, 0, " 是 ", "\u3000否", "ｔｒｕｅ", "yes", "Y", "对", "不是", "2", "1.0",
       "2023-02-30", "2023-02-29", "2024-02-29", "1900-02-29", "2000-02-29", "0000-01-01", "2023-04-31",
       "2023 年 2 月 29 日", "２０２４年２月２９日", "2023年6-30", "2023-6-30日", "2023/06/30", ""]


def quantity_words(unit: str) -> list:
    return [f"3 {unit}", f"3{unit}", f"-3 {unit}", f"1.5 {unit}", f"0 {unit}", f"-0 {unit}", f"3.0 {unit}",
            f"３\u3000{unit}", f" 3 {unit} ", f"3 {unit}x", "3 years", "3 年", "36 个月", "0.5 年", "0.25 年", "0.3 年",
            "3 岁", "3 天", "3 万元", "3 元", "3 名", "3 人", "3 个", "3 %", "300%", "3 BP", "3 元/人", "3 元/名",
            "3 元/天·平方米", "3 元/平方米/天", "3 元/平方米·月", "3 元/月", "3 元/年", "3 月/年", "3 元/元",
            "1" * 30 + f" {unit}", "1" * 31 + f" {unit}", "1" * 15 + "." + "1" * 16 + f" {unit}", "-0", "3.0"]


def candidates(info) -> list:
    unit = info.unit.text
    words = ["是", "否", "真", "无", "true", "可能", "2023-06-30", "2023 年 6 月 30 日", "2023-13-40", "电工", *ODD]
    if info.type.kind == "num":
        words += ["3", 3, 0, -3, 1.5, "半年", " 半年 "]
        if unit:
            words += quantity_words(unit)
    if info.type.kind == "text":
        words += ["电\u200b工", "电工\x07", "电工\t", None, True]
    if info.type.kind in {"enum", "set"}:
        choice = sorted(info.type.choices)[0]
        words += [choice, [choice], [choice, "不存在的取值"], [], f"{choice} ", [f"{choice} "], [f"\u3000{choice}"],
                  [choice, choice], [choice + "x"]]
    return words


def loader_accepts(program, name: str, value) -> bool:
    text = "评估日期: 2023-06-30\n事实:\n  " + json.dumps({name: value}, ensure_ascii=False)[1:-1] + "\n"
    try:
        case = cases_from_text(text, "案例.yaml", program)[0]
    except HzdslError:
        return False
    return info_key(program, name) in case.facts


def info_key(program, name: str) -> str:
    return next(k for k, i in program.facts.items() if i.decl.name.text == name)


def test_the_schema_accepts_a_fact_value_exactly_when_the_loader_does(program, validator):
    """Differential: every declared fact × values of every kind (words, numbers with and without the declared
    unit, negative, fractional, 半年, both date spellings, choices)."""
    disagree, compared = [], 0
    for info in program.facts.values():
        if info.type.kind == "num" and info.type.choices:
            continue  # 取值 of quantities (5 万元 = 50000 元) are the loader's to compare, not a pattern's
        name = info.decl.name.text
        for value in candidates(info):
            by_schema = validator.is_valid({"评估日期": "2023-06-30", "事实": {name: value}})
            by_loader = loader_accepts(program, name, value)
            compared += 1
            if by_schema != by_loader:
                disagree.append(f"「{name}」（{info.decl.type.type} {info.unit.text}）= {value!r}: "
                                f"schema {'接受' if by_schema else '拒绝'}，loader {'接受' if by_loader else '拒绝'}")
    assert compared > 5000
    assert not disagree, f"{len(disagree)} 处不一致：\n" + "\n".join(disagree[:30])


@pytest.mark.parametrize("name, value, accepted", [
    ("毕业时长", "3 years", False),      # no such unit: the loader's E706
    ("毕业时长", "36 个月", True),       # another unit of the dimension
    ("评估日期", "2023-02-30", False),   # no such day: E704
    ("评估日期", "2024-02-29", True),    # a leap day
    ("身份", ["高校毕业生 "], True),     # fold_word trims a 取值
])
def test_the_breakers_three_values_and_their_neighbours(program, validator, name, value, accepted):
    """Breaker, session 19: schema accepted `3 years` and `2023-02-30` (run refused both) and refused
    `[高校毕业生 ]` (run folds the space)."""
    if name == "评估日期":
        doc, text = {"评估日期": value}, f"评估日期: {value}\n"
        try:
            cases_from_text(text, "案例.yaml", program)
            by_loader = True
        except HzdslError:
            by_loader = False
    else:
        doc, by_loader = {"评估日期": "2023-06-30", "事实": {name: value}}, loader_accepts(program, name, value)
    assert validator.is_valid(doc) is accepted
    assert by_loader is accepted


def test_the_upper_bound_pattern_compares_as_exact_fractions():
    """`_at_most` (the 上限 part of a quantity's pattern, E732) against Fraction comparison: bounds whole,
    decimal and non-terminating (366/7), numbers with leading zeros and decimals, in units of several scales."""
    import random
    import re
    from fractions import Fraction

    from hzdsl.check.domains import Domain
    from hzdsl.schema import _at_most

    rng = random.Random(20)
    for _ in range(3000):
        upper = Fraction(rng.randint(0, 5000), rng.choice([1, 10, 100, 3, 7, 365]))
        scale = Fraction(1, rng.choice([1, 10, 100, 10000]))
        pattern = _at_most(Domain(whole=False, nonnegative=True, upper=upper), scale)
        decimals = "".join(rng.choice("0123456789") for _ in range(rng.randint(0, 4)))
        text = "0" * rng.randint(0, 2) + str(rng.randint(0, 600)) + ("." + decimals if decimals else "")
        assert bool(re.match(pattern, text)) == (Fraction(text) * scale <= upper), (upper, scale, text)


def loader_reads(program, text: str) -> bool:
    try:
        cases_from_text(text, "案例.yaml", program)
        return True
    except HzdslError:
        return False


def key_spellings(name: str) -> list[str]:
    return [name, f"「{name}」", f"「「{name}」」", f"「{name}", f"{name}」", f"“{name}”", f"『{name}』", f"「{name}x」"]


@pytest.mark.parametrize("section", ["事实", "参数"])
def test_a_key_written_in_brackets_is_accepted_as_the_loader_accepts_it(program, validator, section):
    """polish s22: the loader reads 「毕业时长」 as 毕业时长 (syntax.normalize.bare_name) in a case file's keys; the
    schema listed only the bare names, so an editor flagged a key hzdsl accepts. Each declared name × spellings
    of its key (the brackets around the whole, doubled, half, other quotes, misspelt): the schema accepts the key
    exactly when the loader does, with a value of the declared kind."""
    # a value of the declared kind: 布尔 and 日期 facts; LPR, the one rate among the parameters
    values = {"布尔": "是", "日期": "2023-06-30", "比率": "3.45%"}
    infos = program.facts if section == "事实" else program.params
    disagree, compared = [], 0
    for info in infos.values():
        name, value = info.decl.name.text, values.get(info.decl.type.type)
        if value is None or (section == "参数" and name != "LPR"):
            continue  # the key is the point here: the value schemas are compared above
        for key in key_spellings(name):
            text = f"评估日期: 2023-06-30\n{section}:\n  {json.dumps(key, ensure_ascii=False)}: {value}\n"
            by_loader = loader_reads(program, text)
            by_schema = validator.is_valid({"评估日期": "2023-06-30", section: {key: value}})
            compared += 1
            if by_schema != by_loader:
                disagree.append(f"{key!r}: schema {by_schema}, loader {by_loader}")
    assert compared >= 8
    assert not disagree, "\n".join(disagree[:20])


def test_a_bracketed_key_gets_the_value_schema_of_its_name_and_a_misspelt_one_is_still_flagged(validator):
    """Accepting 「毕业时长」 must not accept anything under it: its value is checked as 毕业时长's, and a
    misspelt key, bracketed or not, stays an error (the editor's squiggle the schema exists for)."""
    case = {"评估日期": "2023-06-30"}
    assert validator.is_valid({**case, "事实": {"「毕业时长」": "3 年"}})
    assert not validator.is_valid({**case, "事实": {"「毕业时长」": "3 years"}})  # no such unit (E706)
    assert not validator.is_valid({**case, "事实": {"「毕业时常」": "3 年"}})
    assert not validator.is_valid({**case, "事实": {"毕业时常": "3 年"}})
    assert validator.is_valid({**case, "参数": {"「LPR」": [{"起始": "2023-01-01", "值": "3.45%"}]}})
    assert validator.is_valid({"案例": [{**case, "事实": {"「毕业时长」": "3 年"}}]})
    assert not validator.is_valid({"案例": [{**case, "事实": {"「毕业时长」": "3 years"}}]})
