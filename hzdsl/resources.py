"""Locate the data the package reads: the grammar, the official text, the bundled policies.

In a built wheel they live in hzdsl/_data (copied there by the build, see pyproject.toml);
in a source checkout they are read from the repository's top-level folders.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

_REPO = Path(__file__).resolve().parent.parent


def _data(name: str, repo_relative: str) -> Path:
    packaged = resources.files("hzdsl").joinpath("_data", name)
    if packaged.is_file() or packaged.is_dir():
        return Path(str(packaged))
    return _REPO / repo_relative


def grammar_path() -> Path:
    return _data("hzpolicy.lark", "grammar/hzpolicy.lark")


def policies_dir() -> Path:
    return _data("policies", "policies")


def official_text_path() -> Path:
    return policies_dir() / "official.txt"
