"""The caseworker's interview: who applies, which benefits concern them, which questions to ask next.

Reusable by every front end (`run`, the web case page, population screens): nothing here prints.
"""
