"""Publish a finished temporary file as the result: ordinary permissions, atomic rename."""
from __future__ import annotations

import os


def publish(tmp: str, target: "str | os.PathLike[str]") -> None:
    """Give `tmp` the permissions of a newly created file (mkstemp makes 0600) and rename it onto `target`."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(tmp, 0o666 & ~mask)
    os.replace(tmp, target)
