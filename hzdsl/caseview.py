"""The caseworker's answer: which benefits to show for a case, in what order, and how to print them.

Default view: benefits for other kinds of applicant are left out (`interview.applicant`); 符合 (and
冲突) first, then 待定 ordered by how little the applicant still has to answer, then one line counting
不符合. The terminal table (and --explain) keeps only the 待定 nearest a decision (`fold_pending`) and
counts the rest in one line; TSV / CSV / JSON and the case page still carry every row.
`show_all` shows everything; `benefits` / `clauses` filters show exactly what they select.
Renderings: a rich table that wraps inside its cells (never `…`), TSV / CSV (data only: a header
row and one row per benefit), JSON; the explanation trees wrap their lines the same way.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from rich.console import Group
from rich.table import Table
from rich.text import Text

from .check.program import Program
from .errors import shown_line
from .cases.run import CaseResult
from .interview.applicant import benefit_kinds, case_kinds, concerns
from .spreadsheet import spreadsheet_safe  # noqa: F401  (also imported from here by tests and scripts)
from .interview.missing import Missing, record_gaps, sort_missing
from .interview.questions import Question
from .linebreak import Wrapped, fit
from .render import STATUS_STYLE, Explainer, amount_text, clause_label, decision_json, note_text, result_json, tree_json

STATUS_ORDER = {"符合": 0, "冲突": 1, "待定": 2, "不符合": 3}
CN_DIGITS = "一二三四五六七八九"


def clause_number(text: str) -> str:
    """'3' / '三' / '（三）' → '三'; '13' → '十三'; '20' → '二十' (clause numbers as the policy writes them)."""
    t = text.strip().strip("（）()")
    if not t.isdigit():
        return t
    v = int(t)
    if v < 10:
        return CN_DIGITS[v - 1] if v else "〇"
    tens, ones = divmod(v, 10)
    return ("" if tens == 1 else CN_DIGITS[tens - 1]) + "十" + (CN_DIGITS[ones - 1] if ones else "")


@dataclass
class CaseView:
    """What to show of one case's result.

    rows: decisions shown, in order; ineligible: 不符合 left out (counted in one line);
    other_kinds: decisions left out because they concern other applicants; kinds: the case's
    applicant kinds (empty: not restricted); inferred: whether kinds came from the facts given.
    """

    result: CaseResult
    rows: list = field(default_factory=list)
    ineligible: list = field(default_factory=list)
    other_kinds: list = field(default_factory=list)
    kinds: frozenset = frozenset()
    inferred: bool = True
    questions: list[Question] = field(default_factory=list)
    other_kind_names: set = field(default_factory=set)
    folded: list = field(default_factory=list)  # 待定 rows the terminal table leaves out (still in rows)

    @property
    def table_rows(self) -> list:
        """The rows the terminal table and --explain show: `rows` less the folded 待定."""
        out = {id(d) for d in self.folded}
        return [d for d in self.rows if id(d) not in out]


# The terminal's 待定, in the order the table already uses: the first PENDING_ALWAYS whatever they need (a
# case far from every decision still sees its nearest rows and what they wait for, never an empty table),
# then those the applicant can settle with at most PENDING_MAX_ASKS answers (a short conversation; 政策待定
# and 参数 are nobody's answer and do not count), PENDING_SHOWN in all (with 符合, about one 24-line screen).
# A fixed count alone would fill the screen with rows waiting for 6–10 facts when few are near; a threshold
# alone would list 30 rows for a case that gives little. The rest is one line (`footer`); 下一步可问 still
# ranks the facts over every 待定.
PENDING_ALWAYS = 3
PENDING_MAX_ASKS = 2
PENDING_SHOWN = 8


def fold_pending(rows: list, case) -> list:
    """The 待定 of `rows` (in their order) that the terminal table folds into one line."""
    shown = 0
    folded = []
    for d in rows:
        if d.status != "待定":
            continue
        if shown < PENDING_ALWAYS or (shown < PENDING_SHOWN and missing_of(d, case).askable <= PENDING_MAX_ASKS):
            shown += 1
        else:
            folded.append(d)
    return folded


def build_view(program: Program, result: CaseResult, show_all: bool = False,
               benefits: list[str] | None = None, clauses: list[str] | None = None,
               applicant: tuple[str, ...] = ()) -> CaseView:
    """Select and order the decisions of one case (see module docstring)."""
    kinds = case_kinds(program, result.case.facts, applicant)
    view = CaseView(result, kinds=kinds, inferred=not applicant)
    bk = benefit_kinds(program)
    wanted_clauses = {clause_number(c) for c in clauses or []}
    filtered = bool(benefits or clauses)
    if benefits:  # one rule for run, screen and diff (check.select: a whole name alone, else every name holding it)
        from .check.select import select

        wanted = set(select(benefits, {k: b.name.text for k, b in program.benefits.items()})[0])
    indexed = list(enumerate(result.decisions))
    for i, d in indexed:
        if filtered:
            if benefits and d.rule.key not in wanted:
                continue
            if wanted_clauses and d.rule.clause not in wanted_clauses:
                continue
            view.rows.append((i, d))
            continue
        if not show_all and not concerns(bk.get(d.rule.key, frozenset()), kinds):
            view.other_kinds.append(d)
            view.other_kind_names |= bk.get(d.rule.key, frozenset())
        elif not show_all and d.status == "不符合":
            view.ineligible.append(d)
        else:
            view.rows.append((i, d))

    def order(item):
        i, d = item
        m = missing_of(d, result.case)
        return (STATUS_ORDER.get(d.status, 9), m.askable, m.open, i)

    view.rows = [d for _, d in sorted(view.rows, key=order)]
    if not show_all and not filtered:  # --all and a selection show everything they select
        view.folded = fold_pending(view.rows, result.case)
    return view


# ── cells ──


def _names(items, bracket: bool = True) -> str:
    return "、".join(f"「{x}」" if bracket else x for x in items)


def needs_lines(m: Missing) -> list[tuple[str, str]]:
    """(label, text) lines for what is missing: 需要 (the applicant's), 政策待定, 参数."""
    out = []
    ask = m.asks()
    if ask:
        out.append(("需要", "、".join(ask)))
    if m.placeholders:
        out.append(("政策待定", "、".join(m.placeholders)))
    if m.params:
        out.append(("参数", "、".join(m.params)))
    return out


def missing_of(d, case=None) -> Missing:
    """Everything still open about a decision: what decides its status and what decides its amount.
    With the case, fields its past claims lack are named record by record (第 1 条历史记录（…）的「金额」)."""
    u = None
    if d.status == "待定" and d.missing is not None:
        u = d.missing
    if d.status != "不符合" and d.amount_unknown is not None and not d.rule.outcome.entitlement:
        u = d.amount_unknown if u is None else u | d.amount_unknown
    gaps = record_gaps(d, case.history, case.facts, case.date) if case is not None and u is not None else ()
    return sort_missing(u, gaps)


def amount_cell(d) -> str:
    """The amount; when it is open, 待定 (the 说明 column says what it waits for)."""
    if d.amount_unknown is None or d.rule.outcome.entitlement or d.status == "不符合":
        return amount_text(d)
    return "待定"


def note_cell(d, case=None) -> list[tuple[str, str]]:
    lines = needs_lines(missing_of(d, case))
    if d.status != "待定":
        text = note_text(d)
        if text:
            lines.insert(0, ("", text))
    return lines


def _note_text(lines: list[tuple[str, str]]) -> Text:
    t = Text(overflow="fold")
    for j, (label, text) in enumerate(lines):
        if j:
            t.append("\n")
        if label:
            t.append(label + "：", style="yellow" if label == "需要" else "cyan")
        t.append(text)
    return t


def table(view: CaseView) -> Table:
    """The decision table. Every column folds long text onto more lines: nothing is cut."""
    t = Table(show_lines=False, expand=False, pad_edge=False, title_justify="left")
    t.add_column("待遇", overflow="fold", min_width=8, ratio=3)
    t.add_column("结论", overflow="fold", no_wrap=False, min_width=4)
    t.add_column("金额", overflow="fold", justify="right", min_width=6, ratio=2)
    t.add_column("说明", overflow="fold", min_width=8, ratio=4)
    for d in view.table_rows:  # cells wrap at Chinese break points: 「（三）」 and 「名称」 are not split
        name = Text(d.rule.name, overflow="fold")
        name.append(clause_label(d.rule.clause), style="dim")
        t.add_row(Wrapped(name), Text(d.status, style=STATUS_STYLE.get(d.status, "")),
                  Wrapped(Text(amount_cell(d), overflow="fold")), Wrapped(_note_text(note_cell(d, view.result.case))))
    return t


def header(view: CaseView) -> Text:
    c = view.result.case
    t = Text(overflow="fold")
    t.append(f"案例：{shown_line(c.name)}（评估日期 {c.date}）", style="bold")  # named after its file: any character
    if view.kinds:
        how = "按案例所给事实的主体推断" if view.inferred else "案例所写"
        t.append(f"\n申请人：{'、'.join(sorted(view.kinds))}（{how}）")
    return t


def folded_text(view: CaseView) -> str:
    return f"另有 {len(view.folded)} 项待定未显示（表中只列最接近确定的几项；加 --all 显示全部）"


def footer(view: CaseView) -> list[Text]:
    out = []
    if view.folded:
        out.append(Text(folded_text(view), style=STATUS_STYLE.get("待定", ""), overflow="fold"))
    if view.ineligible:
        names = "、".join(d.rule.name for d in view.ineligible)
        out.append(Text(f"不符合 {len(view.ineligible)} 项（加 --all 查看原因）：\n{names}", style="red", overflow="fold"))
    if view.other_kinds:
        kinds = sorted(view.other_kind_names)
        out.append(Text(f"另有 {len(view.other_kinds)} 项待遇面向其他申请人，未显示（加 --all 显示，或在案例中写「申请人」）：\n"
                        + "、".join(kinds), style="dim", overflow="fold"))
    return out


def questions_text(questions: list[Question]) -> Text:
    t = Text(overflow="fold")
    t.append("下一步可问（能确定最多待定待遇的事实，依次）：", style="bold")
    for i, q in enumerate(questions, 1):
        who = f"{q.entity}，" if q.entity else ""
        shown = "、".join(q.decides[:4]) + ("等" if len(q.decides) > 4 else "")
        t.append(f"\n {i}. ")
        t.append(f"「{q.name}」" if q.entity else q.name, style="bold yellow")
        t.append(f"（{who}{q.type}）可确定 {len(q.decides)} 项待遇：\n    {shown}")
    return t


def terminal(view: CaseView) -> Group:
    """The case for a terminal: header, table, the lines left out, next questions — every line
    wrapping at Chinese break points (`linebreak.fit`), never cropped."""
    parts = [header(view), table(view), *footer(view)]
    if view.questions:
        parts.append(questions_text(view.questions))
    return fit(Group(*parts))


# ── data renderings ──

COLUMNS = ["案例", "待遇", "条款", "结论", "金额", "需要", "政策待定", "参数", "说明"]


def data_rows(view: CaseView, shown: list | None = None) -> list[list[str]]:
    """One row per decision of `shown` (default: every row of the view, folded 待定 too — data is not folded)."""
    rows = []
    for d in view.rows if shown is None else shown:
        m = missing_of(d, view.result.case)
        ask = m.asks()
        note = "" if d.status == "待定" else note_text(d)
        rows.append([view.result.case.name, d.rule.name, d.rule.clause, d.status, amount_cell(d),
                     "、".join(ask), "、".join(m.placeholders), "、".join(m.params), note])
    return rows


def delimited(views: list[CaseView], delimiter: str) -> str:
    """TSV or CSV: one header row, one row per benefit shown; data only (no comment lines).
    Cells that a spreadsheet would read as a formula are prefixed with ' (spreadsheet_safe)."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    w.writerow(COLUMNS)
    for v in views:
        w.writerows([[spreadsheet_safe(c) for c in row] for row in data_rows(v)])
    return buf.getvalue()


def view_json(program: Program, view: CaseView, explain: bool = False) -> dict:
    """The case as JSON: every decision (or those the filters select), the applicant and the next questions.
    With `explain` (the result evaluated with explain=True) each 待遇 also has its 解释 tree (render.tree_json)."""
    out = result_json(view.result)
    bk = benefit_kinds(program)
    selected = view.rows + view.ineligible + view.other_kinds
    keep = {id(d) for d in selected}
    ex = Explainer(program, view.result.record or {}) if explain else None
    out["待遇"] = [{**decision_json(d), "申请主体": sorted(bk.get(d.rule.key, ())),
                  **_needs_json(d, view.result.case),
                  **({"解释": tree_json(ex.benefit(d))} if ex else {})}
                 for d in view.result.decisions if id(d) in keep]
    out["申请人"] = sorted(view.kinds)
    out["下一步问题"] = [q.to_json() for q in view.questions]
    return out


def _needs_json(d, case) -> dict:
    """需要: what the applicant still has to answer for a decision, worded as the table's 需要 line
    (facts, then fields of given past claims record by record, then 历史申领记录)."""
    asks = missing_of(d, case).asks()
    return {"需要": asks} if asks else {}


def case_view(program: Program, result: CaseResult, show_all: bool = False, benefits: list[str] | None = None,
              clauses: list[str] | None = None, questions: int = 5,
              applicant: tuple[str, ...] | None = None) -> CaseView:
    """The caseworker's view of one evaluated case, with up to `questions` next questions — what
    `hzdsl run` shows and `hzdsl serve`'s /api/run and case page return (one function, so they cannot
    drift). `applicant` overrides the case's 申请人 (the case page's choice of kind)."""
    from .interview.questions import next_questions
    from .runtime.evaluate import evaluator_for

    c = result.case
    v = build_view(program, result, show_all=show_all, benefits=benefits, clauses=clauses,
                   applicant=c.applicant if applicant is None else applicant)
    if questions > 0:
        shown = v.rows if not show_all else [d for d in v.rows if d not in v.other_kinds]
        v.questions = next_questions(program, evaluator_for(program), c.date, c.facts, c.params, c.history,
                                     shown, limit=questions)
    return v
