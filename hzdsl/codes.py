"""The diagnostics registry: every code hzdsl reports, once, with what it means.

Each entry: the code, its severity, its category (an *input* error — a file or case that cannot
be used — makes a verb exit 2; a *finding* — something wrong in the policies — exits 1), the title
of its section in docs/诊断代码.md (its docs anchor is derived from it), and, for codes with one
fixed wording, a message template (`str.format` fields; `Diagnostic.of` fills it).

To add a code: append ONE line below in your range (see TEAM.md), then a section
`### CODE title` in docs/诊断代码.md — tests/test_codes.py checks the two agree and that every
code used in the source is registered.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from .kinds import Severity


class Category(StrEnum):
    """Which exit code a diagnostic leads to when it stops a verb."""

    INPUT = "input"  # unreadable / invalid file or case, usage: exit 2
    FINDING = "finding"  # a problem found in the policies: exit 1


EXIT_CODE = {Category.INPUT: 2, Category.FINDING: 1}
DOCS_PAGE = "docs/诊断代码.md"


@dataclass(frozen=True)
class Code:
    """One diagnostic code: severity, category, docs title and (optional) message template."""

    code: str
    severity: Severity
    category: Category
    title: str
    template: str = ""

    @property
    def anchor(self) -> str:
        """The docs link of this code's section (GitHub-style heading anchor)."""
        slug = re.sub(r"[^\w\- ]", "", f"{self.code} {self.title}".lower()).replace(" ", "-")
        return f"{DOCS_PAGE}#{slug}"

    @property
    def exit_code(self) -> int:
        return EXIT_CODE[self.category]


E, W = Severity.ERROR, Severity.WARNING
INPUT, FINDING = Category.INPUT, Category.FINDING

_ENTRIES = (
    # ── E0 reading files and resource limits (input errors) ──
    Code("E001", E, INPUT, "找不到文件或目录"),
    Code("E002", E, INPUT, "不是 UTF-8 文本"),
    Code("E003", E, INPUT, "文件过大", "{what}过大（{kb} KB，上限 {limit_kb} KB）：{name}"),
    Code("E010", E, INPUT, "无法读取文件"),
    Code("E011", E, INPUT, "无法写入文件"),
    Code("E020", E, INPUT, "表达式嵌套过深",
         "这条声明的表达式嵌套过深（超过 {depth} 层），超出 hzdsl 的处理上限"),
    # ── E1 syntax ──
    Code("E101", E, FINDING, "语法错误：此处不应出现某个词"),
    Code("E102", E, FINDING, "无法识别的字符"),
    Code("E103", E, FINDING, "声明不完整或括号没有闭合"),
    Code("E104", E, FINDING, "数字过长", "数字过长（{digits} 位，上限 {limit} 位）"),
    Code("E105", E, FINDING, "术语层层引用过深",
         "「{name}」展开所引用的术语后嵌套 {depth} 层，超过上限 {limit} 层"),
    # ── E2 names ──
    Code("E201", E, FINDING, "未定义的名称"),
    Code("E202", E, FINDING, "重复定义"),
    Code("E203", E, FINDING, "术语循环定义", "术语循环定义：{cycle}"),
    Code("E204", E, FINDING, "在条件中引用了待遇", "「{name}」是待遇，不能在条件或公式中引用"),
    Code("E205", E, FINDING, "规则不在条款之下", "规则必须写在某个「条款」之下"),
    Code("E206", E, FINDING, "日期不存在"),
    Code("E207", E, FINDING, "看不见的字符"),
    Code("E210", E, FINDING, "规则写的数不在引文中"),
    # ── E3 types and units ──
    Code("E301", E, FINDING, "类型不符"),
    Code("E302", E, FINDING, "单位不一致"),
    Code("E303", E, FINDING, "不认识的单位"),
    Code("E304", E, FINDING, "不是可选的取值", "“{value}”不是可选的取值"),
    Code("E305", E, FINDING, "下限高于上限"),
    Code("E306", E, FINDING, "金钱待遇的金额不以元计"),
    # ── E4 quotes ──
    Code("E401", E, FINDING, "引文与原文不符"),
    Code("E403", E, FINDING, "原文与记录不符"),
    Code("E404", E, FINDING, "原文记录无法读取"),
    # ── E5 limits ──
    Code("E502", E, FINDING, "限制不是上限", "限制只能是上限（不超过），不能用「{word}」"),
    # ── E7 case files (input errors) ──
    Code("E700", E, INPUT, "YAML 格式错误"),
    Code("E701", E, INPUT, "结构不对"),
    Code("E702", E, INPUT, "没有这一项"),
    Code("E703", E, INPUT, "缺少评估日期"),
    Code("E704", E, INPUT, "无法识别的日期"),
    Code("E705", E, INPUT, "值的写法不对"),
    Code("E706", E, INPUT, "单位缺失或不符"),
    Code("E707", E, INPUT, "不在可选范围内"),
    Code("E708", E, INPUT, "未声明的事实或参数"),
    Code("E709", E, INPUT, "重复给出"),
    Code("E710", E, INPUT, "按日期生效的参数缺少「起始」或「值」"),
    Code("E711", E, INPUT, "参数在评估日期没有生效的值"),
    Code("E712", E, INPUT, "历史记录缺少「待遇」或「日期」"),
    Code("E713", E, INPUT, "待遇未定义"),
    Code("E714", E, INPUT, "结论写法不对"),
    Code("E715", E, INPUT, "案例没有写预期"),
    Code("E716", E, INPUT, "申领人写法不对"),
    Code("E717", E, INPUT, "参数在同一起始日期有两个值"),
    Code("E718", E, INPUT, "预期没有可比较的项", "「{benefit}」的预期没有可比较的项"),
    Code("E719", E, INPUT, "案例中有看不见的字符"),
    Code("E720", E, INPUT, "历史记录晚于评估日期"),
    Code("E721", E, INPUT, "申领历史晚于申请人的评估日期"),
    Code("E722", E, INPUT, "事实与蕴含矛盾"),
    Code("E723", E, INPUT, "人群文件中有事实与蕴含矛盾"),
    Code("E730", E, INPUT, "计数不是整数"),
    Code("E731", E, INPUT, "值不能为负"),
    Code("E750", E, INPUT, "案例文件嵌套过深"),
    Code("E751", E, INPUT, "别名展开过大"),
    Code("E752", E, INPUT, "无法表示的字符"),
    # ── E900–E939 population screening (hzdsl screen; SQL back-end) ──
    Code("E900", E, INPUT, "规则无法编译为 SQL"),
    Code("E901", E, INPUT, "数值超过 SQL 精度"),
    Code("E902", E, INPUT, "除法无法精确编译"),
    Code("E903", E, INPUT, "限制的字段无法编译"),
    Code("E910", E, INPUT, "无法读取人群文件"),
    Code("E911", E, INPUT, "人群文件的列不对"),
    Code("E912", E, INPUT, "人群文件中的值不合类型"),
    Code("E913", E, INPUT, "申领历史文件不对"),
    Code("E914", E, INPUT, "结果文件的路径不对"),
    Code("E915", E, INPUT, "合成人群的人数超出范围"),
    Code("E916", E, INPUT, "人群或申领历史的值中有看不见的字符"),
    Code("E917", E, INPUT, "无法使用 Spark 集群", "无法使用 Spark 集群「{master}」：{why}"),
    Code("E918", E, INPUT, "筛查计算超出数值精度",
         "编号「{ident}」的「{benefit}」：计算中的数值超出筛查的精度范围（整数部分最多 10 位，DECIMAL(18, 8)），得不出结论与金额"),
    # ── E8 ux: applicant, parameter files (input errors), implications (a finding) ──
    Code("E800", E, INPUT, "申请人写法不对"),
    Code("E801", E, INPUT, "参数文件无法读取或格式不对"),
    Code("E802", E, FINDING, "蕴含写法不对"),
    Code("E803", E, INPUT, "把政策文件当作案例文件"),
    Code("E804", E, INPUT, "把案例文件当作政策文件"),
    Code("E805", E, INPUT, "不是普通文件"),
    Code("E806", E, INPUT, "输出路径不可用"),
    Code("E807", E, INPUT, "筛选没有选中任何待遇"),
    # ── W6 warnings ──
    Code("W601", W, FINDING, "事实已声明但没有被使用", "事实「{name}」已声明但没有被任何规则使用"),
    Code("W603", W, FINDING, "查表没有覆盖全部取值"),
    Code("W604", W, FINDING, "金额可能为负"),
    Code("W605", W, FINDING, "引文出自别的条款"),
    Code("W606", W, FINDING, "引文太短，出处不明"),
    Code("W607", W, FINDING, "读法用不上"),
    Code("W620", W, FINDING, "只读了部分政策文件"),
    # ── E95 web: hzdsl render / serve (input errors) ──
    Code("E950", E, INPUT, "输出目录不可用"),
    Code("E951", E, INPUT, "缺少网页组件"),
    Code("E952", E, INPUT, "请求体过大"),
    Code("E953", E, INPUT, "请求类型不支持"),
    Code("E954", E, INPUT, "请求体不是 UTF-8"),
    Code("E955", E, INPUT, "无法监听地址"),
    Code("E956", E, INPUT, "提交的案例引用了服务器上的文件"),
    Code("E957", E, INPUT, "接口没有这个地址"),
    Code("E958", E, INPUT, "接口地址不接受这种请求方法"),
    # ── W650–W699 lint findings (hzdsl lint; solver-backed ones with witness cases) ──
    Code("W650", W, FINDING, "待遇的条件永远不会成立"),
    Code("W651", W, FINDING, "待遇的条件恒成立"),
    Code("W652", W, FINDING, "例外永远不会适用"),
    Code("W653", W, FINDING, "例外的条件恒成立"),
    Code("W654", W, FINDING, "两条例外可能冲突"),
    Code("W655", W, FINDING, "给付金额可能为负"),
    Code("W656", W, FINDING, "给付可能超过自身的上限"),
    Code("W657", W, FINDING, "保底可能高于上限"),
    Code("W659", W, FINDING, "限制永远不会起作用"),
    Code("W660", W, FINDING, "事实未被任何待遇用到"),
    Code("W661", W, FINDING, "术语未被任何待遇用到"),
    Code("W662", W, FINDING, "参数未被任何待遇用到"),
    Code("W663", W, FINDING, "忽略注释没有对应的发现"),
    Code("W664", W, FINDING, "未能在时限内判定"),
    # ── E970–E979 lint's own errors ──
    Code("E970", E, FINDING, "忽略注释缺少理由"),
    Code("E971", E, FINDING, "忽略注释中的代码不是 lint 警告"),
    Code("E972", E, FINDING, "忽略注释后面没有声明"),
    Code("E973", E, FINDING, "求解器编码与解释器不一致"),
)


def _index(entries) -> dict[str, Code]:
    out: dict[str, Code] = {}
    for c in entries:
        if c.code in out:
            raise ValueError(f"diagnostic code {c.code} registered twice")
        out[c.code] = c
    return out


REGISTRY: dict[str, Code] = _index(_ENTRIES)


def lookup(code: str) -> Code | None:
    """The registry entry of `code` (None for a code not registered — tests/test_codes.py forbids that)."""
    return REGISTRY.get(code)


def input_codes() -> frozenset[str]:
    """Codes whose category is INPUT (exit 2)."""
    return frozenset(c.code for c in REGISTRY.values() if c.category == Category.INPUT)
