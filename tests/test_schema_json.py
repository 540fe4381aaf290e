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


def candidates(info) -> list:
    unit = info.unit.text
    words = ["是", "否", "真", "无", "true", "可能", "2023-06-30", "2023 年 6 月 30 日", "2023-13-40", "电工"]
    if info.type.kind == "num":
        words += ["3", 3, 0, -3, 1.5, "半年"]
        if unit:
            words += [f"3 {unit}", f"3{unit}", f"-3 {unit}", f"1.5 {unit}", f"0 {unit}"]
    if info.type.kind in {"enum", "set"}:
        choice = sorted(info.type.choices)[0]
        words += [choice, [choice], [choice, "不存在的取值"], []]
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
    assert compared > 1500
    assert not disagree, f"{len(disagree)} 处不一致：\n" + "\n".join(disagree[:30])
