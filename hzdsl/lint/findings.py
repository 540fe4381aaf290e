"""A lint finding: code, message, location, hint, witness; and the table of lint codes."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..codes import message
from ..errors import Diagnostic, Span

# W601 (a fact no rule refers to) and W603 (a lookup missing values of its enumeration) are the
# checker's own warnings; lint lists them with its findings so that they can be silenced alike.
CHECKER_CODES = {"W601": "事实已声明但没有被使用", "W603": "查表没有覆盖全部取值"}
# W650–W699: findings (warnings); E970–E979: errors of lint itself (see docs/诊断代码.md)
SOLVER_CODES = {
    "W650": "待遇的条件永远不会成立（死规则）",
    "W651": "待遇的条件永远不会不成立（恒成立）",
    "W652": "例外在待遇符合时永远不会适用（死规则）",
    "W653": "例外的条件永远不会不成立（恒适用，基本给付不会被用到）",
    "W654": "同一待遇的两条例外可能同时适用且给付不同（可能冲突）",
    "W655": "给付金额可能为负",
    "W656": "给付金额可能超过自身的上限",
    "W657": "保底金额可能高于上限",
    "W659": "限制永远不会起作用",
    "W660": "事实未被任何待遇用到",
    "W661": "术语未被任何待遇用到",
    "W662": "参数未被任何待遇用到",
    "W663": "忽略注释没有对应的发现",
    "W664": "未能在时限内完成判断",
}
CODES = {**CHECKER_CODES, **SOLVER_CODES}
STATIC_CODES = {"W601", "W603", "W660", "W661", "W662"}


@dataclass
class Finding:
    """One lint finding. `witness` is a runnable case (YAML-ready dict) that shows it, when there is
    one; it has been run through the scalar engine (`verified`)."""

    code: str
    message: str
    span: Span
    hint: str = ""
    witness: dict | None = None
    verified: bool = False
    silenced: str | None = None  # the reason given in the 忽略 comment
    subject: str = ""  # the declaration the finding is about, e.g. 待遇「…」

    @classmethod
    def of(cls, code: str, span: Span, hint: str = "", /, subject: str = "", form: str = "", **fields) -> "Finding":
        """A finding in the registry wording of `code` (hzdsl.codes: its template or `form`, filled with `fields`)."""
        return cls(code, message(code, form, **fields), span, hint, subject=subject)

    def diagnostic(self) -> Diagnostic:
        return Diagnostic(self.code, self.message, self.span, self.hint, severity="警告")

    def to_json(self) -> dict:
        d = self.diagnostic().to_json()
        d.update({"subject": self.subject, "witness": self.witness, "witness_verified": self.verified,
                  "silenced": self.silenced})
        return d


@dataclass
class LintResult:
    findings: list[Finding] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)  # E970–E979: malformed 忽略 comments …
    seconds: float = 0.0

    @property
    def open(self) -> list[Finding]:
        return [f for f in self.findings if f.silenced is None]

    @property
    def failing(self) -> list[Finding]:
        """Open findings that fail `hzdsl lint`: all but W664 (out of time), unless strict."""
        return [f for f in self.open if f.code != "W664"]

    @property
    def silenced(self) -> list[Finding]:
        return [f for f in self.findings if f.silenced is not None]
