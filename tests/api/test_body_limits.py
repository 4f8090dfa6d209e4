"""Body limits by what the body is: 256 KB only for an alternative with its plan, else 64 KB.
The size is checked before the model is validated."""

from __future__ import annotations

import json

import pytest

from tests.api.conftest import stored_submission_count

KB = 1024
PADDING = "x" * (150 * KB)  # between the two limits


def _post(api, body):
    return api.post("/consultations/demo/submissions", body)


def _plan(api):
    return api.get("/consultations/demo/options/a").json_body["plan"]


@pytest.mark.parametrize(
    "body",
    [
        {"option_id": "a", "kind": "comment", "text": "hi", "website": PADDING},
        {"option_id": "a", "kind": "comment", "text": "hi", "plan": None, "website": PADDING},
        {"option_id": "a", "kind": "alternative", "text": "hi", "plan": None, "website": PADDING},
        {"option_id": "a", "text": "hi", "plan": None, "website": PADDING},
    ],
    ids=["comment", "comment-plan-null", "alternative-plan-null", "no-kind"],
)
def test_bodies_without_a_plan_are_held_to_64_kb(api, body):
    response = _post(api, body)
    assert response.status_code == 413, response.json_body
    assert "65,536" in response.json_body["error"]["message"]
    assert stored_submission_count() == 0


def test_an_alternative_with_its_plan_may_be_larger(api):
    # The honeypot answers like a stored submission without storing: past the size check.
    body = {"option_id": "a", "kind": "alternative", "text": "hi", "plan": _plan(api)}
    response = _post(api, {**body, "website": PADDING})
    assert response.status_code == 201, response.json_body
    too_big = _post(api, {**body, "website": "x" * (260 * KB)})
    assert too_big.status_code == 413
    assert "262,144" in too_big.json_body["error"]["message"]


def test_a_comment_carrying_a_plan_is_measured_as_a_comment(api):
    body = {"option_id": "a", "kind": "comment", "text": "hi", "plan": _plan(api)}
    assert _post(api, {**body, "website": PADDING}).status_code == 413
    assert _post(api, body).status_code == 422  # small enough: the plan itself is refused


def test_an_edit_is_held_to_64_kb_unless_it_carries_a_plan(api):
    created = api.comment().json_body
    path = f"/consultations/demo/submissions/{created['id']}"
    headers = {"Content-Type": "application/json", "X-Edit-Token": created["edit_token"]}

    def patch(body):
        return api.client.http.patch(path, headers=headers, body=json.dumps(body))

    assert patch({"text": "x" * (150 * KB)}).status_code == 413
    # Past the size check, the plan is refused for what it is: a comment has no plan to edit.
    with_plan = patch({"plan": {**_plan(api), "name": PADDING}})
    assert with_plan.status_code == 422, with_plan.json_body
    assert with_plan.json_body["error"]["field"] == "plan"
