"""The dated values case files give a parameter (参数: 「LPR」: [{起始, 值, 来源}, …]), for hover.

Read-only and forgiving: case files are read as YAML next to the policy folder (its parent's
`examples/` and `tests/cases/`), and anything that is not a dated list is skipped — validating
cases is `hzdsl test`'s job, not the editor's.
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


@lru_cache(maxsize=8)
def _all_params(project: Path) -> dict[str, tuple[DatedValue, ...]]:
    found: dict[str, set[DatedValue]] = {}
    for folder in CASE_FOLDERS:
        for f in sorted((project / folder).rglob("*.yaml")) if (project / folder).is_dir() else []:
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
    values = _all_params(policy_root.parent).get(compact(name), ())
    seen, out = set(), []
    for v in values:  # one line per (start, value): the first file that gives it
        if (v.start, v.value) not in seen:
            seen.add((v.start, v.value))
            out.append(v)
    return out[:limit]
