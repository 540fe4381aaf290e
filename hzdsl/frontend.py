"""The front end from memory: policy texts in, a checked program and its diagnostics out.

`check_sources({path: text}, official_text)` parses and checks without touching the disk, so an
editor can check unsaved buffers and `diff` can check a git revision; `hzdsl.loader` is the thin
wrapper that reads files and calls it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .check.checker import check_modules
from .check.program import Program
from .errors import Diagnostic, Sources
from .source import OfficialText, official_from_text
from .syntax.build import parse_module
from .syntax.normalize import unify_line_ends


@dataclass
class Loaded:
    """A checked program with every diagnostic (syntax, check, reading) and the texts they quote."""

    program: Program
    diagnostics: list[Diagnostic]
    sources: Sources
    files: list[str]
    # policy files read only as context (`hzdsl check policies/c03.policy` reads its folder's other
    # files so names declared there resolve); their own diagnostics are left out, counted here
    context: list[str] = field(default_factory=list)
    context_errors: int = 0

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def ir(self):
        """The program's IR (`hzdsl.ir.IRProgram`, built on first use, cached on the program).

        Imported here, not at the top: `hzdsl check` never needs the IR, and importing its node
        classes is a measurable part of a cold start."""
        from .ir import ir_of

        return ir_of(self.program)


def check_sources(texts: dict[str, str | Diagnostic], official_text: str | OfficialText | None,
                  official_path: str = "official.txt", parse=parse_module) -> Loaded:
    """Parse and check `texts` ({file name: policy text}, in the given order) against the official text.

    `official_text` is the text of official.txt (or an already built `OfficialText`); None skips
    the quote check. File names are used only in spans and messages. A value that is a
    `Diagnostic` instead of a text marks a file the caller could not read (the disk loader's
    refusals): it is reported in file order and not parsed. Never raises on bad input: every
    problem is a diagnostic in the result. `parse(text, path) -> (Module, diagnostics)` is
    `parse_module` unless the caller reuses parses of unchanged files (the language server does).
    """
    sources = Sources()
    modules = []
    diags: list[Diagnostic] = []
    for path, text in texts.items():
        if isinstance(text, Diagnostic):
            diags.append(text)
            continue
        text = unify_line_ends(text)  # an editor buffer or a git blob reads like a file (read_text)
        sources.add(path, text)
        module, syntax = parse(text, path)
        modules.append(module)
        diags.extend(syntax)
    official = official_text
    if isinstance(official_text, str):
        official = official_from_text(official_text, official_path)
    program, check_diags = check_modules(modules, official)
    diags.extend(check_diags)
    return Loaded(program, diags, sources, list(texts))
