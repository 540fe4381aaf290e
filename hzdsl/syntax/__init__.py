"""Text → AST: normalisation, the Lark parser, and the tree-to-AST builder."""
