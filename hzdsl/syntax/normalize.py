"""Width normalisation that keeps every character offset.

Full-width and half-width forms must read alike (`，` `,`, `１２` `12`, U+3000 and a space), so
text is NFKC-normalised before lexing. NFKC is applied one character at a time and only where it
yields exactly one character: the normalised text then has the same length as the source, so
every span the parser reports is also a span in the original text (used for quotes and messages).
"""
import unicodedata
from functools import lru_cache


@lru_cache(maxsize=4096)
def _fold(ch: str) -> str:
    folded = unicodedata.normalize("NFKC", ch)
    return folded if len(folded) == 1 else ch


def normalize(text: str) -> str:
    """Return `text` with full-width forms folded; same length as the input."""
    if text.isascii():
        return text
    return "".join(_fold(ch) for ch in text)


def compact(text: str) -> str:
    """Normalised text without any whitespace: the form in which quotes are compared."""
    return "".join(normalize(text).split())
