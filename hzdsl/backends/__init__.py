"""Back-ends that read a checked program other than the scalar evaluator (SMT; SQL)."""
