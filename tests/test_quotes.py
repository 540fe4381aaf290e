"""Every quote in every policy file is checked against the official text, to the character.

For each 依据「…」 (and each clause or part title) in policies/, one character inside the quote
is replaced; `check` must then report E401 at exactly that line and column.
"""
from __future__ import annotations

import random

import pytest

from hzdsl.check.checker import check_modules
from hzdsl.source import load_official
from hzdsl.syntax.build import parse_module
from hzdsl.syntax.normalize import normalize

from .conftest import POLICIES

OFFICIAL = load_official(str(POLICIES / "official.txt"))
POLICY_FILES = sorted(POLICIES.glob("*.policy"))


def _quotes(module):
    for d in module.decls:
        if hasattr(d, "title"):
            yield d.title
        yield from getattr(d, "quotes", ())


def _replacement(ch: str) -> str:
    # a character that never occurs in the official text, so the mutated quote cannot match elsewhere
    return "〇" if ch != "〇" else "㐀"


def _mutations(path):
    text = path.read_text(encoding="utf-8")
    module, diags = parse_module(text, str(path))
    assert not diags
    rng = random.Random(path.name)
    for q in _quotes(module):
        inner_start = q.span.start + 1  # past 「
        positions = [i for i in range(inner_start, q.span.end - 1) if not text[i].isspace()]
        i = rng.choice(positions)
        mutated = text[:i] + _replacement(text[i]) + text[i + 1:]
        line = text.count("\n", 0, i) + 1
        col = i - (text.rfind("\n", 0, i) + 1) + 1
        yield q, mutated, line, col


@pytest.mark.parametrize("path", POLICY_FILES, ids=lambda p: p.name)
def test_one_changed_character_in_any_quote_fails_at_that_character(path):
    checked = 0
    for quote, mutated, line, col in _mutations(path):
        module, diags = parse_module(mutated, str(path))
        assert not diags, f"{path.name}:{line}:{col}: mutation broke the syntax"
        _, found = check_modules([module], OFFICIAL)
        misquotes = [d for d in found if d.code == "E401"]
        assert [(d.span.line, d.span.col) for d in misquotes] == [(line, col)], (
            f"{path.name}: changing 「{quote.text[:20]}…」 at {line}:{col} gave "
            + "; ".join(f"{d.span}: {d.message}" for d in misquotes)
        )
        checked += 1
    assert checked > 0 or path.name == "facts.policy"


def test_quotes_are_verbatim_in_the_official_text(loaded):
    """No quote was accepted by accident: each one occurs in the compact official text."""
    hits = loaded.program.quote_hits
    assert hits
    assert all(off >= 0 for _, _, off in hits)
    for quote, _, off in hits:
        assert OFFICIAL.compact[off:off + len(quote.key)] == quote.key


def test_official_text_is_the_seed_with_only_line_breaks_mended():
    """Runs in every clone. The record (policies/official.manifest.json) holds the fingerprint of the
    seed's text without whitespace, taken from the seed; official.txt must have that fingerprint. Where
    the seed itself lies beside the clone, it is compared directly too, and with its own recorded hash."""
    import hashlib
    import json

    from hzdsl.check.manifest import fingerprint
    from hzdsl.source import official_from_text

    from .conftest import REPO

    record = json.loads((POLICIES / "official.manifest.json").read_text(encoding="utf-8"))
    mended = (POLICIES / "official.txt").read_text(encoding="utf-8")
    assert fingerprint(official_from_text(mended).compact) == record["正文sha256"]
    seed = REPO.parent / "shared" / "seed" / "000_438d9e14d25e1fb8.txt"  # shared/ sits beside the clone
    if seed.exists():
        raw = seed.read_bytes()
        assert hashlib.sha256(raw).hexdigest() == record["原始文件sha256"]
        assert fingerprint(official_from_text(raw.decode("utf-8")).compact) == record["正文sha256"]
        assert "".join(raw.decode("utf-8").split()) == "".join(mended.split())
    # and no line break was added inside a paragraph: every mended line is a whole paragraph
    assert all(line == line.strip() for line in mended.splitlines())
    assert normalize(mended).count("\n") == 44
