"""Map plans: GeoJSON FeatureCollections, every validation rule, wrong types, round trips."""

from __future__ import annotations

import contextlib
import copy
import json
import math
import string
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain.errors import InvalidInput, Problem
from chalicelib.domain.geo import MAX_FEATURES, MAX_POSITIONS, Feature, MapPlan, parse_map
from chalicelib.domain.plans import parse_plan

FIXTURES = Path(__file__).parent / "fixtures"


def harbour() -> dict:
    return json.loads((FIXTURES / "map-harbour.json").read_text())


def point(feature_id: object, lon: float = 174.77, lat: float = -41.28) -> dict:
    return {
        "type": "Feature",
        "id": feature_id,
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {},
    }


def collection(*features: dict) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


def line(coordinates: object) -> dict:
    return {
        "type": "Feature",
        "id": "line",
        "geometry": {"type": "LineString", "coordinates": coordinates},
        "properties": None,
    }


def polygon(coordinates: object) -> dict:
    return {
        "type": "Feature",
        "id": "area",
        "geometry": {"type": "Polygon", "coordinates": coordinates},
        "properties": None,
    }


SQUARE = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]


def problems_of(raw: object, **kwargs: str) -> list[Problem]:
    with pytest.raises(InvalidInput) as caught:
        parse_map(raw, **kwargs)
    return caught.value.problems


def fields_of(raw: object) -> list[str | None]:
    return [problem.field for problem in problems_of(raw)]


# --- the model ------------------------------------------------------------------------------


def test_fixture_map_is_read() -> None:
    plan = parse_map(harbour())

    assert [f.id for f in plan.features] == ["trial-route", "1", "plaza"]
    assert [f.geometry_type for f in plan.features] == ["LineString", "Point", "Polygon"]
    route = plan.features[0]
    assert route.coordinates == (
        (174.7762, -41.2865),
        (174.7771, -41.2879),  # its altitude is not kept
        (174.7783, -41.289),
    )
    assert route.properties["tags"] == ["trial", None]
    assert plan.features[1].coordinates == (174.7766, -41.2871)
    assert plan.features[1].properties == {}
    assert len(plan.features[2].coordinates) == 2  # outline and one hole


def test_coordinates_are_floats() -> None:
    plan = parse_map(collection(point("a", 174, -41)))

    lon, lat = plan.features[0].coordinates
    assert isinstance(lon, float) and isinstance(lat, float)


def test_element_ids_and_feature_lookup() -> None:
    plan = parse_map(harbour())

    assert plan.element_ids == frozenset({"trial-route", "1", "plaza"})
    assert plan.feature("plaza") is plan.features[2]
    assert plan.feature("1") is plan.features[1]
    assert plan.feature("nowhere") is None


def test_to_dict_is_a_feature_collection() -> None:
    data = parse_map(harbour()).to_dict()

    assert data["type"] == "FeatureCollection"
    assert data["features"][1] == {
        "type": "Feature",
        "id": "1",
        "geometry": {"type": "Point", "coordinates": [174.7766, -41.2871]},
        "properties": {},
    }
    assert "bbox" not in data["features"][2]
    assert json.loads(json.dumps(data)) == data


def test_to_dict_does_not_share_properties_with_the_plan() -> None:
    plan = parse_map(harbour())

    plan.to_dict()["features"][2]["properties"]["surface"]["colour"] = "red"

    assert plan.features[2].properties["surface"]["colour"] == "grey"


def test_parsing_copies_properties() -> None:
    raw = harbour()
    plan = parse_map(raw)

    raw["features"][0]["properties"]["name"] = "changed"

    assert plan.features[0].properties["name"] == "Shared space"


def test_features_are_hashable() -> None:
    plan = parse_map(harbour())

    assert len({*plan.features}) == 3


@pytest.mark.parametrize("feature_id", [0, 7, 2**40, "a", "4VHYS597H_ZDBm1YGkW6I", "x" * 64])
def test_valid_feature_ids(feature_id: object) -> None:
    plan = parse_map(collection(point(feature_id)))

    assert plan.features[0].id == str(feature_id)


def test_positions_with_altitude_keep_longitude_and_latitude_with_one_warning() -> None:
    three_d = point("a") | {"geometry": {"type": "Point", "coordinates": [1, 2, -3.5]}}
    four_d = line([[1, 2, 3, 4], [1.1, 2.1, 3, 5]])

    plan = parse_map(collection(three_d, four_d))

    assert plan.features[0].coordinates == (1.0, 2.0)
    assert plan.features[1].coordinates == ((1.0, 2.0), (1.1, 2.1))
    assert plan.report is not None
    [warning] = plan.report.warnings
    assert "3 positions" in warning.message and "longitude and latitude" in warning.message


@pytest.mark.parametrize(("lon", "lat"), [(-180, -90), (180, 90), (0, 0)])
def test_position_bounds_are_inclusive(lon: float, lat: float) -> None:
    assert parse_map(collection(point("a", lon, lat)))


def test_polygon_with_hole_and_minimal_rings() -> None:
    hole = [[0.2, 0.2], [0.4, 0.2], [0.4, 0.4], [0.2, 0.2]]

    plan = parse_map(collection(polygon([SQUARE, hole])))

    assert plan.features[0].coordinates[1][0] == (0.2, 0.2)


# --- rules ----------------------------------------------------------------------------------


def test_a_bare_feature_is_read_as_a_map_of_one() -> None:
    plan = parse_map(point("a"))

    assert [f.id for f in plan.features] == ["a"]
    assert plan.report is not None and "single GeoJSON Feature" in plan.report.read_as


def test_a_bare_geometry_is_read_as_a_map_of_one() -> None:
    plan = parse_map({"type": "MultiPoint", "coordinates": [[1, 2], [3, 4]]})

    [feature] = plan.features
    assert (feature.id, feature.geometry_type) == ("feature-1", "MultiPoint")
    assert feature.coordinates == ((1.0, 2.0), (3.0, 4.0))


def test_a_lowercase_type_is_read_with_a_warning() -> None:
    raw = {"type": "featurecollection", "features": [point("a") | {"type": "feature"}]}

    plan = parse_map(raw)

    assert plan.report is not None
    assert "case-sensitive" in plan.report.warnings[0].message


def test_not_geojson_at_all() -> None:
    [problem] = problems_of({"type": "Topology"})

    assert problem.field == "plan.type"
    assert "FeatureCollection, Feature or geometry" in problem.message


def test_at_least_one_feature() -> None:
    assert fields_of(collection()) == ["plan.features"]


def test_at_most_5000_features() -> None:
    raw = collection(*(point(n) for n in range(MAX_FEATURES + 1)))

    [problem] = problems_of(raw)

    assert problem.field == "plan.features"
    assert "5,001 features" in problem.message


def test_exactly_5000_features_pass() -> None:
    raw = collection(*(point(n) for n in range(MAX_FEATURES)))

    assert len(parse_map(raw).features) == MAX_FEATURES


def test_at_most_100000_positions_in_all() -> None:
    positions = [[0.0001 * (n % 1000), 0.0001 * (n // 1000)] for n in range(MAX_POSITIONS // 2)]
    first = line(positions)
    second = line(positions) | {"id": "second"}
    third = point("third")

    [problem] = problems_of(collection(first, second, third))

    assert problem.field == "plan.features"
    assert "100,000 positions" in problem.message


def test_exactly_100000_positions_pass() -> None:
    positions = [[0.0001 * (n % 1000), 0.0001 * (n // 1000)] for n in range(MAX_POSITIONS)]

    assert parse_map(collection(line(positions)))


def test_an_unknown_geometry_type_is_named() -> None:
    raw = collection(point("a"))
    raw["features"][0]["geometry"] = {"type": "Circle", "coordinates": [[0, 0]]}

    [problem] = problems_of(raw)

    assert problem.field == "plan.features[0].geometry.type"
    assert "'Circle'" in problem.message
    assert "MultiLineString" in problem.message


@pytest.mark.parametrize(
    ("geometry", "parts"),
    [
        ({"type": "MultiPoint", "coordinates": [[0, 0], [1, 1]]}, 2),
        ({"type": "MultiLineString", "coordinates": [[[0, 0], [1, 1]], [[2, 2], [3, 3]]]}, 2),
        ({"type": "MultiPolygon", "coordinates": [[SQUARE], [SQUARE, SQUARE]]}, 2),
        (
            {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Point", "coordinates": [0, 0]},
                    {
                        "type": "MultiLineString",
                        "coordinates": [[[0, 0], [1, 1]], [[1, 2], [2, 2]]],
                    },
                ],
            },
            3,
        ),
    ],
)
def test_geometries_of_several_parts_are_one_feature(geometry: dict, parts: int) -> None:
    raw = collection(point("a"))
    raw["features"][0]["geometry"] = geometry

    [feature] = parse_map(raw).features

    assert feature.geometry_type == geometry["type"]
    assert len(feature.parts()) == parts
    assert feature.to_dict()["geometry"] == geometry


def test_a_nested_geometry_collection_is_refused() -> None:
    inner = {"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": [0, 0]}]}
    raw = collection(point("a"))
    raw["features"][0]["geometry"] = {"type": "GeometryCollection", "geometries": [inner]}

    [problem] = problems_of(raw)

    assert "inside a GeometryCollection" in problem.message


@pytest.mark.parametrize(
    ("lon", "lat", "word"), [(181, 0, "longitude"), (-180.5, 0, "longitude"), (0, 90.1, "latitude")]
)
def test_positions_off_the_globe(lon: float, lat: float, word: str) -> None:
    [problem] = problems_of(collection(point("a", lon, lat)))

    assert problem.field == "plan.features[0].geometry.coordinates"
    assert word in problem.message


def test_swapped_latitude_and_longitude_get_a_hint() -> None:
    [problem] = problems_of(collection(point("a", -41.28, 174.77)))

    assert "swapped" in problem.message


def test_bad_position_in_a_line_is_pointed_at() -> None:
    raw = collection(point("a"), line([[0, 0], [1, 1], [2, 2], [3, "x"]]))
    raw["features"] = [point(n) for n in range(12)] + [raw["features"][1]]

    [problem] = problems_of(raw)

    assert problem.field == "plan.features[12].geometry.coordinates[3]"
    assert "feature 13" in problem.message
    assert "position 4" in problem.message


def test_line_needs_two_positions() -> None:
    assert fields_of(collection(line([[0, 0]]))) == ["plan.features[0].geometry.coordinates"]


def test_polygon_ring_needs_four_positions() -> None:
    raw = collection(polygon([[[0, 0], [1, 0], [0, 0]]]))

    assert fields_of(raw) == ["plan.features[0].geometry.coordinates[0]"]


def test_polygon_ring_must_be_closed() -> None:
    open_hole = [[0.2, 0.2], [0.4, 0.2], [0.4, 0.4], [0.3, 0.3]]

    [problem] = problems_of(collection(polygon([SQUARE, open_hole])))

    assert problem.field == "plan.features[0].geometry.coordinates[1]"
    assert "not closed" in problem.message


def test_polygon_needs_a_ring() -> None:
    assert fields_of(collection(polygon([]))) == ["plan.features[0].geometry.coordinates"]


def test_bad_position_in_a_ring_is_pointed_at() -> None:
    ring = [[0, 0], [1, 0], [1, 95], [0, 1], [0, 0]]

    assert fields_of(collection(polygon([ring]))) == ["plan.features[0].geometry.coordinates[0][2]"]


def test_a_feature_without_an_id_among_features_with_one_is_numbered() -> None:
    raw = collection(point("a"), point(None))
    del raw["features"][1]["id"]

    plan = parse_map(raw)

    assert [f.id for f in plan.features] == ["a", "feature-2"]
    assert plan.report is not None and "numbered in file order" in plan.report.ids_from


def test_ids_must_be_unique_naming_the_id() -> None:
    [problem] = problems_of(collection(point("stop"), point("other"), point("stop")))

    assert problem.field == "plan.features[2].id"
    assert "'stop'" in problem.message
    assert "feature 1" in problem.message


def test_integer_and_text_ids_collide() -> None:
    assert fields_of(collection(point(5), point("5"))) == ["plan.features[1].id"]


@pytest.mark.parametrize(
    "feature_id",
    [
        -1,
        1.5,
        True,
        False,
        "",
        "has space",
        "x" * 65,
        "a\n",
        [],
        {},
        10**64,
        pytest.param(10**5000, id="10**5000"),
    ],
)
def test_bad_feature_ids(feature_id: object) -> None:
    assert fields_of(collection(point(feature_id))) == ["plan.features[0].id"]


def test_feature_type_must_be_feature() -> None:
    raw = collection(point("a"))
    raw["features"][0]["type"] = "Point"

    assert fields_of(raw) == ["plan.features[0].type"]


def test_unknown_members_are_ignored() -> None:
    raw = harbour()
    raw["crs"] = {"type": "name"}
    raw["features"][0]["style"] = {"stroke": "#f00"}
    raw["features"][0]["geometry"]["bbox"] = [1, 2, 3, 4]

    assert parse_map(raw) == parse_map(harbour())


def test_field_paths_use_the_given_prefix() -> None:
    [problem] = problems_of(collection(point("a", 200, 0)), path="options[1].plan")

    assert problem.field == "options[1].plan.features[0].geometry.coordinates"


def test_all_problems_are_collected_at_once() -> None:
    raw = collection(
        point("a", 200, 0), point("a"), line([[0, 0]]), polygon([[[0, 0]] * 4 + [[1, 1]]])
    )

    assert fields_of(raw) == [
        "plan.features[0].geometry.coordinates",
        "plan.features[2].geometry.coordinates",
        "plan.features[3].geometry.coordinates[0]",
        "plan.features[1].id",
    ]


def test_one_message_per_kind_of_problem_with_count_and_places() -> None:
    raw = collection(*(point(n, 500, 500) for n in range(MAX_FEATURES)))

    [problem] = problems_of(raw)

    assert problem.field == "plan.features[0].geometry.coordinates"
    assert "projected coordinate system" in problem.message
    assert "ogr2ogr -t_srs EPSG:4326" in problem.message
    assert f"The same in {MAX_FEATURES - 1:,} more places: feature 2's Point" in problem.message


# --- wrong types: nothing but InvalidInput escapes --------------------------------------------


@pytest.mark.parametrize("raw", [None, [], "map", 3, True, math.nan, object()])
def test_a_map_that_is_not_an_object(raw: object) -> None:
    assert fields_of(raw) == ["plan"]


@pytest.mark.parametrize("features", [None, "x", {}, 3, True, {"0": {}}])
def test_features_that_are_not_a_list(features: object) -> None:
    assert fields_of({"type": "FeatureCollection", "features": features}) == ["plan.features"]


@pytest.mark.parametrize("item", [None, "Object", 3, [], [1, 2], True])
def test_feature_that_is_not_an_object(item: object) -> None:
    assert fields_of(collection(point("a"), item)) == ["plan.features[1]"]  # type: ignore[arg-type]


@pytest.mark.parametrize("geometry", ["Point", 3, [], {"coordinates": [0, 0]}, {"type": 5}])
def test_geometry_of_the_wrong_type(geometry: object) -> None:
    raw = collection(point("a"))
    raw["features"][0]["geometry"] = geometry

    [problem] = problems_of(raw)

    assert problem.field.startswith("plan.features[0].geometry")  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "coordinates",
    [
        None,
        "0,0",
        [],
        [0],
        ["0", "0"],
        [True, 0],
        [0, False],
        [math.nan, 0],
        [0, math.inf],
        [[0, 0]],
        {"lon": 0, "lat": 0},
        [0, 0, "high"],
        [10**400, 0],
        pytest.param([10**5000, 0], id="huge-longitude"),
    ],
)
def test_point_coordinates_of_the_wrong_type(coordinates: object) -> None:
    raw = collection(point("a"))
    raw["features"][0]["geometry"]["coordinates"] = coordinates

    assert fields_of(raw) == ["plan.features[0].geometry.coordinates"]


@pytest.mark.parametrize(
    "coordinates", [None, "x", 3, {}, [0, 0], [[0, 0], None], [[0, 0], [[1, 1]]]]
)
def test_line_coordinates_of_the_wrong_type(coordinates: object) -> None:
    fields = fields_of(collection(line(coordinates)))

    assert fields
    assert all(f.startswith("plan.features[0].geometry.coordinates") for f in fields)  # type: ignore[union-attr]


@pytest.mark.parametrize("coordinates", [None, "x", SQUARE, [None], [[None] * 4], [[SQUARE]]])
def test_polygon_coordinates_of_the_wrong_type(coordinates: object) -> None:
    fields = fields_of(collection(polygon(coordinates)))

    assert fields
    assert all(f.startswith("plan.features[0].geometry.coordinates") for f in fields)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "properties",
    [
        "x",
        3,
        [],
        True,
        {"n": math.nan},
        {"n": [math.inf]},
        {"deep": {"a": {1: "b"}}},
        {"s": {1}},
        {"n": 2**64},
    ],
)
def test_properties_of_the_wrong_type(properties: object) -> None:
    raw = collection(point("a"))
    raw["features"][0]["properties"] = properties

    assert fields_of(raw) == ["plan.features[0].properties"]


def test_properties_nested_too_deep() -> None:
    deep: dict = {}
    node = deep
    for _ in range(100):
        node["x"] = {}
        node = node["x"]
    raw = collection(point("a"))
    raw["features"][0]["properties"] = deep

    assert fields_of(raw) == ["plan.features[0].properties"]


JSON_GARBAGE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(
            st.sampled_from(["type", "features", "id", "geometry", "coordinates", "properties"]),
            children,
            max_size=4,
        )
    ),
    max_leaves=25,
)


@given(JSON_GARBAGE)
def test_garbage_raises_only_invalid_input(raw: object) -> None:
    try:
        parse_map(raw)
    except InvalidInput as error:
        assert error.problems


@given(st.data())
def test_any_member_replaced_by_garbage_raises_only_invalid_input(data: st.DataObject) -> None:
    raw = harbour()
    feature = data.draw(st.sampled_from(raw["features"]))
    target = data.draw(st.sampled_from([raw, feature, feature["geometry"]]))
    key = data.draw(st.sampled_from(sorted(target)))
    target[key] = data.draw(JSON_GARBAGE)
    with contextlib.suppress(InvalidInput):
        parse_map(raw)


@given(st.data())
def test_any_coordinate_replaced_by_garbage_raises_only_invalid_input(data: st.DataObject) -> None:
    raw = harbour()
    ring = raw["features"][2]["geometry"]["coordinates"][data.draw(st.integers(0, 1))]
    position = ring[data.draw(st.integers(0, len(ring) - 1))]
    position[data.draw(st.integers(0, 1))] = data.draw(JSON_GARBAGE)
    with contextlib.suppress(InvalidInput):
        parse_map(raw)


# --- round trip -------------------------------------------------------------------------------

LONGITUDES = st.floats(-180, 180, allow_nan=False)
LATITUDES = st.floats(-90, 90, allow_nan=False)


@st.composite
def positions(draw: st.DrawFn) -> tuple[float, ...]:
    return (draw(LONGITUDES), draw(LATITUDES))


@st.composite
def rings(draw: st.DrawFn) -> tuple[tuple[float, ...], ...]:
    body = draw(st.lists(positions(), min_size=3, max_size=6))
    return (*body, body[0])


GEOMETRIES = st.one_of(
    st.tuples(st.just("Point"), positions()),
    st.tuples(st.just("LineString"), st.lists(positions(), min_size=2, max_size=6).map(tuple)),
    st.tuples(st.just("Polygon"), st.lists(rings(), min_size=1, max_size=3).map(tuple)),
    st.tuples(st.just("MultiPoint"), st.lists(positions(), min_size=1, max_size=3).map(tuple)),
    st.tuples(
        st.just("MultiLineString"),
        st.lists(
            st.lists(positions(), min_size=2, max_size=4).map(tuple), min_size=1, max_size=3
        ).map(tuple),
    ),
    st.tuples(
        st.just("MultiPolygon"),
        st.lists(st.lists(rings(), min_size=1, max_size=2).map(tuple), min_size=1, max_size=2).map(
            tuple
        ),
    ),
)
GEOMETRIES = GEOMETRIES | st.tuples(
    st.just("GeometryCollection"), st.lists(GEOMETRIES, min_size=1, max_size=3).map(tuple)
)

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=15,
)


ID_CHARACTERS = string.ascii_letters + string.digits + "_.:-"


@st.composite
def map_plans(draw: st.DrawFn) -> MapPlan:
    ids = draw(
        st.lists(
            st.text(ID_CHARACTERS, min_size=1, max_size=64),
            min_size=1,
            max_size=8,
            unique=True,
        )
    )
    features = []
    for feature_id in ids:
        geometry_type, coordinates = draw(GEOMETRIES)
        properties = draw(st.dictionaries(st.text(max_size=10), JSON_VALUES, max_size=5))
        features.append(Feature(feature_id, geometry_type, coordinates, properties))
    return MapPlan(tuple(features))


@given(map_plans())
def test_maps_round_trip(plan: MapPlan) -> None:
    assert parse_map(plan.to_dict()) == plan
    stored = json.loads(json.dumps(plan.to_dict()))
    assert parse_map(stored) == plan
    assert parse_map(stored).to_dict() == stored


def test_parsing_does_not_change_the_input() -> None:
    raw = harbour()
    before = copy.deepcopy(raw)

    parse_map(raw)

    assert raw == before


# --- plans facade -----------------------------------------------------------------------------


def test_parse_plan_reads_a_map() -> None:
    assert parse_plan("map", harbour()) == parse_map(harbour())


def test_parse_plan_map_problems_use_the_path() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_plan("map", collection(), path="options[0].plan")

    assert caught.value.field == "options[0].plan.features"
