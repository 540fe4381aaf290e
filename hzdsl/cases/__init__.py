"""Case files: load YAML with positions, validate against declared facts, compare results."""
