"""What a diff says about a re-routed line: its name, the stretch between the nearest named stops,
and how much longer or shorter it is; on the demo consultation's route and a real GTFS shape."""

from __future__ import annotations

import json
import math
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.domain.diff import MapDiff, MovedFeature, apply_diff, diff_from_dict, diff_plans
from chalicelib.domain.geo import (
    EARTH_RADIUS_M,
    NearestPoint,
    distance_m,
    line_length_m,
    parse_map,
)
from tests.support.demo_route import (
    BALMORAL,
    DETOUR,
    EDEN_VALLEY,
    JUNCTION,
    MT_ROSKILL,
    VIEW_ROAD,
    demo_map,
)
from tests.support.plans import collection, feature

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "tests" / "fixtures" / "real" / "geojson"


def with_route(document: dict, coordinates: list) -> dict:
    features = [
        item | {"geometry": {"type": "LineString", "coordinates": coordinates}}
        if item["id"] == "route"
        else item
        for item in document["features"]
    ]
    return document | {"features": features}


def map_diff(option: dict, alternative: dict) -> MapDiff:
    diff = diff_plans(parse_map(option), parse_map(alternative))
    assert isinstance(diff, MapDiff)
    return diff


def planar_length_m(coordinates: list) -> float:
    """An independent check of the haversine: metres on a local equirectangular projection
    (good to a few parts in a million over a few kilometres)."""
    lat0 = math.radians(coordinates[0][1])
    total = 0.0
    for (lon_a, lat_a), (lon_b, lat_b) in pairwise(coordinates):
        dx = math.radians(lon_b - lon_a) * math.cos(lat0) * EARTH_RADIUS_M
        dy = math.radians(lat_b - lat_a) * EARTH_RADIUS_M
        total += math.hypot(dx, dy)
    return total


# --- the demo consultation's route ------------------------------------------------------------


def test_a_detour_between_two_stops_is_named_by_them_with_its_extra_length() -> None:
    option = demo_map()
    rerouted = [VIEW_ROAD, EDEN_VALLEY, BALMORAL, *DETOUR, MT_ROSKILL, JUNCTION]
    original = [VIEW_ROAD, EDEN_VALLEY, BALMORAL, MT_ROSKILL, JUNCTION]

    diff = map_diff(option, with_route(option, rerouted))

    [moved] = diff.moved
    [route] = moved.routes
    extra = planar_length_m(rerouted) - planar_length_m(original)
    assert 300 < extra < 600  # a real detour, not a rounding
    assert route.length_change_m == pytest.approx(extra, abs=0.5)
    assert route.length_m == pytest.approx(planar_length_m(rerouted), abs=0.5)
    assert (route.part, route.start, route.end) == (None, "Balmoral", "Mt Roskill")
    assert moved.name == "Dominion Road light rail"
    assert diff.summary == [
        "Dominion Road light rail: route changed between Balmoral and Mt Roskill, "
        f"{round(route.length_change_m)} m longer"
    ]


def test_one_vertex_moved_is_near_one_stop_and_a_dropped_end_is_shorter() -> None:
    option = demo_map()
    original = [VIEW_ROAD, EDEN_VALLEY, BALMORAL, MT_ROSKILL, JUNCTION]
    nudged = [VIEW_ROAD, EDEN_VALLEY, [174.7446, -36.8881], MT_ROSKILL, JUNCTION]  # 267 m west

    moved_one = map_diff(option, with_route(option, nudged))
    dropped_end = map_diff(option, with_route(option, original[:-1]))

    [route] = moved_one.moved[0].routes
    assert (route.start, route.end) == ("Balmoral", "Balmoral")
    change = planar_length_m(nudged) - planar_length_m(original)
    assert route.length_change_m == pytest.approx(change, abs=0.5)
    word = "longer" if change > 0 else "shorter"
    assert moved_one.summary == [
        "Dominion Road light rail: route changed near Balmoral, "
        f"{abs(round(route.length_change_m)):,} m {word}"
    ]
    # The changed stretch of a line that lost its last vertex is where that vertex was.
    [shorter] = dropped_end.moved[0].routes
    leg = planar_length_m([MT_ROSKILL, JUNCTION])
    assert shorter.length_change_m == pytest.approx(-leg, abs=0.5)
    assert (shorter.start, shorter.end) == ("Dominion Junction", "Dominion Junction")
    assert dropped_end.summary == [
        f"Dominion Road light rail: route changed near Dominion Junction, {round(leg):,} m shorter"
    ]


def test_a_removed_vertex_names_where_it_was_and_a_tiny_change_is_the_same_length() -> None:
    option = demo_map()
    # Eden Valley's vertex dropped: the line now runs straight from View Road to Balmoral,
    # which is almost the same length (Eden Valley is nearly on that straight line).
    diff = map_diff(option, with_route(option, [VIEW_ROAD, BALMORAL, MT_ROSKILL, JUNCTION]))
    # A vertex moved by a centimetre: the same length to the metre.
    tiny = map_diff(
        option,
        with_route(option, [VIEW_ROAD, EDEN_VALLEY, [174.7476001, -36.8881], MT_ROSKILL, JUNCTION]),
    )

    [route] = diff.moved[0].routes
    assert (route.start, route.end) == ("Eden Valley", "Eden Valley")
    assert route.length_change_m < 0
    assert tiny.summary == ["Dominion Road light rail: route changed near Balmoral, same length"]


def test_without_named_stops_the_line_is_told_without_a_place_and_named_by_its_id() -> None:
    line = feature("tram", "LineString", [BALMORAL, MT_ROSKILL])
    unnamed_stop = feature("stop-1", "Point", BALMORAL, kind="stop")
    alternative = feature("tram", "LineString", [BALMORAL, *DETOUR, MT_ROSKILL])

    diff = diff_plans(collection(line, unnamed_stop), collection(alternative, unnamed_stop))

    assert isinstance(diff, MapDiff)
    [moved] = diff.moved
    assert (moved.name, moved.routes[0].start, moved.routes[0].end) == (None, None, None)
    assert diff.summary[0].startswith("tram: route changed, ")
    assert diff.summary[0].endswith(" m longer")


def test_the_option_s_stops_name_the_stretch_not_the_alternative_s() -> None:
    """A stop the resident renamed or added does not rename the stretch: the option's names
    are the ones everyone reads the change against."""
    option = demo_map()
    alternative = with_route(option, [VIEW_ROAD, EDEN_VALLEY, BALMORAL, *DETOUR, MT_ROSKILL])
    alternative["features"].append(feature("stop-new", "Point", DETOUR[0], name="Mt Eden Road"))

    [moved] = map_diff(option, alternative).moved

    assert moved.routes[0].start == "Balmoral"


def test_a_route_diff_round_trips_and_applies_back() -> None:
    option = demo_map()
    alternative = with_route(option, [VIEW_ROAD, EDEN_VALLEY, BALMORAL, *DETOUR, MT_ROSKILL])
    diff = map_diff(option, alternative)

    stored = json.loads(json.dumps(diff.to_dict()))

    [moved] = stored["moved"]
    assert moved["name"] == "Dominion Road light rail"
    assert moved["routes"] == [route.to_dict() for route in diff.moved[0].routes]
    assert set(moved["routes"][0]) == {"part", "length_m", "length_change_m", "start", "end"}
    assert diff_from_dict(stored) == diff
    assert diff_from_dict(stored).to_dict() == stored
    assert apply_diff(parse_map(option), diff_from_dict(stored)) == parse_map(alternative)


def test_a_diff_stored_before_routes_were_told_still_reads() -> None:
    option = demo_map()
    diff = map_diff(option, with_route(option, [VIEW_ROAD, EDEN_VALLEY, BALMORAL, *DETOUR]))
    stored = diff.to_dict()
    for moved in stored["moved"]:
        del moved["name"], moved["routes"]

    old = diff_from_dict(stored)

    assert isinstance(old, MapDiff)
    assert old.moved[0].routes == () and old.moved[0].name is None
    assert old.summary[0].startswith("route reshaped, vertices moved up to ")
    assert apply_diff(parse_map(option), old) == apply_diff(parse_map(option), diff)


def test_a_moved_stop_is_told_as_before_with_no_route_fields() -> None:
    option = demo_map()
    for item in option["features"]:
        if item["id"] == "stop-balmoral":
            item["geometry"]["coordinates"] = [174.7476, -36.8891]
    diff = map_diff(demo_map(), option)

    [moved] = diff.moved
    assert moved.routes == ()
    assert "routes" not in diff.to_dict()["moved"][0]
    assert diff.summary == ["stop-balmoral moved 111.2 m"]


# --- a real GTFS shape: the Haga–Utsunomiya light rail ----------------------------------------


def utsunomiya() -> tuple[dict, dict[str, tuple[float, float]]]:
    """The line's two shapes (MultiLineStrings) and its stops, named by their `stop_name`."""
    shapes = json.loads((REAL / "utsunomiya-lrt-shapes.geojson").read_text())
    stops = json.loads((REAL / "utsunomiya-lrt-stops.geojson").read_text())
    named = [
        feature(
            item["properties"]["stop_id"],
            "Point",
            item["geometry"]["coordinates"],
            name=item["properties"]["stop_name"],
        )
        for item in stops["features"]
    ]
    positions = {item["properties"]["name"]: item["geometry"]["coordinates"] for item in named}
    document = {"type": "FeatureCollection", "features": [*shapes["features"], *named]}
    return document, positions


def nearest_vertex(line: list, position: list) -> int:
    return min(range(len(line)), key=lambda index: distance_m(line[index], position))


def test_a_re_routed_part_of_a_real_multilinestring_is_told_between_its_stops() -> None:
    document, stops = utsunomiya()
    option = parse_map(document)
    first = option.features[0]
    assert first.geometry_type == "MultiLineString"
    line = [list(position) for position in first.coordinates[0]]
    start = nearest_vertex(line, stops["芳賀台"])
    end = nearest_vertex(line, stops["ゆいの杜東"])
    low, high = sorted((start, end))
    assert high - low > 3  # the stretch between the two stops has vertices of its own
    # The vertices strictly between the two stops' vertices pushed about 20 m north.
    shifted = [
        [lon, lat + 0.00018] if low < index < high else [lon, lat]
        for index, (lon, lat) in enumerate(line)
    ]
    edited = json.loads(json.dumps(document))
    edited["features"][0]["geometry"]["coordinates"][0] = shifted

    diff = diff_plans(option, parse_map(edited))

    assert isinstance(diff, MapDiff)
    [moved] = diff.moved
    assert isinstance(moved, MovedFeature) and moved.parts is not None
    [route] = moved.routes
    assert route.part == 0
    assert {route.start, route.end} == {"芳賀台", "ゆいの杜東"}
    assert route.length_change_m > 0  # the shifted stretch joins the line by two slanted legs
    assert route.length_m == pytest.approx(line_length_m(tuple(map(tuple, shifted))), abs=0.1)
    assert diff.summary[0].startswith(f"{first.id}, part 1: route changed between ")
    assert MapDiff.from_dict(json.loads(json.dumps(diff.to_dict()))) == diff
    assert apply_diff(option, diff) == parse_map(edited)


def test_a_real_multilinestring_with_an_added_part_counts_it_beside_the_route() -> None:
    document, _ = utsunomiya()
    option = parse_map(document)
    edited = json.loads(json.dumps(document))
    parts = edited["features"][0]["geometry"]["coordinates"]
    parts[0] = parts[0][:-1]  # the last vertex dropped
    parts.append(parts[0][:2])

    diff = diff_plans(option, parse_map(edited))

    assert isinstance(diff, MapDiff)
    [route] = diff.moved[0].routes
    assert route.length_change_m < 0
    assert diff.summary[0].endswith(" m shorter (1 part added)")


# --- the nearest stop, fast ---------------------------------------------------------------------

positions = st.tuples(st.floats(-180, 180, allow_nan=False), st.floats(-90, 90, allow_nan=False))


@st.composite
def clustered(draw: st.DrawFn) -> tuple[tuple[tuple[float, float], ...], tuple[float, float]]:
    """Points around a centre (a neighbourhood, a region or the globe) and a place to ask from."""
    lon, lat = draw(positions)
    spread = draw(st.sampled_from([0.001, 0.1, 5.0, 180.0]))
    near = st.tuples(
        st.floats(lon - spread, lon + spread, allow_nan=False),
        st.floats(max(-90, lat - spread / 2), min(90, lat + spread / 2), allow_nan=False),
    )
    points = draw(st.lists(near, min_size=1, max_size=60))
    return tuple(points), draw(st.one_of(near, positions))


@settings(max_examples=300, deadline=None)
@given(clustered())
def test_the_nearest_point_is_the_one_a_full_scan_finds(case) -> None:
    points, place = case

    found = NearestPoint(points).nearest(place)

    scanned = min(range(len(points)), key=lambda index: distance_m(place, points[index]))
    assert found is not None
    # The same point, or one as near (a tie the two measures break differently at 1e-9 m).
    assert distance_m(place, points[found]) == pytest.approx(
        distance_m(place, points[scanned]), abs=1e-6
    )


def test_the_nearest_point_across_the_antimeridian_and_near_a_pole() -> None:
    index = NearestPoint(((179.9, -16.0), (170.0, -16.0), (0.0, 89.9), (180.0, 0.0)))

    assert index.nearest((-179.95, -16.0)) == 0  # 5.5 km west across the date line
    assert index.nearest((120.0, 89.95)) == 2
    assert NearestPoint(()).nearest((0.0, 0.0)) is None
