"""Where a map feature's id comes from (`domain/map_ids.py`) and which coordinate systems a file
may name (`domain/crs.py`)."""

from __future__ import annotations

import pytest

from chalicelib.domain import crs
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.geo import parse_map

pytestmark = pytest.mark.unit


def stops(*properties: dict, ids: list | None = None) -> dict:
    features = []
    for index, props in enumerate(properties):
        feature = {
            "type": "Feature",
            "properties": props,
            "geometry": {"type": "Point", "coordinates": [174.7 + index / 100, -36.8]},
        }
        if ids is not None and ids[index] is not None:
            feature["id"] = ids[index]
        features.append(feature)
    return {"type": "FeatureCollection", "features": features}


def ids_and_source(raw: dict) -> tuple[list[str], str]:
    plan = parse_map(raw)
    assert plan.report is not None
    return [f.id for f in plan.features], plan.report.ids_from


def test_known_properties_come_first_in_their_order() -> None:
    raw = stops({"name": "A", "stop_id": "s1", "id": 7}, {"name": "B", "stop_id": "s2", "id": 8})

    assert ids_and_source(raw) == (["7", "8"], "the property 'id' of each feature")


def test_a_property_that_repeats_is_passed_over() -> None:
    raw = stops({"route_id": "r1", "shape_id": "x"}, {"route_id": "r1", "shape_id": "y"})

    assert ids_and_source(raw)[0] == ["x", "y"]


def test_values_that_cannot_be_ids_are_passed_over() -> None:
    raw = stops(
        {"name": "Te Ara", "code": 1.5, "ref": "K1"},
        {"name": "Kōwhai St", "code": 2.5, "ref": "K2"},
    )

    assert ids_and_source(raw) == (["K1", "K2"], "the property 'ref' of each feature")


def test_osm_ids_in_properties_and_at_the_top() -> None:
    in_properties = stops({"@id": "way/929905"}, {"@id": "relation/64307"})
    at_the_top = stops({}, {}, ids=["node/1", "way/2"])

    assert ids_and_source(in_properties)[0] == ["way/929905", "relation/64307"]
    assert ids_and_source(at_the_top) == (["node/1", "way/2"], "the features' own ids")


def test_no_usable_property_numbers_features_by_their_place_in_the_file() -> None:
    raw = stops({"name": "same"}, {"name": "same"}, {})
    raw["features"].insert(1, {"type": "Feature", "geometry": None, "properties": {}})

    ids, source = ids_and_source(raw)

    assert ids == ["feature-1", "feature-3", "feature-4"]  # the null feature keeps its place
    assert source.startswith("numbered in file order")


def test_the_same_file_read_twice_gives_the_same_ids() -> None:
    raw = stops({"OBJECTID": 3}, {"OBJECTID": 1}, {"OBJECTID": 2})

    assert ids_and_source(raw) == ids_and_source(raw)


def test_own_ids_that_repeat_are_refused_naming_both_features() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_map(stops({}, {}, {}, ids=["a", "b", "a"]))

    [problem] = caught.value.problems
    assert problem.message.startswith("feature 3 has the id 'a', which feature 1 already has")


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("urn:ogc:def:crs:OGC:1.3:CRS84", "lonlat"),
        ("http://www.opengis.net/def/crs/OGC/1.3/CRS84", "lonlat"),
        ("EPSG:4326", "lonlat"),
        ("urn:ogc:def:crs:EPSG::4326", "lonlat"),
        ("urn:ogc:def:crs:EPSG::4269", "lonlat"),
        ("urn:ogc:def:crs:EPSG::3857", "web-mercator"),
        ("EPSG:900913", "web-mercator"),
        ("ESRI:102100", "web-mercator"),
        ("urn:ogc:def:crs:EPSG::2193", "other"),
        ("urn:ogc:def:crs:EPSG::27700", "other"),
        ("+proj=tmerc +lat_0=0 +lon_0=9 +k=1 +x_0=3500000", "other"),
    ],
)
def test_coordinate_systems(name: str, kind: str) -> None:
    assert crs.classify(name) == kind


def test_the_old_epsg_crs_object_is_read() -> None:
    assert crs.crs_name({"crs": {"type": "EPSG", "properties": {"code": 3857}}}) == "EPSG:3857"
