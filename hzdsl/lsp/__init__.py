"""The hzdsl language server (`hzdsl lsp`, pygls over stdio; the optional extra `hzdsl[lsp]`).

Modules: `workspace` (folders, buffers, the cached check), `positions` (spans ↔ LSP ranges),
`server` (the pygls wiring), and one module per feature: `diagnostics`, `hover`, `navigation`
(definition, references, rename), `completion`, `symbols`, `formatting`, `actions`.
"""
