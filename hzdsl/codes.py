"""The diagnostics registry: every code hzdsl reports, once, with what it means.

Each entry: the code, its severity, its category (an *input* error — a file or case that cannot
be used — makes a verb exit 2; a *finding* — something wrong in the policies — exits 1), the title
of its section in docs/诊断代码.md (its docs anchor is derived from it), and its message template
(`str.format` fields; `Diagnostic.of(code, span, hint, **fields)` fills it). A code reported in
differently built sentences that all mean the one thing the title says has named `forms`
(`Diagnostic.of(code, span, form="…", **fields)`); a sentence that means something else is another
code. No call site words a message by hand (tests/test_codes.py reads every call with `ast`).

To add a code: append ONE line below in your range (see TEAM.md), then a section
`### CODE title` in docs/诊断代码.md — tests/test_codes.py checks the two agree and that every
code used in the source is registered.
"""
from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
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
    forms: Mapping[str, str] = field(default_factory=dict, compare=False)

    def wording(self, form: str = "") -> str:
        """The template of `form` ("" = the code's main template); KeyError for a form not registered."""
        if not form:
            return self.template
        return self.forms[form]

    def fields(self, form: str = "") -> frozenset[str]:
        """The field names the template of `form` needs."""
        return frozenset(f for _, f, _, _ in string.Formatter().parse(self.wording(form)) if f)

    def message(self, form: str = "", **fields) -> str:
        """The message: the template of `form` filled with `fields` (exactly its fields, no more)."""
        extra = set(fields) - self.fields(form)
        if extra:
            raise TypeError(f"{self.code}{'/' + form if form else ''}: 模板没有这些字段：{sorted(extra)}")
        return self.wording(form).format(**fields)

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
    Code("E001", E, INPUT, "找不到文件或目录",
         "找不到{what}：{name}", forms={
             "is_dir": "{name} 是目录，这里需要一个{what}",
             "no_policy_files_in": "目录 {path} 中没有 .policy 文件",
             "no_policy_files": "没有找到 .policy 文件",
             "no_case_folders": "当前目录下没有 tests/cases 或 examples 目录，找不到案例",
             "revision_unlisted": "无法列出版本 {rev} 中的 {folder}：{reason}",
             "no_policy_files_in_revision": "版本 {rev} 中的 {folder} 下没有 .policy 文件",
             "not_path_nor_revision": "「{spec}」既不是文件或目录，也不是 git 版本",
             "empty_official": "原文 {name} 是空的",
         }),
    Code("E002", E, INPUT, "不是 UTF-8 文本",
         "{name} 是二进制文件，不是文本", forms={
             "not_utf8": "{name} 不是 UTF-8 编码（第 {byte} 字节）",
         }),
    Code("E003", E, INPUT, "文件过大",
         "{what}过大（{kb} KB，上限 {limit_kb} KB）：{name}", forms={
             "not_regular": "{what}过大（超过上限 {limit_kb} KB，不是普通文件）：{name}",
         }),
    Code("E010", E, INPUT, "无法读取文件",
         "无法读取{what}：{name}（{reason}）", forms={
             "revision": "无法读取版本 {rev} 中的 {rel}：{reason}",
         }),
    Code("E011", E, INPUT, "无法写入文件", "无法写入 {path}（{reason}），文件未改动"),
    Code("E020", E, INPUT, "表达式嵌套过深", "这条声明的表达式嵌套过深（超过 {depth} 层），超出 hzdsl 的处理上限"),
    # ── E1 syntax ──
    Code("E101", E, FINDING, "语法错误：此处不应出现某个词",
         "语法错误：此处不应出现「{token}」，期望：{expected}", forms={
             "comma": "语法错误：条件之间不能用「，」连接（逗号后只能是「… 除外」）",
             "parser": "语法错误：{reason}",
         }),
    Code("E102", E, FINDING, "无法识别的字符",
         "无法识别「{ch}」，此处期望：{allowed}", forms={
             "bare": "无法识别「{ch}」",
         }),
    Code("E103", E, FINDING, "声明不完整或括号没有闭合",
         "{ch} 没有闭合：在下一个 {ch} 之前缺少 {closer}", forms={
             "unclosed": "{ch} 没有闭合",
             "no_end": "声明缺少结尾的「。」",
             "incomplete": "声明不完整",
             "incomplete_expected": "声明不完整，此处期望：{expected}",
         }),
    Code("E104", E, FINDING, "数字过长", "数字过长（{digits} 位，上限 {limit} 位）"),
    Code("E105", E, FINDING, "术语层层引用过深", "「{name}」展开所引用的术语后嵌套 {depth} 层，超过上限 {limit} 层"),
    Code("E106", E, FINDING, "限制的写法无法识别", "限制写作「{words} …」，不是已知的任何一种限制"),
    Code("E110", E, FINDING, "集合的取值含有分隔符",
         "集合的取值“{member}”含有分隔符 {seps}：人群文件的格子按它们拆分成员，写不出这个取值"),
    # ── E2 names ──
    Code("E201", E, FINDING, "未定义的名称",
         "未定义的名称「{name}」", forms={
             "implied": "蕴含的事实「{target}」未声明",
             "benefit": "{what}的待遇「{name}」未定义",
             "field": "{what}的字段「{name}」不是已声明的事实",
         }),
    Code("E202", E, FINDING, "重复定义",
         "名称「{name}」重复定义", forms={
             "clause": "条款 {number} 重复声明：它已在 {first_file} 中声明",
             "lookup_key": "查表的键 {key} 重复",
             "part": "部分 {number} 重复声明",
             "kind": "名称「{name}」重复定义（{kind}）",
         }),
    Code("E203", E, FINDING, "术语循环定义", "术语循环定义：{cycle}"),
    Code("E204", E, FINDING, "在条件中引用了待遇", "「{name}」是待遇，不能在条件或公式中引用"),
    Code("E205", E, FINDING, "规则不在条款之下", "规则必须写在某个「条款」之下"),
    Code("E206", E, FINDING, "日期不存在",
         "日期不存在：{text}，年份 {year} 不存在（应在 {low} 至 {high} 之间）", forms={
             "month": "日期不存在：{text}，没有 {month} 月",
             "day": "日期不存在：{text}，没有 {day} 日：{year} 年 {month} 月只有 {last} 天",
             "day_of_any_month": "日期不存在：{text}，没有 {day} 日：一个月最多 31 天",
         }),
    Code("E207", E, FINDING, "看不见的字符", "{what}中有看不见的字符 {char}"),
    Code("E208", E, FINDING, "名称为空", "名称是空的"),
    Code("E210", E, FINDING, "规则写的数不在引文中",
         "「{name}」写的 {literal} 不在它所依据的引文中：{cited}", forms={
             "other_unit": "「{name}」写的 {literal} 不在它所依据的引文中（引文中是 {number} {unit}，单位不同）：{cited}",
         }),
    # ── E220–E229 上限 (per-fact upper bounds) ──
    Code("E220", E, FINDING, "上限只用于数量", "「{name}」是{type}类型，不能写上限"),
    Code("E221", E, FINDING, "上限的单位不能换算", "「{name}」的上限 {bound} 不能换算为声明的单位（{unit}）", forms={
        "bare": "「{name}」的上限 {bound} 没有写单位：比率的上限写 {unit}，不带单位的数看不出是小数还是已按 {unit} 计",
    }),
    Code("E222", E, FINDING, "计数或序数的上限不是整数", "「{name}」是{type}，上限 {bound} 不是整数"),
    Code("E223", E, FINDING, "取值超过上限", "「{name}」的取值 {choice} 超过它的上限 {bound}"),
    Code("E224", E, FINDING, "上限低于类型的下限", "「{name}」的上限 {bound} 低于{type}类型的下限 0"),
    # ── E3 types and units ──
    Code("E301", E, FINDING, "类型不符",
         "{what}应是成立/不成立的判断，这里是{actual}", forms={
             "no_unit": "类型「{type}」不带单位",
             "choice_text": "枚举或集合的取值要写成“文本”",
             "choice_quantity": "数量类型的取值要写成数量，如 5 万元",
             "no_choices": "类型「{type}」不能列举取值",
             "needs_choices": "{type}类型的事实要用「取值」列出全部可能的值",
             "payout": "待遇「{name}」的金额应是数量，这里是{actual}",
             "arithmetic": "「{op}」两边应是数量，这里有{actual}",
             "negation": "负号只能用于数量，这里是{actual}",
             "function_argument": "{func}的参数应是数量，这里是{actual}",
             "text_literal": "不能把文本“{literal}”与{actual}比较",
             "text_after_word": "「{word}」后的文本只能与枚举或文本比较，这里是{left}",
             "enum_word": "枚举只能用「是」「不是」比较，不能用「{word}」",
             "compare": "不能比较{left}与{right}",
             "compare_word": "{left}不能用「{word}」比较",
             "is_only": "{left}只能用「是」「不是」比较",
             "between": "「在 … 至 … 之间」只能用于数量或日期",
             "member_of_set": "集合要用「包含」判断，不用「属于」",
             "contains": "「包含」只能用于集合，这里是{actual}",
             "branches": "各分支的值类型不一致：{left} 与 {right}",
         }),
    Code("E302", E, FINDING, "单位不一致",
         "单位不一致：{left_unit} 与 {right_unit}", forms={
             "choice": "取值 {choice} 的单位与声明的「{unit}」不符",
             "count_limit": "次数限制的单位应为「次」，这里是「{unit}」",
             "amount_limit": "金额限制的单位应为「元」或「万元」，这里是「{unit}」（{bound_unit}）",
             "field_limit": "「{field}」的单位是 {field_unit}，上限是 {bound_unit}",
             "modifier": "「{word}」的单位（{modifier_unit}）与金额的单位（{amount_unit}）不一致",
             "duration": "期限应是时长，这里是 {modifier_unit}",
             "arithmetic": "单位不一致：{left_unit} {op} {right_unit}",
             "excess": "单位不一致：{left_unit} 超出 {right_unit}",
             "function_arguments": "{func}的各参数单位不一致",
             "branches": "各分支的值类型不一致：{left} 与 {right}",
             "compare": "单位不一致：{left_unit} 与 {right_unit} 不能比较",
             "between": "「在 … 至 … 之间」三者单位不一致",
         }),
    Code("E303", E, FINDING, "不认识的单位", "不认识的单位「{unit}」"),
    Code("E304", E, FINDING, "不是可选的取值", "“{value}”不是可选的取值"),
    Code("E305", E, FINDING, "下限高于上限", "「{name}」的下限 {floor} 高于上限 {cap}，金额无法同时满足"),
    Code("E306", E, FINDING, "金钱待遇的金额不以元计", "「{name}」是{kind}，金额应以元计，这里是 {unit}"),
    # ── E4 quotes ──
    Code("E401", E, FINDING, "引文与原文不符",
         "引文在原文中找不到", forms={
             "empty": "引文为空",
             "character": "引文第 {which} 个字与原文不符：此处写的是「{written}」，原文（第 {line} 行）是「{actual}」",
             "from_character": "引文自第 {pos} 个字起与原文不符：此处写的是「{written}」，原文（第 {line} 行）是「{actual}」",
         }),
    Code("E403", E, FINDING, "原文与记录不符", "原文 {name} 与 {date} 的记录不符（来源：{source}）"),
    Code("E404", E, FINDING, "原文记录无法读取",
         "原文记录 {name} 无法读取：{reason}", forms={
             "missing": "原文记录 {name} 缺少：{missing}",
         }),
    # ── E5 limits ──
    Code("E502", E, FINDING, "限制不是上限", "限制只能是上限（不超过），不能用「{word}」"),
    # ── E7 case files (input errors) ──
    Code("E700", E, INPUT, "YAML 格式错误",
         "YAML 格式错误：{problem}", forms={
             "in": "YAML 格式错误：{problem}（位于第 {line} 行第 {col} 列{where}中）",
             "unknown": "YAML 格式错误：无法解析此处（PyYAML：{problem}）",
             "unknown_in": "YAML 格式错误：无法解析此处（PyYAML：{problem}）（位于第 {line} 行第 {col} 列{where}中）",
             "character": "YAML 格式错误：此处有 YAML 不允许的{name}（U+{codepoint:04X}）",
             "full_width_colon": "YAML 格式错误：第 {line} 行「{key}」后是全角冒号「：」",
         }),
    Code("E701", E, INPUT, "结构不对",
         "{what}应是“键: 值”的映射", forms={
             "scalar": "{what}应是单个值",
             "cases_list": "「案例」应是列表，每项一个案例",
             "history_list": "「历史」应是列表，每项一次过去的申领；没有则写 []",
             "pending_list": "「待定事实」应是列表",
             "empty_file": "案例文件是空的",
             "no_cases": "文件中没有案例",
         }),
    Code("E702", E, INPUT, "没有这一项", "{what}中没有「{key}」这一项"),
    Code("E703", E, INPUT, "缺少评估日期", "案例缺少「评估日期」"),
    Code("E704", E, INPUT, "无法识别的日期", "无法识别的日期「{text}」", forms={"no_such_day": "日期「{text}」不存在"}),
    Code("E705", E, INPUT, "值的写法不对",
         "「{name}」的值「{text}」不是数量", forms={
             "digits": "「{name}」的值有 {digits} 位数字，超过上限 {limit} 位",
             "boolean": "「{name}」应是 是/否，这里是「{text}」",
             "list": "「{name}」应是列表，如 [高校毕业生, 就业困难人员]",
             "amount": "金额「{text}」不是数量",
             "amount_digits": "金额有 {digits} 位数字，超过上限 {limit} 位",
             "exponent": "「{name}」的值「{text}」是科学计数法",
             "amount_exponent": "金额「{text}」是科学计数法",
         }),
    Code("E706", E, INPUT, "单位缺失或不符",
         "「{name}」的值「{text}」缺少单位", forms={
             "reason": "「{name}」的值「{text}」：{reason}",
             "unit": "「{name}」的单位应是 {unit}（{unit_dim}），这里写的是「{unit_text}」（{written_unit}）",
             "amount_reason": "金额「{text}」：{reason}",
             "amount_unit": "「{name}」的金额以 {shown} 计，这里写的是「{text}」（{bound_unit}）",
         }),
    Code("E707", E, INPUT, "不在可选范围内",
         "「{name}」的值不在可选范围内", forms={
             "choice": "「{name}」没有“{text}”这个取值",
         }),
    Code("E708", E, INPUT, "未声明的事实或参数",
         "未声明的事实「{name}」", forms={
             "not_fact": "「{name}」是{kind}，不是事实，不能在案例中直接给出",
             "param": "未声明的参数「{name}」",
             "history_field": "历史记录中未声明的字段「{field}」",
             "pending": "待定事实中的「{name}」未声明",
             "pending_not_fact": "待定事实中的「{name}」是{kind}，不是事实",
         }),
    Code("E709", E, INPUT, "重复给出", "{what}中「{key}」重复出现（第一次在第 {first_line} 行第 {first_col} 列）"),
    Code("E710", E, INPUT, "按日期生效的参数缺少「起始」或「值」", "参数「{name}」的每一项要有「起始」和「值」"),
    Code("E711", E, INPUT, "参数在评估日期没有生效的值",
         "参数「{name}」在评估日期 {date} 没有生效的值", forms={
             "ended": "参数「{name}」在评估日期 {date} 没有生效的值（最近一项已于 {until} 截止）",
             "screen": "参数「{name}」在{where}没有生效的值（参数文件中没有哪一项在当天生效）",
         }),
    Code("E712", E, INPUT, "历史记录缺少「待遇」或「日期」", "历史记录要有「待遇」和「日期」"),
    Code("E713", E, INPUT, "待遇未定义", "{where}中的待遇「{benefit}」未定义"),
    Code("E714", E, INPUT, "结论写法不对", "结论只能是 符合/不符合/待定/冲突，这里是「{status}」"),
    Code("E715", E, INPUT, "案例没有写预期", "案例没有写「预期」"),
    Code("E716", E, INPUT, "申领人写法不对", "申领人只能是 {allowed}，这里是「{claimant}」"),
    Code("E717", E, INPUT, "按日期生效的参数自相矛盾", "参数「{name}」在 {start} 有两个不同的值（另一个在第 {first_line} 行第 {first_col} 列）",
         forms={
             "overlap": "参数「{name}」在 {start} 有两个不同的值：{before} 起的一项截止 {end}，那天仍在生效",
             "reversed": "参数「{name}」的一项截止 {end} 早于它的起始 {start}",
         }),
    Code("E718", E, INPUT, "预期没有可比较的项", "「{benefit}」的预期没有可比较的项"),
    Code("E719", E, INPUT, "案例中有看不见的字符", "{what}中有看不见的字符 {char}"),
    Code("E720", E, INPUT, "历史记录晚于评估日期", "历史记录的日期 {date} 晚于评估日期 {as_of}"),
    Code("E721", E, INPUT, "申领历史晚于申请人的评估日期", "{row}：编号「{id}」的申领日期 {claim_date} 晚于该申请人的评估日期 {as_of}"),
    Code("E722", E, INPUT, "事实与蕴含矛盾",
         "事实互相矛盾：「{name_a}」为“是”（第 {first_line} 行第 {first_col} 列），而政策规定它蕴含「{name_b}」为“是”，案例却写「{name_b}」为“否”"),
    Code("E723", E, INPUT, "人群文件中有事实与蕴含矛盾",
         "{count} 行的事实互相矛盾：列「{col_a}」为“是”，而政策规定它蕴含「{implied}」为“是”，列「{col_b}」却为“否”（{row}）"),
    Code("E724", E, INPUT, "JSON 格式错误",
         "JSON 格式错误：{problem}", forms={
             "unknown": "JSON 格式错误：无法解析此处（{problem}）",
         }),
    Code("E730", E, INPUT, "计数或序数不是整数", "「{name}」的值「{value}」不是整数"),
    Code("E731", E, INPUT, "值不能为负", "「{name}」的值「{value}」是负数"),
    Code("E732", E, INPUT, "值超过上限", "「{name}」的值「{value}」超过上限 {upper}"),
    Code("E740", E, INPUT, "缺少可选组件", "hzdsl {verb} 需要的可选组件未安装：{missing}"),
    Code("E750", E, INPUT, "案例文件嵌套过深",
         "案例文件嵌套过深（超过 {limit} 层）", forms={
             "recursion": "案例文件嵌套过深",
         }),
    Code("E751", E, INPUT, "别名展开过大", "案例文件中的别名（*）展开后超过 {limit} 项"),
    Code("E752", E, INPUT, "无法表示的字符", "值中有无法表示的字符（\\ud800–\\udfff 单独的代理码位）"),
    # ── E900–E939 population screening (hzdsl screen; SQL back-end) ──
    Code("E900", E, INPUT, "规则无法编译为 SQL",
         "{where}：不支持的表达式 {node}，无法编译为 SQL", forms={
             "unresolved": "{where}：未解析的名称「{name}」，无法编译为 SQL",
             "not_number": "{where}：算术运算的操作数不是数量（{kind}），无法编译为 SQL",
             "lookup": "{where}：查表各行的值类型不一致，无法编译为 SQL",
             "contains": "{where}：「包含」只能用于集合事实与文字取值，无法编译为 SQL",
             "logic": "{where}：且/或 的操作数不是条件，无法编译为 SQL",
             "term_cycle": "术语「{name}」循环引用，无法编译为 SQL",
             "term_set": "术语「{name}」的值是集合，无法编译为 SQL 列",
             "condition": "{where}：条件不是布尔值，无法编译为 SQL",
            "unit_unknown": "{where}：数值 {text} 的单位未知，无法编译为 SQL",
            "no_date": "{where}：日期 {text} 不存在，无法编译为 SQL",
            "lookup_key": "{where}：查表的键没有确定的值，无法编译为 SQL",
            "not_numeric_type": "{where}：表达式的类型不是数量（{type}），无法编译为 SQL",
         }),
    Code("E901", E, INPUT, "数值超过 SQL 精度", "{where}：数值 {text} 换算为基本单位后超过 {scale} 位小数，无法编译为 SQL"),
    Code("E902", E, INPUT, "除法无法精确编译", "{where}：除法只能除以倒数为有限小数的常数（÷ 2 可以，÷ 3、÷ 12 个月不行），无法编译为 SQL"),
    Code("E903", E, INPUT, "限制的字段无法编译",
         "限制「{name}」：字段「{field}」不是可比较的单值事实，无法编译为 SQL", forms={
             "kind": "限制「{name}」：未知的限制种类 {kind}，无法编译为 SQL",
         }),
    Code("E910", E, INPUT, "无法读取人群文件",
         "找不到{what} {path}", forms={
             "not_regular": "{what} {path} 不是普通文件",
             "file_type": "不支持的文件类型 {suffix}：{path}",
             "unreadable": "无法读取{what} {path}（DuckDB：{reason}）",
             "no_header": "{what} {path} {empty}，没有列名行",
             "ragged": "{what} {path} 第 {line} 行有 {fields} 个字段，而首行有 {header} 个列名",
             "not_utf8": "{what} {path} 不是 UTF-8 编码（第 {line} 行第 {col} 列，第 {byte} 字节）",
             "long_line": "{what} {path} 第 {line} 行有 {size} 字节，超过每行的上限 {limit} 字节",
             "unclosed_quote": "{what} {path} 第 {line} 行第 {col} 列的引号没有闭合",
             "held": "{what} {path} 正被另一个程序打开（{holder}），无法读取",
             "not_database": "{what} {path} 不是 DuckDB 数据库文件",
         }),
    Code("E911", E, INPUT, "人群文件的列不对",
         "列「{column}」：只有数量的列名可以带单位", forms={
             "header_unit": "列「{column}」列名中的单位「{unit}」不对，应为 {declared} 或可换算的单位",
             "missing_id": "人群文件缺少列「{column}」",
             "undeclared": "列「{column}」不是已声明的事实或参数",
             "duplicate": "列「{column}」重复",
             "duplicate_id": "列「{column}」的值「{value}」出现不止一次（第 {first_line} 行与第 {line} 行）",
             "empty_id": "人群文件{row}的「{column}」是空的",
             "column_type": "列「{column}」的类型是 {type}，每格不是一个值",
         }),
    Code("E912", E, INPUT, "人群或申领历史中的值不合类型",
         "列「{column}」{row}的值「{value}」不是数量（或超过 10 位整数、8 位小数，或为负数）", forms={
             "not_boolean": "列「{column}」{row}的值「{value}」不是 是/否",
             "not_date": "列「{column}」{row}的值「{value}」不是日期",
             "not_choice": "列「{column}」{row}的值「{value}」不是可选的取值",
             "undeclared_member": "列「{column}」{row}的值「{value}」含有未声明的成员“{member}”",
             "unit": "列「{column}」{row}的值「{value}」单位不对，应为 {unit} 或可换算的单位",
             "exponent": "列「{column}」{row}的值「{value}」是科学计数法",
             "out_of_range": "列「{column}」{row}的值「{value}」不在可选范围内",
             "negative": "列「{column}」{row}的值「{value}」为负数",
             "not_whole": "列「{column}」{row}的值「{value}」不是整数",
             "above_upper": "列「{column}」{row}的值「{value}」超过上限 {upper}",
             "no_unit": "列「{column}」{row}的值「{value}」缺少单位",
             "empty": "人群文件{row}的「{column}」是空的",
             "too_precise": "列「{column}」{row}的值「{value}」小数位过多：筛查只能精确计算此列以{unit}计最多 {places} 位小数",
         }),
    Code("E913", E, INPUT, "申领历史文件不对",
         "申领历史文件缺少列「{column}」", forms={
             "undefined_benefit": "列「{column}」{row}的待遇「{benefit}」未定义",
             "empty_cell": "申领历史{row}的「{column}」是空的",
             "undeclared": "申领历史文件的列「{column}」不是编号、待遇、日期、申领人、金额，也不是限制所比较的字段",
             "duplicate": "申领历史文件的列「{column}」重复",
         }),
    Code("E914", E, INPUT, "结果文件的路径不对",
         "无法写入结果文件 {target}：{reason}", forms={
             "is_dir": "{what} {path} 是目录",
             "not_regular": "{what} {path} 不是普通文件（设备、管道或套接字不能被结果替换）",
             "no_folder": "{what} {path} 所在的目录 {folder} 不存在",
             "suffix": "{what} {path} 的扩展名「{suffix}」不是可写的格式（CSV、TSV 或 Parquet）",
         }),
    Code("E915", E, INPUT, "合成人群的人数超出范围",
         "人数 --n {count} 不能为负", forms={
             "too_many": "人数 --n {count} 超过上限 {limit} 人（1000 万）",
         }),
    Code("E916", E, INPUT, "人群或申领历史的值中有看不见的字符", "列「{column}」{row}的值中有看不见的字符 {chars}（共 {count} 行）"),
    Code("E917", E, INPUT, "无法使用 Spark 集群", "无法使用 Spark 集群「{master}」：{why}"),
    Code("E918", E, INPUT, "筛查计算超出数值精度",
         "编号「{ident}」的「{benefit}」：计算中的数值超出筛查的精度范围（整数部分最多 10 位，DECIMAL(18, 8)），得不出结论与金额"),
    Code("E919", E, INPUT, "两个版本读出的人群值不同",
         "列「{column}」在两个版本中读出的值不同：不带单位的值，旧版本按「{old_unit}」读，新版本按「{new_unit}」读"
         "（编号 {id}：旧版本 {old}，新版本 {new}）"),
    Code("E920", E, INPUT, "历史未知的申请人却有申领记录",
         "人群文件{row}（编号「{ident}」）的「历史已知」为“否”，申领历史中却有其记录；共 {count} 名申请人如此", forms={
             "blank": "人群文件{row}（编号「{ident}」）的「历史已知」空白（即历史未知），申领历史中却有其记录；"
                      "共 {count} 名申请人如此"}),
    Code("W921", W, INPUT, "申领记录的编号不在人群文件中",
         "申领历史中有 {count} 条记录（{ids} 个编号）的编号不在人群文件中（{rows}），没有计入任何人的历史"),
    # ── 历史汇总: the history as per-applicant columns of the population file (hzdsl/ir/summary.py) ──
    Code("E922", E, INPUT, "申领历史给了两种形式",
         "既给了申领历史文件 {history}，人群文件中又有历史汇总列「{column}」"),
    Code("E923", E, INPUT, "历史汇总列不全",
         "人群文件有历史汇总列，却缺少所筛待遇需要的 {count} 列：{missing}"),
    Code("W924", W, INPUT, "限制无法用历史汇总表示",
         "限制「{name}」（约束 {benefits}）比较本次与每条过去记录的「{fields}」，不是每人一个数，历史汇总写不出："
         "按历史未知筛查"),
    Code("E925", E, INPUT, "历史汇总列名不对",
         "列「{column}」：「{name}」不是政策中的待遇或字段", forms={
             "unread": "列「{column}」不是任何限制所读的历史汇总",
         }),
    Code("E926", E, INPUT, "历史未知的申请人却有历史汇总",
         "人群文件{row}（编号「{ident}」）的「历史已知」为“否”，历史汇总列「{column}」却有值「{value}」；共 {count} 行如此", forms={
             "blank": "人群文件{row}（编号「{ident}」）的「历史已知」空白（按“否”读：历史未知），历史汇总列「{column}」"
                      "却有值「{value}」；共 {count} 行如此"}),
    Code("E928", E, INPUT, "历史汇总自相矛盾",
         "人群文件{row}（编号「{ident}」）的历史汇总自相矛盾：{cells}——{why}；共 {count} 行如此"),
    Code("W930", W, INPUT, "历史已知却没有给申领历史",
         "{what}中有 {count} 行的「历史已知」为“是”，却没有给申领历史（--history）：这些人都按从未申领筛查"),
    Code("W929", W, INPUT, "参数文件中的参数没有被所筛查的待遇读到",
         "参数「{name}」没有被所筛查的待遇读到，参数文件中它的值未使用（也不按评估日期检查）", forms={
             "run": "参数「{name}」没有被所显示的待遇读到，参数文件中它的值未使用（也不按评估日期检查）",
         }),
    Code("E927", E, INPUT, "历史汇总的格子是空的",
         "人群文件{row}（编号「{ident}」）的历史已知，历史汇总列「{column}」却是空的；共 {count} 行如此"),
    # ── E8 ux: applicant, parameter files (input errors), implications (a finding) ──
    Code("E800", E, INPUT, "申请人写法不对", "申请人「{text}」不是政策中事实所属的主体"),
    Code("E801", E, INPUT, "参数文件无法读取或格式不对",
         "无法读取参数文件「{path}」：{reason}", forms={
             "not_mapping": "参数文件「{path}」应是含「参数」一节的映射",
             "no_section": "参数文件「{path}」缺少「参数」一节",
             "too_precise": "参数「{name}」的值 {value} 小数位过多：筛查只能精确计算以{unit}计最多 {places} 位小数",
         }),
    Code("E802", E, FINDING, "蕴含写法不对",
         "「{name}」蕴含「{target}」：蕴含只用于两个布尔事实", forms={
             "mutual": "「{name}」与「{target}」互相蕴含",
         }),
    Code("E803", E, INPUT, "把政策文件当作案例文件", "{name} 是政策文件，不是案例文件", forms={
        "request": "请求体是政策文本，不是案例",
    }),
    Code("E804", E, INPUT, "把案例文件当作政策文件", "{path} 是案例文件（YAML），不是政策文件"),
    Code("E805", E, INPUT, "不是普通文件", "{name} 是{kind}，不是普通文件，hzdsl 不读取"),
    Code("E806", E, INPUT, "输出路径不可用",
         "无法写入 {what} {path}：{reason}", forms={
             "empty": "{option} 的路径是空的，不知道把{what}写到哪里",
             "is_dir": "{option} 给的 {value} 是目录，这里需要一个{what}的路径",
             "not_regular": "{option} 给的 {value} 不是普通文件（命名管道、设备等），不能写入",
             "no_folder": "{option} 的目录 {folder} 不存在（{what}：{value}）",
             "not_writable": "{option} 的位置 {value} 不可写（权限不足）",
         }),
    Code("E807", E, INPUT, "筛选没有选中任何待遇",
         "--benefit「{benefit}」没有选中任何待遇", forms={
             "clause": "--clause「{clause}」不是政策中的条款",
         }),
    # ── W6 warnings ──
    Code("W601", W, FINDING, "事实已声明但没有被使用", "事实「{name}」已声明但没有被任何规则使用"),
    Code("W603", W, FINDING, "查表没有覆盖全部取值", "查表没有覆盖取值：{missing}"),
    Code("W604", W, FINDING, "金额可能为负", "「{name}」的金额含减法，可能为负，却没有写下限", forms={
        "constant": "「{name}」的金额是负数（{amount}），负的金额不是给付",
    }),
    Code("W605", W, FINDING, "引文出自别的条款", "「{name}」在条款（{clause}）之下，引文却出自条款{where}"),
    Code("W606", W, FINDING, "引文太短，出处不明", "引文「{quote}」太短，在原文中出现 {count} 次，看不出依据的是哪一处"),
    Code("W607", W, FINDING, "读法用不上",
         "读法中的 {quote} 用不上：规则中没有写这个数", forms={
             "in_quote": "读法中的 {quote} 用不上：引文中已有这个数",
         }),
    Code("W620", W, FINDING, "只读了部分政策文件", "只读了所给的政策文件；同目录另有 {count} 个政策文件（{shown}）没有读入，上面未定义的名称可能声明在那里"),
    Code("W630", W, FINDING, "名称含有顿号",
         "名称「{name}」含有顿号 、：待定事实清单与历史汇总列名用 、 分隔名称，读不出这是一个名称还是几个"),
    # ── E95 web: hzdsl render / serve (input errors) ──
    Code("E950", E, INPUT, "输出目录不可用",
         "{option} 的路径是空的，不知道把{what}建在哪里", forms={
             "write": "无法写入 {where}：{reason}",
             "not_dir": "输出位置 {out} 已存在且不是目录",
             "mkdir": "无法创建输出目录 {out}：{reason}",
             "replace": "输出目录 {out} 中已有 {count} 个不是 hzdsl render 写出的同名文件（{shown}），生成网站会覆盖它们",
         }),
    Code("E951", E, INPUT, "缺少网页组件", "hzdsl {verb} 需要的网页组件未安装：{missing}"),
    Code("E952", E, INPUT, "请求体过大", "请求体过大（{size} 字节，上限 {limit} 字节）"),
    Code("E953", E, INPUT, "请求类型不支持", "不支持的请求类型「{ctype}」"),
    Code("E954", E, INPUT, "请求体不是 UTF-8", "请求体不是 UTF-8 编码（第 {byte} 字节）"),
    Code("E955", E, INPUT, "无法监听地址", "无法在 {host}:{port} 监听：{reason}"),
    Code("E956", E, INPUT, "提交的案例引用了服务器上的文件", "网页与 API 提交的案例不能引用服务器上的文件（参数文件「{text}」）"),
    Code("E957", E, INPUT, "接口没有这个地址", "没有这个地址：{path}（HTTP {status}）"),
    Code("E958", E, INPUT, "接口地址不接受这种请求方法", "地址 {path} 不接受 {method} 请求"),
    Code("E959", E, INPUT, "申请主体不是已声明的主体", "查询参数 kind 的值「{kind}」不是申请主体（可选：{kinds}）"),
    Code("E960", E, INPUT, "筛查内存不足", "DuckDB 内存不足（内存上限 {limit}）：{reason}"),
    # ── W650–W699 lint findings (hzdsl lint; solver-backed ones with witness cases) ──
    Code("W650", W, FINDING, "待遇的条件永远不会成立", "待遇「{benefit}」的条件永远不会成立：没有申请人能符合"),
    Code("W651", W, FINDING, "待遇的条件恒成立", "待遇「{benefit}」的条件永远不会不成立（恒成立）"),
    Code("W652", W, FINDING, "例外永远不会适用", "例外「{exception}」在待遇「{benefit}」符合时永远不会适用"),
    Code("W653", W, FINDING, "例外的条件恒成立", "例外「{exception}」的条件永远不会不成立：待遇「{benefit}」的基本给付不会被用到"),
    Code("W654", W, FINDING, "两条例外可能冲突", "例外「{first}」与「{second}」可能同时适用且给付不同（冲突）"),
    Code("W655", W, FINDING, "给付金额可能为负", "待遇「{benefit}」的给付金额可能为负（此时结论为待定）"),
    Code("W656", W, FINDING, "给付可能超过自身的上限", "待遇「{benefit}」的给付可能超过它自己的上限"),
    Code("W657", W, FINDING, "保底可能高于上限", "待遇「{benefit}」的保底可能高于上限"),
    Code("W659", W, FINDING, "限制永远不会起作用", "限制「{limit}」对待遇「{benefit}」永远不会起作用（{why}）"),
    Code("W660", W, FINDING, "事实未被任何待遇用到", "事实「{name}」未被任何待遇用到（条件、给付、例外、限制都不读它）"),
    Code("W661", W, FINDING, "术语未被任何待遇用到", "术语「{name}」未被任何待遇用到"),
    Code("W662", W, FINDING, "参数未被任何待遇用到", "参数「{name}」未被任何待遇用到（条件、给付、例外、限制都不读它）"),
    Code("W663", W, FINDING, "忽略注释没有对应的发现", "忽略注释（{codes}）没有对应的发现"),
    Code("W664", W, FINDING, "未能在时限内判定",
         "未能在 {timeout:g} 秒内判定：{finding}", forms={
             "whether": "未能在 {timeout:g} 秒内判定是否{finding}",
         }),
    # ── E970–E979 lint's own errors ──
    Code("E961", E, INPUT, "查询参数不是是或否", "查询参数 {name} 的值「{value}」不是“是”或“否”"),
    Code("E970", E, FINDING, "忽略注释缺少理由", "忽略注释缺少理由"),
    Code("E971", E, FINDING, "忽略注释中的代码不是 lint 警告", "忽略注释中的 {bad} 不是 lint 警告代码"),
    Code("E972", E, FINDING, "忽略注释后面没有声明", "忽略注释后面没有声明"),
    Code("E973", E, FINDING, "求解器编码与解释器不一致", "{finding_code} 的见证案例在解释器上的结果与求解器不一致：{finding}"),
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


def message(code: str, form: str = "", **fields) -> str:
    """The registry wording of `code` (its template, or the named `form`) filled with `fields` — for
    objects that carry a message without being a Diagnostic yet (lint findings, SQL compile errors)."""
    return REGISTRY[code].message(form, **fields)


def input_codes() -> frozenset[str]:
    """Codes whose category is INPUT (exit 2)."""
    return frozenset(c.code for c in REGISTRY.values() if c.category == Category.INPUT)
