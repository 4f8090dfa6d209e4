"""Flags (issue 20): counted per source as well as per token, an hourly per-source limit in
the flag's own transaction, an approved item never held again, a closed consultation's record
never changed by flags, and the queue showing each item's flag count and reasons."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta

from tests.support.sources import from_source
from tests.support.staff_api import call, mint


def _resident(api) -> str:
    answer = api.post("/residents", {})
    assert answer.status_code == 201, answer.json_body
    return answer.json_body["token"]


def _flag(api, sid: str, token: str, reason: str = "spam", cid: str = "demo"):
    return api.client.http.post(
        f"/consultations/{cid}/submissions/{sid}/flags",
        headers={"X-Resident-Token": token, "Content-Type": "application/json"},
        body=json.dumps({"reason": reason}),
    )


def _flag_from(api, sid: str, n: int, reason: str = "spam", cid: str = "demo"):
    with from_source(f"198.51.100.{n}"):
        answer = _flag(api, sid, _resident(api), reason, cid)
    assert answer.status_code in (200, 201), answer.json_body
    return answer


def _public(api, sid: str, cid: str = "demo") -> int:
    return api.get(f"/consultations/{cid}/submissions/{sid}").status_code


def _queue(api, token: str, cid: str = "demo") -> dict[str, dict]:
    answer = call(api, "GET", f"/staff/consultations/{cid}/moderation?queue=flagged", token)
    assert answer.status_code == 200, answer.json_body
    return {item["id"]: item for item in answer.json_body["items"]}


def test_many_tokens_from_one_source_count_as_one_flag(api, staff_keys):
    sid = api.comment(text="Buy cheap watches").json_body["id"]
    with from_source("203.0.113.9"):
        for _ in range(5):
            assert _flag(api, sid, _resident(api)).status_code == 201
    assert _public(api, sid) == 200
    from chalicelib.store.submissions import get

    assert get("demo", sid).flags == 1  # one source


def test_one_source_has_an_hourly_flag_limit_whatever_the_token(api, monkeypatch):
    from chalicelib import config
    from chalicelib.store.models import ResidentMarkRecord

    limited = dataclasses.replace(config.current(), flags_per_hour=2)
    monkeypatch.setattr(config, "current", lambda: limited)
    sids = [api.comment(text=f"Comment {n}").json_body["id"] for n in range(3)]
    with from_source("203.0.113.10"):
        assert _flag(api, sids[0], _resident(api)).status_code == 201
        assert _flag(api, sids[1], _resident(api)).status_code == 201
        refused = _flag(api, sids[2], _resident(api))
    assert refused.status_code == 429, refused.json_body
    assert "flags" in refused.json_body["error"]["message"]
    assert int(refused.headers["Retry-After"]) > 0
    marks = [m for m in ResidentMarkRecord.scan() if m.sk.startswith("flag#") and sids[2] in m.pk]
    assert marks == []  # refused in the same transaction: no half-write
    with from_source("203.0.113.11"):  # another source still can
        assert _flag(api, sids[2], _resident(api)).status_code == 201


def test_the_queue_shows_each_items_flag_count_and_reasons(api, staff_keys):
    sid = api.comment(text="Call 021 555 0199 for a deal").json_body["id"]
    _flag_from(api, sid, 1, "spam")
    _flag_from(api, sid, 2, "personal-data")
    _flag_from(api, sid, 3, "personal-data")
    assert _public(api, sid) == 404  # three sources hold it
    item = _queue(api, mint(staff_keys, "moderator"))[sid]
    assert item["flags"] == 3
    assert item["flag_reasons"] == {"personal-data": 2, "spam": 1}
    assert item["status"] == "pending" and item["in_review"] is False


def test_an_approved_item_is_never_held_again_only_queued_for_review(api, staff_keys):
    moderator = mint(staff_keys, "moderator")
    sid = api.comment(text="An unpopular but fair view.").json_body["id"]
    for n in (1, 2, 3):
        _flag_from(api, sid, n)
    path = f"/staff/consultations/demo/submissions/{sid}/moderation"
    approved = call(api, "POST", path, moderator, {"action": "approve", "reason": "Fair."})
    assert approved.status_code == 200, approved.json_body
    assert sid not in _queue(api, moderator)
    for n in range(4, 10):
        _flag_from(api, sid, n)
    assert _public(api, sid) == 200
    item = _queue(api, moderator)[sid]
    assert (item["status"], item["in_review"], item["approved"], item["flags"]) == (
        "published",
        True,
        True,
        9,
    )
    # the moderator looks again and keeps it: out of the queue, still public
    again = call(api, "POST", path, moderator, {"action": "approve", "reason": "Still fair."})
    assert again.status_code == 200, again.json_body
    assert sid not in _queue(api, moderator)
    assert _public(api, sid) == 200
    # or hides it: that is a human decision too
    _flag_from(api, sid, 10)
    hidden = call(api, "POST", path, moderator, {"action": "hide", "reason": "On reflection."})
    assert hidden.status_code == 200 and _public(api, sid) == 404


def test_an_edit_after_approval_can_be_held_again(api, staff_keys):
    """Approval is of a version: what the author writes afterwards nobody reviewed."""
    moderator = mint(staff_keys, "moderator")
    created = api.comment(text="Reviewed words.").json_body
    sid = created["id"]
    for n in (1, 2, 3):
        _flag_from(api, sid, n)
    path = f"/staff/consultations/demo/submissions/{sid}/moderation"
    call(api, "POST", path, moderator, {"action": "approve", "reason": "Fine."})
    edited = api.client.http.patch(
        f"/consultations/demo/submissions/{sid}",
        headers={"Content-Type": "application/json", "X-Edit-Token": created["edit_token"]},
        body=json.dumps({"text": "Buy cheap watches now"}),
    )
    assert edited.status_code == 200, edited.json_body
    _flag_from(api, sid, 4)
    assert _public(api, sid) == 404


def test_flags_on_a_closed_consultation_queue_but_never_hide(api, staff_keys, seed_consultation):
    seed_consultation("ending")
    sid = api.comment(cid="ending", text="Part of the final record.").json_body["id"]
    from chalicelib.store import consultations

    closing = consultations.get("ending")
    consultations.save(
        dataclasses.replace(closing, closes_at=datetime.now(UTC) - timedelta(seconds=1))
    )
    consultations.forget_cached()
    for n in (1, 2, 3, 4):
        _flag_from(api, sid, n, cid="ending")
    assert _public(api, sid, "ending") == 200
    item = _queue(api, mint(staff_keys, "moderator"), "ending")[sid]
    assert item["status"] == "published" and item["in_review"] is True
    from chalicelib import config
    from chalicelib.store.counters import read

    counts = read("ending", config.current().submission_shards)
    assert sum(v for k, v in counts.items() if k.endswith("|pending")) == 0
