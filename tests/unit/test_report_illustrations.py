"""report.html draws sections with the Streetmix illustrations the catalogue names, inlined: only
the sprites a drawing uses, once each, and no reference outside the document."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from chalicelib.domain import catalogue
from chalicelib.domain.report.svg import section_drawing
from chalicelib.domain.section import parse_section

pytestmark = pytest.mark.unit

DEMO = Path("chalicelib/local/demo/dominion-road-section.streetmix.json")


def _demo() -> dict:
    return parse_section(json.loads(DEMO.read_text(encoding="utf-8"))).to_dict()


def test_each_segment_is_drawn_from_its_sprites_inlined_once():
    section = _demo()
    svg = section_drawing(section, title="Demo", ident="d")
    expected = [
        name
        for s in section["segments"]
        for name in catalogue.illustration(s["type"], s["variantString"])[1]
    ]
    assert re.findall(r'<use class="sprite" data-sprite="([^"]+)"', svg) == expected
    symbols = re.findall(r'<symbol id="(d-art-sprite-\d+)"', svg)
    assert len(symbols) == len(set(expected))  # only the sprites used, once each
    assert "url(" not in svg and "http" not in svg
    assert 'class="illustrations" aria-hidden="true"' in svg
    # the light-rail lanes are drawn with trams, the shelter with a light-rail shelter
    assert "transit/light-rail-inbound" in expected and "transit/light-rail-outbound" in expected
    assert "transit/transit-shelter-02-left" in expected


def test_unknown_types_draw_without_sprites():
    section = {"width": 4, "segments": [{"id": "x", "type": "hovercraft-lane", "width": 4}]}
    svg = section_drawing(section, title="Odd", ident="o")
    assert "<use" not in svg and "<symbol" not in svg
    assert 'class="segment"' in svg
