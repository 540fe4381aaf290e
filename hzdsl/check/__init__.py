"""AST → checked program: names, types and units, quotes, lint."""
