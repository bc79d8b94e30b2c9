"""The browser check itself: a clean page passes and each kind of breakage is caught.

Runs only where Chromium is installed (as `make test`'s browser step does in CI).
"""

import importlib.util
import shutil
from pathlib import Path

import pytest

CHECK = Path(__file__).with_name("browser_check.py")
spec = importlib.util.spec_from_file_location("browser_check", CHECK)
browser_check = importlib.util.module_from_spec(spec)
spec.loader.exec_module(browser_check)

pytestmark = pytest.mark.skipif(
    browser_check.find_chromium() is None, reason="no Chromium installed"
)

PAGE = """<!doctype html><html><head><meta charset="utf-8">
<link rel="icon" href="data:,">
<script>window.MathJax = {{tex: {{inlineMath: [['\\\\(', '\\\\)']]}}}};</script>
<script defer src="mathjax/tex-chtml.js"></script></head>
<body>{body}</body></html>"""


def _mathjax_dir() -> Path:
    spec = importlib.util.find_spec("sphinx-mathjax-offline")
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).parent / "static" / "mathjax"


def _site(tmp_path: Path, body: str) -> Path:
    shutil.copytree(_mathjax_dir(), tmp_path / "mathjax")
    (tmp_path / "page.html").write_text(PAGE.format(body=body))
    return tmp_path


def test_a_clean_page_passes(tmp_path, capsys):
    site = _site(tmp_path, '<span class="math">\\(x^2 + \\frac{1}{2}\\)</span>')
    assert browser_check.main(["browser_check", str(site)]) == 0
    assert "(1 math, 0 images" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("body", "reported"),
    [
        ('<span class="math">\\(\\nosuchmacro x\\)</span>', "undefined TeX macro"),
        ('<span class="math">\\(\\frac{1}\\)</span>', "MathJax error"),
        ('<img src="missing.png" alt="gone">', "image did not load"),
        ("<script>console.error('broken')</script>", "console error: broken"),
        ("<script>undefinedFunction()</script>", "uncaught exception"),
    ],
)
def test_each_kind_of_breakage_fails_the_page(tmp_path, capsys, body, reported):
    site = _site(tmp_path, body)
    assert browser_check.main(["browser_check", str(site)]) == 1
    assert reported in capsys.readouterr().out
