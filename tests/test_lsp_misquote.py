"""The words a misquote most likely meant (hover «引文与原文不符» and the preferred quick fix of E401).

A drafter's slip is often one character too many (持证残疾人员, 正常经营满 6 个月). The window that reads most
like the misquote was scored by characters in common less half a point per character of length
difference, so a window as long as the misquote won by taking the official text's next character —
the fix rewrote 「持证残疾人员」 as 「持证残疾人、」 and 「持证残疾人员𠀀」 as 「持证残疾人、自」, quotes that end
mid-list. Expected words are read by hand from policies/official.txt (条款（三）)."""
from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("lsprotocol")

from hzdsl.loader import read_official  # noqa: E402
from hzdsl.lsp.official import official_words  # noqa: E402
from hzdsl.syntax.normalize import compact  # noqa: E402

from .conftest import POLICIES  # noqa: E402


@pytest.fixture(scope="module")
def words():
    official, problem = read_official(Path(POLICIES) / "official.txt")
    assert problem is None
    return official_words(official)


@pytest.mark.parametrize("written,meant", [
    # one character too many at the end: the official words stop where the drafter's match stops
    ("持证残疾人员", "持证残疾人"),
    ("持证残疾人员𠀀", "持证残疾人"),
    # one too many inside (official: 正常经营 6 个月，可按规定申领)
    ("初次创办企业或个体工商户，正常经营满6个月", "初次创办企业或个体工商户，正常经营6个月"),
    # one missing, and one wrong: the official words of the same stretch
    ("初次创办企业或个体工商户，正常经营个月", "初次创办企业或个体工商户，正常经营6个月"),
    ("可按规定申领5000元的一次性创业补贴", "可按规定申领3000元的一次性创业补贴"),
    # a wrong last character (official: 分别给予手续费补贴和担保费补助。): the whole word, not one less
    ("对经办银行和受托担保机构分别给予手续费补贴和担保费补贴", "对经办银行和受托担保机构分别给予手续费补贴和担保费补助"),
])
def test_the_likely_meant_words_are_the_stretch_the_drafter_copied(words, written, meant):
    place = words.likely_meant(compact(written))
    assert place is not None and place.words == meant
