"""Mend the PDF extraction of the official text: join hard line breaks inside paragraphs.

Only line breaks and the blank lines between them are touched; every other character,
including the odd spaces around numbers, is kept. Run once:
    python tools/mend_source.py ../shared/seed/000_438d9e14d25e1fb8.txt policies/official.txt
"""
import re
import sys

HEADING = re.compile(r"^(（[一二三四五六七八九十]+）|[一二三四五六七]、)")
# Paragraph starts that the layout alone does not reveal (the previous line is full width).
EXTRA_STARTS = ("第十三、十四、十五条所述", "对离校未就业高校毕业生实施帮扶", "杭州市人民政府")
FULL_WIDTH = 44  # display cells: a CJK character is 2, an ASCII one 1


def cells(line: str) -> int:
    return sum(1 if ord(ch) < 0x2E80 else 2 for ch in line)


def mend(raw: str) -> str:
    lines = [line.strip() for line in raw.splitlines() if line.strip()]
    paragraphs: list[str] = []
    for i, line in enumerate(lines):
        prev = lines[i - 1] if i else ""
        starts = (
            not paragraphs
            or HEADING.match(line)
            or line.startswith(EXTRA_STARTS)
            or prev.endswith("：")
            or cells(prev) < FULL_WIDTH
        )
        if starts:
            paragraphs.append(line)
        else:
            paragraphs[-1] += line
    return "\n".join(paragraphs) + "\n"


if __name__ == "__main__":
    src, dst = sys.argv[1], sys.argv[2]
    with open(src, encoding="utf-8") as f:
        text = mend(f.read())
    with open(dst, "w", encoding="utf-8") as f:
        f.write(text)
