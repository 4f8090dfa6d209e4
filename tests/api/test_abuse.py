"""Idempotency keys, the per-IP rate limit, the honeypot, and DynamoDB round trips per POST."""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta

import pytest

from tests.api.conftest import stored_submission_count


def _post(api, body: dict, key: str | None = None, path: str = "/consultations/demo/submissions"):
    headers = {"Content-Type": "application/json"}
    if key:
        headers["Idempotency-Key"] = key
    return api.client.http.post(path, headers=headers, body=json.dumps(body))


COMMENT = {"option_id": "a", "kind": "comment", "text": "Retry me."}


def test_a_retried_post_gets_the_first_answer_and_stores_one_item(api):
    first = _post(api, COMMENT, key="4f1c2b0e-retry-1")
    again = _post(api, COMMENT, key="4f1c2b0e-retry-1")
    assert first.status_code == again.status_code == 201
    assert again.json_body == first.json_body
    assert stored_submission_count() == 1
    other = _post(api, {**COMMENT, "text": "Something else."}, key="4f1c2b0e-retry-1")
    assert other.status_code == 422
    assert other.json_body["error"]["code"] == "idempotency_key_reused"
    assert _post(api, COMMENT, key="4f1c2b0e-retry-2").json_body["id"] != first.json_body["id"]
    assert stored_submission_count() == 2


def test_a_failed_post_is_not_remembered(api):
    assert _post(api, {**COMMENT, "text": ""}, key="fix-and-retry-1").status_code == 422
    assert _post(api, {**COMMENT, "text": ""}, key="fix-and-retry-1").status_code == 422
    assert stored_submission_count() == 0


def test_malformed_idempotency_key_gets_422(api):
    response = _post(api, COMMENT, key="short")
    assert response.status_code == 422
    assert response.json_body["error"]["field"] == "Idempotency-Key"


@pytest.fixture
def limit_20(monkeypatch):
    from chalicelib import config

    limited = dataclasses.replace(config.current(), submissions_per_hour=20)
    monkeypatch.setattr(config, "current", lambda: limited)


def test_the_21st_submission_in_an_hour_gets_429(api, limit_20):
    for n in range(20):
        assert _post(api, {**COMMENT, "text": f"n{n}"}).status_code == 201
    refused = _post(api, COMMENT)
    assert refused.status_code == 429
    assert refused.json_body["error"]["code"] == "rate_limited"
    assert 0 < int(refused.headers["Retry-After"]) <= 3600
    assert stored_submission_count() == 20
    assert _post(api, COMMENT, path="/consultations/other/submissions").status_code == 404


def test_the_rate_limit_resets_the_next_hour_and_is_per_source(aws, demo, limit_20):
    from chalicelib.services import submissions

    now = submissions.now_ms()
    for n in range(20):
        submissions.submit(
            "demo", kind="comment", option_id="a", text=f"n{n}", source_ip="203.0.113.7", now=now
        )
    with pytest.raises(Exception, match="this hour"):
        submissions.submit(
            "demo", kind="comment", option_id="a", text="more", source_ip="203.0.113.7", now=now
        )
    submissions.submit(
        "demo", kind="comment", option_id="a", text="neighbour", source_ip="203.0.113.8", now=now
    )
    submissions.submit(
        "demo",
        kind="comment",
        option_id="a",
        text="later",
        source_ip="203.0.113.7",
        now=now + timedelta(hours=1),
    )

    from chalicelib.store.models import GuardRecord

    guards = list(GuardRecord.scan())
    assert all("203.0.113" not in g.pk for g in guards), "IPs are stored only as keyed hashes"
    assert all(g.expires_at is not None for g in guards)


def test_honeypot_posts_look_ordinary_but_are_not_stored(api, capsys):
    response = _post(api, {**COMMENT, "website": "http://cheap.example"})
    assert response.status_code == 201
    assert set(response.json_body) == {"id", "status", "created_at", "edit_token"}
    assert stored_submission_count() == 0
    assert "HoneypotCaught" in capsys.readouterr().out
    assert _post(api, {**COMMENT, "option_id": "zz", "website": "x"}).status_code == 404


def test_each_post_makes_at_most_3_dynamodb_round_trips(api, dynamodb_calls):
    _post(api, COMMENT, key="warm-up-key-0")  # a warm container has the option cached
    token = api.post("/residents", {}).json_body["token"]
    sid = _post(api, COMMENT).json_body["id"]
    posts = [
        lambda: _post(api, {}, key="resident-key-1", path="/residents"),
        lambda: _post(api, COMMENT, key="round-trips-1"),
        lambda: _post(api, COMMENT, key="round-trips-1"),  # replay
        lambda: _post(api, COMMENT),
        lambda: api.client.http.post(
            f"/consultations/demo/submissions/{sid}/endorsements",
            headers={"X-Resident-Token": token, "Idempotency-Key": "endorse-key-1"},
        ),
        lambda: api.client.http.post(
            f"/consultations/demo/submissions/{sid}/flags",
            headers={
                "X-Resident-Token": token,
                "Content-Type": "application/json",
                "Idempotency-Key": "flag-key-1",
            },
            body=json.dumps({"reason": "spam"}),
        ),
    ]
    for post in posts:
        dynamodb_calls.clear()
        response = post()
        assert response.status_code in (200, 201), response.json_body
        assert "Scan" not in dynamodb_calls
        assert len(dynamodb_calls) <= 3, dynamodb_calls


@pytest.fixture
def small_limits(monkeypatch):
    from chalicelib import config

    limited = dataclasses.replace(
        config.current(), endorsements_per_hour=3, resident_tokens_per_hour=4
    )
    monkeypatch.setattr(config, "current", lambda: limited)


def test_resident_tokens_and_endorsements_are_limited_per_source(api, small_limits):
    tokens = [api.post("/residents", {}) for _ in range(4)]
    assert [t.status_code for t in tokens] == [201] * 4
    refused = api.post("/residents", {})
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    sids = [_post(api, {**COMMENT, "text": f"idea {n}"}).json_body["id"] for n in range(4)]
    token = tokens[0].json_body["token"]

    def endorse(sid: str):
        return api.client.http.post(
            f"/consultations/demo/submissions/{sid}/endorsements",
            headers={"X-Resident-Token": token},
        )

    assert [endorse(sid).status_code for sid in sids[:3]] == [201, 201, 201]
    assert endorse(sids[3]).status_code == 429
    assert api.get(f"/consultations/demo/submissions/{sids[3]}").json_body["endorsements"] == 0
