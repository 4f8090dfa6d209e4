"""Attacks on secrets and caching over the live local stack (issue 20, items 3–7), each one
that succeeded before the fix (the evidence is in the branch's report):

- another resident's idempotency replay: B sends A's body and `Idempotency-Key` and got A's
  answer, A's `edit_token` with it, then edited A's submission;
- secrets in the tables: edit tokens and resident tokens in the idempotency table's remembered
  answers, contact emails in clear in the contacts table;
- a cacheable personal answer: no `Cache-Control` on a resident's own data;
- a SigV2 report link: checked on the link the live stack gives (the unit test
  tests/unit/test_report_links.py shows botocore's own default is SigV2).

The listing over 6 MB is shown at API level (tests/api/test_listing_size.py: 100 alternatives of
the largest size at `limit=100`), where it runs in seconds rather than minutes.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.e2e.stack import call
from tests.support.stored import everything_stored

COMMENT = {"option_id": "a", "kind": "comment", "text": "Keep the street trees, please."}
CONTACT = "attack.contact@example.net"


@pytest.fixture(scope="module")
def api(module_stack) -> str:
    return module_stack.api


def _resident(api: str, **headers: str) -> str:
    status, body = call("POST", f"{api}/residents", {}, headers)
    assert status == 201, body
    return body["token"]


def _headers(url: str, headers: dict[str, str] | None = None) -> dict[str, str]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return dict(response.headers)
    except urllib.error.HTTPError as error:
        return dict(error.headers)


def test_another_residents_idempotency_replay_gets_nothing_of_theirs(api):
    a, b = _resident(api), _resident(api)
    key = "attack-replay-key-0001"
    path = f"{api}/consultations/demo/submissions"
    status, mine = call("POST", path, COMMENT, {"X-Resident-Token": a, "Idempotency-Key": key})
    assert status == 201
    status, theirs = call("POST", path, COMMENT, {"X-Resident-Token": b, "Idempotency-Key": key})
    assert status == 201
    assert theirs["id"] != mine["id"] and theirs["edit_token"] != mine["edit_token"]
    # B cannot edit A's submission with what B got.
    status, _ = call(
        "PATCH",
        f"{path}/{mine['id']}",
        {"text": "Remove the trees."},
        {"X-Edit-Token": theirs["edit_token"]},
    )
    assert status == 403
    # A's own retry still gets A's answer, edit token and all.
    status, again = call("POST", path, COMMENT, {"X-Resident-Token": a, "Idempotency-Key": key})
    assert (status, again) == (201, mine)


def test_no_token_or_email_is_stored_in_clear(api, module_stack):
    keyed = _resident(api, **{"Idempotency-Key": "attack-resident-key-01"})
    path = f"{api}/consultations/demo/submissions"
    sent = {"X-Resident-Token": keyed, "Idempotency-Key": "attack-submission-01"}
    status, made = call("POST", path, {**COMMENT, "email": CONTACT}, sent)
    assert status == 201
    status, _ = call(
        "POST",
        f"{path}/{made['id']}/flags",
        {"reason": "spam"},
        {"X-Resident-Token": keyed, "Idempotency-Key": "attack-flag-000001"},
    )
    assert status in (200, 201)
    status, anonymous = call("POST", path, {**COMMENT, "email": CONTACT})  # no resident
    assert status == 201
    stored = everything_stored(module_stack.aws)
    assert any("idempotency" in where for where in stored)
    secrets = (keyed, made["edit_token"], anonymous["edit_token"], CONTACT)
    found = [
        f"{secret[:6]}… in {where}"
        for where, text in stored.items()
        for secret in secrets
        if secret.lower() in text.lower()
    ]
    assert found == []


def test_personal_answers_are_never_cacheable_and_public_ones_vary_on_tokens(api):
    resident = _resident(api)
    mine = _headers(f"{api}/consultations/demo/residents/me", {"X-Resident-Token": resident})
    assert mine["Cache-Control"] == "no-store" and mine["X-Content-Type-Options"] == "nosniff"
    refused = _headers(f"{api}/consultations/demo/residents/me")  # 401
    assert refused["Cache-Control"] == "no-store"
    status, made = call("POST", f"{api}/consultations/demo/submissions", COMMENT)
    assert status == 201
    own = f"{api}/consultations/demo/submissions/{made['id']}"
    assert _headers(own, {"X-Edit-Token": made["edit_token"]})["Cache-Control"] == "no-store"
    public = _headers(own)
    assert public["Cache-Control"].startswith("public, max-age=")
    assert {"X-Edit-Token", "X-Resident-Token", "Authorization"} <= {
        name.strip() for name in public["Vary"].split(",")
    }
    nowhere = _headers(f"{api}/no/such/route")  # the local gateway's own answer
    assert nowhere["Cache-Control"] == "no-store" and nowhere["X-Content-Type-Options"] == "nosniff"


def test_the_report_links_the_stack_gives_are_sigv4(api, module_stack):
    done = module_stack.cli("consolidate", "demo")
    assert done.returncode == 0, done.stderr
    token = module_stack.cli("staff-token", "--role", "analyst").stdout.strip()
    status, listed = call(
        "GET",
        f"{api}/staff/consultations/demo/reports",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert status == 200, listed
    urls = [entry["url"] for run in listed["items"] for entry in run["files"]]
    assert urls
    for url in urls:
        query = parse_qs(urlsplit(url).query)
        assert query.get("X-Amz-Algorithm") == ["AWS4-HMAC-SHA256"], url
        assert not {"Signature", "AWSAccessKeyId", "Expires"} & set(query), url
    assert json.dumps(listed)  # the listing itself is JSON, not a leaked error page
