"""The policy as a web site and a web application.

- `model`: the site model — every page's content, built once from the checked program, the
  official text's coverage and the hand-worked cases (no HTML here);
- `officialtext`: the official text as paragraphs of runs (cited / uncited / plain);
- `plain`: conditions and amounts in plain Chinese;
- `highlight`: hzdsl source as HTML (Pygments);
- `site`: `hzdsl render` — the model through Jinja2 templates to static files;
- `app`: `hzdsl serve` — the Starlette application (case page and JSON API).

Templates and static files are package data (hzdsl/web/templates, hzdsl/web/static), loaded
with Jinja2's PackageLoader / importlib.resources so a built wheel carries them.
"""
