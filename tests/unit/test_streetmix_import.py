"""Importing Streetmix streets: schema versions, feet, levels, units, ids, wrappers, real files."""

from __future__ import annotations

import copy
import hashlib
import json
import re
from pathlib import Path

import pytest

from chalicelib.domain.errors import InvalidInput, Problem
from chalicelib.domain.section import Section, parse_section, section_warnings
from tests.support.streetmix import MISSING, STREETMIX_DOCUMENTS, needs_documents

FIXTURES = Path(__file__).parent / "fixtures"
REAL = STREETMIX_DOCUMENTS  # real documents, AGPL, read in place (tests/support/streetmix.py)


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


def real(name: str) -> object:
    if not REAL.is_dir():
        pytest.skip(MISSING)
    return json.loads((REAL / name).read_text())


def problems_of(raw: object) -> list[Problem]:
    with pytest.raises(InvalidInput) as caught:
        parse_section(raw)
    return caught.value.problems


def street(schema: int, **fields: object) -> dict:
    """A small Streetmix street of the given schema version, numbers as Streetmix stores them."""
    return {
        "schemaVersion": schema,
        "units": 0,
        "width": 10,
        "segments": [
            {"type": "sidewalk", "variantString": "normal", "width": 3, "elevation": 1},
            {"type": "drive-lane", "variantString": "inbound|car", "width": 3.5, "elevation": 0},
        ],
        **fields,
    }


def reimported(section: Section) -> Section:
    return parse_section(json.loads(json.dumps(section.to_dict())))


# --- own fixtures -----------------------------------------------------------------------------


def test_schema_17_in_feet_without_ids() -> None:
    section = parse_section(fixture("streetmix-schema17-feet.json"))

    assert section.width == 20.117  # 66 ft
    assert section.units == 1
    assert [s.width for s in section.segments] == [
        2.438,  # 8 ft
        0.61,  # 2 ft
        2.134,  # 7 ft
        1.524,  # 5 ft
        3.048,  # 10 ft
        0.61,
        3.048,
        1.524,
        2.134,
        0.61,
        2.438,
    ]
    assert [s.id for s in section.segments] == [
        "sidewalk-1",
        "sidewalk-lamp-1",
        "parking-lane-1",
        "bike-lane-1",
        "drive-lane-1",
        "divider-1",
        "drive-lane-2",
        "bike-lane-2",
        "parking-lane-2",
        "sidewalk-lamp-2",
        "sidewalk-2",
    ]
    # Feet rounded to millimetres add up to 1 mm more than the street: within the tolerance.
    assert section.occupied_width == 20.118
    assert section.remaining_width == 0.0
    assert (section.left_building_height, section.right_building_height) == (3, 5)


def test_schema_17_elevations_are_levels() -> None:
    section = parse_section(fixture("streetmix-schema17-feet.json"))

    # An imperial street: level 1 is 6 in, round(0.5 * 0.3048, 3) = 0.152 m (schema 32 -> 33).
    assert section.segment("sidewalk-1").elevation == 0.152  # type: ignore[union-attr]
    assert section.segment("parking-lane-1").elevation == 0.0  # type: ignore[union-attr]
    # No elevation: schema 26 -> 27 gives a drive lane level 0.
    assert section.segment("drive-lane-1").elevation == 0.0  # type: ignore[union-attr]


def test_schema_30_metric_with_nanoid_ids_and_levels() -> None:
    section = parse_section(fixture("streetmix-schema30-metric.json"))

    assert section.width == 22.0
    assert section.units == 0
    assert section.segments[0].id == "SmtyzmdgErKyddLfwFn7n"
    assert section.segments[3].id == "vysv3vXB8sASPQKCp_hP-"
    assert [s.elevation for s in section.segments] == [
        0.15,
        0.15,
        0.15,
        0.0,
        0.0,
        0.0,
        0.75,  # a transit shelter at level 2: a light-rail platform, 0.75 m on a metric street
        0.0,
        0.15,
    ]
    assert section.remaining_width == 1.1
    assert section.segments[2].variant == "inbound|green|sidewalk"


def test_schema_33_units_2_without_ids() -> None:
    section = parse_section(fixture("streetmix-schema33-units2.json"))

    assert section.units == 0
    assert section.width == 18.4
    assert [s.id for s in section.segments] == [
        "sidewalk-1",
        "streetcar-1",
        "drive-lane-1",
        "drive-lane-2",
        "streetcar-2",
        "sidewalk-2",
    ]
    assert section.segments[0].elevation == 0.15  # metres from schema 33 on
    assert section.segments[3].variant == ""
    assert section.segments[4].elevation == 0.0
    assert section.remaining_width == 0.0


def test_api_response_wrapper() -> None:
    section = parse_section(fixture("streetmix-api-response.json"))

    assert section.name == "Harbour Street, shared space trial"  # the top-level name wins
    assert section.width == 16.0
    assert len(section.segments) == 5
    assert section.remaining_width == 1.5
    # Building heights live in `boundary` in new streets.
    assert (section.left_building_height, section.right_building_height) == (4, 2)


@pytest.mark.parametrize(
    "name",
    [
        "streetmix-schema17-feet.json",
        "streetmix-schema30-metric.json",
        "streetmix-schema33-units2.json",
        "streetmix-api-response.json",
    ],
)
def test_imported_streets_round_trip_in_canonical_form(name: str) -> None:
    section = parse_section(fixture(name))

    assert reimported(section) == section


def test_canonical_form_of_an_import_is_in_metres() -> None:
    data = parse_section(fixture("streetmix-schema17-feet.json")).to_dict()

    assert "schemaVersion" not in data
    assert data["width"] == 20.117
    assert data["segments"][0] == {
        "id": "sidewalk-1",
        "type": "sidewalk",
        "variantString": "normal",
        "width": 2.438,
        "elevation": 0.152,
    }


# --- real documents ---------------------------------------------------------------------------


@needs_documents
def test_the_real_documents_are_the_ones_their_sources_name() -> None:
    """Each document whose row in SOURCE.md gives a git blob hash is byte for byte that blob."""
    rows = re.findall(
        r"^\| `([^`]+)` \| `[^`]+` \| `([0-9a-f]{40})` \|$",
        (REAL / "SOURCE.md").read_text(),
        re.MULTILINE,
    )
    assert rows
    for name, blob in rows:
        content = (REAL / name).read_bytes()
        header = f"blob {len(content)}\0".encode()
        assert hashlib.sha1(header + content).hexdigest() == blob, name


def test_real_sample_response_schema_17_feet() -> None:
    section = parse_section(real("3dstreet-sample-streetmix-response.json"))

    assert section.width == 15.24
    assert len(section.segments) == 7
    assert section.segments[0].type == "parking-lane"
    assert section.segments[0].width == 2.743
    assert [s.id for s in section.segments] == [
        "parking-lane-1",
        "bike-lane-1",
        "drive-lane-1",
        "divider-1",
        "drive-lane-2",
        "bike-lane-2",
        "parking-lane-2",
    ]
    assert section.segment("divider-1").variant == "striped-buffer"  # type: ignore[union-attr]
    assert section.name == "A-Frame City Builder - Street Only"
    assert section.units == 1


def test_real_schema_30_street() -> None:
    section = parse_section(real("3dstreet-streetmix-schema30.json"))

    assert section.width == 24.0
    assert len(section.segments) == 14
    assert section.remaining_width == 1.8
    assert section.segments[0].id == "4VHYS597H_ZDBm1YGkW6I"
    assert section.segments[0].elevation == 0.15
    assert section.name is None


def test_real_light_rail_avenue() -> None:
    section = parse_section(real("3dstreet-light-rail-avenue.streetmix.json"))

    assert section.remaining_width == 0.0
    assert section.units == 0
    rail_ids = [s.id for s in section.segments if s.type == "light-rail"]
    assert rail_ids == [f"light-rail-{n}" for n in range(1, 7)]


def test_real_street_json_with_placeholder_segments_is_refused_cleanly() -> None:
    problems = problems_of(real("street.json"))

    assert [p.field for p in problems] == [
        "plan.data.street.segments[0]",
        "plan.data.street.segments[1]",
    ]
    assert "'Object'" in problems[0].message


def test_real_post_response_is_refused_cleanly() -> None:
    assert problems_of(real("street-post-response.json"))


@pytest.mark.parametrize(
    "name",
    [
        "3dstreet-sample-streetmix-response.json",
        "3dstreet-streetmix-schema30.json",
        "3dstreet-light-rail-avenue.streetmix.json",
    ],
)
def test_real_streets_round_trip(name: str) -> None:
    section = parse_section(real(name))

    assert reimported(section) == section


# --- schema versions --------------------------------------------------------------------------


@pytest.mark.parametrize(("schema", "width"), [(17, 3.048), (29, 3.048), (30, 10.0), (35, 10.0)])
def test_widths_are_feet_before_schema_30(schema: int, width: float) -> None:
    raw = street(schema, width=10, units=0)  # `units` does not change the unit of storage
    raw["segments"] = [{"type": "sidewalk", "width": 3}]

    section = parse_section(raw)

    assert section.width == width
    assert section.segments[0].width == (0.914 if schema < 30 else 3.0)


@pytest.mark.parametrize(("schema", "elevation"), [(17, 0.15), (32, 0.15), (33, 1.0), (35, 1.0)])
def test_elevations_are_levels_before_schema_33(schema: int, elevation: float) -> None:
    raw = street(schema, width=40)
    raw["segments"] = [{"type": "sidewalk", "width": 10, "elevation": 1}]  # 10 ft or 10 m

    assert parse_section(raw).segments[0].elevation == elevation


@pytest.mark.parametrize(("units", "platform"), [(0, 0.75), (1, 0.762), (2, 0.75)])
def test_a_light_rail_shelters_level_2_is_a_platform(units: int, platform: float) -> None:
    # schema 32 -> 33: metric 0.75 m; imperial 2.5 ft, round(2.5 * 0.3048, 3) = 0.762 m.
    raw = street(30, units=units)
    raw["segments"][0].update(type="transit-shelter", variantString="left|light-rail", elevation=2)

    assert parse_section(raw).segments[0].elevation == platform


@pytest.mark.parametrize("schema", [36, 0, -1, 1000])
def test_unsupported_schema_versions_name_the_version_and_range(schema: int) -> None:
    problems = problems_of(street(schema))

    assert [p.field for p in problems] == ["plan.schemaVersion"]
    assert str(schema) in problems[0].message
    assert "1 to 35" in problems[0].message


def test_huge_schema_version_is_refused_without_printing_it() -> None:
    [problem] = problems_of(street(17, schemaVersion=10**5000))

    assert "too large" in problem.message


@pytest.mark.parametrize("schema", ["30", 30.5, 30.0, True, None, [30], {"v": 30}])
def test_schema_version_must_be_a_whole_number(schema: object) -> None:
    problems = problems_of(street(17, schemaVersion=schema))

    assert [p.field for p in problems] == ["plan.schemaVersion"]
    assert "1 to 35" in problems[0].message


def test_unknown_schema_still_reports_wrong_types_elsewhere() -> None:
    raw = street(99)
    raw["segments"][1]["width"] = "wide"

    assert [p.field for p in problems_of(raw)] == [
        "plan.schemaVersion",
        "plan.segments[1].width",
    ]


# --- units, widths, messages ------------------------------------------------------------------


@pytest.mark.parametrize(("units", "stored"), [(0, 0), (1, 1), (2, 0)])
def test_streetmix_units(units: int, stored: int) -> None:
    assert parse_section(street(30, units=units)).units == stored


@pytest.mark.parametrize("units", [3, -1, "metric", True, [1], {"units": 1}])
def test_other_units_are_a_problem(units: object) -> None:
    assert [p.field for p in problems_of(street(30, units=units))] == ["plan.units"]


def test_unusual_width_on_an_imperial_street_is_a_warning_in_metres_and_feet() -> None:
    raw = street(20, width=60, units=1)
    raw["segments"][1]["width"] = 4  # 1.219 m drive lane

    [warning] = section_warnings(parse_section(raw))

    assert warning.field == "plan.segments[1].width"
    assert warning.kind == "unusual-width"
    assert warning.message.startswith(
        "segment 2 (drive-lane) is 1.219 m (4 ft) wide, unusually narrow for a drive lane "
        "(usually 2.0 m (6.56 ft) to 8.0 m (26.25 ft))"
    )


def test_unusual_width_on_a_metric_street_is_in_metres_only() -> None:
    raw = street(20, width=60, units=2)  # old metric; widths still stored in feet
    raw["segments"][1]["width"] = 4  # round(4 * 0.3, 3) = 1.2 m

    [warning] = section_warnings(parse_section(raw))

    assert "is 1.2 m wide" in warning.message and "ft" not in warning.message


def test_over_width_in_feet_is_a_warning() -> None:
    raw = street(20, width=12, units=1)  # 3.658 m
    raw["segments"] = [{"type": "sidewalk", "width": 6}, {"type": "drive-lane", "width": 7}]

    [warning] = section_warnings(parse_section(raw))

    assert warning.field == "plan.segments"
    assert warning.kind == "overflow"
    assert warning.message.startswith(
        "the segments add up to 3.963 m (13 ft), 0.305 m (1 ft) more than"
    )
    assert "the street's width of 3.658 m (12 ft)" in warning.message


# --- variants ---------------------------------------------------------------------------------


def test_template_variant_object_is_joined_in_order() -> None:
    raw = street(30)
    del raw["segments"][1]["variantString"]
    raw["segments"][1]["variant"] = {"direction": "inbound", "car-type": "truck"}

    assert parse_section(raw).segments[1].variant == "inbound|truck"


def test_variant_string_wins_over_variant_object() -> None:
    raw = street(30)
    raw["segments"][1]["variant"] = {"direction": "outbound"}

    assert parse_section(raw).segments[1].variant == "inbound|car"


def test_variant_object_with_non_text_values_is_a_problem() -> None:
    raw = street(30)
    del raw["segments"][1]["variantString"]
    raw["segments"][1]["variant"] = {"direction": ["inbound"]}

    assert [p.field for p in problems_of(raw)] == ["plan.segments[1].variant"]


# --- ids --------------------------------------------------------------------------------------


def test_ids_count_each_type_from_the_left() -> None:
    raw = street(30, width=30)
    raw["segments"] = [
        {"type": "light-rail", "width": 3.5},
        {"type": "divider", "width": 1},
        {"type": "light-rail", "width": 3.5},
        {"type": "divider", "width": 1},
        {"type": "light-rail", "width": 3.5},
    ]

    ids = [s.id for s in parse_section(raw).segments]

    assert ids == ["light-rail-1", "divider-1", "light-rail-2", "divider-2", "light-rail-3"]


def test_generated_ids_skip_ids_present_in_the_document() -> None:
    raw = street(30, width=30)
    raw["segments"] = [
        {"type": "light-rail", "width": 3.5},
        {"type": "light-rail", "width": 3.5, "id": "light-rail-1"},
        {"type": "light-rail", "width": 3.5, "id": "light-rail-3_2"},
        {"type": "light-rail", "width": 3.5},
    ]

    ids = [s.id for s in parse_section(raw).segments]

    # the first would be light-rail-1, taken further right; the fourth is light-rail-4
    assert ids == ["light-rail-1_2", "light-rail-1", "light-rail-3_2", "light-rail-4"]


def test_generated_id_skips_a_taken_suffix_too() -> None:
    raw = street(30, width=30)
    raw["segments"] = [
        {"type": "bus-lane", "width": 3.5},
        {"type": "sidewalk", "width": 2, "id": "bus-lane-1"},
        {"type": "sidewalk", "width": 2, "id": "bus-lane-1_2"},
    ]

    assert parse_section(raw).segments[0].id == "bus-lane-1_3"


def test_duplicate_nanoids_are_a_problem_naming_the_id() -> None:
    raw = fixture("streetmix-schema30-metric.json")
    raw["segments"][8]["id"] = raw["segments"][0]["id"]

    [problem] = problems_of(raw)

    assert problem.field == "plan.segments[8].id"
    assert "'SmtyzmdgErKyddLfwFn7n'" in problem.message


def test_null_id_counts_as_missing() -> None:
    raw = street(30)
    raw["segments"][0]["id"] = None

    assert parse_section(raw).segments[0].id == "sidewalk-1"


# --- unknown fields, wrappers -----------------------------------------------------------------


def test_unknown_fields_anywhere_are_ignored() -> None:
    raw = street(30)
    raw.update(
        randSeed=5,
        skybox="night",
        boundary={"left": {"floors": "many"}},
        location={"latlng": "Object"},
        editCount=3,
        warnings=[True, {"x": None}],
        futureField=[[[]]],
    )
    raw["segments"][0].update(randSeed=12, label={"en": "x"}, slope={"values": [1, 0]})

    assert parse_section(raw) == parse_section(street(30))


def test_unknown_segment_type_is_kept_with_a_warning_naming_it() -> None:
    raw = street(30)
    raw["segments"][1]["type"] = "hoverboard-lane"

    section = parse_section(raw)
    [warning] = section_warnings(section)

    assert section.segments[1].type == "hoverboard-lane"
    assert section.segments[1].id == "hoverboard-lane-1"
    assert warning.field == "plan.segments[1].type"
    assert warning.kind == "unknown-type"
    assert "'hoverboard-lane'" in warning.message


def test_wrapper_field_paths_point_into_the_wrapper() -> None:
    raw = {"name": "x", "data": {"street": street(30)}}
    raw["data"]["street"]["segments"][0]["width"] = "3"

    assert [p.field for p in problems_of(raw)] == ["plan.data.street.segments[0].width"]


def test_wrapper_without_a_string_name_uses_the_street_name() -> None:
    raw = {"name": None, "data": {"street": street(30, name="Inner name")}}

    assert parse_section(raw).name == "Inner name"


def test_wrapper_name_wins_over_the_street_name() -> None:
    raw = {"name": "Outer", "data": {"street": street(30, name="Inner")}}

    assert parse_section(raw).name == "Outer"


@pytest.mark.parametrize(
    "data", [None, "street", [], {}, {"street": None}, {"street": "Object"}, {"street": [1]}]
)
def test_wrapper_without_a_street_object(data: object) -> None:
    assert [p.field for p in problems_of({"data": data})] == ["plan.data.street"]


@pytest.mark.parametrize(("stamp", "width"), [("2018-03-01T00:00:00Z", 3.048), (None, 3.048)])
def test_wrapper_street_without_schema_version_is_read_as_streetmix_does(
    stamp: object, width: float
) -> None:
    # Streetmix: schema 17 if created or updated in 2018, else 1; both store feet.
    inner = street(30)
    del inner["schemaVersion"]

    section = parse_section({"createdAt": stamp, "data": {"street": inner}})

    assert section.width == width
    if stamp is None:  # schema 1 -> 2 sets the building heights 4 and 3 (narrow, wide)
        assert (section.left_building_height, section.right_building_height) == (4, 3)


def test_parsing_does_not_change_the_input() -> None:
    raw = fixture("streetmix-schema17-feet.json")
    before = copy.deepcopy(raw)

    parse_section(raw)

    assert raw == before
