"""Width normalisation that keeps every character offset.

Full-width and half-width forms must read alike (`，` `,`, `１２` `12`, U+3000 and a space), so
text is NFKC-normalised before lexing. NFKC is applied one character at a time and only where it
yields exactly one character: the normalised text then has the same length as the source, so
every span the parser reports is also a span in the original text (used for quotes and messages).
"""
import unicodedata


class _FoldTable(dict):
    """str.translate table filled on first sight of each character (translate runs in C)."""

    def __missing__(self, code: int) -> int:
        folded = unicodedata.normalize("NFKC", chr(code))
        self[code] = value = ord(folded) if len(folded) == 1 else code
        return value


_TABLE = _FoldTable()


def normalize(text: str) -> str:
    """Return `text` with full-width forms folded; same length as the input."""
    if text.isascii():
        return text
    return text.translate(_TABLE)


def compact(text: str) -> str:
    """Normalised text without any whitespace: the form in which quotes are compared."""
    return "".join(normalize(text).split())
