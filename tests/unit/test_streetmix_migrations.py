"""Streetmix's own schema migrations (app/lib/street_schema_update.js, streetmix/streetmix at
1055972c), checked to the millimetre against values worked out by hand from that code, and the
round trip: a section written as a Streetmix street of schema 35 reads back as the same section.

Streetmix rounds with `round(x, 3)` of @streetmix/utils: halves go up, after shifting the decimal
point in text, so round(0.1524, 3) = 0.152 and round(0.762, 3) = 0.762.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.domain.catalogue import CATALOGUE
from chalicelib.domain.section import Section, Segment, parse_section, section_warnings
from chalicelib.domain.streetmix import backfill_level, js_round, to_streetmix, upgrade


def old(schema: int, units: int, width: float, *segments: dict, **fields: object) -> dict:
    return {"schemaVersion": schema, "units": units, "width": width, "segments": list(segments)}


# --- rounding as Streetmix rounds ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.5 * 0.3048, 0.152),  # 0.1524
        (2.5 * 0.3048, 0.762),  # 0.762 (0.76200000000000001 in binary)
        (0.625 * 0.3048, 0.191),  # 0.1905: a half, goes up (Python's round() gives 0.19)
        (232 * 0.3, 69.6),  # 69.6 (69.59999999999999 in binary)
        (232 * 0.3048, 70.714),  # 70.7136
    ],
)
def test_js_round_to_3_decimals(value: float, expected: float) -> None:
    assert js_round(value, 3) == expected


# --- widths: feet before schema 30 ---------------------------------------------------------------


def test_old_metric_street_units_2_converts_by_0_3_not_0_3048() -> None:
    # schema 29 -> 30, `units === 2`: conversion = 0.3; 232 * 0.3 = 69.6 m (not 70.714 m);
    # a 10 ft lane: 10 * 0.3 = 3.0 m; units become 0.
    raw = old(29, 2, 232, {"type": "drive-lane", "variantString": "inbound|car", "width": 10})

    section = parse_section(raw)

    assert section.width == 69.6
    assert section.segments[0].width == 3.0
    assert section.units == 0


@pytest.mark.parametrize("units", [0, 1])
def test_other_streets_before_schema_30_convert_by_0_3048(units: int) -> None:
    # 50 ft * 0.3048 = 15.24 m; 10.5 ft * 0.3048 = 3.2004 -> 3.2 m; 9 ft * 0.3048 = 2.7432
    # -> 2.743 m; 1 ft * 0.3048 -> 0.305 m (a 1 ft bench strip: kept, with a warning).
    raw = old(
        29,
        units,
        50,
        {"type": "drive-lane", "variantString": "inbound|car", "width": 10.5},
        {"type": "parking-lane", "variantString": "inbound|left", "width": 9},
        {"type": "sidewalk-bench", "variantString": "left", "width": 1},
    )

    section = parse_section(raw)

    assert section.width == 15.24
    assert [s.width for s in section.segments] == [3.2, 2.743, 0.305]
    assert [w.kind for w in section_warnings(section)] == ["unusual-width"]


def test_schema_30_widths_are_metres_and_units_2_becomes_metric() -> None:
    # schema 30 -> 31 only turns units 2 into 0; widths are already metres.
    section = parse_section(old(30, 2, 18.4, {"type": "sidewalk", "width": 3}))

    assert (section.width, section.segments[0].width, section.units) == (18.4, 3.0, 0)


# --- elevations: levels before schema 33 ---------------------------------------------------------


@pytest.mark.parametrize(
    ("units", "kerb", "platform"),
    [
        (0, 0.15, 0.75),  # metric: 0.15 m, platform 0.75 m
        (2, 0.15, 0.75),  # old metric, units 0 by then
        (1, 0.152, 0.762),  # imperial: round(0.5 * 0.3048, 3), round(2.5 * 0.3048, 3)
    ],
)
def test_levels_become_metres_at_schema_33(units: int, kerb: float, platform: float) -> None:
    raw = old(
        32,
        units,
        20,
        {"type": "sidewalk", "width": 3, "elevation": 1},
        {"type": "transit-shelter", "variantString": "left|light-rail", "width": 3, "elevation": 2},
        {"type": "drainage-channel", "width": 1, "elevation": -2},  # -> 0 (its base)
        {"type": "divider", "variantString": "median", "width": 1, "elevation": 2},  # left at 2
        {"type": "drive-lane", "width": 3, "elevation": 0},
    )

    elevations = [s.elevation for s in parse_section(raw).segments]

    assert elevations == [kerb, platform, 0.0, 2.0, 0.0]


def test_schema_33_elevations_are_metres_already() -> None:
    raw = old(33, 1, 20, {"type": "sidewalk", "width": 3, "elevation": 1})

    assert parse_section(raw).segments[0].elevation == 1.0


# --- elevation backfill before schema 27 ---------------------------------------------------------


@pytest.mark.parametrize(
    ("segment_type", "variant", "level"),
    [
        ("sidewalk", "normal", 1),
        ("sidewalk-lamp", "both|modern", 1),
        ("brt-station", "center", 1),
        ("parking-lane", "inbound|left", 0),
        ("drive-lane", "inbound|car", 0),
        ("drainage-channel", "", -2),
        ("bike-lane", "inbound|green|road", 0),
        ("bike-lane", "inbound|green|sidewalk", 1),
        ("transit-shelter", "left|light-rail", 2),
        ("transit-shelter", "left|street-level", 1),
        ("divider", "planting-strip", 1),
        ("divider", "striped-buffer", 0),
        ("hovercraft", "", 0),
    ],
)
def test_backfill_level_by_segment_type(segment_type: str, variant: str, level: int) -> None:
    assert backfill_level(segment_type, variant) == level


def test_a_schema_17_imperial_street_gets_kerbs_by_type_then_metres() -> None:
    # schema 19 -> 20 appends "|road" to bike lanes, so at 26 -> 27 they stay at road level;
    # sidewalks get level 1, which at 32 -> 33 is round(0.5 * 0.3048, 3) = 0.152 m (imperial).
    raw = old(
        17,
        1,
        40,
        {"type": "sidewalk", "variantString": "normal", "width": 8},
        {"type": "bike-lane", "variantString": "inbound|green", "width": 5},
        {"type": "drive-lane", "variantString": "inbound|car", "width": 10},
        {"type": "divider", "variantString": "planting-strip", "width": 4},
        {"type": "transit-shelter", "variantString": "right|light-rail", "width": 9},
    )

    section = parse_section(raw)

    assert [s.variant for s in section.segments][1] == "inbound|green|road"
    assert [s.elevation for s in section.segments] == [0.152, 0.0, 0.0, 0.152, 0.762]
    # 8 ft = 2.438 m, 5 ft = 1.524 m, 10 ft = 3.048 m, 4 ft = 1.219 m, 9 ft = 2.743 m
    assert [s.width for s in section.segments] == [2.438, 1.524, 3.048, 1.219, 2.743]


def test_schema_26_keeps_elevations_it_has() -> None:
    raw = old(26, 0, 10, {"type": "sidewalk", "width": 10, "elevation": 0})

    assert parse_section(raw).segments[0].elevation == 0.0


# --- early schemas: variants and buildings -------------------------------------------------------


def test_schema_10_planting_strip_and_small_median_become_dividers() -> None:
    raw = old(
        10,
        1,
        20,
        {"type": "planting-strip", "variantString": "", "width": 4},
        {"type": "small-median", "variantString": "", "width": 4},
    )

    segments = parse_section(raw).segments

    assert [(s.type, s.variant) for s in segments] == [
        ("divider", "planting-strip"),
        ("divider", "median"),
    ]
    assert [s.elevation for s in segments] == [0.152, 0.152]  # raised dividers: level 1


def test_schema_1_street_gets_streetmix_default_buildings() -> None:
    # 1 -> 2: leftBuildingHeight 4, rightBuildingHeight 3; 2 -> 3: narrow and wide (with floors)
    section = parse_section(old(1, 1, 20, {"type": "sidewalk", "width": 6}))

    assert (section.left_building_height, section.right_building_height) == (4, 3)
    assert section.segments[0].variant == "normal"  # 9 -> 10: sidewalks get density "normal"


def test_buildings_from_boundary_and_old_fields() -> None:
    new = old(35, 0, 10, {"type": "sidewalk", "width": 3})
    new["boundary"] = {
        "left": {"variant": "residential", "floors": 6, "elevation": 0.15},
        "right": {"variant": "parking-lot", "floors": 3, "elevation": 0.15},
    }
    older = old(
        30,
        0,
        10,
        {"type": "sidewalk", "width": 3},
    )
    older.update(
        leftBuildingHeight=2, leftBuildingVariant="grass", rightBuildingHeight=5
    )  # 31 -> 32 moves them into boundary

    assert parse_section(new).left_building_height == 6
    assert parse_section(new).right_building_height is None  # a parking lot has no floors
    assert parse_section(older).left_building_height is None  # grass has no floors
    assert parse_section(older).right_building_height == 5


def test_upgrade_leaves_its_input_alone_and_ends_at_schema_35() -> None:
    raw = old(17, 2, 100, {"type": "sidewalk", "width": 10})
    before = json.dumps(raw)

    upgraded = upgrade(raw, 17)

    assert json.dumps(raw) == before
    assert upgraded["schemaVersion"] == 35
    assert upgraded["width"] == 30.0  # 100 * 0.3
    assert upgraded["segments"][0]["slope"] == {"on": False, "values": []}
    assert upgraded["location"] is None


# --- the round trip ------------------------------------------------------------------------------

_TYPES = st.sampled_from([*sorted(CATALOGUE), "hovercraft"])
_MM = st.integers(min_value=250, max_value=12_000).map(lambda mm: mm / 1000)
_ELEVATION = st.integers(min_value=0, max_value=1500).map(lambda mm: mm / 1000)


@st.composite
def sections(draw: st.DrawFn) -> Section:
    count = draw(st.integers(min_value=1, max_value=8))
    segments = tuple(
        Segment(
            id=f"s{index}",
            type=draw(_TYPES),
            variant=draw(st.sampled_from(["", "inbound|car", "left|light-rail", "dense"])),
            width=draw(_MM),
            elevation=draw(_ELEVATION),
        )
        for index in range(count)
    )
    floors = st.none() | st.integers(min_value=0, max_value=20)
    return Section(
        width=draw(st.integers(min_value=3000, max_value=120_000).map(lambda mm: mm / 1000)),
        units=draw(st.sampled_from([0, 1])),
        segments=segments,
        name=draw(st.none() | st.text(max_size=30)),
        left_building_height=draw(floors),
        right_building_height=draw(floors),
    )


@settings(max_examples=60, deadline=None)
@given(sections())
def test_a_section_written_for_streetmix_reads_back_the_same(section: Section) -> None:
    document = json.loads(json.dumps(to_streetmix(section)))

    assert document["data"]["street"]["schemaVersion"] == 35
    assert parse_section(document) == section
