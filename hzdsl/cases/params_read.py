"""Which parameters the benefits a command reports read, and W929 for the others a given parameter file sets.

# 读法（robust s22 for screen, polish s22 for run）：命令所报告的待遇（screen 的 --benefit；run 的 --benefit/--clause；
# 都没有时为全部待遇）都不读的参数，命令行参数文件中它的值不用，也不按评估日期检查（不报 E711）——它不改变所报告的
# 任何结论；说一次（W929，指在参数文件中那一行），因为参数名写对了却没有待遇读它，多半是选错了待遇或参数文件。
"""
from __future__ import annotations

from collections.abc import Iterable

from ..check.program import Program
from ..errors import Diagnostic, Span
from ..ir import ir_of


def params_read(program: Program, benefits: Iterable[str] | None) -> frozenset[str]:
    """The parameters the benefits `benefits` (keys; None: every benefit) read — through terms, exceptions and
    limits (the IR's dependency analysis)."""
    prog = ir_of(program)
    keys = list(prog.benefits) if benefits is None else list(benefits)
    return frozenset().union(*(prog.deps[k].params for k in keys))


# how the W929 message and hint name what the command does with the benefits it reports
VERBS = {"screen": ("", "筛查"), "run": ("run", "显示")}


def unread_warnings(program: Program, path: str, spans: dict[str, Span], keys: Iterable[str],
                    verb: str = "screen") -> list[Diagnostic]:
    """W929 for each parameter `keys` (declared, set by the file `path`, read by none of the reported benefits), at
    its name in the file (`spans`: key → span), with the benefits that do read it in the hint."""
    prog = ir_of(program)
    form, doing = VERBS[verb]
    out = []
    for key in keys:
        readers = [prog.benefits[b].name for b in prog.users_of(key) if b in prog.benefits]
        more = f"等 {len(readers)} 项" if len(readers) > 3 else ""
        hint = (f"读它的待遇：{'、'.join(f'「{r}」' for r in readers[:3])}{more}"
                f"；{doing}它们时才用到这个值，只{doing}其他待遇时可不理会" if readers else
                "政策中没有待遇读这个参数；可从参数文件中删去这一项")
        out.append(Diagnostic.of("W929", spans.get(key, Span(str(path), 1, 1, 1, 1)), hint, form=form,
                                 name=program.params[key].decl.name.text))
    return out
