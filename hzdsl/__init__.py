"""hzdsl — 杭州市就业创业政策的规则即代码工具链。

Data flows one way: text → parse tree → AST (syntax) → checked program (check)
→ evaluation (runtime) → report (render).
"""

__version__ = "0.1.0"
