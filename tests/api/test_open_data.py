"""The open-data bundle: published submissions, options' plans and responses as CSV, JSON and
GeoJSON with a Frictionless datapackage.json (CC BY 4.0 by default), in the site bucket; no
contact email, no source IP, no resident id, nothing withdrawn or hidden."""

from __future__ import annotations

import csv
import io
import json

from tests.support.staff_api import OUTCOME, call, mint

CONTACT = "open.data.contact@example.net"


def test_the_bundle_holds_what_is_public_and_no_personal_data(api, staff_keys):
    from chalicelib.services import open_data
    from chalicelib.store.open_data import read

    token = api.post("/residents", {}).json_body["token"]
    kept = api.client.http.post(
        "/consultations/demo/submissions",
        headers={"Content-Type": "application/json", "X-Resident-Token": token},
        body=json.dumps(
            {"option_id": "a", "kind": "comment", "text": "Shade, please.", "email": CONTACT}
        ),
    ).json_body
    pinned = api.comment(option_id="b", text="A stop here.", point=[174.7467, -36.8792]).json_body
    gone = api.comment(text="Withdrawn words.", email=CONTACT).json_body
    api.client.http.delete(
        f"/consultations/demo/submissions/{gone['id']}",
        headers={"X-Edit-Token": gone["edit_token"]},
    )
    admin = mint(staff_keys, "admin")
    status = "/staff/consultations/demo/status"
    assert call(api, "POST", status, admin, {"status": "closed"}).status_code == 200
    answer = {"status": "planned", "text": {"en": "Trees are planned."}, "links": {}}
    answer["links"] = {"submissions": [kept["id"], gone["id"]]}
    assert (
        call(api, "POST", "/staff/consultations/demo/responses", admin, answer).status_code == 201
    )
    for oid in ("a", "b"):
        path = f"/staff/consultations/demo/options/{oid}/outcome"
        assert call(api, "PUT", path, admin, OUTCOME).status_code == 200
    assert call(api, "POST", status, admin, {"status": "outcome"}).status_code == 200

    assert open_data.publish_due() == {"demo": 6}
    from chalicelib.store import site

    # CloudFront keeps a site object a day unless it says otherwise: a bundle written again
    # (a response changed) must reach readers within minutes.
    assert site.get("open-data/demo/datapackage.json")[2] == "public, max-age=300"
    package = json.loads(read("demo", "datapackage.json"))
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    files = {r["path"]: read("demo", r["path"]) for r in package["resources"]}
    rows = list(csv.DictReader(io.StringIO(files["submissions.csv"].decode())))
    assert {r["id"] for r in rows} == {kept["id"], pinned["id"]}
    assert [f["name"] for f in package["resources"][0]["schema"]["fields"]] == list(rows[0])
    points = json.loads(files["submissions.geojson"])["features"]
    assert [p["id"] for p in points] == [pinned["id"]]
    assert points[0]["geometry"]["coordinates"] == [174.7467, -36.8792]
    responses = list(csv.DictReader(io.StringIO(files["responses.csv"].decode())))
    assert responses[0]["submissions"] == kept["id"]  # the withdrawn one is left out
    assert {o["id"] for o in json.loads(files["options.json"])} == {"a", "b"}

    everything = b"".join(files.values()) + read("demo", "datapackage.json")
    for secret in (CONTACT, token, "Withdrawn words.", "127.0.0.1"):
        assert secret.encode() not in everything, secret
    from chalicelib.domain.tokens import resident_id_from
    from chalicelib.store.secrets import token_key

    assert resident_id_from(token_key(), token).encode() not in everything


def _close_and_publish(api, admin) -> None:
    status = "/staff/consultations/demo/status"
    assert call(api, "POST", status, admin, {"status": "closed"}).status_code == 200
    for oid in ("a", "b"):
        path = f"/staff/consultations/demo/options/{oid}/outcome"
        assert call(api, "PUT", path, admin, OUTCOME).status_code == 200
    assert call(api, "POST", status, admin, {"status": "outcome"}).status_code == 200


def _files() -> set[str]:
    import boto3

    from chalicelib import config

    listed = boto3.client("s3").list_objects_v2(
        Bucket=config.current().site_bucket, Prefix="open-data/demo/"
    )
    return {o["Key"].rsplit("/", 1)[1] for o in listed.get("Contents", [])}


def test_publishing_writes_the_bundle_and_the_consultation_page_links_it(api, staff_keys):
    """No nightly run or CLI needed: the outcome's publication writes it at once."""
    from chalicelib.store.open_data import read

    api.comment(text="Shade, please.")
    admin = mint(staff_keys, "admin")
    assert api.get("/consultations/demo").json_body["open_data"] is None  # not before the outcome
    _close_and_publish(api, admin)
    assert "datapackage.json" in _files()
    link = api.get("/consultations/demo").json_body["open_data"]
    assert link == {
        "url": "/open-data/demo/datapackage.json",
        "licence": "CC-BY-4.0",
        "licence_title": "Creative Commons Attribution 4.0",
        "licence_url": "https://creativecommons.org/licenses/by/4.0/",
    }
    assert json.loads(read("demo", "datapackage.json"))["licenses"][0]["name"] == "CC-BY-4.0"


def test_staff_set_the_licence_and_switch_it_off_per_consultation(api, staff_keys):
    from chalicelib.services import open_data
    from chalicelib.store.open_data import read

    admin = mint(staff_keys, "admin")
    path = "/staff/consultations/demo"
    changed = call(api, "PUT", path, admin, {"open_data_licence": "CC0-1.0"})
    assert changed.status_code == 200, changed.json_body
    assert (changed.json_body["open_data"], changed.json_body["open_data_licence"]) == (
        True,
        "CC0-1.0",
    )
    refused = call(api, "PUT", path, admin, {"open_data_licence": "All rights reserved"})
    assert refused.status_code == 422
    _close_and_publish(api, admin)
    assert json.loads(read("demo", "datapackage.json"))["licenses"][0]["name"] == "CC0-1.0"
    assert api.get("/consultations/demo").json_body["open_data"]["licence"] == "CC0-1.0"

    # After the outcome only the open-data settings may still change; switching it off
    # removes the published bundle at once, the page no longer links it; the nightly run removes
    # it again (a job that was still writing when it was switched off may have put it back).
    assert call(api, "PUT", path, admin, {"summary": {"en": "Late."}}).status_code == 409
    off = call(api, "PUT", path, admin, {"open_data": False})
    assert off.status_code == 200, off.json_body
    assert off.json_body["open_data"] is False
    assert _files() == set()
    assert api.get("/consultations/demo").json_body["open_data"] is None
    from chalicelib.store import open_data as open_data_store

    open_data_store.write("demo", {"submissions.csv": (b"put back by a late job", "text/csv")})
    assert open_data.publish_due() == {"demo": 0}
    assert _files() == set()
    audit = call(api, "GET", "/staff/audit?cid=demo", admin).json_body["items"]
    assert audit[0]["after"]["open_data"] is False and audit[0]["before"]["open_data"] is True

    # On again: the bundle is back with its licence.
    assert call(api, "PUT", path, admin, {"open_data": True}).status_code == 200
    assert "datapackage.json" in _files()
