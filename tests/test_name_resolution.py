"""Names are resolved in `check` and `ir` only (issue 8): nothing above them looks a declaration up by
its name again — they read the IR (`ir.Ref.kind/key`, `deps`, a benefit's `limits`/`exceptions`,
`IRProgram.fact_named`). `backends/sql` is exempt while it moves to the IR (its owner's work).

The patterns below are the ways modules used to re-resolve: the checker's `kind_of` / `all_names`
tables, the AST's `limits_for` / `program.limits`, comparing a declaration's written name. Each
allowed use says why it is not a re-resolution. Fails naming file:line.
"""
from __future__ import annotations

import re
from pathlib import Path

HZDSL = Path(__file__).resolve().parent.parent / "hzdsl"
EXEMPT_DIRS = ("check", "ir", "backends/sql")

PATTERNS = {
    "Program.kind_of": re.compile(r"\.kind_of\("),
    "Program.all_names": re.compile(r"\.all_names\("),
    "the AST's limits_for": re.compile(r"\.limits_for\b"),
    "the AST's limit list": re.compile(r"\b(?:self\.)?(?:p|program)\.limits\b(?!\.values)"),
    "a declaration looked up by its written name": re.compile(r"name\.text\s*==|==\s*\w+\.decl\.name\.text"),
    "a scan for a compiled benefit by name": re.compile(r"\.decl\.name\.key\s*=="),
}

ALLOWED = {
    # a case file is input: its own 「names」 are looked up in the checked program, as a policy's are by check
    ("cases/load.py", "Program.kind_of"),
    ("cases/load.py", "the AST's limit list"),  # the claimant words 已由 X 享受的 rules accept (input check)
    ("lsp/actions.py", "Program.all_names"),  # the checker's own did-you-mean for an undefined name
    ("review/impact.py", "the AST's limits_for"),  # _fingerprint compares a benefit's rules as written
    ("testing/invariants.py", "the AST's limit list"),  # an independent reading of the text's own limits
}


def _offences(root: Path = HZDSL) -> list[str]:
    out = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel.startswith(EXEMPT_DIRS):
            continue
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            for what, rx in PATTERNS.items():
                if rx.search(code) and (rel, what) not in ALLOWED:
                    out.append(f"hzdsl/{rel}:{i}: {what}: {line.strip()}")
    return out


def test_no_module_outside_check_and_ir_resolves_a_name():
    offences = _offences()
    assert not offences, "read the IR instead (docs/architecture.md 'Who resolves names'):\n" + "\n".join(offences)


def test_the_scan_sees_a_planted_lookup(tmp_path):
    """The guard is not vacuous: a module that looks a fact up by its words is named."""
    planted = tmp_path / "hzdsl"
    (planted / "web").mkdir(parents=True)
    (planted / "web" / "x.py").write_text(
        "def f(program, name):\n    return [k for k, i in program.facts.items() if i.decl.name.text == name]\n"
        "def g(program, key):\n    return program.kind_of(key)\n", encoding="utf-8")
    found = _offences(planted)
    assert [f.split(":")[0:2] for f in found] == [["hzdsl/web/x.py", "2"], ["hzdsl/web/x.py", "4"]]
