"""Idempotency keys belong to the caller who sent them, and no stored answer holds a secret.

Attack (issue 20, item 3): resident B sends resident A's body with A's `Idempotency-Key`. B must
not get A's answer (A's `edit_token`, or "flagged: true" for a flag B never made): the key is
scoped to a keyed hash of the resident token (else of the source). Item 4: the idempotency table
keeps each keyed answer, so an edit token or resident token stored there would outlive the
request (and an erasure, and sit in backups): secrets are re-derived on replay, never stored.
"""

from __future__ import annotations

import json

import boto3
import pytest

from chalicelib import config

COMMENT = {"option_id": "a", "kind": "comment", "text": "Keep the plane trees."}
SUBMIT = "/consultations/demo/submissions"


def _post(api, path: str, body: dict | None, **headers: str):
    sent = {"Content-Type": "application/json", **headers}
    data = None if body is None else json.dumps(body)
    return api.client.http.post(path, headers=sent, body=data)


def _resident(api) -> str:
    return _post(api, "/residents", {}).json_body["token"]


@pytest.fixture
def source(monkeypatch: pytest.MonkeyPatch):
    """Set the caller's source IP (API Gateway's sourceIp) for the next requests."""
    from chalice.local import LambdaEventConverter

    def use(ip: str) -> None:
        monkeypatch.setattr(LambdaEventConverter, "LOCAL_SOURCE_IP", ip)

    return use


def _idempotency_items() -> list[dict]:
    client = boto3.client("dynamodb", region_name=config.current().region)
    return client.scan(TableName=config.current().idempotency_table)["Items"]


def test_another_residents_key_never_replays_their_answer(api):
    a, b = _resident(api), _resident(api)
    key = {"Idempotency-Key": "a-secret-looking-key-0001"}
    first = _post(api, SUBMIT, COMMENT, **{"X-Resident-Token": a}, **key)
    assert first.status_code == 201
    stolen = _post(api, SUBMIT, COMMENT, **{"X-Resident-Token": b}, **key)
    assert stolen.status_code == 201
    assert stolen.json_body["id"] != first.json_body["id"]  # B's own new submission
    assert stolen.json_body["edit_token"] != first.json_body["edit_token"]
    # A's own retry still gets A's first answer, whole.
    again = _post(api, SUBMIT, COMMENT, **{"X-Resident-Token": a}, **key)
    assert again.json_body == first.json_body


def test_another_residents_flag_replay_is_their_own_flag(api):
    author = _post(api, SUBMIT, COMMENT).json_body
    a, b = _resident(api), _resident(api)
    path = f"/consultations/demo/submissions/{author['id']}/flags"
    key = {"Idempotency-Key": "flag-key-of-resident-a"}
    assert _post(api, path, {"reason": "spam"}, **{"X-Resident-Token": a}, **key).status_code < 300
    _post(api, path, {"reason": "spam"}, **{"X-Resident-Token": b}, **key)
    mine = api.get("/consultations/demo/residents/me", **{"X-Resident-Token": b}).json_body
    assert len(mine["flags"]) == 1  # B's flag was really made, not A's answer replayed


def test_without_a_resident_token_the_key_is_scoped_to_the_source(api, source):
    key = {"Idempotency-Key": "anonymous-key-0000001"}
    source("198.51.100.1")
    first = _post(api, SUBMIT, COMMENT, **key).json_body
    source("198.51.100.2")
    other = _post(api, SUBMIT, COMMENT, **key).json_body
    assert other["id"] != first["id"]
    source("198.51.100.1")
    assert _post(api, SUBMIT, COMMENT, **key).json_body == first


def test_no_secret_is_stored_with_a_remembered_answer(api):
    resident = _post(api, "/residents", {}, **{"Idempotency-Key": "resident-key-00001"})
    token = resident.json_body["token"]
    created = _post(
        api,
        "/consultations/demo/submissions",
        COMMENT,
        **{"X-Resident-Token": token, "Idempotency-Key": "submission-key-0001"},
    ).json_body
    stored = json.dumps(_idempotency_items())
    assert len(_idempotency_items()) == 2
    assert created["edit_token"] not in stored
    assert token not in stored
    # ...and the replays still give each caller their secret.
    again = _post(api, "/residents", {}, **{"Idempotency-Key": "resident-key-00001"})
    assert again.json_body["token"] == token
    replayed = _post(
        api,
        "/consultations/demo/submissions",
        COMMENT,
        **{"X-Resident-Token": token, "Idempotency-Key": "submission-key-0001"},
    ).json_body
    assert replayed == created
    sid = created["id"]
    edit = {"X-Edit-Token": replayed["edit_token"], "Content-Type": "application/json"}
    patched = api.client.http.patch(
        f"/consultations/demo/submissions/{sid}", headers=edit, body=json.dumps({"text": "Edited."})
    )
    assert patched.status_code == 200
