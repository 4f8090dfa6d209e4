"""Every real GeoJSON document of the corpus through the API's dry run (sent as `document`, the
file's text as the staff page sends it, and as `geojson`) and through the CLI's add-option: the
same reader, the same answer."""

from __future__ import annotations

import json

import pytest

from tests.support.real_maps import ACCEPTED, CORPUS, REAL_MAPS, REFUSED, read
from tests.support.staff_api import call, mint

pytestmark = pytest.mark.api

DRY_RUN = "/staff/consultations/demo/options?dry_run=true"
ROUTES = "santa-monica-routes.geojson"


def admin(staff_keys) -> str:
    return mint(staff_keys, "admin")


def dry_run(api, staff_keys, **plan):
    body = {"id": "real", "title": {"en": "A real map"}, **plan}
    return call(api, "POST", DRY_RUN, mint(staff_keys, "admin"), body)


@pytest.mark.parametrize("name", ACCEPTED)
def test_real_map_dry_run_as_the_file_text(api, staff_keys, name):
    expected = CORPUS[name]

    response = dry_run(api, staff_keys, document=read(name).decode("utf-8"))

    assert response.status_code == 200, response.json_body
    option = response.json_body
    assert option["kind"] == "map"
    features = option["plan"]["features"]
    assert len(features) == expected.features
    assert features[0]["id"] == expected.first_id
    assert features[0]["geometry"]["type"] == expected.geometry
    report = option["import_report"]
    assert expected.ids_from in report["ids_from"]
    warnings = " ".join(w["message"] for w in report["warnings"])
    assert (expected.warning in warnings) if expected.warning else not warnings


@pytest.mark.parametrize("name", ["santa-monica-routes.geojson", "overpass-landuse.geojson"])
def test_real_map_dry_run_as_geojson(api, staff_keys, name):
    response = dry_run(api, staff_keys, kind="map", geojson=json.loads(read(name)))

    assert response.status_code == 200, response.json_body
    assert len(response.json_body["plan"]["features"]) == CORPUS[name].features


@pytest.mark.parametrize("name", REFUSED)
def test_real_file_refused_in_the_dry_run(api, staff_keys, name):
    response = dry_run(api, staff_keys, document=read(name).decode("utf-8"))

    assert response.status_code == 422
    error = response.json_body["error"]
    assert CORPUS[name].refused in error["message"]
    assert error["field"].startswith("document")


def test_nan_in_a_document_is_named_with_line_and_column(api, staff_keys):
    text = read("utsunomiya-lrt-stops.geojson").decode().replace("139.8996398", "NaN", 1)

    response = dry_run(api, staff_keys, document=text)

    assert response.status_code == 422
    column = text.index("NaN") + 1  # the file is one line
    assert f"NaN at line 1, column {column}:" in response.json_body["error"]["message"]


def test_a_document_of_one_kind_sent_as_the_other(api, staff_keys):
    text = read("overpass-streets.geojson").decode()

    response = dry_run(api, staff_keys, kind="section", document=text)

    assert response.status_code == 422
    assert response.json_body["error"]["field"] == "kind"


def test_without_document_kind_is_required(api, staff_keys):
    response = dry_run(api, staff_keys, geojson=json.loads(read("overpass-streets.geojson")))

    assert response.status_code == 422
    assert response.json_body["error"]["field"] == "kind"


@pytest.mark.parametrize("name", ACCEPTED)
def test_real_map_through_the_cli(api, capsys, name):
    from chalicelib import cli

    path = str(REAL_MAPS / name)
    code = cli.main(["add-option", "demo", "real", path, "--title", "Real", "--dry-run"])

    out = capsys.readouterr().out
    assert code == 0
    assert "would add option 'real' (map)" in out
    assert f"{CORPUS[name].features:,} features" in out
    assert CORPUS[name].ids_from in out


@pytest.mark.parametrize("name", REFUSED)
def test_real_file_refused_by_the_cli_in_one_line(api, capsys, name):
    from chalicelib import cli

    code = cli.main(["add-option", "demo", "real", str(REAL_MAPS / name), "--title", "Real"])

    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and CORPUS[name].refused in err


def test_cli_stores_a_real_map(api, capsys):
    from chalicelib import cli

    path = str(REAL_MAPS / "santa-monica-routes.geojson")
    assert cli.main(["add-option", "demo", "routes", path, "--title", "Routes"]) == 0

    option = api.get("/consultations/demo/options/routes").json_body
    assert [f["id"] for f in option["plan"]["features"]][:2] == ["1904", "1911"]


def test_nan_in_the_request_body_is_named_with_line_and_column(api, staff_keys):
    body = json.dumps(
        {"id": "real", "title": {"en": "x"}, "kind": "map", "geojson": json.loads(read(ROUTES))},
        indent=1,
    ).replace("-118.439012", "NaN", 1)
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {admin(staff_keys)}"}

    response = api.client.http.post(DRY_RUN, headers=headers, body=body)

    line = next(n for n, row in enumerate(body.splitlines(), 1) if "NaN" in row)
    assert response.status_code == 400
    assert (
        f"NaN is not a number JSON allows (line {line}, column "
        in (response.json_body["error"]["message"])
    )


def test_a_network_too_large_to_store_is_simplified_with_the_tolerance_said(api, staff_keys):
    import math

    def arc(shift: float) -> list[list[float]]:  # 10 km, a position every third of a metre
        n = 30_000
        return [
            [174.7 + 0.09 * t, -36.85 + shift + 0.02 * math.sin(3 * t)]
            for t in (i / (n - 1) for i in range(n))
        ]

    network = {
        "type": "Feature",
        "properties": {"route_id": "NX1"},
        "geometry": {"type": "MultiLineString", "coordinates": [arc(0), arc(0.01), arc(0.02)]},
    }

    response = dry_run(api, staff_keys, document=json.dumps(network))

    assert response.status_code == 200, response.json_body
    [feature] = response.json_body["plan"]["features"]
    assert len(feature["geometry"]["coordinates"]) == 3
    [warning] = response.json_body["import_report"]["warnings"]
    assert "simplified with a tolerance of 0.5 m" in warning["message"]
    assert "90,000 positions became" in warning["message"]
