"""The inputs independent fuzzing found wrong (issue 10), each with the status it must get, and
nothing stored by any of them. Messages say the rule in words: no regex, no Python internals."""

from __future__ import annotations

import json
import time
from typing import Any

import boto3
import jwt
import pytest

from chalicelib.local import staff_keys as local_keys

NO_PLAN = {"option_id": "a", "kind": "comment", "text": "ok"}
MAP = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "id": "stop-1",
            "geometry": {"type": "Point", "coordinates": [174.75, -36.87]},
            "properties": {},
        }
    ],
}
OPTION = {"id": "c", "title": {"en": "Option C"}, "kind": "map", "geojson": MAP}
CONSULTATION = {"id": "k-road", "title": {"en": "Karangahape Road"}}
# Bodies are sent as given (a str is sent raw, so numbers can be longer than Python prints).
CASES: list[tuple[str, str, str, Any, int, str | None]] = [
    # method, path, who ("public", "admin"), body, status, field
    # lone surrogates in staff texts (were 500) and public ones
    ("POST", "/staff/consultations", "admin", {**CONSULTATION, "title": {"en": "\ud800"}}, 422,
     "title.en"),
    ("POST", "/staff/consultations", "admin",
     {**CONSULTATION, "summary": {"en": "a\udfffb"}}, 422, "summary.en"),
    ("PUT", "/staff/consultations/demo", "admin", {"title": {"en": "\ud800"}}, 422, "title.en"),
    ("POST", "/staff/consultations/demo/options", "admin",
     {**OPTION, "title": {"en": "\ud800"}}, 422, "title.en"),
    ("POST", "/consultations/demo/submissions", "public", {**NO_PLAN, "text": "\ud800"}, 422,
     "text"),
    # NUL and other control characters; text made only of invisible characters
    ("POST", "/staff/consultations", "admin", {**CONSULTATION, "title": {"en": "a\x00"}}, 422,
     "title.en"),
    ("POST", "/staff/consultations/demo/options", "admin",
     {**OPTION, "title": {"en": "one\ntwo"}}, 422, "title.en"),
    ("POST", "/consultations/demo/submissions", "public", {**NO_PLAN, "text": "\u200b\u200b"},
     422, "text"),
    ("POST", "/consultations/demo/submissions", "public", {**NO_PLAN, "text": "\ufeff \u2060"},
     422, "text"),
    ("PUT", "/staff/consultations/demo/options/a/outcome", "admin",
     {"decision": "adopted", "text": {"en": "\u200b"}}, 422, "text.en"),
    # email
    ("POST", "/consultations/demo/submissions", "public", {**NO_PLAN, "email": "a\u0000@b.co"},
     422, "email"),
    ("POST", "/consultations/demo/submissions", "public", {**NO_PLAN, "email": "not-an-address"},
     422, "email"),
    ("POST", "/consultations/demo/submissions", "public", {**NO_PLAN, "email": "a@localhost"},
     422, "email"),
    # numbers too long for any field (were 400 with Python's sys.set_int_max_str_digits text)
    ("POST", "/consultations/demo/submissions", "public",
     '{"option_id": "a", "kind": "comment", "text": "ok", "point": ' + "7" * 5000 + "}", 422,
     "point"),
    ("POST", "/consultations/demo/submissions", "public",
     '{"option_id": "a", "kind": "alternative", "text": "ok", "plan": {"width": 1.'
     + "5" * 5000 + "}}", 422, "plan.width"),
    # the 64 KB limit is not bypassed by "plan": null (was 201)
    ("POST", "/consultations/demo/submissions", "public",
     {**NO_PLAN, "plan": None, "website": "x" * 150_000}, 413, None),
    # what the published schema now forbids too
    ("POST", "/consultations/demo/submissions", "public",
     {"option_id": "a", "kind": "alternative", "text": "no plan"}, 422, "plan"),
    ("POST", "/consultations/demo/submissions", "public", {**NO_PLAN, "plan": {"segments": []}},
     422, "plan"),
    ("POST", "/staff/consultations", "admin", {**CONSULTATION, "title": {}}, 422, "title"),
    ("POST", "/staff/consultations", "admin", {**CONSULTATION, "title": {"English": "x"}}, 422,
     "title"),
    ("POST", "/staff/consultations", "admin", {**CONSULTATION, "id": "Not A Slug"}, 422, "id"),
    ("POST", "/staff/consultations", "admin",
     {**CONSULTATION, "opens_at": "2027-02-01T00:00:00Z", "closes_at": "2027-01-01T00:00:00Z"},
     422, "closes_at"),
    ("POST", "/staff/consultations/demo/options", "admin", {**OPTION, "plan": {"width": 10}},
     422, "plan"),
    ("POST", "/staff/consultations/demo/options", "admin",
     {key: value for key, value in OPTION.items() if key != "geojson"}, 422, "plan"),
    ("POST", "/staff/consultations/demo/options", "admin", {**OPTION, "kind": "section"}, 422,
     "kind"),
    ("POST", "/staff/consultations/demo/options", "admin", {**OPTION, "supersedes": "B"}, 422,
     "supersedes"),
    ("PUT", "/staff/consultations/demo/options/a", "admin", {**OPTION, "id": "b"}, 422, "id"),
    ("GET", "/consultations/demo/submissions?element=west-trees", "public", None, 422, "element"),
    ("GET", "/consultations/demo/submissions?cursor=made-up", "public", None, 422, "cursor"),
    ("PUT", "/staff/consultations/demo", "admin", {"closes_at": "2000-01-01T00:00:00Z"}, 422,
     "closes_at"),
]  # fmt: skip

INTERNALS = ("String should", "Input should", "pattern", "set_int_max_str_digits", "^", "\\",
             "Value error", "regex", "dict_type", "Field required")  # fmt: skip


def _snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every item of every table (tests may Scan; request paths never do)."""
    client = boto3.client("dynamodb")
    tables = {}
    for name in client.list_tables()["TableNames"]:
        items = client.scan(TableName=name)["Items"]
        tables[name] = sorted(
            items, key=lambda item: json.dumps(item, sort_keys=True, default=repr)
        )
    return tables


def _send(api, method: str, path: str, token: str | None, body: Any) -> Any:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = body if isinstance(body, str) or body is None else json.dumps(body)
    return getattr(api.client.http, method.lower())(path, headers=headers, body=data)


@pytest.fixture
def admin(staff_keys) -> str:
    return local_keys.mint(["admin"], directory=staff_keys)


@pytest.mark.parametrize(("method", "path", "who", "body", "status", "field"), CASES)
def test_each_input_gets_its_status_and_stores_nothing(
    api, admin, method, path, who, body, status, field
):
    before = _snapshot()
    response = _send(api, method, path, admin if who == "admin" else None, body)
    assert response.status_code == status, response.json_body
    error = response.json_body["error"]
    assert error["field"] == field, error
    for internal in INTERNALS:
        assert internal not in error["message"], error["message"]
    assert _snapshot() == before


def test_a_staff_token_valid_for_ever_gets_401(api, staff_keys):
    claims = {
        "sub": "x",
        "iss": local_keys.ISSUER,
        "aud": local_keys.AUDIENCE,
        "iat": int(time.time()),
        "exp": 10**20,
        "cognito:groups": ["admin"],
    }
    kid = json.loads(local_keys.ensure_keys(staff_keys).read_text())["keys"][0]["kid"]
    key = (staff_keys / "staff-signing-key.pem").read_bytes()
    token = jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})
    before = _snapshot()
    response = _send(api, "POST", "/staff/consultations", token, CONSULTATION)
    assert response.status_code == 401
    assert "24 hours" in response.json_body["error"]["message"]
    assert _snapshot() == before


def test_a_body_is_read_as_json_without_content_type_and_refused_with_another(api):
    """What the README says: no Content-Type reads as JSON; another type gets 415."""
    body = json.dumps({"option_id": "a", "kind": "comment", "text": "Shade, please."})
    path = "/consultations/demo/submissions"
    assert api.client.http.post(path, headers={}, body=body).status_code == 201
    before = _snapshot()
    other = api.client.http.post(path, headers={"Content-Type": "text/plain"}, body=body)
    assert other.status_code == 415
    assert other.json_body["error"]["code"] == "unsupported_media_type"
    assert _snapshot() == before
