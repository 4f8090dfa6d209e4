"""HTML_CodeSniffer (npm html_codesniffer, pinned in package-lock.json), the second accessibility
engine the browser tests run beside axe: its script is read from node_modules and evaluated in the
page through the DevTools protocol (as axe is), so nothing is fetched and the page's CSP holds."""

from __future__ import annotations

import functools
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "node_modules" / "html_codesniffer" / "build" / "HTMLCS.js"
ERROR = 1  # HTMLCS.ERROR; warnings (2) and notices (3) ask a person to judge, not fail a test

_RUN = """(standard) => new Promise((resolve) => {
  HTMLCS.process(standard, document, () => {
    resolve(HTMLCS.getMessages()
      .filter((m) => m.type === ERROR)
      .map((m) => ({ code: m.code, msg: m.msg,
                     element: (m.element && m.element.outerHTML || '').slice(0, 160) })));
  });
})""".replace("ERROR", str(ERROR))


@functools.cache
def _source() -> str:
    if not SCRIPT.is_file():
        raise AssertionError(f"{SCRIPT} is missing: run `make frontend` (npm ci) first")
    return SCRIPT.read_text(encoding="utf-8")


def _hash_route(error: dict) -> bool:
    """The staff pages route by hash ("#/consultations/demo"): such a link is a route, not an
    anchor that should exist in the document."""
    return error["code"].endswith(".NoSuchID") and 'href="#/' in error["element"]


def htmlcs_errors(page, standard: str = "WCAG2AA") -> list[dict]:
    """The errors HTML_CodeSniffer finds in the page as it is now."""
    if not page.evaluate("() => typeof HTMLCS !== 'undefined'"):
        page.evaluate(_source() + "\n;window.HTMLCS = HTMLCS;")
    return [error for error in page.evaluate(_RUN, standard) if not _hash_route(error)]
