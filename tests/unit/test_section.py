"""Street sections in canonical form: the model, every validation rule, wrong types, round trips."""

from __future__ import annotations

import contextlib
import copy
import json
import math
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain.catalogue import (
    CATALOGUE,
    SEGMENT_MAX_WIDTH,
    SEGMENT_MIN_WIDTH,
    segment_type,
)
from chalicelib.domain.errors import InvalidInput, Problem
from chalicelib.domain.plans import parse_plan
from chalicelib.domain.section import (
    MAX_SEGMENTS,
    Section,
    Segment,
    parse_section,
    section_warnings,
)
from chalicelib.domain.validation import MAX_PROBLEMS


def canonical() -> dict:
    """A valid 12 m street in canonical form, 0.5 m of it left over."""
    return {
        "width": 12,
        "units": 0,
        "name": "Test Street",
        "leftBuildingHeight": 2,
        "rightBuildingHeight": 3,
        "remainingWidth": 0.5,
        "segments": [
            {
                "id": "west-footpath",
                "type": "sidewalk",
                "variantString": "dense",
                "width": 3.0,
                "elevation": 0.15,
            },
            {
                "id": "lane-in",
                "type": "drive-lane",
                "variantString": "inbound|car",
                "width": 3.0,
                "elevation": 0,
            },
            {
                "id": "lane-out",
                "type": "drive-lane",
                "variantString": "outbound|car",
                "width": 3.0,
                "elevation": 0,
            },
            {
                "id": "east-footpath",
                "type": "sidewalk",
                "variantString": "normal",
                "width": 2.5,
                "elevation": 0.15,
            },
        ],
    }


def problems_of(raw: object, **kwargs: str) -> list[Problem]:
    with pytest.raises(InvalidInput) as caught:
        parse_section(raw, **kwargs)
    return caught.value.problems


def fields_of(raw: object) -> list[str | None]:
    return [problem.field for problem in problems_of(raw)]


# --- the model ------------------------------------------------------------------------------


def test_canonical_section_is_read_in_metres() -> None:
    section = parse_section(canonical())

    assert section.width == 12.0
    assert section.units == 0
    assert section.name == "Test Street"
    assert (section.left_building_height, section.right_building_height) == (2, 3)
    assert [s.id for s in section.segments] == [
        "west-footpath",
        "lane-in",
        "lane-out",
        "east-footpath",
    ]
    assert section.segments[0] == Segment("west-footpath", "sidewalk", "dense", 3.0, 0.15)


def test_occupied_and_remaining_width() -> None:
    section = parse_section(canonical())

    assert section.occupied_width == 11.5
    assert section.remaining_width == 0.5


def test_remaining_width_is_never_negative_within_the_tolerance() -> None:
    raw = canonical()
    raw["segments"][0]["width"] = 3.508  # 0.008 m over: feet rounding, allowed

    section = parse_section(raw)

    assert section.occupied_width == 12.008
    assert section.remaining_width == 0.0


def test_remaining_width_on_input_is_ignored_and_recomputed() -> None:
    raw = canonical()
    raw["remainingWidth"] = 99

    assert parse_section(raw).to_dict()["remainingWidth"] == 0.5


def test_element_ids_and_segment_lookup() -> None:
    section = parse_section(canonical())

    assert section.element_ids == frozenset(
        {"west-footpath", "lane-in", "lane-out", "east-footpath"}
    )
    assert section.segment("lane-out") == section.segments[2]
    assert section.segment("nowhere") is None


def test_to_dict_uses_streetmix_names_and_omits_missing_optionals() -> None:
    raw = canonical()
    del raw["name"], raw["leftBuildingHeight"], raw["rightBuildingHeight"]

    data = parse_section(raw).to_dict()

    assert list(data) == ["width", "units", "remainingWidth", "segments"]
    assert data["segments"][1] == {
        "id": "lane-in",
        "type": "drive-lane",
        "variantString": "inbound|car",
        "width": 3.0,
        "elevation": 0.0,
    }


def test_to_dict_includes_given_optionals() -> None:
    data = parse_section(canonical()).to_dict()

    assert data["name"] == "Test Street"
    assert data["leftBuildingHeight"] == 2
    assert data["rightBuildingHeight"] == 3
    assert json.loads(json.dumps(data)) == data


def test_widths_are_rounded_to_the_millimetre() -> None:
    raw = canonical()
    raw["segments"][0]["width"] = 2.99951
    raw["segments"][0]["elevation"] = 0.15049

    segment = parse_section(raw).segments[0]

    assert segment.width == 3.0
    assert segment.elevation == 0.15


def test_missing_units_elevation_and_variant_take_defaults() -> None:
    raw = canonical()
    del raw["units"]
    del raw["segments"][1]["elevation"], raw["segments"][1]["variantString"]

    section = parse_section(raw)

    assert section.units == 0
    assert section.segments[1].elevation == 0.0
    assert section.segments[1].variant == ""


@pytest.mark.parametrize(("given", "stored"), [(0, 0), (1, 1), (2, 0)])
def test_units(given: int, stored: int) -> None:
    raw = canonical()
    raw["units"] = given

    assert parse_section(raw).units == stored


def test_segments_without_ids_get_ids_counting_their_type_from_the_left() -> None:
    raw = canonical()
    for segment in raw["segments"]:
        del segment["id"]

    section = parse_section(raw)

    assert [s.id for s in section.segments] == [
        "sidewalk-1",
        "drive-lane-1",
        "drive-lane-2",
        "sidewalk-2",
    ]


def test_generated_id_that_collides_with_a_given_one_gets_a_suffix() -> None:
    raw = canonical()
    raw["segments"][0]["id"] = "drive-lane-2"
    del raw["segments"][1]["id"], raw["segments"][2]["id"]

    ids = [s.id for s in parse_section(raw).segments]

    assert ids == ["drive-lane-2", "drive-lane-1", "drive-lane-2_2", "east-footpath"]
    assert len(set(ids)) == len(ids)


def test_generated_ids_are_stable() -> None:
    raw = canonical()
    for segment in raw["segments"]:
        segment["id"] = None

    assert parse_section(raw) == parse_section(copy.deepcopy(raw))


@pytest.mark.parametrize("segment_id", ["4VHYS597H_ZDBm1YGkW6I", "a", "x" * 64, "a.b:c-d_e"])
def test_valid_ids(segment_id: str) -> None:
    raw = canonical()
    raw["segments"][0]["id"] = segment_id

    assert parse_section(raw).segments[0].id == segment_id


# --- rules ----------------------------------------------------------------------------------


def test_duplicate_ids_are_a_problem_naming_the_id() -> None:
    raw = canonical()
    raw["segments"][3]["id"] = "lane-in"

    [problem] = problems_of(raw)

    assert problem.field == "plan.segments[3].id"
    assert "'lane-in'" in problem.message
    assert "segment 2" in problem.message


def test_unknown_type_is_kept_and_named_in_a_warning() -> None:
    raw = canonical()
    raw["segments"][2]["type"] = "hoverboard-lane"

    section = parse_section(raw)
    [warning] = section_warnings(section)

    assert section.segments[2].type == "hoverboard-lane"
    assert warning.field == "plan.segments[2].type"
    assert "segment type 'hoverboard-lane'" in warning.message
    assert "kept with its name" in warning.message


def test_unknown_type_close_to_a_known_one_gets_a_suggestion() -> None:
    raw = canonical()
    raw["segments"][1]["type"] = "drive_lane"

    [warning] = section_warnings(parse_section(raw))

    assert "did you mean 'drive-lane'?" in warning.message


def test_segment_narrower_than_its_type_usually_is_a_warning_not_a_refusal() -> None:
    raw = canonical()
    raw["segments"][3]["type"] = "drive-lane"
    raw["segments"][3]["width"] = 1.2

    [warning] = section_warnings(parse_section(raw))

    assert warning.field == "plan.segments[3].width"
    assert warning.message == (
        "segment 4 (drive-lane) is 1.2 m wide, unusually narrow for a drive lane "
        "(usually 2.0 m to 8.0 m); check it is what you meant."
    )


def test_segment_wider_than_its_type_usually_is_a_warning() -> None:
    raw = canonical()
    raw["width"] = 30
    raw["segments"][1]["width"] = 9

    [warning] = section_warnings(parse_section(raw))

    assert warning.field == "plan.segments[1].width"
    assert "9.0 m wide, unusually wide" in warning.message


def test_a_one_foot_bench_strip_is_accepted() -> None:
    raw = canonical()
    raw["segments"][0]["type"] = "sidewalk-bench"
    raw["segments"][0]["width"] = 0.305

    assert parse_section(raw).segments[0].width == 0.305


@pytest.mark.parametrize("width", [0, -1, 0.1])
def test_segment_width_below_any_segment(width: float) -> None:
    raw = canonical()
    raw["segments"][0]["type"] = "divider"
    raw["segments"][0]["width"] = width

    assert fields_of(raw) == ["plan.segments[0].width"]


@pytest.mark.parametrize("width", [2.9, 120.5, 0, -12])
def test_street_width_must_be_3_to_120_m(width: float) -> None:
    raw = canonical()
    raw["width"] = width

    problems = problems_of(raw)

    assert problems[0].field == "plan.width"
    assert "3.0 m to 120.0 m wide" in problems[0].message


def test_an_imperial_street_may_be_400_ft_wide() -> None:
    raw = canonical()
    raw["units"] = 1
    raw["width"] = 121.92

    assert parse_section(raw).width == 121.92
    raw["width"] = 122
    [problem] = problems_of(raw)
    assert "3.0 m (9.84 ft) to 121.92 m (400 ft) wide" in problem.message


def test_street_width_bounds_are_inclusive() -> None:
    raw = canonical()
    raw["width"] = 3
    raw["segments"] = [raw["segments"][0]]

    assert parse_section(raw).width == 3.0


def test_segments_wider_than_the_street_are_a_warning_saying_by_how_much() -> None:
    raw = canonical()
    raw["width"] = 10.3

    [warning] = section_warnings(parse_section(raw))

    assert warning.field == "plan.segments"
    assert warning.kind == "overflow"
    assert "11.5 m" in warning.message
    assert "1.2 m more" in warning.message
    assert "10.3 m" in warning.message


def test_over_width_beyond_the_tolerance_is_a_warning() -> None:
    raw = canonical()
    raw["width"] = 11.489  # 0.011 m over

    assert [w.field for w in section_warnings(parse_section(raw))] == ["plan.segments"]


def test_over_width_within_the_tolerance_is_no_warning() -> None:
    raw = canonical()
    raw["width"] = 11.49  # 0.01 m over: feet rounded to millimetres

    assert section_warnings(parse_section(raw)) == ()


def test_at_least_one_segment() -> None:
    raw = canonical()
    raw["segments"] = []

    assert fields_of(raw) == ["plan.segments"]


def test_at_most_60_segments() -> None:
    raw = canonical()
    raw["width"] = 120
    raw["segments"] = [{"type": "divider", "width": 0.5} for _ in range(MAX_SEGMENTS + 1)]

    [problem] = problems_of(raw)

    assert problem.field == "plan.segments"
    assert "61 segments" in problem.message


def test_exactly_60_segments_pass() -> None:
    raw = canonical()
    raw["width"] = 120
    raw["segments"] = [{"type": "divider", "width": 0.5} for _ in range(MAX_SEGMENTS)]

    assert len(parse_section(raw).segments) == MAX_SEGMENTS


def test_all_problems_are_collected_at_once() -> None:
    raw = canonical()
    raw["width"] = "wide"
    raw["units"] = 7
    raw["segments"][0]["type"] = 7
    raw["segments"][1]["width"] = 0.1
    raw["segments"][2]["elevation"] = "high"
    raw["segments"][3]["id"] = "lane-in"

    assert fields_of(raw) == [
        "plan.width",
        "plan.units",
        "plan.segments[0].type",
        "plan.segments[1].width",
        "plan.segments[2].elevation",
        "plan.segments[3].id",
    ]


def test_field_paths_use_the_given_prefix() -> None:
    raw = canonical()
    raw["segments"][3]["width"] = "x"

    [problem] = problems_of(raw, path="options[1].plan")

    assert problem.field == "options[1].plan.segments[3].width"


def test_problems_are_capped() -> None:
    raw = canonical()
    raw["segments"] = [{"type": "nope", "width": "x", "id": "bad id"} for _ in range(60)]

    problems = problems_of(raw)

    assert len(problems) == MAX_PROBLEMS
    assert problems[-1].field == "plan"
    assert "more problems" in problems[-1].message


# --- wrong types: nothing but InvalidInput escapes --------------------------------------------


@pytest.mark.parametrize("raw", [None, [], "street", 42, True, 3.5, b"{}", object()])
def test_a_section_that_is_not_an_object(raw: object) -> None:
    assert fields_of(raw) == ["plan"]


def test_an_empty_object() -> None:
    assert fields_of({}) == ["plan.width", "plan.segments"]


HUGE_INT = pytest.param(10**5000, id="10**5000")  # str() of it raises, so it needs its own id
BAD_NUMBERS = [
    "12", None, True, False, math.nan, math.inf, -math.inf, [], {}, [12], 10**400, HUGE_INT,
]  # fmt: skip


@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_street_width_of_the_wrong_type(value: object) -> None:
    raw = canonical()
    raw["width"] = value

    assert fields_of(raw) == ["plan.width"]


@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_segment_width_of_the_wrong_type(value: object) -> None:
    raw = canonical()
    raw["segments"][1]["width"] = value

    assert fields_of(raw) == ["plan.segments[1].width"]


@pytest.mark.parametrize("value", ["0.15", True, math.nan, math.inf, [], {}, 11, -10.5])
def test_elevation_of_the_wrong_type_or_size(value: object) -> None:
    raw = canonical()
    raw["segments"][0]["elevation"] = value

    assert fields_of(raw) == ["plan.segments[0].elevation"]


@pytest.mark.parametrize("value", ["0", True, False, 3, -1, 0.5, math.nan, [], {}, HUGE_INT])
def test_units_of_the_wrong_type_or_value(value: object) -> None:
    raw = canonical()
    raw["units"] = value

    assert fields_of(raw) == ["plan.units"]


@pytest.mark.parametrize("value", [5, True, [], {}, "x" * 201])
def test_name_of_the_wrong_type(value: object) -> None:
    raw = canonical()
    raw["name"] = value

    assert fields_of(raw) == ["plan.name"]


@pytest.mark.parametrize("value", ["3", True, -1, 201, math.nan, [], {}])
def test_building_height_of_the_wrong_type(value: object) -> None:
    raw = canonical()
    raw["leftBuildingHeight"] = value
    raw["rightBuildingHeight"] = value

    assert fields_of(raw) == ["plan.leftBuildingHeight", "plan.rightBuildingHeight"]


@pytest.mark.parametrize("value", ["segments", {}, 4, True, {"0": {"type": "sidewalk"}}])
def test_segments_that_are_not_a_list(value: object) -> None:
    raw = canonical()
    raw["segments"] = value

    assert fields_of(raw) == ["plan.segments"]


@pytest.mark.parametrize("item", [None, "Object", 3, True, [], ["sidewalk", 3], math.nan])
def test_segment_that_is_not_an_object(item: object) -> None:
    raw = canonical()
    raw["segments"][2] = item

    assert fields_of(raw) == ["plan.segments[2]"]


@pytest.mark.parametrize("value", [None, 5, True, [], {}, ["sidewalk"]])
def test_segment_type_of_the_wrong_type(value: object) -> None:
    raw = canonical()
    raw["segments"][0]["type"] = value

    assert fields_of(raw) == ["plan.segments[0].type"]


def test_missing_segment_type_and_width() -> None:
    raw = canonical()
    raw["segments"][0] = {"id": "x"}

    assert fields_of(raw) == ["plan.segments[0].type", "plan.segments[0].width"]


@pytest.mark.parametrize("value", [5, True, [], ["a", "b"], {"a": 1}, {"a": None}, "v" * 201])
def test_variant_of_the_wrong_type(value: object) -> None:
    raw = canonical()
    raw["segments"][0]["variantString"] = value

    assert fields_of(raw) == ["plan.segments[0].variantString"]


@pytest.mark.parametrize(
    "value", ["", "has space", "x" * 65, "abc\n", "é", "a/b", 5, True, 1.5, [], {}]
)
def test_bad_segment_ids(value: object) -> None:
    raw = canonical()
    raw["segments"][0]["id"] = value

    assert fields_of(raw) == ["plan.segments[0].id"]


def test_nested_garbage_everywhere() -> None:
    raw = {
        "width": {"metric": 12},
        "units": [0],
        "segments": [{"type": {"a": [1, {"b": None}]}, "width": [[[]]], "elevation": {"x": {}}}],
        "name": {"en": "x"},
    }

    assert fields_of(raw) == [
        "plan.width",
        "plan.units",
        "plan.name",
        "plan.segments[0].type",
        "plan.segments[0].width",
        "plan.segments[0].elevation",
    ]


def test_numbers_of_other_real_types_are_read() -> None:
    from decimal import Decimal
    from fractions import Fraction

    raw = canonical()
    raw["width"] = Decimal("12.0")
    raw["segments"][0]["width"] = Fraction(3, 1)

    assert parse_section(raw).width == 12.0


JSON_GARBAGE = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()  # NaN and infinity included
    | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["width", "units", "segments", "type", "id", "elevation", "x"]),
            children,
            max_size=4,
        )
    ),
    max_leaves=20,
)


@given(JSON_GARBAGE)
def test_garbage_raises_only_invalid_input(raw: object) -> None:
    try:
        parse_section(raw)
    except InvalidInput as error:
        assert error.problems
        assert all(isinstance(p.message, str) and p.message for p in error.problems)


@given(st.data())
def test_any_field_replaced_by_garbage_raises_only_invalid_input(data: st.DataObject) -> None:
    raw = canonical()
    segment = data.draw(st.sampled_from(raw["segments"]))
    target = data.draw(st.sampled_from([raw, segment]))
    key = data.draw(st.sampled_from(sorted(target)))
    target[key] = data.draw(JSON_GARBAGE)
    with contextlib.suppress(InvalidInput):
        parse_section(raw)


# --- the catalogue ----------------------------------------------------------------------------

STREETMIX_TYPES = [
    "sidewalk",
    "sidewalk-tree",
    "sidewalk-bike-rack",
    "sidewalk-bench",
    "sidewalk-wayfinding",
    "sidewalk-lamp",
    "utilities",
    "parklet",
    "outdoor-dining",
    "bikeshare",
    "food-truck",
    "flex-zone",
    "flex-zone-curb",
    "temporary",
    "divider",
    "bike-lane",
    "scooter",
    "scooter-drop-zone",
    "drive-lane",
    "turn-lane",
    "parking-lane",
    "bus-lane",
    "light-rail",
    "streetcar",
    "transit-shelter",
    "brt-lane",
    "brt-station",
    "train",
    "magic-carpet",
]


def test_catalogue_covers_streetmix_types() -> None:
    assert set(STREETMIX_TYPES) <= set(CATALOGUE)


def test_catalogue_entries_are_sound() -> None:
    categories = {"pedestrian", "cycle", "vehicle", "transit", "parking", "buffer", "other"}
    for name, kind in CATALOGUE.items():
        assert kind.name == name
        assert kind.label and kind.label[0].isupper()
        assert kind.category in categories
        assert SEGMENT_MIN_WIDTH <= kind.min_width < kind.max_width <= SEGMENT_MAX_WIDTH


@pytest.mark.parametrize(
    ("name", "width"),
    [
        ("divider", 0.3),  # striped buffer
        ("sidewalk-tree", 0.5),
        ("sidewalk-lamp", 0.5),
        ("sidewalk-wayfinding", 0.5),
        ("bike-lane", 1.52),
        ("parking-lane", 2.74),
        ("light-rail", 3.6),
        ("transit-shelter", 2.4),
        ("drive-lane", 2.0),
        ("drive-lane", 8.0),
    ],
)
def test_real_world_widths_pass(name: str, width: float) -> None:
    kind = segment_type(name)
    assert kind is not None and kind.allows_width(width)


def test_example_bounds() -> None:
    drive_lane = CATALOGUE["drive-lane"]
    assert (drive_lane.min_width, drive_lane.max_width) == (2.0, 8.0)
    assert segment_type("hoverboard-lane") is None


# --- round trip -------------------------------------------------------------------------------

ID_CHARACTERS = string.ascii_letters + string.digits + "_.:-"
ELEMENT_IDS = st.text(ID_CHARACTERS, min_size=1, max_size=64)


@st.composite
def sections(draw: st.DrawFn) -> Section:
    count = draw(st.integers(1, 12))
    ids = draw(st.lists(ELEMENT_IDS, min_size=count, max_size=count, unique=True))
    segments = []
    for segment_id in ids:
        kind = draw(st.sampled_from(sorted(CATALOGUE.values(), key=lambda k: k.name)))
        # Whole millimetres, so the widths are already what parsing rounds them to.
        low, high = math.ceil(kind.min_width * 1000), math.floor(min(kind.max_width, 10) * 1000)
        segments.append(
            Segment(
                id=segment_id,
                type=kind.name,
                variant=draw(st.text(max_size=30)),
                width=draw(st.integers(low, high)) / 1000,
                elevation=draw(st.integers(-10_000, 10_000)) / 1000,
            )
        )
    occupied_mm = round(sum(s.width for s in segments) * 1000)
    base_mm = max(3000, occupied_mm)
    width_mm = base_mm + draw(st.integers(0, 120_000 - base_mm))
    floors = st.none() | st.integers(0, 200) | st.floats(0, 200)
    return Section(
        width=width_mm / 1000,
        units=draw(st.sampled_from([0, 1])),
        segments=tuple(segments),
        name=draw(st.none() | st.text(max_size=200)),
        left_building_height=draw(floors),
        right_building_height=draw(floors),
    )


@given(sections())
def test_canonical_sections_round_trip(section: Section) -> None:
    assert parse_section(section.to_dict()) == section
    stored = json.loads(json.dumps(section.to_dict()))
    assert parse_section(stored) == section
    assert parse_section(stored).to_dict() == stored


# --- plans facade -----------------------------------------------------------------------------


def test_parse_plan_reads_a_section() -> None:
    assert parse_plan("section", canonical()) == parse_section(canonical())


def test_parse_plan_passes_the_path_on() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_plan("section", {}, path="options[0].plan")

    assert caught.value.problems[0].field == "options[0].plan.width"


@pytest.mark.parametrize("kind", ["Section", "video", "", None, 3, ["section"]])
def test_parse_plan_refuses_unknown_kinds(kind: object) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_plan(kind, canonical(), path="options[0].plan")  # type: ignore[arg-type]

    assert caught.value.field == "options[0].kind"
