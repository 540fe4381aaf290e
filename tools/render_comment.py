"""Render a review comment (hzdsl diff --format markdown) to HTML the way GitHub shows it, and optionally
screenshot it with headless Chromium.

    python tools/render_comment.py comment.md out.html [out.png]

Markdown → HTML with markdown-it-py (CommonMark + GitHub's tables and strikethrough, raw HTML kept so
<details> folds); `<details>` are opened in the screenshot copy only when --open is given.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from html import escape
from pathlib import Path

from markdown_it import MarkdownIt

CSS = """
body { font-family: -apple-system, "Segoe UI", "Noto Sans CJK SC", "Noto Sans", sans-serif; font-size: 14px;
       line-height: 1.5; color: #1f2328; max-width: 880px; margin: 24px auto; padding: 16px 24px;
       border: 1px solid #d0d7de; border-radius: 6px; }
h3 { font-size: 1.25em; border-bottom: 1px solid #d8dee4; padding-bottom: .3em; }
h4 { font-size: 1em; margin-top: 1.4em; }
code { background: rgba(175,184,193,.2); border-radius: 6px; padding: .2em .4em; font-size: 85%;
       font-family: ui-monospace, "Noto Sans Mono CJK SC", monospace; }
pre { background: #f6f8fa; border-radius: 6px; padding: 12px; overflow: auto; }
pre code { background: none; padding: 0; }
blockquote { color: #59636e; border-left: .25em solid #d0d7de; margin: 0; padding: 0 1em; }
table { border-collapse: collapse; } td, th { border: 1px solid #d0d7de; padding: 4px 10px; }
del { color: #cf222e; } strong { color: #1a7f37; } details summary { cursor: pointer; color: #0969da; }
"""


def to_html(markdown: str, title: str = "hzdsl review") -> str:
    md = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")
    return (f"<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'><title>{escape(title)}</title>"
            f"<style>{CSS}</style></head><body>{md.render(markdown)}</body></html>")


def screenshot(html_path: Path, png_path: Path, width: int = 1000, height: int = 1400) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        raise SystemExit("找不到 chromium：apt-get install -y chromium")
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--window-size={width},{height}", f"--screenshot={png_path}", html_path.resolve().as_uri()],
                   check=True, capture_output=True, timeout=120)


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    md_path, html_path = Path(args[0]), Path(args[1])
    html_path.write_text(to_html(md_path.read_text(encoding="utf-8"), md_path.stem), encoding="utf-8")
    if len(args) > 2:
        height = next((int(a.split("=")[1]) for a in argv if a.startswith("--height=")), 1400)
        screenshot(html_path, Path(args[2]), height=height)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
