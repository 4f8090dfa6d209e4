"""The pre-rendered pages (chalicelib/domain/pages.py): content in the HTML, every staff and
resident text escaped, a data block no text can close, the languages marked."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

from chalicelib.domain import pages

ROOT = Path(__file__).resolve().parents[2]
EN = json.loads((ROOT / "frontend/i18n/en.json").read_text())
MI = json.loads((ROOT / "frontend/i18n/mi.json").read_text())
NOW = datetime(2026, 12, 5, 8, 0, tzinfo=UTC)
HOSTILE = '</script><script>alert(1)</script><img src=x onerror="alert(2)">&amp;'
DATA = re.compile(r'<script type="application/json" id="sayso-data">(.*?)</script>', re.S)


def _site(lang: str = "en") -> pages.Site:
    return pages.Site(
        cid="demo",
        lang=lang,
        languages=["en", "mi"],
        strings=EN if lang == "en" else MI,
        fallback=EN,
        config={"api_url": "/api"},
        rendered_at=NOW,
    )


CONSULTATION = {
    "id": "demo",
    "title": {"en": f"Dominion Road {HOSTILE}", "mi": "Te huarahi o Dominion"},
    "summary": {"en": f"Light rail. {HOSTILE}"},
    "languages": ["en", "mi"],
    "status": "open",
    "opens_at": "2026-12-01T00:00:00.000Z",
    "closes_at": "2027-02-01T00:00:00.000Z",
    "options": [
        {
            "id": "a",
            "title": {"en": f"Option A {HOSTILE}"},
            "kind": "section",
            "superseded_by": None,
            "counts": {"comments": 1, "alternatives": 0},
            "outcome": None,
        }
    ],
}
OPTION = {
    "id": "a",
    "consultation_id": "demo",
    "title": {"en": "Option A"},
    "summary": {"en": "Central platform."},
    "kind": "section",
    "plan": {"width": 6, "segments": [{"id": "s1", "type": "sidewalk", "width": 3.0}]},
    "superseded_by": None,
    "outcome": None,
}
COMMENTS = {
    "items": [
        {
            "id": "01",
            "kind": "comment",
            "text": f"Shade, please {HOSTILE}",
            "stance": "support",
            "created_at": "2026-12-04T10:30:00.000Z",
            "endorsements": 2,
        }
    ],
    "next_cursor": None,
}


class _Text(HTMLParser):
    """The page as a reader sees it, and every element and attribute it has."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self._in_data = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_data = tag == "script"

    def handle_endtag(self, tag):
        self._in_data = False

    def handle_data(self, data):
        if not self._in_data:
            self.text.append(data)


def _parse(html: str) -> _Text:
    parser = _Text()
    parser.feed(html)
    return parser


def test_the_consultation_page_holds_its_content_escaped():
    html = pages.render_consultation(CONSULTATION, _site())
    parsed = _parse(html)
    shown = "".join(parsed.text)
    assert f"Dominion Road {HOSTILE}" in shown  # shown as typed, not run
    assert f"Option A {HOSTILE}" in shown and "1 comment, 0 alternatives" in shown
    scripts = [attrs for tag, attrs in parsed.tags if tag == "script"]
    assert scripts == [
        {"type": "module", "src": "/js/consultation-page.js"},
        {"type": "application/json", "id": "sayso-data"},
    ]
    assert not [a for _, attrs in parsed.tags for a in attrs if a.startswith("on")]
    assert not [tag for tag, _ in parsed.tags if tag == "img"]
    (meta,) = [a for t, a in parsed.tags if t == "meta" and a.get("name") == "description"]
    assert meta["content"].startswith("Light rail.")
    links = [a["href"] for t, a in parsed.tags if t == "a" and a.get("hreflang")]
    assert links == ["/c/demo/en/index.html", "/c/demo/mi/index.html"]


def test_the_data_block_cannot_be_closed_and_reads_back_whole():
    html = pages.render_consultation(CONSULTATION, _site())
    (block,) = DATA.findall(html)
    assert "<" not in block and ">" not in block and "&" not in block
    data = json.loads(block)
    assert data["consultation"] == CONSULTATION
    assert data["config"] == {"api_url": "/api", "consultation": "demo"}
    assert data["links"] == {
        "home": "/c/demo/en/index.html",
        "option": "/c/demo/en/o/{id}.html",
        "responses": "/responses.html?c=demo&lang=en",
    }


def test_an_option_page_has_its_plan_and_a_dated_snapshot_of_comments():
    html = pages.render_option(CONSULTATION, OPTION, COMMENTS, NOW, _site())
    parsed = _parse(html)
    shown = "".join(parsed.text)
    assert "Sidewalk, 3.0 m" in shown
    assert f"Shade, please {HOSTILE}" in shown
    times = [a["datetime"] for t, a in parsed.tags if t == "time"]
    assert "2026-12-05T08:00:00Z" in times  # when the snapshot was taken
    data = json.loads(DATA.search(html).group(1))
    assert data["option"] == OPTION and data["comments"]["items"] == COMMENTS["items"]


def test_a_text_missing_in_the_language_shows_in_english_marked_as_english():
    html = pages.render_option(CONSULTATION, OPTION, COMMENTS, NOW, _site("mi"))
    assert '<html lang="mi" dir="ltr">' in html
    assert '<h1><span lang="en">Option A</span></h1>' in html
    assert MI["option"]["back"] in html


def test_keys_cover_the_language_and_the_default():
    assert pages.page_keys("demo", "en", None, default=True) == [
        "c/demo/en/index.html",
        "c/demo/index.html",
    ]
    assert pages.page_keys("demo", "mi", "a", default=False) == ["c/demo/mi/o/a.html"]
    # the stack's own consultation is also the site's root, in its first language only
    assert pages.page_keys("demo", "en", None, default=True, root=True)[-1] == "index.html"
    assert "index.html" not in pages.page_keys("demo", "mi", None, default=False, root=True)
    assert "index.html" not in pages.page_keys("demo", "en", "a", default=True, root=True)
