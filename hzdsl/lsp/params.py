"""The dated values case files give a parameter (参数: 「LPR」: [{起始, 值, 来源}, …]), for hover.

Read-only and forgiving: case files are read as YAML next to the policy folder (its parent's
`examples/` and `tests/cases/`), and anything that is not a dated list is skipped — validating
cases is `hzdsl test`'s job, not the editor's.

Fresh: what was read is kept per project and per state of its YAML files (each file's path, size and
modification time — listed and stat'ed at each hover, a few ms), so a saved edit is seen by the next hover.
It was read once per server: an edited value showed only after a restart. A change the file times cannot
show (same size within the clock's tick) is seen when the editor reports it: the server calls `forget`.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ..syntax.normalize import compact

CASE_FOLDERS = ("examples", "tests/cases")


@dataclass(frozen=True)
class DatedValue:
    start: str
    value: str
    source: str
    file: str


def _case_files(project: Path) -> list[Path]:
    return [f for folder in CASE_FOLDERS if (project / folder).is_dir() for f in sorted((project / folder).rglob("*.yaml"))]


def _state(files: list[Path]) -> tuple:
    """What says a file changed: its name, size and modification time (ns)."""
    out = []
    for f in files:
        try:
            st = f.stat()
        except OSError:
            continue
        out.append((str(f), st.st_size, st.st_mtime_ns))
    return tuple(out)


def forget() -> None:
    """Read the case files again at the next hover (the editor reported a YAML file changed, saved or edited)."""
    _all_params.cache_clear()


def _current(project: Path) -> dict[str, tuple[DatedValue, ...]]:
    files = _case_files(project)
    return _all_params(project, tuple(files), _state(files))


@lru_cache(maxsize=8)
def _all_params(project: Path, files: tuple[Path, ...], _state: tuple) -> dict[str, tuple[DatedValue, ...]]:
    found: dict[str, set[DatedValue]] = {}
    for f in files:
        try:
            data = yaml.safe_load(f.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        listed = data.get("案例") if isinstance(data, dict) else None
        # 「案例」 that is not a list (a mapping, a text) is the case file's problem, not the hover's
        docs = [data] + (listed if isinstance(listed, list) else [])
        for doc in docs:
            params = doc.get("参数") if isinstance(doc, dict) else None
            if not isinstance(params, dict):
                continue
            for name, entries in params.items():
                if not isinstance(entries, list):  # a value without a date: in force on any date
                    entries = [{"值": entries}]
                for e in entries:
                    if isinstance(e, dict) and "值" in e:
                        found.setdefault(compact(str(name)), set()).add(DatedValue(
                            str(e.get("起始", "")), str(e["值"]), str(e.get("来源", "") or ""),
                            str(f.relative_to(project))))
    return {k: tuple(sorted(v, key=lambda d: (d.start, d.value, d.file))) for k, v in found.items()}


def dated_values(policy_root: Path, name: str, limit: int = 8) -> list[DatedValue]:
    """Distinct dated values of parameter `name` in the case files of the project holding `policy_root`."""
    values = _current(policy_root.parent).get(compact(name), ())
    seen, out = set(), []
    for v in values:  # one line per (start, value): the first file that gives it
        if (v.start, v.value) not in seen:
            seen.add((v.start, v.value))
            out.append(v)
    return out[:limit]
