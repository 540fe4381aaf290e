"""`hzdsl render --out DIR` never replaces a file it did not write, and leaves no page of an earlier render behind.

breaker s20: `render --out DIR` into a folder holding the user's own index.html replaced it with the site's
front page without a word (exit 0); and re-rendering after a benefit was removed kept the removed benefit's
old page in DIR/benefit/, still reachable by its address with the old rules on it.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from hzdsl.cli import main

from .conftest import POLICIES

BENEFIT_PAGE = Path("benefit") / "一次性创业补贴.html"


def render(out: Path, *policies: Path) -> int:
    argv = ["render", "--out", str(out), "--cases", str(out.parent / "no-cases")]
    for p in policies or (POLICIES,):
        argv += ["-p", str(p)]
    (out.parent / "no-cases").mkdir(exist_ok=True)
    return main(argv)


def test_a_users_own_page_is_not_replaced(tmp_path, capsys):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "index.html").write_text("precious", encoding="utf-8")
    (out / "notes.txt").write_text("keep", encoding="utf-8")
    assert render(out) == 2
    err = capsys.readouterr().err
    assert "E950" in err and "index.html" in err and "提示" in err, err
    assert (out / "index.html").read_text(encoding="utf-8") == "precious"
    assert sorted(p.name for p in out.iterdir()) == ["index.html", "notes.txt"]  # nothing written


def test_other_files_in_the_folder_are_left_alone(tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "notes.txt").write_text("keep", encoding="utf-8")  # a name the site does not use
    assert render(out) == 0
    assert (out / "notes.txt").read_text(encoding="utf-8") == "keep"
    assert (out / "index.html").is_file()


def test_rendering_again_replaces_its_own_site_and_drops_pages_no_longer_made(tmp_path):
    out = tmp_path / "site"
    assert render(out) == 0
    assert (out / BENEFIT_PAGE).is_file()
    (out / "notes.txt").write_text("keep", encoding="utf-8")
    loan = out / "benefit" / "个人创业担保贷款.html"
    assert loan.is_file()
    # the same folder, clause 三 alone: clause 四's benefit pages go, the site's other pages are rewritten
    assert render(out, POLICIES / "c03.policy", POLICIES / "facts.policy") == 0
    assert not loan.exists()
    assert (out / BENEFIT_PAGE).is_file()
    assert (out / "notes.txt").read_text(encoding="utf-8") == "keep"


def test_a_site_rendered_before_the_marker_existed_is_recognised(tmp_path):
    out = tmp_path / "site"
    assert render(out) == 0
    for marker in out.glob(".hzdsl*"):
        marker.unlink()  # as an older hzdsl left it: its own search index says it made the folder
    assert render(out) == 0


@pytest.mark.parametrize("page", ["index.html", "benefits.html", str(BENEFIT_PAGE), "static/style.css"])
def test_any_page_name_is_protected(tmp_path, capsys, page):
    out = tmp_path / "site"
    (out / page).parent.mkdir(parents=True, exist_ok=True)
    (out / page).write_text("mine", encoding="utf-8")
    assert render(out) == 2
    assert (out / page).read_text(encoding="utf-8") == "mine"
    assert Path(page).name in capsys.readouterr().err
