"""`hzdsl lint`: findings about a checked program — static ones (unused facts and terms, lookup
gaps, the checker's W601/W603) and solver-backed ones (dead rules, conflicts, negative payouts, caps, limits that never
bind) — each with a location, a witness case where there is one, and an inline way to silence it.

Modules: `findings` (the Finding record and the code table), `silence` (`# 忽略 W6xx：理由`
comments), `static` (cheap checks, also run by `hzdsl check`), `solver` (z3 checks), `run`
(everything together).
"""
