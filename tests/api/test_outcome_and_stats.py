"""Outcomes ("you said, we did"), option changes and supersession, and the statistics kept on
every write."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from tests.support.staff_api import OUTCOME, ROUTE_B, call, mint


def _status(api, token, cid, status):
    return call(api, "POST", f"/staff/consultations/{cid}/status", token, {"status": status})


def _outcome(api, token, cid, oid, body=OUTCOME):
    return call(api, "PUT", f"/staff/consultations/{cid}/options/{oid}/outcome", token, body)


def test_outcomes_are_recorded_after_closing_and_shown_once_published(api, staff_keys):
    admin = mint(staff_keys, "admin")
    early = _outcome(api, admin, "demo", "a")
    assert early.status_code == 409
    assert "once it has closed" in early.json_body["error"]["message"]
    assert _status(api, admin, "demo", "outcome").status_code == 409  # open → outcome: no

    assert _status(api, admin, "demo", "closed").status_code == 200
    assert _outcome(api, admin, "demo", "a").status_code == 200
    missing = _status(api, admin, "demo", "outcome")
    assert missing.status_code == 409
    assert "missing: b" in missing.json_body["error"]["message"]
    # Recorded but not published: residents don't see it yet.
    assert all(o["outcome"] is None for o in api.get("/consultations/demo").json_body["options"])
    assert api.get("/consultations/demo/options/a").json_body["outcome"] is None

    rejected = {"decision": "not-adopted", "text": {"en": "Too costly for now."}}
    assert _outcome(api, admin, "demo", "b", rejected).status_code == 200
    published = _status(api, admin, "demo", "outcome")
    assert published.status_code == 200
    assert published.json_body["status"] == "outcome"

    public = api.get("/consultations/demo").json_body
    assert public["status"] == "outcome"
    assert {o["id"]: o["outcome"] for o in public["options"]} == {"a": OUTCOME, "b": rejected}
    assert api.get("/consultations/demo/options/b").json_body["outcome"] == rejected
    assert api.comment().status_code == 409
    assert _status(api, admin, "demo", "closed").status_code == 409  # no way back

    actions = [
        e["action"] for e in call(api, "GET", "/staff/audit?cid=demo", admin).json_body["items"]
    ]
    assert actions[:4] == [
        "consultation.outcome",
        "option.outcome",
        "option.outcome",
        "consultation.closed",
    ]


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"decision": "maybe", "text": {"en": "?"}}, 422, "decision"),
        ({"decision": "adopted", "text": {}}, 422, "text"),
        ({"decision": "adopted"}, 422, "text"),
        ({"decision": "adopted", "text": {"EN!": "x"}}, 422, "text"),  # not a language tag
    ],
)
def test_outcome_input_is_checked(api, staff_keys, seed_consultation, body, status, field):
    seed_consultation("decided", status="closed")
    response = _outcome(api, mint(staff_keys, "admin"), "decided", "a", body)
    assert response.status_code == status, response.json_body
    assert response.json_body["error"]["field"] == field


def test_an_option_changes_only_until_residents_answer_it_then_is_superseded(api, staff_keys):
    admin = mint(staff_keys, "admin")
    changed = call(api, "PUT", "/staff/consultations/demo/options/b", admin, ROUTE_B)
    assert changed.status_code == 200, changed.json_body
    assert [f["id"] for f in changed.json_body["plan"]["features"]] == ["stop-1"]
    assert api.get("/consultations/demo/options/b").json_body["title"] == ROUTE_B["title"]

    mismatched = call(
        api, "PUT", "/staff/consultations/demo/options/b", admin, {**ROUTE_B, "id": "z"}
    )
    assert mismatched.status_code == 422
    assert mismatched.json_body["error"]["field"] == "id"

    assert api.comment(option_id="b", text="Shorter is better.").status_code == 201
    frozen = call(api, "PUT", "/staff/consultations/demo/options/b", admin, ROUTE_B)
    assert frozen.status_code == 409
    message = frozen.json_body["error"]["message"]
    assert "already has 1 submission" in message and '"supersedes": "b"' in message

    successor = call(
        api,
        "POST",
        "/staff/consultations/demo/options",
        admin,
        {**ROUTE_B, "id": "b2", "supersedes": "b"},
    )
    assert successor.status_code == 201, successor.json_body
    options = {o["id"]: o for o in api.get("/consultations/demo").json_body["options"]}
    assert options["b"]["superseded_by"] == "b2"
    assert options["b2"]["superseded_by"] is None
    refused = api.comment(option_id="b", text="Still here?")
    assert refused.status_code == 409
    assert "comment on 'b2'" in refused.json_body["error"]["message"]
    assert api.comment(option_id="b2", text="Better.").status_code == 201
    again = call(
        api,
        "POST",
        "/staff/consultations/demo/options",
        admin,
        {**ROUTE_B, "id": "b3", "supersedes": "b"},
    )
    assert again.status_code == 409
    assert again.json_body["error"]["field"] == "supersedes"
    # The superseded option's earlier comment stays readable.
    listed = api.get("/consultations/demo/submissions?option=b").json_body["items"]
    assert [s["text"] for s in listed] == ["Shorter is better."]


def test_stats_count_every_state_and_public_counts_only_published(api, staff_keys):
    admin, moderator, analyst = (mint(staff_keys, r) for r in ("admin", "moderator", "analyst"))
    kept = api.comment(stance="support").json_body
    hidden = api.comment(stance="oppose", text="Rude words.").json_body
    withdrawn = api.comment(stance="neutral", text="Never mind.").json_body
    restanced = api.comment(stance="support", text="On second thought.").json_body
    api.comment(option_id="b", text="Route b is fine.")

    hide = call(
        api,
        "POST",
        f"/staff/consultations/demo/submissions/{hidden['id']}/moderation",
        moderator,
        {"action": "hide", "reason": "Abuse."},
    )
    assert hide.status_code == 200
    gone = api.client.http.delete(
        f"/consultations/demo/submissions/{withdrawn['id']}",
        headers={"X-Edit-Token": withdrawn["edit_token"]},
    )
    assert gone.status_code == 204
    edited = api.client.http.patch(
        f"/consultations/demo/submissions/{restanced['id']}",
        headers={"X-Edit-Token": restanced["edit_token"], "Content-Type": "application/json"},
        body='{"stance": "oppose"}',
    )
    assert edited.status_code == 200

    stats = call(api, "GET", "/staff/consultations/demo/stats", analyst)
    assert stats.status_code == 200
    body = stats.json_body
    assert body["published"] == 3
    assert body["by_state"] == {"published": 3, "pending": 0, "hidden": 1, "withdrawn": 1}
    assert body["by_stance"] == {"support": 1, "oppose": 1, "neutral": 0, "none": 1}
    assert body["by_kind"] == {"comment": 3, "alternative": 0}
    assert body["by_option"]["a"]["published"] == 2
    assert body["by_option"]["b"]["by_state"]["published"] == 1
    assert {
        "option_id": "a",
        "kind": "comment",
        "stance": "oppose",
        "state": "hidden",
        "count": 1,
    } in body["rows"]
    today = datetime.now(UTC).date().isoformat()  # every state counts: 5 were received
    assert body["by_day"] == [{"date": today, "submissions": 5}]

    counts = {o["id"]: o["counts"] for o in api.get("/consultations/demo").json_body["options"]}
    assert counts == {
        "a": {"comments": 2, "alternatives": 0},
        "b": {"comments": 1, "alternatives": 0},
    }
    assert kept["id"] in [
        s["id"] for s in api.get("/consultations/demo/submissions").json_body["items"]
    ]

    # An analyst reads stats but does not moderate; a moderator does not read stats.
    assert (
        call(
            api,
            "POST",
            f"/staff/consultations/demo/submissions/{kept['id']}/moderation",
            analyst,
            {"action": "hide", "reason": "x"},
        ).status_code
        == 403
    )
    assert call(api, "GET", "/staff/consultations/demo/stats", moderator).status_code == 403
    assert call(api, "GET", "/staff/consultations/demo/stats", admin).status_code == 200
    assert call(api, "GET", "/staff/consultations/nowhere/stats", admin).status_code == 404


def test_pending_items_count_as_pending_until_approved(api, staff_keys, seed_consultation):
    seed_consultation("careful", moderation="pre")
    moderator = mint(staff_keys, "moderator")
    sid = api.comment(cid="careful", stance="support").json_body["id"]

    def stats():
        return call(
            api, "GET", "/staff/consultations/careful/stats", mint(staff_keys, "analyst")
        ).json_body["by_state"]

    def public_count():
        options = api.get("/consultations/careful").json_body["options"]
        return next(o for o in options if o["id"] == "a")["counts"]["comments"]

    assert stats()["pending"] == 1 and public_count() == 0
    call(
        api,
        "POST",
        f"/staff/consultations/careful/submissions/{sid}/moderation",
        moderator,
        {"action": "approve", "reason": "Fine."},
    )
    assert stats() == {"published": 1, "pending": 0, "hidden": 0, "withdrawn": 0}
    assert public_count() == 1


def test_counters_match_the_items_after_a_random_mix_of_writes(api, staff_keys):
    """Whatever the order of posts, edits, flags, hides, restores and withdrawals, the counters
    equal a count of the items themselves (tests may Scan; the API never does)."""
    from chalicelib.store.models import SubmissionRecord

    moderator = mint(staff_keys, "moderator")
    rng = random.Random(20261123)
    live: list[dict] = []
    for step in range(60):
        action = rng.choice(["post", "post", "edit", "withdraw", "hide", "restore", "flag"])
        if action == "post" or not live:
            posted = api.comment(
                option_id=rng.choice(["a", "b"]),
                stance=rng.choice(["support", "oppose", "neutral", None]),
                text=f"Comment {step}",
            ).json_body
            live.append(posted)
            continue
        target = rng.choice(live)
        path = f"/consultations/demo/submissions/{target['id']}"
        if action == "edit":
            api.client.http.patch(
                path,
                headers={"X-Edit-Token": target["edit_token"], "Content-Type": "application/json"},
                body=f'{{"stance": "{rng.choice(["support", "oppose", "neutral"])}"}}',
            )
        elif action == "withdraw":
            api.client.http.delete(path, headers={"X-Edit-Token": target["edit_token"]})
            live.remove(target)
        elif action in ("hide", "restore"):
            call(
                api,
                "POST",
                f"/staff/consultations/demo/submissions/{target['id']}/moderation",
                moderator,
                {"action": action, "reason": "Test."},
            )
        else:
            for _ in range(3):
                resident = api.post("/residents", {}).json_body["token"]
                api.client.http.post(
                    f"{path}/flags",
                    headers={"X-Resident-Token": resident, "Content-Type": "application/json"},
                    body='{"reason": "spam"}',
                )

    truth: dict[tuple[str, str, str], int] = {}
    for record in SubmissionRecord.scan(SubmissionRecord.sk == "submission"):
        key = (record.oid, record.stance or "none", record.status)
        truth[key] = truth.get(key, 0) + 1
    rows = call(
        api, "GET", "/staff/consultations/demo/stats", mint(staff_keys, "analyst")
    ).json_body["rows"]
    counted = {(r["option_id"], r["stance"], r["state"]): r["count"] for r in rows}
    assert counted == truth
    assert sum(truth.values()) > 12
    assert {state for _, _, state in truth} >= {"published", "hidden", "withdrawn"}


def _lines(count: int, vertices: int, seed: int) -> dict:
    rng = random.Random(seed)
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": f"line-{i}",
                "geometry": {
                    "type": "LineString",
                    "coordinates": [
                        [174.7 + rng.random() / 10, -36.9 + rng.random() / 10]
                        for _ in range(vertices)
                    ],
                },
                "properties": {},
            }
            for i in range(count)
        ],
    }


def test_a_plan_too_big_to_store_gets_a_422_not_a_500(api, staff_keys):
    body = {**ROUTE_B, "id": "huge", "geojson": _lines(50, 1999, seed=1)}  # 99,950 positions
    response = call(
        api, "POST", "/staff/consultations/demo/options", mint(staff_keys, "admin"), body
    )
    assert response.status_code == 422, response.json_body
    assert response.json_body["error"]["field"] == "geojson"
    assert "Simplify its geometry" in response.json_body["error"]["message"]


def test_replacing_a_large_plan_is_audited_by_fingerprint(api, staff_keys):
    admin = mint(staff_keys, "admin")
    large = {**ROUTE_B, "geojson": _lines(7, 1999, seed=2)}  # ~215 KB stored: fits, once
    assert call(api, "PUT", "/staff/consultations/demo/options/b", admin, large).status_code == 200
    larger = {**ROUTE_B, "geojson": _lines(7, 1999, seed=3)}
    replaced = call(api, "PUT", "/staff/consultations/demo/options/b", admin, larger)
    assert replaced.status_code == 200, replaced.json_body
    entry = call(api, "GET", "/staff/audit?cid=demo&limit=1", admin).json_body["items"][0]
    assert entry["action"] == "option.update"
    assert "plan" not in entry["after"]
    assert entry["before"]["plan_sha256"] != entry["after"]["plan_sha256"]
