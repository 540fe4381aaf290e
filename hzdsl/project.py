"""Find the project a command runs in, as git finds its repository: from the current directory up.

A project is a folder holding `policies/official.txt`. Commands run from any subdirectory use that
project's policies and case folders, and show paths relative to where the user stands.
"""
from __future__ import annotations

import os
from pathlib import Path

POLICY_DIR = "policies"


def find_root(start: Path | None = None) -> Path | None:
    """The nearest folder at or above `start` (default: the current directory) with policies/official.txt."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / POLICY_DIR / "official.txt").is_file():
            return folder
    return None


def shown(path: Path) -> Path:
    """`path` as the user would type it from the current directory (relative when that is shorter)."""
    try:
        rel = Path(os.path.relpath(path))
    except ValueError:  # another drive (Windows)
        return path
    return rel if len(str(rel)) <= len(str(path)) else path


def project_path(*parts: str) -> Path | None:
    """A path inside the project (e.g. 'tests', 'cases'), shown relative to the current directory; None
    outside a project."""
    root = find_root()
    return shown(root.joinpath(*parts)) if root is not None else None
