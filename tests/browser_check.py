"""Open every page of the built book in headless Chromium and fail on anything broken.

Usage: ``python tests/browser_check.py _build/html``

Each page is served from a local HTTP server and loaded in a real browser. A page fails on:
a console error, an uncaught exception, a request that fails or answers with an HTTP
error, an image that does not load, a math element that MathJax did not typeset, or a
MathJax error. Pages with a JavaScript animation must show it and respond to its
controls. Where no Chromium is installed the check says so and skips, unless ``CI=true``,
where a missing browser is a failure.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import sys
import threading
from pathlib import Path

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Chromium as root in a container needs --no-sandbox; the rest stop it from reaching for
# Google's services, which this machine's closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Run in the page once it has loaded: wait for MathJax, then report what is wrong.
PAGE_PROBE = """
async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
  }
  const problems = [];
  const maths = Array.from(document.querySelectorAll('.math'));
  const untypeset = maths.filter(m => !m.querySelector('mjx-container'));
  if (untypeset.length) {
    problems.push(`${untypeset.length} of ${maths.length} math elements not typeset by ` +
                  `MathJax, first: ${untypeset[0].textContent.slice(0, 80)}`);
  }
  if (maths.length && !window.MathJax) problems.push('math on the page but MathJax not loaded');
  for (const err of document.querySelectorAll('mjx-merror')) {
    problems.push(`MathJax error: ${err.getAttribute('data-mjx-error') || err.textContent}`);
  }
  // An undefined macro is not an merror: MathJax prints its name in red instead.
  for (const bad of document.querySelectorAll('mjx-assistive-mml mtext[mathcolor="red"]')) {
    const name = bad.textContent;
    if (name.startsWith(String.fromCharCode(92))) problems.push(`undefined TeX macro: ${name}`);
  }
  for (const img of document.querySelectorAll('img')) {
    if (!img.complete || img.naturalWidth === 0) {
      problems.push(`image did not load: ${img.currentSrc || img.src.slice(0, 80)}`);
    }
  }
  return {problems, maths: maths.length, images: document.images.length};
}
"""

# matplotlib's JavaScript animation: a frame <img> plus buttons. Pressing "next frame"
# must change the picture.
ANIMATION_PROBE = """
async () => {
  const anims = Array.from(document.querySelectorAll('.animation'));
  const problems = [];
  for (const anim of anims) {
    const img = anim.querySelector('img');
    const next = Array.from(anim.querySelectorAll('button'))
      .find(b => (b.getAttribute('onclick') || '').includes('next_frame'));
    if (!img || !next) { problems.push('animation without a frame image or controls'); continue; }
    const before = img.src;
    next.click();
    await new Promise(r => setTimeout(r, 100));
    if (img.src === before) problems.push('animation did not respond to "next frame"');
    if (img.naturalWidth === 0) problems.push('animation frame image did not load');
  }
  return {problems, count: anims.length};
}
"""


def find_chromium() -> str | None:
    for name in CHROMIUM_CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def check_page(page, url: str) -> tuple[list[str], dict]:
    problems: list[str] = []
    page.on(
        "console",
        lambda m: (
            problems.append(f"console {m.type}: {m.text} [{m.location.get('url', '')}]")
            if m.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda e: problems.append(f"uncaught exception: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url} ({r.failure})"))
    page.on(
        "response",
        lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None,
    )
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    result = page.evaluate(PAGE_PROBE)
    anims = page.evaluate(ANIMATION_PROBE)
    problems.extend(result["problems"])
    problems.extend(anims["problems"])
    return problems, {
        "maths": result["maths"],
        "images": result["images"],
        "animations": anims["count"],
    }


def main(argv: list[str]) -> int:
    root = Path(argv[1] if len(argv) > 1 else "_build/html").resolve()
    pages = sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*.html")
        if "_static" not in p.parts and "_sources" not in p.parts
    )
    if not pages:
        print(f"browser check: no HTML pages under {root}; build the book first (make book)")
        return 1
    chromium = find_chromium()
    if chromium is None:
        if os.environ.get("CI") == "true":
            print(
                "browser check: FAILED, no Chromium installed and CI=true "
                "(install Debian's chromium package)"
            )
            return 1
        print("browser check: skipped, no Chromium installed (apt-get install chromium)")
        return 0

    from playwright.sync_api import sync_playwright

    server, base = serve(root)
    failures = 0
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            for rel in pages:
                context = browser.new_context()
                page = context.new_page()
                problems, counts = check_page(page, f"{base}/{rel}")
                context.close()
                status = "FAIL" if problems else "ok  "
                print(
                    f"{status} {rel}  ({counts['maths']} math, {counts['images']} images, "
                    f"{counts['animations']} animations)"
                )
                for problem in problems:
                    print(f"       {problem}")
                failures += bool(problems)
            browser.close()
    finally:
        server.shutdown()
    print(f"browser check: {len(pages) - failures} of {len(pages)} pages clean")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
