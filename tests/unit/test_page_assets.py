"""What a page loads, from the bundles' manifest (scripts/bundle.mjs writes it; the static pages,
scripts/build_html.py, and the pre-rendered ones, chalicelib/domain/pages.py, read it): the
page's module and its chunks preloaded, an option kind's chunk only on an option of that kind."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from chalicelib.domain import pages

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import build_html  # noqa: E402  (scripts/build_html.py)

MANIFEST = {
    "styles": {"app": "/assets/app-A.css", "map": "/assets/map-M.css"},
    "pages": {
        "consultation": {
            "script": "/assets/consultation-C.js",
            "preload": ["/assets/chunk-1.js"],
            "styles": ["/assets/app-A.css"],
        },
        "option": {
            "script": "/assets/option-O.js",
            "preload": ["/assets/chunk-1.js", "/assets/chunk-2.js"],
            "styles": ["/assets/app-A.css"],
        },
    },
    "kinds": {
        "section": {
            "script": "/assets/section-S.js",
            "preload": ["/assets/chunk-2.js"],
            "styles": [],
        },
        "map": {
            "script": "/assets/map-P.js",
            "preload": ["/assets/chunk-1.js"],
            "styles": ["/assets/map-M.css"],
        },
    },
}


def _site() -> pages.Site:
    return pages.Site(
        cid="demo",
        lang="en",
        languages=["en"],
        strings={},
        fallback={},
        config={},
        rendered_at=datetime(2026, 12, 6, tzinfo=UTC),
        assets=MANIFEST,
    )


def test_a_page_loads_its_bundle_and_preloads_each_chunk_once():
    links = pages.asset_links(MANIFEST, "option", "map").splitlines()
    assert links == [
        '<link rel="stylesheet" href="/assets/app-A.css">',
        '<link rel="stylesheet" href="/assets/map-M.css">',
        '<script type="module" src="/assets/option-O.js"></script>',
        '<link rel="modulepreload" href="/assets/chunk-1.js">',
        '<link rel="modulepreload" href="/assets/chunk-2.js">',
        '<link rel="modulepreload" href="/assets/map-P.js">',
    ]
    section = pages.asset_links(MANIFEST, "option", "section")
    assert (
        "map-" not in section
        and '<link rel="modulepreload" href="/assets/section-S.js">' in section
    )
    # the segment catalogue is in the section chunk, the languages' list in the page's script
    assert "/generated/" not in section
    assert "section-S" not in pages.asset_links(MANIFEST, "consultation")


def test_the_rendered_pages_name_the_manifests_files():
    option = {"id": "b", "kind": "map", "title": {"en": "B"}, "plan": {"features": []}}
    html = pages.render_option({"id": "demo"}, option, {"items": []}, _site().rendered_at, _site())
    assert '<script type="module" src="/assets/option-O.js"></script>' in html
    assert '<link rel="stylesheet" href="/assets/map-M.css">' in html
    assert "/js/" not in html and "/css/" not in html
    home = pages.render_consultation({"id": "demo", "options": []}, _site())
    assert '<script type="module" src="/assets/consultation-C.js"></script>' in home


def test_the_static_pages_are_their_templates_with_the_manifests_files(tmp_path):
    template = (
        "<head>\n  <title>t</title>\n"
        "  <!-- assets: consultation (scripts/build_html.py) -->\n</head>\n"
    )
    html = build_html.render(template, MANIFEST)
    assert html == (
        "<head>\n  <title>t</title>\n"
        '  <link rel="stylesheet" href="/assets/app-A.css">\n'
        '  <script type="module" src="/assets/consultation-C.js"></script>\n'
        '  <link rel="modulepreload" href="/assets/chunk-1.js">\n</head>\n'
    )
    with pytest.raises(SystemExit):
        build_html.render("<head></head>", MANIFEST)


def test_every_template_names_a_page_of_the_manifest():
    for template in (ROOT / "frontend/templates").rglob("*.html"):
        match = build_html.MARKER.search(template.read_text())
        assert match, template
        assert match.group(2) in {"consultation", "option", "responses", "forget", "staff"}, (
            template
        )


def test_a_page_preloads_english_and_its_own_catalogue_and_nothing_generated():
    # i18n.js reads English (every language's fallback) and the page's own language at once;
    # the list of languages is bundled into the script, so it is not fetched.
    site = _site()
    home = pages.render_consultation({"id": "demo", "options": []}, site)
    assert home.count('href="/i18n/en.json" as="fetch"') == 1
    maori = pages.Site(**{**site.__dict__, "lang": "mi"})
    home = pages.render_consultation({"id": "demo", "options": []}, maori)
    assert 'href="/i18n/en.json" as="fetch"' in home and 'href="/i18n/mi.json" as="fetch"' in home
    assert "/generated/" not in home
