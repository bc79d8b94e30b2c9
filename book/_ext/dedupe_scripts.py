"""Drop repeated inline <script> blocks from each page.

Under Sphinx 7, sphinx-thebe's inline ``const THEBE_JS_URL = ...`` is added to a
page twice (once per ``add_js_file`` and once more when the page context is
rebuilt), and a repeated ``const`` is a console error ("Identifier 'THEBE_JS_URL'
has already been declared") on every page. Keeping only the first copy of each
identical inline script fixes it without touching what the scripts do.
"""

from __future__ import annotations

from typing import Any


def _drop_repeated_inline_scripts(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    scripts = context.get("script_files")
    if not scripts:
        return
    seen: set[str] = set()
    kept = []
    for script in scripts:
        body = getattr(script, "attributes", {}).get("body")
        if body:
            if body in seen:
                continue
            seen.add(body)
        kept.append(script)
    context["script_files"] = kept


def setup(app: Any) -> dict[str, Any]:
    # Low priority number: run after the extensions that add scripts to the context.
    app.connect("html-page-context", _drop_repeated_inline_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
