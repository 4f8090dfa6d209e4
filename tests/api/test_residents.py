"""Data rights: a resident sees, downloads and erases what they sent to a consultation
(GET/DELETE /consultations/{cid}/residents/me), found by Query on the resident-items index."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from tests.support.sources import from_source

ME = "/consultations/demo/residents/me"


def _http(api: Any, method: str, path: str, body: Any = None, **headers: str) -> Any:
    all_headers = {"Content-Type": "application/json", **headers}
    data = None if body is None else json.dumps(body)
    return getattr(api.client.http, method.lower())(path, headers=all_headers, body=data)


def _token(api: Any) -> str:
    return api.post("/residents", {}).json_body["token"]


def _send(api: Any, token: str | None, cid: str = "demo", **fields: Any) -> Any:
    body = {"option_id": "a", "kind": "comment", "text": "Keep the trees.", **fields}
    headers = {} if token is None else {"X-Resident-Token": token}
    return _http(api, "POST", f"/consultations/{cid}/submissions", body, **headers)


def _as(token: str, **more: str) -> dict[str, str]:
    return {"X-Resident-Token": token, **more}


def _counts(api: Any) -> dict[str, int]:
    options = api.get("/consultations/demo").json_body["options"]
    return next(o for o in options if o["id"] == "a")["counts"]


def test_a_resident_downloads_everything_they_sent_and_never_an_email(api):
    me, other = _token(api), _token(api)
    mine = _send(api, me, email="me@example.org", stance="support").json_body
    plain = _send(api, me, text="A second thought.").json_body
    theirs = _send(api, other, text="Wider footpaths.").json_body
    anonymous = _send(api, None, text="Nobody's.").json_body
    plan = api.get("/consultations/demo/options/a").json_body["plan"]
    narrower = {**plan, "segments": plan["segments"][1:]}
    alternative = _send(api, me, kind="alternative", plan=narrower).json_body
    path = f"/consultations/demo/submissions/{theirs['id']}"
    assert _http(api, "POST", f"{path}/endorsements", **_as(me)).status_code == 201
    flagged = _http(api, "POST", f"{path}/flags", {"reason": "off-topic"}, **_as(me))
    assert flagged.status_code == 201

    answer = _http(api, "GET", ME, **_as(me))
    assert answer.status_code == 200, answer.json_body
    assert answer.headers["Content-Disposition"].startswith('attachment; filename="sayso-demo-')
    assert answer.headers["Content-Disposition"].endswith('.json"')
    document = answer.json_body
    assert "me@example.org" not in answer.body.decode()
    assert document["complete"] is True and document["consultation_id"] == "demo"
    sent = {s["id"]: s for s in document["submissions"]}
    assert set(sent) == {mine["id"], plain["id"], alternative["id"]}  # not others'
    assert sent[alternative["id"]]["plan"]["segments"] == narrower["segments"]
    assert anonymous["id"] not in sent
    assert sent[mine["id"]]["email_on_file"] is True
    assert sent[plain["id"]]["email_on_file"] is False
    assert sent[mine["id"]]["status"] == "published"
    assert sent[mine["id"]]["stance"] == "support"
    assert [e["submission_id"] for e in document["endorsements"]] == [theirs["id"]]
    assert document["flags"] == [
        {"submission_id": theirs["id"], "created_at": document["flags"][0]["created_at"],
         "reason": "off-topic"}
    ]  # fmt: skip
    assert _http(api, "GET", ME, **_as(other)).json_body["submissions"][0]["id"] == theirs["id"]


def test_the_download_shows_pending_and_withdrawn_submissions_too(api, seed_consultation):
    seed_consultation("premod", moderation="pre")
    me = _token(api)
    pending = _send(api, me, cid="premod").json_body
    gone = _send(api, me, cid="premod", text="Changed my mind.").json_body
    headers = {"X-Edit-Token": gone["edit_token"]}
    withdrawn = _http(api, "DELETE", f"/consultations/premod/submissions/{gone['id']}", **headers)
    assert withdrawn.status_code == 204
    document = _http(api, "GET", "/consultations/premod/residents/me", **_as(me)).json_body
    by_id = {s["id"]: s for s in document["submissions"]}
    assert by_id[pending["id"]]["status"] == "pending"
    assert by_id[gone["id"]]["status"] == "withdrawn"
    assert by_id[gone["id"]]["text"] == ""


def test_a_forged_resident_token_is_refused_and_nothing_is_stored(api):
    from tests.api.conftest import stored_submission_count

    forged = _token(api)[:-4] + "AAAA"
    answer = _send(api, forged)
    assert answer.status_code == 401
    assert answer.json_body["error"]["field"] == "X-Resident-Token"
    assert stored_submission_count() == 0
    for method in ("GET", "DELETE"):
        assert _http(api, method, ME, **_as(forged)).status_code == 401
        assert _http(api, method, ME).status_code == 401
    assert (
        _http(api, "GET", "/consultations/nowhere/residents/me", **_as(_token(api))).status_code
        == 404
    )


def test_erasing_withdraws_and_takes_back_everything_exactly_once(api):
    me, other = _token(api), _token(api)
    mine = _send(api, me, email="me@example.org", stance="oppose").json_body
    theirs = _send(api, other, text="Wider footpaths.").json_body
    path = f"/consultations/demo/submissions/{theirs['id']}"
    _http(api, "POST", f"{path}/endorsements", **_as(me))
    _http(api, "POST", f"{path}/endorsements", **_as(other))
    _http(api, "POST", f"{path}/flags", {"reason": "spam"}, **_as(me))
    assert _counts(api) == {"comments": 2, "alternatives": 0}

    erased = _http(api, "DELETE", ME, **_as(me))
    assert erased.status_code == 200, erased.json_body
    assert erased.json_body == {
        "withdrawn": 1, "endorsements_removed": 1, "flags_removed": 1, "done": True
    }  # fmt: skip
    assert _counts(api) == {"comments": 1, "alternatives": 0}
    assert api.get(f"/consultations/demo/submissions/{mine['id']}").status_code == 404
    kept = api.get(path).json_body
    assert kept["endorsements"] == 1  # the other resident's
    from chalicelib.store.models import ContactRecord, SubmissionRecord

    assert ContactRecord.count() == 0
    stored = SubmissionRecord.get(f"demo#{theirs['id']}", "submission")
    assert stored.flags == 0 and not stored.flagged_by
    assert _http(api, "GET", ME, **_as(me)).json_body["submissions"] == []
    assert _http(api, "GET", ME, **_as(me)).json_body["endorsements"] == []
    again = _http(api, "DELETE", ME, **_as(me))
    assert again.status_code == 200
    assert again.json_body == {
        "withdrawn": 0, "endorsements_removed": 0, "flags_removed": 0, "done": True
    }  # fmt: skip
    assert _http(api, "GET", ME, **_as(other)).json_body["submissions"][0]["id"] == theirs["id"]
    # and the counters still reconcile with the items
    from chalicelib.services.counts import verify

    assert verify("demo").ok


def test_erasure_replays_under_its_idempotency_key(api):
    me = _token(api)
    _send(api, me)
    first = _http(api, "DELETE", ME, **_as(me, **{"Idempotency-Key": "erase-key-1"}))
    replay = _http(api, "DELETE", ME, **_as(me, **{"Idempotency-Key": "erase-key-1"}))
    assert first.status_code == replay.status_code == 200
    assert first.json_body == replay.json_body
    assert first.json_body["withdrawn"] == 1
    bad = _http(api, "DELETE", ME, **_as(me, **{"Idempotency-Key": "x"}))
    assert bad.status_code == 422


def test_erasure_works_after_the_consultation_closed(api, seed_consultation):
    from chalicelib.store import consultations

    me = _token(api)
    sid = _send(api, me).json_body["id"]
    consultation = consultations.get("demo")
    consultations.save(dataclasses.replace(consultation, status="closed"))
    consultations.forget_cached()
    erased = _http(api, "DELETE", ME, **_as(me))
    assert erased.status_code == 200 and erased.json_body["withdrawn"] == 1
    assert api.get(f"/consultations/demo/submissions/{sid}").status_code == 404


def test_an_erasure_is_bounded_per_call_and_says_when_it_is_done(api, monkeypatch):
    from chalicelib.services import rights

    monkeypatch.setattr(rights, "ERASE_MAX_ITEMS", 2)
    me = _token(api)
    for n in range(3):
        _send(api, me, text=f"idea {n}")
    first = _http(api, "DELETE", ME, **_as(me)).json_body
    assert first["withdrawn"] == 2 and first["done"] is False
    second = _http(api, "DELETE", ME, **_as(me)).json_body
    assert second["withdrawn"] == 1 and second["done"] is True
    assert _counts(api) == {"comments": 0, "alternatives": 0}


def test_a_flag_that_held_a_submission_is_taken_back_and_it_stays_with_the_moderators(api):
    from chalicelib.store.models import SubmissionRecord

    sid = _send(api, _token(api)).json_body["id"]
    flaggers = [_token(api) for _ in range(3)]
    for n, token in enumerate(flaggers):  # three sources: flags from one source count once
        path = f"/consultations/demo/submissions/{sid}/flags"
        with from_source(f"198.51.100.{n + 1}"):
            assert _http(api, "POST", path, {"reason": "spam"}, **_as(token)).status_code == 201
    assert SubmissionRecord.get(f"demo#{sid}", "submission").status == "pending"
    erased = _http(api, "DELETE", ME, **_as(flaggers[-1])).json_body
    assert erased["flags_removed"] == 1
    stored = SubmissionRecord.get(f"demo#{sid}", "submission")
    assert stored.status == "pending" and stored.flags == 2
    assert flaggers[-1] not in str(stored.flagged_by)


def test_data_requests_are_rate_limited_per_source(api, monkeypatch):
    from chalicelib import config

    limited = dataclasses.replace(config.current(), submissions_per_hour=2)
    monkeypatch.setattr(config, "current", lambda: limited)
    me = _token(api)
    answers = [_http(api, m, ME, **_as(me)).status_code for m in ("GET", "DELETE", "GET")]
    assert answers == [200, 200, 429]


def test_data_requests_query_and_never_scan(api, dynamodb_calls):
    me = _token(api)
    sid = _send(api, me, email="me@example.org").json_body["id"]
    _http(api, "POST", f"/consultations/demo/submissions/{sid}/endorsements", **_as(me))
    for method in ("GET", "DELETE"):
        dynamodb_calls.clear()
        assert _http(api, method, ME, **_as(me)).status_code == 200
        assert "Scan" not in dynamodb_calls
        assert "Query" in dynamodb_calls, dynamodb_calls
