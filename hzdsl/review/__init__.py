"""Review tools: canonical formatting and semantic diff."""
