"""Map alternatives sent as an edit (`plan_edit`), not the whole plan: a map near the 300 KB
stored limit does not fit in a submission body whole, but its alternatives do."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from tests.api.conftest import stored_submission_count

KB = 1024
BIG = "big"


def post(api, cid: str = "demo", **fields):
    body = {"option_id": "b", "kind": "alternative", "text": "Move the stop.", **fields}
    return api.post(f"/consultations/{cid}/submissions", body)


def stop_of(api, cid: str = "demo") -> dict:
    plan = api.get(f"/consultations/{cid}/options/b").json_body["plan"]
    return next(f for f in plan["features"] if f["geometry"]["type"] == "Point")


def nudged(point: dict) -> dict:
    lon, lat = point["geometry"]["coordinates"][:2]
    return {"type": "Point", "coordinates": [round(lon + 0.001, 6), lat]}


def big_network(target_bytes: int) -> object:
    """A bus network of random routes and stops (random digits hardly compress), grown until
    it takes nearly `target_bytes` stored."""
    from chalicelib.domain.geo import parse_map
    from chalicelib.store.models import CompressedJSONAttribute

    rng = random.Random(19)
    features: list[dict] = []

    def position() -> list[float]:
        return [round(174.7 + rng.random() * 0.1, 6), round(-36.9 + rng.random() * 0.1, 6)]

    def collection() -> dict:
        return {"type": "FeatureCollection", "features": features}

    def stored_bytes() -> int:  # as stored_plan_bytes, without reading the map each time
        return len(CompressedJSONAttribute().serialize(collection()))

    while True:
        batch = []
        for _ in range(20):
            n = len(features) + len(batch)
            batch.append(
                {
                    "type": "Feature",
                    "id": f"stop-{n}",
                    "geometry": {"type": "Point", "coordinates": position()},
                    "properties": {"name": f"Stop {n}"},
                }
            )
            batch.append(
                {
                    "type": "Feature",
                    "id": f"route-{n}",
                    "geometry": {
                        "type": "MultiLineString",
                        "coordinates": [[position() for _ in range(25)] for _ in range(2)],
                    },
                    "properties": {"route_id": str(n)},
                }
            )
        features.extend(batch)
        if stored_bytes() > target_bytes:
            del features[-len(batch) :]
            return parse_map(collection())


@pytest.fixture(scope="module")
def network() -> object:
    return big_network(290_000)


@pytest.fixture
def big(aws, network) -> object:
    """Consultation `big`: the demo, with option b a map near the 300 KB stored limit."""
    from chalicelib.local.demo import demo_consultation
    from chalicelib.store import consultations

    consultation, options = demo_consultation(datetime.now(UTC))
    consultations.save(replace(consultation, id=BIG))
    for option in options:
        plan = network if option.id == "b" else option.plan
        consultations.save_option(BIG, replace(option, plan=plan))
    return network


def test_a_map_near_the_stored_limit_takes_an_alternative_as_an_edit(api, big):
    from chalicelib.store.consultations import PLAN_STORED_MAX_BYTES, stored_plan_bytes

    assert 250_000 < stored_plan_bytes(big) <= PLAN_STORED_MAX_BYTES
    whole = api.get(f"/consultations/{BIG}/options/b").json_body["plan"]
    assert len(json.dumps(whole)) > 256 * KB  # sent whole, it cannot fit in a body

    stop = whole["features"][0]
    moved = whole["features"][3]["geometry"]
    moved["coordinates"][1][2] = [174.75, -36.85]  # one part of route-2 re-routed
    refused = post(api, BIG, plan={**whole, "features": whole["features"][1:]})
    assert refused.status_code == 413
    assert "send `plan_edit`" in refused.json_body["error"]["message"]
    edit = {
        "moved": [
            {"id": stop["id"], "geometry": nudged(stop)},
            {"id": "route-2", "geometry": moved},
        ],
        "removed": ["stop-4"],
        "added": [
            {
                "type": "Feature",
                "id": "stop-new",
                "geometry": {"type": "Point", "coordinates": [174.76, -36.86]},
                "properties": {"name": "New stop"},
            }
        ],
    }
    created = post(api, BIG, plan_edit=edit)
    assert created.status_code == 201, created.json_body

    sid = created.json_body["id"]
    stored = api.get(f"/consultations/{BIG}/submissions/{sid}").json_body
    diff = stored["diff"]
    assert [m["id"] for m in diff["moved"]] == [stop["id"], "route-2"]
    assert diff["moved"][1]["parts"]["moved"] == [1]
    assert [r["id"] for r in diff["removed"]] == ["stop-4"]
    assert [a["id"] for a in diff["added"]] == ["stop-new"]
    ids = [f["id"] for f in stored["plan"]["features"]]
    assert len(ids) == len(whole["features"]) and ids[-1] == "stop-new"


def test_an_edit_gives_the_same_stored_plan_and_diff_as_the_whole_plan(api):
    stop = stop_of(api)
    whole = api.get("/consultations/demo/options/b").json_body["plan"]
    for feature in whole["features"]:
        if feature["id"] == stop["id"]:
            feature["geometry"] = nudged(stop)
    as_plan = post(api, plan=whole).json_body["id"]
    as_edit = post(api, plan_edit={"moved": [{"id": stop["id"], "geometry": nudged(stop)}]})
    assert as_edit.status_code == 201, as_edit.json_body

    def stored(sid: str) -> dict:
        body = api.get(f"/consultations/demo/submissions/{sid}").json_body
        return {"plan": body["plan"], "diff": body["diff"]}

    assert stored(as_edit.json_body["id"]) == stored(as_plan)


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        (
            {"plan_edit": {"removed": ["stop-nowhere"]}},
            "plan_edit.removed[0]",
            "has no feature 'stop-nowhere'",
        ),
        (
            {"plan_edit": {"moved": [{"id": "stop-nowhere", "geometry": {"type": "Point"}}]}},
            "plan_edit.moved[0].id",
            "reload the option's plan",
        ),
        (
            {
                "plan_edit": {
                    "moved": [
                        {"id": "{stop}", "geometry": {"type": "Point", "coordinates": [200, 0]}}
                    ]
                }
            },
            "plan_edit.moved[0].geometry.coordinates",
            "",
        ),
        ({"plan_edit": {}}, "plan_edit", "identical to option 'b'"),
        ({"plan_edit": {"added": [{"type": "Feature"}]}}, "plan_edit.added[0].id", "`id`"),
        ({"plan_edit": {"dropped": []}}, "plan_edit.dropped", ""),
        ({"plan_edit": {"removed": []}, "plan": {}}, "plan", "exactly one of plan"),
        ({}, "plan", "exactly one of plan"),
        (
            {"option_id": "a", "plan_edit": {"removed": ["x"]}},
            "plan_edit",
            "`plan_edit` is for maps",
        ),
    ],
    ids=[
        "remove-unknown",
        "move-unknown",
        "bad-coordinates",
        "empty",
        "added-without-id",
        "unknown-key",
        "both",
        "neither",
        "section",
    ],
)
def test_a_bad_edit_is_refused_naming_its_field(api, fields, field, words):
    stop = stop_of(api)
    fields = json.loads(json.dumps(fields).replace("{stop}", stop["id"]))
    response = post(api, **fields)
    assert response.status_code == 422, response.json_body
    error = response.json_body["error"]
    assert error["field"].startswith(field), error
    assert words in error["message"]
    assert stored_submission_count() == 0


def test_a_comment_carries_no_plan_edit(api):
    response = api.comment(option_id="b", plan_edit={"removed": []})
    assert response.status_code == 422
    assert response.json_body["error"]["field"] == "plan_edit"


def test_the_author_edits_an_alternative_with_a_plan_edit(api):
    stop = stop_of(api)
    created = post(api, plan_edit={"moved": [{"id": stop["id"], "geometry": nudged(stop)}]})
    sid, token = created.json_body["id"], created.json_body["edit_token"]
    path = f"/consultations/demo/submissions/{sid}"
    headers = {"Content-Type": "application/json", "X-Edit-Token": token}
    edit = {"plan_edit": {"removed": [stop["id"]]}}  # against the option's plan, not the last
    response = api.client.http.patch(path, headers=headers, body=json.dumps(edit))
    assert response.status_code == 200, response.json_body
    diff = response.json_body["diff"]
    assert [r["id"] for r in diff["removed"]] == [stop["id"]] and diff["moved"] == []


def test_an_edit_too_large_to_store_beside_the_map_is_refused_not_a_failure(api, big):
    rng = random.Random(7)

    def line() -> list[list[float]]:
        return [
            [round(174.7 + rng.random() / 10, 6), round(-36.9 + rng.random() / 10, 6)]
            for _ in range(400)
        ]

    added = [
        {
            "type": "Feature",
            "id": f"new-{n}",
            "geometry": {"type": "LineString", "coordinates": line()},
            "properties": {},
        }
        for n in range(22)
    ]
    body_size = len(json.dumps({"plan_edit": {"added": added}}))
    assert 150 * KB < body_size < 250 * KB
    response = post(api, BIG, plan_edit={"added": added})
    assert response.status_code == 422, response.json_body
    error = response.json_body["error"]
    assert error["field"] == "plan_edit" and "the limit is 330 KB" in error["message"]
    assert stored_submission_count() == 0
