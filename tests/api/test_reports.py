"""The report job end to end under moto: on demand through the staff API and on its schedule;
files and manifest in S3, presigned downloads, reruns byte-identical, a run that dies midway
leaves nothing visible."""

from __future__ import annotations

import hashlib
import json

import pytest
import requests

from tests.support.reports import FILES, post_some, run_tags, stored_objects
from tests.support.staff_api import call, mint


@pytest.fixture(autouse=True)
def fresh_s3_client():
    from chalicelib.store import reports

    reports.forget_client()
    yield
    reports.forget_client()


def test_staff_run_a_report_and_download_every_file(api, staff_keys):
    ids = post_some(api)
    moderator, analyst = mint(staff_keys, "moderator"), mint(staff_keys, "analyst")
    call(
        api,
        "POST",
        f"/staff/consultations/demo/submissions/{ids['hidden']}/moderation",
        moderator,
        {"action": "hide", "reason": "Abuse."},
    )
    assert call(api, "POST", "/staff/consultations/demo/reports", moderator).status_code == 403
    created = call(api, "POST", "/staff/consultations/demo/reports", analyst)
    assert created.status_code == 201, created.json_body
    manifest = created.json_body
    assert {f["name"] for f in manifest["files"]} == FILES
    assert manifest["counts"]["published"] == 4
    assert manifest["counts"]["pins"] == 1

    listed = call(api, "GET", "/staff/consultations/demo/reports", analyst)
    assert listed.status_code == 200
    [run] = listed.json_body["items"]
    assert run["run_id"] == manifest["run_id"]
    downloaded = {}
    for entry in run["files"]:
        response = requests.get(entry["url"], timeout=10)
        assert response.status_code == 200, entry["name"]
        assert hashlib.sha256(response.content).hexdigest() == entry["sha256"]
        assert len(response.content) == entry["size"]
        downloaded[entry["name"]] = response.content

    summary = json.loads(downloaded["summary.json"])
    assert summary["moderation"]["hidden"] == 1
    assert summary["totals"]["submissions"] == 4
    csv_text = downloaded["submissions.csv"].decode("utf-8-sig")
    assert "'=cmd|' /C calc'!A0" in csv_text
    assert "Something abusive" not in csv_text
    html = downloaded["report.html"].decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    pins = json.loads(downloaded["pins.geojson"])
    assert [f["id"] for f in pins["features"] if f["properties"]["kind"] == "pin"] == [ids["pin"]]


def test_the_schedule_consolidates_open_consultations(api, client, seed_consultation):
    from datetime import UTC, datetime, timedelta

    post_some(api)
    seed_consultation(
        "long-closed", status="closed", closes_at=datetime.now(UTC) - timedelta(days=60)
    )
    event = client.events.generate_cw_event(
        source="aws.events", detail_type="Scheduled Event", detail={}, resources=[]
    )
    seed_consultation(
        "just-closed", status="closed", closes_at=datetime.now(UTC) - timedelta(days=2)
    )
    seed_consultation("not-yet", status="draft")
    answer = client.lambda_.invoke("nightly-reports", event)
    runs = answer.payload
    assert set(runs) == {"demo", "just-closed"}, runs  # long-closed is not due any more
    stored = stored_objects()
    prefix = f"reports/demo/{runs['demo']}/"
    assert set(stored) == {prefix + name for name in [*FILES, "manifest.json"]}
    manifest = json.loads(stored[prefix + "manifest.json"])
    for entry in manifest["files"]:
        assert hashlib.sha256(stored[prefix + entry["name"]]).hexdigest() == entry["sha256"]
    # published: the lifecycle rule for unpublished runs leaves every file alone
    tags = run_tags(prefix)
    assert tags == {prefix + "manifest.json": None, **{prefix + n: "published" for n in FILES}}


def test_a_rerun_on_the_same_data_gives_identical_files(api):
    from chalicelib.services import reports

    post_some(api)
    first = reports.consolidate("demo")
    second = reports.consolidate("demo")
    assert first["run_id"] != second["run_id"]
    stored = stored_objects()
    for name in FILES:
        a = stored[f"reports/demo/{first['run_id']}/{name}"]
        b = stored[f"reports/demo/{second['run_id']}/{name}"]
        assert a == b, name
    assert first["files"] == second["files"]
    assert first["counts"] == second["counts"]


def test_a_run_that_dies_midway_leaves_no_visible_report(api, staff_keys, monkeypatch):
    from chalicelib.services import reports
    from chalicelib.store import reports as report_store

    post_some(api)
    real_upload = report_store.upload

    def upload_two_then_die(cid, run_id, files):
        real_upload(cid, run_id, list(files)[:2])
        raise TimeoutError("Lambda ran out of time")

    monkeypatch.setattr(report_store, "upload", upload_two_then_die)
    with pytest.raises(TimeoutError):
        reports.consolidate("demo")
    assert len(stored_objects()) == 2  # the files it wrote are there, unpublished
    assert set(run_tags().values()) == {"unpublished"}  # so the lifecycle rule expires them
    listed = call(api, "GET", "/staff/consultations/demo/reports", mint(staff_keys, "admin"))
    assert listed.status_code == 200
    assert listed.json_body["items"] == []


def test_report_requests_are_checked(api, staff_keys, monkeypatch):
    from chalicelib.services import staff  # noqa: F401  (routes import lazily)

    admin = mint(staff_keys, "admin")
    assert call(api, "GET", "/staff/consultations/nowhere/reports", admin).status_code == 404
    assert call(api, "POST", "/staff/consultations/nowhere/reports", admin).status_code == 404
    bad = call(api, "GET", "/staff/consultations/demo/reports?limit=0", admin)
    assert bad.status_code == 422 and bad.json_body["error"]["field"] == "limit"
    assert call(api, "GET", "/staff/consultations/demo/reports", None).status_code == 401
    created = call(
        api, "POST", "/staff/consultations", admin, {"id": "drafty", "title": {"en": "Draft"}}
    )
    assert created.status_code == 201
    draft = call(api, "POST", "/staff/consultations/drafty/reports", admin)
    assert draft.status_code == 409
