"""Every real GeoJSON document of the corpus through the one reader (`domain/documents.py`), and
the broken files a person really sends: NaN, a projected CRS, a byte-order mark, Overpass JSON,
null geometry."""

from __future__ import annotations

import json
import math

import pytest

from chalicelib.domain.documents import load_json, read_document
from chalicelib.domain.errors import InvalidInput, Problem
from chalicelib.domain.geo import MapPlan, parse_map
from tests.support.real_maps import ACCEPTED, CORPUS, REAL_MAPS, REFUSED, read

pytestmark = pytest.mark.unit


def refusal(data: bytes | str | object) -> list[Problem]:
    with pytest.raises(InvalidInput) as caught:
        read_document(data)
    return caught.value.problems


def test_the_corpus_is_every_file_in_the_folder() -> None:
    assert sorted(path.name for path in REAL_MAPS.iterdir()) == sorted(CORPUS)


@pytest.mark.parametrize("name", ACCEPTED)
def test_real_map_is_read_whole(name: str) -> None:
    expected = CORPUS[name]

    source, plan = read_document(read(name))

    assert source == "geojson"
    assert isinstance(plan, MapPlan) and plan.report is not None
    assert len(plan.features) == expected.features
    assert plan.features[0].id == expected.first_id
    assert plan.features[0].geometry_type == expected.geometry
    assert expected.ids_from in plan.report.ids_from
    warnings = " ".join(w.message for w in plan.report.warnings)
    assert (expected.warning in warnings) if expected.warning else not warnings
    assert len(plan.element_ids) == len(plan.features)


@pytest.mark.parametrize("name", ACCEPTED)
def test_real_map_as_stored_reads_back_the_same(name: str) -> None:
    _, plan = read_document(read(name))
    stored = json.loads(json.dumps(plan.to_dict()))

    again = parse_map(stored)

    assert again == plan
    assert again.report is not None
    assert (again.report.ids_from, again.report.warnings) == ("the features' own ids", ())


def test_every_part_of_a_real_route_is_kept() -> None:
    raw = json.loads(read("santa-monica-routes.geojson"))
    _, plan = read_document(read("santa-monica-routes.geojson"))

    assert isinstance(plan, MapPlan)
    for feature, original in zip(plan.features, raw["features"], strict=True):
        assert len(feature.parts()) == len(original["geometry"]["coordinates"])
        assert feature.to_dict()["geometry"] == original["geometry"]


@pytest.mark.parametrize("name", REFUSED)
def test_real_file_refused_with_a_message_to_act_on(name: str) -> None:
    [problem] = refusal(read(name))

    assert CORPUS[name].refused in problem.message


# --- broken files ------------------------------------------------------------------------------

STOPS = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"stop_id": f"s{n}"},
            "geometry": {"type": "Point", "coordinates": [174.76 + n / 1000, -36.85]},
        }
        for n in range(5)
    ],
}


def test_nan_is_named_with_its_line_and_column() -> None:
    text = json.dumps(STOPS, indent=1).replace("174.762", "NaN", 1)

    [problem] = refusal(text)

    line = next(i for i, row in enumerate(text.splitlines(), 1) if "NaN" in row)
    assert f"NaN at line {line}, column " in problem.message


def test_invalid_json_says_line_and_column() -> None:
    [problem] = refusal('{"type": "FeatureCollection",\n "features": [,]}')

    assert "not valid JSON" in problem.message and "line 2, column 15" in problem.message


def test_a_byte_order_mark_is_stripped() -> None:
    text = json.dumps(STOPS)

    for data in ("\ufeff" + text, b"\xef\xbb\xbf" + text.encode()):
        _, plan = read_document(data)
        assert isinstance(plan, MapPlan) and len(plan.features) == 5


def test_utf16_is_named() -> None:
    [problem] = refusal(json.dumps(STOPS).encode("utf-16"))

    assert "UTF-16" in problem.message and "UTF-8" in problem.message


def test_a_projected_crs_is_named_once_with_how_to_reproject() -> None:
    raw = json.loads(json.dumps(STOPS))
    raw["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::2193"}}
    for feature in raw["features"]:
        feature["geometry"]["coordinates"] = [1757000.5, 5920000.25]

    [problem] = refusal(raw)

    assert problem.field == "document.crs"
    assert "EPSG::2193" in problem.message
    assert "Save Features As" in problem.message and "ogr2ogr -t_srs EPSG:4326" in problem.message


def test_projected_positions_without_a_crs_are_one_message_with_the_count() -> None:
    raw = json.loads(json.dumps(STOPS))
    for feature in raw["features"]:
        feature["geometry"]["coordinates"] = [797494.322, 5827313.5]

    [problem] = refusal(raw)

    assert "797494.322" in problem.message and "projected coordinate system" in problem.message
    assert "The same in 4 more places: feature 2's Point" in problem.message


def test_web_mercator_is_converted() -> None:
    raw = json.loads(json.dumps(STOPS))
    raw["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}
    raw["features"] = raw["features"][:1]
    radius = 6_378_137.0  # the sphere of EPSG:3857
    x = math.radians(174.77) * radius
    y = radius * math.log(math.tan(math.pi / 4 + math.radians(-36.82) / 2))
    raw["features"][0]["geometry"]["coordinates"] = [x, y]

    _, plan = read_document(raw)

    assert isinstance(plan, MapPlan) and plan.report is not None
    lon, lat = plan.features[0].coordinates
    assert (lon, lat) == pytest.approx((174.77, -36.82), abs=1e-8)
    assert "Web Mercator" in plan.report.warnings[0].message


def test_null_geometry_is_left_out_with_a_warning_naming_it() -> None:
    raw = json.loads(json.dumps(STOPS))
    raw["features"][2]["geometry"] = None
    raw["features"][3]["geometry"] = None

    _, plan = read_document(raw)

    assert isinstance(plan, MapPlan) and plan.report is not None
    assert [f.id for f in plan.features] == ["s0", "s1", "s4"]
    [warning] = plan.report.warnings
    assert warning.message.startswith("feature 3 has no geometry (null) and was left out")
    assert "The same in 1 more place: feature 4" in warning.message


def test_overpass_raw_json_gets_the_export_hint() -> None:
    raw = {"version": 0.6, "generator": "Overpass API", "elements": [{"type": "node"}]}

    [problem] = refusal(raw)

    assert "overpass-turbo" in problem.message and "Export → GeoJSON" in problem.message


def test_a_document_of_no_known_format_lists_what_is_expected() -> None:
    [problem] = refusal({"name": "x"})

    assert "Streetmix" in problem.message and "GeoJSON" in problem.message


@pytest.mark.parametrize(
    ("document", "source"),
    [
        ({"type": "featurecollection", "features": STOPS["features"]}, "geojson"),
        ({"type": "Point", "coordinates": [1, 2]}, "geojson"),
        ({"schemaVersion": 30, "width": 20, "segments": []}, "streetmix"),
        ({"data": {"street": {}}}, "streetmix"),
        ({"width": 20, "segments": []}, "plan"),
    ],
)
def test_format_is_told_by_content(document: dict, source: str) -> None:
    from chalicelib.domain.documents import detect

    assert detect(document) == source


def test_empty_text_is_named() -> None:
    with pytest.raises(InvalidInput) as caught:
        load_json("\ufeff  \n")

    assert "empty" in caught.value.problems[0].message


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ('<?xml version="1.0"?><kml></kml>', "XML (KML, GPX or GML?)"),
        (b"PK\x03\x04\x14\x00rest of a zip", "ZIP archive"),
        ({"type": "Topology", "objects": {}}, "TopoJSON"),
    ],
)
def test_other_formats_people_have_get_a_way_to_geojson(data: object, words: str) -> None:
    [problem] = refusal(data)

    assert words in problem.message
