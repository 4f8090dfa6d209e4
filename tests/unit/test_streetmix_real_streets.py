"""Real streets saved on Streetmix, openly licensed (tests/fixtures/real/SOURCES.md, "## Streets"),
read as Streetmix's own migrations read them; every expected number worked out by hand from
app/lib/street_schema_update.js (see test_streetmix_migrations.py for the rules)."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from chalicelib.domain.section import Section, parse_section, section_warnings

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real"
STREETS = REAL / "streetmix"


def street(name: str) -> Section:
    return parse_section(json.loads((STREETS / name).read_text()))


def test_every_street_file_has_a_sources_row_and_byte_copies_match_their_blob() -> None:
    sources = (REAL / "SOURCES.md").read_text()
    streets = sources.split("## Streets", 1)[1]
    named = set(re.findall(r"^\| `streetmix/([^`]+)` \|", streets, re.MULTILINE))
    assert named == {p.name for p in STREETS.glob("*.json")}
    # The one byte-for-byte copy is the blob of examples/sample-streetmix-response.json.
    content = (STREETS / "3dstreet-mit-sample-streetmix-response.json").read_bytes()
    blob = hashlib.sha1(f"blob {len(content)}\0".encode() + content).hexdigest()
    assert blob == "a1f5c65b7d244f01e958044f910c2bfd30c31759"


def test_schema_17_imperial_sample() -> None:
    section = street("3dstreet-mit-sample-streetmix-response.json")

    assert section.name == "A-Frame City Builder - Street Only"
    assert section.units == 1
    assert section.width == 15.24  # 50 ft * 0.3048
    # 9 ft = 2.7432 -> 2.743; 5 ft = 1.524; 10.5 ft = 3.2004 -> 3.2; 1 ft = 0.3048 -> 0.305
    assert [s.width for s in section.segments] == [2.743, 1.524, 3.2, 0.305, 3.2, 1.524, 2.743]
    # Bike lanes get "|road" (19 -> 20), so every segment backfills to road level (26 -> 27).
    assert [s.elevation for s in section.segments] == [0.0] * 7
    assert section.segments[1].variant == "inbound|green|road"
    # Grass (leftBuildingHeight 4, rightBuildingHeight 3 kept beside it) has no floors.
    assert (section.left_building_height, section.right_building_height) == (None, None)
    assert [w.kind for w in section_warnings(section)] == []  # 15.239 m of 15.24 m


def test_schema_22_old_metric_all_segment_cases() -> None:
    section = street("3dstreet-mit-all-segment-cases.json")

    assert section.units == 0  # units 2 -> 0 (29 -> 30)
    assert section.width == 69.6  # 232 * 0.3, not 232 * 0.3048 = 70.714
    assert len(section.segments) == 37
    widths = [s.width for s in section.segments]
    assert widths[:4] == [1.8, 0.6, 1.2, 1.2]  # 6, 2, 4, 4 ft * 0.3
    assert section.occupied_width == 72.6  # 242 ft * 0.3
    by_type = {s.type: s.elevation for s in section.segments}
    assert by_type["sidewalk"] == 0.15  # level 1 -> 0.15 m (metric, 32 -> 33)
    assert by_type["bikeshare"] == 0.0  # "left|road"
    assert by_type["transit-shelter"] == 0.15  # "left|street-level": level 1
    assert by_type["scooter"] == 0.0
    elevations = {(s.type, s.variant): s.elevation for s in section.segments}
    assert elevations[("divider", "bush")] == 0.15  # raised divider variants: level 1
    assert elevations[("divider", "bollard")] == 0.0
    assert (section.left_building_height, section.right_building_height) == (4, 3)
    [overflow] = section_warnings(section)
    assert overflow.kind == "overflow"
    assert "add up to 72.6 m, 3.0 m more than the street's width of 69.6 m" in overflow.message


def test_schema_22_old_metric_market_street() -> None:
    section = street("3dstreet-mit-market-street-11th.json")

    assert section.name == "Market Street at 11th w bikeshare"
    assert section.width == 30.4  # 101.33333333333333 * 0.3 = 30.4
    widths = [s.width for s in section.segments]
    # 11.66667 * 0.3 = 3.500001 -> 3.5; 1 ft bench * 0.3 = 0.3; 6.66667 * 0.3 = 2.000001 -> 2.0
    assert widths[:4] == [3.5, 0.3, 0.6, 2.0]
    assert widths[-1] == 2.8  # 9.33333 * 0.3 = 2.799999 -> 2.8
    elevations = [s.elevation for s in section.segments]
    assert elevations[3] == 0.15  # bike rack "right|sidewalk": no "road", level 1
    assert elevations[5] == 0.0  # bike lane "inbound|green|road"
    assert elevations[19] == 0.15  # bikeshare "left|sidewalk" (schema 22: no "|road" added)
    assert section.right_building_height is None  # waterfront: no floors
    assert section.left_building_height == 4
    warnings = section_warnings(section)
    assert [w.kind for w in warnings] == [
        "unusual-width",  # 0.3 m bench
        "unusual-width",  # 0.5 m sidewalk
        "unusual-width",  # 0.3 m bench
        "overflow",
    ]
    assert "32.0 m, 1.6 m more than the street's width of 30.4 m" in warnings[-1].message


@pytest.mark.parametrize("path", sorted(STREETS.glob("*.json")), ids=lambda p: p.name)
def test_each_real_street_survives_the_streetmix_round_trip(path: Path) -> None:
    from chalicelib.domain.streetmix import to_streetmix

    section = parse_section(json.loads(path.read_text()))

    assert parse_section(json.loads(json.dumps(to_streetmix(section)))) == section


def test_the_report_draws_an_overflowing_street_with_its_edge_marked() -> None:
    from chalicelib.domain.report.svg import section_drawing

    drawn = section_drawing(street("3dstreet-mit-market-street-11th.json").to_dict(), title="t")

    assert "30.4 m wide, 21 segments, segments overflow it by 1.6 m" in drawn
    assert drawn.count('class="street-edge"') == 1
    sample = street("3dstreet-mit-sample-streetmix-response.json")
    fits = section_drawing(sample.to_dict(), title="t")
    assert "overflow" not in fits and "street-edge" not in fits
