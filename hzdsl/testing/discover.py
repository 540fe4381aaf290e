"""Find the case files to test: the project's cases by default, or the paths given."""
from __future__ import annotations

from pathlib import Path

import yaml

from ..cases.yaml_load import compose
from ..errors import Diagnostic, HzdslError, Span
from ..loader import read_text

DEFAULT_DIRS = ("tests/cases", "examples")
SUFFIXES = {".yaml", ".yml"}


def default_roots() -> list[Path]:
    """The project's case directories (the project found from the current directory upwards), shown
    relative to the current directory so reports show short paths."""
    from ..project import project_path

    found = [project_path(*d.split("/")) for d in DEFAULT_DIRS]
    if all(f is None for f in found):
        return [Path(d) for d in DEFAULT_DIRS if Path(d).is_dir()]
    return [f for f in found if f is not None and f.is_dir()]


def yaml_files(root: Path) -> list[Path]:
    """Every *.yaml / *.yml below `root`, sorted — links to nothing and named pipes too (the runner says why)."""
    return sorted(p for p in root.rglob("*") if p.suffix in SUFFIXES and not p.is_dir())


def has_expectations(path: Path) -> bool:
    """Whether a YAML file is a test (has 预期 somewhere), as opposed to a plain example or data file.

    Unreadable or malformed files count as tests, so the runner reports them instead of hiding them.
    """
    text, problem = read_text(path, "案例文件")  # the size limit holds here too, before any parsing
    if problem is not None:
        return True
    try:
        root = compose(text, str(path))
    except HzdslError:
        return True
    if not isinstance(root, yaml.MappingNode):
        return True
    keys = {k.value: v for k, v in root.value if isinstance(k, yaml.ScalarNode)}
    if "预期" in keys:
        return True
    rows = keys.get("案例")
    if isinstance(rows, yaml.SequenceNode):
        return any(isinstance(r, yaml.MappingNode) and any(getattr(k, "value", None) == "预期" for k, _ in r.value)
                   for r in rows.value)
    return rows is not None


def discover(paths: list[str] | None) -> tuple[list[Path], list[Path], list[Diagnostic]]:
    """Return (test files, skipped files without expectations, problems with the paths).

    A directory is searched recursively for *.yaml / *.yml; in a directory, a YAML file with no
    预期 is skipped (it is an example to run, not a test). A file named explicitly is always a test.
    """
    explicit = bool(paths)
    roots = [Path(p) for p in paths] if paths else default_roots()
    files: list[Path] = []
    skipped: list[Path] = []
    problems: list[Diagnostic] = []
    for root in roots:
        if root.is_dir():
            for f in yaml_files(root):
                if f.is_file():
                    (files if has_expectations(f) else skipped).append(f)
                else:
                    # a link to nothing, a named pipe, a device: a case the drafter means to run, never silently
                    # left out (breaker s22) — the runner says why (E001 / E805) and never opens it, as for a named path
                    files.append(f)
        elif root.is_file() or root.exists():  # a named pipe or device: the runner says E805 (never opens it)
            files.append(root)
        else:
            problems.append(Diagnostic.of("E001", Span(str(root), 1, 1, 1, 1),
                                       "检查路径是否拼写正确", name=root, what="案例文件或目录"))
    if not roots and not explicit:
        problems.append(Diagnostic.of("E001", Span(".", 1, 1, 1, 1), "在项目根目录运行，或写明案例文件或目录：hzdsl test 路径…",
                                      form="no_case_folders"))
    seen: set[Path] = set()
    unique = []
    if not explicit:  # found by hzdsl: show each as the user would type it from here
        from ..project import shown

        files = [shown(f.resolve() if f.exists() else f.absolute()) for f in files]  # a dangling link: by its own name
        skipped = [shown(f.resolve()) for f in skipped]
    for f in files:
        r = f.resolve()
        if r not in seen:
            seen.add(r)
            unique.append(f)
    return unique, skipped, problems
