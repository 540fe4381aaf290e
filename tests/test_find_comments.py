"""The regex comment scanner finds exactly the comments of the character-by-character reference."""
from pathlib import Path

from hypothesis import given, strategies as st

from hzdsl.syntax.normalize import normalize
from hzdsl.syntax.parser import _find_comments_slowly, find_comments

ROOT = Path(__file__).resolve().parent.parent


@given(st.text(alphabet="「」“”\"#\n a。", max_size=40))
def test_find_comments_agrees_with_the_reference(text):
    assert list(find_comments(text)) == list(_find_comments_slowly(text))


def test_find_comments_on_the_bundled_policies():
    texts = [normalize(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "policies").glob("*.policy"))]
    found = [c for t in texts for c in find_comments(t)]
    assert found and found == [c for t in texts for c in _find_comments_slowly(t)]


def test_comments_inside_brackets_and_on_later_lines():
    text = "「a#b」 # one\n“#”\n  # two 「\n# three\n「x # not a comment"
    # worked by hand: offset, line, column (1-based), text. A 「 inside a comment opens nothing;
    # an unclosed 「 hides everything after it.
    assert list(find_comments(text)) == [(6, 1, 7, "# one"), (18, 3, 3, "# two 「"), (26, 4, 1, "# three")]
