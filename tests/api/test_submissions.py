"""Posting comments: the happy path, and every way of getting it wrong (4xx, nothing stored)."""

from __future__ import annotations

import json

import pytest

from tests.api.conftest import FUTURE, PAST, stored_submission_count


def test_comment_is_created_and_readable(api):
    response = api.comment(
        text="  Widen the footpath here.  ", element_id="west-footpath", stance="support", point=1.5
    )
    assert response.status_code == 201
    created = response.json_body
    assert set(created) == {"id", "status", "created_at", "edit_token"}
    assert created["status"] == "published"
    assert response.headers["Location"] == f"/consultations/demo/submissions/{created['id']}"

    body = api.get(response.headers["Location"]).json_body
    assert body["text"] == "Widen the footpath here."
    assert body["element_id"] == "west-footpath"
    assert body["option_id"] == "a"
    assert body["stance"] == "support"
    assert body["point"] == 1.5
    assert body["created_at"] == created["created_at"]


def test_comment_on_a_map_point(api):
    response = api.comment(option_id="b", element_id="stop-balmoral", point=[174.7476, -36.8881])
    assert response.status_code == 201
    body = api.get(response.headers["Location"]).json_body
    assert body["point"] == [174.7476, -36.8881]


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"text": ""}, "text", "empty"),
        ({"text": "   \n "}, "text", "empty"),
        ({"text": "x" * 5001}, "text", "5,000"),
        ({"text": 42}, "text", "must be text"),
        ({"text": "bad\x00byte"}, "text", "control"),
        ({"kind": "rant"}, "kind", "comment"),
        ({"stance": "maybe"}, "stance", "support"),
        ({"option_id": "B C"}, "option_id", "lowercase letters, digits and hyphens"),
        ({"element_id": "has spaces"}, "element_id", "letters, digits, '_'"),
        ({"point": "here"}, "point", "longitude"),
        ({"point": [1, 2, 3]}, "point", "longitude"),
        ({"point": True}, "point", "longitude"),
        ({"point": 99}, "point", "outside the street"),
        ({"point": -1}, "point", "outside the street"),
        ({"point": [174.7, -36.9]}, "point", "distance in metres"),
        ({"option_id": "b", "point": 3}, "point", "[longitude, latitude]"),
        ({"option_id": "b", "point": [200, 0]}, "point[0]", "Longitude"),
        ({"option_id": "b", "point": [0, 95]}, "point[1]", "Latitude"),
        ({"colour": "red"}, "colour", "not a field"),
    ],
)
def test_invalid_fields_get_422_naming_the_field(api, fields, field, words):
    response = api.comment(**fields)
    assert response.status_code == 422, response.json_body
    error = response.json_body["error"]
    assert error["code"] == "invalid_field"
    assert error["field"] == field
    assert words in error["message"]
    assert stored_submission_count() == 0


def test_missing_fields_are_all_listed(api):
    response = api.post("/consultations/demo/submissions", {"kind": "comment"})
    assert response.status_code == 422
    error = response.json_body["error"]
    assert error["message"] == "option_id is required."
    assert {d["field"] for d in error["details"]} == {"option_id", "text"}


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("{not json", "not valid JSON"),
        ("", "empty"),
        ('{"text": NaN}', "not valid JSON"),
        ("[" * 5000 + "]" * 5000, "not valid JSON"),
    ],
)
def test_unreadable_bodies_get_400(api, raw, words):
    response = api.post("/consultations/demo/submissions", raw=raw)
    assert response.status_code == 400
    assert response.json_body["error"]["code"] == "invalid_json"
    assert words in response.json_body["error"]["message"]
    assert stored_submission_count() == 0


def test_a_body_that_is_not_an_object_gets_422(api):
    response = api.post("/consultations/demo/submissions", ["a", "list"])
    assert response.status_code == 422
    assert "JSON object" in response.json_body["error"]["message"]


def test_body_over_64_kb_gets_413(api):
    body = {"option_id": "a", "kind": "comment", "text": "x" * 70_000}
    response = api.post("/consultations/demo/submissions", body)
    assert response.status_code == 413
    assert response.json_body["error"]["code"] == "payload_too_large"
    assert stored_submission_count() == 0


def test_wrong_content_type_gets_415_in_our_error_shape(api):
    response = api.post("/consultations/demo/submissions", raw="hello", content_type="text/plain")
    assert response.status_code == 415
    assert "application/json" in response.json_body["error"]["message"]


def test_unknown_option_and_element_get_404(api):
    response = api.comment(option_id="z")
    assert response.status_code == 404
    assert response.json_body["error"]["field"] == "option_id"
    response = api.comment(element_id="monorail")
    assert response.status_code == 404
    assert response.json_body["error"]["field"] == "element_id"
    assert "monorail" in response.json_body["error"]["message"]
    # a feature id of map option b is not a segment of section option a
    assert api.comment(element_id="stop-balmoral").status_code == 404
    assert api.comment(cid="nowhere").status_code == 404
    assert stored_submission_count() == 0


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"status": "closed"}, "closed"),
        ({"status": "open", "closes_at": PAST}, "closed"),
        ({"status": "open", "opens_at": FUTURE, "closes_at": FUTURE}, "opens on"),
    ],
)
def test_consultation_not_open_gets_409(api, seed_consultation, changes, words):
    seed_consultation("not-now", **changes)
    response = api.comment(cid="not-now")
    assert response.status_code == 409
    assert response.json_body["error"]["code"] == "consultation_not_open"
    assert words in response.json_body["error"]["message"]
    assert stored_submission_count() == 0


def test_pre_moderated_comment_waits_out_of_sight(api, seed_consultation):
    seed_consultation("careful", moderation="pre")
    response = api.comment(cid="careful")
    assert response.status_code == 201
    assert response.json_body["status"] == "pending"
    assert api.get(response.headers["Location"]).status_code == 404
    assert api.get("/consultations/careful/submissions").json_body["items"] == []
    assert stored_submission_count() == 1


def test_unexpected_failure_is_500_in_our_shape_and_logged(api, monkeypatch, log_lines):
    from chalicelib.services import submissions

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(submissions, "submit", broken)
    response = api.comment()
    assert response.status_code == 500
    assert response.json_body["error"]["code"] == "internal_error"
    assert "disk on fire" not in json.dumps(response.json_body)
    errors = [line for line in log_lines if line["level"] == "ERROR"]
    assert "disk on fire" in errors[0]["exception"]


def test_logs_carry_a_correlation_id_and_no_resident_words(api, log_lines):
    secret = "my-neighbour-at-12-Example-St"
    response = api.comment(text=secret)
    assert response.status_code == 201
    request_lines = [line for line in log_lines if line.get("message") == "request"]
    assert request_lines[-1]["status"] == 201
    assert request_lines[-1]["correlation_id"] == response.headers["X-Correlation-Id"]
    assert all(secret not in json.dumps(line) for line in log_lines)
