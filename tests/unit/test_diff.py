"""Plan diffs: each kind of change, the move rule, storage round trips, and apply(diff) == edit."""

from __future__ import annotations

import bisect
import json
import math
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.domain.catalogue import CATALOGUE, SegmentType
from chalicelib.domain.diff import (
    DiffError,
    MapDiff,
    SectionDiff,
    apply_diff,
    diff_from_dict,
    diff_plans,
)
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.geo import MapPlan, parse_map
from chalicelib.domain.section import Section, parse_section
from tests.support.plans import collection, feature, segment, street

# --- builders ---------------------------------------------------------------------------------


WEST_FOOTPATH = segment("west-footpath", "sidewalk", 3.0, 0.15)
WEST_TREES = segment("west-trees", "sidewalk-tree", 1.0, 0.15)
LANE = segment("lane", "drive-lane", 3.0, variant="outbound|car")
LRT = segment("lrt-inbound", "light-rail", 3.4, variant="inbound|grass")
EAST_FOOTPATH = segment("east-footpath", "sidewalk", 2.5, 0.15)
SEGMENTS = [WEST_FOOTPATH, WEST_TREES, LANE, LRT, EAST_FOOTPATH]


def option_street() -> Section:
    return street(*SEGMENTS, name="Main Street", leftBuildingHeight=2)


def edited(segment_id: str, **changes: object) -> list[dict]:
    return [s | changes if s["id"] == segment_id else s for s in SEGMENTS]


def section_diff(*segments: dict, **fields: object) -> SectionDiff:
    fields = {"name": "Main Street", "leftBuildingHeight": 2} | fields
    diff = diff_plans(option_street(), street(*segments, **fields))
    assert isinstance(diff, SectionDiff)
    return diff


STOP = feature("bus-stop", "Point", [174.77, -41.28], name="Stop A", shelter=True)
ROUTE = feature("route", "LineString", [[174.77, -41.28], [174.78, -41.28]])
SQUARE = [[0, 0], [0.002, 0], [0.002, 0.002], [0, 0.002], [0, 0]]
PLAZA = feature("plaza", "Polygon", [SQUARE], kind="plaza")
TREES = feature("west-trees", "LineString", [[174.7, -41.2], [174.7, -41.3]])


def option_map() -> MapPlan:
    return collection(STOP, ROUTE, PLAZA, TREES)


def map_diff(*features: dict) -> MapDiff:
    diff = diff_plans(option_map(), collection(*features))
    assert isinstance(diff, MapDiff)
    return diff


def moved_to(base: dict, coordinates: object, geometry_type: str | None = None) -> dict:
    geometry = {"type": geometry_type or base["geometry"]["type"], "coordinates": coordinates}
    return base | {"geometry": geometry}


# One thousandth of a degree of latitude, in metres, on a sphere of radius 6,371,008.8 m.
MILLIDEGREE_M = 111.2


# --- sections ---------------------------------------------------------------------------------


def test_identical_sections_give_an_empty_diff() -> None:
    diff = diff_plans(option_street(), option_street())

    assert diff.is_empty
    assert diff.element_ids == frozenset()
    assert diff.to_dict() == {
        "kind": "section",
        "width": None,
        "street": {},
        "added": [],
        "removed": [],
        "resized": [],
        "retyped": [],
        "revarianted": [],
        "elevation": [],
        "moved": [],
        "summary": [],
    }


def test_resized_segment() -> None:
    diff = section_diff(*edited("lrt-inbound", width=3.0))

    assert diff.to_dict()["resized"] == [{"id": "lrt-inbound", "old_width": 3.4, "new_width": 3.0}]
    assert diff.summary == ["lrt-inbound resized 3.4 m → 3.0 m"]
    assert diff.element_ids == {"lrt-inbound"}
    assert not diff.is_empty


def test_removed_segment_reports_no_moves() -> None:
    diff = section_diff(*[s for s in SEGMENTS if s["id"] != "west-trees"])

    assert diff.to_dict()["removed"] == [
        {"id": "west-trees", "type": "sidewalk-tree", "width": 1.0, "index": 1}
    ]
    assert diff.moved == ()
    assert diff.summary == ["west-trees removed"]


def test_added_segment_records_its_index_and_fields_and_reports_no_moves() -> None:
    bike = segment("bike-east", "bike-lane", 1.8, variant="inbound")
    diff = section_diff(*SEGMENTS[:3], bike, *SEGMENTS[3:])

    assert diff.to_dict()["added"] == [
        {
            "index": 3,
            "id": "bike-east",
            "type": "bike-lane",
            "variantString": "inbound",
            "width": 1.8,
            "elevation": 0.0,
        }
    ]
    assert diff.moved == ()
    assert diff.summary == ["bike-east added at position 4: bike-lane, 1.8 m"]


def test_retyped_revarianted_and_raised_segment() -> None:
    diff = section_diff(
        *edited("lane", type="bus-lane", variantString="outbound|bus", elevation=0.1)
    )

    data = diff.to_dict()
    assert data["retyped"] == [{"id": "lane", "old_type": "drive-lane", "new_type": "bus-lane"}]
    assert data["revarianted"] == [
        {"id": "lane", "old_variant": "outbound|car", "new_variant": "outbound|bus"}
    ]
    assert data["elevation"] == [{"id": "lane", "old": 0.0, "new": 0.1}]
    assert data["resized"] == []
    assert diff.summary == [
        "lane retyped drive-lane → bus-lane",
        "lane variant 'outbound|car' → 'outbound|bus'",
        "lane elevation 0.0 m → 0.1 m",
    ]
    assert diff.element_ids == {"lane"}


def test_street_level_changes() -> None:
    diff = section_diff(*SEGMENTS, width=22, name="High Street", units=1, rightBuildingHeight=4)

    data = diff.to_dict()
    assert data["width"] == {"old": 20.0, "new": 22.0}
    assert data["street"] == {
        "name": {"old": "Main Street", "new": "High Street"},
        "units": {"old": 0, "new": 1},
        "rightBuildingHeight": {"old": None, "new": 4},
    }
    assert diff.summary == [
        "street resized 20.0 m → 22.0 m",
        "street name 'Main Street' → 'High Street'",
        "display units metric → imperial",
        "right building height none → 4 floors",
    ]
    assert diff.element_ids == frozenset()
    assert apply_diff(option_street(), diff) == street(
        *SEGMENTS,
        width=22,
        name="High Street",
        units=1,
        leftBuildingHeight=2,
        rightBuildingHeight=4,
    )


def test_removed_street_name_is_a_change_to_none() -> None:
    diff = diff_plans(option_street(), street(*SEGMENTS, leftBuildingHeight=2))

    assert diff.to_dict()["street"] == {"name": {"old": "Main Street", "new": None}}
    assert apply_diff(option_street(), diff).name is None


def test_swapping_two_adjacent_segments_is_one_move() -> None:
    west, trees, *rest = SEGMENTS

    diff = section_diff(trees, west, *rest)

    assert len(diff.moved) == 1
    assert diff.to_dict()["moved"] in (
        [{"id": "west-footpath", "old_index": 0, "new_index": 1}],
        [{"id": "west-trees", "old_index": 1, "new_index": 0}],
    )


def test_moving_one_segment_across_the_street_is_one_move() -> None:
    west, *rest = SEGMENTS

    diff = section_diff(*rest, west)

    assert diff.to_dict()["moved"] == [{"id": "west-footpath", "old_index": 0, "new_index": 4}]
    assert diff.summary == ["west-footpath moved from position 1 to 5"]


def test_indexes_of_moves_count_removed_and_added_segments() -> None:
    west, _trees, lane, lrt, east = SEGMENTS
    bike = segment("bike", "bike-lane", 1.5)

    diff = section_diff(bike, lrt, west, lane, east)  # trees removed, lrt to the front

    assert diff.to_dict()["moved"] == [{"id": "lrt-inbound", "old_index": 3, "new_index": 1}]
    assert [added.index for added in diff.added] == [0]
    assert [removed.index for removed in diff.removed] == [1]


def test_every_kind_of_change_at_once_applies_back() -> None:
    west, _trees, lane, lrt, east = SEGMENTS
    alternative = street(
        east | {"width": 3.5},
        segment("bike", "bike-lane", 1.5),
        lrt | {"type": "streetcar"},
        west,
        lane | {"elevation": 0.05},
        width=21,
    )

    diff = diff_plans(option_street(), alternative)

    assert apply_diff(option_street(), diff) == alternative
    assert diff.element_ids == {"east-footpath", "bike", "lrt-inbound", "west-trees", "lane"} | {
        moved.id for moved in diff.moved
    }


def test_section_diff_round_trips_through_storage() -> None:
    west, _trees, lane, lrt, east = SEGMENTS
    diff = section_diff(lane | {"width": 3.2}, west, segment("new", "divider", 0.5), lrt, east)

    stored = json.loads(json.dumps(diff.to_dict()))

    assert diff_from_dict(stored) == diff
    assert diff_from_dict(stored).to_dict() == stored


# --- maps -------------------------------------------------------------------------------------


def test_identical_maps_give_an_empty_diff() -> None:
    diff = diff_plans(option_map(), option_map())

    assert diff.is_empty
    assert diff.element_ids == frozenset()
    assert diff.to_dict() == {
        "kind": "map",
        "added": [],
        "removed": [],
        "moved": [],
        "properties": [],
        "order": None,
        "summary": [],
    }


def test_removed_feature_keeps_its_type_and_name() -> None:
    diff = map_diff(STOP, ROUTE, PLAZA)
    named = map_diff(ROUTE, PLAZA, TREES)

    assert diff.to_dict()["removed"] == [
        {"id": "west-trees", "geometry_type": "LineString", "name": None}
    ]
    assert diff.summary == ["west-trees removed"]
    assert diff.order is None
    assert named.summary == ["bus-stop ('Stop A') removed"]


def test_added_features_are_stored_whole() -> None:
    bench = feature("bench", "Point", [174.771, -41.281], seats=3)

    diff = map_diff(STOP, ROUTE, PLAZA, TREES, bench)

    assert diff.to_dict()["added"] == [bench]
    assert diff.order is None
    assert diff.summary == ["bench added (Point)"]
    assert diff.element_ids == {"bench"}


def test_moved_point_measures_the_distance() -> None:
    diff = map_diff(moved_to(STOP, [174.77, -41.281]), ROUTE, PLAZA, TREES)

    assert diff.to_dict()["moved"] == [
        {
            "id": "bus-stop",
            "geometry_type": "Point",
            "measure": "point",
            "distance_m": MILLIDEGREE_M,
            "geometry": {"type": "Point", "coordinates": [174.77, -41.281]},
        }
    ]
    assert diff.summary == [f"bus-stop moved {MILLIDEGREE_M} m"]
    assert diff.properties == ()


def test_reshaped_line_measures_the_vertex_that_moved_most() -> None:
    route = moved_to(ROUTE, [[174.77, -41.2805], [174.78, -41.281]])

    [moved] = map_diff(STOP, route, PLAZA, TREES).moved

    assert (moved.measure, moved.distance_m) == ("max-vertex", MILLIDEGREE_M)


def test_line_with_more_vertices_measures_its_centroid() -> None:
    route = moved_to(ROUTE, [[174.77, -41.281], [174.775, -41.281], [174.78, -41.281]])

    diff = map_diff(STOP, route, PLAZA, TREES)

    [moved] = diff.moved
    assert (moved.measure, moved.distance_m) == ("centroid", MILLIDEGREE_M)
    # A line says how its route changed (test_diff_routes.py), not how far its centre moved.
    assert diff.summary == ["route: route changed near Stop A, same length"]


def test_polygon_centroid_counts_the_closing_vertex_once() -> None:
    plaza_as_point = moved_to(PLAZA, [0.001, 0.001], "Point")

    [moved] = map_diff(STOP, ROUTE, plaza_as_point, TREES).moved

    assert (moved.geometry_type, moved.measure, moved.distance_m) == ("Point", "centroid", 0.0)


def test_an_altitude_alone_is_no_change() -> None:
    assert not map_diff(moved_to(STOP, [174.77, -41.28, 12.5]), ROUTE, PLAZA, TREES).moved


def test_property_changes() -> None:
    stop = STOP | {"properties": {"name": "Stop B", "shelter": 1, "routes": [1, 2]}}

    diff = map_diff(stop, ROUTE, PLAZA, TREES)

    assert diff.to_dict()["properties"] == [
        {
            "id": "bus-stop",
            "changed": {
                "name": {"old": "Stop A", "new": "Stop B"},
                "shelter": {"old": True, "new": 1},  # == in Python, not in JSON
            },
            "added": {"routes": [1, 2]},
            "removed": [],
        }
    ]
    assert diff.moved == ()
    assert diff.summary == [
        "bus-stop properties: 'name' changed, 'shelter' changed, 'routes' added"
    ]


def test_removed_property() -> None:
    diff = map_diff(STOP, ROUTE, PLAZA | {"properties": {}}, TREES)

    assert diff.to_dict()["properties"] == [
        {"id": "plaza", "changed": {}, "added": {}, "removed": ["kind"]}
    ]


@pytest.mark.parametrize(
    "old_and_new", [(1, 1.0), (0, False), ([1], [1.0]), ({"a": 1}, {"a": True})]
)
def test_json_types_count_in_properties(old_and_new: tuple) -> None:
    old, new = old_and_new
    option = collection(feature("a", "Point", [0, 0], value=old))
    alternative = collection(feature("a", "Point", [0, 0], value=new))

    diff = diff_plans(option, alternative)

    assert not diff.is_empty
    assert apply_diff(option, diff).to_dict() == alternative.to_dict()


def test_new_order_is_recorded_only_when_it_differs_from_the_default() -> None:
    bench = feature("bench", "Point", [0, 0])

    appended = map_diff(STOP, PLAZA, TREES, bench)
    inserted = map_diff(bench, STOP, PLAZA, TREES)
    reordered = map_diff(ROUTE, STOP, PLAZA, TREES)

    assert appended.order is None
    assert inserted.order == ("bench", "bus-stop", "plaza", "west-trees")
    assert reordered.order == ("route", "bus-stop", "plaza", "west-trees")
    assert reordered.summary == ["features reordered"]
    assert reordered.element_ids == frozenset()
    assert not reordered.is_empty


def test_map_diff_round_trips_through_storage_and_applies_back() -> None:
    alternative = collection(
        feature("bench", "Point", [0, 0], seats=3),
        moved_to(PLAZA, [[[0, 0], [1, 0], [1, 1], [0, 0]]]) | {"properties": {"kind": "park"}},
        moved_to(STOP, [174.771, -41.28]),
    )
    diff = diff_plans(option_map(), alternative)

    stored = json.loads(json.dumps(diff.to_dict()))

    assert diff_from_dict(stored) == diff
    assert diff_from_dict(stored).to_dict() == stored
    assert apply_diff(option_map(), diff_from_dict(stored)).to_dict() == alternative.to_dict()


# --- errors -----------------------------------------------------------------------------------


def test_plans_of_different_kinds_cannot_be_compared() -> None:
    with pytest.raises(InvalidInput) as caught:
        diff_plans(option_street(), option_map())

    assert caught.value.field == "plan"
    assert "a map" in caught.value.message
    assert "a street section" in caught.value.message


def test_a_diff_does_not_apply_to_a_plan_of_another_kind() -> None:
    with pytest.raises(DiffError):
        apply_diff(option_map(), diff_plans(option_street(), option_street()))


@pytest.mark.parametrize(
    "other_option",
    [
        street(*SEGMENTS[1:]),  # the removed segment is not there
        street(*edited("lrt-inbound", width=3.2)),  # the resized segment has another width
        street(*SEGMENTS, segment("new", "divider", 0.5)),  # the added id is taken
    ],
)
def test_a_diff_does_not_apply_to_another_option(other_option: Section) -> None:
    diff = section_diff(segment("new", "divider", 0.5), *edited("lrt-inbound", width=3.0)[1:])

    with pytest.raises(DiffError):
        apply_diff(other_option, diff)


def test_a_map_diff_does_not_apply_to_another_map() -> None:
    diff = map_diff(STOP | {"properties": {}}, ROUTE, PLAZA)

    with pytest.raises(DiffError):
        apply_diff(collection(ROUTE, PLAZA, TREES), diff)


@pytest.mark.parametrize(
    "data",
    [{}, {"kind": "video"}, {"kind": ["map"]}, {"kind": "map"}, {"kind": "section", "width": 3}],
)
def test_unreadable_stored_diffs(data: dict) -> None:
    with pytest.raises(DiffError):
        diff_from_dict(data)


def test_stored_diff_with_an_unknown_street_field() -> None:
    data = diff_plans(option_street(), option_street()).to_dict()
    data["street"] = {"colour": {"old": "red", "new": "blue"}}

    with pytest.raises(DiffError):
        diff_from_dict(data)


# --- properties: any edit applies back --------------------------------------------------------

ID_CHARACTERS = string.ascii_letters + string.digits + "_.:-"
ELEMENT_IDS = st.text(ID_CHARACTERS, min_size=1, max_size=12)
SEGMENT_TYPES = sorted(CATALOGUE)
VARIANTS = st.sampled_from(["", "inbound", "outbound|car"]) | st.text(max_size=20)
ELEVATIONS = st.integers(-10_000, 10_000).map(lambda mm: mm / 1000)
NAMES = st.none() | st.text(max_size=30)
FLOORS = st.none() | st.integers(0, 200) | st.floats(0, 200)


def widths(kind: SegmentType) -> st.SearchStrategy[float]:
    # Whole millimetres and at most 10 m, so 11 segments always fit a 120 m street.
    low, high = math.ceil(kind.min_width * 1000), math.floor(min(kind.max_width, 10) * 1000)
    return st.integers(low, high).map(lambda mm: mm / 1000)


@st.composite
def segments(draw: st.DrawFn, segment_id: str) -> dict:
    kind = CATALOGUE[draw(st.sampled_from(SEGMENT_TYPES))]
    return segment(segment_id, kind.name, draw(widths(kind)), draw(ELEVATIONS), draw(VARIANTS))


@st.composite
def edited_segments(draw: st.DrawFn, original: dict) -> dict:
    result = dict(original)
    for edit in draw(st.sets(st.sampled_from(["resize", "retype", "revariant", "raise"]))):
        if edit == "retype":
            kind = CATALOGUE[draw(st.sampled_from(SEGMENT_TYPES))]
            result |= {"type": kind.name, "width": draw(widths(kind))}
        elif edit == "resize":
            result["width"] = draw(widths(CATALOGUE[result["type"]]))
        elif edit == "revariant":
            result["variantString"] = draw(VARIANTS)
        else:
            result["elevation"] = draw(ELEVATIONS)
    return result


@st.composite
def reordered(draw: st.DrawFn, items: list) -> list:
    how = draw(st.sampled_from(["keep", "shuffle", "move one"]))
    if how == "shuffle":
        return draw(st.permutations(items))
    result = list(items)
    if how == "move one" and result:
        item = result.pop(draw(st.integers(0, len(result) - 1)))
        result.insert(draw(st.integers(0, len(result))), item)
    return result


@st.composite
def with_inserted(draw: st.DrawFn, items: list, new_items: list) -> list:
    result = list(items)
    for item in new_items:
        result.insert(draw(st.integers(0, len(result))), item)
    return result


@st.composite
def street_fields(draw: st.DrawFn, segment_list: list[dict]) -> dict:
    occupied_mm = round(sum(s["width"] for s in segment_list) * 1000)
    base_mm = max(3000, occupied_mm)
    return {
        "width": (base_mm + draw(st.integers(0, 120_000 - base_mm))) / 1000,
        "units": draw(st.sampled_from([0, 1])),
        "name": draw(NAMES),
        "leftBuildingHeight": draw(FLOORS),
        "rightBuildingHeight": draw(FLOORS),
    }


STREET_CHANGES = st.fixed_dictionaries(
    {},
    optional={
        "width": st.integers(3000, 120_000).map(lambda mm: mm / 1000),
        "units": st.sampled_from([0, 1]),
        "name": NAMES,
        "leftBuildingHeight": FLOORS,
        "rightBuildingHeight": FLOORS,
    },
)


@st.composite
def section_pairs(draw: st.DrawFn) -> tuple[Section, Section]:
    """A valid option and a valid edit of it: resized, retyped, removed, added, reordered."""
    option_count, new_count = draw(st.integers(1, 8)), draw(st.integers(0, 3))
    count = option_count + new_count
    ids = draw(st.lists(ELEMENT_IDS, min_size=count, max_size=count, unique=True))
    option_segments = [draw(segments(segment_id)) for segment_id in ids[:option_count]]
    option_raw = {**draw(street_fields(option_segments)), "segments": option_segments}

    kept = [s for s in option_segments if draw(st.booleans())] or option_segments[:1]
    kept = [draw(edited_segments(s)) for s in draw(reordered(kept))]
    added = [draw(segments(segment_id)) for segment_id in ids[option_count:]]
    alternative_segments = draw(with_inserted(kept, added))
    alternative_raw = option_raw | draw(STREET_CHANGES) | {"segments": alternative_segments}
    occupied = round(sum(s["width"] for s in alternative_segments), 3)
    alternative_raw["width"] = max(alternative_raw["width"], occupied)
    return parse_section(option_raw), parse_section(alternative_raw)


LONGITUDES = st.floats(-180, 180)
LATITUDES = st.floats(-90, 90)
ALTITUDES = st.floats(-1000, 1000)
JSON_SCALARS = (
    st.sampled_from([None, True, False, 0, 1, 0.0, 1.0, -0.0, "", "x"])  # equal in Python
    | st.integers(-(2**63), 2**63)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=5)
)
JSON_VALUES = (
    JSON_SCALARS
    | st.lists(JSON_SCALARS, max_size=2)
    | st.dictionaries(st.text("ab", max_size=1), JSON_SCALARS, max_size=2)
)
PROPERTIES = st.dictionaries(st.text("abc", max_size=1), JSON_VALUES, max_size=3)


@st.composite
def positions(draw: st.DrawFn) -> list[float]:
    position = [draw(LONGITUDES), draw(LATITUDES)]
    return [*position, draw(ALTITUDES)] if draw(st.booleans()) else position


@st.composite
def coordinates(draw: st.DrawFn, geometry_type: str, shape: list[int] | None = None) -> list:
    """New coordinates for a geometry; with `shape` (vertices per ring), of that shape."""
    if geometry_type == "Point":
        return draw(positions())
    if geometry_type == "LineString":
        count = shape[0] if shape else draw(st.integers(2, 5))
        return [draw(positions()) for _ in range(count)]
    ring_sizes = shape or draw(st.lists(st.integers(4, 6), min_size=1, max_size=2))
    rings = []
    for size in ring_sizes:
        body = [draw(positions()) for _ in range(size - 1)]
        rings.append([*body, body[0]])
    return rings


def shape_of(geometry: dict) -> list[int]:
    if geometry["type"] == "LineString":
        return [len(geometry["coordinates"])]
    return [len(ring) for ring in geometry["coordinates"]]


@st.composite
def features(draw: st.DrawFn, feature_id: str) -> dict:
    geometry_type = draw(st.sampled_from(["Point", "LineString", "Polygon"]))
    return feature(feature_id, geometry_type, draw(coordinates(geometry_type))) | {
        "properties": draw(PROPERTIES)
    }


@st.composite
def edited_features(draw: st.DrawFn, original: dict) -> dict:
    result = dict(original)
    for edit in draw(st.sets(st.sampled_from(["move", "redraw", "properties"]))):
        geometry_type = result["geometry"]["type"]
        if edit == "move":  # the same vertices in new places
            shape = None if geometry_type == "Point" else shape_of(result["geometry"])
            new = draw(coordinates(geometry_type, shape))
            result["geometry"] = {"type": geometry_type, "coordinates": new}
        elif edit == "redraw":  # any geometry at all
            geometry_type = draw(st.sampled_from(["Point", "LineString", "Polygon"]))
            new = draw(coordinates(geometry_type))
            result["geometry"] = {"type": geometry_type, "coordinates": new}
        else:
            kept = {k: v for k, v in result["properties"].items() if draw(st.booleans())}
            result["properties"] = kept | draw(PROPERTIES)
    return result


@st.composite
def map_pairs(draw: st.DrawFn) -> tuple[MapPlan, MapPlan]:
    """A valid map and a valid edit of it: features moved, redrawn, removed, added, reordered."""
    option_count, new_count = draw(st.integers(1, 6)), draw(st.integers(0, 2))
    count = option_count + new_count
    ids = draw(st.lists(ELEMENT_IDS, min_size=count, max_size=count, unique=True))
    option_features = [draw(features(feature_id)) for feature_id in ids[:option_count]]

    kept = [f for f in option_features if draw(st.booleans())] or option_features[:1]
    kept = [draw(edited_features(f)) for f in draw(reordered(kept))]
    added = [draw(features(feature_id)) for feature_id in ids[option_count:]]
    appended = draw(st.booleans())  # the order a diff need not record
    alternative_features = kept + added if appended else draw(with_inserted(kept, added))
    return collection(*option_features), collection(*alternative_features)


def assert_applies_back(option: Section | MapPlan, alternative: Section | MapPlan) -> None:
    diff = diff_plans(option, alternative)
    assert apply_diff(option, diff).to_dict() == alternative.to_dict()
    stored = diff_from_dict(json.loads(json.dumps(diff.to_dict())))
    assert stored == diff
    assert apply_diff(option, stored).to_dict() == alternative.to_dict()
    assert diff.element_ids >= option.element_ids ^ alternative.element_ids
    assert diff.element_ids <= option.element_ids | alternative.element_ids


@settings(max_examples=200, deadline=None)
@given(section_pairs())
def test_any_section_edit_applies_back(pair: tuple[Section, Section]) -> None:
    assert_applies_back(*pair)


def longest_increasing_run_length(numbers: list[int]) -> int:
    """Length of a longest increasing subsequence (patience sorting)."""
    tails: list[int] = []
    for number in numbers:
        place = bisect.bisect_left(tails, number)
        tails[place : place + 1] = [number]
    return len(tails)


@settings(max_examples=200, deadline=None)
@given(section_pairs())
def test_moves_are_exactly_the_segments_out_of_relative_order(
    pair: tuple[Section, Section],
) -> None:
    option, alternative = pair
    diff = diff_plans(option, alternative)
    assert isinstance(diff, SectionDiff)

    both = option.element_ids & alternative.element_ids
    before = [s.id for s in option.segments if s.id in both]
    after = [s.id for s in alternative.segments if s.id in both]
    moved = {moved.id for moved in diff.moved}
    staying_before = [i for i in before if i not in moved]
    staying_after = [i for i in after if i not in moved]
    assert staying_before == staying_after
    assert len(moved) == len(before) - longest_increasing_run_length(
        [after.index(segment_id) for segment_id in before]
    )


@settings(max_examples=200, deadline=None)
@given(map_pairs())
def test_any_map_edit_applies_back(pair: tuple[MapPlan, MapPlan]) -> None:
    assert_applies_back(*pair)


@settings(max_examples=100, deadline=None)
@given(st.one_of(section_pairs(), map_pairs()))
def test_a_plan_compared_with_itself_or_its_stored_copy_gives_an_empty_diff(
    pair: tuple[Section, Section] | tuple[MapPlan, MapPlan],
) -> None:
    for plan in pair:
        stored = json.loads(json.dumps(plan.to_dict()))
        copy = parse_section(stored) if isinstance(plan, Section) else parse_map(stored)
        assert diff_plans(plan, plan).is_empty
        assert diff_plans(plan, copy).is_empty


# --- geometries of several parts (GTFS routes, OSM relations) --------------------------------

LINE_A = [[174.77, -41.28], [174.78, -41.28]]
LINE_B = [[174.78, -41.28], [174.79, -41.29]]
NETWORK = feature("network", "MultiLineString", [LINE_A, LINE_B])


def network_diff(coordinates: object, geometry_type: str = "MultiLineString") -> MapDiff:
    diff = diff_plans(
        collection(STOP, NETWORK), collection(STOP, moved_to(NETWORK, coordinates, geometry_type))
    )
    assert isinstance(diff, MapDiff)
    return diff


def test_a_re_routed_part_of_a_multilinestring_is_named() -> None:
    rerouted = [[174.78, -41.28], [174.785, -41.285], [174.79, -41.29]]

    diff = network_diff([LINE_A, rerouted])

    [moved] = diff.moved
    assert moved.parts is not None
    assert (moved.parts.moved, moved.parts.added, moved.parts.removed) == ((1,), 0, 0)
    assert [route.part for route in moved.routes] == [1]
    assert diff.summary == ["network, part 2: route changed near Stop A, same length"]


def test_added_and_removed_parts_are_counted() -> None:
    extra = [[174.79, -41.29], [174.8, -41.3]]

    [added] = network_diff([LINE_A, LINE_B, extra]).moved
    [removed] = network_diff([LINE_A]).moved

    assert added.parts is not None and (added.parts.added, added.parts.moved) == (1, ())
    assert removed.parts is not None and removed.parts.removed == 1


def test_a_diff_of_parts_reads_back_and_replays() -> None:
    collection_geometry = {
        "type": "GeometryCollection",
        "geometries": [
            {"type": "Point", "coordinates": [174.77, -41.28]},
            {"type": "LineString", "coordinates": LINE_B},
        ],
    }
    option = collection(STOP, NETWORK)
    alternative = collection(STOP, NETWORK | {"geometry": collection_geometry})

    diff = diff_plans(option, alternative)

    assert isinstance(diff, MapDiff)
    assert MapDiff.from_dict(json.loads(json.dumps(diff.to_dict()))) == diff
    assert apply_diff(option, diff) == alternative
