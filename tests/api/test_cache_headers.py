"""HTTP caching, from one place (chalicelib/web_headers.py, applied by app.py's middleware):
`Cache-Control: no-store` on every answer that depends on a token or carries personal data
(errors too), a short public `max-age` with `Vary` on the token headers for public GETs, and
`X-Content-Type-Options: nosniff` on every answer.

Attack (issue 20, item 6): a CDN or shared proxy in front of the API caches one resident's
answer (their token, their data export, their pending submission) and gives it to the next.
"""

from __future__ import annotations

import json

from chalicelib.api.routes import OPERATIONS
from chalicelib.web_headers import API_MAX_AGE_SECONDS
from tests.support.staff_api import mint

SID = "01ARZ3NDEKTSV4RRFFQ69G5FAV"
TOKEN_HEADERS = ("Authorization", "X-Edit-Token", "X-Resident-Token")


def _call(api, method: str, path: str, body=None, **headers: str):
    sent = {"Content-Type": "application/json", **headers}
    data = None if body is None else json.dumps(body)
    return getattr(api.client.http, method.lower())(path, headers=sent, body=data)


def _private(answer) -> bool:
    return answer.headers.get("Cache-Control") == "no-store"


def _public(answer) -> bool:
    vary = {part.strip() for part in answer.headers.get("Vary", "").split(",")}
    return answer.headers.get("Cache-Control") == (
        f"public, max-age={API_MAX_AGE_SECONDS}"
    ) and vary >= set(TOKEN_HEADERS)


def test_a_residents_own_answers_are_never_cacheable(api):
    made = _call(api, "POST", "/residents", {})
    assert made.status_code == 201 and _private(made), made.headers
    resident = {"X-Resident-Token": made.json_body["token"]}
    created = _call(
        api,
        "POST",
        "/consultations/demo/submissions",
        {"option_id": "a", "kind": "comment", "text": "Mine."},
        **resident,
    )
    assert _private(created)
    mine = _call(api, "GET", "/consultations/demo/residents/me", **resident)
    assert mine.status_code == 200 and _private(mine), mine.headers
    sid = created.json_body["id"]
    as_author = _call(
        api,
        "GET",
        f"/consultations/demo/submissions/{sid}",
        **{"X-Edit-Token": created.json_body["edit_token"]},
    )
    assert as_author.status_code == 200 and _private(as_author), as_author.headers
    refused = _call(api, "GET", "/consultations/demo/residents/me")  # an error to it too
    assert refused.status_code == 401 and _private(refused)
    # The same submission without a token is public, and says it varies with the tokens.
    public = _call(api, "GET", f"/consultations/demo/submissions/{sid}")
    assert public.status_code == 200 and _public(public), public.headers
    listing = _call(api, "GET", "/consultations/demo/submissions?option=a")
    assert _public(listing), listing.headers


def test_staff_answers_are_never_cacheable(api, staff_keys):
    admin = {"Authorization": f"Bearer {mint(staff_keys, 'admin')}"}
    assert _private(_call(api, "GET", "/staff/consultations", **admin))
    assert _private(_call(api, "GET", "/staff/consultations"))  # 401


def test_a_public_error_is_not_cached(api):
    missing = _call(api, "GET", "/consultations/nowhere")
    assert missing.status_code == 404 and _private(missing)


def test_every_operation_answers_with_nosniff_and_a_cache_policy(api):
    wrong = []
    for operation in OPERATIONS:
        path = operation.path.format(cid="demo", oid="a", sid=SID, rid=SID)
        answer = _call(api, operation.method, path, {} if operation.body else None)
        takes_a_token = operation.is_staff or any(
            header.name in TOKEN_HEADERS for header in operation.headers if header.required
        )
        private = takes_a_token or operation.method != "GET" or answer.status_code >= 300
        if answer.headers.get("X-Content-Type-Options") != "nosniff" or not (
            _private(answer) if private else _private(answer) or _public(answer)
        ):
            wrong.append((operation.operation_id, answer.status_code, answer.headers))
    assert wrong == []
